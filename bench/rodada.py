"""One benchmark run: preload, start the services as in production, measure, write RESULTS.md.

python -m bench                                  # SQLite, the embedded default
python -m bench --postgresql URL                 # and PostgreSQL beside it (DROPs our tables)
python -m bench --segundos 5 --taxa-segundos 10  # a quick look, not for the record
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bench import exportacao, maquina, pagina, processos, taxa, wrk
from bench.preload import MOVIMENTOS_DO_RELATORIO, Carga, preload
from fluxo_caixa import server
from fluxo_caixa.config import Settings
from fluxo_caixa.db.engine import make_engine
from fluxo_caixa.db.grupo import MAX_BATCH
from fluxo_caixa.db.tables import lancamento
from fluxo_caixa.web.front import (
    LENDING_THREADS,
    READ_THREADS,
    REQUEST_THREADS,
    SQLITE_REQUEST_THREADS,
)

ROOT = Path(__file__).resolve().parents[1]
TZ = ZoneInfo("America/Sao_Paulo")
RSS_MAXIMO_MB = 150


@dataclass
class Linha:
    """One row of the results table."""

    cenario: str
    por_segundo: float | None  # None: nothing to measure in this version ("—")
    p50_ms: float | None
    p99_ms: float | None
    erros: int
    perdidas: int | None = None
    razao: float | None = None
    rss: str = ""
    rss_max: float = 0.0
    alvo: str = ""
    atingido: bool | None = None
    nota: str = ""


@dataclass
class Resultado:
    banco: str
    carga: Carga
    maquina: list[tuple[str, str]]
    linhas: list[Linha] = field(default_factory=list)
    pendentes: list[str] = field(default_factory=list)


@dataclass
class Opcoes:
    segundos: int
    taxa_segundos: int
    threads: int
    conexoes: int
    movimentos: int
    dias: int


def env_servicos(url: str) -> dict[str, str]:
    """Production settings: nothing but the database; logs at INFO into the run's folder."""
    return {"FLUXO_DATABASE_URL": url, "FLUXO_CONSOLIDADO_DATABASE_URL": ""}


@contextmanager
def servidores(url: str, directory: Path) -> Iterator[dict[str, processos.Servidor]]:
    env = env_servicos(url)
    iniciados: dict[str, processos.Servidor] = {}
    try:
        iniciados["baseline"] = processos.baseline(env, directory)
        iniciados["lancamentos"] = processos.servico(
            "lancamentos", env, directory, "FLUXO_PORT_LANCAMENTOS"
        )
        if "consolidado" in server.SERVICES:
            iniciados["consolidado"] = processos.servico(
                "consolidado", env, directory, "FLUXO_PORT_CONSOLIDADO"
            )
        yield iniciados
    finally:
        for servidor in iniciados.values():
            servidor.parar()


def contar(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(lancamento)).scalar_one())
    finally:
        engine.dispose()


def dias_da_carga(carga: Carga) -> list[date]:
    return [carga.primeiro_dia + timedelta(days=i) for i in range(carga.dias)]


def rodar_banco(url: str, opcoes: Opcoes, directory: Path) -> Resultado:
    nome = "SQLite" if make_url(url).get_backend_name() == "sqlite" else "PostgreSQL"
    print(f"[{nome}] carga de {opcoes.movimentos} movimentos em {opcoes.dias} dias...", flush=True)
    ontem = datetime.now(TZ).date() - timedelta(days=1)
    carga = preload(url, opcoes.movimentos, opcoes.dias, ontem, TZ)
    print(f"[{nome}] carga em {carga.segundos:.1f} s", flush=True)
    resultado = Resultado(nome, carga, maquina.descrever(url, directory))
    dias = dias_da_carga(carga)

    with servidores(url, directory) as srv:
        todos = list(srv.values())

        def vazao(
            nome_cenario: str, servidor: str, caminho: str, script: str
        ) -> tuple[wrk.Vazao, processos.Memoria]:
            print(f"[{nome}] {nome_cenario}...", flush=True)
            with processos.Memoria(todos) as memoria:
                medida = wrk.rodar(
                    srv[servidor].url + caminho,
                    script,
                    directory,
                    f"{nome.lower()}-{nome_cenario.split()[0].lower()}",
                    opcoes.segundos,
                    opcoes.conexoes,
                    opcoes.threads,
                )
            print(
                f"    {medida.por_segundo:.0f} req/s, p50 {medida.p50_ms:.2f} ms, "
                f"p99 {medida.p99_ms:.2f} ms, {medida.erros} erros",
                flush=True,
            )
            return medida, memoria

        base, mem = vazao("baseline", "baseline", "/", "")
        resultado.linhas.append(
            Linha("baseline: Flask mínimo, JSON constante", base.por_segundo, base.p50_ms,
                  base.p99_ms, base.erros, razao=1.0, rss=mem.resumo(), rss_max=mem.maximo())
        )  # fmt: skip

        def linha(
            cenario: str,
            medida: wrk.Vazao,
            memoria: processos.Memoria,
            alvo_razao: float | None,
            alvo_p99: float | None = None,
            nota: str = "",
        ) -> Linha:
            razao = medida.por_segundo / base.por_segundo if base.por_segundo else 0.0
            alvos = []
            atingido: bool | None = None
            if alvo_razao is not None:
                alvos.append(f"≥ {alvo_razao:g}×")
                atingido = razao >= alvo_razao
            if alvo_p99 is not None:
                alvos.append(f"p99 ≤ {alvo_p99:g} ms")
                atingido = bool(atingido) and medida.p99_ms <= alvo_p99
            if alvos:
                alvos.append("0 erros")
                atingido = bool(atingido) and medida.erros == 0
            return Linha(
                cenario, medida.por_segundo, medida.p50_ms, medida.p99_ms, medida.erros,
                razao=razao, rss=memoria.resumo(), rss_max=memoria.maximo(),
                alvo=", ".join(alvos), atingido=atingido, nota=nota,
            )  # fmt: skip

        antes = contar(url)
        medida, mem = vazao("POST /movimentacao (durável)", "lancamentos", "",
                            wrk.script_post(idempotente=False))  # fmt: skip
        gravadas = contar(url) - antes
        resultado.linhas.append(
            linha("POST /movimentacao (durável)", medida, mem, ALVO_POST.get(nome),
                  nota=f"{medida.requisicoes} respostas 201, {gravadas} linhas novas no banco")
        )  # fmt: skip
        medida, mem = vazao("POST /movimentacao com forma e categoria", "lancamentos", "",
                            wrk.script_post(idempotente=False, detalhado=True))  # fmt: skip
        resultado.linhas.append(
            linha("POST /movimentacao com forma e categoria (durável)", medida, mem, 0.2)
        )
        # Into an open session of a caixa named in each body; closed afterwards, so the
        # scenarios after it (no caixa in their bodies) find no session open.
        sessao = abrir_caixa(srv["lancamentos"].url)
        script = wrk.script_post(idempotente=False, detalhado=True, caixa=CAIXA)
        medida, mem = vazao("POST /movimentacao com caixa", "lancamentos", "", script)
        processos.esperar_ocioso(srv["lancamentos"])  # the POSTs wrk left in flight
        fechar_caixa(srv["lancamentos"].url, sessao)
        resultado.linhas.append(
            linha("POST /movimentacao com forma, categoria e caixa (durável)", medida, mem,
                  ALVO_POST_CAIXA.get(nome))
        )  # fmt: skip
        medida, mem = vazao("POST /movimentacao com Idempotency-Key", "lancamentos", "",
                            wrk.script_post(idempotente=True))  # fmt: skip
        resultado.linhas.append(linha("POST /movimentacao com Idempotency-Key", medida, mem, None))
        medida, mem = vazao("GET /movimentacao/{id}", "lancamentos", "",
                            wrk.script_get_id(carga.ultimo_id))  # fmt: skip
        resultado.linhas.append(linha("GET /movimentacao/{id} (id aleatório)", medida, mem, None))
        resultado.linhas.append(primeira_carga_do_app(nome, srv["lancamentos"].url, vazao, linha))

        if "consolidado" not in srv:
            resultado.pendentes.append(
                "consolidado: o serviço não existe nesta versão; os cenários de leitura, taxa "
                "constante e independência rodam quando ele estiver em server.SERVICES."
            )
            return resultado

        diarios = [f"/consolidado/diario?data={d.isoformat()}" for d in dias]
        periodos = [
            f"/consolidado?inicio={d.isoformat()}&fim={(d + timedelta(days=29)).isoformat()}"
            for d in dias[: len(dias) - 29]
        ]
        medida, mem = vazao("GET /consolidado/diario", "consolidado", "",
                            wrk.script_paths(diarios))  # fmt: skip
        resultado.linhas.append(linha("GET /consolidado/diario (dia aleatório)", medida, mem, 0.4))
        medida, mem = vazao("GET /consolidado (30 dias)", "consolidado", "",
                            wrk.script_paths(periodos))  # fmt: skip
        resultado.linhas.append(linha("GET /consolidado (30 dias aleatórios)", medida, mem, 0.3))
        detalhados = [p.replace("/consolidado?", "/consolidado/detalhado?") for p in periodos]
        medida, mem = vazao("GET /consolidado/detalhado (30 dias)", "consolidado", "",
                            wrk.script_paths(detalhados))  # fmt: skip
        resultado.linhas.append(
            linha("GET /consolidado/detalhado (30 dias aleatórios)", medida, mem, None)
        )
        resultado.linhas.extend(relatorio_z(srv, carga.dia_do_relatorio, vazao, linha))
        for formato in ("csv", "xlsx"):
            resultado.linhas.append(exportar(nome, url, directory, carga, formato))
        resultado.linhas.append(varios_workers(nome, url, directory, diarios, opcoes, linha))

        for por_segundo in (50, 1000):
            resultado.linhas.extend(
                taxa_constante(nome, srv, todos, diarios, por_segundo, opcoes.taxa_segundos)
            )
        resultado.linhas.extend(independencia(nome, srv, todos, diarios, opcoes.taxa_segundos))
    return resultado


CAIXA = "Bench"  # ASCII: it goes into a Lua string as it is
# Issue 16's targets: the durable POST with forma, categoria and caixa on SQLite, the plain
# one on PostgreSQL.
ALVO_POST = {"PostgreSQL": 0.12}
ALVO_POST_CAIXA = {"SQLite": 0.2}
ALVO_P99_TAXA = {1000: 15.0}  # ms, the day reads at 1 000/s (with the writes beside them)


def abrir_caixa(url: str) -> int:
    """A caixa of the benchmark's own, opened with R$ 100,00 of troco; its id."""
    criado = httpx.post(f"{url}/caixas", json={"nome": CAIXA}, timeout=30)
    criado.raise_for_status()
    ident = int(criado.json()["id"])
    httpx.post(f"{url}/caixas/{ident}/abertura", json={"contado": "100.00"},
               timeout=30).raise_for_status()  # fmt: skip
    return ident


def fechar_caixa(url: str, ident: int) -> None:
    """Close the session counting exactly the cash it expects (no quebra)."""
    sessao = httpx.get(f"{url}/caixas/{ident}/sessao", timeout=30)
    sessao.raise_for_status()
    esperado = sessao.json()["esperado_dinheiro"]
    contado = "0.00" if esperado.startswith("-") else esperado
    httpx.post(f"{url}/caixas/{ident}/fechamento", json={"contado": {"dinheiro": contado}},
               timeout=30).raise_for_status()  # fmt: skip


Medir = Callable[[str, str, str, str], tuple[wrk.Vazao, processos.Memoria]]


def primeira_carga_do_app(nome: str, url: str, vazao: Medir, linha: Callable[..., Linha]) -> Linha:
    """The caixa app's first load: `/` and every file it references, with gzip, as a mix."""
    cenario = "primeira carga do app do caixa (GET / e os arquivos que ela referencia)"
    carga = pagina.primeira_carga(url)
    if carga is None:
        print(f"[{nome}] {cenario}: GET / não é uma página nesta versão", flush=True)
        return Linha(cenario, None, None, None, 0,
                     nota="GET / do lançamentos não serve uma página nesta versão")  # fmt: skip
    script = wrk.script_paths(carga.caminhos, pagina.CABECALHOS)
    medida, mem = vazao("primeira carga do app do caixa", "lancamentos", "", script)
    falhas = [f"{a.caminho} ({a.status})" for a in carga.arquivos if a.status != 200]
    nota = (
        f"{len(carga.arquivos)} arquivos, {carga.bytes_na_rede / 1024:.0f} KB na rede com gzip "
        f"({carga.bytes / 1024:.0f} KB sem compressão); req/s de uma mistura aleatória deles: "
        f"≈ {medida.por_segundo / len(carga.arquivos):.0f} primeiras cargas/s"
        + (f"; sem 200: {', '.join(falhas)}" if falhas else "")
    )
    return linha(cenario, medida, mem, None, nota=nota)


def relatorio_z(
    srv: dict[str, processos.Servidor], dia: date, vazao: Medir, linha: Callable[..., Linha]
) -> list[Linha]:
    """The relatório Z of the preloaded busy day, closed first through the API."""
    fechamento = httpx.post(f"{srv['lancamentos'].url}/dias/{dia.isoformat()}/fechamento",
                            json={}, timeout=60)  # fmt: skip
    fechamento.raise_for_status()
    linhas = []
    for caminho, descricao in (("relatorio", "JSON"), ("relatorio.pdf", "PDF")):
        medida, mem = vazao(f"relatório Z {descricao}", "consolidado", "",
                            wrk.script_paths([f"/dias/{dia.isoformat()}/{caminho}"]))  # fmt: skip
        linhas.append(
            linha(f"GET /dias/{{data}}/{caminho} (relatório Z em {descricao}, dia fechado com "
                  f"{_milhares(MOVIMENTOS_DO_RELATORIO)} movimentos)", medida, mem, None)
        )  # fmt: skip
    return linhas


ALVO_CSV_LINHAS_S = 100_000


def exportar(nome: str, url: str, directory: Path, carga: Carga, formato: str) -> Linha:
    """Every preloaded movement in one file, read by one client as fast as it can, from a
    consolidado of its own (so the memory it keeps afterwards weighs on no other row):
    rows/s, its CPU, and its RSS before and while it writes them."""
    cenario = f"GET /movimentacao.{formato}: {_milhares(carga.movimentos)} movimentos"
    print(f"[{nome}] {cenario}...", flush=True)
    consolidado = processos.servico(
        "consolidado", env_servicos(url), directory, "FLUXO_PORT_CONSOLIDADO",
        rotulo=f"consolidado-{formato}",
    )  # fmt: skip
    try:
        caminho = (
            f"/movimentacao.{formato}"
            f"?inicio={carga.primeiro_dia.isoformat()}&fim={carga.ultimo_dia.isoformat()}"
        )
        # A warm service, as in use: one day's file first (imports, statements, connection).
        um_dia = carga.primeiro_dia.isoformat()
        exportacao.baixar(f"{consolidado.url}/movimentacao.{formato}?inicio={um_dia}&fim={um_dia}",
                          contar_linhas=False)  # fmt: skip
        antes = processos.Memoria([consolidado])
        antes.amostrar()
        cpu_antes = processos.cpu_s(consolidado)
        with processos.Memoria([consolidado]) as memoria:
            baixado = exportacao.baixar(consolidado.url + caminho, contar_linhas=formato == "csv")
        cpu = processos.cpu_s(consolidado) - cpu_antes
    finally:
        consolidado.parar()
    por_segundo = carga.movimentos / baixado.segundos
    certo = baixado.status == 200 and (formato != "csv" or baixado.linhas == carga.movimentos + 1)
    alvo = f"≥ {_milhares(ALVO_CSV_LINHAS_S)} linhas/s" if formato == "csv" else ""
    print(f"    {por_segundo:.0f} linhas/s em {baixado.segundos:.1f} s", flush=True)
    return Linha(
        f"{cenario} (linhas/s)", por_segundo, None, None, 0 if certo else 1,
        rss=memoria.resumo(), rss_max=memoria.maximo(), alvo=alvo,
        atingido=(certo and por_segundo >= ALVO_CSV_LINHAS_S) if alvo else None,
        nota=f"num consolidado à parte; {baixado.bytes / 1e6:.0f} MB em {baixado.segundos:.1f} s, "
        f"primeiro byte em {baixado.primeiro_byte_s * 1000:.0f} ms; {cpu:.1f} s de CPU do "
        f"consolidado ({carga.movimentos / cpu if cpu else 0:.0f} linhas por segundo de CPU); "
        f"RSS logo antes: {antes.resumo()}"
        + ("" if certo else f"; HTTP {baixado.status}, {baixado.linhas} linhas"),
    )  # fmt: skip


WORKERS = 4


def varios_workers(
    nome: str,
    url: str,
    directory: Path,
    diarios: list[str],
    opcoes: Opcoes,
    linha: Callable[..., Linha],
) -> Linha:
    """The day's reads again, on a consolidado of its own with WORKERS workers (while the
    1-worker services sit idle): what more processes buy on this machine's cores."""
    cenario = f"GET /consolidado/diario com {WORKERS} workers"
    print(f"[{nome}] {cenario}...", flush=True)
    servidor = processos.servico(
        "consolidado", env_servicos(url), directory, "FLUXO_PORT_CONSOLIDADO", WORKERS
    )
    try:
        with processos.Memoria([servidor]) as memoria:
            medida = wrk.rodar(
                servidor.url, wrk.script_paths(diarios), directory,
                f"{nome.lower()}-{WORKERS}-workers", opcoes.segundos, opcoes.conexoes,
                opcoes.threads,
            )  # fmt: skip
    finally:
        servidor.parar()
    print(
        f"    {medida.por_segundo:.0f} req/s, p50 {medida.p50_ms:.2f} ms, "
        f"p99 {medida.p99_ms:.2f} ms, {medida.erros} erros",
        flush=True,
    )
    return linha(
        f"GET /consolidado/diario (dia aleatório), {WORKERS} workers", medida, memoria, None,
        nota=f"FLUXO_WORKERS={WORKERS} num serviço à parte; compare com a linha de 1 worker: "
        f"a máquina tem {os.cpu_count()} núcleo(s) para os workers, o wrk e o banco",
    )  # fmt: skip


def _escrita(i: int) -> taxa.Pedido:
    corpo = {"tipo": "entrada" if i % 3 else "saida", "valor": f"{i % 997 + 1}.{i % 100:02d}"}
    return ("POST", "/movimentacao", json.dumps(corpo).encode())


def _linha_taxa(
    cenario: str,
    medida: taxa.Taxa,
    memoria: processos.Memoria,
    alvo: str,
    nota: str = "",
    alvo_p99: float | None = None,
) -> Linha:
    p99 = medida.percentil(99)
    atingido = medida.perdidas == 0 if alvo else None
    if alvo_p99 is not None:
        alvo += f", p99 ≤ {alvo_p99:g} ms"
        atingido = bool(atingido) and p99 <= alvo_p99
    return Linha(
        cenario, medida.por_segundo, medida.percentil(50), p99, medida.erros,
        perdidas=medida.perdidas, rss=memoria.resumo(), rss_max=memoria.maximo(), alvo=alvo,
        atingido=atingido,
        nota=(nota or f"{medida.enviadas} enviadas a {medida.alvo_por_s:g}/s")
        + (f"; erros: {medida.tipos_de_erro}" if medida.tipos_de_erro else ""),
    )  # fmt: skip


def taxa_constante(
    nome: str,
    srv: dict[str, processos.Servidor],
    todos: list[processos.Servidor],
    diarios: list[str],
    por_segundo: int,
    segundos: int,
) -> list[Linha]:
    """Reads at a constant rate on the consolidado while writes go on at 100/s."""
    print(f"[{nome}] taxa constante {por_segundo}/s...", flush=True)
    aleatorio = random.Random(por_segundo)

    def leitura(_i: int) -> taxa.Pedido:
        return ("GET", aleatorio.choice(diarios), b"")

    async def ambas() -> tuple[taxa.Taxa, taxa.Taxa]:
        return await asyncio.gather(
            taxa.taxa_constante("leituras", srv["consolidado"].url, por_segundo, segundos, leitura),
            taxa.taxa_constante("escritas", srv["lancamentos"].url, 100, segundos, _escrita),
        )

    with processos.Memoria(todos) as memoria:
        leituras, escritas = asyncio.run(ambas())
    return [
        _linha_taxa(f"taxa constante: {por_segundo} leituras/s do dia, por {segundos} s",
                    leituras, memoria, "0 perdidas (falha ou > 1 s)",
                    alvo_p99=ALVO_P99_TAXA.get(por_segundo)),
        _linha_taxa("  … com 100 escritas/s ao mesmo tempo", escritas, memoria,
                    "0 perdidas (falha ou > 1 s)"),
    ]  # fmt: skip


def independencia(
    nome: str,
    srv: dict[str, processos.Servidor],
    todos: list[processos.Servidor],
    diarios: list[str],
    segundos: int,
) -> list[Linha]:
    """Writes at 100/s while the consolidado, under reads, is SIGKILLed halfway through."""
    print(f"[{nome}] independência...", flush=True)
    consolidado = srv["consolidado"]
    morto_em: list[float] = []

    def matar() -> None:
        time.sleep(segundos / 2)
        consolidado.matar()
        morto_em.append(time.monotonic())

    async def ambas() -> tuple[taxa.Taxa, taxa.Taxa]:
        return await asyncio.gather(
            taxa.taxa_constante("escritas", srv["lancamentos"].url, 100, segundos, _escrita),
            taxa.taxa_constante("leituras", consolidado.url, 50, segundos,
                                lambda i: ("GET", diarios[i % len(diarios)], b"")),
        )  # fmt: skip

    assassino = threading.Thread(target=matar)
    with processos.Memoria(todos) as memoria:
        assassino.start()
        escritas, leituras = asyncio.run(ambas())
        assassino.join()
    return [
        _linha_taxa(
            "independência: 100 escritas/s, consolidado morto (SIGKILL) na metade",
            escritas, memoria, "0 escritas perdidas",
            nota=f"{escritas.enviadas} enviadas; leituras do consolidado que falharam depois "
            f"da morte: {leituras.erros} de {leituras.enviadas}",
        ),
    ]  # fmt: skip


def _milhares(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _num(valor: float | None, casas: int = 1) -> str:
    if valor is None:
        return "—"
    return f"{valor:,.{casas}f}".replace(",", "\u202f")


def tabela(resultado: Resultado) -> str:
    c = resultado.carga
    carga = (
        f"Carga prévia: {_milhares(c.movimentos)} movimentos em {c.dias} dias "
        f"({c.primeiro_dia:%d/%m/%Y} a {c.ultimo_dia:%d/%m/%Y}), em {c.segundos:.1f} s; mais "
        f"{_milhares(MOVIMENTOS_DO_RELATORIO)} num dia à parte ({c.dia_do_relatorio:%d/%m/%Y}, "
        "fechado pela API) para o relatório Z."
    )
    linhas = [
        f"### {resultado.banco}",
        "",
        carga,
        "",
        "| cenário | req/s | p50 (ms) | p99 (ms) | erros | perdidas | × baseline "
        "| RSS máx. por processo (MB) | alvo | |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for linha in resultado.linhas:
        marca = {True: "✅", False: "❌", None: ""}[linha.atingido]
        if linha.rss_max > RSS_MAXIMO_MB:
            marca += " ❌ RSS"
        perdidas = "—" if linha.perdidas is None else str(linha.perdidas)
        razao = "—" if linha.razao is None else f"{linha.razao:.2f}"
        linhas.append(
            f"| {linha.cenario} | {_num(linha.por_segundo, 0)} | {_num(linha.p50_ms, 2)} "
            f"| {_num(linha.p99_ms, 2)} | {linha.erros} | {perdidas} | {razao} | {linha.rss} "
            f"| {linha.alvo} | {marca} |"
        )  # a figure not measured (None) shows as "—"
    notas = [f"- {linha.cenario}: {linha.nota}" for linha in resultado.linhas if linha.nota]
    notas += [f"- pendente: {p}" for p in resultado.pendentes]
    if notas:
        linhas += ["", *notas]
    return "\n".join(linhas)


def relatorio(resultados: list[Resultado], opcoes: Opcoes) -> str:
    agora = datetime.now(TZ)
    maquina_md = "\n".join(f"| {k} | {v} |" for k, v in resultados[0].maquina if k != "Banco")
    bancos = "; ".join(f"{r.banco}: {dict(r.maquina).get('Banco', '?')}" for r in resultados)
    settings = Settings()
    partes = [
        "# Resultados do benchmark",
        "",
        f"Rodada de {agora:%d/%m/%Y %H:%M} ({TZ.key}), gerada por `make bench`"
        " (`python -m bench`). Não editar à mão: a próxima rodada reescreve este arquivo.",
        "",
        "| máquina | |",
        "|---|---|",
        maquina_md,
        f"| Bancos | {bancos} |",
        "| Servidor | granian RSGI (a aplicação WSGI atrás de web/front.py), "
        f"{settings.workers} worker(s) por serviço, as configurações de produção; threads "
        f"rodando ao mesmo tempo por worker: lançamentos {SQLITE_REQUEST_THREADS} no SQLite "
        f"e {REQUEST_THREADS} no PostgreSQL (mais outras até {MAX_BATCH}, que só rodam na "
        f"vez de uma escrita esperando o COMMIT), consolidado {READ_THREADS} (mais "
        f"{LENDING_THREADS} para a vez de uma planilha ou PDF), baseline {REQUEST_THREADS} |",
        f"| Vazão (wrk) | {opcoes.segundos} s por cenário, {opcoes.threads} thread(s), "
        f"{opcoes.conexoes} conexões |",
        "",
        "Latências em milissegundos. RSS: pico de cada processo do serviço medido (processo "
        "principal do granian primeiro, depois os workers), amostrado a cada 0,25 s. "
        "Na taxa constante, a latência conta a partir do instante em que a requisição era "
        "devida (sem omissão coordenada) e toda resposta com falha ou acima de 1 s é perdida.",
        "",
    ]
    for resultado in resultados:
        partes += [tabela(resultado), ""]
    return "\n".join(partes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--postgresql", metavar="URL", help="também no PostgreSQL (APAGA as tabelas)"
    )
    parser.add_argument("--segundos", type=int, default=15, help="duração de cada cenário de vazão")
    parser.add_argument("--taxa-segundos", type=int, default=60, help="duração da taxa constante")
    parser.add_argument("--threads", type=int, default=1, help="threads do wrk")
    parser.add_argument("--conexoes", type=int, default=32, help="conexões do wrk")
    parser.add_argument("--movimentos", type=int, default=1_000_000)
    parser.add_argument("--dias", type=int, default=730)
    parser.add_argument("--saida", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args(argv)
    if not wrk.disponivel():
        print("wrk não encontrado: instale com 'apt-get install wrk' (make bench instala).")
        return 2
    opcoes = Opcoes(args.segundos, args.taxa_segundos, args.threads, args.conexoes,
                    args.movimentos, args.dias)  # fmt: skip
    trabalho = ROOT / "bench" / ".trabalho"
    shutil.rmtree(trabalho, ignore_errors=True)
    trabalho.mkdir(parents=True)
    urls = [f"sqlite:///{trabalho / 'movimentacoes.db'}"]
    if args.postgresql:
        urls.append(args.postgresql)
    resultados = []
    for url in urls:
        directory = trabalho / make_url(url).get_backend_name()
        directory.mkdir()
        resultados.append(rodar_banco(url, opcoes, directory))
    texto = relatorio(resultados, opcoes)
    args.saida.write_text(texto + "\n")
    print(texto)
    falhas = [linha.cenario for r in resultados for linha in r.linhas if linha.atingido is False]
    if falhas:
        print(f"\nAlvos não atingidos em {len(falhas)} cenário(s): ver a tabela.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
