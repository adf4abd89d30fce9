"""Day closes (numbered, versioned snapshots of the relatório Z) and reopenings.

Both tables are append-only.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Momento = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")


def upgrade() -> None:
    op.create_table(
        "fechamento_dia",
        sa.Column("numero", Id, primary_key=True, autoincrement=False),
        sa.Column("data", sa.Date, nullable=False),
        sa.Column("versao", sa.Integer, nullable=False),
        sa.Column("fechado_em", Momento, nullable=False),
        sa.Column("observacao", sa.String(200), nullable=True),
        sa.Column("ultimo_lancamento_id", sa.BigInteger, nullable=False),
        sa.Column(
            "relatorio",
            sa.Text().with_variant(mysql.MEDIUMTEXT(), "mysql", "mariadb"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("numero", name="pk_fechamento_dia"),
        sa.UniqueConstraint("data", "versao", name="uq_fechamento_dia_data_versao"),
    )
    op.create_table(
        "reabertura_dia",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("data", sa.Date, nullable=False),
        sa.Column("versao", sa.Integer, nullable=False),
        sa.Column("motivo", sa.String(200), nullable=False),
        sa.Column("reaberto_em", Momento, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reabertura_dia"),
        sa.UniqueConstraint("data", "versao", name="uq_reabertura_dia_data_versao"),
    )


def downgrade() -> None:
    op.drop_table("reabertura_dia")
    op.drop_table("fechamento_dia")
