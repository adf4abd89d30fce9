"""Browser sessions held on the server, and failed sign-ins per client address.

`sessao` keeps only a hash of the random value in the cookie, the service it belongs to
and a fingerprint of the API token it was opened under (a changed token ends them all).
`tentativa_acesso` counts wrong tokens per client address, so every worker of every
service sees the same count and the same block.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Momento = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")
Hash = sa.String(64).with_variant(
    mysql.VARCHAR(64, charset="ascii", collation="ascii_bin"), "mysql", "mariadb"
)


def upgrade() -> None:
    op.create_table(
        "sessao",
        sa.Column("chave", Hash, nullable=False),
        sa.Column("servico", sa.String(20), nullable=False),
        sa.Column("impressao_token", Hash, nullable=False),
        sa.Column("criada_em", Momento, nullable=False),
        sa.Column("vista_em", Momento, nullable=False),
        sa.Column("expira_em", Momento, nullable=False),
        sa.PrimaryKeyConstraint("chave", name="pk_sessao"),
    )
    op.create_index("ix_sessao_expira_em", "sessao", ["expira_em"])
    op.create_table(
        "tentativa_acesso",
        sa.Column("endereco", sa.String(64), nullable=False),
        sa.Column("falhas", sa.Integer(), nullable=False),
        sa.Column("janela_inicio", Momento, nullable=False),
        sa.Column("bloqueios", sa.Integer(), nullable=False),
        sa.Column("bloqueado_ate", Momento, nullable=True),
        sa.PrimaryKeyConstraint("endereco", name="pk_tentativa_acesso"),
    )
    op.create_index("ix_tentativa_acesso_bloqueado_ate", "tentativa_acesso", ["bloqueado_ate"])


def downgrade() -> None:
    op.drop_index("ix_tentativa_acesso_bloqueado_ate", "tentativa_acesso")
    op.drop_table("tentativa_acesso")
    op.drop_index("ix_sessao_expira_em", "sessao")
    op.drop_table("sessao")
