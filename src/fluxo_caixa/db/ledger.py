"""The ledger's unit of work: every write and its projection in one transaction."""

from __future__ import annotations

import base64
import binascii
import functools
import itertools
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, Insert, and_, delete, insert, or_, select
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError

from fluxo_caixa.db import categorias
from fluxo_caixa.db.detalhado import somar_detalhado
from fluxo_caixa.db.engine import WRITE, BancoIndisponivel, leitura, saudavel
from fluxo_caixa.db.grupo import CommitGroup
from fluxo_caixa.db.tables import categoria, idempotencia, lancamento, saldo_diario
from fluxo_caixa.domain.categoria import Categoria
from fluxo_caixa.domain.movimentacao import (
    ID_MAXIMO,
    EstornoNaoPermitido,
    Movimentacao,
    NovaMovimentacao,
    Tipo,
)
from fluxo_caixa.domain.pagamento import FormaPagamento

T = TypeVar("T")
IDEMPOTENCY_TTL = timedelta(hours=24)
_PURGE_EVERY = 1000
_RETRIES = 6


class MovimentacaoNaoEncontrada(LookupError):
    pass


class ChaveReutilizada(Exception):
    """An Idempotency-Key came back with a different request."""


class CursorInvalido(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Pedido:
    """An idempotent request: its key and a fingerprint of what it asked."""

    chave: str
    impressao: str


@dataclass(frozen=True, slots=True)
class Resposta:
    status: int
    corpo: str
    lancamento_id: int | None
    repetida: bool = False


@dataclass(frozen=True, slots=True)
class MovimentacaoLida:
    movimentacao: Movimentacao
    estornado_por: int | None


@dataclass(frozen=True, slots=True)
class Pagina:
    itens: list[MovimentacaoLida]
    proximo: str | None


def utc_now() -> datetime:
    return datetime.now(UTC)


def encode_cursor(dia: date, ident: int) -> str:
    return base64.urlsafe_b64encode(f"{dia.isoformat()}:{ident}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[date, int]:
    try:
        texto = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        dia, _, ident = texto.partition(":")
        # Only what encode_cursor writes: an id beyond BIGINT would reach the database.
        if not ident.isdigit() or not 0 < int(ident) <= ID_MAXIMO:
            raise ValueError(ident)
        return date.fromisoformat(dia), int(ident)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise CursorInvalido("Cursor de paginação inválido.") from None


_reversal = lancamento.alias("reversal")
_SELECT_MOVIMENTACAO = select(
    lancamento.c.id,
    lancamento.c.tipo,
    lancamento.c.valor_centavos,
    lancamento.c.data,
    lancamento.c.data_inclusao,
    lancamento.c.descricao,
    lancamento.c.estorno_de,
    _reversal.c.id.label("estornado_por"),
    lancamento.c.forma_pagamento,
    lancamento.c.categoria_id,
    categoria.c.nome.label("categoria"),
).select_from(
    lancamento.outerjoin(_reversal, _reversal.c.estorno_de == lancamento.c.id).outerjoin(
        categoria, categoria.c.id == lancamento.c.categoria_id
    )
)


def _movimentacao(row: Any) -> MovimentacaoLida:
    mov = Movimentacao(
        id=row.id,
        tipo=Tipo(row.tipo),
        valor_centavos=row.valor_centavos,
        data=row.data,
        data_inclusao=row.data_inclusao,
        descricao=row.descricao,
        estorno_de=row.estorno_de,
        estornada=row.estornado_por is not None,
        forma_pagamento=FormaPagamento(row.forma_pagamento) if row.forma_pagamento else None,
        categoria_id=row.categoria_id,
        categoria=row.categoria,
    )
    return MovimentacaoLida(mov, row.estornado_por)


class Ledger:
    """Records movements and keeps `saldo_diario` exact in the same transaction."""

    def __init__(
        self, engine: Engine, tz: ZoneInfo, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.engine = engine
        self.tz = tz
        self.clock = clock
        self._keyed_writes = itertools.count(1)
        # SQLite: one fsync for the writes of all requests waiting (see db.grupo).
        self._grupo = CommitGroup(engine) if engine.dialect.name == "sqlite" else None

    def hoje(self) -> date:
        return self.clock().astimezone(self.tz).date()

    # -- writes -------------------------------------------------------------

    def registrar(
        self,
        nova: NovaMovimentacao,
        render: Callable[[MovimentacaoLida], str],
        pedido: Pedido | None = None,
    ) -> Resposta:
        def work(conn: Connection) -> MovimentacaoLida:
            return inserir(conn, nova, self.clock(), self.tz)

        return self._idempotent_write(work, render, pedido)

    def estornar(
        self,
        ident: int,
        descricao: str | None,
        render: Callable[[MovimentacaoLida], str],
        pedido: Pedido | None = None,
    ) -> Resposta:
        def work(conn: Connection) -> MovimentacaoLida:
            original = self._obter(conn, ident)
            if original is None:
                raise MovimentacaoNaoEncontrada(ident)
            reversal = original.movimentacao.estorno(self.hoje(), descricao)
            try:
                return inserir(conn, reversal, self.clock(), self.tz)
            except IntegrityError:
                # Lost a race with another estorno of the same movement.
                raise EstornoNaoPermitido("Esta movimentação já foi estornada.") from None

        return self._idempotent_write(work, render, pedido)

    def _idempotent_write(
        self,
        work: Callable[[Connection], MovimentacaoLida],
        render: Callable[[MovimentacaoLida], str],
        pedido: Pedido | None,
    ) -> Resposta:
        if pedido is not None:
            guardada = self._resposta_guardada(pedido)
            if guardada is not None:
                return guardada

        def transaction(conn: Connection) -> Resposta:
            lida = work(conn)
            resposta = Resposta(201, render(lida), lida.movimentacao.id)
            if pedido is not None:
                self._guardar(conn, pedido, resposta)
            return resposta

        try:
            resposta = self._write(transaction)
        except _ChaveEmUso:
            assert pedido is not None
            guardada = self._resposta_guardada(pedido)
            if guardada is None:  # pragma: no cover - the other writer rolled back
                return self._idempotent_write(work, render, pedido)
            return guardada
        if pedido is not None and next(self._keyed_writes) % _PURGE_EVERY == 0:
            self.purgar_chaves_expiradas()
        return resposta

    def _guardar(self, conn: Connection, pedido: Pedido, resposta: Resposta) -> None:
        agora = self.clock()
        # An expired key may be used again as if new.
        conn.execute(
            delete(idempotencia).where(
                idempotencia.c.chave == pedido.chave,
                idempotencia.c.criado_em < agora - IDEMPOTENCY_TTL,
            )
        )
        try:
            conn.execute(
                insert(idempotencia).values(
                    chave=pedido.chave,
                    impressao=pedido.impressao,
                    status=resposta.status,
                    corpo=resposta.corpo,
                    lancamento_id=resposta.lancamento_id,
                    criado_em=agora,
                )
            )
        except IntegrityError:
            raise _ChaveEmUso from None

    def _resposta_guardada(self, pedido: Pedido) -> Resposta | None:
        with self._read() as conn:
            row = conn.execute(
                select(idempotencia).where(idempotencia.c.chave == pedido.chave)
            ).first()
        if row is None or row.criado_em < self.clock() - IDEMPOTENCY_TTL:
            return None
        if row.impressao != pedido.impressao:
            raise ChaveReutilizada(pedido.chave)
        return Resposta(row.status, row.corpo, row.lancamento_id, repetida=True)

    def purgar_chaves_expiradas(self) -> int:
        def work(conn: Connection) -> int:
            limite = self.clock() - IDEMPOTENCY_TTL
            return conn.execute(
                delete(idempotencia).where(idempotencia.c.criado_em < limite)
            ).rowcount

        return self._write(work)

    # -- reads --------------------------------------------------------------

    def obter(self, ident: int) -> MovimentacaoLida:
        with self._read() as conn:
            found = self._obter(conn, ident)
        if found is None:
            raise MovimentacaoNaoEncontrada(ident)
        return found

    @staticmethod
    def _obter(conn: Connection, ident: int) -> MovimentacaoLida | None:
        row = conn.execute(_SELECT_MOVIMENTACAO.where(lancamento.c.id == ident)).first()
        return None if row is None else _movimentacao(row)

    def listar(
        self,
        inicio: date | None = None,
        fim: date | None = None,
        tipo: Tipo | None = None,
        limite: int = 100,
        cursor: str | None = None,
        forma: FormaPagamento | None = None,
        categoria_id: int | None = None,
    ) -> Pagina:
        query = _SELECT_MOVIMENTACAO
        if forma is not None:
            query = query.where(lancamento.c.forma_pagamento == forma.value)
        if categoria_id is not None:
            query = query.where(lancamento.c.categoria_id == categoria_id)
        if inicio is not None:
            query = query.where(lancamento.c.data >= inicio)
        if fim is not None:
            query = query.where(lancamento.c.data <= fim)
        if tipo is not None:
            query = query.where(lancamento.c.tipo == tipo.value)
        if cursor is not None:
            dia, ident = decode_cursor(cursor)
            query = query.where(
                or_(
                    lancamento.c.data > dia,
                    and_(lancamento.c.data == dia, lancamento.c.id > ident),
                )
            )
        query = query.order_by(lancamento.c.data, lancamento.c.id).limit(limite + 1)
        with self._read() as conn:
            rows = conn.execute(query).all()
        itens = [_movimentacao(r) for r in rows[:limite]]
        proximo = None
        if len(rows) > limite:
            ultimo = itens[-1].movimentacao
            proximo = encode_cursor(ultimo.data, ultimo.id)
        return Pagina(itens, proximo)

    def categorias(self, tipo: Tipo | None = None) -> list[Categoria]:
        with self._read() as conn:
            return categorias.listar(conn, tipo)

    def criar_categoria(self, nome: str, tipo: Tipo) -> Categoria:
        return self._write(lambda conn: categorias.criar(conn, nome, tipo))

    def alterar_categoria(
        self, ident: int, nome: str | None = None, ativa: bool | None = None
    ) -> Categoria:
        return self._write(lambda conn: categorias.alterar(conn, ident, nome, ativa))

    def saudavel(self) -> bool:
        return saudavel(self.engine)

    # -- transactions -------------------------------------------------------

    def _read(self) -> AbstractContextManager[Connection]:
        # Every read here is one statement: no BEGIN needed around it on SQLite.
        return leitura(self.engine)

    def _write(self, work: Callable[[Connection], T]) -> T:
        for tentativa in itertools.count(1):
            try:
                if self._grupo is not None:
                    return self._grupo.run(work)
                with (
                    self.engine.connect().execution_options(**{WRITE: True}) as conn,
                    conn.begin(),
                ):
                    return work(conn)
            except (OperationalError, InterfaceError) as erro:
                if tentativa < _RETRIES and is_retryable(erro):
                    time.sleep(0.005 * 2**tentativa)
                    continue
                raise BancoIndisponivel(str(erro.orig)) from erro
        raise AssertionError("unreachable")  # pragma: no cover


class _ChaveEmUso(Exception):
    """Another transaction stored this Idempotency-Key first."""


def is_retryable(erro: DBAPIError) -> bool:
    """Deadlocks and serialization failures: the transaction can simply run again."""
    orig = erro.orig
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate in ("40001", "40P01"):
        return True
    args = getattr(orig, "args", ())
    if args and args[0] in (1205, 1213):  # MariaDB lock wait timeout, deadlock
        return True
    return "database is locked" in str(orig)


def inserir(
    conn: Connection,
    nova: NovaMovimentacao,
    agora: datetime,
    tz: ZoneInfo,
    origem: str | None = None,
) -> MovimentacaoLida:
    """Insert one movement and add it to its day's saldo, inside the caller's transaction.

    `origem` identifies an imported row (unique), so importing it again adds nothing.
    """
    local = agora.astimezone(tz)
    # Power BI groups by this column: keep it on the business day.
    data_hora_local = (
        local.replace(tzinfo=None)
        if local.date() == nova.data
        else datetime.combine(nova.data, clock_time())
    )
    somar_saldo(conn, nova.data, nova.tipo, nova.valor_centavos, 1)
    somar_detalhado(
        conn, nova.data, nova.tipo, nova.forma_pagamento, nova.categoria_id, None,
        nova.valor_centavos, 1,
    )  # fmt: skip
    result = conn.execute(
        _INSERT_LANCAMENTO,
        {
            "tipo": nova.tipo.value,
            "valor_centavos": nova.valor_centavos,
            "descricao": nova.descricao,
            "data": nova.data,
            "data_inclusao": agora,
            "data_hora_local": data_hora_local,
            "estorno_de": nova.estorno_de,
            "origem": origem,
            "forma_pagamento": None if nova.forma_pagamento is None else nova.forma_pagamento.value,
            "categoria_id": nova.categoria_id,
        },
    )
    (ident,) = result.inserted_primary_key or (None,)
    assert ident is not None
    mov = Movimentacao(
        id=int(ident),
        tipo=nova.tipo,
        valor_centavos=nova.valor_centavos,
        data=nova.data,
        data_inclusao=agora.astimezone(UTC),
        descricao=nova.descricao,
        estorno_de=nova.estorno_de,
        forma_pagamento=nova.forma_pagamento,
        categoria_id=nova.categoria_id,
        categoria=nova.categoria,
    )
    return MovimentacaoLida(mov, None)


# Statements built once: building one per request cost more CPU than running it.
_INSERT_LANCAMENTO = insert(lancamento)


@functools.cache
def _upsert_saldo(dialect: str, tipo: Tipo) -> Insert:
    """The day's upsert for one tipo, in each dialect's own words; values come at execute."""
    if tipo is Tipo.ENTRADA:
        soma, qtd = saldo_diario.c.entradas_centavos, saldo_diario.c.qtd_entradas
    else:
        soma, qtd = saldo_diario.c.saidas_centavos, saldo_diario.c.qtd_saidas
    if dialect in ("mysql", "mariadb"):
        my = mysql.insert(saldo_diario)
        return my.on_duplicate_key_update(
            {soma.name: soma + my.inserted[soma.name], qtd.name: qtd + my.inserted[qtd.name]}
        )
    stmt = (sqlite.insert if dialect == "sqlite" else postgresql.insert)(saldo_diario)
    return stmt.on_conflict_do_update(
        index_elements=[saldo_diario.c.data],
        set_={
            soma.name: soma + stmt.excluded[soma.name],
            qtd.name: qtd + stmt.excluded[qtd.name],
        },
    )


def somar_saldo(conn: Connection, dia: date, tipo: Tipo, centavos: int, quantidade: int) -> None:
    """Upsert the day's row of the projection, atomically, in each dialect's own words."""
    entrada = tipo is Tipo.ENTRADA
    conn.execute(
        _upsert_saldo(conn.dialect.name, tipo),
        {
            "data": dia,
            "entradas_centavos": centavos if entrada else 0,
            "saidas_centavos": 0 if entrada else centavos,
            "qtd_entradas": quantidade if entrada else 0,
            "qtd_saidas": 0 if entrada else quantidade,
        },
    )
