"""The consolidado API, described for /openapi.json."""

from __future__ import annotations

from fluxo_caixa.config import Settings
from fluxo_caixa.consolidado.schemas import DiarioQuery, DiasQuery, PeriodoQuery, QuebrasQuery
from fluxo_caixa.contrato.consolidado import (
    DetalhadoOut,
    DiaOut,
    PeriodoOut,
    QuebrasOut,
    RelatorioZOut,
)
from fluxo_caixa.contrato.dias import DiasOut
from fluxo_caixa.contrato.lancamentos import CaixasOut
from fluxo_caixa.formats import csv_br, relatorio_pdf, xlsx
from fluxo_caixa.web.openapi import Erro, OpenApi, Operacao, Saude


def build_spec(settings: Settings) -> OpenApi:
    spec = OpenApi(
        "Fluxo de Caixa — consolidado diário",
        "Saldo diário consolidado e por período, lido das projeções saldo_diario e "
        "saldo_detalhado (por forma de pagamento e categoria). Valores em "
        'reais, como texto com duas casas ("1110.00"); erros sempre no formato '
        "{erro, detalhes}.",
        secured=settings.api_token is not None,
    )
    spec.add(
        Operacao(
            "GET",
            "/consolidado/diario",
            "O consolidado de um dia",
            {200: ("O dia.", DiaOut), 422: ("Data inválida.", Erro)},
            query=DiarioQuery,
        )
    )
    spec.add(
        Operacao(
            "GET",
            "/consolidado",
            "O consolidado de um período: totais e um item por dia",
            {200: ("O período.", PeriodoOut), 422: ("Período ou filtro inválido.", Erro)},
            query=PeriodoQuery,
        )
    )
    spec.add(
        Operacao(
            "GET",
            "/consolidado/detalhado",
            "Os totais do período por forma de pagamento e por categoria",
            {200: ("O detalhamento.", DetalhadoOut), 422: ("Período ou filtro inválido.", Erro)},
            query=PeriodoQuery,
        )
    )
    dia_invalido = ("Dia inexistente (como 2025-02-30) ou anterior a 01/03/1900.", Erro)
    spec.add(
        Operacao(
            "GET",
            "/dias/{data}/relatorio",
            "O relatório Z do dia: o fechamento (última versão) ou, com o dia aberto, PARCIAL",
            {200: ("O relatório Z.", RelatorioZOut), 422: dia_invalido},
        )
    )
    spec.add(
        Operacao(
            "GET",
            "/dias/{data}/relatorio.pdf",
            "O relatório Z do dia em PDF (A4), para imprimir e assinar",
            {200: ("O PDF.", None), 422: dia_invalido},
            content={200: relatorio_pdf.MEDIA_TYPE},
        )
    )
    spec.add(
        Operacao(
            "GET",
            "/caixa/quebras",
            "A quebra de caixa de cada sessão fechada no período, por dia e caixa, com a soma",
            {200: ("As quebras.", QuebrasOut), 422: ("Período ou filtro inválido.", Erro)},
            query=QuebrasQuery,
        )
    )
    spec.add(
        Operacao(
            "GET",
            "/dias",
            "Os dias do período já fechados alguma vez: estado, fechamentos e reaberturas",
            {200: ("Os dias.", DiasOut), 422: ("Período inválido.", Erro)},
            query=DiasQuery,
        )
    )
    spec.add(Operacao("GET", "/caixas", "Os caixas e seu estado", {200: ("Os caixas.", CaixasOut)}))
    arquivos = [
        ("/consolidado.csv", "O período em CSV (Excel pt-BR: UTF-8 com BOM, ';')", csv_br),
        ("/consolidado.xlsx", "O período em planilha XLSX", xlsx),
        ("/movimentacao.csv", "As movimentações do período em CSV (importável)", csv_br),
        ("/movimentacao.xlsx", "As movimentações do período em planilha XLSX", xlsx),
    ]
    for caminho, resumo, formato in arquivos:
        spec.add(
            Operacao(
                "GET",
                caminho,
                resumo,
                {
                    200: ("O arquivo, como anexo.", None),
                    422: ("Período ou filtro inválido.", Erro),
                },
                query=PeriodoQuery,
                content={200: formato.MEDIA_TYPE},
            )
        )
    spec.add(
        Operacao(
            "GET",
            "/saude",
            "Saúde do serviço e do banco de leitura",
            {200: ("Funcionando.", Saude), 503: ("Banco indisponível.", Erro)},
        )
    )
    return spec
