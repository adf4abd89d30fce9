"""The `fluxo-caixa` command: a thin Click layer over the library."""

from __future__ import annotations

import sys
from pathlib import Path

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


# -- consolidado: verificar and importar (issue 4) ---------------------------------


@main.command()
@click.option("--corrigir", is_flag=True, help="Reconstrói a projeção a partir do livro-caixa.")
def verificar(corrigir: bool) -> None:
    """Confere a projeção saldo_diario com o livro-caixa; sai com 1 se houver diferença."""
    from fluxo_caixa.db import verificacao
    from fluxo_caixa.db.ledger import BancoIndisponivel
    from fluxo_caixa.domain.dinheiro import formatar_brl

    try:
        engine = verificacao.abrir(load_settings().database_url)
    except verificacao.VerificacaoImpossivel as erro:
        raise click.ClickException(str(erro)) from None
    try:
        encontradas = (verificacao.corrigir if corrigir else verificacao.diferencas)(engine)
    except BancoIndisponivel as erro:
        raise click.ClickException(f"Banco de dados indisponível: {erro}") from None
    finally:
        engine.dispose()
    for dif in encontradas:
        p, livro = dif.projecao, dif.livro
        click.echo(
            f"{dif.data:%d/%m/%Y}: "
            f"entradas {formatar_brl(p.entradas)} ({p.qtd_entradas}) na projeção, "
            f"{formatar_brl(livro.entradas)} ({livro.qtd_entradas}) no livro; "
            f"saídas {formatar_brl(p.saidas)} ({p.qtd_saidas}) na projeção, "
            f"{formatar_brl(livro.saidas)} ({livro.qtd_saidas}) no livro"
        )
    if not encontradas:
        click.echo("Projeção conferida: nenhuma diferença entre saldo_diario e o livro-caixa.")
    elif corrigir:
        click.echo(f"Projeção corrigida: {len(encontradas)} dia(s) reconstruído(s).")
    else:
        click.echo(
            f"{len(encontradas)} dia(s) com diferença. "
            "Execute 'fluxo-caixa verificar --corrigir' para reconstruir a projeção.",
            err=True,
        )
        sys.exit(1)


@main.command()
@click.argument("arquivo", type=click.Path(dir_okay=False, path_type=Path))
def importar(arquivo: Path) -> None:
    """Importa um banco do protótipo (.db) ou o CSV de /movimentacao.csv; repetir não duplica."""
    from fluxo_caixa import server
    from fluxo_caixa.db.engine import make_engine
    from fluxo_caixa.db.importacao import ImportacaoInvalida
    from fluxo_caixa.db.importacao import importar as importar_arquivo
    from fluxo_caixa.db.ledger import BancoIndisponivel, utc_now
    from fluxo_caixa.domain.dinheiro import formatar_brl

    settings = load_settings()
    try:
        server.prepare_database(settings.database_url, may_upgrade=True)
    except ConfigError as erro:
        raise click.ClickException(str(erro)) from None
    engine = make_engine(settings.database_url)
    try:
        resultado = importar_arquivo(engine, arquivo, settings.tz, utc_now())
    except ImportacaoInvalida as erro:
        for linha in erro.erros:
            click.echo(f"  {linha}", err=True)
        if erro.total > len(erro.erros):
            click.echo(f"  ... e mais {erro.total - len(erro.erros)}.", err=True)
        raise click.ClickException(erro.mensagem) from None
    except BancoIndisponivel as erro:
        raise click.ClickException(f"Banco de dados indisponível: {erro}") from None
    finally:
        engine.dispose()
    fonte = "banco do protótipo" if resultado.formato == "prototipo" else "CSV"
    click.echo(
        f"{arquivo.name} ({fonte}): {resultado.importadas} movimentação(ões) importada(s), "
        f"{resultado.existentes} já existente(s)."
    )
    if resultado.importadas:
        click.echo(
            f"Importado: entradas {formatar_brl(resultado.entradas)}, "
            f"saídas {formatar_brl(resultado.saidas)}."
        )
    if resultado.estornos_sem_original:
        click.echo(
            f"{resultado.estornos_sem_original} estorno(s) cujo original não está no arquivo "
            "entraram como movimentações comuns (o valor é o mesmo; só o vínculo se perdeu)."
        )
