"""Caixas (cash drawers) and their sessions: abertura, suprimento, sangria, fechamento.

Every rule of DESIGN §3 about the drawer lives here, in integer centavos; the database
layer only stores and sums.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from fluxo_caixa.domain import dinheiro
from fluxo_caixa.domain.movimentacao import CampoInvalido, sem_acento
from fluxo_caixa.domain.pagamento import FormaPagamento, parse_forma
from fluxo_caixa.domain.texto import TextoInvalido, texto_limpo

NOME_MAXIMO = 60
OPERADOR_MAXIMO = 80
OBSERVACAO_MAXIMA = 200
CAIXA_PADRAO = "Caixa 1"
RETIRADA_NO_FECHAMENTO = "retirada no fechamento"
QUANTIDADE_MAXIMA = 1_000_000  # notes or coins of one denomination in a drawer

# Denominations as the API names them, and their value in centavos (DESIGN §3).
CEDULAS: dict[str, int] = {
    "200": 20000, "100": 10000, "50": 5000, "20": 2000, "10": 1000, "5": 500, "2": 200,
    "1": 100, "0.50": 50, "0.25": 25, "0.10": 10, "0.05": 5,
}  # fmt: skip


class TipoEvento(enum.StrEnum):
    SUPRIMENTO = "suprimento"
    SANGRIA = "sangria"
    RETIRADA = "retirada"  # the final sangria of a fechamento


class CaixaNaoEncontrado(LookupError):
    def __init__(self, caixa: str | int) -> None:
        nome = f"{caixa}" if isinstance(caixa, int) else f"'{caixa}'"
        super().__init__(f"Caixa {nome} não encontrado.")


class SessaoNaoEncontrada(LookupError):
    def __init__(self, ident: int) -> None:
        super().__init__(f"Sessão de caixa {ident} não encontrada.")


class CaixaSemSessao(LookupError):
    """GET of the open session of a caixa that is closed."""

    def __init__(self, nome: str) -> None:
        super().__init__(f"O {nome} está fechado: não há sessão aberta.")


class CaixaJaAberto(Exception):
    def __init__(self, nome: str) -> None:
        super().__init__(f"O {nome} já está aberto; feche a sessão atual antes de abrir outra.")


class CaixaFechado(Exception):
    def __init__(self, nome: str) -> None:
        super().__init__(f"O {nome} está fechado; abra o caixa antes.")


class CaixaDuplicado(Exception):
    def __init__(self, nome: str) -> None:
        super().__init__(f"Já existe o caixa '{nome}'; escolha outro nome.")


class CaixaInvalido(CampoInvalido):
    """A movement (or a filter) names a caixa that does not exist."""

    campo = "caixa"


class SangriaAcimaDoEsperado(CampoInvalido):
    campo = "valor"

    def __init__(self, valor: int, esperado: int) -> None:
        super().__init__(
            f"A sangria de {dinheiro.formatar_brl(valor)} é maior que o dinheiro esperado "
            f"no caixa ({dinheiro.formatar_brl(esperado)})."
        )


class FechamentoInvalido(CampoInvalido):
    def __init__(self, campo: str, mensagem: str) -> None:
        super().__init__(mensagem)
        self.campo = campo


@dataclass(frozen=True, slots=True)
class Caixa:
    id: int
    nome: str
    sessao_id: int | None  # the open session, if any

    @property
    def aberto(self) -> bool:
        return self.sessao_id is not None


def chave_do_nome(nome: str) -> str:
    return " ".join(sem_acento(nome).casefold().split())


def parse_nome(valor: object) -> str:
    try:
        nome = texto_limpo(valor, "O nome do caixa", NOME_MAXIMO)
    except TextoInvalido as erro:
        raise CampoInvalido(str(erro)) from None
    if nome is None:
        raise CampoInvalido("Informe o nome do caixa.")
    return nome


def parse_texto(valor: object, campo: str, maximo: int) -> str | None:
    try:
        return texto_limpo(valor, campo, maximo)
    except TextoInvalido as erro:
        raise CampoInvalido(str(erro)) from None


def parse_caixa(valor: object) -> str | int | None:
    """A caixa named by name or by id; finding it is the write's business."""
    if valor is None:
        return None
    if isinstance(valor, int) and not isinstance(valor, bool) and 0 < valor < 2**63:
        return valor
    if isinstance(valor, str) and valor.strip() and len(valor.strip()) <= NOME_MAXIMO:
        return valor.strip()
    raise CampoInvalido("Informe o caixa pelo nome ou pelo id.")


def achar_caixa(informado: str | int, caixas: Iterable[Caixa]) -> Caixa | None:
    todos = list(caixas)
    if isinstance(informado, int):
        return next((c for c in todos if c.id == informado), None)
    chave = chave_do_nome(informado)
    achado = next((c for c in todos if chave_do_nome(c.nome) == chave), None)
    if achado is None and informado.isascii() and informado.isdigit():
        achado = next((c for c in todos if c.id == int(informado)), None)
    return achado


def caixa_informado(informado: str | int, caixas: Iterable[Caixa]) -> Caixa:
    """The caixa a movement or a filter names; a 422 listing the caixas otherwise."""
    todos = list(caixas)
    achado = achar_caixa(informado, todos)
    if achado is None:
        nomes = ", ".join(c.nome for c in todos) or "nenhum"
        descrito = f"id {informado}" if isinstance(informado, int) else f"'{informado}'"
        raise CaixaInvalido(f"Caixa {descrito} não encontrado. Caixas: {nomes}.")
    return achado


# Zero written as text (the published schema says exactly this, next to the valor's).
ZERO_TEXTO_PADRAO = r"^[ \t\r\n]*\+?(0+(\.0*)?|\.0+)[ \t\r\n]*$"
_ZERO_TEXTO = re.compile(ZERO_TEXTO_PADRAO)


def parse_contado(valor: object, campo: str = "O valor contado") -> int:
    """Counted money: zero or positive, at most two decimals and 99999999.99."""
    if isinstance(valor, int | Decimal) and not isinstance(valor, bool) and valor == 0:
        return 0
    if isinstance(valor, str) and _ZERO_TEXTO.fullmatch(valor):
        return 0
    try:
        return dinheiro.centavos_de(valor)
    except dinheiro.ValorInvalido as erro:
        mensagem = str(erro)
        if "maior que zero" in mensagem:
            mensagem = f"{campo} não pode ser negativo."
        raise CampoInvalido(mensagem) from None


def parse_cedulas(valor: object) -> dict[str, int] | None:
    """Notes and coins counted, by denomination ("200" ... "0.05"); their sum is checked
    against the counted cash by `Fechamento`."""
    if valor is None:
        return None
    if not isinstance(valor, Mapping):
        raise CampoInvalido('Informe as cédulas como um objeto, como {"100": 2, "0.50": 3}.')
    cedulas: dict[str, int] = {}
    for chave, quantidade in valor.items():
        if chave not in CEDULAS:
            raise CampoInvalido(
                f"Cédula ou moeda desconhecida: '{chave}'. Use: {', '.join(CEDULAS)}."
            )
        if (
            not isinstance(quantidade, int)
            or isinstance(quantidade, bool)
            or not 0 <= quantidade <= QUANTIDADE_MAXIMA
        ):
            raise CampoInvalido(
                f"A quantidade de '{chave}' deve ser um número inteiro de 0 a {QUANTIDADE_MAXIMA}."
            )
        if quantidade:
            cedulas[chave] = quantidade
    return dict(sorted(cedulas.items(), key=lambda item: -CEDULAS[item[0]]))


def soma_cedulas(cedulas: Mapping[str, int]) -> int:
    return sum(CEDULAS[k] * n for k, n in cedulas.items())


def parse_contagem(valor: object) -> dict[FormaPagamento, int]:
    """`contado` of a fechamento: per forma, `dinheiro` required."""
    if not isinstance(valor, Mapping):
        raise CampoInvalido('Informe o contado por forma, como {"dinheiro": 235.00}.')
    contagem: dict[FormaPagamento, int] = {}
    for chave, quantia in valor.items():
        try:
            forma = parse_forma(chave)
        except CampoInvalido:
            raise CampoInvalido(f"'{chave}' não é uma forma de pagamento.") from None
        assert forma is not None
        if forma in contagem:
            raise CampoInvalido(f"A forma '{forma.value}' aparece duas vezes.")
        contagem[forma] = parse_contado(quantia, f"O contado em {forma.value}")
    if FormaPagamento.DINHEIRO not in contagem:
        raise CampoInvalido("Informe o dinheiro contado no caixa (contado.dinheiro).")
    return contagem


@dataclass(frozen=True, slots=True)
class Abertura:
    """What an abertura records: the fund counted and its difference to what was left."""

    fundo: int
    deixado_anterior: int | None
    operador: str | None

    @property
    def diferenca(self) -> int:
        return 0 if self.deixado_anterior is None else self.fundo - self.deixado_anterior


def abertura(contado: int | None, deixado_anterior: int | None, operador: str | None) -> Abertura:
    """The opening count defaults to what the previous session left (zero for the first)."""
    fundo = contado if contado is not None else (deixado_anterior or 0)
    return Abertura(fundo, deixado_anterior, operador)


@dataclass(frozen=True, slots=True)
class Movimentos:
    """One forma's movements in a session."""

    forma: FormaPagamento | None
    entradas: int = 0
    saidas: int = 0


@dataclass(frozen=True, slots=True)
class Conferencia:
    """One forma of a session: esperado, and once closed, contado and diferença."""

    forma: FormaPagamento | None
    entradas: int
    saidas: int
    esperado: int
    contado: int | None = None

    @property
    def diferenca(self) -> int | None:
        return None if self.contado is None else self.contado - self.esperado


@dataclass(frozen=True, slots=True)
class Situacao:
    """A session's figures, as they stand (open) or as they were closed."""

    fundo: int
    suprimentos: int
    sangrias: int
    por_forma: tuple[Conferencia, ...]

    @property
    def esperado_dinheiro(self) -> int:
        return next(c.esperado for c in self.por_forma if c.forma is FormaPagamento.DINHEIRO)


def _ordem(forma: FormaPagamento | None) -> int:
    return len(FormaPagamento) if forma is None else list(FormaPagamento).index(forma)


def situacao(
    fundo: int,
    suprimentos: int,
    sangrias: int,
    movimentos: Iterable[Movimentos],
    contagem: Mapping[FormaPagamento, int] | None = None,
) -> Situacao:
    """Per forma esperado (DESIGN §3): for dinheiro fundo + entradas − saídas +
    suprimentos − sangrias; for any other forma entradas − saídas. `dinheiro` is always
    there; a forma counted but never moved is there too, expecting zero."""
    por_forma: dict[FormaPagamento | None, Movimentos] = {
        FormaPagamento.DINHEIRO: Movimentos(FormaPagamento.DINHEIRO)
    }
    for mov in movimentos:
        atual = por_forma.get(mov.forma, Movimentos(mov.forma))
        por_forma[mov.forma] = Movimentos(
            mov.forma, atual.entradas + mov.entradas, atual.saidas + mov.saidas
        )
    for contada in contagem or {}:
        por_forma.setdefault(contada, Movimentos(contada))
    linhas = []
    for forma in sorted(por_forma, key=_ordem):
        mov = por_forma[forma]
        esperado = mov.entradas - mov.saidas
        if forma is FormaPagamento.DINHEIRO:
            esperado += fundo + suprimentos - sangrias
        contado = None if contagem is None or forma is None else contagem.get(forma)
        linhas.append(Conferencia(forma, mov.entradas, mov.saidas, esperado, contado))
    return Situacao(fundo, suprimentos, sangrias, tuple(linhas))


def exigir_sangria(valor: int, esperado_dinheiro: int) -> None:
    if valor > esperado_dinheiro:
        raise SangriaAcimaDoEsperado(valor, esperado_dinheiro)


@dataclass(frozen=True, slots=True)
class PedidoFechamento:
    """A fechamento as asked, validated field by field (the sums are checked by `fechar`)."""

    contagem: dict[FormaPagamento, int]
    cedulas: dict[str, int] | None = None
    deixado: int | None = None
    observacao: str | None = None


@dataclass(frozen=True, slots=True)
class Fechamento:
    situacao: Situacao
    contado_dinheiro: int
    cedulas: dict[str, int] | None
    deixado: int
    observacao: str | None

    @property
    def quebra(self) -> int:
        return self.contado_dinheiro - self.situacao.esperado_dinheiro

    @property
    def retirada(self) -> int:
        return self.contado_dinheiro - self.deixado


def fechar(
    pedido: PedidoFechamento, aberta: Situacao, movimentos: Iterable[Movimentos]
) -> Fechamento:
    """Check the count against itself and close: `deixado` defaults to the opening fund
    (never more than what was counted); the rest of the cash is the retirada."""
    contado = pedido.contagem[FormaPagamento.DINHEIRO]
    if pedido.cedulas is not None and soma_cedulas(pedido.cedulas) != contado:
        raise FechamentoInvalido(
            "cedulas",
            f"As cédulas e moedas somam {dinheiro.formatar_brl(soma_cedulas(pedido.cedulas))}, "
            f"mas o dinheiro contado é {dinheiro.formatar_brl(contado)}.",
        )
    if pedido.deixado is not None and pedido.deixado > contado:
        raise FechamentoInvalido(
            "deixado",
            f"O valor deixado no caixa ({dinheiro.formatar_brl(pedido.deixado)}) não pode "
            f"ser maior que o dinheiro contado ({dinheiro.formatar_brl(contado)}).",
        )
    deixado = pedido.deixado if pedido.deixado is not None else min(aberta.fundo, contado)
    fechada = situacao(
        aberta.fundo, aberta.suprimentos, aberta.sangrias, movimentos, pedido.contagem
    )
    return Fechamento(fechada, contado, pedido.cedulas, deixado, pedido.observacao)


@dataclass(frozen=True, slots=True)
class Sessao:
    """A session as read: open (figures computed now) or closed (figures as stored)."""

    id: int
    caixa_id: int
    caixa: str
    operador: str | None
    aberta_em: datetime
    fechada_em: datetime | None
    diferenca_abertura: int
    situacao: Situacao
    contado_dinheiro: int | None = None
    cedulas: dict[str, int] | None = None
    deixado: int | None = None
    retirada: int | None = None
    observacao: str | None = None
    esperado_fechamento: int | None = None  # stored at the close

    @property
    def aberta(self) -> bool:
        return self.fechada_em is None

    @property
    def esperado_dinheiro(self) -> int:
        if self.esperado_fechamento is not None:
            return self.esperado_fechamento
        return self.situacao.esperado_dinheiro

    @property
    def quebra(self) -> int | None:
        if self.contado_dinheiro is None:
            return None
        return self.contado_dinheiro - self.esperado_dinheiro


@dataclass(frozen=True, slots=True)
class Evento:
    """A suprimento or a sangria, as recorded."""

    id: int
    sessao_id: int
    caixa_id: int
    caixa: str
    tipo: TipoEvento
    valor: int
    descricao: str | None
    registrado_em: datetime
    esperado_dinheiro: int  # the drawer's expected cash right after it


@dataclass(frozen=True, slots=True)
class DestinoMovimento:
    """Where a movement goes: a caixa and its open session, or none."""

    caixa_id: int | None = None
    caixa: str | None = None
    sessao_id: int | None = None
