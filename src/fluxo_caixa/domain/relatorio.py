"""The relatório Z: one business day's figures, as closed (a numbered, versioned snapshot)
or as they stand while the day is open ("PARCIAL — dia não fechado").

The day close stores exactly this (encoded by contrato.consolidado.RelatorioZOut), so a
closed day's report is read back byte for byte and never recomputed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from fluxo_caixa.domain.consolidado import Somas
from fluxo_caixa.domain.detalhado import PorCategoria, PorForma
from fluxo_caixa.domain.movimentacao import Tipo


@dataclass(frozen=True, slots=True)
class SessaoDoDia:
    """A cash-drawer session that holds movements of the day (closed, or still open)."""

    id: int
    caixa: str
    operador: str | None
    aberta_em: datetime  # aware
    fechada_em: datetime | None
    fundo: int  # centavos counted at the opening
    diferenca_abertura: int
    suprimentos: int
    sangrias: int
    esperado_dinheiro: int
    contado_dinheiro: int | None  # None while open
    quebra: int | None  # contado - esperado (positive: sobra; negative: falta)
    retirada: int | None = None  # cash taken out at the close (None while open)


@dataclass(frozen=True, slots=True)
class EstornoDoDia:
    id: int
    estorno_de: int
    tipo: Tipo
    valor: int
    descricao: str | None


@dataclass(frozen=True, slots=True)
class RelatorioZ:
    data: date
    numero: int | None  # the close's number (None while the day is open)
    versao: int | None  # 1, then 2 after a reopening and a new close, ...
    fechado_em: datetime | None
    observacao: str | None
    somas: Somas
    saldo_anterior: int
    por_forma: tuple[PorForma, ...]
    por_categoria: tuple[PorCategoria, ...]
    sessoes: tuple[SessaoDoDia, ...]
    estornos: tuple[EstornoDoDia, ...]

    @property
    def parcial(self) -> bool:
        return self.numero is None

    @property
    def saldo_final(self) -> int:
        return self.saldo_anterior + self.somas.saldo
