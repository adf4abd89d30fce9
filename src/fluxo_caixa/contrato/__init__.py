"""The APIs' response models: what the services answer and the client reads, one definition.

Outside the service packages on purpose: the client imports these, and nothing may
import a service (DESIGN §9).
"""
