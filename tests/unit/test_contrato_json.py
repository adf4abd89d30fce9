"""The hot routes' hand-written JSON is the response model's JSON, byte for byte."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from fluxo_caixa.contrato.lancamentos import movimentacao_json, movimentacao_out
from fluxo_caixa.domain.movimentacao import Movimentacao, Tipo
from fluxo_caixa.domain.pagamento import FormaPagamento

ZONAS = ("America/Sao_Paulo", "America/Manaus", "America/Noronha", "UTC", "Asia/Kathmandu")
ids = st.integers(min_value=1, max_value=2**63 - 1)
textos = st.none() | st.text(max_size=40)
# Past the text rule (DESIGN §3), an imported movement may hold any text a database can
# (any UTF-8: control characters too, never a lone surrogate).
textos_quaisquer = st.none() | st.text(alphabet=st.characters(codec="utf-8"), max_size=40)


@st.composite
def movimentacoes(draw: st.DrawFn) -> Movimentacao:
    return Movimentacao(
        id=draw(ids),
        tipo=draw(st.sampled_from(Tipo)),
        valor_centavos=draw(st.integers(min_value=1, max_value=9_999_999_999)),
        data=draw(st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31))),
        data_inclusao=draw(
            st.datetimes(min_value=datetime(1900, 3, 2), max_value=datetime(9999, 12, 30))
        ).replace(tzinfo=UTC),
        descricao=draw(textos_quaisquer),
        estorno_de=draw(st.none() | ids),
        forma_pagamento=draw(st.none() | st.sampled_from(FormaPagamento)),
        categoria=draw(textos_quaisquer),
        caixa=draw(textos),
        sessao_id=draw(st.none() | ids),
    )


@given(
    movimentacoes(),
    st.sampled_from(ZONAS),
    st.none() | ids,
    st.none() | st.sampled_from(["Movimentação registrada com sucesso!", "Estorno registrado"]),
)
def test_movement_json_is_the_models_json(
    mov: Movimentacao, zona: str, estornado_por: int | None, mensagem: str | None
) -> None:
    tz = ZoneInfo(zona)
    modelo = movimentacao_out(mov, tz, estornado_por, mensagem).model_dump_json()
    assert movimentacao_json(mov, tz, estornado_por, mensagem) == modelo


def test_movement_json_escapes_what_json_must_escape() -> None:
    mov = Movimentacao(
        id=7,
        tipo=Tipo.SAIDA,
        valor_centavos=10000,
        data=date(2026, 11, 25),
        data_inclusao=datetime(2026, 11, 25, 13, 5, 39, 711000, tzinfo=UTC),
        descricao='aspas " barra \\ tab \t nova\nlinha \x00 \x1f \x7f \u2028 ç',
        estorno_de=None,
        categoria="Água, luz e internet",
    )
    tz = ZoneInfo("America/Sao_Paulo")
    assert movimentacao_json(mov, tz) == movimentacao_out(mov, tz).model_dump_json()
