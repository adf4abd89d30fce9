"""The one-shot commands for scripts: lancar, estornar, extrato, consolidado, categorias,
dia relatorio.

Each returns the exit status: 0 success, 1 rejected input (ours or the service's), 2
service unreachable or failing. With `como_json` standard output is always JSON: the
service's own objects on success, the API's error shape on failure.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from fluxo_caixa.cliente.api import (
    ApiCliente,
    CategoriaLida,
    Detalhado,
    EntradaInvalida,
    ErroCliente,
    Filtros,
    MovimentacaoRegistrada,
    PedidoMovimentacao,
    Periodo,
    SaldoDia,
    ServicoIndisponivel,
    nova_chave,
)
from fluxo_caixa.cliente.conexao import Conexao
from fluxo_caixa.cliente.entrada import (
    categoria_informada,
    data_digitada,
    descricao_digitada,
    forma_digitada,
    id_digitado,
    tipo_digitado,
    valor_digitado,
)
from fluxo_caixa.cliente.formato import data_br, json_visivel, no_caixa, rotulo, visivel
from fluxo_caixa.domain.categoria import SEM_CATEGORIA, parse_nome
from fluxo_caixa.domain.dia import parse_motivo, parse_observacao
from fluxo_caixa.domain.dinheiro import formatar_brl
from fluxo_caixa.domain.movimentacao import CampoInvalido, Tipo
from fluxo_caixa.domain.pagamento import FormaPagamento
from fluxo_caixa.domain.pagamento import rotulo as rotulo_forma
from fluxo_caixa.domain.relatorio import RelatorioZ

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


def _executar(conexao: Conexao, acao: Callable[[ApiCliente, Saida], None]) -> int:
    saida = Saida(conexao.como_json)
    try:
        with ApiCliente.de_settings(conexao.settings, timeout=conexao.timeout) as api:
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


def _forma_opcional(forma: str | None) -> FormaPagamento | None:
    return forma_digitada(forma) if forma is not None else None


def _categoria_filtro(categoria: str | None) -> str | None:
    """A filter's categoria goes as typed (name or id); the service resolves it."""
    return str(categoria_informada(categoria)) if categoria is not None else None


# lancar / estornar


def lancar(
    conexao: Conexao,
    tipo: str | None,
    valor: str | None,
    *,
    descricao: str | None,
    data: str | None,
    forma: str | None = None,
    categoria: str | None = None,
    caixa: str | None = None,
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
            chave=conexao.chave if conexao.chave is not None else nova_chave(),
            forma_pagamento=_forma_opcional(forma),
            categoria=categoria_informada(categoria) if categoria is not None else None,
            caixa=caixa.strip() if caixa is not None else None,
        )
        registrada = _com_tentativas(saida, conexao.tentativas, lambda: api.registrar(pedido))
        _mostrar_registrada(saida, registrada)

    return _executar(conexao, acao)


def estornar(conexao: Conexao, ident: str, *, descricao: str | None) -> int:
    def acao(api: ApiCliente, saida: Saida) -> None:
        numero = id_digitado(ident)
        texto = descricao_digitada(descricao) if descricao is not None else None
        chave = conexao.chave or nova_chave()
        registrada = _com_tentativas(
            saida, conexao.tentativas, lambda: api.estornar(numero, texto, chave)
        )
        _mostrar_registrada(saida, registrada)

    return _executar(conexao, acao)


# dia fechar / reabrir (issue 13)


def _dia_digitado(data: str | None, hoje: date) -> date:
    return data_digitada(data, "DATA") if data is not None else hoje


def fechar_dia(conexao: Conexao, data: str | None, *, observacao: str | None) -> int:
    def acao(api: ApiCliente, saida: Saida) -> None:
        dia = _dia_digitado(data, conexao.hoje)
        try:
            texto = parse_observacao(observacao)
        except CampoInvalido as erro:
            raise EntradaInvalida(str(erro)) from None
        chave = conexao.chave or nova_chave()
        fechado = _com_tentativas(
            saida, conexao.tentativas, lambda: api.fechar_dia(dia, texto, chave)
        )
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

    return _executar(conexao, acao)


def reabrir_dia(conexao: Conexao, data: str | None, *, motivo: str | None) -> int:
    def acao(api: ApiCliente, saida: Saida) -> None:
        dia = _dia_digitado(data, conexao.hoje)
        try:
            texto = parse_motivo(motivo)
        except CampoInvalido as erro:
            raise EntradaInvalida(f'{erro} Use --motivo "...".') from None
        chave = conexao.chave or nova_chave()
        reaberto = _com_tentativas(
            saida, conexao.tentativas, lambda: api.reabrir_dia(dia, texto, chave)
        )
        if saida.como_json:
            saida.json(reaberto)
            return
        saida.linha(
            f"Dia {data_br(dia)} reaberto (a versão {reaberto['versao']} do fechamento "
            f"continua guardada). Motivo: {reaberto['motivo']}"
        )

    return _executar(conexao, acao)


def _mostrar_registrada(saida: Saida, mov: MovimentacaoRegistrada) -> None:
    if saida.como_json:
        saida.json(mov.json)
        return
    nome = "Estorno" if mov.estorno_de is not None else "Movimentação"
    linha = f"{nome} {mov.id} registrad{'o' if mov.estorno_de else 'a'}: "
    linha += f"{rotulo(mov.tipo)} de {formatar_brl(mov.valor_centavos)} em {data_br(mov.data)}"
    if mov.forma_pagamento is not None:
        linha += f", {rotulo_forma(mov.forma_pagamento)}"
    if mov.categoria is not None:
        linha += f", categoria {mov.categoria}"
    if mov.estorno_de is not None:
        linha += f", estorna a movimentação {mov.estorno_de}"
    # The server's default text for a reversal would only repeat what the line says.
    if mov.descricao and mov.descricao != f"Estorno da movimentação {mov.estorno_de}":
        linha += f" ({mov.descricao})"
    linha += no_caixa(mov.json)  # which drawer it went to, when one did
    linha += "."
    if mov.repetida:
        linha += " Já estava registrad" + ("o" if mov.estorno_de else "a") + " com esta chave."
    saida.linha(linha)


# extrato


def extrato(
    conexao: Conexao,
    *,
    inicio: str | None,
    fim: str | None,
    tipo: str | None,
    forma: str | None = None,
    categoria: str | None = None,
) -> int:
    def acao(api: ApiCliente, saida: Saida) -> None:
        dia_inicio, dia_fim = _periodo_digitado(inicio, fim)
        if dia_inicio is None and dia_fim is None:
            dia_inicio = dia_fim = conexao.hoje  # a statement of today, as a merchant expects
        filtros = Filtros(
            dia_inicio,
            dia_fim,
            _tipo_opcional(tipo),
            _forma_opcional(forma),
            _categoria_filtro(categoria),
        )
        itens = list(api.extrato(filtros))
        if saida.como_json:
            saida.json([m.json for m in itens])
            return
        titulo = _titulo("Extrato", dia_inicio, dia_fim, filtros)
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

    return _executar(conexao, acao)


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


def _titulo(nome: str, inicio: date | None, fim: date | None, filtros: Filtros) -> str:
    """A listing's title: its name, its period and the filters it was asked with."""
    partes = []
    if filtros.forma_pagamento is not None:
        partes.append(f"forma {rotulo_forma(filtros.forma_pagamento)}")
    if filtros.categoria is not None:
        partes.append(f"categoria {filtros.categoria}")
    restricoes = f" ({', '.join(partes)})" if partes else ""
    return f"{nome} {_descrever_periodo(inicio, fim, filtros.tipo)}{restricoes}"


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
    tabela.add_column("Forma", no_wrap=True)
    tabela.add_column("Categoria", overflow="fold")
    tabela.add_column("Descrição", overflow="fold")
    tabela.add_column("Estorno", no_wrap=True)
    for mov in itens:
        tabela.add_row(
            str(mov.id),
            data_br(mov.data),
            rotulo(mov.tipo),
            _valor_com_sinal(mov),
            "" if mov.forma_pagamento is None else rotulo_forma(mov.forma_pagamento),
            Text(visivel(mov.categoria or "")),
            Text(visivel(mov.descricao or "")),
            _situacao(mov),
        )
    return tabela


# consolidado


def consolidado(
    conexao: Conexao,
    *,
    data: str | None,
    inicio: str | None,
    fim: str | None,
    tipo: str | None,
    forma: str | None = None,
    categoria: str | None = None,
    detalhado: bool = False,
) -> int:
    def acao(api: ApiCliente, saida: Saida) -> None:
        if data is not None and (inicio is not None or fim is not None):
            raise EntradaInvalida("Use --data para um dia ou --inicio/--fim para um período.")
        forma_pagamento = _forma_opcional(forma)
        nome_categoria = _categoria_filtro(categoria)
        if inicio is None and fim is None and not detalhado:
            if forma is not None or categoria is not None:
                raise EntradaInvalida(
                    "--forma e --categoria valem para um período (--inicio/--fim) "
                    "ou com --detalhado."
                )
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
        if inicio is None and fim is None:  # --detalhado of one day: --data's, or today
            dia_inicio = dia_fim = (
                data_digitada(data, "--data") if data is not None else conexao.hoje
            )
        filtros = Filtros(
            dia_inicio, dia_fim, _tipo_opcional(tipo), forma_pagamento, nome_categoria
        )
        if detalhado:
            resultado = api.detalhado(filtros)
            if saida.como_json:
                saida.json(resultado.json)
            else:
                _mostrar_detalhado(saida, resultado, filtros)
            return
        periodo = api.periodo(filtros)
        if saida.como_json:
            saida.json(periodo.json)
        else:
            titulo = _titulo("Consolidado", periodo.inicio, periodo.fim, filtros)
            saida.console.print(_tabela_periodo(periodo, titulo))

    return _executar(conexao, acao)


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


def _tabela_periodo(periodo: Periodo, titulo: str) -> Table:
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


def percentual_br(texto: str) -> str:
    """The service's "33.33" as a Brazilian reads it: "33,33%"."""
    return texto.replace(".", ",") + "%"


def _mostrar_detalhado(saida: Saida, resultado: Detalhado, filtros: Filtros) -> None:
    titulo = _titulo("Consolidado detalhado", resultado.inicio, resultado.fim, filtros)
    if not resultado.por_forma and not resultado.por_categoria:
        saida.linha(f"{titulo}: nenhuma movimentação.")
        return
    saida.linha(titulo)
    saida.linha("")
    formas = Table(title="Por forma de pagamento", box=box.SIMPLE_HEAD, title_justify="left")
    formas.add_column("Forma", no_wrap=True)
    formas.add_column("Entradas", justify="right", no_wrap=True)
    formas.add_column("Qtd", justify="right", no_wrap=True)
    formas.add_column("%", justify="right", no_wrap=True)
    formas.add_column("Saídas", justify="right", no_wrap=True)
    formas.add_column("Qtd", justify="right", no_wrap=True)
    formas.add_column("%", justify="right", no_wrap=True)
    for f in resultado.por_forma:
        formas.add_row(
            rotulo_forma(f.forma_pagamento),
            formatar_brl(f.entradas),
            str(f.qtd_entradas),
            percentual_br(f.percentual_entradas),
            formatar_brl(f.saidas),
            str(f.qtd_saidas),
            percentual_br(f.percentual_saidas),
        )
    saida.console.print(formas)
    categorias = Table(title="Por categoria", box=box.SIMPLE_HEAD, title_justify="left")
    categorias.add_column("Categoria", overflow="fold")
    categorias.add_column("Tipo", no_wrap=True)
    categorias.add_column("Valor", justify="right", no_wrap=True)
    categorias.add_column("Qtd", justify="right", no_wrap=True)
    categorias.add_column("%", justify="right", no_wrap=True)
    for c in resultado.por_categoria:
        categorias.add_row(
            Text(visivel(c.categoria or "Sem categoria")),
            rotulo(c.tipo),
            formatar_brl(c.valor),
            str(c.qtd),
            percentual_br(c.percentual),
        )
    saida.console.print(categorias)


# categorias


def _mostrar_categoria(saida: Saida, categoria: CategoriaLida, feito: str) -> None:
    if saida.como_json:
        saida.json(categoria.json)
        return
    situacao = "" if categoria.ativa else ", inativa"
    saida.linha(
        f"Categoria {categoria.id} {feito}: {categoria.nome} ({rotulo(categoria.tipo)}{situacao})."
    )


def _nome_digitado(nome: str) -> str:
    try:
        return parse_nome(nome)
    except CampoInvalido as erro:
        raise EntradaInvalida(str(erro)) from None


def categorias_listar(conexao: Conexao, *, tipo: str | None) -> int:
    def acao(api: ApiCliente, saida: Saida) -> None:
        filtro = _tipo_opcional(tipo)
        itens = api.categorias(filtro)
        if saida.como_json:
            saida.json([c.json for c in itens])
            return
        titulo = "Categorias"
        if filtro is not None:
            titulo += f" de {'entrada' if filtro is Tipo.ENTRADA else 'saída'}"
        if not itens:
            saida.linha(f"{titulo}: nenhuma.")
            return
        tabela = Table(title=titulo, box=box.SIMPLE_HEAD, title_justify="left")
        tabela.add_column("ID", justify="right", no_wrap=True)
        tabela.add_column("Nome", overflow="fold")
        tabela.add_column("Tipo", no_wrap=True)
        tabela.add_column("Situação", no_wrap=True)
        for c in itens:
            tabela.add_row(
                str(c.id),
                Text(visivel(c.nome)),
                rotulo(c.tipo),
                "ativa" if c.ativa else "inativa",
            )
        saida.console.print(tabela)

    return _executar(conexao, acao)


def categorias_criar(conexao: Conexao, nome: str, *, tipo: str) -> int:
    def acao(api: ApiCliente, saida: Saida) -> None:
        criada = api.criar_categoria(_nome_digitado(nome), tipo_digitado(tipo))
        _mostrar_categoria(saida, criada, "criada")

    return _executar(conexao, acao)


def categorias_alterar(
    conexao: Conexao, ident: str, *, nome: str | None = None, ativa: bool | None = None
) -> int:
    def acao(api: ApiCliente, saida: Saida) -> None:
        numero = id_digitado(ident, "da categoria")
        novo = _nome_digitado(nome) if nome is not None else None
        alterada = api.alterar_categoria(numero, novo, ativa)
        feito = "renomeada" if nome is not None else "ativada" if ativa else "desativada"
        _mostrar_categoria(saida, alterada, feito)

    return _executar(conexao, acao)


# dia relatorio


def relatorio(conexao: Conexao, data: str, *, arquivo: str | None) -> int:
    """The day's relatório Z: shown (or its JSON), or with `arquivo` saved as a PDF."""

    def acao(api: ApiCliente, saida: Saida) -> None:
        dia = data_digitada(data, "DATA")
        if arquivo is not None:
            conteudo = api.relatorio_z_pdf(dia)
            _gravar(Path(arquivo), conteudo)
            if saida.como_json:
                saida.json({"data": dia.isoformat(), "arquivo": arquivo, "bytes": len(conteudo)})
            else:
                saida.linha(f"Relatório Z de {data_br(dia)} salvo em {arquivo}.")
            return
        relatorio_z, dados = api.relatorio_z(dia)
        if saida.como_json:
            saida.json(dados)
        else:
            for tabela in _tabelas_relatorio(relatorio_z):
                saida.console.print(tabela)

    return _executar(conexao, acao)


def _gravar(destino: Path, conteudo: bytes) -> None:
    """Whole or not at all: a failed download never leaves half a PDF under the name."""
    try:
        with tempfile.NamedTemporaryFile(
            dir=destino.parent, prefix=f".{destino.name}.", delete=False
        ) as temporario:
            temporario.write(conteudo)
        os.replace(temporario.name, destino)
    except OSError as erro:
        raise EntradaInvalida(f"Não foi possível gravar {destino}: {erro.strerror}.") from None


def _tabelas_relatorio(r: RelatorioZ) -> list[Table | Text]:
    if r.parcial:
        cabecalho = Text(
            f"Relatório Z de {data_br(r.data)} — PARCIAL — dia não fechado", "bold red"
        )
    else:
        cabecalho = Text(
            f"Relatório Z de {data_br(r.data)} — fechamento nº {r.numero}, versão {r.versao}",
            "bold",
        )
    s = r.somas
    resumo = Table(box=box.SIMPLE, show_header=False)
    resumo.add_column("", no_wrap=True)
    resumo.add_column("", justify="right", no_wrap=True)
    resumo.add_row("Saldo anterior", _saldo(r.saldo_anterior))
    resumo.add_row(f"Entradas ({s.qtd_entradas})", formatar_brl(s.entradas))
    resumo.add_row(f"Saídas ({s.qtd_saidas})", formatar_brl(s.saidas))
    resumo.add_row("Saldo do dia", _saldo(s.saldo))
    resumo.add_row("Saldo final", _saldo(r.saldo_final))
    formas = Table(title="Por forma de pagamento", box=box.SIMPLE_HEAD, title_justify="left")
    for coluna in ("Forma", "Entradas", "Saídas"):
        formas.add_column(coluna, justify="left" if coluna == "Forma" else "right")
    for p in r.por_forma:
        formas.add_row(rotulo_forma(p.forma), formatar_brl(p.entradas), formatar_brl(p.saidas))
    categorias = Table(title="Por categoria", box=box.SIMPLE_HEAD, title_justify="left")
    for coluna in ("Categoria", "Tipo", "Valor"):
        categorias.add_column(coluna, justify="right" if coluna == "Valor" else "left")
    for c in r.por_categoria:
        categorias.add_row(
            Text(visivel(c.categoria or SEM_CATEGORIA)), rotulo(c.tipo), formatar_brl(c.valor)
        )
    sessoes = Table(title="Sessões de caixa", box=box.SIMPLE_HEAD, title_justify="left")
    for coluna in ("Caixa", "Operador", "Esperado", "Contado", "Quebra"):
        sessoes.add_column(coluna, justify="left" if coluna in ("Caixa", "Operador") else "right")
    for x in r.sessoes:
        sessoes.add_row(
            Text(visivel(x.caixa)),
            Text(visivel(x.operador or "")),
            formatar_brl(x.esperado_dinheiro),
            "aberta" if x.contado_dinheiro is None else formatar_brl(x.contado_dinheiro),
            "" if x.quebra is None else _saldo(x.quebra),
        )
    estornos = Table(title="Estornos do dia", box=box.SIMPLE_HEAD, title_justify="left")
    for coluna in ("Nº", "Estorna", "Tipo", "Valor", "Descrição"):
        estornos.add_column(
            coluna, justify="right" if coluna in ("Nº", "Estorna", "Valor") else "left"
        )
    for e in r.estornos:
        estornos.add_row(
            str(e.id), str(e.estorno_de), rotulo(e.tipo), formatar_brl(e.valor),
            Text(visivel(e.descricao or "")),
        )  # fmt: skip
    return [cabecalho, resumo, formas, categorias, sessoes, estornos]
