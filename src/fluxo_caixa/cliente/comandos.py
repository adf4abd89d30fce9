"""The one-shot commands for scripts: lancar, estornar, extrato, consolidado.

Each returns the exit status: 0 success, 1 rejected input (ours or the service's), 2
service unreachable or failing. With `como_json` standard output is always JSON: the
service's own objects on success, the API's error shape on failure.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import click
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from fluxo_caixa.cliente.api import (
    ApiCliente,
    EntradaInvalida,
    ErroCliente,
    MovimentacaoRegistrada,
    PedidoMovimentacao,
    Periodo,
    SaldoDia,
    ServicoIndisponivel,
    nova_chave,
)
from fluxo_caixa.cliente.entrada import (
    data_digitada,
    descricao_digitada,
    id_digitado,
    tipo_digitado,
    valor_digitado,
)
from fluxo_caixa.cliente.formato import data_br, json_visivel, rotulo, visivel
from fluxo_caixa.config import Settings
from fluxo_caixa.domain.dia import parse_motivo, parse_observacao
from fluxo_caixa.domain.dinheiro import formatar_brl
from fluxo_caixa.domain.movimentacao import CampoInvalido, Tipo

SUCESSO = 0
T = TypeVar("T")
# Pauses between automatic retries of `lancar` and `estornar` (same key every time).
ESPERA_BASE = 1.0


class Saida:
    """Where results and errors go: rich on a terminal, plain JSON for scripts.

    Every text that came from the service (a descricao, an error message) goes through
    `visivel`: a control character stored before the rule existed never reaches the
    terminal raw.
    """

    def __init__(self, como_json: bool) -> None:
        self.como_json = como_json
        self.console = Console(highlight=False)
        self.erros = Console(stderr=True, highlight=False)

    def json(self, dados: Any) -> None:
        click.echo(json_visivel(dados))

    def linha(self, texto: str) -> None:
        self.console.print(visivel(texto), markup=False, soft_wrap=True)

    def aviso(self, texto: str) -> None:
        self.erros.print(visivel(texto), style="yellow", markup=False, soft_wrap=True)

    def erro(self, erro: ErroCliente) -> int:
        if self.como_json:
            self.json(erro.como_json())
        else:
            self.erros.print(
                visivel(f"Erro: {erro}"), style="bold red", markup=False, soft_wrap=True
            )
        return erro.codigo_saida


def _executar(
    settings: Settings, como_json: bool, timeout: float, acao: Callable[[ApiCliente, Saida], None]
) -> int:
    saida = Saida(como_json)
    try:
        with ApiCliente.de_settings(settings, timeout=timeout) as api:
            acao(api, saida)
    except ErroCliente as erro:
        return saida.erro(erro)
    return SUCESSO


def _com_tentativas(saida: Saida, tentativas: int, enviar: Callable[[], T]) -> T:
    """Retry what failed for want of a server; the request (and its key) never changes."""
    tentativa = 1
    while True:
        try:
            return enviar()
        except ServicoIndisponivel as erro:
            if tentativa >= tentativas:
                raise
            espera = ESPERA_BASE * 2 ** (tentativa - 1)
            saida.aviso(f"{erro} Nova tentativa em {espera:g} s, com a mesma chave.")
            time.sleep(espera)
            tentativa += 1


def _periodo_digitado(inicio: str | None, fim: str | None) -> tuple[date | None, date | None]:
    dia_inicio = data_digitada(inicio, "--inicio") if inicio is not None else None
    dia_fim = data_digitada(fim, "--fim") if fim is not None else None
    if dia_inicio is not None and dia_fim is not None and dia_fim < dia_inicio:
        raise EntradaInvalida("O fim (--fim) não pode ser anterior ao início (--inicio).")
    return dia_inicio, dia_fim


def _tipo_opcional(tipo: str | None) -> Tipo | None:
    return tipo_digitado(tipo) if tipo is not None else None


# lancar / estornar


def lancar(
    settings: Settings,
    tipo: str | None,
    valor: str | None,
    *,
    descricao: str | None,
    data: str | None,
    chave: str | None,
    tentativas: int,
    como_json: bool,
    timeout: float,
) -> int:
    def acao(api: ApiCliente, saida: Saida) -> None:
        if tipo is None or valor is None:
            raise EntradaInvalida(
                "Informe o tipo e o valor, por exemplo: fluxo-caixa lancar entrada 10,50"
            )
        pedido = PedidoMovimentacao(
            tipo=tipo_digitado(tipo),
            valor_centavos=valor_digitado(valor),
            descricao=descricao_digitada(descricao) if descricao is not None else None,
            data=data_digitada(data, "--data") if data is not None else None,
            chave=chave if chave is not None else nova_chave(),
        )
        registrada = _com_tentativas(saida, tentativas, lambda: api.registrar(pedido))
        _mostrar_registrada(saida, registrada)

    return _executar(settings, como_json, timeout, acao)


def estornar(
    settings: Settings,
    ident: str,
    *,
    descricao: str | None,
    chave: str | None,
    tentativas: int,
    como_json: bool,
    timeout: float,
) -> int:
    def acao(api: ApiCliente, saida: Saida) -> None:
        numero = id_digitado(ident)
        texto = descricao_digitada(descricao) if descricao is not None else None
        chave_fixa = chave or nova_chave()
        registrada = _com_tentativas(
            saida, tentativas, lambda: api.estornar(numero, texto, chave_fixa)
        )
        _mostrar_registrada(saida, registrada)

    return _executar(settings, como_json, timeout, acao)


# dia fechar / reabrir (issue 13)


def _dia_digitado(data: str | None, hoje: date) -> date:
    return data_digitada(data, "DATA") if data is not None else hoje


def fechar_dia(
    settings: Settings,
    hoje: date,
    data: str | None,
    *,
    observacao: str | None,
    chave: str | None,
    tentativas: int,
    como_json: bool,
    timeout: float,
) -> int:
    def acao(api: ApiCliente, saida: Saida) -> None:
        dia = _dia_digitado(data, hoje)
        try:
            texto = parse_observacao(observacao)
        except CampoInvalido as erro:
            raise EntradaInvalida(str(erro)) from None
        chave_fixa = chave or nova_chave()
        fechado = _com_tentativas(saida, tentativas, lambda: api.fechar_dia(dia, texto, chave_fixa))
        if saida.como_json:
            saida.json(fechado.json)
            return
        z = fechado.relatorio
        s = z.somas
        repetido = " (já registrado antes com esta chave)" if fechado.repetida else ""
        saida.linha(
            f"Dia {data_br(z.data)} fechado: fechamento nº {z.numero}, versão {z.versao}{repetido}."
        )
        saida.linha(
            f"Entradas {formatar_brl(s.entradas)} ({s.qtd_entradas}) · "
            f"Saídas {formatar_brl(s.saidas)} ({s.qtd_saidas}) · "
            f"Saldo do dia {formatar_brl(s.saldo)} · Saldo final {formatar_brl(z.saldo_final)}"
        )

    return _executar(settings, como_json, timeout, acao)


def reabrir_dia(
    settings: Settings,
    hoje: date,
    data: str | None,
    *,
    motivo: str | None,
    chave: str | None,
    tentativas: int,
    como_json: bool,
    timeout: float,
) -> int:
    def acao(api: ApiCliente, saida: Saida) -> None:
        dia = _dia_digitado(data, hoje)
        try:
            texto = parse_motivo(motivo)
        except CampoInvalido as erro:
            raise EntradaInvalida(f'{erro} Use --motivo "...".') from None
        chave_fixa = chave or nova_chave()
        reaberto = _com_tentativas(
            saida, tentativas, lambda: api.reabrir_dia(dia, texto, chave_fixa)
        )
        if saida.como_json:
            saida.json(reaberto)
            return
        saida.linha(
            f"Dia {data_br(dia)} reaberto (a versão {reaberto['versao']} do fechamento "
            f"continua guardada). Motivo: {reaberto['motivo']}"
        )

    return _executar(settings, como_json, timeout, acao)


def _mostrar_registrada(saida: Saida, mov: MovimentacaoRegistrada) -> None:
    if saida.como_json:
        saida.json(mov.json)
        return
    nome = "Estorno" if mov.estorno_de is not None else "Movimentação"
    linha = f"{nome} {mov.id} registrad{'o' if mov.estorno_de else 'a'}: "
    linha += f"{rotulo(mov.tipo)} de {formatar_brl(mov.valor_centavos)} em {data_br(mov.data)}"
    if mov.estorno_de is not None:
        linha += f", estorna a movimentação {mov.estorno_de}"
    # The server's default text for a reversal would only repeat what the line says.
    if mov.descricao and mov.descricao != f"Estorno da movimentação {mov.estorno_de}":
        linha += f" ({mov.descricao})"
    linha += "."
    if mov.repetida:
        linha += " Já estava registrad" + ("o" if mov.estorno_de else "a") + " com esta chave."
    saida.linha(linha)


# extrato


def extrato(
    settings: Settings,
    hoje: date,
    *,
    inicio: str | None,
    fim: str | None,
    tipo: str | None,
    como_json: bool,
    timeout: float,
) -> int:
    def acao(api: ApiCliente, saida: Saida) -> None:
        dia_inicio, dia_fim = _periodo_digitado(inicio, fim)
        if dia_inicio is None and dia_fim is None:
            dia_inicio = dia_fim = hoje  # a statement of today, as a merchant expects
        filtro = _tipo_opcional(tipo)
        itens = list(api.extrato(dia_inicio, dia_fim, filtro))
        if saida.como_json:
            saida.json([m.json for m in itens])
            return
        titulo = "Extrato " + _descrever_periodo(dia_inicio, dia_fim, filtro)
        if not itens:
            saida.console.print(f"{titulo}: nenhuma movimentação.", markup=False)
            return
        saida.console.print(_tabela_extrato(titulo, itens))
        entradas = [m.valor_centavos for m in itens if m.tipo is Tipo.ENTRADA]
        saidas = [m.valor_centavos for m in itens if m.tipo is Tipo.SAIDA]
        saida.console.print(
            f"Entradas: {formatar_brl(sum(entradas))} ({len(entradas)})  "
            f"Saídas: {formatar_brl(sum(saidas))} ({len(saidas)})  "
            f"Saldo: {formatar_brl(sum(entradas) - sum(saidas))}",
            markup=False,
            soft_wrap=True,
        )

    return _executar(settings, como_json, timeout, acao)


def _descrever_periodo(inicio: date | None, fim: date | None, tipo: Tipo | None) -> str:
    if inicio is not None and inicio == fim:
        texto = f"de {data_br(inicio)}"
    elif inicio is not None and fim is not None:
        texto = f"de {data_br(inicio)} a {data_br(fim)}"
    elif inicio is not None:
        texto = f"desde {data_br(inicio)}"
    elif fim is not None:
        texto = f"até {data_br(fim)}"
    else:
        texto = "completo"
    if tipo is not None:
        texto += f" (somente {'entradas' if tipo is Tipo.ENTRADA else 'saídas'})"
    return texto


def _valor_com_sinal(mov: MovimentacaoRegistrada) -> Text:
    if mov.tipo is Tipo.SAIDA:
        return Text(formatar_brl(-mov.valor_centavos), style="red")
    return Text(formatar_brl(mov.valor_centavos), style="green")


def _situacao(mov: MovimentacaoRegistrada) -> str:
    if mov.estorno_de is not None:
        return f"estorna {mov.estorno_de}"
    if mov.estornado_por is not None:
        return f"estornada por {mov.estornado_por}"
    return ""


def _tabela_extrato(titulo: str, itens: list[MovimentacaoRegistrada]) -> Table:
    tabela = Table(title=titulo, box=box.SIMPLE_HEAD, title_justify="left")
    # On a narrow terminal only the free text folds; "estornada por 11" stays one line.
    tabela.add_column("ID", justify="right", no_wrap=True)
    tabela.add_column("Data", no_wrap=True)
    tabela.add_column("Tipo", no_wrap=True)
    tabela.add_column("Valor", justify="right", no_wrap=True)
    tabela.add_column("Descrição", overflow="fold")
    tabela.add_column("Estorno", no_wrap=True)
    for mov in itens:
        tabela.add_row(
            str(mov.id),
            data_br(mov.data),
            rotulo(mov.tipo),
            _valor_com_sinal(mov),
            Text(visivel(mov.descricao or "")),
            _situacao(mov),
        )
    return tabela


# consolidado


def consolidado(
    settings: Settings,
    *,
    data: str | None,
    inicio: str | None,
    fim: str | None,
    tipo: str | None,
    como_json: bool,
    timeout: float,
) -> int:
    def acao(api: ApiCliente, saida: Saida) -> None:
        if data is not None and (inicio is not None or fim is not None):
            raise EntradaInvalida("Use --data para um dia ou --inicio/--fim para um período.")
        if inicio is None and fim is None:
            if tipo is not None:
                raise EntradaInvalida("--tipo vale para um período (--inicio/--fim).")
            dia = data_digitada(data, "--data") if data is not None else None
            saldo = api.saldo_do_dia(dia)
            if saida.como_json:
                saida.json(saldo.json)
            else:
                saida.console.print(_tabela_dia(saldo))
            return
        dia_inicio, dia_fim = _periodo_digitado(inicio, fim)
        periodo = api.periodo(dia_inicio, dia_fim, _tipo_opcional(tipo))
        if saida.como_json:
            saida.json(periodo.json)
        else:
            saida.console.print(_tabela_periodo(periodo, _tipo_opcional(tipo)))

    return _executar(settings, como_json, timeout, acao)


def _saldo(centavos: int) -> Text:
    return Text(formatar_brl(centavos), style="red" if centavos < 0 else "")


def _tabela_dia(saldo: SaldoDia) -> Table:
    tabela = Table(
        title=f"Consolidado de {data_br(saldo.data)}",
        box=box.SIMPLE,
        show_header=False,
        title_justify="left",
    )
    tabela.add_column("", no_wrap=True)
    tabela.add_column("", justify="right", no_wrap=True)
    tabela.add_row("Saldo anterior", _saldo(saldo.saldo_anterior))
    tabela.add_row(f"Entradas ({saldo.qtd_entradas})", formatar_brl(saldo.entradas))
    tabela.add_row(f"Saídas ({saldo.qtd_saidas})", formatar_brl(saldo.saidas))
    tabela.add_row("Saldo do dia", _saldo(saldo.saldo_dia))
    tabela.add_row("Saldo final", _saldo(saldo.saldo_final), end_section=True)
    return tabela


def _tabela_periodo(periodo: Periodo, tipo: Tipo | None) -> Table:
    titulo = "Consolidado " + _descrever_periodo(periodo.inicio, periodo.fim, tipo)
    tabela = Table(title=titulo, box=box.SIMPLE_HEAD, title_justify="left", show_footer=True)
    tabela.add_column("Data", footer="Total")
    tabela.add_column("Entradas", justify="right", footer=formatar_brl(periodo.entradas))
    tabela.add_column("Saídas", justify="right", footer=formatar_brl(periodo.saidas))
    tabela.add_column("Saldo do dia", justify="right", footer=_saldo(periodo.saldo))
    final = _saldo(periodo.dias[-1].saldo_final) if periodo.dias else ""
    tabela.add_column("Saldo final", justify="right", footer=final)
    tabela.add_column("Registros", justify="right", footer=str(periodo.registros))
    for dia in periodo.dias:
        tabela.add_row(
            data_br(dia.data),
            formatar_brl(dia.entradas),
            formatar_brl(dia.saidas),
            _saldo(dia.saldo_dia),
            _saldo(dia.saldo_final),
            str(dia.registros),
        )
    return tabela
