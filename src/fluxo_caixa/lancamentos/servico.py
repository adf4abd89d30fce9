"""The lançamentos use cases. Routes, the `fluxo-caixa` commands and tests call these.

Each use case reads the clock once, builds its unit of work (db.unit_of_work states the
contract: a pure function of the connection and of what was captured before), runs it
in one transaction, and returns domain results. Errors are the domain's own
(MovimentacaoNaoEncontrada, EstornoNaoPermitido, ChaveReutilizada, ...); mapping them to
statuses is the web layer's job (web.errors), done in one place.

Idempotency (DESIGN §4): a keyed write claims its key first, in the same transaction as
the write, and stores the answer this module encoded; a retry of the key, even one racing
the first, gets that very answer back, never "already reversed".
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from fluxo_caixa.clock import utc_now
from fluxo_caixa.contrato.consolidado import RelatorioZOut
from fluxo_caixa.contrato.dias import ReaberturaFeitaOut
from fluxo_caixa.contrato.lancamentos import (
    CaixaOut,
    CategoriaOut,
    EventoOut,
    SessaoOut,
    movimentacao_json,
)
from fluxo_caixa.db import caixas, categorias, dias, importacao, ledger, movimentacoes
from fluxo_caixa.db.engine import saudavel
from fluxo_caixa.db.ledger import KeyInUse, StoredAnswer
from fluxo_caixa.db.movimentacoes import MovimentacaoLida, Pagina
from fluxo_caixa.db.unit_of_work import Transactions
from fluxo_caixa.domain.caixa import (
    Caixa,
    CaixaFechado,
    CaixaJaAberto,
    CaixaNaoEncontrado,
    CaixaSemSessao,
    DestinoMovimento,
    Evento,
    PedidoFechamento,
    Sessao,
    SessaoNaoEncontrada,
    TipoEvento,
    abertura,
    caixa_informado,
    exigir_sangria,
    fechar,
    situacao,
)
from fluxo_caixa.domain.categoria import (
    AlteracaoVazia,
    Categoria,
    CategoriaInvalida,
    categoria_do_filtro,
)
from fluxo_caixa.domain.consolidado import Somas, exigir_ordem
from fluxo_caixa.domain.detalhado import PorCategoria, PorForma
from fluxo_caixa.domain.dia import (
    DiaInvalido,
    DiaJaFechado,
    DiaNaoFechado,
    EstadoDoDia,
    Fechamento,
    FechamentoNaoEncontrado,
    Reabertura,
    SessaoAbertaNoDia,
)
from fluxo_caixa.domain.dinheiro import formatar_brl
from fluxo_caixa.domain.idempotencia import Pedido
from fluxo_caixa.domain.movimentacao import MovimentacaoNaoEncontrada, NovaMovimentacao, Tipo
from fluxo_caixa.domain.pagamento import FormaPagamento, rotulo

CRIADA = 201  # a write's answer code, stored with a keyed answer and replayed as is
REGISTRADA = "Movimentação registrada com sucesso!"
ESTORNADA = "Estorno registrado com sucesso!"
REABERTO = "Dia reaberto: ele volta a aceitar movimentações até ser fechado de novo."
_COLLISIONS = 20  # closes racing for the next number (or the same day): run again
_PURGE_EVERY = 1000  # keyed writes between purges of expired keys
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Gravacao:
    """A write's answer: its code and encoded body (the first one, when `repetida`)."""

    codigo: int
    corpo: str
    ident: int | None
    repetida: bool = False


class Lancamentos:
    """The lançamentos use cases over one database."""

    def __init__(
        self, engine: Engine, tz: ZoneInfo, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.engine = engine
        self.tz = tz
        self.clock = clock
        self.transactions = Transactions(engine)
        self._keyed_writes = itertools.count(1)

    def hoje(self) -> date:
        return self.clock().astimezone(self.tz).date()

    # -- writes -------------------------------------------------------------

    def registrar(
        self,
        nova: NovaMovimentacao,
        pedido: Pedido | None = None,
        categoria: str | int | None = None,
        categoria_id: int | None = None,
        caixa: str | int | None = None,
    ) -> Gravacao:
        """Record `nova`; `categoria` (a name or an id) must be an active one of its tipo,
        and `categoria_id`, when given too, the same one. `caixa` (a name or an id) must
        be open; without it, the movement goes to the only open session, if exactly one."""
        agora, tz = self.clock(), self.tz

        def unit(conn: Connection) -> MovimentacaoLida:
            escolhida = _no_destino(nova, _destino(conn, caixa))
            if categoria is not None:
                achada = categorias.escolher(conn, categoria, nova.tipo)
                if categoria_id is not None and achada.id != categoria_id:
                    raise CategoriaInvalida(
                        f"categoria ('{categoria}') e categoria_id ({categoria_id}) indicam "
                        "categorias diferentes; informe só uma."
                    )
                escolhida = replace(escolhida, categoria_id=achada.id, categoria=achada.nome)
            return ledger.inserir(conn, escolhida, agora, tz)

        return self._write(unit, self._encoder(REGISTRADA), agora, pedido)

    def estornar(
        self, ident: int, descricao: str | None = None, pedido: Pedido | None = None
    ) -> Gravacao:
        agora, tz = self.clock(), self.tz
        hoje = agora.astimezone(tz).date()

        def unit(conn: Connection) -> MovimentacaoLida:
            original = movimentacoes.obter(conn, ident)
            if original is None:
                raise MovimentacaoNaoEncontrada(ident)
            estorno = original.movimentacao.estorno(hoje, descricao)
            # The money goes back through the original's caixa while it is open.
            destino = _destino_do_estorno(conn, original.movimentacao.caixa_id)
            return ledger.inserir_estorno(conn, _no_destino(estorno, destino), agora, tz)

        return self._write(unit, self._encoder(ESTORNADA), agora, pedido)

    def criar_categoria(self, nome: str, tipo: Tipo, pedido: Pedido | None = None) -> Gravacao:
        agora = self.clock()

        def unit(conn: Connection) -> Categoria:
            return categorias.criar(conn, nome, tipo)

        def encode(criada: Categoria) -> StoredAnswer:
            return StoredAnswer(CRIADA, CategoriaOut.de(criada).model_dump_json(), criada.id)

        return self._write(unit, encode, agora, pedido)

    def alterar_categoria(
        self, ident: int, nome: str | None = None, ativa: bool | None = None
    ) -> Categoria:
        """Rename and/or (de)activate: setting the same values again changes nothing."""
        if nome is None and ativa is None:
            raise AlteracaoVazia
        return self.transactions.write(lambda conn: categorias.alterar(conn, ident, nome, ativa))

    # -- controle de caixa (DESIGN §3) ----------------------------------------

    def criar_caixa(self, nome: str, pedido: Pedido | None = None) -> Gravacao:
        agora = self.clock()

        def unit(conn: Connection) -> Caixa:
            return caixas.criar_caixa(conn, nome)

        def encode(criado: Caixa) -> StoredAnswer:
            return StoredAnswer(CRIADA, CaixaOut.de(criado).model_dump_json(), criado.id)

        return self._write(unit, encode, agora, pedido)

    def abrir_caixa(
        self,
        caixa_id: int,
        contado: int | None = None,
        operador: str | None = None,
        pedido: Pedido | None = None,
    ) -> Gravacao:
        """Open a session; the unique `caixa_aberta_id` refuses a second one even in a race."""
        agora = self.clock()

        def unit(conn: Connection) -> Sessao:
            caixa = caixas.obter_caixa(conn, caixa_id)
            if caixa is None:
                raise CaixaNaoEncontrado(caixa_id)
            if caixa.aberto:
                raise CaixaJaAberto(caixa.nome)
            aberta = abertura(contado, caixas.ultimo_deixado(conn, caixa_id), operador)
            ident = caixas.abrir(conn, caixa, aberta, agora)
            return _sessao(conn, ident)

        return self._write(unit, self._sessao_encoder(), agora, pedido)

    def suprimento(
        self, caixa_id: int, valor: int, descricao: str | None = None, pedido: Pedido | None = None
    ) -> Gravacao:
        return self._evento(caixa_id, TipoEvento.SUPRIMENTO, valor, descricao, pedido)

    def sangria(
        self, caixa_id: int, valor: int, descricao: str | None = None, pedido: Pedido | None = None
    ) -> Gravacao:
        return self._evento(caixa_id, TipoEvento.SANGRIA, valor, descricao, pedido)

    def _evento(
        self,
        caixa_id: int,
        tipo: TipoEvento,
        valor: int,
        descricao: str | None,
        pedido: Pedido | None,
    ) -> Gravacao:
        agora, tz = self.clock(), self.tz

        def unit(conn: Connection) -> Evento:
            sessao_id = _travar_aberta(conn, caixa_id)
            antes = caixas.situacao_aberta(conn, sessao_id, caixas.fundo(conn, sessao_id))
            if tipo is TipoEvento.SANGRIA:
                exigir_sangria(valor, antes.esperado_dinheiro)
            ident = caixas.inserir_evento(conn, sessao_id, tipo, valor, descricao, agora)
            sinal = 1 if tipo is TipoEvento.SUPRIMENTO else -1
            caixa = caixas.obter_caixa(conn, caixa_id)
            assert caixa is not None
            return Evento(
                ident, sessao_id, caixa_id, caixa.nome, tipo, valor, descricao, agora,
                antes.esperado_dinheiro + sinal * valor,
            )  # fmt: skip

        def encode(evento: Evento) -> StoredAnswer:
            return StoredAnswer(CRIADA, EventoOut.de(evento, tz).model_dump_json(), evento.id)

        return self._write(unit, encode, agora, pedido)

    def fechar_caixa(
        self, caixa_id: int, pedido_fechamento: PedidoFechamento, pedido: Pedido | None = None
    ) -> Gravacao:
        """Count and close: the session is locked first, so no movement slips in after the
        expected cash was summed (DESIGN §3)."""
        agora = self.clock()

        def unit(conn: Connection) -> Sessao:
            sessao_id = _travar_aberta(conn, caixa_id)
            fundo = caixas.fundo(conn, sessao_id)
            movimentos = caixas.movimentos(conn, sessao_id)
            eventos = caixas.somas_eventos(conn, sessao_id)
            aberta = situacao(
                fundo, eventos[TipoEvento.SUPRIMENTO], eventos[TipoEvento.SANGRIA], movimentos
            )
            fechamento = fechar(pedido_fechamento, aberta, movimentos)
            caixas.fechar(conn, sessao_id, fechamento, agora)
            return _sessao(conn, sessao_id)

        return self._write(unit, self._sessao_encoder(), agora, pedido)

    def _sessao_encoder(self) -> Callable[[Sessao], StoredAnswer]:
        tz = self.tz

        def encode(sessao: Sessao) -> StoredAnswer:
            return StoredAnswer(CRIADA, SessaoOut.de(sessao, tz).model_dump_json(), sessao.id)

        return encode

    def caixas(self) -> list[Caixa]:
        with self.transactions.read() as conn:
            return caixas.listar_caixas(conn)

    def sessao_aberta(self, caixa_id: int) -> Sessao:
        """The X report: the open session of the caixa as it stands."""
        with self.transactions.read() as conn:
            caixa = caixas.obter_caixa(conn, caixa_id)
            if caixa is None:
                raise CaixaNaoEncontrado(caixa_id)
            if caixa.sessao_id is None:
                raise CaixaSemSessao(caixa.nome)
            return _sessao(conn, caixa.sessao_id)

    def sessao(self, ident: int) -> Sessao:
        with self.transactions.read() as conn:
            achada = caixas.obter_sessao(conn, ident)
        if achada is None:
            raise SessaoNaoEncontrada(ident)
        return achada

    def sessoes(
        self, caixa: str | int | None = None, inicio: date | None = None, fim: date | None = None
    ) -> list[Sessao]:
        """Sessions opened from `inicio` to `fim` (days in the merchant's zone), newest first."""
        exigir_ordem(inicio, fim)
        desde = None if inicio is None else datetime.combine(inicio, time(), self.tz)
        ate = None if fim is None else datetime.combine(fim + timedelta(days=1), time(), self.tz)
        with self.transactions.read() as conn:
            caixa_id = None
            if caixa is not None:
                caixa_id = caixa_informado(caixa, caixas.listar_caixas(conn)).id
            return caixas.listar_sessoes(conn, caixa_id, desde, ate)

    # -- the business day: close and reopen (issue 13) ---------------------------

    def fechar_dia(
        self, dia: date, observacao: str | None = None, pedido: Pedido | None = None
    ) -> Gravacao:
        """Close `dia` for good: a numbered, versioned snapshot (the relatório Z as JSON)."""
        agora, tz = self.clock(), self.tz
        if dia > agora.astimezone(tz).date():
            raise DiaInvalido(
                f"O dia {dia:%d/%m/%Y} ainda não chegou; só se fecha um dia de hoje para trás."
            )

        def unit(conn: Connection) -> str:
            dias.travar_dia(conn, dia)  # first: movements of the day now wait for us
            fechamentos, reaberturas = dias.contagens(conn, dia)
            if fechamentos > reaberturas:
                raise DiaJaFechado(dia, fechamentos)
            abertas = caixas.sessoes_abertas_com_movimentos_do_dia(conn, dia)
            if abertas:
                raise SessaoAbertaNoDia(dia, abertas)
            numero = dias.proximo_numero(conn)
            versao = fechamentos + 1
            livro = dias.relatorio_do_livro(conn, dia, None, numero, versao, agora, observacao)
            snapshot = RelatorioZOut.de(livro.relatorio, tz).model_dump_json()
            fechamento = Fechamento(
                numero, dia, versao, agora, observacao, livro.ultimo_lancamento_id
            )
            dias.inserir_fechamento(conn, fechamento, snapshot)
            return snapshot

        def encode(snapshot: str) -> StoredAnswer:
            return StoredAnswer(CRIADA, snapshot, None)

        return self._write_colliding(unit, encode, agora, pedido)

    def reabrir_dia(self, dia: date, motivo: str, pedido: Pedido | None = None) -> Gravacao:
        """Reopen a closed day, with a motivo kept for good; its snapshots stay as they were."""
        agora, tz = self.clock(), self.tz

        def unit(conn: Connection) -> Reabertura:
            dias.travar_dia(conn, dia)
            fechamentos, reaberturas = dias.contagens(conn, dia)
            if fechamentos <= reaberturas:
                raise DiaNaoFechado(dia)
            reabertura = Reabertura(dia, fechamentos, motivo, agora)
            dias.inserir_reabertura(conn, reabertura)
            return reabertura

        def encode(reabertura: Reabertura) -> StoredAnswer:
            out = ReaberturaFeitaOut.feita(reabertura, tz, REABERTO)
            return StoredAnswer(CRIADA, out.model_dump_json(), None)

        return self._write_colliding(unit, encode, agora, pedido)

    def dia(self, dia: date) -> EstadoDoDia:
        with self.transactions.read() as conn:
            return dias.estado(conn, dia)

    def fechamento_do_dia(self, dia: date, versao: int) -> str:
        """A stored snapshot's JSON, exactly as it was recorded."""
        with self.transactions.read() as conn:
            salvo = dias.salvo(conn, dia, versao)
        if salvo is None:
            raise FechamentoNaoEncontrado(dia, versao)
        return salvo.relatorio

    def verificar_sessoes(self) -> list[DiferencaDeSessao]:
        """Each closed session's stored figures (expected cash, suprimentos, sangrias, the
        expected amount of each forma) against its own movements and drawer events, summed
        again. Reports; a closed session is never rewritten."""
        encontradas: list[DiferencaDeSessao] = []
        with self.transactions.read() as conn:
            for ident in caixas.ids_fechadas(conn):
                sessao = caixas.obter_sessao(conn, ident)
                assert sessao is not None
                guardada = sessao.situacao
                livro = caixas.situacao_aberta(conn, ident, guardada.fundo)
                pares = [
                    ("esperado em dinheiro", sessao.esperado_dinheiro, livro.esperado_dinheiro),
                    ("suprimentos", guardada.suprimentos, livro.suprimentos),
                    ("sangrias", guardada.sangrias, livro.sangrias),
                ]
                esperados = {c.forma: c.esperado for c in livro.por_forma}
                pares += [
                    (
                        f"esperado em {rotulo(c.forma).lower()}",
                        c.esperado,
                        esperados.get(c.forma, 0),
                    )
                    for c in guardada.por_forma
                ]
                encontradas += [
                    DiferencaDeSessao(sessao.id, sessao.caixa, parte, guardado, somado)
                    for parte, guardado, somado in pares
                    if guardado != somado
                ]
        return encontradas

    def verificar_fechamentos(self) -> list[DiferencaDeFechamento]:
        """Each stored snapshot's totals against the ledger as of its close (its date's
        movements up to the last id it included). Reports; never rewrites a snapshot."""
        encontradas: list[DiferencaDeFechamento] = []
        with self.transactions.read() as conn:
            for salvo in list(dias.todos(conn)):
                f = salvo.fechamento
                try:
                    guardado = RelatorioZOut.ler(salvo.relatorio)
                except ValueError:  # pydantic's ValidationError and broken JSON alike
                    encontradas.append(
                        DiferencaDeFechamento(f, "relatório", "ilegível", "não comparado")
                    )
                    continue
                livro = dias.relatorio_do_livro(
                    conn, f.data, f.ultimo_lancamento_id, None, None, None, None
                ).relatorio
                partes = (
                    ("totais", {"": _somas(guardado.somas)}, {"": _somas(livro.somas)}),
                    ("por forma", _formas(guardado.por_forma), _formas(livro.por_forma)),
                    (
                        "por categoria",
                        _categorias(guardado.por_categoria),
                        _categorias(livro.por_categoria),
                    ),
                )
                for parte, no_snapshot, no_livro in partes:
                    for chave in sorted(set(no_snapshot) | set(no_livro)):
                        a, b = no_snapshot.get(chave, "nada"), no_livro.get(chave, "nada")
                        if a != b:
                            nome = f"{parte} ({chave})" if chave else parte
                            encontradas.append(DiferencaDeFechamento(f, nome, a, b))
        return encontradas

    def _write_colliding(
        self,
        unit: Callable[[Connection], R],
        encode: Callable[[R], StoredAnswer],
        agora: datetime,
        pedido: Pedido | None,
    ) -> Gravacao:
        """`_write`, run again when a concurrent close or reopening took the same number
        or version first: the unit then reads what it committed and decides anew."""
        for tentativa in itertools.count(1):
            try:
                return self._write(unit, encode, agora, pedido)
            except IntegrityError:
                if tentativa >= _COLLISIONS:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def importar(self, caminho: Path) -> importacao.Resultado:
        """`fluxo-caixa importar`: a seed database or our CSV, idempotent by row."""
        return importacao.importar(self.engine, caminho, self.tz, self.clock())

    def _encoder(self, mensagem: str) -> Callable[[MovimentacaoLida], StoredAnswer]:
        tz = self.tz

        def encode(lida: MovimentacaoLida) -> StoredAnswer:
            # Pure: the same movement always gives the same bytes.
            corpo = movimentacao_json(lida.movimentacao, tz, lida.estornado_por, mensagem)
            return StoredAnswer(CRIADA, corpo, lida.movimentacao.id)

        return encode

    def _write(
        self,
        unit: Callable[[Connection], R],
        encode: Callable[[R], StoredAnswer],
        agora: datetime,
        pedido: Pedido | None,
    ) -> Gravacao:
        """Run a write use case's unit; with a key, exactly once per key (DESIGN §4).

        Generic in what the unit returns: every keyed write (the coming cash-drawer ones
        too) goes through here with its own unit and its own pure `encode`.
        """
        if pedido is None:
            answer = encode(self.transactions.write(unit))
            return Gravacao(answer.code, answer.payload, answer.ref)

        keyed = _keyed(unit, encode, pedido, agora)
        while True:
            try:
                answer = self.transactions.write(keyed)
            except KeyInUse:
                continue  # a twin committed (or rolled back) first: look again
            if not answer.replayed and next(self._keyed_writes) % _PURGE_EVERY == 0:
                self.purge_expired_keys()
            return _gravacao(answer)

    def purge_expired_keys(self) -> int:
        agora = self.clock()
        return self.transactions.write(lambda conn: ledger.purge_expired_keys(conn, agora))

    # -- reads --------------------------------------------------------------

    def obter(self, ident: int) -> MovimentacaoLida:
        with self.transactions.read() as conn:
            found = movimentacoes.obter(conn, ident)
        if found is None:
            raise MovimentacaoNaoEncontrada(ident)
        return found

    def listar(
        self,
        inicio: date | None = None,
        fim: date | None = None,
        tipo: Tipo | None = None,
        limite: int = 100,
        cursor: str | None = None,
        forma: FormaPagamento | None = None,
        categoria: str | int | None = None,
        caixa: str | int | None = None,
    ) -> Pagina:
        """A page of movements; `categoria` may be any one, inactive too: history is read."""
        exigir_ordem(inicio, fim)
        with self.transactions.read() as conn:
            categoria_id = caixa_id = None
            if categoria is not None:
                categoria_id = categoria_do_filtro(categoria, categorias.listar(conn)).id
            if caixa is not None:
                caixa_id = caixa_informado(caixa, caixas.listar_caixas(conn)).id
            return movimentacoes.listar(
                conn, inicio, fim, tipo, limite, cursor, forma, categoria_id, caixa_id
            )

    def categorias(self, tipo: Tipo | None = None) -> list[Categoria]:
        with self.transactions.read() as conn:
            return categorias.listar(conn, tipo)

    def saudavel(self) -> bool:
        return saudavel(self.engine)


def _destino(conn: Connection, caixa: str | int | None) -> DestinoMovimento:
    """The caixa and session a new movement goes to, its session share-locked."""
    if caixa is not None:
        achado = caixa_informado(caixa, caixas.listar_caixas(conn))
        sessao_id = caixas.travar_sessao_aberta(conn, achado.id, exclusiva=False)
        if sessao_id is None:
            raise CaixaFechado(achado.nome)
        return DestinoMovimento(achado.id, achado.nome, sessao_id)
    abertas = caixas.travar_sessoes_abertas(conn)
    if len(abertas) != 1:
        return DestinoMovimento()
    sessao_id, caixa_id = abertas[0]
    achado_id = caixas.obter_caixa(conn, caixa_id)
    assert achado_id is not None
    return DestinoMovimento(caixa_id, achado_id.nome, sessao_id)


def _destino_do_estorno(conn: Connection, caixa_id: int | None) -> DestinoMovimento:
    if caixa_id is not None:
        sessao_id = caixas.travar_sessao_aberta(conn, caixa_id, exclusiva=False)
        if sessao_id is not None:
            caixa = caixas.obter_caixa(conn, caixa_id)
            assert caixa is not None
            return DestinoMovimento(caixa_id, caixa.nome, sessao_id)
    return _destino(conn, None)


def _no_destino(nova: NovaMovimentacao, destino: DestinoMovimento) -> NovaMovimentacao:
    return replace(
        nova, caixa_id=destino.caixa_id, caixa=destino.caixa, sessao_id=destino.sessao_id
    )


def _travar_aberta(conn: Connection, caixa_id: int) -> int:
    """Lock the caixa's open session (the unit's first read of it); 404 or 409 otherwise."""
    sessao_id = caixas.travar_sessao_aberta(conn, caixa_id)
    if sessao_id is None:
        caixa = caixas.obter_caixa(conn, caixa_id)
        if caixa is None:
            raise CaixaNaoEncontrado(caixa_id)
        raise CaixaFechado(caixa.nome)
    return sessao_id


def _sessao(conn: Connection, ident: int) -> Sessao:
    achada = caixas.obter_sessao(conn, ident)
    assert achada is not None
    return achada


@dataclass(frozen=True, slots=True)
class DiferencaDeSessao:
    """A closed session whose stored figure differs from its movements and events."""

    sessao_id: int
    caixa: str
    parte: str  # "esperado em dinheiro", "sangrias", ...
    guardado: int  # centavos, as stored at the close
    somado: int | None  # centavos, summed again (None: that forma has no movement now)


@dataclass(frozen=True, slots=True)
class DiferencaDeFechamento:
    """A stored snapshot whose figures differ from its movements in the ledger."""

    fechamento: Fechamento
    parte: str  # "totais", "por forma (pix)", "por categoria (entrada, Vendas)"
    no_snapshot: str  # the figures, as the merchant reads them ("nada": no such line)
    no_livro: str


def _valores(entradas: int, qtd_e: int, saidas: int, qtd_s: int) -> str:
    return f"entradas {formatar_brl(entradas)} ({qtd_e}), saídas {formatar_brl(saidas)} ({qtd_s})"


def _somas(s: Somas) -> str:
    return _valores(s.entradas, s.qtd_entradas, s.saidas, s.qtd_saidas)


def _formas(linhas: tuple[PorForma, ...]) -> dict[str, str]:
    return {
        rotulo(p.forma).lower(): _valores(p.entradas, p.qtd_entradas, p.saidas, p.qtd_saidas)
        for p in linhas
    }


def _categorias(linhas: tuple[PorCategoria, ...]) -> dict[str, str]:
    return {
        f"{c.tipo.value}, {c.categoria or 'sem categoria'}": (
            f"{formatar_brl(c.valor)} ({c.quantidade})"
        )
        for c in linhas
    }


def _keyed(
    unit: Callable[[Connection], R],
    encode: Callable[[R], StoredAnswer],
    pedido: Pedido,
    agora: datetime,
) -> Callable[[Connection], StoredAnswer]:
    """The answer stored under the key (a replay); else the unit, its key claimed first and
    its encoded answer stored, in one transaction. Looking inside the write's own
    transaction spares a read transaction of its own per keyed request."""

    def keyed(conn: Connection) -> StoredAnswer:
        found = ledger.find_answer(conn, pedido, agora)
        if found.answer is not None:
            return found.answer
        ledger.claim_key(conn, pedido, agora, replace_expired=found.expired)
        answer = encode(unit(conn))
        ledger.save_answer(conn, pedido.chave, answer)
        return answer

    return keyed


def _gravacao(answer: StoredAnswer) -> Gravacao:
    return Gravacao(answer.code, answer.payload, answer.ref, answer.replayed)
