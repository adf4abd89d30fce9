"""A description of the machine and software a benchmark ran on."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from importlib.metadata import version
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from fluxo_caixa.db.engine import make_engine


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.partition(":")[2].strip()
    return platform.processor() or "?"


def _memoria_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


def _disco(path: Path) -> str:
    result = subprocess.run(
        ["df", "--output=source,fstype", str(path)], capture_output=True, text=True, check=False
    )
    linhas = result.stdout.split("\n")
    return " ".join(linhas[1].split()) if len(linhas) > 1 else "?"


def _wrk() -> str:
    result = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    return (result.stdout + result.stderr).split("[")[0].strip() or "?"


def _banco(url: str) -> str:
    if make_url(url).get_backend_name() == "sqlite":
        return f"SQLite {sqlite3.sqlite_version} (WAL, synchronous=FULL)"
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return str(conn.execute(text("SELECT version()")).scalar_one()).split(" on ")[0]
    finally:
        engine.dispose()


def descrever(url: str, directory: Path) -> list[tuple[str, str]]:
    load1, load5, _ = os.getloadavg()
    return [
        ("CPU", f"{_cpu()}, {os.cpu_count()} núcleos"),
        ("Memória", f"{_memoria_gib():.1f} GiB"),
        ("Sistema", f"{platform.system()} {platform.release()}"),
        ("Disco do banco", _disco(directory)),
        ("Carga antes da rodada", f"{load1:.2f} (1 min), {load5:.2f} (5 min)"),
        ("Python", platform.python_version()),
        (
            "Pacotes",
            ", ".join(f"{p} {version(p)}" for p in ("granian", "flask", "sqlalchemy", "pydantic")),
        ),
        ("Banco", _banco(url)),
        ("Gerador de carga", f"{_wrk()} e bench/taxa.py (asyncio), na mesma máquina"),
    ]
