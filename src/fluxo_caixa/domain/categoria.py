"""Categorias: the merchant's plano de contas, one list per tipo."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from fluxo_caixa.domain.movimentacao import CampoInvalido, Tipo, sem_acento
from fluxo_caixa.domain.texto import TextoInvalido, texto_limpo

NOME_MAXIMO = 80
SEM_CATEGORIA = "Sem categoria"

# What a new database starts with: a small shop's plano de contas (DESIGN §3).
PLANO_PADRAO: tuple[tuple[str, Tipo], ...] = (
    ("Vendas", Tipo.ENTRADA),
    ("Serviços", Tipo.ENTRADA),
    ("Aporte do dono", Tipo.ENTRADA),
    ("Outras entradas", Tipo.ENTRADA),
    ("Mercadorias e fornecedores", Tipo.SAIDA),
    ("Aluguel", Tipo.SAIDA),
    ("Salários e encargos", Tipo.SAIDA),
    ("Impostos e taxas", Tipo.SAIDA),
    ("Água, luz e internet", Tipo.SAIDA),
    ("Tarifas de cartão e banco", Tipo.SAIDA),
    ("Retirada do dono (pró-labore)", Tipo.SAIDA),
    ("Outras saídas", Tipo.SAIDA),
)


class CategoriaInvalida(CampoInvalido):
    """The categoria named does not exist, is inactive or belongs to the other tipo."""

    campo = "categoria"


class AlteracaoVazia(CampoInvalido):
    campo = "corpo"

    def __init__(self) -> None:
        super().__init__("Informe 'nome' e/ou 'ativa'.")


class CategoriaNaoEncontrada(LookupError):
    def __init__(self, ident: int) -> None:
        super().__init__(f"Categoria {ident} não encontrada.")


class CategoriaDuplicada(Exception):
    """Another categoria already has this name (ignoring case, accents and spacing)."""

    def __init__(self, existente: str) -> None:
        super().__init__(
            f"Já existe a categoria '{existente}' (maiúsculas, acentos e espaços não "
            "distinguem nomes); escolha outro nome ou use a existente."
        )


@dataclass(frozen=True, slots=True)
class Categoria:
    id: int
    nome: str
    tipo: Tipo
    ativa: bool


def parse_nome(valor: object) -> str:
    """A categoria's name: the text rule of DESIGN §3, 1 to 80 characters."""
    try:
        nome = texto_limpo(valor, "O nome da categoria", NOME_MAXIMO)
    except TextoInvalido as erro:
        raise CampoInvalido(str(erro)) from None
    if nome is None:
        raise CampoInvalido("Informe o nome da categoria.")
    return nome


def chave_do_nome(nome: str) -> str:
    """What makes two names the same categoria: case, accents and spacing ignored."""
    return " ".join(sem_acento(nome).casefold().split())


def _lista(categorias: Iterable[Categoria], tipo: Tipo) -> str:
    nomes = [c.nome for c in categorias if c.tipo is tipo and c.ativa]
    return ", ".join(nomes) if nomes else "nenhuma (cadastre uma em /categorias)"


def _descrita(informada: str | int) -> str:
    return f"id {informada}" if isinstance(informada, int) else f"'{informada.strip()}'"


def achar_categoria(informada: str | int, categorias: Iterable[Categoria]) -> Categoria | None:
    """The categoria named by name (case, accents and spacing ignored) or by id."""
    todas = list(categorias)
    if isinstance(informada, int):
        return next((c for c in todas if c.id == informada), None)
    chave = chave_do_nome(informada)
    achada = next((c for c in todas if chave_do_nome(c.nome) == chave), None)
    if achada is None and informada.isascii() and informada.strip().isdigit():
        # A query string carries every id as text.
        achada = next((c for c in todas if c.id == int(informada)), None)
    return achada


def categoria_do_filtro(informada: str | int, categorias: Iterable[Categoria]) -> Categoria:
    """Any categoria, inactive or of either tipo: a filter reads history."""
    todas = list(categorias)
    achada = achar_categoria(informada, todas)
    if achada is None:
        nomes = ", ".join(c.nome for c in todas)
        raise CategoriaInvalida(
            f"Categoria {_descrita(informada)} não encontrada. Categorias: {nomes}."
        )
    return achada


def escolher_categoria(
    informada: str | int, tipo: Tipo, categorias: Iterable[Categoria]
) -> Categoria:
    """The active categoria of `tipo` the merchant named, by name or id.

    The message lists the valid names, so a typo is fixed at once.
    """
    todas = list(categorias)
    achada = achar_categoria(informada, todas)
    validas = f"Categorias de {tipo.value} ativas: {_lista(todas, tipo)}."
    if achada is None:
        raise CategoriaInvalida(f"Categoria {_descrita(informada)} não encontrada. {validas}")
    if not achada.ativa:
        raise CategoriaInvalida(f"A categoria '{achada.nome}' está inativa. {validas}")
    if achada.tipo is not tipo:
        raise CategoriaInvalida(
            f"A categoria '{achada.nome}' é de {achada.tipo.value}, não de {tipo.value}. {validas}"
        )
    return achada
