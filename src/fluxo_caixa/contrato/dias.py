"""Response models of /dias: a business day's state, its closes and reopenings.

A close's snapshot is contrato.consolidado.RelatorioZOut (RZ's model): the day close
answers it and stores it, and GET /dias/{data}/fechamentos/{versao} serves it back.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, BaseModel, Field, field_serializer

from fluxo_caixa.domain.dia import EstadoDoDia, Fechamento, Reabertura


def _iso(momento: datetime) -> str:
    return momento.isoformat(timespec="milliseconds")


class FechamentoDiaOut(BaseModel):
    """Um fechamento do dia: `numero` conta todos os fechamentos; `versao`, os deste dia."""

    numero: int
    versao: int
    fechado_em: AwareDatetime
    observacao: str | None

    @classmethod
    def de(cls, f: Fechamento, tz: ZoneInfo) -> FechamentoDiaOut:
        return cls(
            numero=f.numero,
            versao=f.versao,
            fechado_em=f.fechado_em.astimezone(tz),
            observacao=f.observacao,
        )

    @field_serializer("fechado_em")
    def _momento(self, momento: datetime) -> str:
        return _iso(momento)


class ReaberturaDiaOut(BaseModel):
    """Uma reabertura: o motivo e quando."""

    motivo: str
    reaberto_em: AwareDatetime

    @classmethod
    def de(cls, r: Reabertura, tz: ZoneInfo) -> ReaberturaDiaOut:
        return cls(motivo=r.motivo, reaberto_em=r.reaberto_em.astimezone(tz))

    @field_serializer("reaberto_em")
    def _momento(self, momento: datetime) -> str:
        return _iso(momento)


class EstadoDiaOut(BaseModel):
    """O estado de um dia: aberto ou fechado, seus fechamentos (versões) e reaberturas."""

    data: date
    estado: Literal["aberto", "fechado"]
    fechamentos: list[FechamentoDiaOut]
    reaberturas: list[ReaberturaDiaOut]

    @classmethod
    def de(cls, e: EstadoDoDia, tz: ZoneInfo) -> EstadoDiaOut:
        return cls(
            data=e.data,
            estado="fechado" if e.fechado else "aberto",
            fechamentos=[FechamentoDiaOut.de(f, tz) for f in e.fechamentos],
            reaberturas=[ReaberturaDiaOut.de(r, tz) for r in e.reaberturas],
        )


class DiasOut(BaseModel):
    """Os dias do período que já foram fechados alguma vez (os demais estão abertos)."""

    inicio: date
    fim: date
    itens: list[EstadoDiaOut]

    @classmethod
    def de(cls, inicio: date, fim: date, estados: list[EstadoDoDia], tz: ZoneInfo) -> DiasOut:
        return cls(inicio=inicio, fim=fim, itens=[EstadoDiaOut.de(e, tz) for e in estados])


class ReaberturaFeitaOut(ReaberturaDiaOut):
    """A resposta de uma reabertura: o dia, a versão desfeita e o estado agora."""

    data: date
    versao: int = Field(description="A versão do fechamento que a reabertura desfez.")
    estado: Literal["aberto"] = "aberto"
    mensagem: str

    @classmethod
    def feita(cls, r: Reabertura, tz: ZoneInfo, mensagem: str) -> ReaberturaFeitaOut:
        return cls(
            data=r.data,
            versao=r.versao,
            motivo=r.motivo,
            reaberto_em=r.reaberto_em.astimezone(tz),
            mensagem=mensagem,
        )
