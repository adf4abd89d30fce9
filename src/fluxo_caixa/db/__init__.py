"""Persistence: tables, engines, migrations and the ledger's unit of work."""
