"""A PDF's text as poppler's pdftotext reads it (what the accountant's tools will see)."""

from __future__ import annotations

import shutil
import subprocess

from support.requisitos import exigir


def texto_do_pdf(conteudo: bytes) -> str:
    exigir(
        shutil.which("pdftotext") is not None, "pdftotext ausente (apt-get install poppler-utils)"
    )
    feito = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=conteudo, capture_output=True, check=True
    )
    return feito.stdout.decode("utf-8")
