"""The schema, as SQLAlchemy Core tables. Migrations are the only way it is made."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects import mysql

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# INTEGER PRIMARY KEY is SQLite's rowid alias; BIGINT elsewhere.
Id = BigInteger().with_variant(Integer(), "sqlite")
# MariaDB's DATETIME drops fractions unless asked.
_Momento = DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")
# Idempotency keys are case-sensitive; MariaDB's default collation is not.
_Chave = String(255).with_variant(
    mysql.VARCHAR(255, charset="ascii", collation="ascii_bin"), "mysql", "mariadb"
)


class UtcDateTime(TypeDecorator[datetime]):
    """An aware instant stored as naive UTC, the one form every database keeps alike."""

    impl = _Momento
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an instant is expected")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        instant = datetime.fromisoformat(value) if isinstance(value, str) else value
        assert isinstance(instant, datetime)
        return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)


# On SQLite, migration 0002 also gives lancamento a `valor_reais REAL` column, filled by
# a trigger, only so the ODBC driver types the view's valor for Power BI; it is left out
# of this metadata on purpose (no other backend has it, and our code never reads it).
lancamento = Table(
    "lancamento",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("tipo", String(7), nullable=False),
    Column("valor_centavos", BigInteger, nullable=False),
    Column("descricao", String(200), nullable=True),
    Column("data", Date, nullable=False),
    Column("data_inclusao", UtcDateTime, nullable=False),
    # Local wall-clock of the movement, for the Power BI view (naive, merchant's zone).
    Column("data_hora_local", _Momento, nullable=False),
    Column(
        "estorno_de",
        Id,
        ForeignKey("lancamento.id", name="fk_lancamento_estorno_de_lancamento"),
        nullable=True,
        unique=True,  # a movement is reversed at most once, even under races
    ),
    # Stable identity of an imported row, so importing twice adds nothing.
    Column("origem", String(120), nullable=True, unique=True),
    # Null: "não informada" / "sem categoria" (every movement before migration 0004).
    Column("forma_pagamento", String(13), nullable=True),
    Column(
        "categoria_id",
        Id,
        ForeignKey("categoria.id", name="fk_lancamento_categoria_id_categoria"),
        nullable=True,
    ),
    # The caixa and session it was recorded in (migration 0005); null: none.
    Column(
        "caixa_id", Id, ForeignKey("caixa.id", name="fk_lancamento_caixa_id_caixa"), nullable=True
    ),
    Column(
        "sessao_id",
        Id,
        ForeignKey("sessao_caixa.id", name="fk_lancamento_sessao_id_sessao_caixa"),
        nullable=True,
    ),
    CheckConstraint("tipo IN ('entrada', 'saida')", name="tipo"),
    CheckConstraint("valor_centavos > 0 AND valor_centavos <= 9999999999", name="valor"),
    Index("ix_lancamento_data_id", "data", "id"),
    Index("ix_lancamento_sessao_id", "sessao_id"),
)

categoria = Table(
    "categoria",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("nome", String(80), nullable=False),
    # The name folded (case, accents, spacing): two spellings are one categoria.
    Column("nome_chave", String(80), nullable=False, unique=True),
    Column("tipo", String(7), nullable=False),
    Column("ativa", Boolean, nullable=False, default=True),
    CheckConstraint("tipo IN ('entrada', 'saida')", name="tipo"),
)

saldo_diario = Table(
    "saldo_diario",
    metadata,
    Column("data", Date, primary_key=True),
    Column("entradas_centavos", BigInteger, nullable=False, default=0),
    Column("saidas_centavos", BigInteger, nullable=False, default=0),
    Column("qtd_entradas", BigInteger, nullable=False, default=0),
    Column("qtd_saidas", BigInteger, nullable=False, default=0),
)

# The version of what the consolidado reads (migration 0008): triggers bump it on every
# change of saldo_diario, saldo_detalhado or categoria, so a reader that sees the same
# number sees the same rows there (db.acumulado).
saldo_versao = Table(
    "saldo_versao",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("versao", BigInteger, nullable=False),
)

# The breakdown projection: one row per day × tipo × forma × categoria × caixa, kept in
# the same transaction as each movement. Its key cannot hold NULLs, so "não informada"
# is '' and "sem categoria" / "sem caixa" are 0 here (and only here).
saldo_detalhado = Table(
    "saldo_detalhado",
    metadata,
    Column("data", Date, primary_key=True),
    Column("tipo", String(7), primary_key=True),
    Column("forma_pagamento", String(13), primary_key=True),
    Column("categoria_id", BigInteger, primary_key=True),
    Column("caixa_id", BigInteger, primary_key=True),
    Column("valor_centavos", BigInteger, nullable=False),
    Column("quantidade", BigInteger, nullable=False),
)

idempotencia = Table(
    "idempotencia",
    metadata,
    Column("chave", _Chave, primary_key=True),
    Column("impressao", String(64), nullable=False),  # sha256 of method, path and body
    # Opaque to the database layer: an int code and a payload, as the caller encoded them.
    Column("codigo", Integer, key="code", nullable=False),
    Column("conteudo", Text, key="payload", nullable=False),
    Column("lancamento_id", Id, nullable=True),
    Column("criado_em", UtcDateTime, nullable=False, index=True),
)

_Hash = String(64).with_variant(
    mysql.VARCHAR(64, charset="ascii", collation="ascii_bin"), "mysql", "mariadb"
)

# Browser sessions (migration 0003): the cookie's value is never stored, only its hash.
sessao = Table(
    "sessao",
    metadata,
    Column("chave", _Hash, primary_key=True),  # sha256 of the cookie's random value
    Column("servico", String(20), nullable=False),
    Column("impressao_token", _Hash, nullable=False),  # of the API token it was opened under
    Column("criada_em", UtcDateTime, nullable=False),
    Column("vista_em", UtcDateTime, nullable=False),
    Column("expira_em", UtcDateTime, nullable=False, index=True),
)

# Wrong tokens per client address, shared by every worker of both services.
tentativa_acesso = Table(
    "tentativa_acesso",
    metadata,
    Column("endereco", String(64), primary_key=True),
    Column("falhas", Integer, nullable=False),  # in the window that began at janela_inicio
    Column("janela_inicio", UtcDateTime, nullable=False),
    Column("bloqueios", Integer, nullable=False),  # blocks in a row: each doubles the next
    Column("bloqueado_ate", UtcDateTime, nullable=True, index=True),
)


# Controle de caixa (migration 0005): drawers, their sessions, drawer events.
caixa = Table(
    "caixa",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("nome", String(60), nullable=False),
    Column("nome_chave", String(60), nullable=False, unique=True),
)

sessao_caixa = Table(
    "sessao_caixa",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("caixa_id", Id, ForeignKey("caixa.id", name="fk_sessao_caixa_caixa_id_caixa"),
           nullable=False, index=True),
    # The caixa's id while the session is open, NULL once closed: the unique index makes
    # "one open session per caixa" the database's rule (NULLs never collide).
    Column("caixa_aberta_id", BigInteger, nullable=True, unique=True),
    Column("operador", String(80), nullable=True),
    Column("aberta_em", UtcDateTime, nullable=False),
    Column("fundo_centavos", BigInteger, nullable=False),
    Column("deixado_anterior_centavos", BigInteger, nullable=True),
    # Filled once, by the fechamento; never changed after.
    Column("fechada_em", UtcDateTime, nullable=True),
    Column("esperado_centavos", BigInteger, nullable=True),
    Column("contado_centavos", BigInteger, nullable=True),
    Column("suprimentos_centavos", BigInteger, nullable=True),
    Column("sangrias_centavos", BigInteger, nullable=True),
    Column("deixado_centavos", BigInteger, nullable=True),
    Column("retirada_centavos", BigInteger, nullable=True),
    Column("cedulas", Text, nullable=True),  # JSON {"100": 2, ...}
    Column("observacao", String(200), nullable=True),
)  # fmt: skip

# Per forma of a closed session: what was expected and what was counted.
conferencia_caixa = Table(
    "conferencia_caixa",
    metadata,
    Column("sessao_id", Id, ForeignKey("sessao_caixa.id",
           name="fk_conferencia_caixa_sessao_id_sessao_caixa"), primary_key=True),
    Column("forma_pagamento", String(13), primary_key=True),  # '' for não informada
    Column("entradas_centavos", BigInteger, nullable=False),
    Column("saidas_centavos", BigInteger, nullable=False),
    Column("esperado_centavos", BigInteger, nullable=False),
    Column("contado_centavos", BigInteger, nullable=True),
)  # fmt: skip

evento_caixa = Table(
    "evento_caixa",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("sessao_id", Id, ForeignKey("sessao_caixa.id",
           name="fk_evento_caixa_sessao_id_sessao_caixa"), nullable=False, index=True),
    Column("tipo", String(10), nullable=False),
    Column("valor_centavos", BigInteger, nullable=False),
    Column("descricao", String(200), nullable=True),
    Column("registrado_em", UtcDateTime, nullable=False),
    CheckConstraint("tipo IN ('suprimento', 'sangria', 'retirada')", name="tipo"),
    CheckConstraint("valor_centavos > 0", name="valor"),
)  # fmt: skip
# Day closes and reopenings (migration 0006), both append-only: a row is never updated.
# `numero` counts every close ever (1, 2, ...); (data, versao) is unique, so two closes
# of one day racing each other cannot both be version n. The snapshot is the relatório Z
# as JSON, kept byte for byte.
_Relatorio = Text().with_variant(mysql.MEDIUMTEXT(), "mysql", "mariadb")
fechamento_dia = Table(
    "fechamento_dia",
    metadata,
    Column("numero", Id, primary_key=True, autoincrement=False),
    Column("data", Date, nullable=False),
    Column("versao", Integer, nullable=False),
    Column("fechado_em", UtcDateTime, nullable=False),
    Column("observacao", String(200), nullable=True),
    # The largest movement id of that date the snapshot holds (0: none): verificar
    # compares the snapshot with the ledger's movements of that date up to it.
    Column("ultimo_lancamento_id", BigInteger, nullable=False),
    Column("relatorio", _Relatorio, nullable=False),
    UniqueConstraint("data", "versao"),
)

reabertura_dia = Table(
    "reabertura_dia",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("data", Date, nullable=False),
    Column("versao", Integer, nullable=False),  # the close it undid
    Column("motivo", String(200), nullable=False),
    Column("reaberto_em", UtcDateTime, nullable=False),
    UniqueConstraint("data", "versao"),
)
