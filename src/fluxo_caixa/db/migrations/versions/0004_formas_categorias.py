"""Formas de pagamento and categorias: ledger columns, the plano de contas, the breakdown
projection, and the Power BI view with readable forma, categoria and caixa.

Existing movements keep null forma and categoria ("não informada", "sem categoria"); the
projection is filled from them in one statement.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

# Frozen here as it was shipped: later changes to the default list must not rewrite history.
PLANO_PADRAO = (
    ("Vendas", "entrada"),
    ("Serviços", "entrada"),
    ("Aporte do dono", "entrada"),
    ("Outras entradas", "entrada"),
    ("Mercadorias e fornecedores", "saida"),
    ("Aluguel", "saida"),
    ("Salários e encargos", "saida"),
    ("Impostos e taxas", "saida"),
    ("Água, luz e internet", "saida"),
    ("Tarifas de cartão e banco", "saida"),
    ("Retirada do dono (pró-labore)", "saida"),
    ("Outras saídas", "saida"),
)

VIEW_VALOR = {
    "sqlite": "l.valor_reais",
    "postgresql": "CAST(l.valor_centavos AS NUMERIC(12, 2)) / 100",
    "mysql": "CAST(l.valor_centavos / 100 AS DECIMAL(12, 2))",
    "mariadb": "CAST(l.valor_centavos / 100 AS DECIMAL(12, 2))",
}
# No caixa table yet (controle de caixa comes later): the column is there, always null.
VIEW = (
    "CREATE VIEW movimentacao AS SELECT l.id AS id, l.tipo AS tipo, {valor} AS valor, "
    "l.data_hora_local AS data_inclusao, l.data AS data, l.descricao AS descricao, "
    "l.estorno_de AS estorno_de, l.valor_centavos AS valor_centavos, "
    "l.data_inclusao AS data_inclusao_utc, l.forma_pagamento AS forma_pagamento, "
    "c.nome AS categoria, CAST(NULL AS {texto}) AS caixa "
    "FROM lancamento l LEFT JOIN categoria c ON c.id = l.categoria_id"
)
VIEW_ANTERIOR = {
    "sqlite": "valor_reais",
    "postgresql": "CAST(valor_centavos AS NUMERIC(12, 2)) / 100",
    "mysql": "CAST(valor_centavos / 100 AS DECIMAL(12, 2))",
    "mariadb": "CAST(valor_centavos / 100 AS DECIMAL(12, 2))",
}


def _chave(nome: str) -> str:
    decomposto = unicodedata.normalize("NFKD", nome)
    sem_acento = "".join(c for c in decomposto if not unicodedata.combining(c))
    return " ".join(sem_acento.casefold().split())


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    categoria = op.create_table(
        "categoria",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("nome", sa.String(80), nullable=False),
        sa.Column("nome_chave", sa.String(80), nullable=False),
        sa.Column("tipo", sa.String(7), nullable=False),
        sa.Column("ativa", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_categoria"),
        sa.UniqueConstraint("nome_chave", name="uq_categoria_nome_chave"),
        sa.CheckConstraint("tipo IN ('entrada', 'saida')", name="ck_categoria_tipo"),
    )
    op.bulk_insert(
        categoria,
        [{"nome": n, "nome_chave": _chave(n), "tipo": t, "ativa": True} for n, t in PLANO_PADRAO],
    )
    op.execute("DROP VIEW movimentacao")
    if dialect == "sqlite":
        # ALTER TABLE ADD COLUMN keeps the table (its trigger and rowids); a batch
        # rebuild would not. SQLite allows REFERENCES on an added column with a null default.
        op.execute("ALTER TABLE lancamento ADD COLUMN forma_pagamento VARCHAR(13)")
        op.execute(
            "ALTER TABLE lancamento ADD COLUMN categoria_id INTEGER "
            "CONSTRAINT fk_lancamento_categoria_id_categoria REFERENCES categoria (id)"
        )
    else:
        op.add_column("lancamento", sa.Column("forma_pagamento", sa.String(13), nullable=True))
        op.add_column("lancamento", sa.Column("categoria_id", Id, nullable=True))
        op.create_foreign_key(
            "fk_lancamento_categoria_id_categoria",
            "lancamento",
            "categoria",
            ["categoria_id"],
            ["id"],
        )
    op.create_table(
        "saldo_detalhado",
        sa.Column("data", sa.Date(), nullable=False),
        sa.Column("tipo", sa.String(7), nullable=False),
        sa.Column("forma_pagamento", sa.String(13), nullable=False),
        sa.Column("categoria_id", sa.BigInteger(), nullable=False),
        sa.Column("caixa_id", sa.BigInteger(), nullable=False),
        sa.Column("valor_centavos", sa.BigInteger(), nullable=False),
        sa.Column("quantidade", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "data", "tipo", "forma_pagamento", "categoria_id", "caixa_id",
            name="pk_saldo_detalhado",
        ),
    )  # fmt: skip
    op.execute(
        "INSERT INTO saldo_detalhado "
        "(data, tipo, forma_pagamento, categoria_id, caixa_id, valor_centavos, quantidade) "
        "SELECT data, tipo, '', 0, 0, SUM(valor_centavos), COUNT(*) FROM lancamento "
        "GROUP BY data, tipo"
    )
    texto = "CHAR(60)" if dialect in ("mysql", "mariadb") else "VARCHAR(60)"
    op.execute(VIEW.format(valor=VIEW_VALOR[dialect], texto=texto))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute("DROP VIEW movimentacao")
    op.drop_table("saldo_detalhado")
    if dialect == "sqlite":
        op.execute("ALTER TABLE lancamento DROP COLUMN categoria_id")
        op.execute("ALTER TABLE lancamento DROP COLUMN forma_pagamento")
    else:
        op.drop_constraint("fk_lancamento_categoria_id_categoria", "lancamento", "foreignkey")
        op.drop_column("lancamento", "categoria_id")
        op.drop_column("lancamento", "forma_pagamento")
    op.drop_table("categoria")
    op.execute(
        "CREATE VIEW movimentacao AS SELECT id, tipo, "  # noqa: S608 - constant per dialect
        f"{VIEW_ANTERIOR[dialect]} AS valor, data_hora_local AS data_inclusao, "
        "data, descricao, estorno_de, valor_centavos, data_inclusao AS data_inclusao_utc "
        "FROM lancamento"
    )
