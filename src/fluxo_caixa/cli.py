"""The `fluxo-caixa` command: a thin Click layer over the library."""

from __future__ import annotations

import sys

import click

from fluxo_caixa.config import ConfigError, Settings


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings.from_env().with_overrides(**overrides)
    except ConfigError as erro:
        raise click.ClickException(str(erro)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="fluxo-caixa")
def main() -> None:
    """Fluxo de Caixa: lançamentos e consolidado diário."""


@main.command()
@click.argument("servico", required=False, type=click.Choice(["lancamentos", "consolidado"]))
@click.option("--host", help="Endereço de escuta (FLUXO_HOST).")
@click.option("--workers", type=click.IntRange(1, 64), help="Processos por serviço.")
def serve(servico: str | None, host: str | None, workers: int | None) -> None:
    """Inicia os serviços (os dois, cada um em seu processo, por padrão)."""
    from fluxo_caixa import server

    settings = load_settings(host=host, workers=workers)
    try:
        settings.check_can_serve()
    except ConfigError as erro:
        raise click.ClickException(str(erro)) from None
    if servico is not None:
        try:
            server.run_service(settings, servico)
        except ConfigError as erro:
            raise click.ClickException(str(erro)) from None
        return
    child_args: list[str] = []
    if host:
        child_args += ["--host", host]
    if workers:
        child_args += ["--workers", str(workers)]
    sys.exit(server.supervise(list(server.SERVICES), child_args))


@main.group()
def db() -> None:
    """Banco de dados: migrações."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Aplica as migrações (Alembic) até a versão atual."""
    from fluxo_caixa.db.engine import head_revision, make_engine, upgrade

    settings = load_settings()
    engine = make_engine(settings.database_url)
    upgrade(engine)
    engine.dispose()
    click.echo(f"Banco atualizado para a revisão {head_revision()}.")
