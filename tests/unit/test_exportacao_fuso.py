"""The exports' rows: a stored instant in the merchant's zone, looked up once per hour."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from fluxo_caixa.domain.exportacao import Fuso

# Summer time, half-hour and 45-minute offsets and changes, local mean time with seconds.
ZONAS = [
    "America/Sao_Paulo",
    "America/Noronha",
    "America/St_Johns",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "Europe/London",
    "UTC",
]
# Hours of UTC around a change of offset: on the hour (São Paulo, 18/02/2018 02:00 UTC)
# and in the middle of an hour (Lord Howe, +10:30 to +11:00 at 05/10/2024 15:30 UTC).
HORAS_DE_MUDANCA = [
    ("America/Sao_Paulo", datetime(2018, 2, 18, 1)),
    ("America/Sao_Paulo", datetime(2018, 2, 18, 2)),
    ("America/Sao_Paulo", datetime(2018, 11, 4, 3)),
    ("Australia/Lord_Howe", datetime(2024, 10, 5, 15)),
    ("Australia/Lord_Howe", datetime(2024, 4, 6, 15)),
    ("Pacific/Chatham", datetime(2024, 4, 6, 14)),
    ("America/Sao_Paulo", datetime(1914, 1, 1, 3)),  # local mean time (-03:06:28) ends
]


def _exato(momento: datetime, tz: ZoneInfo) -> datetime:
    return momento.replace(tzinfo=UTC).astimezone(tz)


def _confere(fuso: Fuso, momento: datetime, como_texto: bool) -> None:
    valor = momento.isoformat(" ", "microseconds") if como_texto else momento
    exato = _exato(momento, fuso.tz)
    assert fuso.iso(valor) == exato.isoformat(timespec="microseconds")
    assert fuso.local(valor) == exato.replace(tzinfo=None)


@given(
    st.sampled_from(ZONAS),
    st.lists(
        st.datetimes(min_value=datetime(1890, 1, 1), max_value=datetime(2100, 1, 1)),
        max_size=20,
    ),
    st.booleans(),
)
def test_an_instant_in_the_zone_is_the_exact_conversion(
    zona: str, momentos: list[datetime], como_texto: bool
) -> None:
    fuso = Fuso(ZoneInfo(zona))  # one per page: shared by many instants
    for momento in momentos:
        _confere(fuso, momento, como_texto)


@given(
    st.sampled_from(HORAS_DE_MUDANCA),
    st.lists(st.integers(0, 3_600_000_000 - 1), min_size=1, max_size=30),
    st.booleans(),
)
def test_an_hour_holding_a_change_of_offset_is_still_exact(
    hora: tuple[str, datetime], microssegundos: list[int], como_texto: bool
) -> None:
    zona, inicio = hora
    fuso = Fuso(ZoneInfo(zona))
    for us in [0, 3_599_999_999, *microssegundos]:
        _confere(fuso, inicio + timedelta(microseconds=us), como_texto)
