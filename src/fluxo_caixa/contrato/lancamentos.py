"""Response models of the lançamentos API, as the service answers and the client reads them."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from fluxo_caixa.domain import dinheiro
from fluxo_caixa.domain.categoria import Categoria
from fluxo_caixa.domain.movimentacao import Movimentacao, Tipo
from fluxo_caixa.domain.pagamento import FormaPagamento

Dinheiro = Annotated[str, Field(pattern=r"^-?[0-9]+\.[0-9]{2}$", examples=["100.00"])]


class MovimentacaoOut(BaseModel):
    """Uma movimentação registrada."""

    id: int
    tipo: Tipo
    valor: Dinheiro
    descricao: str | None
    data: date
    data_inclusao: str = Field(description="Instante do registro, ISO 8601 com fuso.")
    estorno_de: int | None
    estornado_por: int | None = None
    forma_pagamento: FormaPagamento | None = None
    categoria: str | None = None
    mensagem: str | None = None


class PaginaOut(BaseModel):
    itens: list[MovimentacaoOut]
    proximo: str | None


class CategoriaOut(BaseModel):
    """Uma categoria do plano de contas."""

    id: int
    nome: str
    tipo: Tipo
    ativa: bool

    @classmethod
    def de(cls, categoria: Categoria) -> CategoriaOut:
        return cls(id=categoria.id, nome=categoria.nome, tipo=categoria.tipo, ativa=categoria.ativa)


class CategoriasOut(BaseModel):
    itens: list[CategoriaOut]


def movimentacao_out(
    mov: Movimentacao, tz: ZoneInfo, estornado_por: int | None = None, mensagem: str | None = None
) -> MovimentacaoOut:
    return MovimentacaoOut(
        id=mov.id,
        tipo=mov.tipo,
        valor=dinheiro.formatar(mov.valor_centavos),
        descricao=mov.descricao,
        data=mov.data,
        data_inclusao=mov.data_inclusao.astimezone(tz).isoformat(timespec="milliseconds"),
        estorno_de=mov.estorno_de,
        estornado_por=estornado_por,
        forma_pagamento=mov.forma_pagamento,
        categoria=mov.categoria,
        mensagem=mensagem,
    )
