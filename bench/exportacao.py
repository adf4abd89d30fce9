"""One download of an export file, read as fast as the client can, timed and counted."""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

LIMITE_S = 900.0  # a million XLSX rows take minutes on a small machine


@dataclass(frozen=True)
class Download:
    status: int
    segundos: float
    primeiro_byte_s: float
    bytes: int
    linhas: int  # line ends seen (a CSV's header and rows); 0 for a binary file


def baixar(url: str, contar_linhas: bool) -> Download:
    inicio = time.perf_counter()
    total = linhas = 0
    primeiro: float | None = None
    with httpx.stream("GET", url, timeout=LIMITE_S) as resposta:
        for bloco in resposta.iter_raw():  # as received: the first one is the first byte
            if primeiro is None:
                primeiro = time.perf_counter() - inicio
            total += len(bloco)
            if contar_linhas:
                linhas += bloco.count(b"\n")
        status = resposta.status_code
    segundos = time.perf_counter() - inicio
    return Download(status, segundos, primeiro or segundos, total, linhas)
