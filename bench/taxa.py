"""Constant-rate load (wrk2 is not in Debian): an open-loop asyncio client.

Request i is due at t0 + i/rate whether or not earlier ones have answered, and its latency
is counted from that due time, so a stalled server cannot hide behind a slowed client
(coordinated omission). A request is lost when it fails, answers 4xx/5xx, or takes longer
than `limite` seconds.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

Pedido = tuple[str, str, bytes]  # method, path with query, JSON body (b"" for none)


@dataclass
class Taxa:
    nome: str
    alvo_por_s: float
    enviadas: int = 0
    ok: int = 0
    erros: int = 0
    lentas: int = 0
    tipos_de_erro: dict[str, int] = field(default_factory=dict)
    latencias: list[float] = field(default_factory=list)
    segundos: float = 0.0

    @property
    def perdidas(self) -> int:
        return self.erros + self.lentas

    @property
    def por_segundo(self) -> float:
        return self.ok / self.segundos if self.segundos else 0.0

    def percentil(self, p: float) -> float:
        if not self.latencias:
            return 0.0
        ordenadas = sorted(self.latencias)
        return ordenadas[min(len(ordenadas) - 1, int(len(ordenadas) * p / 100))] * 1000


# granian closes a connection that sends no request for 30 s (header_read_timeout): a
# client keeping connections longer than that would count the server's hang-up as a loss.
OCIOSA_MAX_S = 20.0


class _Conexao:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.usada_em = time.monotonic()

    async def pedir(self, host: str, pedido: Pedido) -> int:
        method, path, body = pedido
        head = f"{method} {path} HTTP/1.1\r\nHost: {host}\r\n"
        if body:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + body)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionResetError("server closed the connection")
        length = 0
        fechar = False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection" and "close" in value.lower():
                fechar = True
        if length:
            await self.reader.readexactly(length)
        if fechar:
            raise ConnectionResetError("server closed the connection")
        return int(status_line.split()[1])

    def fechar(self) -> None:
        self.writer.close()


async def taxa_constante(
    nome: str,
    url: str,
    por_segundo: float,
    segundos: float,
    pedido: Callable[[int], Pedido],
    limite: float = 1.0,
    max_conexoes: int = 512,
) -> Taxa:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    resultado = Taxa(nome, por_segundo)
    livres: list[_Conexao] = []
    abertas = 0
    vagas = asyncio.Semaphore(max_conexoes)
    loop = asyncio.get_running_loop()

    async def um(i: int, devido: float) -> None:
        nonlocal abertas
        async with vagas:
            conexao: _Conexao | None = None
            while livres and conexao is None:
                conexao = livres.pop()
                if time.monotonic() - conexao.usada_em > OCIOSA_MAX_S:
                    conexao.fechar()
                    conexao = None
            try:
                if conexao is None:
                    conexao = _Conexao(*await asyncio.open_connection(host, port))
                    abertas += 1
                status = await asyncio.wait_for(conexao.pedir(host, pedido(i)), timeout=10)
            except (
                OSError,
                TimeoutError,
                asyncio.IncompleteReadError,
                ValueError,
                IndexError,
            ) as erro:
                resultado.erros += 1
                tipo = type(erro).__name__
                resultado.tipos_de_erro[tipo] = resultado.tipos_de_erro.get(tipo, 0) + 1
                if conexao is not None:
                    conexao.fechar()
                return
            latencia = loop.time() - devido
            conexao.usada_em = time.monotonic()
            livres.append(conexao)
            resultado.latencias.append(latencia)
            if status >= 400:
                resultado.erros += 1
                tipo = f"HTTP {status}"
                resultado.tipos_de_erro[tipo] = resultado.tipos_de_erro.get(tipo, 0) + 1
            elif latencia > limite:
                resultado.lentas += 1
            else:
                resultado.ok += 1

    inicio = loop.time() + 0.05
    total = int(por_segundo * segundos)
    tarefas = []
    comeco = time.perf_counter()
    for i in range(total):
        devido = inicio + i / por_segundo
        espera = devido - loop.time()
        if espera > 0:
            await asyncio.sleep(espera)
        tarefas.append(asyncio.create_task(um(i, devido)))
        resultado.enviadas += 1
    await asyncio.gather(*tarefas)
    resultado.segundos = time.perf_counter() - comeco
    for conexao in livres:
        conexao.fechar()
    return resultado
