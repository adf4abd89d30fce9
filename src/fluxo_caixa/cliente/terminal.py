"""The terminal front of the interactive loop: plain prompts, coloured messages."""

from __future__ import annotations

import contextlib

from rich.console import Console

from fluxo_caixa.cliente.api import ApiCliente
from fluxo_caixa.cliente.conexao import Conexao
from fluxo_caixa.cliente.sessao import Sessao

CORES = {"erro": "bold red", "sucesso": "green", "aviso": "yellow"}


def executar(conexao: Conexao) -> int:
    """Run the loop on this terminal; the caller handles a bad address (EntradaInvalida)."""
    # Arrow keys and line editing in input(); absent on some platforms, which is fine.
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401

    console = Console(highlight=False)

    def escrever(texto: str, estilo: str) -> None:
        # soft_wrap: a long message stays one line for the terminal to wrap, never split.
        console.print(texto, style=CORES.get(estilo), markup=False, soft_wrap=True)

    with ApiCliente.de_settings(conexao.settings, timeout=conexao.timeout) as api:
        return Sessao(api, input, escrever).executar()
