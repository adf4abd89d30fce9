"""The quebra de caixa series: by day and caixa, with the period's sum (issue 13)."""

from __future__ import annotations

from datetime import date

from fluxo_caixa.contrato.consolidado import QuebrasOut
from fluxo_caixa.domain.quebras import QuebraDeSessao, quebras

D1, D2, D3 = date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26)
SESSOES = [
    QuebraDeSessao(1, 1, "Caixa 1", D1, -500),
    QuebraDeSessao(2, 2, "Balcão", D1, 250),
    QuebraDeSessao(3, 1, "Caixa 1", D2, 0),
    QuebraDeSessao(4, 1, "Caixa 1", D2, -1000),  # a second session of the same caixa and day
    QuebraDeSessao(5, 1, "Caixa 1", D3, 300),  # outside the period asked
]


def test_series_sums_sessions_by_day_and_caixa_with_the_period_total() -> None:
    resultado = quebras(D1, D2, SESSOES)
    corpo = QuebrasOut.de(resultado, None).model_dump(mode="json")
    itens = [
        (i["data"], i["caixa_id"], i["caixa"], i["quebra"], i["sessoes"])
        for i in corpo.pop("itens")
    ]
    assert itens == [
        ("2026-11-24", 2, "Balcão", "2.50", 1),
        ("2026-11-24", 1, "Caixa 1", "-5.00", 1),
        ("2026-11-25", 1, "Caixa 1", "-10.00", 2),
    ]
    assert corpo == {
        "inicio": "2026-11-24",
        "fim": "2026-11-25",
        "caixa": None,
        "total": "-12.50",
        "sessoes": 4,
    }


def test_caixa_filter_takes_the_id_or_the_name_ignoring_case_and_accents() -> None:
    for informado in ("2", "balcao", "  BALCÃO "):
        resultado = quebras(D1, D3, SESSOES, informado.strip())
        assert [(i.caixa, i.quebra) for i in resultado.itens] == [("Balcão", 250)], informado
    assert quebras(D1, D3, SESSOES, "Caixa 9").itens == ()
    assert quebras(D1, D3, SESSOES, "Caixa 9").total == 0
