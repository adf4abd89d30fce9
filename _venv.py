"""For the seed's `python app.py` and `python cliente.py`: started by a Python that lacks
our package (the system's, as the seed's README says), they go on in the project's own
environment, the .venv that `make install` (or `make run`) creates next to this file."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import click

VENV = Path(__file__).resolve().parent / ".venv"


def package_main() -> click.Group:
    """`fluxo_caixa.cli.main`, re-running this script under .venv's Python if need be."""
    try:
        from fluxo_caixa.cli import main
    except ModuleNotFoundError:
        python = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
        if python.exists() and Path(sys.prefix).resolve() != VENV.resolve():
            script = str(Path(sys.argv[0]).resolve())
            os.execv(python, [str(python), script, *sys.argv[1:]])  # noqa: S606 - our own .venv
        sys.exit(
            "O ambiente do projeto não está instalado: execute 'make install' (ou 'make run')."
        )
    return main
