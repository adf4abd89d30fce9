"""The lançamentos API, described for /openapi.json."""

from __future__ import annotations

from fluxo_caixa.config import Settings
from fluxo_caixa.contrato.consolidado import RelatorioZOut
from fluxo_caixa.contrato.dias import EstadoDiaOut, ReaberturaFeitaOut
from fluxo_caixa.contrato.lancamentos import (
    CaixaOut,
    CaixasOut,
    EventoOut,
    MovimentacaoOut,
    PaginaOut,
    SessaoOut,
    SessoesOut,
)
from fluxo_caixa.lancamentos.schemas import (
    AberturaIn,
    CaixaNovo,
    EstornoIn,
    EventoIn,
    FechamentoDiaIn,
    FechamentoIn,
    ListarQuery,
    MovimentacaoIn,
    ReaberturaDiaIn,
    SessoesQuery,
)
from fluxo_caixa.web.openapi import Erro, OpenApi, Operacao, Saude


def build_spec(settings: Settings) -> OpenApi:
    spec = OpenApi(
        "Fluxo de Caixa — lançamentos",
        "Registra, lista e estorna movimentações (entradas e saídas) e controla o caixa "
        "(abertura, suprimento, sangria, fechamento). Valores em reais, "
        'como texto com duas casas ("100.00"); erros sempre no formato {erro, detalhes}.',
        secured=settings.api_token is not None,
    )
    spec.add(
        Operacao(
            "POST",
            "/movimentacao",
            "Registra uma movimentação",
            {
                201: ("Registrada.", MovimentacaoOut),
                409: ("O caixa indicado está fechado.", Erro),
                422: ("Dados inválidos.", Erro),
            },
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
    _caixa(spec)
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


def _caixa(spec: OpenApi) -> None:
    """The controle de caixa (DESIGN §3): caixas, sessions, drawer events, the count."""
    nao_existe = ("Caixa não encontrado.", Erro)
    fechado = ("O caixa está fechado.", Erro)
    invalido = ("Dados inválidos.", Erro)
    spec.add(Operacao("GET", "/caixas", "Os caixas e seu estado", {200: ("Os caixas.", CaixasOut)}))
    spec.add(
        Operacao(
            "POST", "/caixas", "Cadastra um caixa",
            {201: ("Cadastrado.", CaixaOut), 409: ("Nome já usado.", Erro), 422: invalido},
            body=CaixaNovo, idempotent=True,
        )
    )  # fmt: skip
    spec.add(
        Operacao(
            "POST", "/caixas/{id}/abertura", "Abre o caixa (fundo de troco contado)",
            {
                201: ("A sessão aberta.", SessaoOut), 404: nao_existe,
                409: ("O caixa já está aberto.", Erro), 422: invalido,
            },
            body=AberturaIn, body_required=False, idempotent=True,
        )
    )  # fmt: skip
    for evento, resumo in (
        ("suprimento", "Suprimento: dinheiro posto no caixa"),
        ("sangria", "Sangria: dinheiro retirado do caixa (no máximo o esperado)"),
    ):
        spec.add(
            Operacao(
                "POST", f"/caixas/{{id}}/{evento}", resumo,
                {201: ("Registrado.", EventoOut), 404: nao_existe, 409: fechado, 422: invalido},
                body=EventoIn, idempotent=True,
            )
        )  # fmt: skip
    spec.add(
        Operacao(
            "GET", "/caixas/{id}/sessao", "A sessão aberta (relatório X)",
            {200: ("A sessão como está.", SessaoOut), 404: ("Caixa fechado ou inexistente.", Erro)},
        )
    )  # fmt: skip
    spec.add(
        Operacao(
            "POST", "/caixas/{id}/fechamento", "Conta e fecha o caixa",
            {201: ("A sessão fechada.", SessaoOut), 404: nao_existe, 409: fechado, 422: invalido},
            body=FechamentoIn, idempotent=True,
        )
    )  # fmt: skip
    spec.add(
        Operacao(
            "GET", "/sessoes", "Sessões de caixa, abertas e fechadas",
            {200: ("As sessões, da mais nova à mais antiga.", SessoesOut), 422: invalido},
            query=SessoesQuery,
        )
    )  # fmt: skip
    spec.add(
        Operacao(
            "GET", "/sessoes/{id}", "Uma sessão de caixa",
            {200: ("A sessão.", SessaoOut), 404: ("Não existe.", Erro)},
        )
    )  # fmt: skip
