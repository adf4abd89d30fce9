"""Real databases for tests: a fresh SQLite file each, or a truncated server database."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sqlalchemy import Engine, insert, text

from fluxo_caixa.db.engine import make_engine, upgrade
from fluxo_caixa.db.tables import caixa, categoria, metadata
from fluxo_caixa.domain.categoria import PLANO_PADRAO, chave_do_nome
from support.requisitos import exigir

SERVER_URL_VARIABLES = {
    "postgresql": "FLUXO_TEST_POSTGRES_URL",
    "mariadb": "FLUXO_TEST_MARIADB_URL",
}
BACKENDS = ["sqlite", *SERVER_URL_VARIABLES]


def server_url(backend: str) -> str:
    """The URL of a server backend, or skip (fail in CI, where nothing may skip)."""
    variable = SERVER_URL_VARIABLES[backend]
    url = os.environ.get(variable)
    exigir(bool(url), f"{variable} não definida: testes em {backend} não executados")
    assert url is not None
    return url


def reset_schema(engine: Engine) -> None:
    """Drop whatever an earlier run left and migrate from nothing."""
    dialect = engine.dialect.name
    with engine.begin() as conn:
        conn.execute(text("DROP VIEW IF EXISTS movimentacao"))
        if dialect in ("mysql", "mariadb"):
            conn.execute(text("SET FOREIGN_KEY_CHECKS=0"))
        for table in [*reversed(metadata.sorted_tables), "alembic_version"]:
            name = getattr(table, "name", table)
            cascade = " CASCADE" if dialect == "postgresql" else ""
            conn.execute(text(f"DROP TABLE IF EXISTS {name}{cascade}"))
        if dialect in ("mysql", "mariadb"):
            conn.execute(text("SET FOREIGN_KEY_CHECKS=1"))
    upgrade(engine)


def truncate_all(engine: Engine) -> None:
    dialect = engine.dialect.name
    names = [t.name for t in reversed(metadata.sorted_tables)]
    with engine.begin() as conn:
        if dialect == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE"))
        else:
            conn.execute(text("SET FOREIGN_KEY_CHECKS=0"))
            for name in names:
                conn.execute(text(f"TRUNCATE TABLE {name}"))
            conn.execute(text("SET FOREIGN_KEY_CHECKS=1"))
        # A fresh database comes with the default plano de contas (migration 0004).
        conn.execute(
            insert(categoria),
            [
                {"nome": nome, "nome_chave": chave_do_nome(nome), "tipo": tipo.value, "ativa": True}
                for nome, tipo in PLANO_PADRAO
            ],
        )
        # ... and "Caixa 1" (migration 0005).
        conn.execute(insert(caixa), [{"nome": "Caixa 1", "nome_chave": "caixa 1"}])


class SqliteTemplate:
    """One migrated file per session, copied for each test: fresh and fast."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / "template.db"
        engine = make_engine(f"sqlite:///{self.path}")
        upgrade(engine)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()

    def fresh(self, directory: Path) -> str:
        target = directory / "movimentacoes.db"
        shutil.copyfile(self.path, target)
        return f"sqlite:///{target}"
