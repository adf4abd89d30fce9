"""Fluxo de Caixa: lançamentos e consolidado diário para pequenos comerciantes."""

__version__ = "0.1.0"
