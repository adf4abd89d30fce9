"""The version of what the consolidado reads: one counter the database bumps on every change.

The consolidado keeps saldo_diario with its running balance (saldo_anterior) in memory,
and its encoded answers, and asks this counter first on each read: an equal counter means
the same saldo_diario, saldo_detalhado and categoria names, so what it keeps is exact; a
different one, a fresh read. Triggers, not the application, bump it, so no writer can
forget it (the service, an import, `verificar --corrigir`, a hand-made fix in SQL), and a
read replica gets it with the rows it counts. On PostgreSQL and MariaDB the triggers run
BEFORE the write, so a writer takes the counter's row lock before the projection rows
it upserts: one order for every writer of the service (on MariaDB, whose triggers are
per row, a hand-made UPDATE or DELETE locks its row first, and may meet a deadlock that
the database breaks; the service retries its own transactions).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EVENTOS = ("insert", "update", "delete")
# What the consolidado's answers are made of: the two projections, and the categorias'
# names (a renamed categoria changes /consolidado/detalhado).
TABELAS = ("saldo_diario", "saldo_detalhado", "categoria")
# An upsert: the counter comes back by itself should its row ever be deleted.
SQLITE_BUMP = (
    "INSERT INTO saldo_versao (id, versao) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET versao = versao + 1"
)
MARIADB_BUMP = (
    "INSERT INTO saldo_versao (id, versao) VALUES (1, 1) "
    "ON DUPLICATE KEY UPDATE versao = versao + 1"
)
# PostgreSQL: statement triggers, BEFORE the statement touches any row, so that every
# transaction takes the counter's row lock before any projection row, whatever the
# statement (an UPDATE locks its rows before its BEFORE ROW triggers run: a row trigger
# let a hand-made UPDATE and an upsert of the same day deadlock). Once per transaction
# is enough (every committed change still gets a version of its own): a transaction-local
# setting remembers the bump (a savepoint rolled back forgets both).
POSTGRESQL_FUNCTION = """
CREATE OR REPLACE FUNCTION saldo_versao_incrementar() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('fluxo.saldo_versao_nesta_transacao', true) IS DISTINCT FROM '1' THEN
        INSERT INTO saldo_versao (id, versao) VALUES (1, 1)
        ON CONFLICT (id) DO UPDATE SET versao = saldo_versao.versao + 1;
        PERFORM set_config('fluxo.saldo_versao_nesta_transacao', '1', true);
    END IF;
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "saldo_versao",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("versao", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_saldo_versao"),
    )
    op.execute("INSERT INTO saldo_versao (id, versao) VALUES (1, 0)")
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(POSTGRESQL_FUNCTION)
    for tabela in TABELAS:
        if dialect == "sqlite":
            for evento in EVENTOS:
                op.execute(
                    f"CREATE TRIGGER {tabela}_versao_{evento} AFTER {evento.upper()} "
                    f"ON {tabela} BEGIN {SQLITE_BUMP}; END"
                )
        elif dialect == "postgresql":
            op.execute(
                f"CREATE TRIGGER {tabela}_versao BEFORE INSERT OR UPDATE OR DELETE OR "
                f"TRUNCATE ON {tabela} FOR EACH STATEMENT "
                "EXECUTE FUNCTION saldo_versao_incrementar()"
            )
        else:
            for evento in EVENTOS:
                op.execute(
                    f"CREATE TRIGGER {tabela}_versao_{evento} BEFORE {evento.upper()} "
                    f"ON {tabela} FOR EACH ROW {MARIADB_BUMP}"
                )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for tabela in TABELAS:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER {tabela}_versao ON {tabela}")
        else:
            for evento in EVENTOS:
                op.execute(f"DROP TRIGGER {tabela}_versao_{evento}")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION saldo_versao_incrementar()")
    op.drop_table("saldo_versao")
