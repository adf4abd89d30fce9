"""The hot answers written directly are byte for byte what the pydantic models write."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from fluxo_caixa.contrato.consolidado import (
    DetalhadoOut,
    DiaOut,
    PeriodoOut,
    detalhado_json,
    dia_json,
    periodo_json,
)
from fluxo_caixa.domain.consolidado import Dia, Somas, consolidar
from fluxo_caixa.domain.detalhado import Detalhado, PorCategoria, PorForma
from fluxo_caixa.domain.movimentacao import Tipo
from fluxo_caixa.domain.pagamento import FormaPagamento

CENTAVOS = st.integers(min_value=-(10**15), max_value=10**15)
QUANTIDADES = st.integers(min_value=0, max_value=10**9)
DATAS = st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 1))
SOMAS = st.builds(Somas, CENTAVOS, CENTAVOS, QUANTIDADES, QUANTIDADES)
TIPOS = st.sampled_from([None, Tipo.ENTRADA, Tipo.SAIDA])
# Names as a merchant may type them, and worse: quotes, backslashes, accents, emoji,
# and characters JSON encoders disagree on (U+2028, DEL).
NOMES = st.one_of(
    st.none(),
    st.sampled_from(["Vendas", "Água, luz e internet", 'Aspas "duplas"', "barra \\ aqui"]),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
)
CENTESIMOS = st.integers(min_value=0, max_value=10000)


@given(st.builds(Dia, DATAS, SOMAS, CENTAVOS))
def test_day_is_written_as_the_model_writes_it(dia: Dia) -> None:
    assert dia_json(dia) == DiaOut.de(dia).model_dump_json()


@settings(max_examples=60)
@given(
    DATAS,
    st.integers(min_value=0, max_value=40),
    st.dictionaries(st.integers(min_value=-3, max_value=45), SOMAS, max_size=30),
    SOMAS,
    TIPOS,
)
def test_period_is_written_as_the_model_writes_it(
    inicio: date, dias: int, por_dia: dict[int, Somas], antes: Somas, tipo: Tipo | None
) -> None:
    fim = inicio + timedelta(days=dias)
    somas = {inicio + timedelta(days=n): s for n, s in por_dia.items()}
    periodo = consolidar(inicio, fim, somas, antes, tipo)
    assert periodo_json(periodo) == PeriodoOut.de(periodo).model_dump_json()


@given(
    DATAS,
    DATAS,
    TIPOS,
    st.lists(
        st.builds(
            PorForma,
            st.sampled_from([None, *FormaPagamento]),
            CENTAVOS,
            CENTAVOS,
            QUANTIDADES,
            QUANTIDADES,
            CENTESIMOS,
            CENTESIMOS,
        ),
        max_size=8,
    ),
    st.lists(
        st.builds(
            PorCategoria,
            st.one_of(st.none(), st.integers(min_value=1, max_value=10**6)),
            NOMES,
            st.sampled_from(list(Tipo)),
            CENTAVOS,
            QUANTIDADES,
            CENTESIMOS,
        ),
        max_size=12,
    ),
)
def test_breakdown_is_written_as_the_model_writes_it(
    inicio: date,
    fim: date,
    tipo: Tipo | None,
    por_forma: list[PorForma],
    por_categoria: list[PorCategoria],
) -> None:
    detalhado = Detalhado(inicio, fim, tipo, tuple(por_forma), tuple(por_categoria))
    assert detalhado_json(detalhado) == DetalhadoOut.de(detalhado).model_dump_json()
