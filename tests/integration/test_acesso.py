"""Sessions and wrong-token counts in the database (db.acesso), on every backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select

from fluxo_caixa.db.acesso import MAX_FALHAS, Sessoes, Tentativas
from fluxo_caixa.db.tables import sessao, tentativa_acesso

T0 = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
ATACANTE = "203.0.113.7"


def falhar(tentativas: Tentativas, vezes: int, inicio: datetime) -> list[object]:
    return [tentativas.falhou(ATACANTE, inicio + timedelta(seconds=i)) for i in range(vezes)]


def test_the_tenth_failure_in_a_minute_blocks_and_each_block_doubles(engine: Engine) -> None:
    tentativas = Tentativas(engine)
    resultados = falhar(tentativas, MAX_FALHAS, T0)
    assert resultados[:-1] == [None] * (MAX_FALHAS - 1)
    primeiro = resultados[-1]
    assert primeiro is not None and primeiro.novo  # type: ignore[attr-defined]
    fim = primeiro.ate  # type: ignore[attr-defined]
    assert fim - T0 >= timedelta(minutes=1)
    assert tentativas.bloqueados(T0 + timedelta(seconds=30)) == {ATACANTE: fim}
    # During the block, a failure only says the block holds.
    durante = tentativas.falhou(ATACANTE, T0 + timedelta(seconds=30))
    assert durante is not None and not durante.novo and durante.ate == fim

    segundo = falhar(tentativas, MAX_FALHAS, fim)[-1]
    assert segundo is not None
    assert segundo.ate - fim >= timedelta(minutes=2) - timedelta(seconds=MAX_FALHAS)  # type: ignore[attr-defined]
    terceiro = falhar(tentativas, MAX_FALHAS, segundo.ate)[-1]  # type: ignore[attr-defined]
    assert terceiro is not None
    assert terceiro.ate - segundo.ate >= timedelta(minutes=4) - timedelta(seconds=MAX_FALHAS)  # type: ignore[attr-defined]
    assert tentativas.bloqueados(terceiro.ate) == {}  # type: ignore[attr-defined]


def test_failures_spread_beyond_a_minute_never_block(engine: Engine) -> None:
    tentativas = Tentativas(engine)
    for i in range(3 * MAX_FALHAS):
        assert tentativas.falhou(ATACANTE, T0 + timedelta(seconds=7 * i)) is None
    assert tentativas.falhou("198.51.100.1", T0) is None


def test_a_session_is_its_services_until_ended_or_expired(engine: Engine) -> None:
    painel = Sessoes(engine, "consolidado", "impressao-a")
    valor = painel.abrir(T0, timedelta(days=30))
    assert painel.valida(valor, T0 + timedelta(days=1))
    assert not Sessoes(engine, "lancamentos", "impressao-a").valida(valor, T0)
    assert not Sessoes(engine, "consolidado", "impressao-b").valida(valor, T0)
    assert not painel.valida(valor, T0 + timedelta(days=30))
    with engine.connect() as conn:
        guardadas = list(conn.execute(select(sessao.c.chave)).scalars())
    assert valor not in guardadas and len(guardadas) == 1  # only its hash is kept
    painel.encerrar(valor)
    assert not painel.valida(valor, T0 + timedelta(days=1))


def test_last_seen_is_written_at_most_once_a_minute(engine: Engine) -> None:
    painel = Sessoes(engine, "consolidado", "impressao-a")
    valor = painel.abrir(T0, timedelta(days=30))

    def vista() -> datetime:
        with engine.connect() as conn:
            quando: datetime = conn.execute(select(sessao.c.vista_em)).scalar_one()
            return quando

    assert painel.valida(valor, T0 + timedelta(seconds=30)) and vista() == T0
    assert painel.valida(valor, T0 + timedelta(minutes=2))
    assert vista() == T0 + timedelta(minutes=2)


def test_addresses_quiet_for_a_day_are_forgotten(engine: Engine) -> None:
    tentativas = Tentativas(engine)
    tentativas.falhou(ATACANTE, T0)
    tentativas.falhou("198.51.100.1", T0 + timedelta(days=2))
    with engine.connect() as conn:
        enderecos = list(conn.execute(select(tentativa_acesso.c.endereco)).scalars())
    assert enderecos == ["198.51.100.1"]
