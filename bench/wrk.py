"""Throughput with wrk: Lua scripts per scenario, one JSON summary line back from each run."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

MARK = "BENCH_JSON "
DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '%s{"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, '
    .. '"status": %d, "timeout": %d, "p50_us": %d, "p99_us": %d, "max_us": %d}\\n',
    "BENCH_JSON ", summary.requests, summary.duration, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(99), latency.max))
end
"""
# Each wrk thread has its own Lua state: `id` tells them apart (keys, random seeds).
THREADS = """
local counter = 0
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
init = function(args)
  math.randomseed(os.time() * 100 + (id or 0))
end
"""


def script_post(idempotente: bool, detalhado: bool = False, caixa: str | None = None) -> str:
    """A new movement per request; `detalhado` adds a forma and a categoria of its tipo,
    `caixa` the name of an open caixa."""
    chave = (
        '["Idempotency-Key"] = "bench-" .. id .. "-" .. counter .. "-" .. run,'
        if idempotente
        else ""
    )
    extra = (
        """ .. string.format(', "forma_pagamento": "%s", "categoria": "%s"',
    formas[counter % #formas + 1], (tipo == "entrada") and "Vendas" or "Aluguel")"""
        if detalhado
        else ""
    )
    if caixa is not None:
        extra += f" .. {json.dumps(', ' + json.dumps({'caixa': caixa})[1:-1])}"
    return (
        THREADS
        + f"""
local run = tostring(os.time())
local formas = {{"dinheiro", "pix", "debito", "credito"}}
request = function()
  counter = counter + 1
  local tipo = (counter % 3 == 0) and "saida" or "entrada"
  local body = string.format('{{"tipo": "%s", "valor": "%d.%02d", "descricao": "bench"',
    tipo, counter % 9973 + 1, counter % 100){extra} .. "}}"
  local headers = {{["Content-Type"] = "application/json", {chave}}}
  return wrk.format("POST", "/movimentacao", headers, body)
end
"""
    )


def script_get_id(ultimo_id: int) -> str:
    return (
        THREADS
        + f"""
request = function()
  return wrk.format("GET", "/movimentacao/" .. math.random(1, {ultimo_id}))
end
"""
    )


def script_paths(paths: list[str], headers: dict[str, str] | None = None) -> str:
    """One of `paths` at random per request (days, periods), with `headers`."""
    lista = ",\n".join(json.dumps(p) for p in paths)
    cabecalhos = ", ".join(
        f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in (headers or {}).items()
    )
    return (
        THREADS
        + f"""
local paths = {{
{lista}
}}
local headers = {{{cabecalhos}}}
request = function()
  return wrk.format("GET", paths[math.random(1, #paths)], headers)
end
"""
    )


@dataclass(frozen=True)
class Vazao:
    requisicoes: int
    segundos: float
    erros: int
    p50_ms: float
    p99_ms: float
    max_ms: float

    @property
    def por_segundo(self) -> float:
        return self.requisicoes / self.segundos if self.segundos else 0.0


def disponivel() -> bool:
    return shutil.which("wrk") is not None


def rodar(
    url: str,
    script: str,
    directory: Path,
    nome: str,
    segundos: int,
    conexoes: int,
    threads: int,
) -> Vazao:
    path = directory / f"{nome}.lua"
    path.write_text(script + DONE)
    opcoes = [f"-t{threads}", f"-c{conexoes}", f"-d{segundos}s", "--timeout", "10s"]
    result = subprocess.run(
        ["wrk", *opcoes, "-s", str(path), url],
        capture_output=True,
        text=True,
        timeout=segundos + 120,
        check=False,
    )
    (directory / f"{nome}.wrk.txt").write_text(result.stdout + result.stderr)
    linha = next((x for x in result.stdout.splitlines() if x.startswith(MARK)), None)
    if result.returncode != 0 or linha is None:
        raise RuntimeError(f"wrk falhou ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    dados = json.loads(linha.removeprefix(MARK))
    erros = sum(dados[k] for k in ("connect", "read", "write", "status", "timeout"))
    return Vazao(
        requisicoes=dados["requests"],
        segundos=dados["duration_us"] / 1e6,
        erros=erros,
        p50_ms=dados["p50_us"] / 1000,
        p99_ms=dados["p99_us"] / 1000,
        max_ms=dados["max_us"] / 1000,
    )
