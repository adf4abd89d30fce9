"""`fluxo-caixa importar`: the seed prototype's database, or our movement CSV, into the ledger.

Two passes over the file, both streaming: the first validates every row and stops the
import with every problem listed (nothing is written while anything is wrong); the
second records the rows through `ledger.inserir`, in transactions of a few hundred, so
the projection stays exact. A categoria named in the CSV that this database lacks is
created (active, of the row's tipo) and reported. Each imported row carries an `origem`
(unique in the table): importing the same file again, or again after an interruption, adds nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, select
from sqlalchemy.engine import Connection

from fluxo_caixa.db import categorias
from fluxo_caixa.db.engine import WRITE, indisponivel_como_erro
from fluxo_caixa.db.estado_dia import dias_fechados
from fluxo_caixa.db.ledger import inserir
from fluxo_caixa.db.tables import lancamento
from fluxo_caixa.domain import dinheiro
from fluxo_caixa.domain.categoria import Categoria, CategoriaDuplicada, chave_do_nome
from fluxo_caixa.domain.dia import DiaFechado
from fluxo_caixa.domain.movimentacao import (
    DATA_MINIMA,
    CampoInvalido,
    NovaMovimentacao,
    Tipo,
    parse_tipo,
)
from fluxo_caixa.formats import csv_br

SQLITE_MAGIC = b"SQLite format 3\x00"
LOTE = 500  # rows per transaction
MAX_ERROS_MOSTRADOS = 20
Formato = Literal["prototipo", "csv"]


class ImportacaoInvalida(Exception):
    """The file cannot be imported; `erros` says where and why, in Portuguese."""

    def __init__(self, mensagem: str, erros: list[str] | None = None, total: int = 0) -> None:
        super().__init__(mensagem)
        self.mensagem = mensagem
        self.erros = erros or []
        self.total = total or len(self.erros)


@dataclass(frozen=True, slots=True)
class Registro:
    """One movement of the file, valid, ready to record."""

    origem: str
    onde: str  # "linha 4" or "registro id=3", for messages
    ref: int  # its id in the file
    nova: NovaMovimentacao  # estorno_de still the file's id, mapped when recorded
    data_inclusao: datetime  # aware


@dataclass
class Resultado:
    formato: Formato
    importadas: int = 0
    existentes: int = 0
    entradas: int = 0  # centavos of the imported movements
    saidas: int = 0
    estornos_sem_original: int = 0
    categorias_criadas: list[str] = field(default_factory=list)  # names, in creation order


def formato_de(caminho: Path) -> Formato:
    with caminho.open("rb") as arquivo:
        return "prototipo" if arquivo.read(16) == SQLITE_MAGIC else "csv"


def importar(engine: Engine, caminho: Path, tz: ZoneInfo, agora: datetime) -> Resultado:
    """Import `caminho` (prototype .db or our CSV). Raises ImportacaoInvalida, writes nothing,
    when any row is invalid."""
    if not caminho.is_file():
        raise ImportacaoInvalida(f"Arquivo não encontrado: {caminho}.")
    formato = formato_de(caminho)
    hoje = agora.astimezone(tz).date()
    referidos = _validar(caminho, formato, tz, hoje)
    gravacao = _Gravacao(engine, tz, referidos, Resultado(formato))
    lote: list[Registro] = []
    with indisponivel_como_erro():
        _exigir_dias_abertos(engine, caminho, formato, tz, hoje)
        try:
            for item in _ler(caminho, formato, tz, hoje):
                assert isinstance(item, Registro)  # every row passed _validar
                lote.append(item)
                if len(lote) == LOTE:
                    gravacao.gravar(lote)
                    lote = []
            if lote:
                gravacao.gravar(lote)
        except DiaFechado as erro:  # closed after the check above: this batch is undone
            raise ImportacaoInvalida(
                f"{erro} A importação parou; importar de novo depois não duplica nada."
            ) from None
    return gravacao.resultado


def _exigir_dias_abertos(
    engine: Engine, caminho: Path, formato: Formato, tz: ZoneInfo, hoje: date
) -> None:
    """Refuse, before writing anything, a file with new movements dated a closed day
    (rows already imported are skipped anyway, so a file imported before a close can
    be imported again)."""
    with engine.connect() as conn:
        fechados = dias_fechados(conn)
        if not fechados:
            return
        erros: list[str] = []
        lote: list[Registro] = []

        def conferir(lote: list[Registro]) -> None:
            presentes = _ja_importados(conn, lote, formato)
            erros.extend(
                f"{r.onde}: o dia {r.nova.data:%d/%m/%Y} está fechado."
                for r in lote
                if r.origem not in presentes
            )

        for item in _ler(caminho, formato, tz, hoje):
            if isinstance(item, Registro) and item.nova.data in fechados:
                lote.append(item)
                if len(lote) == LOTE:
                    conferir(lote)
                    lote = []
        if lote:
            conferir(lote)
    if erros:
        raise ImportacaoInvalida(
            f"{len(erros)} registro(s) em dia fechado; nada foi importado. Corrija com um "
            "estorno (com a data de hoje) ou reabra o dia informando um motivo.",
            erros[:MAX_ERROS_MOSTRADOS],
            len(erros),
        )


def _validar(caminho: Path, formato: Formato, tz: ZoneInfo, hoje: date) -> set[int]:
    """Check every row; return the file ids that some estorno points at."""
    erros: list[str] = []
    total = 0
    vistos: set[int] = set()
    referidos: set[int] = set()
    for item in _ler(caminho, formato, tz, hoje):
        if isinstance(item, str):
            total += 1
            if len(erros) < MAX_ERROS_MOSTRADOS:
                erros.append(item)
            continue
        if item.ref in vistos:
            total += 1
            if len(erros) < MAX_ERROS_MOSTRADOS:
                erros.append(f"{item.onde}: id {item.ref} repetido no arquivo.")
        vistos.add(item.ref)
        if item.nova.estorno_de is not None:
            referidos.add(item.nova.estorno_de)
    if total:
        raise ImportacaoInvalida(
            f"{total} registro(s) inválido(s); nada foi importado.", erros, total
        )
    return referidos


def _ler(caminho: Path, formato: Formato, tz: ZoneInfo, hoje: date) -> Iterator[Registro | str]:
    if formato == "prototipo":
        yield from _ler_prototipo(caminho, tz, hoje)
    else:
        yield from _ler_csv(caminho, hoje)


# -- the seed prototype's SQLite file ----------------------------------------------


def _ler_prototipo(caminho: Path, tz: ZoneInfo, hoje: date) -> Iterator[Registro | str]:
    try:
        conn = sqlite3.connect(f"{caminho.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as erro:
        raise ImportacaoInvalida(f"Não foi possível abrir {caminho}: {erro}.") from None
    try:
        tabelas = {
            nome for (nome,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if "lancamento" in tabelas:
            raise ImportacaoInvalida(
                f"{caminho} já é um banco do Fluxo de Caixa: use-o diretamente "
                "(FLUXO_DATABASE_URL) ou exporte /movimentacao.csv e importe o CSV."
            )
        if "movimentacao" not in tabelas:
            raise ImportacaoInvalida(
                f"{caminho} não tem a tabela movimentacao do protótipo (app.py original)."
            )
        try:
            cursor = conn.execute(
                "SELECT id, tipo, valor, data_inclusao FROM movimentacao ORDER BY id"
            )
        except sqlite3.Error as erro:
            raise ImportacaoInvalida(
                f"A tabela movimentacao de {caminho} não tem as colunas do protótipo "
                f"(id, tipo, valor, data_inclusao): {erro}."
            ) from None
        for ident, tipo, valor, inclusao in cursor:
            yield _registro_prototipo(ident, tipo, valor, inclusao, tz, hoje)
    except sqlite3.DatabaseError as erro:
        raise ImportacaoInvalida(f"{caminho} não é um banco SQLite legível: {erro}.") from None
    finally:
        conn.close()


def _registro_prototipo(
    ident: object, tipo: object, valor: object, inclusao: object, tz: ZoneInfo, hoje: date
) -> Registro | str:
    # repr for anything but an int: an id column holding text may hold an ESC too.
    onde = f"registro id={ident if isinstance(ident, int) else repr(ident)}"
    if not isinstance(ident, int) or ident <= 0:
        return f"{onde}: id inválido."
    try:
        tipo_ = parse_tipo(tipo)
        centavos = _centavos_do_prototipo(valor)
        instante = _instante_utc(inclusao)
    except (CampoInvalido, dinheiro.ValorInvalido) as erro:
        return f"{onde}: {erro}"
    # The prototype stored UTC; the business day is the merchant's local day.
    dia = instante.astimezone(tz).date()
    if dia > hoje:
        return f"{onde}: data {csv_br.data_br(dia)} no futuro."
    if dia < DATA_MINIMA:
        return f"{onde}: data {csv_br.data_br(dia)} anterior a {csv_br.data_br(DATA_MINIMA)}."
    origem = f"prototipo:{ident}:{instante:%Y-%m-%dT%H:%M:%S.%fZ}"
    return Registro(origem, onde, ident, NovaMovimentacao(tipo_, centavos, dia), instante)


def _centavos_do_prototipo(valor: object) -> int:
    """The FLOAT valor as its shortest decimal text, exactly; more than 2 decimals is refused."""
    if isinstance(valor, bool):
        raise CampoInvalido(f"valor {valor!r} não é um número.")
    if isinstance(valor, float):
        numero = Decimal(str(valor))  # 10.1 -> "10.1", never 10.0999999999999996447...
    elif isinstance(valor, int):
        numero = Decimal(valor)
    elif isinstance(valor, str):
        try:
            numero = Decimal(valor.strip())
        except InvalidOperation:
            raise CampoInvalido(f"valor {valor!r} não é um número.") from None
    else:
        raise CampoInvalido(f"valor {valor!r} não é um número.")
    try:
        return dinheiro.centavos_de(numero)
    except dinheiro.ValorInvalido as erro:
        raise CampoInvalido(f"valor {valor!r}: {erro}") from None


def _instante_utc(inclusao: object) -> datetime:
    """The prototype's data_inclusao: naive text written by datetime.utcnow, i.e. UTC."""
    if not isinstance(inclusao, str) or not inclusao.strip():
        raise CampoInvalido("sem data_inclusao: não há como saber o dia.")
    try:
        instante = datetime.fromisoformat(inclusao.strip())
    except ValueError:
        raise CampoInvalido(f"data_inclusao inválida {inclusao!r}.") from None
    if instante.tzinfo is None:
        return instante.replace(tzinfo=UTC)
    return instante.astimezone(UTC)


# -- our CSV export ----------------------------------------------------------------


def _ler_csv(caminho: Path, hoje: date) -> Iterator[Registro | str]:
    try:
        with csv_br.abrir(caminho) as arquivo:
            for item in csv_br.ler_movimentacoes(arquivo):
                if isinstance(item, csv_br.ErroLinha):
                    yield f"linha {item.linha}: {item.mensagem}"
                elif item.data > hoje:
                    yield f"linha {item.linha}: data {csv_br.data_br(item.data)} no futuro."
                else:
                    instante = item.data_inclusao.astimezone(UTC)
                    yield Registro(
                        f"csv:{item.id}:{instante:%Y-%m-%dT%H:%M:%S.%fZ}",
                        f"linha {item.linha}",
                        item.id,
                        NovaMovimentacao(
                            item.tipo,
                            item.valor_centavos,
                            item.data,
                            item.descricao,
                            item.estorno_de,
                            forma_pagamento=item.forma_pagamento,
                            categoria=item.categoria,
                        ),
                        instante,
                    )
    except csv_br.ArquivoInvalido as erro:
        raise ImportacaoInvalida(str(erro)) from None


# -- recording ---------------------------------------------------------------------


@dataclass
class _Gravacao:
    engine: Engine
    tz: ZoneInfo
    referidos: set[int]  # file ids some estorno points at
    resultado: Resultado
    ids: dict[int, int] = field(default_factory=dict)  # file id -> id here, of `referidos`
    categorias: dict[str, Categoria] | None = None  # by chave_do_nome, this batch's view

    def gravar(self, lote: list[Registro]) -> None:
        r = self.resultado
        with self.engine.connect().execution_options(**{WRITE: True}) as conn, conn.begin():
            presentes = _ja_importados(conn, lote, r.formato)
            self.categorias = None  # read again in each transaction, when a row needs them
            for registro in lote:
                existente = presentes.get(registro.origem)
                if existente is not None:
                    r.existentes += 1
                    self._lembrar(registro.ref, existente)
                    continue
                nova = self._com_estorno_mapeado(conn, self._com_categoria(conn, registro.nova))
                lida = inserir(conn, nova, registro.data_inclusao, self.tz, origem=registro.origem)
                r.importadas += 1
                if nova.tipo is Tipo.ENTRADA:
                    r.entradas += nova.valor_centavos
                else:
                    r.saidas += nova.valor_centavos
                self._lembrar(registro.ref, lida.movimentacao.id)

    def _com_categoria(self, conn: Connection, nova: NovaMovimentacao) -> NovaMovimentacao:
        """The categoria named in the file, by name here; created when missing.

        Any existing one is taken, inactive or of the other tipo: the file is history
        (an estorno keeps its original's categoria, of the other tipo).
        """
        if nova.categoria is None:
            return nova
        if self.categorias is None:
            self.categorias = {chave_do_nome(c.nome): c for c in categorias.listar(conn)}
        chave = chave_do_nome(nova.categoria)
        achada = self.categorias.get(chave)
        if achada is None:
            # A reversal whose original brought no categoria here: the original's tipo.
            tipo = nova.tipo if nova.estorno_de is None else nova.tipo.oposto
            try:
                achada = categorias.criar(conn, nova.categoria, tipo)
            except CategoriaDuplicada:  # a twin spelled differently (spacing) or concurrent
                achada = next(c for c in categorias.listar(conn) if chave_do_nome(c.nome) == chave)
            else:
                self.resultado.categorias_criadas.append(achada.nome)
            self.categorias[chave] = achada
        return replace(nova, categoria_id=achada.id, categoria=achada.nome)

    def _lembrar(self, ref: int, ident: int) -> None:
        if ref in self.referidos:
            self.ids[ref] = ident

    def _com_estorno_mapeado(self, conn: Connection, nova: NovaMovimentacao) -> NovaMovimentacao:
        """Point a reversal at its original's id in this database, when it can be found.

        An original outside the file, or one already reversed here, leaves the row a
        plain movement: the money is the same, only the link is lost (and counted).
        """
        if nova.estorno_de is None:
            return nova
        original = self.ids.get(nova.estorno_de)
        if original is not None:
            ja_estornado = conn.execute(
                select(lancamento.c.id).where(lancamento.c.estorno_de == original)
            ).first()
            if ja_estornado is None:
                return replace(nova, estorno_de=original)
        self.resultado.estornos_sem_original += 1
        return replace(nova, estorno_de=None)


def _ja_importados(conn: Connection, lote: list[Registro], formato: Formato) -> dict[str, int]:
    """origem -> id of the rows of this batch the database already holds."""
    origens = [r.origem for r in lote]
    presentes: dict[str, int] = {
        row.origem: row.id
        for row in conn.execute(
            select(lancamento.c.origem, lancamento.c.id).where(lancamento.c.origem.in_(origens))
        )
    }
    if formato == "csv":
        # Our export imported back into the database it came from: each row is already
        # there as itself (same id, same instant to the microsecond, tipo and valor).
        por_id = {r.ref: r for r in lote if r.origem not in presentes}
        rows = conn.execute(
            select(
                lancamento.c.id,
                lancamento.c.data_inclusao,
                lancamento.c.tipo,
                lancamento.c.valor_centavos,
            ).where(lancamento.c.id.in_(list(por_id)))
        )
        for row in rows:
            registro = por_id[row.id]
            if (
                row.data_inclusao == registro.data_inclusao
                and row.tipo == registro.nova.tipo.value
                and row.valor_centavos == registro.nova.valor_centavos
            ):
                presentes[registro.origem] = row.id
    return presentes
