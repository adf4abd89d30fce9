"""`fluxo-caixa caixa abrir|suprimento|sangria|status|fechar`: the drawer's routine.

The close asks the count first (note by note if the operator wants) and only then shows
what was expected: a blind count, so the expected amount never steers the counting.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from fluxo_caixa.cliente.api import ApiCliente, EntradaInvalida, nova_chave
from fluxo_caixa.cliente.comandos import Saida, _executar
from fluxo_caixa.cliente.conexao import Conexao
from fluxo_caixa.cliente.entrada import (
    citar,
    descricao_digitada,
    forma_digitada,
    sim_ou_nao,
    valor_digitado,
)
from fluxo_caixa.domain import dinheiro
from fluxo_caixa.domain.caixa import CEDULAS, Caixa, achar_caixa
from fluxo_caixa.domain.pagamento import parse_forma, rotulo

Perguntar = Callable[[str], str]


def contado_digitado(texto: str) -> int:
    """Counted money as a person types it; zero is a valid count."""
    limpo = texto.strip().removeprefix("R$").strip()
    if limpo and set(limpo) <= {"0", ",", "."}:
        return 0
    return valor_digitado(texto)


def _reais(centavos: int) -> str:
    return str(Decimal(centavos).scaleb(-2).quantize(Decimal("0.01")))


def _brl(texto: str | None) -> str:
    return "—" if texto is None else dinheiro.formatar_brl(dinheiro.centavos_formatados(texto))


def _escolher(api: ApiCliente, caixa: str | None) -> Caixa:
    """The caixa named (name or id); without a name, the only one there is."""
    itens = api.caixa_json("GET", "/caixas")["itens"]
    todos = [Caixa(int(c["id"]), str(c["nome"]), c["sessao_id"]) for c in itens]
    if caixa is None:
        if len(todos) == 1:
            return todos[0]
        nomes = ", ".join(c.nome for c in todos)
        raise EntradaInvalida(f"Informe o caixa com --caixa (caixas: {nomes}).")
    achado = achar_caixa(caixa.strip(), todos)
    if achado is None:
        nomes = ", ".join(c.nome for c in todos)
        raise EntradaInvalida(f"Caixa {citar(caixa)} não encontrado. Caixas: {nomes}.")
    return achado


def _registrar(
    api: ApiCliente, caixa: Caixa, o_que: str, corpo: Mapping[str, Any]
) -> dict[str, Any]:
    """A write on the caixa (abertura, suprimento, sangria, fechamento): its own new key,
    sent once; the service's JSON answer."""
    return api.caixa_json("POST", f"/caixas/{caixa.id}/{o_que}", corpo, chave=nova_chave())


def _mostrar_sessao(saida: Saida, sessao: Mapping[str, Any]) -> None:
    if saida.como_json:
        saida.json(sessao)
        return
    aberta = sessao["estado"] == "aberta"
    saida.linha(
        f"{sessao['caixa']} — sessão {sessao['id']} {'aberta' if aberta else 'fechada'}"
        + (f", operador {sessao['operador']}" if sessao["operador"] else "")
        + "."
    )
    saida.linha(
        f"Fundo de troco: {_brl(sessao['fundo'])} (diferença de abertura "
        f"{_brl(sessao['diferenca_abertura'])})"
    )
    saida.linha(f"Suprimentos: {_brl(sessao['suprimentos'])}  Sangrias: {_brl(sessao['sangrias'])}")
    for linha in sessao["por_forma"]:
        forma = rotulo(parse_forma(linha["forma_pagamento"]))
        texto = (
            f"  {forma}: entradas {_brl(linha['entradas'])}, saídas {_brl(linha['saidas'])}, "
            f"esperado {_brl(linha['esperado'])}"
        )
        if linha["contado"] is not None:
            texto += f", contado {_brl(linha['contado'])}, diferença {_brl(linha['diferenca'])}"
        saida.linha(texto)
    saida.linha(f"Dinheiro esperado no caixa: {_brl(sessao['esperado_dinheiro'])}")
    if not aberta:
        quebra = dinheiro.centavos_formatados(sessao["quebra"])
        estado = "sobra" if quebra > 0 else "falta" if quebra < 0 else "sem diferença"
        saida.linha(
            f"Contado: {_brl(sessao['contado_dinheiro'])}  Quebra de caixa: "
            f"{_brl(sessao['quebra'])} ({estado})"
        )
        saida.linha(
            f"Deixado para a próxima abertura: {_brl(sessao['deixado'])}  Retirada no "
            f"fechamento: {_brl(sessao['retirada_fechamento'])}"
        )


def abrir(conexao: Conexao, *, caixa: str | None, contado: str | None, operador: str | None) -> int:
    def acao(api: ApiCliente, saida: Saida) -> None:
        escolhido = _escolher(api, caixa)
        corpo: dict[str, Any] = {}
        if contado is not None:
            corpo["contado"] = _reais(contado_digitado(contado))
        if operador is not None:
            corpo["operador"] = operador
        _mostrar_sessao(saida, _registrar(api, escolhido, "abertura", corpo))

    return _executar(conexao, acao)


def evento(
    conexao: Conexao, tipo: str, valor: str, *, caixa: str | None, descricao: str | None
) -> int:
    def acao(api: ApiCliente, saida: Saida) -> None:
        escolhido = _escolher(api, caixa)
        corpo: dict[str, Any] = {"valor": _reais(valor_digitado(valor))}
        if descricao is not None:
            corpo["descricao"] = descricao_digitada(descricao)
        feito = _registrar(api, escolhido, tipo, corpo)
        if saida.como_json:
            saida.json(feito)
            return
        nome = "Suprimento" if tipo == "suprimento" else "Sangria"
        saida.linha(
            f"{nome} de {_brl(feito['valor'])} registrad{'o' if tipo == 'suprimento' else 'a'} "
            f"no {feito['caixa']}. Dinheiro esperado no caixa: "
            f"{_brl(feito['esperado_dinheiro'])}."
        )

    return _executar(conexao, acao)


def status(conexao: Conexao, *, caixa: str | None) -> int:
    """Every caixa and its state; with --caixa, its open session (the X report)."""

    def acao(api: ApiCliente, saida: Saida) -> None:
        if caixa is None:
            itens = api.caixa_json("GET", "/caixas")["itens"]
            if saida.como_json:
                saida.json(itens)
                return
            for c in itens:
                estado = f"aberto (sessão {c['sessao_id']})" if c["sessao_id"] else "fechado"
                saida.linha(f"{c['nome']} (id {c['id']}): {estado}")
            return
        escolhido = _escolher(api, caixa)
        _mostrar_sessao(saida, api.caixa_json("GET", f"/caixas/{escolhido.id}/sessao"))

    return _executar(conexao, acao)


def _contar_cedulas(perguntar: Perguntar) -> dict[str, int]:
    cedulas: dict[str, int] = {}
    for nome in CEDULAS:
        tipo = "cédulas" if CEDULAS[nome] >= 200 else "moedas"
        rotulo_cedula = f"R$ {nome.replace('.', ',')}"
        resposta = perguntar(f"Quantas {tipo} de {rotulo_cedula}? ").strip() or "0"
        if not resposta.isascii() or not resposta.isdigit():
            raise EntradaInvalida(f"Quantidade inválida: {citar(resposta)}; use 0, 1, 2...")
        if int(resposta):
            cedulas[nome] = int(resposta)
    return cedulas


def fechar(
    conexao: Conexao,
    perguntar: Perguntar,
    *,
    caixa: str | None,
    contado: str | None,
    formas: tuple[str, ...],
    deixado: str | None,
    observacao: str | None,
) -> int:
    """Count and close. Without --contado the count is asked (note by note if wanted)."""

    def acao(api: ApiCliente, saida: Saida) -> None:
        escolhido = _escolher(api, caixa)
        corpo: dict[str, Any] = {}
        if contado is not None:
            dinheiro_contado = contado_digitado(contado)
        elif sim_ou_nao(perguntar("Contar nota a nota? (s/n) ") or "n"):
            cedulas = _contar_cedulas(perguntar)
            corpo["cedulas"] = cedulas
            dinheiro_contado = sum(CEDULAS[k] * n for k, n in cedulas.items())
        else:
            dinheiro_contado = contado_digitado(perguntar("Dinheiro contado no caixa: "))
        contagem = {"dinheiro": _reais(dinheiro_contado)}
        for par in formas:
            nome, igual, quantia = par.partition("=")
            if not igual:
                raise EntradaInvalida(f"Use --forma FORMA=VALOR, como --forma pix=50,00 ({par}).")
            forma = forma_digitada(nome)
            contagem[forma.value] = _reais(contado_digitado(quantia))
        corpo["contado"] = contagem
        if deixado is not None:
            corpo["deixado"] = _reais(contado_digitado(deixado))
        if observacao is not None:
            corpo["observacao"] = observacao
        _mostrar_sessao(saida, _registrar(api, escolhido, "fechamento", corpo))

    return _executar(conexao, acao)
