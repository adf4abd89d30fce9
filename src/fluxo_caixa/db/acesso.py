"""Who may get in: browser sessions and wrong-token counts, kept in the database.

The database, not a worker's memory, so every worker of both services sees one truth:
a session ended by "Sair" in one worker is ended in all, and a block set by one worker
holds in the others. Nothing here knows of HTTP; `web.sessions` puts it on the wire.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import Connection, Engine, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from fluxo_caixa.db.engine import leitura
from fluxo_caixa.db.tables import sessao, tentativa_acesso
from fluxo_caixa.db.unit_of_work import Transactions

T = TypeVar("T")
_RETRIES = 5

# Failures in one window that trigger a block, the window, and the first block's length.
MAX_FALHAS = 10
JANELA = timedelta(minutes=1)
PRIMEIRO_BLOQUEIO = timedelta(minutes=1)
# Each block in a row doubles the next, up to a day; a quiet day starts over.
MAX_BLOQUEIO = timedelta(days=1)
ESQUECER_APOS = timedelta(days=1)
# How often a session's last-seen instant is written (not on every request).
VISTA_A_CADA = timedelta(minutes=1)


def _hash(valor: str) -> str:
    return hashlib.sha256(valor.encode()).hexdigest()


def _write(engine: Engine, work: Callable[[Connection], T]) -> T:
    return Transactions(engine, grouped=False).write(work)


class Sessoes:
    """Sessions of one service, opened under one API token (its fingerprint)."""

    def __init__(self, engine: Engine, servico: str, impressao_token: str) -> None:
        self.engine = engine
        self.servico = servico
        self.impressao_token = impressao_token

    def abrir(self, agora: datetime, duracao: timedelta) -> str:
        """A new session; returns the random value for the cookie (stored only hashed)."""
        valor = secrets.token_urlsafe(32)
        linha = {
            "chave": _hash(valor),
            "servico": self.servico,
            "impressao_token": self.impressao_token,
            "criada_em": agora,
            "vista_em": agora,
            "expira_em": agora + duracao,
        }

        def work(conn: Connection) -> None:
            conn.execute(insert(sessao).values(**linha))
            # Ended and expired sessions go with every sign-in; no sweeper needed.
            conn.execute(delete(sessao).where(sessao.c.expira_em <= agora))

        _write(self.engine, work)
        return valor

    def valida(self, valor: str, agora: datetime) -> bool:
        """Whether `valor` is a live session of this service under the current token."""
        chave = _hash(valor)
        with leitura(self.engine) as conn:
            row = conn.execute(
                select(sessao.c.servico, sessao.c.impressao_token, sessao.c.vista_em,
                       sessao.c.expira_em).where(sessao.c.chave == chave)
            ).first()  # fmt: skip
        if row is None or row.servico != self.servico or row.expira_em <= agora:
            return False
        if not secrets.compare_digest(row.impressao_token, self.impressao_token):
            return False
        if agora - row.vista_em >= VISTA_A_CADA:
            _write(
                self.engine,
                lambda conn: conn.execute(
                    update(sessao).where(sessao.c.chave == chave).values(vista_em=agora)
                ),
            )
        return True

    def encerrar(self, valor: str) -> None:
        """End the session for good: its cookie opens nothing any more."""
        chave = _hash(valor)
        _write(
            self.engine, lambda conn: conn.execute(delete(sessao).where(sessao.c.chave == chave))
        )


@dataclass(frozen=True)
class Bloqueio:
    ate: datetime
    novo: bool  # started by this very failure (which is still answered as a failure)


class Tentativas:
    """Wrong tokens per client address: after MAX_FALHAS in JANELA, a growing block."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def bloqueados(self, agora: datetime) -> dict[str, datetime]:
        """Every address blocked now, and until when (one small read)."""
        with leitura(self.engine) as conn:
            rows = conn.execute(
                select(tentativa_acesso.c.endereco, tentativa_acesso.c.bloqueado_ate).where(
                    tentativa_acesso.c.bloqueado_ate > agora
                )
            ).all()
        return {row.endereco: row.bloqueado_ate for row in rows}

    def falhou(self, endereco: str, agora: datetime) -> Bloqueio | None:
        """Count one failure; the block it starts (or that already holds), if any."""
        endereco = endereco[:64]

        def work(conn: Connection) -> Bloqueio | None:
            row = conn.execute(
                select(tentativa_acesso)
                .where(tentativa_acesso.c.endereco == endereco)
                .with_for_update()
            ).first()
            if row is None:
                try:
                    with conn.begin_nested():
                        conn.execute(
                            insert(tentativa_acesso).values(
                                endereco=endereco, falhas=1, janela_inicio=agora,
                                bloqueios=0, bloqueado_ate=None,
                            )
                        )  # fmt: skip
                except IntegrityError:
                    # Another worker counted this address's first failure at the same time.
                    return work(conn)
                # Addresses quiet for a day are forgotten when a new one shows up.
                antigo = agora - ESQUECER_APOS
                conn.execute(
                    delete(tentativa_acesso).where(
                        tentativa_acesso.c.janela_inicio < antigo,
                        or_(
                            tentativa_acesso.c.bloqueado_ate.is_(None),
                            tentativa_acesso.c.bloqueado_ate < antigo,
                        ),
                    )
                )
                return None
            if row.bloqueado_ate is not None and row.bloqueado_ate > agora:
                return Bloqueio(row.bloqueado_ate, novo=False)
            bloqueios = row.bloqueios
            fim_do_ultimo = row.bloqueado_ate or row.janela_inicio
            if agora - fim_do_ultimo >= ESQUECER_APOS:
                bloqueios = 0
            if agora - row.janela_inicio >= JANELA:
                falhas, inicio = 1, agora
            else:
                falhas, inicio = row.falhas + 1, row.janela_inicio
            ate = None
            if falhas >= MAX_FALHAS:
                ate = agora + min(PRIMEIRO_BLOQUEIO * 2**bloqueios, MAX_BLOQUEIO)
                bloqueios, falhas, inicio = bloqueios + 1, 0, agora
            conn.execute(
                update(tentativa_acesso)
                .where(tentativa_acesso.c.endereco == endereco)
                .values(falhas=falhas, janela_inicio=inicio, bloqueios=bloqueios,
                        bloqueado_ate=ate if ate is not None else row.bloqueado_ate)
            )  # fmt: skip
            return Bloqueio(ate, novo=True) if ate is not None else None

        return _write(self.engine, work)
