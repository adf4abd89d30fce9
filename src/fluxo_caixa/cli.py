"""The `fluxo-caixa` command: a thin Click layer over the library."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from fluxo_caixa import click_pt
from fluxo_caixa.config import ConfigError, Settings

if TYPE_CHECKING:  # the client loads only when one of its commands runs
    from fluxo_caixa.cliente.conexao import Conexao


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings.from_env().with_overrides(**overrides)
    except ConfigError as erro:
        raise click.ClickException(str(erro)) from None


@click.group(cls=click_pt.Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(  # its texts are read here, at import: given in Portuguese
    package_name="fluxo-caixa",
    message="%(prog)s, versão %(version)s",
    help="Mostra a versão e sai.",
)
def main() -> None:
    """Fluxo de Caixa: lançamentos e consolidado diário."""


@contextmanager
def clear_errors() -> Iterator[None]:
    """A bad setting or an unreachable database: one line for the person, no traceback."""
    from fluxo_caixa.db.engine import BancoIndisponivel, DatabaseConfigError

    try:
        yield
    except (ConfigError, DatabaseConfigError) as erro:
        raise click.ClickException(str(erro)) from None
    except BancoIndisponivel as erro:
        raise click.ClickException(f"Banco de dados indisponível: {erro}") from None


@main.command(short_help="Inicia os serviços.")
@click.argument("servico", required=False, type=click.Choice(["lancamentos", "consolidado"]))
@click.option("--host", metavar="ENDEREÇO", help="Endereço de escuta (FLUXO_HOST).")
@click.option(
    "--workers", type=click_pt.IntRange(1, 64), metavar="N", help="Processos por serviço."
)
def serve(servico: str | None, host: str | None, workers: int | None) -> None:
    """Inicia os serviços (os dois, cada um em seu processo, por padrão)."""
    from fluxo_caixa import server

    settings = load_settings(host=host, workers=workers)
    with clear_errors():
        if servico is not None:
            server.run_service(settings, servico)
            return
        server.preflight(settings, list(server.SERVICES))
    server.announce(settings)
    child_args: list[str] = []
    if host:
        child_args += ["--host", host]
    if workers:
        child_args += ["--workers", str(workers)]
    sys.exit(server.supervise(list(server.SERVICES), child_args, server.watched_files(settings)))


@main.group()
def db() -> None:
    """Banco de dados: migrações."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Aplica as migrações (Alembic) até a versão atual."""
    from fluxo_caixa.db.engine import head_revision, make_engine, upgrade

    settings = load_settings()
    with clear_errors():
        engine = make_engine(settings.database_url)
        try:
            upgrade(engine)
        finally:
            engine.dispose()
    click.echo(f"Banco atualizado para a revisão {head_revision()}.")


# -- consolidado: verificar and importar (issue 4) ---------------------------------


@main.command(short_help="Confere a projeção saldo_diario com o livro-caixa.")
@click.option("--corrigir", is_flag=True, help="Reconstrói a projeção a partir do livro-caixa.")
def verificar(corrigir: bool) -> None:
    """Confere a projeção saldo_diario com o livro-caixa; sai com 1 se houver diferença."""
    from fluxo_caixa.db import verificacao
    from fluxo_caixa.domain.dinheiro import formatar_brl
    from fluxo_caixa.domain.pagamento import rotulo
    from fluxo_caixa.lancamentos.servico import Lancamentos

    settings = load_settings()
    with clear_errors():
        engine = verificacao.abrir(settings.database_url)
        try:
            if corrigir:
                encontradas = verificacao.corrigir(engine)
                detalhadas = verificacao.corrigir_detalhadas(engine)
            else:
                encontradas = verificacao.diferencas(engine)
                detalhadas = verificacao.diferencas_detalhadas(engine)
            # Closed days' snapshots: reported, never rewritten (--corrigir included).
            servico = Lancamentos(engine, settings.tz)
            fechamentos = servico.verificar_fechamentos()
            sessoes = servico.verificar_sessoes()
        finally:
            engine.dispose()
    for ses in sessoes:
        click.echo(
            f"Sessão {ses.sessao_id} ({ses.caixa}), {ses.parte}: "
            f"{formatar_brl(ses.guardado)} no fechamento, "
            f"{'nada' if ses.somado is None else formatar_brl(ses.somado)} nos movimentos e eventos"
        )
    if sessoes:
        click.echo(
            f"{len({s.sessao_id for s in sessoes})} sessão(ões) de caixa diferem dos seus "
            "movimentos; uma sessão fechada nunca é reescrita.",
            err=True,
        )
    fechamentos_ou_sessoes = bool(fechamentos or sessoes)
    for fec in fechamentos:
        f = fec.fechamento
        click.echo(
            f"Fechamento nº {f.numero} de {f.data:%d/%m/%Y} (versão {f.versao}), "
            f"{fec.parte}: {fec.no_snapshot} no fechamento, {fec.no_livro} no livro"
        )
    for dif in encontradas:
        p, livro = dif.projecao, dif.livro
        click.echo(
            f"{dif.data:%d/%m/%Y}: "
            f"entradas {formatar_brl(p.entradas)} ({p.qtd_entradas}) na projeção, "
            f"{formatar_brl(livro.entradas)} ({livro.qtd_entradas}) no livro; "
            f"saídas {formatar_brl(p.saidas)} ({p.qtd_saidas}) na projeção, "
            f"{formatar_brl(livro.saidas)} ({livro.qtd_saidas}) no livro"
        )
    for det in detalhadas:
        categoria = "sem categoria" if det.categoria_id is None else f"categoria {det.categoria_id}"
        click.echo(
            f"{det.data:%d/%m/%Y} {det.tipo.value}, {rotulo(det.forma).lower()}, {categoria}: "
            f"{formatar_brl(det.projecao[0])} ({det.projecao[1]}) na projeção detalhada, "
            f"{formatar_brl(det.livro[0])} ({det.livro[1]}) no livro"
        )
    if fechamentos:
        click.echo(
            f"{len({f.fechamento.numero for f in fechamentos})} fechamento(s) de dia diferem "
            "do livro-caixa; um fechamento nunca é reescrito: reabra o dia (com um motivo) "
            "e feche-o de novo para gerar uma nova versão.",
            err=True,
        )
    if not encontradas and not detalhadas:
        click.echo("Projeção conferida: nenhuma diferença entre as projeções e o livro-caixa.")
        if fechamentos_ou_sessoes:
            sys.exit(1)
        return
    partes = [f"{len(encontradas)} dia(s)"] if encontradas or not detalhadas else []
    if detalhadas:
        partes.append(f"{len(detalhadas)} grupo(s) da projeção detalhada")
    if corrigir:
        click.echo(f"Projeção corrigida: {' e '.join(partes)} reconstruído(s).")
        if fechamentos_ou_sessoes:
            sys.exit(1)
    else:
        click.echo(
            f"{' e '.join(partes)} com diferença. "
            "Execute 'fluxo-caixa verificar --corrigir' para reconstruir a projeção.",
            err=True,
        )
        sys.exit(1)


@main.command(short_help="Importa um banco do protótipo ou um CSV exportado.")
@click.argument("arquivo", type=click_pt.FilePath())
def importar(arquivo: Path) -> None:
    """Importa um banco do protótipo (.db) ou o CSV de /movimentacao.csv; repetir não duplica."""
    from fluxo_caixa.db.engine import make_engine, prepare_database
    from fluxo_caixa.db.importacao import ImportacaoInvalida
    from fluxo_caixa.domain.dinheiro import formatar_brl
    from fluxo_caixa.lancamentos.servico import Lancamentos

    if not arquivo.is_file():  # before the database: a typo must not create an empty one
        raise click.ClickException(f"Arquivo não encontrado: {arquivo}.")
    settings = load_settings()
    with clear_errors():
        prepare_database(settings.database_url, may_upgrade=True)
        engine = make_engine(settings.database_url)
        try:
            resultado = Lancamentos(engine, settings.tz).importar(arquivo)
        except ImportacaoInvalida as erro:
            for linha in erro.erros:
                click.echo(f"  {linha}", err=True)
            if erro.total > len(erro.erros):
                click.echo(f"  ... e mais {erro.total - len(erro.erros)}.", err=True)
            raise click.ClickException(erro.mensagem) from None
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
    if resultado.categorias_criadas:
        click.echo(
            f"{len(resultado.categorias_criadas)} categoria(s) criada(s), que o arquivo usa e "
            f"este banco não tinha: {', '.join(resultado.categorias_criadas)}."
        )
    if resultado.estornos_sem_original:
        click.echo(
            f"{resultado.estornos_sem_original} estorno(s) cujo original não está no arquivo "
            "entraram como movimentações comuns (o valor é o mesmo; só o vínculo se perdeu)."
        )


# -- backups of the embedded default (issue 15) -------------------------------------


@main.command(short_help="Copia o banco SQLite, mesmo com os serviços rodando.")
@click.argument("destino", type=click_pt.FilePath())
@click.option("--substituir", is_flag=True, help="Sobrescreve DESTINO se ele já existir.")
def backup(destino: Path, substituir: bool) -> None:
    """Copia o banco SQLite, mesmo com os serviços rodando; em PostgreSQL ou MariaDB, mostra
    o comando de cópia do próprio servidor."""
    from fluxo_caixa.db import backup as copias
    from fluxo_caixa.db.engine import sqlite_file

    settings = load_settings()
    with clear_errors():
        banco = sqlite_file(settings.database_url)
        banco = banco.resolve() if banco is not None else None
        if banco is None:
            comando = copias.comando_de_dump(settings.database_url, destino)
            if comando is None:
                raise click.ClickException("Este banco não tem cópia por este comando.")
            click.echo("O banco está num servidor: copie-o com a ferramenta dele, por exemplo:")
            click.echo(f"  {comando}")
            click.echo(
                "A senha não aparece aqui: a ferramenta a pede, ou a lê do ~/.pgpass "
                "(PostgreSQL) ou do ~/.my.cnf (MariaDB)."
            )
            return
        try:
            tamanho = copias.copiar(banco, destino, substituir)
        except copias.BackupRecusado as erro:
            raise click.ClickException(str(erro)) from None
    click.echo(f"Cópia de {banco.name} gravada em {destino} ({tamanho / 1024:.0f} KB).")


@main.command(short_help="Põe de volta uma cópia do banco (serviços parados).")
@click.argument("origem", type=click_pt.FilePath())
def restaurar(origem: Path) -> None:
    """Põe no lugar do banco SQLite uma cópia feita por 'fluxo-caixa backup' (com os serviços
    parados); o banco substituído fica guardado ao lado, em .antes-da-restauracao."""
    from fluxo_caixa.db import backup as copias
    from fluxo_caixa.db.engine import head_revision, sqlite_file

    settings = load_settings()
    with clear_errors():
        banco = sqlite_file(settings.database_url)
        banco = banco.resolve() if banco is not None else None
        if banco is None:
            raise click.ClickException(
                "O banco está num servidor: restaure-o com a ferramenta dele "
                "(pg_restore ou mariadb)."
            )
        try:
            guardado = copias.restaurar(origem, banco, head_revision())
        except copias.BackupRecusado as erro:
            raise click.ClickException(str(erro)) from None
    click.echo(f"Banco {banco.name} restaurado a partir de {origem}.")
    if guardado is not None:
        click.echo(f"O banco substituído ficou em {guardado}.")


# --- The client side: the interactive loop and the one-shot commands for scripts. ---
# Exit statuses of these commands: 0 success, 1 rejected input, 2 service unreachable.


class UsoInvalido(click.UsageError):
    exit_code = 1


class ComandoDoCliente(click_pt.Command):
    """Scripts read the exit status; Click's usage errors (2) must read as rejected input (1)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as erro:
            raise UsoInvalido(erro.format_message(), erro.ctx) from None


_TENTATIVAS = click.option(
    "--tentativas",
    type=click_pt.IntRange(1, 10),
    default=3,
    metavar="N",
    help="Envios se o serviço estiver indisponível, sempre com a mesma chave (padrão: 3).",
)
_CHAVE = click.option(
    "--chave", metavar="CHAVE", help="Idempotency-Key (padrão: uma nova); repetir não duplica."
)


def _client_options(
    json_flag: bool = True, keyed: bool = False
) -> Callable[[Callable[..., int]], Callable[..., None]]:
    """The options every client command takes, gathered into one `Conexao`: the command
    gets it first, before its own arguments, and returns the exit status. Goes right above
    the function, so that --help lists these options after the command's own. `keyed`:
    the command writes with an Idempotency-Key (--chave and --tentativas)."""

    def apply(command: Callable[..., int]) -> Callable[..., None]:
        @functools.wraps(command)
        def callback(
            *,
            api_url: str | None,
            consolidado_url: str | None,
            timeout: float,
            como_json: bool = False,
            chave: str | None = None,
            tentativas: int = 1,
            **proprios: Any,
        ) -> None:
            from fluxo_caixa.cliente.conexao import Conexao

            settings = load_settings(api_url=api_url, consolidado_url=consolidado_url)
            hoje = datetime.now(settings.tz).date()
            conexao = Conexao(settings, timeout, como_json, hoje, chave, tentativas)
            sys.exit(command(conexao, **proprios))

        options = [_CHAVE, _TENTATIVAS] if keyed else []
        options += [
            click.option(
                "--api-url", metavar="URL", help="Serviço de lançamentos (FLUXO_API_URL)."
            ),
            click.option(
                "--consolidado-url",
                metavar="URL",
                help="Serviço consolidado (FLUXO_CONSOLIDADO_URL).",
            ),
            click.option(
                "--timeout",
                type=click_pt.FloatRange(0.1, 600),
                default=10.0,
                metavar="SEGUNDOS",
                help="Espera máxima por cada resposta (padrão: 10).",
            ),
        ]
        if json_flag:
            options.append(
                click.option(
                    "--json", "como_json", is_flag=True, help="Saída em JSON, para scripts."
                )
            )
        decorado: Callable[..., None] = callback
        for option in reversed(options):
            decorado = option(decorado)
        return decorado

    return apply


_FORMA = click.option(
    "--forma",
    metavar="FORMA",
    help="Forma de pagamento: dinheiro, pix, debito, credito, boleto, transferencia ou outro.",
)
_CATEGORIA = click.option(
    "--categoria", metavar="CATEGORIA", help="Nome ou número (id) da categoria."
)
_FORMA_FILTRO = click.option("--forma", metavar="FORMA", help="Só uma forma de pagamento.")
_CATEGORIA_FILTRO = click.option(
    "--categoria", metavar="CATEGORIA", help="Só uma categoria (nome ou id)."
)


@main.command(cls=ComandoDoCliente)
@_client_options(json_flag=False)
def cliente(conexao: Conexao) -> int:
    """Lançamentos interativos no terminal.

    O cliente.py do projeto original: pergunta tipo, valor, forma de pagamento, categoria e
    descrição, envia ao serviço de lançamentos e mostra o saldo do dia. Ctrl-C ou Ctrl-D
    encerra.
    """
    from fluxo_caixa.cliente import terminal
    from fluxo_caixa.cliente.api import EntradaInvalida

    try:
        return terminal.executar(conexao)
    except EntradaInvalida as erro:
        raise click.ClickException(str(erro)) from None


@main.command(cls=ComandoDoCliente, context_settings={"ignore_unknown_options": True})
@click.argument("tipo", required=False)
@click.argument("valor", required=False)
@click.option("--descricao", metavar="TEXTO", help="Texto livre, até 200 caracteres.")
@click.option(
    "--data", metavar="DATA", help="Dia do movimento, AAAA-MM-DD ou DD/MM/AAAA (padrão: hoje)."
)
@_FORMA
@_CATEGORIA
@click.option(
    "--caixa", metavar="CAIXA", help="Nome ou id do caixa (padrão: o único caixa aberto)."
)
@_client_options(keyed=True)
def lancar(
    conexao: Conexao,
    tipo: str | None,
    valor: str | None,
    descricao: str | None,
    data: str | None,
    forma: str | None,
    categoria: str | None,
    caixa: str | None,
) -> int:
    """Registra uma movimentação: fluxo-caixa lancar entrada 10,50."""
    from fluxo_caixa.cliente import comandos

    return comandos.lancar(
        conexao, tipo, valor, descricao=descricao, data=data, forma=forma,
        categoria=categoria, caixa=caixa,
    )  # fmt: skip


@main.command(cls=ComandoDoCliente)
@click.argument("ident", metavar="ID")
@click.option("--descricao", metavar="TEXTO", help="Motivo do estorno.")
@_client_options(keyed=True)
def estornar(conexao: Conexao, ident: str, descricao: str | None) -> int:
    """Estorna a movimentação ID.

    Lança o movimento de tipo oposto e mesmo valor, com a data de hoje.
    """
    from fluxo_caixa.cliente import comandos

    return comandos.estornar(conexao, ident, descricao=descricao)


@main.group(cls=click_pt.Group, short_help="Fecha e reabre o dia; o relatório Z.")
def dia() -> None:
    """O dia do comércio: fechar (gera o relatório Z numerado), reabrir (com motivo) e o
    relatório Z de um dia."""


@dia.command("fechar", cls=ComandoDoCliente)
@click.argument("data", metavar="[DATA]", required=False)
@click.option("--observacao", metavar="TEXTO", help="Observação do fechamento.")
@_client_options(keyed=True)
def dia_fechar(conexao: Conexao, data: str | None, observacao: str | None) -> int:
    """Fecha o dia DATA (padrão: hoje): nenhuma movimentação datada dele entra depois."""
    from fluxo_caixa.cliente import comandos

    return comandos.fechar_dia(conexao, data, observacao=observacao)


@dia.command("reabrir", cls=ComandoDoCliente)
@click.argument("data", metavar="[DATA]", required=False)
@click.option("--motivo", metavar="TEXTO", help="Por que reabrir (obrigatório, 5+ caracteres).")
@_client_options(keyed=True)
def dia_reabrir(conexao: Conexao, data: str | None, motivo: str | None) -> int:
    """Reabre o dia DATA (padrão: hoje), fechado antes; o motivo fica registrado."""
    from fluxo_caixa.cliente import comandos

    return comandos.reabrir_dia(conexao, data, motivo=motivo)


@main.command(cls=ComandoDoCliente)
@click.option("--inicio", metavar="DATA", help="Primeiro dia (AAAA-MM-DD ou DD/MM/AAAA).")
@click.option("--fim", metavar="DATA", help="Último dia (AAAA-MM-DD ou DD/MM/AAAA).")
@click.option("--tipo", metavar="TIPO", help="Só entradas ou só saídas.")
@_FORMA_FILTRO
@_CATEGORIA_FILTRO
@_client_options()
def extrato(
    conexao: Conexao,
    inicio: str | None,
    fim: str | None,
    tipo: str | None,
    forma: str | None,
    categoria: str | None,
) -> int:
    """Lista as movimentações (sem datas: as de hoje)."""
    from fluxo_caixa.cliente import comandos

    return comandos.extrato(
        conexao, inicio=inicio, fim=fim, tipo=tipo, forma=forma, categoria=categoria
    )


@main.command(cls=ComandoDoCliente)
@click.option("--data", metavar="DATA", help="Um dia (padrão: hoje).")
@click.option("--inicio", metavar="DATA", help="Primeiro dia de um período.")
@click.option("--fim", metavar="DATA", help="Último dia de um período.")
@click.option("--tipo", metavar="TIPO", help="Só entradas ou só saídas, num período.")
@_FORMA_FILTRO
@_CATEGORIA_FILTRO
@click.option("--detalhado", is_flag=True, help="Totais por forma de pagamento e por categoria.")
@_client_options()
def consolidado(
    conexao: Conexao,
    data: str | None,
    inicio: str | None,
    fim: str | None,
    tipo: str | None,
    forma: str | None,
    categoria: str | None,
    detalhado: bool,
) -> int:
    """Saldo consolidado de um dia, ou de um período dia a dia."""
    from fluxo_caixa.cliente import comandos

    return comandos.consolidado(
        conexao, data=data, inicio=inicio, fim=fim, tipo=tipo, forma=forma,
        categoria=categoria, detalhado=detalhado,
    )  # fmt: skip


class GrupoDoCliente(ComandoDoCliente, click_pt.Group):
    command_class = ComandoDoCliente


@main.group(cls=GrupoDoCliente, short_help="Lista e gerencia as categorias.")
def categorias() -> None:
    """Lista e gerencia as categorias (o plano de contas), pelo serviço de lançamentos."""


@categorias.command("listar")
@click.option("--tipo", metavar="TIPO", help="Só as de entrada ou só as de saída.")
@_client_options()
def categorias_listar(conexao: Conexao, tipo: str | None) -> int:
    """Lista as categorias, ativas e inativas."""
    from fluxo_caixa.cliente import comandos

    return comandos.categorias_listar(conexao, tipo=tipo)


@categorias.command("criar", short_help="Cria uma categoria.")
@click.argument("nome", metavar="NOME")
@click.option("--tipo", metavar="TIPO", required=True, help="entrada ou saida.")
@_client_options()
def categorias_criar(conexao: Conexao, nome: str, tipo: str) -> int:
    """Cria uma categoria: fluxo-caixa categorias criar Delivery --tipo entrada."""
    from fluxo_caixa.cliente import comandos

    return comandos.categorias_criar(conexao, nome, tipo=tipo)


@categorias.command("renomear", short_help="Renomeia a categoria ID.")
@click.argument("ident", metavar="ID")
@click.argument("nome", metavar="NOVO_NOME")
@_client_options()
def categorias_renomear(conexao: Conexao, ident: str, nome: str) -> int:
    """Renomeia a categoria ID; os lançamentos dela passam a mostrar o novo nome."""
    from fluxo_caixa.cliente import comandos

    return comandos.categorias_alterar(conexao, ident, nome=nome)


@categorias.command("desativar", short_help="Desativa a categoria ID.")
@click.argument("ident", metavar="ID")
@_client_options()
def categorias_desativar(conexao: Conexao, ident: str) -> int:
    """Desativa a categoria ID: some das escolhas; os lançamentos antigos a mantêm."""
    from fluxo_caixa.cliente import comandos

    return comandos.categorias_alterar(conexao, ident, ativa=False)


@categorias.command("ativar")
@click.argument("ident", metavar="ID")
@_client_options()
def categorias_ativar(conexao: Conexao, ident: str) -> int:
    """Ativa de novo a categoria ID."""
    from fluxo_caixa.cliente import comandos

    return comandos.categorias_alterar(conexao, ident, ativa=True)


@dia.command("relatorio", cls=ComandoDoCliente)
@click.argument("data", metavar="DATA")
@click.option(
    "--pdf", "arquivo", metavar="ARQUIVO", help="Salva o relatório Z em PDF nesse arquivo."
)
@_client_options()
def dia_relatorio(conexao: Conexao, data: str, arquivo: str | None) -> int:
    """O relatório Z do dia DATA (AAAA-MM-DD ou DD/MM/AAAA): o fechamento ou, com o dia
    aberto, os números parciais."""
    from fluxo_caixa.cliente import comandos

    return comandos.relatorio(conexao, data, arquivo=arquivo)


# -- controle de caixa (issue 13) -----------------------------------------------------


@main.group(short_help="Abre, confere e fecha o caixa (gaveta).")
def caixa() -> None:
    """Rotina do caixa: abertura, suprimento, sangria, status e fechamento."""


_CAIXA = click.option(
    "--caixa", metavar="CAIXA", help="Nome ou id do caixa (padrão: o único, se houver um só)."
)


@caixa.command("abrir", cls=ComandoDoCliente)
@_CAIXA
@click.option("--contado", metavar="VALOR", help="Fundo de troco contado (padrão: o deixado).")
@click.option("--operador", metavar="NOME", help="Quem abre o caixa.")
@_client_options()
def caixa_abrir(
    conexao: Conexao, caixa: str | None, contado: str | None, operador: str | None
) -> int:
    """Abre o caixa, contando o fundo de troco."""
    from fluxo_caixa.cliente import caixa as rotina

    return rotina.abrir(conexao, caixa=caixa, contado=contado, operador=operador)


def _evento(tipo: str, ajuda: str) -> None:
    @caixa.command(tipo, cls=ComandoDoCliente, help=ajuda)
    @click.argument("valor", metavar="VALOR")
    @_CAIXA
    @click.option("--descricao", metavar="TEXTO", help="Motivo (até 200 caracteres).")
    @_client_options()
    def comando(conexao: Conexao, valor: str, caixa: str | None, descricao: str | None) -> int:
        from fluxo_caixa.cliente import caixa as rotina

        return rotina.evento(conexao, tipo, valor, caixa=caixa, descricao=descricao)


_evento("suprimento", "Põe dinheiro no caixa (não é entrada: o saldo não muda).")
_evento("sangria", "Retira dinheiro do caixa (não é saída: o saldo não muda).")


@caixa.command("status", cls=ComandoDoCliente)
@_CAIXA
@_client_options()
def caixa_status(conexao: Conexao, caixa: str | None) -> int:
    """Estado dos caixas; com --caixa, o relatório X.

    O relatório X é a sessão aberta como está: fundo, entradas e saídas por forma,
    suprimentos, sangrias e o dinheiro esperado no caixa.
    """
    from fluxo_caixa.cliente import caixa as rotina

    return rotina.status(conexao, caixa=caixa)


@caixa.command("fechar", cls=ComandoDoCliente)
@_CAIXA
@click.option("--contado", metavar="VALOR", help="Dinheiro contado (sem ele, pergunta).")
@click.option(
    "--forma", "formas", multiple=True, metavar="FORMA=VALOR",
    help="O que a maquininha ou o extrato mostram, como --forma pix=50,00.",
)  # fmt: skip
@click.option("--deixado", metavar="VALOR", help="Fica no caixa (padrão: o fundo de abertura).")
@click.option("--observacao", metavar="TEXTO", help="Observação do fechamento.")
@_client_options()
def caixa_fechar(
    conexao: Conexao,
    caixa: str | None,
    contado: str | None,
    formas: tuple[str, ...],
    deixado: str | None,
    observacao: str | None,
) -> int:
    """Conta e fecha o caixa.

    Sem --contado, pergunta o dinheiro contado (ou nota a nota); o esperado e a quebra
    só aparecem depois da contagem.
    """
    from fluxo_caixa.cliente import caixa as rotina

    def perguntar(texto: str) -> str:
        return str(click.prompt(texto, default="", show_default=False, prompt_suffix="", err=True))

    return rotina.fechar(
        conexao, perguntar, caixa=caixa, contado=contado, formas=formas,
        deixado=deixado, observacao=observacao,
    )  # fmt: skip
