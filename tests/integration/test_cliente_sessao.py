"""The interactive loop without a terminal: scripted answers, a really served lançamentos."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import Engine, select

from fluxo_caixa.cliente.api import (
    ApiCliente,
    CategoriaLida,
    MovimentacaoRegistrada,
    PedidoMovimentacao,
    SaldoDia,
    ServicoIndisponivel,
)
from fluxo_caixa.cliente.sessao import Sessao
from fluxo_caixa.config import Settings
from fluxo_caixa.db.tables import lancamento
from fluxo_caixa.domain.movimentacao import Tipo
from fluxo_caixa.lancamentos import create_app
from support.cliente import (
    Terminal,
    chaves_gravadas,
    lancamentos_gravados,
    lancamentos_servido,
    servindo,
)
from support.ledger import assert_projection_exact
from support.servers import free_port

Respostas = list[str | type[BaseException]]


@pytest.fixture
def engine(sqlite_engine: Engine) -> Engine:
    return sqlite_engine  # the client talks HTTP: one backend is enough here


@pytest.fixture
def api(sqlite_url: str, engine: Engine) -> Iterator[ApiCliente]:
    with (
        lancamentos_servido(sqlite_url, engine) as url,
        ApiCliente(url, f"http://127.0.0.1:{free_port()}") as api,
    ):
        yield api


def rodar(api: object, respostas: Respostas) -> tuple[int, Terminal]:
    terminal = Terminal(list(respostas))
    codigo = Sessao(api, terminal.ler, terminal.escrever).executar()  # type: ignore[arg-type]
    assert terminal.respostas == [], "the loop ended before using every answer"
    return codigo, terminal


def cabecalho(api: ApiCliente) -> str:
    return (
        f"Fluxo de Caixa: lançamentos em {api.api_url}\n"
        "Ctrl-C ou Ctrl-D encerra a qualquer momento.\n"
    )


ENTRADAS = (
    "Categorias de entrada:\n"
    "  1. Vendas\n"
    "  2. Serviços\n"
    "  3. Aporte do dono\n"
    "  4. Outras entradas\n"
)
SAIDAS = (
    "Categorias de saída:\n"
    "  1. Mercadorias e fornecedores\n"
    "  2. Aluguel\n"
    "  3. Salários e encargos\n"
    "  4. Impostos e taxas\n"
    "  5. Água, luz e internet\n"
    "  6. Tarifas de cartão e banco\n"
    "  7. Retirada do dono (pró-labore)\n"
    "  8. Outras saídas\n"
)
FORMA = "Forma de pagamento (Enter = dinheiro; d, p, db, cr, b, t, o): "
CATEGORIA = "Categoria (número, Enter = nenhuma): "


def formas_gravadas(engine: Engine) -> list[tuple[int, str | None, int | None]]:
    query = select(
        lancamento.c.id, lancamento.c.forma_pagamento, lancamento.c.categoria_id
    ).order_by(lancamento.c.id)
    with engine.connect() as conn:
        return [(r.id, r.forma_pagamento, r.categoria_id) for r in conn.execute(query)]


def sem_categorias(api: ApiCliente) -> str:
    return (
        "Categorias indisponíveis: Não foi possível conectar ao serviço de lançamentos "
        f"em {api.api_url}.\n"
        "O lançamento segue sem categoria.\n"
    )


def sem_consolidado(api: ApiCliente) -> str:
    return (
        "Saldo do dia indisponível: Não foi possível conectar ao serviço consolidado "
        f"em {api.consolidado_url}.\n"
    )


def test_full_loop_with_bad_answers_at_every_prompt(api: ApiCliente, engine: Engine) -> None:
    respostas: Respostas = [
        "talvez", "", "ENTRADA",
        "dez", "0", "-5", "10,505", "100.000.000,00", "10,50",
        "cheque", "P",
        "9", "zero", "1",
        "x" * 201, "venda balcão",
        "quero", "SIM",
        "s",
        "R$ 1.234,56",
        "",
        "",
        "",
        "Não",
    ]  # fmt: skip
    codigo, terminal = rodar(api, respostas)
    assert codigo == 0
    assert terminal.texto == (
        cabecalho(api) + "Tipo (entrada/saida): talvez\n"
        'Tipo inválido: "talvez". Responda entrada (e) ou saida (s).\n'
        "Tipo (entrada/saida): \n"
        "Informe o tipo: entrada (e) ou saida (s).\n"
        "Tipo (entrada/saida): ENTRADA\n"
        "Valor (R$): dez\n"
        "Valor inválido. Use, por exemplo, 10,50 ou 1.234,56.\n"
        "Valor (R$): 0\n"
        "O valor deve ser maior que zero.\n"
        "Valor (R$): -5\n"
        "O valor deve ser maior que zero.\n"
        "Valor (R$): 10,505\n"
        "O valor deve ter no máximo duas casas decimais.\n"
        "Valor (R$): 100.000.000,00\n"
        "O valor deve ser no máximo R$ 99.999.999,99.\n"
        "Valor (R$): 10,50\n"
        f"{FORMA}cheque\n"
        'Forma de pagamento inválida: "cheque". Responda d (dinheiro), p (PIX), db (débito), '
        "cr (crédito), b (boleto), t (transferência) ou o (outro).\n"
        f"{FORMA}P\n" + ENTRADAS + f"{CATEGORIA}9\n"
        'Opção inválida: "9". Responda um número de 1 a 4, ou Enter para nenhuma.\n'
        f"{CATEGORIA}zero\n"
        'Opção inválida: "zero". Responda um número de 1 a 4, ou Enter para nenhuma.\n'
        f"{CATEGORIA}1\n"
        f"Descrição (opcional, Enter pula): {'x' * 201}\n"
        "A descrição deve ter no máximo 200 caracteres.\n"
        "Descrição (opcional, Enter pula): venda balcão\n"
        "Movimentação 1 registrada: entrada de R$ 10,50 em 05/03/2025, PIX, Vendas "
        "(venda balcão).\n" + sem_consolidado(api) + "Deseja inserir novos dados? (s/n): quero\n"
        "Responda s (sim) ou n (não).\n"
        "Deseja inserir novos dados? (s/n): SIM\n"
        "Tipo (entrada/saida): s\n"
        "Valor (R$): R$ 1.234,56\n"
        f"{FORMA}\n" + SAIDAS + f"{CATEGORIA}\n"
        "Descrição (opcional, Enter pula): \n"
        "Movimentação 2 registrada: saída de R$ 1.234,56 em 05/03/2025, Dinheiro, "
        "sem categoria.\n" + sem_consolidado(api) + "Deseja inserir novos dados? (s/n): Não\n"
        "Até logo!\n"
    )
    assert lancamentos_gravados(engine) == [
        (1, "entrada", 1050, "venda balcão"),
        (2, "saida", 123456, None),
    ]
    assert formas_gravadas(engine) == [(1, "pix", 1), (2, "dinheiro", None)]
    assert chaves_gravadas(engine) == 2
    assert_projection_exact(engine)


def test_refusals_are_shown_as_errors_and_saves_as_successes(api: ApiCliente) -> None:
    _, terminal = rodar(api, ["x", "e", "1", "", "", "", "n"])
    assert ('Tipo inválido: "x". Responda entrada (e) ou saida (s).', "erro") in terminal.estilos
    assert (
        "Movimentação 1 registrada: entrada de R$ 1,00 em 05/03/2025, Dinheiro, sem categoria.",
        "sucesso",
    ) in terminal.estilos
    assert (sem_consolidado(api).rstrip("\n"), "aviso") in terminal.estilos


PROMPTS_ANTES_DO_ENVIO: list[Respostas] = [
    [], ["e"], ["e", "10,50"], ["e", "10,50", "pix"], ["e", "10,50", "pix", "1"],
]  # fmt: skip


@pytest.mark.parametrize("tecla", [KeyboardInterrupt, EOFError], ids=["ctrl-c", "ctrl-d"])
@pytest.mark.parametrize(
    "antes", PROMPTS_ANTES_DO_ENVIO, ids=["tipo", "valor", "forma", "categoria", "descricao"]
)
def test_ctrl_c_or_ctrl_d_before_sending_records_nothing(
    api: ApiCliente, engine: Engine, antes: Respostas, tecla: type[BaseException]
) -> None:
    codigo, terminal = rodar(api, [*antes, tecla])
    assert codigo == 0
    assert terminal.texto.endswith(": \nAté logo!\n")
    assert lancamentos_gravados(engine) == []


@pytest.mark.parametrize("tecla", [KeyboardInterrupt, EOFError], ids=["ctrl-c", "ctrl-d"])
def test_ctrl_c_or_ctrl_d_at_new_data_question_keeps_what_was_saved(
    api: ApiCliente, engine: Engine, tecla: type[BaseException]
) -> None:
    codigo, terminal = rodar(api, ["e", "10,50", "", "", "", tecla])
    assert codigo == 0
    assert terminal.texto.endswith("Deseja inserir novos dados? (s/n): \nAté logo!\n")
    assert lancamentos_gravados(engine) == [(1, "entrada", 1050, None)]


@dataclass
class RespostaPerdida:
    """Our Servicos, delivering the first movement for real but losing its answer."""

    real: ApiCliente
    perdas: int = 1

    @property
    def api_url(self) -> str:
        return self.real.api_url

    @property
    def consolidado_url(self) -> str:
        return self.real.consolidado_url

    def registrar(self, pedido: PedidoMovimentacao) -> MovimentacaoRegistrada:
        registrada = self.real.registrar(pedido)
        if self.perdas:
            self.perdas -= 1
            raise ServicoIndisponivel(f"O serviço de lançamentos em {self.api_url} caiu.")
        return registrada

    def saldo_do_dia(self, dia: date | None = None, timeout: float | None = None) -> SaldoDia:
        return self.real.saldo_do_dia(dia, timeout)

    def categorias(self, tipo: Tipo | None = None) -> list[CategoriaLida]:
        return self.real.categorias(tipo)

    def caixas_abertos(self) -> list[str]:
        return self.real.caixas_abertos()


def test_a_lost_answer_is_retried_with_the_same_key_and_recorded_once(
    api: ApiCliente, engine: Engine
) -> None:
    servicos = RespostaPerdida(api)
    respostas: Respostas = ["s", "99,90", "b", "1", "fornecedor", "talvez", "s", "n"]
    codigo, terminal = rodar(servicos, respostas)
    assert codigo == 0
    assert terminal.texto == (
        cabecalho(api) + "Tipo (entrada/saida): s\n"
        "Valor (R$): 99,90\n"
        f"{FORMA}b\n" + SAIDAS + f"{CATEGORIA}1\n"
        "Descrição (opcional, Enter pula): fornecedor\n"
        f"O serviço de lançamentos em {api.api_url} caiu.\n"
        "O lançamento (saída de R$ 99,90) ainda não foi confirmado.\n"
        "Tentar enviar de novo? (s/n): talvez\n"
        "Responda s (sim) ou n (não).\n"
        "Tentar enviar de novo? (s/n): s\n"
        "Movimentação 1 já estava registrada: saída de R$ 99,90 em 05/03/2025, Boleto, "
        "Mercadorias e fornecedores (fornecedor). "
        "O envio anterior chegou ao servidor; nada foi gravado em dobro.\n"
        + sem_consolidado(api)
        + "Deseja inserir novos dados? (s/n): n\n"
        "Até logo!\n"
    )
    assert lancamentos_gravados(engine) == [(1, "saida", 9990, "fornecedor")]
    assert formas_gravadas(engine) == [(1, "boleto", 5)]
    assert chaves_gravadas(engine) == 1


def _inacessivel() -> ApiCliente:
    return ApiCliente(f"http://127.0.0.1:{free_port()}", f"http://127.0.0.1:{free_port()}")


def test_unreachable_api_lets_the_person_retry_or_give_up() -> None:
    with _inacessivel() as api:
        codigo, terminal = rodar(api, ["e", "5", "", "", "s", "n", "n"])
    erro = f"Não foi possível conectar ao serviço de lançamentos em {api.api_url}.\n"
    assert codigo == 0
    assert terminal.texto == (
        cabecalho(api) + "Tipo (entrada/saida): e\n"
        "Valor (R$): 5\n"
        f"{FORMA}\n"
        + sem_categorias(api)
        + "Descrição (opcional, Enter pula): \n"
        + erro
        + "O lançamento (entrada de R$ 5,00) ainda não foi confirmado.\n"
        "Tentar enviar de novo? (s/n): s\n"
        + erro
        + "O lançamento (entrada de R$ 5,00) ainda não foi confirmado.\n"
        "Tentar enviar de novo? (s/n): n\n"
        "Lançamento não confirmado: entrada de R$ 5,00. Se o serviço chegou a recebê-lo, ele "
        "aparece em 'fluxo-caixa extrato'; confira antes de lançá-lo de novo.\n"
        "Deseja inserir novos dados? (s/n): n\n"
        "Até logo!\n"
    )


@pytest.mark.parametrize("tecla", [KeyboardInterrupt, EOFError], ids=["ctrl-c", "ctrl-d"])
def test_leaving_at_the_retry_question_warns_the_movement_is_unconfirmed(
    tecla: type[BaseException],
) -> None:
    with _inacessivel() as api:
        codigo, terminal = rodar(api, ["e", "5", "", "", tecla])
    assert codigo == 0
    assert terminal.texto.endswith(
        "Tentar enviar de novo? (s/n): \n"
        "Lançamento não confirmado: entrada de R$ 5,00. Se o serviço chegou a recebê-lo, ele "
        "aparece em 'fluxo-caixa extrato'; confira antes de lançá-lo de novo.\n"
        "Até logo!\n"
    )


def test_a_refused_movement_says_why_and_asks_for_new_data(sqlite_url: str, engine: Engine) -> None:
    app = create_app(Settings(database_url=sqlite_url, api_token="certo"), engine=engine)
    with servindo(app) as url, ApiCliente(url, f"http://127.0.0.1:{free_port()}") as api:
        codigo, terminal = rodar(api, ["e", "5", "", "", "n"])
    assert codigo == 0
    assert (
        "Descrição (opcional, Enter pula): \n"
        "O serviço recusou o lançamento: "
        "Token ausente ou inválido. Envie Authorization: Bearer <token>.\n"
        "Defina FLUXO_API_TOKEN com o token do serviço.\n"
        "Deseja inserir novos dados? (s/n): n\n"
    ) in terminal.texto
    assert lancamentos_gravados(engine) == []


@dataclass
class ComSaldo:
    """Our Servicos, with a consolidado answering a fixed day (the real one: e2e tests)."""

    real: ApiCliente

    @property
    def api_url(self) -> str:
        return self.real.api_url

    @property
    def consolidado_url(self) -> str:
        return self.real.consolidado_url

    def registrar(self, pedido: PedidoMovimentacao) -> MovimentacaoRegistrada:
        return self.real.registrar(pedido)

    def saldo_do_dia(self, dia: date | None = None, timeout: float | None = None) -> SaldoDia:
        assert dia == date(2025, 3, 5)
        assert timeout == 3.0
        return SaldoDia(dia, 100050, 5000, 95050, 10000, 105050, 2, 1, 3, {})

    def categorias(self, tipo: Tipo | None = None) -> list[CategoriaLida]:
        return self.real.categorias(tipo)

    def caixas_abertos(self) -> list[str]:
        return self.real.caixas_abertos()


def test_after_saving_the_days_balance_is_shown(api: ApiCliente) -> None:
    _, terminal = rodar(ComSaldo(api), ["e", "1000,50", "", "", "", "n"])
    assert (
        "Movimentação 1 registrada: entrada de R$ 1.000,50 em 05/03/2025, Dinheiro, "
        "sem categoria.\n"
        "Saldo do dia 05/03/2025: R$ 950,50 (entradas R$ 1.000,50, saídas R$ 50,00); "
        "saldo final R$ 1.050,50.\n"
        "Deseja inserir novos dados? (s/n): n\n"
    ) in terminal.texto


def test_an_escape_sequence_typed_or_received_never_reaches_the_terminal(api: ApiCliente) -> None:
    codigo, terminal = rodar(
        api, ["\x1b[2Jx", "entrada", "1", "\x1bp", "", "", "\x1b[31m", "", "n"]
    )
    assert codigo == 0
    escritos = "".join(texto for texto, _ in terminal.estilos)
    assert "\x1b" not in escritos
    assert 'Tipo inválido: "\ufffd[2Jx". Responda entrada (e) ou saida (s).' in escritos
    assert 'Forma de pagamento inválida: "\ufffdp".' in escritos
    assert "A descrição contém um caractere não permitido (U+001B" in escritos


def test_only_the_tipos_active_categorias_are_offered(api: ApiCliente, engine: Engine) -> None:
    api.alterar_categoria(2, ativa=False)  # Serviços
    codigo, terminal = rodar(api, ["e", "7", "db", "2", "", "n"])
    assert codigo == 0
    assert (
        f"{FORMA}db\n"
        "Categorias de entrada:\n"
        "  1. Vendas\n"
        "  2. Aporte do dono\n"
        "  3. Outras entradas\n"
        f"{CATEGORIA}2\n"
        "Descrição (opcional, Enter pula): \n"
        "Movimentação 1 registrada: entrada de R$ 7,00 em 05/03/2025, Débito, Aporte do dono.\n"
    ) in terminal.texto
    assert formas_gravadas(engine) == [(1, "debito", 3)]


def test_without_active_categorias_of_the_tipo_nothing_is_asked(
    api: ApiCliente, engine: Engine
) -> None:
    for ident in (1, 2, 3, 4):
        api.alterar_categoria(ident, ativa=False)
    _, terminal = rodar(api, ["e", "7", "T", "", "n"])
    assert (
        f"{FORMA}T\n"
        "Descrição (opcional, Enter pula): \n"
        "Movimentação 1 registrada: entrada de R$ 7,00 em 05/03/2025, Transferência, "
        "sem categoria.\n"
    ) in terminal.texto
    assert formas_gravadas(engine) == [(1, "transferencia", None)]


@pytest.mark.parametrize(
    ("resposta", "forma"),
    [("d", "dinheiro"), ("DINHEIRO", "dinheiro"), ("p", "pix"), ("Pix", "pix"),
     ("db", "debito"), ("Débito", "debito"), ("cr", "credito"), ("crédito", "credito"),
     ("b", "boleto"), ("t", "transferencia"), ("transferência", "transferencia"),
     ("o", "outro"), (" OUTRO ", "outro")],
)  # fmt: skip
def test_every_short_and_long_forma_answer(
    api: ApiCliente, engine: Engine, resposta: str, forma: str
) -> None:
    rodar(api, ["s", "1", resposta, "", "", "n"])
    assert formas_gravadas(engine) == [(1, forma, None)]


def test_a_movement_into_the_only_open_caixa_says_which_caixa_and_session(
    api: ApiCliente,
) -> None:
    api.caixa_json("POST", "/caixas", {"nome": "Caixa 2"}, chave="caixa-2")
    api.caixa_json("POST", "/caixas/2/abertura", {"contado": "100.00"}, chave="abre-2")
    _, terminal = rodar(api, ["e", "10,00", "", "", "", "n"])
    assert "Caixas abertos" not in terminal.texto  # one open: nothing to ask
    assert (
        "Movimentação 1 registrada: entrada de R$ 10,00 em 05/03/2025, Dinheiro, "
        "sem categoria, no Caixa 2 (sessão 1).\n"
    ) in terminal.texto


def test_with_several_caixas_open_the_loop_asks_which_and_says_where_it_went(
    api: ApiCliente,
) -> None:
    api.caixa_json("POST", "/caixas", {"nome": "Caixa 2"}, chave="caixa-2")
    api.caixa_json("POST", "/caixas/1/abertura", {"contado": "200.00"}, chave="abre-1")
    api.caixa_json("POST", "/caixas/2/abertura", {"contado": "100.00"}, chave="abre-2")
    respostas: Respostas = [
        "e",
        "10,00",
        "",
        "",
        "3",
        "2",
        "",
        "s",
        "s",
        "5,00",
        "",
        "",
        "",
        "",
        "n",
    ]
    _, terminal = rodar(api, respostas)
    assert (
        "Caixas abertos:\n"
        "  1. Caixa 1\n"
        "  2. Caixa 2\n"
        "Caixa (número, Enter = nenhum): 3\n"
        'Opção inválida: "3". Responda um número de 1 a 2, ou Enter para nenhum.\n'
        "Caixa (número, Enter = nenhum): 2\n"
    ) in terminal.texto
    assert (
        "Movimentação 1 registrada: entrada de R$ 10,00 em 05/03/2025, Dinheiro, "
        "sem categoria, no Caixa 2 (sessão 2).\n"
    ) in terminal.texto
    # Enter: no caixa, so no session (the service does not guess between two drawers).
    assert (
        "Movimentação 2 registrada: saída de R$ 5,00 em 05/03/2025, Dinheiro, sem categoria.\n"
    ) in terminal.texto
