"""Databases shaped like the seed prototype's (its app.py with SQLAlchemy, FLOAT valor)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

# A byte-for-byte copy of the seed's ../shared/seed/movimentacoes.db, so CI has it too.
SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed_movimentacoes.db"
# The seed's own schema, as its SQLAlchemy model created it.
ESQUEMA = """
CREATE TABLE movimentacao (
    id INTEGER NOT NULL,
    tipo VARCHAR(10) NOT NULL,
    valor FLOAT NOT NULL,
    data_inclusao DATETIME,
    PRIMARY KEY (id)
)
"""


def criar_prototipo(caminho: Path, linhas: list[tuple[int, str, object, str | None]]) -> Path:
    """A prototype database holding (id, tipo, valor, data_inclusao) rows as given."""
    with sqlite3.connect(caminho) as conn:
        conn.execute(ESQUEMA)
        conn.executemany("INSERT INTO movimentacao VALUES (?, ?, ?, ?)", linhas)
    conn.close()
    return caminho
