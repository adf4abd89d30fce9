"""The shared HTTP client against a really served lançamentos app (and a recording server)."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from fluxo_caixa.cliente import api as api_module
from fluxo_caixa.cliente.api import (
    ApiCliente,
    EntradaInvalida,
    Filtros,
    PedidoMovimentacao,
    PedidoRecusado,
    RespostaInesperada,
    ServicoIndisponivel,
)
from fluxo_caixa.config import Settings
from fluxo_caixa.domain.movimentacao import Tipo
from fluxo_caixa.lancamentos import create_app
from support.cliente import Gravador, chaves_gravadas, lancamentos_gravados, relogio, servindo
from support.ledger import assert_projection_exact
from support.servers import free_port


@pytest.fixture
def engine(sqlite_engine: Engine) -> Engine:
    return sqlite_engine  # the client talks HTTP: one backend is enough here


def _servidor(sqlite_url: str, engine: Engine, token: str | None = None) -> Any:
    settings = Settings(database_url=sqlite_url, api_token=token)
    return servindo(create_app(settings, engine=engine, clock=relogio))


@pytest.fixture
def url(sqlite_url: str, engine: Engine) -> Iterator[str]:
    with _servidor(sqlite_url, engine) as url:
        yield url


def cliente(api_url: str, token: str | None = None, timeout: float = 10.0) -> ApiCliente:
    # Nothing listens on the consolidado port: these tests are about lançamentos.
    return ApiCliente(api_url, f"http://127.0.0.1:{free_port()}", token, timeout=timeout)


MOVIMENTO = {
    "id": 1,
    "tipo": "entrada",
    "valor": "10.50",
    "descricao": None,
    "data": "2025-03-05",
    "data_inclusao": "2025-03-05T10:00:00.000-03:00",
    "estorno_de": None,
    "estornado_por": None,
}


def test_valor_goes_as_dotted_text_and_every_retry_carries_the_same_key() -> None:
    gravador = Gravador(corpo=json.dumps(MOVIMENTO).encode())
    pedido = PedidoMovimentacao(Tipo.ENTRADA, 1050, "venda")
    with servindo(gravador) as url, cliente(url, token="segredo") as api:
        api.registrar(pedido)
        api.registrar(pedido)
    (h1, corpo1), (h2, corpo2) = gravador.pedidos
    assert json.loads(corpo1) == {"tipo": "entrada", "valor": "10.50", "descricao": "venda"}
    assert corpo1 == corpo2
    assert h1["Idempotency-Key"] == h2["Idempotency-Key"] == pedido.chave
    assert uuid.UUID(h1["Idempotency-Key"]).version == 4
    assert h1["Authorization"] == "Bearer segredo"
    assert h1["Content-Type"] == "application/json"


def test_registered_movement_reads_back_in_centavos(url: str, engine: Engine) -> None:
    with cliente(url) as api:
        mov = api.registrar(PedidoMovimentacao(Tipo.ENTRADA, 1050, "venda balcão"))
    assert (mov.id, mov.tipo, mov.valor_centavos, mov.data) == (
        1,
        Tipo.ENTRADA,
        1050,
        date(2025, 3, 5),
    )
    assert mov.descricao == "venda balcão"
    assert mov.repetida is False
    assert mov.json["valor"] == "10.50"
    assert lancamentos_gravados(engine) == [(1, "entrada", 1050, "venda balcão")]


def test_resending_the_same_pedido_is_replayed_not_recorded_again(url: str, engine: Engine) -> None:
    pedido = PedidoMovimentacao(Tipo.SAIDA, 100000)
    with cliente(url) as api:
        primeira = api.registrar(pedido)
        segunda = api.registrar(pedido)
        outra = api.registrar(PedidoMovimentacao(Tipo.SAIDA, 100000))
    assert segunda.repetida is True
    assert segunda.id == primeira.id == 1
    assert outra.id == 2
    assert [r[:3] for r in lancamentos_gravados(engine)] == [
        (1, "saida", 100000),
        (2, "saida", 100000),
    ]
    assert chaves_gravadas(engine) == 2
    assert_projection_exact(engine)


def test_service_validation_error_keeps_its_details(url: str) -> None:
    with cliente(url) as api, pytest.raises(PedidoRecusado) as erro:
        api.registrar(PedidoMovimentacao(Tipo.ENTRADA, 0))
    assert erro.value.status == 422
    assert erro.value.codigo_saida == 1
    assert str(erro.value) == "Dados inválidos. valor: O valor deve ser maior que zero."
    assert erro.value.como_json() == {
        "erro": "Dados inválidos.",
        "detalhes": [{"campo": "valor", "mensagem": "O valor deve ser maior que zero."}],
    }


def test_estorno_twice_and_unknown_id_are_refused(url: str) -> None:
    with cliente(url) as api:
        original = api.registrar(PedidoMovimentacao(Tipo.SAIDA, 500))
        estorno = api.estornar(original.id, "lançado em dobro")
        assert (estorno.tipo, estorno.valor_centavos, estorno.estorno_de) == (
            Tipo.ENTRADA,
            500,
            original.id,
        )
        with pytest.raises(PedidoRecusado) as duas_vezes:
            api.estornar(original.id)
        with pytest.raises(PedidoRecusado) as inexistente:
            api.estornar(99)
    assert (duas_vezes.value.status, str(duas_vezes.value)) == (
        409,
        "Esta movimentação já foi estornada.",
    )
    assert (inexistente.value.status, str(inexistente.value)) == (
        404,
        "Movimentação 99 não encontrada.",
    )


def test_extrato_follows_every_page(
    url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api_module, "PAGINA", 2)
    with cliente(url) as api:
        for centavos in (100, 200, 300, 400, 500):
            api.registrar(PedidoMovimentacao(Tipo.ENTRADA, centavos, data=date(2025, 3, 1)))
        api.registrar(PedidoMovimentacao(Tipo.SAIDA, 50, data=date(2025, 3, 2)))
        todos = list(api.extrato(Filtros(date(2025, 3, 1), date(2025, 3, 1))))
        saidas = list(api.extrato(Filtros(tipo=Tipo.SAIDA)))
    assert [m.valor_centavos for m in todos] == [100, 200, 300, 400, 500]
    assert [(m.id, m.valor_centavos) for m in saidas] == [(6, 50)]


def test_wrong_token_is_a_refusal(sqlite_url: str, engine: Engine) -> None:
    with _servidor(sqlite_url, engine, token="certo") as url:
        with cliente(url, token="errado") as api, pytest.raises(PedidoRecusado) as erro:
            api.registrar(PedidoMovimentacao(Tipo.ENTRADA, 100))
        with cliente(url, token="certo") as api:
            assert api.registrar(PedidoMovimentacao(Tipo.ENTRADA, 100)).id == 1
    assert erro.value.status == 401


def test_nothing_listening_is_unreachable() -> None:
    porta = free_port()
    with cliente(f"http://127.0.0.1:{porta}") as api, pytest.raises(ServicoIndisponivel) as erro:
        api.registrar(PedidoMovimentacao(Tipo.ENTRADA, 100))
    assert str(erro.value) == (
        f"Não foi possível conectar ao serviço de lançamentos em http://127.0.0.1:{porta}."
    )
    assert erro.value.codigo_saida == 2


def test_unreachable_consolidado_names_that_service() -> None:
    porta = free_port()
    api = ApiCliente("http://127.0.0.1:1", f"http://127.0.0.1:{porta}")
    with api, pytest.raises(ServicoIndisponivel) as erro:
        api.saldo_do_dia(date(2025, 3, 5))
    assert str(erro.value) == (
        f"Não foi possível conectar ao serviço consolidado em http://127.0.0.1:{porta}."
    )


def test_database_down_is_a_failing_service_with_its_message(tmp_path: Path) -> None:
    vazio = tmp_path / "vazio.db"  # a file with no tables: every statement fails
    vazio.touch()
    settings = Settings(database_url=f"sqlite:///{vazio}")
    with (
        servindo(create_app(settings)) as url,
        cliente(url) as api,
        pytest.raises(ServicoIndisponivel) as erro,
    ):
        api.registrar(PedidoMovimentacao(Tipo.ENTRADA, 100))
    assert str(erro.value) == (
        f"O serviço de lançamentos em {url} falhou: "
        "Banco de dados indisponível. Tente novamente em instantes."
    )


def test_slow_service_times_out() -> None:
    gravador = Gravador(corpo=json.dumps(MOVIMENTO).encode(), liberar=threading.Event())
    with servindo(gravador) as url:
        try:
            with cliente(url, timeout=0.5) as api, pytest.raises(ServicoIndisponivel) as erro:
                api.registrar(PedidoMovimentacao(Tipo.ENTRADA, 100))
        finally:
            assert gravador.liberar is not None
            gravador.liberar.set()
    assert str(erro.value) == f"O serviço de lançamentos em {url} não respondeu a tempo."


@pytest.mark.parametrize(
    ("status", "corpo", "tipo"),
    [
        ("404 Not Found", b"<html>Not Found</html>", "text/html"),
        ("200 OK", b"[1, 2]", "application/json"),
        ("302 Found", b"", "text/plain"),
    ],
)
def test_something_else_at_the_address_is_reported_as_such(
    status: str, corpo: bytes, tipo: str
) -> None:
    with (
        servindo(Gravador(status=status, corpo=corpo, tipo=tipo)) as url,
        cliente(url) as api,
        pytest.raises(RespostaInesperada) as erro,
    ):
        api.registrar(PedidoMovimentacao(Tipo.ENTRADA, 100))
    codigo = status.split()[0]
    assert str(erro.value) == (
        f"Resposta inesperada (HTTP {codigo}) de {url}: "
        "confira se este é o endereço do serviço de lançamentos."
    )
    assert erro.value.codigo_saida == 2


def test_an_answer_off_the_contract_is_not_a_crash() -> None:
    quebrado = {**MOVIMENTO, "valor": 10.5}  # a float where the contract says "10.50"
    with (
        servindo(Gravador(corpo=json.dumps(quebrado).encode())) as url,
        cliente(url) as api,
        pytest.raises(RespostaInesperada, match="fora do contrato"),
    ):
        api.registrar(PedidoMovimentacao(Tipo.ENTRADA, 1050))


@pytest.mark.parametrize("endereco", ["localhost:5000", "ftp://x", "http://", "", "http://[::1"])
def test_a_malformed_address_is_rejected_input(endereco: str) -> None:
    with pytest.raises(EntradaInvalida, match="Endereço inválido em --api-url"):
        ApiCliente(endereco, "http://127.0.0.1:5001")


def test_a_408_is_a_failing_service_to_retry_not_a_refusal() -> None:
    corpo = {"erro": "O corpo da requisição não chegou completo em 10 s; envie-a de novo.",
             "detalhes": []}  # fmt: skip
    gravador = Gravador(status="408 Request Timeout", corpo=json.dumps(corpo).encode())
    with (
        servindo(gravador) as url,
        cliente(url) as api,
        pytest.raises(ServicoIndisponivel) as erro,
    ):
        api.registrar(PedidoMovimentacao(Tipo.ENTRADA, 100))
    assert not isinstance(erro.value, PedidoRecusado)
    assert str(erro.value) == f"O serviço de lançamentos em {url} falhou: {corpo['erro']}"
