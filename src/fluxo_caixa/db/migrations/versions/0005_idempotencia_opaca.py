"""The stored idempotent answer's columns say what the database knows of them: an opaque
code and content the caller encoded (they held an HTTP status and body by name only).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# RENAME COLUMN: SQLite 3.25+, PostgreSQL, MariaDB 10.5+ alike.
RENAMES = (("status", "codigo"), ("corpo", "conteudo"))


def upgrade() -> None:
    for antigo, novo in RENAMES:
        op.execute(f"ALTER TABLE idempotencia RENAME COLUMN {antigo} TO {novo}")


def downgrade() -> None:
    for antigo, novo in RENAMES:
        op.execute(f"ALTER TABLE idempotencia RENAME COLUMN {novo} TO {antigo}")
