"""Ledger, daily projection, idempotency keys and the seed-compatible view.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Momento = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")
Chave = sa.String(255).with_variant(
    mysql.VARCHAR(255, charset="ascii", collation="ascii_bin"), "mysql", "mariadb"
)

# Power BI's SQLite ODBC report reads table `movimentacao (id, tipo, valor, data_inclusao)`
# with valor in reais; the view keeps that shape over the centavos ledger.
VIEW_VALOR = {
    "sqlite": "valor_centavos / 100.0",
    "postgresql": "CAST(valor_centavos AS NUMERIC(12, 2)) / 100",
    "mysql": "CAST(valor_centavos / 100 AS DECIMAL(12, 2))",
    "mariadb": "CAST(valor_centavos / 100 AS DECIMAL(12, 2))",
}


def upgrade() -> None:
    op.create_table(
        "lancamento",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("tipo", sa.String(7), nullable=False),
        sa.Column("valor_centavos", sa.BigInteger(), nullable=False),
        sa.Column("descricao", sa.String(200), nullable=True),
        sa.Column("data", sa.Date(), nullable=False),
        sa.Column("data_inclusao", Momento, nullable=False),
        sa.Column("data_hora_local", Momento, nullable=False),
        sa.Column("estorno_de", Id, nullable=True),
        sa.Column("origem", sa.String(120), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_lancamento"),
        sa.ForeignKeyConstraint(
            ["estorno_de"], ["lancamento.id"], name="fk_lancamento_estorno_de_lancamento"
        ),
        sa.UniqueConstraint("estorno_de", name="uq_lancamento_estorno_de"),
        sa.UniqueConstraint("origem", name="uq_lancamento_origem"),
        sa.CheckConstraint("tipo IN ('entrada', 'saida')", name="ck_lancamento_tipo"),
        sa.CheckConstraint(
            "valor_centavos > 0 AND valor_centavos <= 9999999999", name="ck_lancamento_valor"
        ),
    )
    op.create_index("ix_lancamento_data_id", "lancamento", ["data", "id"])
    op.create_table(
        "saldo_diario",
        sa.Column("data", sa.Date(), nullable=False),
        sa.Column("entradas_centavos", sa.BigInteger(), nullable=False),
        sa.Column("saidas_centavos", sa.BigInteger(), nullable=False),
        sa.Column("qtd_entradas", sa.BigInteger(), nullable=False),
        sa.Column("qtd_saidas", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("data", name="pk_saldo_diario"),
    )
    op.create_table(
        "idempotencia",
        sa.Column("chave", Chave, nullable=False),
        sa.Column("impressao", sa.String(64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("corpo", sa.Text(), nullable=False),
        sa.Column("lancamento_id", Id, nullable=True),
        sa.Column("criado_em", Momento, nullable=False),
        sa.PrimaryKeyConstraint("chave", name="pk_idempotencia"),
    )
    op.create_index("ix_idempotencia_criado_em", "idempotencia", ["criado_em"])
    valor = VIEW_VALOR[op.get_bind().dialect.name]
    op.execute(
        "CREATE VIEW movimentacao AS SELECT id, tipo, "  # noqa: S608 - constant per dialect
        f"{valor} AS valor, data_hora_local AS data_inclusao, "
        "data, descricao, estorno_de, valor_centavos, data_inclusao AS data_inclusao_utc "
        "FROM lancamento"
    )


def downgrade() -> None:
    op.execute("DROP VIEW movimentacao")
    op.drop_table("idempotencia")
    op.drop_table("saldo_diario")
    op.drop_table("lancamento")
