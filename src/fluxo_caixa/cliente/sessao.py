"""The interactive loop of the seed's cliente.py, free of any terminal.

The seed's flow: ask the tipo, ask the valor, send it to the API, ask whether to enter
new data; yes starts again, no ends. Input and output are injected functions, so tests
drive the whole loop with a list of answers. `ler(prompt)` returns one line and raises
EOFError (Ctrl-D) or KeyboardInterrupt (Ctrl-C) like `input`; `escrever(texto, estilo)`
prints one line, `estilo` being one of ESTILOS (the front decides what they look like).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from fluxo_caixa.cliente.api import (
    CategoriaLida,
    EntradaInvalida,
    ErroCliente,
    MovimentacaoRegistrada,
    PedidoMovimentacao,
    PedidoRecusado,
    ServicoIndisponivel,
    Servicos,
)
from fluxo_caixa.cliente.entrada import (
    descricao_digitada,
    escolha_digitada,
    forma_digitada,
    sim_ou_nao,
    tipo_digitado,
    valor_digitado,
)
from fluxo_caixa.cliente.formato import data_br, no_caixa, rotulo, visivel
from fluxo_caixa.domain.dinheiro import formatar_brl
from fluxo_caixa.domain.movimentacao import Tipo
from fluxo_caixa.domain.pagamento import FormaPagamento
from fluxo_caixa.domain.pagamento import rotulo as rotulo_forma

Ler = Callable[[str], str]
Escrever = Callable[[str, str], None]
T = TypeVar("T")

ESTILOS = ("", "erro", "sucesso", "aviso")
PROMPT_TIPO = "Tipo (entrada/saida): "
PROMPT_VALOR = "Valor (R$): "
PROMPT_FORMA = "Forma de pagamento (Enter = dinheiro; d, p, db, cr, b, t, o): "
PROMPT_CATEGORIA = "Categoria (número, Enter = nenhuma): "
PROMPT_CAIXA = "Caixa (número, Enter = nenhum): "
PROMPT_DESCRICAO = "Descrição (opcional, Enter pula): "
PROMPT_REENVIAR = "Tentar enviar de novo? (s/n): "
PROMPT_NOVOS_DADOS = "Deseja inserir novos dados? (s/n): "
DESPEDIDA = "Até logo!"
# After a save the merchant waits for the balance; a slow consolidado must not hold them.
TIMEOUT_CONSOLIDADO = 3.0


class Sessao:
    """One run of the loop; `executar` returns the exit status (always 0: quitting is normal)."""

    def __init__(
        self,
        servicos: Servicos,
        ler: Ler,
        escrever: Escrever,
        *,
        timeout_consolidado: float = TIMEOUT_CONSOLIDADO,
    ) -> None:
        self.servicos = servicos
        self._ler = ler
        # Every line through `visivel`: an answer echoed back, a descricao or a message
        # from the service never sends the terminal a control sequence.
        self._escrever: Escrever = lambda texto, estilo: escrever(visivel(texto), estilo)
        self._timeout_consolidado = timeout_consolidado
        # The movement sent but not confirmed, if the person leaves while it is in doubt.
        self._pendente: PedidoMovimentacao | None = None

    def executar(self) -> int:
        self._escrever(f"Fluxo de Caixa: lançamentos em {self.servicos.api_url}", "")
        self._escrever("Ctrl-C ou Ctrl-D encerra a qualquer momento.", "")
        try:
            while True:
                self._lancamento()
                if not self._perguntar(PROMPT_NOVOS_DADOS, sim_ou_nao):
                    break
        except (KeyboardInterrupt, EOFError):
            # The cursor is still on the prompt line after ^C / ^D.
            self._escrever("", "")
        if self._pendente is not None:
            self._avisar_pendente(self._pendente)
        self._escrever(DESPEDIDA, "")
        return 0

    def _perguntar(self, prompt: str, interpretar: Callable[[str], T]) -> T:
        """Ask until the answer makes sense; each refusal says why and what is expected."""
        while True:
            resposta = self._ler(prompt)
            try:
                return interpretar(resposta)
            except EntradaInvalida as erro:
                self._escrever(str(erro), "erro")

    def _lancamento(self) -> None:
        tipo = self._perguntar(PROMPT_TIPO, tipo_digitado)
        valor = self._perguntar(PROMPT_VALOR, valor_digitado)
        forma = self._perguntar(
            PROMPT_FORMA, lambda texto: forma_digitada(texto, FormaPagamento.DINHEIRO)
        )
        categoria = self._categoria(tipo)
        caixa = self._caixa()
        descricao = self._perguntar(PROMPT_DESCRICAO, descricao_digitada)
        pedido = PedidoMovimentacao(
            tipo,
            valor,
            descricao,
            forma_pagamento=forma,
            categoria=categoria.id if categoria is not None else None,
            caixa=caixa,
        )
        registrada = self._enviar(pedido)
        if registrada is not None:
            self._mostrar(registrada)
            self._mostrar_saldo(registrada)

    def _categoria(self, tipo: Tipo) -> CategoriaLida | None:
        """A numbered list of the tipo's active categorias, fresh from the service."""
        try:
            ativas = [c for c in self.servicos.categorias(tipo) if c.ativa]
        except ErroCliente as erro:
            self._escrever(f"Categorias indisponíveis: {erro}", "aviso")
            self._escrever("O lançamento segue sem categoria.", "aviso")
            return None
        if not ativas:
            return None
        self._escrever(f"Categorias de {rotulo(tipo)}:", "")
        for numero, categoria in enumerate(ativas, start=1):
            self._escrever(f"  {numero}. {categoria.nome}", "")
        escolha = self._perguntar(
            PROMPT_CATEGORIA, lambda texto: escolha_digitada(texto, len(ativas))
        )
        return None if escolha is None else ativas[escolha]

    def _caixa(self) -> str | None:
        """With several caixas open the service cannot guess the drawer: ask. With one (or
        none, or the list unreadable) send none: the service puts the movement in the only
        open session, if any, as before."""
        try:
            abertos = self.servicos.caixas_abertos()
        except ErroCliente:
            return None
        if len(abertos) < 2:
            return None
        self._escrever("Caixas abertos:", "")
        for numero, nome in enumerate(abertos, start=1):
            self._escrever(f"  {numero}. {nome}", "")
        escolha = self._perguntar(
            PROMPT_CAIXA, lambda texto: escolha_digitada(texto, len(abertos), "nenhum")
        )
        return None if escolha is None else abertos[escolha]

    def _enviar(self, pedido: PedidoMovimentacao) -> MovimentacaoRegistrada | None:
        """Send until confirmed or the person gives up; every attempt carries the same key."""
        self._pendente = pedido
        while True:
            try:
                registrada = self.servicos.registrar(pedido)
            except ServicoIndisponivel as erro:
                self._escrever(str(erro), "erro")
                self._escrever(
                    f"O lançamento ({rotulo(pedido.tipo)} de "
                    f"{formatar_brl(pedido.valor_centavos)}) ainda não foi confirmado.",
                    "aviso",
                )
                if self._perguntar(PROMPT_REENVIAR, sim_ou_nao):
                    continue
                self._avisar_pendente(pedido)
                self._pendente = None
                return None
            except PedidoRecusado as erro:
                self._pendente = None
                self._escrever(f"O serviço recusou o lançamento: {erro}", "erro")
                if erro.status == 401:
                    self._escrever("Defina FLUXO_API_TOKEN com o token do serviço.", "aviso")
                return None
            self._pendente = None
            return registrada

    def _avisar_pendente(self, pedido: PedidoMovimentacao) -> None:
        self._escrever(
            f"Lançamento não confirmado: {rotulo(pedido.tipo)} de "
            f"{formatar_brl(pedido.valor_centavos)}. Se o serviço chegou a recebê-lo, ele "
            "aparece em 'fluxo-caixa extrato'; confira antes de lançá-lo de novo.",
            "aviso",
        )

    def _mostrar(self, mov: MovimentacaoRegistrada) -> None:
        resumo = f"{rotulo(mov.tipo)} de {formatar_brl(mov.valor_centavos)} em {data_br(mov.data)}"
        resumo += f", {rotulo_forma(mov.forma_pagamento)}, {mov.categoria or 'sem categoria'}"
        if mov.descricao:
            resumo += f" ({mov.descricao})"
        resumo += no_caixa(mov.json)
        if mov.repetida:
            self._escrever(
                f"Movimentação {mov.id} já estava registrada: {resumo}. "
                "O envio anterior chegou ao servidor; nada foi gravado em dobro.",
                "sucesso",
            )
        else:
            self._escrever(f"Movimentação {mov.id} registrada: {resumo}.", "sucesso")

    def _mostrar_saldo(self, mov: MovimentacaoRegistrada) -> None:
        try:
            saldo = self.servicos.saldo_do_dia(mov.data, timeout=self._timeout_consolidado)
        except ErroCliente as erro:
            self._escrever(f"Saldo do dia indisponível: {erro}", "aviso")
            return
        self._escrever(
            f"Saldo do dia {data_br(saldo.data)}: {formatar_brl(saldo.saldo_dia)} "
            f"(entradas {formatar_brl(saldo.entradas)}, saídas {formatar_brl(saldo.saidas)}); "
            f"saldo final {formatar_brl(saldo.saldo_final)}.",
            "",
        )
