"""Controle de caixa: caixas (with "Caixa 1"), their sessions, drawer events, the per-forma
conferência of a closed session, and the movement's caixa and session; the Power BI view
now names the caixa.

At most one open session per caixa is the database's rule: `caixa_aberta_id` holds the
caixa's id while the session is open and NULL once closed, under a unique index (NULLs
never collide on SQLite, PostgreSQL or MariaDB).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


# MariaDB's DATETIME drops fractions unless asked.
MOMENTO = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")


VIEW_VALOR = {
    "sqlite": "l.valor_reais",
    "postgresql": "CAST(l.valor_centavos AS NUMERIC(12, 2)) / 100",
    "mysql": "CAST(l.valor_centavos / 100 AS DECIMAL(12, 2))",
    "mariadb": "CAST(l.valor_centavos / 100 AS DECIMAL(12, 2))",
}
VIEW = (
    "CREATE VIEW movimentacao AS SELECT l.id AS id, l.tipo AS tipo, {valor} AS valor, "
    "l.data_hora_local AS data_inclusao, l.data AS data, l.descricao AS descricao, "
    "l.estorno_de AS estorno_de, l.valor_centavos AS valor_centavos, "
    "l.data_inclusao AS data_inclusao_utc, l.forma_pagamento AS forma_pagamento, "
    "c.nome AS categoria, {caixa} AS caixa "
    "FROM lancamento l LEFT JOIN categoria c ON c.id = l.categoria_id{junta}"
)


def _view(dialect: str, com_caixa: bool) -> str:
    texto = "CHAR(60)" if dialect in ("mysql", "mariadb") else "VARCHAR(60)"
    return VIEW.format(
        valor=VIEW_VALOR[dialect],
        caixa="x.nome" if com_caixa else f"CAST(NULL AS {texto})",
        junta=" LEFT JOIN caixa x ON x.id = l.caixa_id" if com_caixa else "",
    )


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    momento = MOMENTO
    caixa = op.create_table(
        "caixa",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("nome", sa.String(60), nullable=False),
        sa.Column("nome_chave", sa.String(60), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_caixa"),
        sa.UniqueConstraint("nome_chave", name="uq_caixa_nome_chave"),
    )
    op.bulk_insert(caixa, [{"nome": "Caixa 1", "nome_chave": "caixa 1"}])
    op.create_table(
        "sessao_caixa",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("caixa_id", Id, nullable=False),
        sa.Column("caixa_aberta_id", sa.BigInteger(), nullable=True),
        sa.Column("operador", sa.String(80), nullable=True),
        sa.Column("aberta_em", momento, nullable=False),
        sa.Column("fundo_centavos", sa.BigInteger(), nullable=False),
        sa.Column("deixado_anterior_centavos", sa.BigInteger(), nullable=True),
        sa.Column("fechada_em", momento, nullable=True),
        sa.Column("esperado_centavos", sa.BigInteger(), nullable=True),
        sa.Column("contado_centavos", sa.BigInteger(), nullable=True),
        sa.Column("suprimentos_centavos", sa.BigInteger(), nullable=True),
        sa.Column("sangrias_centavos", sa.BigInteger(), nullable=True),
        sa.Column("deixado_centavos", sa.BigInteger(), nullable=True),
        sa.Column("retirada_centavos", sa.BigInteger(), nullable=True),
        sa.Column("cedulas", sa.Text(), nullable=True),
        sa.Column("observacao", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sessao_caixa"),
        sa.ForeignKeyConstraint(["caixa_id"], ["caixa.id"], name="fk_sessao_caixa_caixa_id_caixa"),
        sa.UniqueConstraint("caixa_aberta_id", name="uq_sessao_caixa_caixa_aberta_id"),
    )
    op.create_index("ix_sessao_caixa_caixa_id", "sessao_caixa", ["caixa_id"])
    op.create_table(
        "conferencia_caixa",
        sa.Column("sessao_id", Id, nullable=False),
        sa.Column("forma_pagamento", sa.String(13), nullable=False),
        sa.Column("entradas_centavos", sa.BigInteger(), nullable=False),
        sa.Column("saidas_centavos", sa.BigInteger(), nullable=False),
        sa.Column("esperado_centavos", sa.BigInteger(), nullable=False),
        sa.Column("contado_centavos", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("sessao_id", "forma_pagamento", name="pk_conferencia_caixa"),
        sa.ForeignKeyConstraint(
            ["sessao_id"], ["sessao_caixa.id"],
            name="fk_conferencia_caixa_sessao_id_sessao_caixa",
        ),
    )  # fmt: skip
    op.create_table(
        "evento_caixa",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("sessao_id", Id, nullable=False),
        sa.Column("tipo", sa.String(10), nullable=False),
        sa.Column("valor_centavos", sa.BigInteger(), nullable=False),
        sa.Column("descricao", sa.String(200), nullable=True),
        sa.Column("registrado_em", momento, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evento_caixa"),
        sa.ForeignKeyConstraint(
            ["sessao_id"], ["sessao_caixa.id"], name="fk_evento_caixa_sessao_id_sessao_caixa"
        ),
        sa.CheckConstraint(
            "tipo IN ('suprimento', 'sangria', 'retirada')", name="ck_evento_caixa_tipo"
        ),
        sa.CheckConstraint("valor_centavos > 0", name="ck_evento_caixa_valor"),
    )
    op.create_index("ix_evento_caixa_sessao_id", "evento_caixa", ["sessao_id"])
    op.execute("DROP VIEW movimentacao")
    if dialect == "sqlite":
        # ADD COLUMN keeps the table (its trigger and rowids), as in 0004.
        op.execute(
            "ALTER TABLE lancamento ADD COLUMN caixa_id INTEGER "
            "CONSTRAINT fk_lancamento_caixa_id_caixa REFERENCES caixa (id)"
        )
        op.execute(
            "ALTER TABLE lancamento ADD COLUMN sessao_id INTEGER "
            "CONSTRAINT fk_lancamento_sessao_id_sessao_caixa REFERENCES sessao_caixa (id)"
        )
    else:
        op.add_column("lancamento", sa.Column("caixa_id", Id, nullable=True))
        op.add_column("lancamento", sa.Column("sessao_id", Id, nullable=True))
        op.create_foreign_key(
            "fk_lancamento_caixa_id_caixa", "lancamento", "caixa", ["caixa_id"], ["id"]
        )
        op.create_foreign_key(
            "fk_lancamento_sessao_id_sessao_caixa",
            "lancamento",
            "sessao_caixa",
            ["sessao_id"],
            ["id"],
        )
    op.create_index("ix_lancamento_sessao_id", "lancamento", ["sessao_id"])
    op.execute(_view(dialect, com_caixa=True))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute("DROP VIEW movimentacao")
    op.drop_index("ix_lancamento_sessao_id", "lancamento")
    if dialect == "sqlite":
        op.execute("ALTER TABLE lancamento DROP COLUMN sessao_id")
        op.execute("ALTER TABLE lancamento DROP COLUMN caixa_id")
    else:
        op.drop_constraint("fk_lancamento_sessao_id_sessao_caixa", "lancamento", "foreignkey")
        op.drop_constraint("fk_lancamento_caixa_id_caixa", "lancamento", "foreignkey")
        op.drop_column("lancamento", "sessao_id")
        op.drop_column("lancamento", "caixa_id")
    op.drop_table("evento_caixa")
    op.drop_table("conferencia_caixa")
    op.drop_table("sessao_caixa")
    op.drop_table("caixa")
    op.execute(_view(dialect, com_caixa=False))
