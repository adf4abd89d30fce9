"""The client as a merchant runs it: a real pseudo-terminal, a really running service.

Every session ends on a real SQLite file that is checked for exactly-once recording.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pexpect
import pytest
from sqlalchemy import Engine, select

from fluxo_caixa.db.engine import make_engine
from fluxo_caixa.db.tables import lancamento
from support.cliente import chaves_gravadas, lancamentos_gravados, sem_ansi
from support.ledger import assert_projection_exact, count_lancamentos
from support.servers import free_port, running, service

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
FLUXO_CAIXA = str(Path(sys.executable).parent / "fluxo-caixa")
PYTHON_CLIENTE = [sys.executable, str(ROOT / "cliente.py")]
DIA = r"\d\d/\d\d/\d{4}"


@dataclass
class Lancamentos:
    url: str
    porta: int
    pasta: Path
    database_url: str
    engine: Engine
    processo: subprocess.Popen[bytes] | None = None

    def parar(self) -> None:
        """Kill the whole process group at once, as a crash or a pulled plug would."""
        assert self.processo is not None
        os.killpg(self.processo.pid, signal.SIGKILL)
        self.processo.wait(timeout=30)

    def sinal(self, sig: int) -> None:
        assert self.processo is not None
        os.killpg(self.processo.pid, sig)


@contextmanager
def lancamentos_em(pasta: Path, porta: int | None = None, vez: int = 1) -> Iterator[Lancamentos]:
    """`fluxo-caixa serve lancamentos` on a chosen port and SQLite file (so it can restart)."""
    porta = porta or free_port()
    url = f"http://127.0.0.1:{porta}"
    database_url = f"sqlite:///{pasta / 'movimentacoes.db'}"
    env = {
        "FLUXO_PORT_LANCAMENTOS": str(porta),
        "FLUXO_DATABASE_URL": database_url,
        "FLUXO_API_TOKEN": "",
    }
    comando = [sys.executable, "-m", "fluxo_caixa", "serve", "lancamentos"]
    with running(comando, env, pasta, url, log_name=f"lancamentos-{vez}.log") as processo:
        engine = make_engine(database_url)
        try:
            yield Lancamentos(url, porta, pasta, database_url, engine, processo)
        finally:
            engine.dispose()


@pytest.fixture
def servico(tmp_path: Path) -> Iterator[Lancamentos]:
    with lancamentos_em(tmp_path) as svc:
        yield svc


@pytest.fixture(scope="module")
def compartilhado(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lancamentos]:
    with lancamentos_em(tmp_path_factory.mktemp("compartilhado")) as svc:
        yield svc


def inacessivel() -> str:
    return f"http://127.0.0.1:{free_port()}"


class ClientePty:
    """One client in a pseudo-terminal, with its whole transcript kept for the asserts."""

    def __init__(
        self,
        comando: list[str],
        api_url: str,
        consolidado_url: str,
        cwd: Path,
        term: str = "dumb",
    ) -> None:
        env = {
            **os.environ,
            "FLUXO_API_URL": api_url,
            "FLUXO_CONSOLIDADO_URL": consolidado_url,
            "FLUXO_API_TOKEN": "",
            "TERM": term,
        }
        self.transcricao = io.StringIO()
        self.child = pexpect.spawn(
            comando[0],
            comando[1:],
            env=env,
            cwd=str(cwd),
            encoding="utf-8",
            timeout=60,
            dimensions=(40, 200),
        )
        self.child.logfile_read = self.transcricao

    def espera(self, texto: str) -> None:
        self.child.expect_exact(texto)

    def espera_re(self, padrao: str) -> None:
        self.child.expect(padrao)

    def responde(self, prompt: str, resposta: str) -> None:
        self.child.expect_exact(prompt)
        self.child.sendline(resposta)

    def termina(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        assert self.child.exitstatus is not None, f"killed by signal {self.child.signalstatus}"
        return int(self.child.exitstatus)

    @property
    def texto(self) -> str:
        return sem_ansi(self.transcricao.getvalue()).replace("\r\n", "\n")


TIPO = "Tipo (entrada/saida): "
VALOR = "Valor (R$): "
FORMA = "Forma de pagamento (Enter = dinheiro; d, p, db, cr, b, t, o): "
CATEGORIA = "Categoria (número, Enter = nenhuma): "
DESCRICAO = "Descrição (opcional, Enter pula): "
NOVOS = "Deseja inserir novos dados? (s/n): "
REENVIAR = "Tentar enviar de novo? (s/n): "


def registrada(
    numero: int, resumo: str, detalhe: str = "", pagamento: str = ", Dinheiro, sem categoria"
) -> str:
    return (
        re.escape(f"Movimentação {numero} registrada: {resumo} em ")
        + DIA
        + re.escape(f"{pagamento}{detalhe}.")
    )


def sem_forma_nem_categoria(sessao: ClientePty) -> None:
    """Enter at both: dinheiro, no categoria."""
    sessao.responde(FORMA, "")
    sessao.responde(CATEGORIA, "")


def formas_gravadas(engine: Engine) -> list[tuple[int, str | None, int | None, int]]:
    query = select(
        lancamento.c.id,
        lancamento.c.forma_pagamento,
        lancamento.c.categoria_id,
        lancamento.c.valor_centavos,
    ).order_by(lancamento.c.id)
    with engine.connect() as conn:
        return [
            (r.id, r.forma_pagamento, r.categoria_id, r.valor_centavos) for r in conn.execute(query)
        ]


def test_a_merchants_session_records_every_movement_once(servico: Lancamentos) -> None:
    consolidado_url = inacessivel()
    sessao = ClientePty(PYTHON_CLIENTE, servico.url, consolidado_url, servico.pasta)
    sessao.espera(f"Fluxo de Caixa: lançamentos em {servico.url}")
    sessao.responde(TIPO, "credito")
    sessao.espera('Tipo inválido: "credito". Responda entrada (e) ou saida (s).')
    sessao.responde(TIPO, "Entrada")
    for errado, mensagem in [
        ("abc", "Valor inválido. Use, por exemplo, 10,50 ou 1.234,56."),
        ("-10", "O valor deve ser maior que zero."),
        ("0", "O valor deve ser maior que zero."),
        ("1,999", "O valor deve ter no máximo duas casas decimais."),
        ("123456789", "O valor deve ser no máximo R$ 99.999.999,99."),
    ]:
        sessao.responde(VALOR, errado)
        sessao.espera(mensagem)
    sessao.responde(VALOR, "10,50")
    sessao.responde(FORMA, "cheque")
    sessao.espera('Forma de pagamento inválida: "cheque". Responda d (dinheiro), p (PIX), ')
    sessao.responde(FORMA, "p")
    sessao.espera("Categorias de entrada:")
    sessao.espera("  1. Vendas")
    sessao.espera("  4. Outras entradas")
    sessao.responde(CATEGORIA, "5")
    sessao.espera('Opção inválida: "5". Responda um número de 1 a 4, ou Enter para nenhuma.')
    sessao.responde(CATEGORIA, "1")
    sessao.responde(DESCRICAO, "x" * 201)
    sessao.espera("A descrição deve ter no máximo 200 caracteres.")
    sessao.responde(DESCRICAO, "venda balcão")
    sessao.espera_re(registrada(1, "entrada de R$ 10,50", " (venda balcão)", ", PIX, Vendas"))
    sessao.espera(
        "Saldo do dia indisponível: Não foi possível conectar ao serviço consolidado "
        f"em {consolidado_url}."
    )
    sessao.responde(NOVOS, "talvez")
    sessao.espera("Responda s (sim) ou n (não).")
    sessao.responde(NOVOS, "S")
    for numero, (tipo, valor, forma, categoria, resumo, pagamento) in enumerate(
        [
            ("saída", "1.234,56", "db", "2", "saída de R$ 1.234,56", ", Débito, Aluguel"),
            ("E", "R$ 100", "", "", "entrada de R$ 100,00", ", Dinheiro, sem categoria"),
            ("s", "10.50", "Crédito", "", "saída de R$ 10,50", ", Crédito, sem categoria"),
        ],
        start=2,
    ):
        sessao.responde(TIPO, tipo)
        sessao.responde(VALOR, valor)
        sessao.responde(FORMA, forma)
        sessao.responde(CATEGORIA, categoria)
        sessao.responde(DESCRICAO, "")
        sessao.espera_re(registrada(numero, resumo, pagamento=pagamento))
        sessao.responde(NOVOS, "sim" if numero < 4 else "NÃO")
    sessao.espera("Até logo!")
    assert sessao.termina() == 0
    assert "Traceback" not in sessao.texto
    assert lancamentos_gravados(servico.engine) == [
        (1, "entrada", 1050, "venda balcão"),
        (2, "saida", 123456, None),
        (3, "entrada", 10000, None),
        (4, "saida", 1050, None),
    ]
    assert formas_gravadas(servico.engine) == [
        (1, "pix", 1, 1050),
        (2, "debito", 6, 123456),
        (3, "dinheiro", None, 10000),
        (4, "credito", None, 1050),
    ]
    assert chaves_gravadas(servico.engine) == 4
    assert_projection_exact(servico.engine)


def test_fluxo_caixa_cliente_in_a_colour_terminal(servico: Lancamentos) -> None:
    sessao = ClientePty(
        [FLUXO_CAIXA, "cliente"], servico.url, inacessivel(), servico.pasta, "xterm-256color"
    )
    sessao.responde(TIPO, "x")
    sessao.espera("Responda entrada (e) ou saida (s).")
    sessao.responde(TIPO, "e")
    sessao.responde(VALOR, "10,50")
    sem_forma_nem_categoria(sessao)
    sessao.responde(DESCRICAO, "")
    sessao.espera_re(registrada(1, "entrada de R$ 10,50"))
    sessao.responde(NOVOS, "n")
    assert sessao.termina() == 0
    bruto = sessao.transcricao.getvalue()
    assert re.search(r"\x1b\[[0-9;]*m" + re.escape('Tipo inválido: "x"'), bruto), bruto
    assert "Movimentação 1 registrada: entrada de R$ 10,50" in sessao.texto
    assert lancamentos_gravados(servico.engine) == [(1, "entrada", 1050, None)]


def test_service_stopped_mid_session_then_back_records_once(tmp_path: Path) -> None:
    porta = free_port()
    with lancamentos_em(tmp_path, porta, vez=1) as primeiro:
        sessao = ClientePty(PYTHON_CLIENTE, primeiro.url, inacessivel(), tmp_path)
        sessao.responde(TIPO, "e")
        sessao.responde(VALOR, "10,50")
        sem_forma_nem_categoria(sessao)
        sessao.responde(DESCRICAO, "")
        sessao.espera_re(registrada(1, "entrada de R$ 10,50"))
        sessao.responde(NOVOS, "s")
        sessao.responde(TIPO, "s")
        sessao.responde(VALOR, "5")
        sem_forma_nem_categoria(sessao)
        primeiro.parar()
        sessao.responde(DESCRICAO, "troco")
        queda = f"Não foi possível conectar ao serviço de lançamentos em {primeiro.url}."
        sessao.espera(queda)
        sessao.espera("O lançamento (saída de R$ 5,00) ainda não foi confirmado.")
        sessao.responde(REENVIAR, "s")  # still down: the same message, the same question
        sessao.espera(queda)
    with lancamentos_em(tmp_path, porta, vez=2) as segundo:
        sessao.responde(REENVIAR, "s")
        sessao.espera_re(registrada(2, "saída de R$ 5,00", " (troco)"))
        sessao.responde(NOVOS, "n")
        assert sessao.termina() == 0
        assert lancamentos_gravados(segundo.engine) == [
            (1, "entrada", 1050, None),
            (2, "saida", 500, "troco"),
        ]
        assert chaves_gravadas(segundo.engine) == 2
    assert "Traceback" not in sessao.texto


def test_answer_lost_to_a_frozen_service_is_retried_without_duplicate(
    servico: Lancamentos,
) -> None:
    sessao = ClientePty(
        [*PYTHON_CLIENTE, "--timeout", "2"], servico.url, inacessivel(), servico.pasta
    )
    sessao.responde(TIPO, "entrada")
    sessao.responde(VALOR, "10,50")
    sessao.espera(FORMA)
    # Frozen before the categoria list is asked for: that request times out too, and the
    # movement goes on a fresh connection, accepted by the kernel, then waiting.
    servico.sinal(signal.SIGSTOP)
    try:
        sessao.child.sendline("")
        sessao.espera(f"Categorias indisponíveis: O serviço de lançamentos em {servico.url} ")
        sessao.responde(DESCRICAO, "")
        sessao.espera(f"O serviço de lançamentos em {servico.url} não respondeu a tempo.")
        sessao.espera(REENVIAR)
    finally:
        servico.sinal(signal.SIGCONT)
    # Once thawed the service handles the request the client gave up on.
    prazo = time.monotonic() + 60
    while count_lancamentos(servico.engine) == 0 and time.monotonic() < prazo:
        time.sleep(0.1)
    assert count_lancamentos(servico.engine) == 1
    sessao.child.sendline("s")
    sessao.espera_re(
        re.escape("Movimentação 1 já estava registrada: entrada de R$ 10,50 em ")
        + DIA
        + re.escape(
            ", Dinheiro, sem categoria. O envio anterior chegou ao servidor; "
            "nada foi gravado em dobro."
        )
    )
    sessao.responde(NOVOS, "n")
    assert sessao.termina() == 0
    assert lancamentos_gravados(servico.engine) == [(1, "entrada", 1050, None)]
    assert chaves_gravadas(servico.engine) == 1


# The answers up to each prompt; with the service unreachable (REENVIAR) no categoria
# list can be fetched, so none is asked.
ATE_O_PROMPT: dict[str, list[tuple[str, str]]] = {
    TIPO: [],
    VALOR: [(TIPO, "e")],
    FORMA: [(TIPO, "e"), (VALOR, "1")],
    CATEGORIA: [(TIPO, "e"), (VALOR, "1"), (FORMA, "p")],
    DESCRICAO: [(TIPO, "e"), (VALOR, "1"), (FORMA, "p"), (CATEGORIA, "1")],
    NOVOS: [(TIPO, "e"), (VALOR, "1"), (FORMA, ""), (CATEGORIA, ""), (DESCRICAO, "")],
    REENVIAR: [(TIPO, "e"), (VALOR, "1"), (FORMA, ""), (DESCRICAO, "")],
}


@pytest.mark.parametrize("tecla", ["ctrl-c", "ctrl-d"])
@pytest.mark.parametrize(
    "prompt",
    list(ATE_O_PROMPT),
    ids=["tipo", "valor", "forma", "categoria", "descricao", "novos", "reenviar"],
)
def test_ctrl_c_and_ctrl_d_at_each_prompt_say_goodbye(
    compartilhado: Lancamentos, prompt: str, tecla: str
) -> None:
    api_url = inacessivel() if prompt == REENVIAR else compartilhado.url
    antes = count_lancamentos(compartilhado.engine)
    sessao = ClientePty(PYTHON_CLIENTE, api_url, inacessivel(), compartilhado.pasta)
    for anterior, resposta in ATE_O_PROMPT[prompt]:
        sessao.responde(anterior, resposta)
    sessao.espera(prompt)
    if tecla == "ctrl-c":
        sessao.child.sendintr()
    else:
        sessao.child.sendcontrol("d")
    sessao.espera("Até logo!")
    assert sessao.termina() == 0
    assert "Traceback" not in sessao.texto
    assert sessao.texto.rstrip().endswith("Até logo!")
    gravados = count_lancamentos(compartilhado.engine) - antes
    assert gravados == (1 if prompt == NOVOS else 0)
    if prompt == REENVIAR:
        assert "Lançamento não confirmado: entrada de R$ 1,00." in sessao.texto


def test_session_shows_the_days_balance_from_the_real_consolidado(tmp_path: Path) -> None:
    env = {"FLUXO_DATABASE_URL": f"sqlite:///{tmp_path / 'movimentacoes.db'}"}
    with (
        service("lancamentos", env, tmp_path) as lanc,
        service("consolidado", env, tmp_path) as cons,
    ):
        sessao = ClientePty(PYTHON_CLIENTE, lanc.url, cons.url, tmp_path)
        sessao.responde(TIPO, "e")
        sessao.responde(VALOR, "10,50")
        sem_forma_nem_categoria(sessao)
        sessao.responde(DESCRICAO, "")
        sessao.espera_re(
            re.escape("Saldo do dia ")
            + DIA
            + re.escape(": R$ 10,50 (entradas R$ 10,50, saídas R$ 0,00); saldo final R$ 10,50.")
        )
        sessao.responde(NOVOS, "n")
        assert sessao.termina() == 0


# The one-shot commands as a script runs them: a real process, its exit status, its output.


def fluxo(*args: str, api_url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FLUXO_API_URL": api_url, "FLUXO_API_TOKEN": ""}
    return subprocess.run(
        [sys.executable, "-m", "fluxo_caixa", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_one_shot_commands_in_a_real_process(compartilhado: Lancamentos) -> None:
    lancado = fluxo("lancar", "entrada", "10,50", "--json", api_url=compartilhado.url,
                    cwd=compartilhado.pasta)  # fmt: skip
    assert lancado.returncode == 0, lancado.stderr
    mov = json.loads(lancado.stdout)
    assert (mov["tipo"], mov["valor"]) == ("entrada", "10.50")

    extrato = fluxo("extrato", "--inicio", mov["data"], "--fim", mov["data"], "--json",
                    api_url=compartilhado.url, cwd=compartilhado.pasta)  # fmt: skip
    assert extrato.returncode == 0, extrato.stderr
    assert mov["id"] in [m["id"] for m in json.loads(extrato.stdout)]
    gravado = [r for r in lancamentos_gravados(compartilhado.engine) if r[0] == mov["id"]]
    assert gravado == [(mov["id"], "entrada", 1050, None)]

    recusado = fluxo("lancar", "saida", "-5", api_url=compartilhado.url, cwd=compartilhado.pasta)
    assert (recusado.returncode, recusado.stdout) == (1, "")
    assert recusado.stderr == "Erro: O valor deve ser maior que zero.\n"

    fora = inacessivel()
    sem_servico = fluxo("lancar", "e", "1", "--tentativas", "1", api_url=fora,
                        cwd=compartilhado.pasta)  # fmt: skip
    assert sem_servico.returncode == 2
    assert sem_servico.stderr == (
        f"Erro: Não foi possível conectar ao serviço de lançamentos em {fora}.\n"
    )
