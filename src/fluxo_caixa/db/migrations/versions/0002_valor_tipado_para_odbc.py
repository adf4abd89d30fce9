"""SQLite: a typed valor in the view `movimentacao`, as the ODBC driver reports it to Power BI.

The SQLite3 ODBC driver describes columns (SQLColumns) from PRAGMA table_info, which
gives an expression in a view no type at all; the driver then calls `valor` text, and
Power BI loads it as text, so the seed report's sums break. Only a real column carries
a declared type through a view. So SQLite gets `valor_reais REAL`, filled by a trigger
from the centavos (SQLite does the division; our code never reads this column), and the
view selects it. A trigger rather than a generated column: generated columns need
SQLite 3.31, and an older ODBC driver on a merchant's Windows could not open the file.

PostgreSQL and MariaDB already type the view's expression (NUMERIC / DECIMAL).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIEW = (
    "CREATE VIEW movimentacao AS SELECT id, tipo, {valor} AS valor, "
    "data_hora_local AS data_inclusao, data, descricao, estorno_de, valor_centavos, "
    "data_inclusao AS data_inclusao_utc FROM lancamento"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("ALTER TABLE lancamento ADD COLUMN valor_reais REAL")
    op.execute("UPDATE lancamento SET valor_reais = valor_centavos / 100.0")
    op.execute(
        "CREATE TRIGGER lancamento_valor_reais AFTER INSERT ON lancamento BEGIN "
        "UPDATE lancamento SET valor_reais = NEW.valor_centavos / 100.0 WHERE id = NEW.id; "
        "END"
    )
    op.execute("DROP VIEW movimentacao")
    op.execute(VIEW.format(valor="valor_reais"))


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP VIEW movimentacao")
    op.execute(VIEW.format(valor="valor_centavos / 100.0"))
    op.execute("DROP TRIGGER lancamento_valor_reais")
    op.execute("ALTER TABLE lancamento DROP COLUMN valor_reais")
