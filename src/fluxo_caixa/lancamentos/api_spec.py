"""The lançamentos API, described for /openapi.json."""

from __future__ import annotations

from fluxo_caixa.config import Settings
from fluxo_caixa.contrato.consolidado import RelatorioZOut
from fluxo_caixa.contrato.dias import EstadoDiaOut, ReaberturaFeitaOut
from fluxo_caixa.contrato.lancamentos import MovimentacaoOut, PaginaOut
from fluxo_caixa.lancamentos.schemas import (
    EstornoIn,
    FechamentoDiaIn,
    ListarQuery,
    MovimentacaoIn,
    ReaberturaDiaIn,
)
from fluxo_caixa.web.openapi import Erro, OpenApi, Operacao, Saude


def build_spec(settings: Settings) -> OpenApi:
    spec = OpenApi(
        "Fluxo de Caixa — lançamentos",
        "Registra, lista e estorna movimentações (entradas e saídas). Valores em reais, "
        'como texto com duas casas ("100.00"); erros sempre no formato {erro, detalhes}.',
        secured=settings.api_token is not None,
    )
    spec.add(
        Operacao(
            "POST",
            "/movimentacao",
            "Registra uma movimentação",
            {201: ("Registrada.", MovimentacaoOut), 422: ("Dados inválidos.", Erro)},
            body=MovimentacaoIn,
            idempotent=True,
        )
    )
    spec.add(
        Operacao(
            "GET",
            "/movimentacao",
            "Lista movimentações (paginação por cursor)",
            {200: ("Uma página.", PaginaOut)},
            query=ListarQuery,
        )
    )
    spec.add(
        Operacao(
            "GET",
            "/movimentacao/{id}",
            "Uma movimentação",
            {200: ("A movimentação.", MovimentacaoOut), 404: ("Não existe.", Erro)},
        )
    )
    spec.add(
        Operacao(
            "POST",
            "/movimentacao/{id}/estorno",
            "Estorna uma movimentação",
            {
                201: ("Estorno registrado.", MovimentacaoOut),
                404: ("Não existe.", Erro),
                409: ("Já estornada ou é um estorno.", Erro),
            },
            body=EstornoIn,
            body_required=False,
            idempotent=True,
        )
    )
    spec.add(
        Operacao(
            "GET",
            "/dias/{data}",
            "O estado de um dia: aberto ou fechado, fechamentos e reaberturas",
            {200: ("O dia.", EstadoDiaOut), 422: ("Não é um dia.", Erro)},
        )
    )
    spec.add(
        Operacao(
            "POST",
            "/dias/{data}/fechamento",
            "Fecha o dia: grava o relatório Z numerado e versionado",
            {
                201: ("O relatório Z guardado.", RelatorioZOut),
                409: ("Já fechado, ou com sessão de caixa aberta com movimentos do dia.", Erro),
                422: ("Dia futuro ou dados inválidos.", Erro),
            },
            body=FechamentoDiaIn,
            body_required=False,
            idempotent=True,
        )
    )
    spec.add(
        Operacao(
            "POST",
            "/dias/{data}/reabertura",
            "Reabre um dia fechado, com um motivo",
            {
                201: ("Reaberto.", ReaberturaFeitaOut),
                409: ("O dia não está fechado.", Erro),
                422: ("Motivo ausente ou curto demais.", Erro),
            },
            body=ReaberturaDiaIn,
            idempotent=True,
        )
    )
    spec.add(
        Operacao(
            "GET",
            "/saude",
            "Saúde do serviço e do banco",
            {200: ("Funcionando.", Saude), 503: ("Banco indisponível.", Erro)},
        )
    )
    return spec
