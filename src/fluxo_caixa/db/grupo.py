"""Group commit: the writes of many requests in one transaction and one commit.

SQLite takes one writer at a time, and with `synchronous=FULL` each COMMIT waits for the
disk (an fsync of the WAL, often a millisecond or more). Committing requests one by one
caps a service at about one thousand writes per second however many threads it has.
PostgreSQL and MariaDB take many writers, but every movement of a day updates that day's
saldo row, and its lock is held until the commit: requests one by one queue on it, each
waiting for the one before to send its last statements, commit and be scheduled again
(measured: about 300 writes per second whatever the threads, on a busy 2-core machine).

Here each request hands its unit of work to the process's writer thread, which runs every
waiting unit in one transaction, commits once, and only then wakes the requests up: every
answer still means "committed" (on disk). Should a unit fail, the batch is rolled back and
run again with each unit under its own SAVEPOINT, so a failure stays the failing request's
alone. So a unit may run twice: db.unit_of_work states the contract that makes this safe.
"""

from __future__ import annotations

import queue
import threading
import time
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlalchemy import Engine

from fluxo_caixa.db.engine import WRITE
from fluxo_caixa.db.slots import lend

if TYPE_CHECKING:
    from fluxo_caixa.db.unit_of_work import UnitOfWork

T = TypeVar("T")
MAX_BATCH = 64
# How long a batch may wait for the writers of the last one, as a multiple of how long the
# last batch took (measured with 8 request threads, wrk with 32 connections: 0 < 0.5 < 1 < 2
# in throughput, each step by 5 to 10%). A lone writer (the last batch had one) never waits.
ESPERA = 2.0


class _Job(Generic[T]):
    __slots__ = ("done", "error", "result", "work")

    def __init__(self, work: UnitOfWork[T]) -> None:
        self.work = work
        self.done = threading.Event()
        self.result: T | None = None
        self.error: BaseException | None = None


class CommitGroup:
    """One writer thread per process and engine; callers block until their batch commits."""

    def __init__(self, engine: Engine, max_batch: int = MAX_BATCH) -> None:
        self.engine = engine
        self.max_batch = max_batch
        self._queue: queue.SimpleQueue[_Job[Any]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def run(self, work: UnitOfWork[T]) -> T:
        """Run `work` inside a shared write transaction; return once it is committed."""
        job: _Job[T] = _Job(work)
        self._ensure_writer()
        self._queue.put(job)
        lend()  # another request runs meanwhile, and may join the next batch
        job.done.wait()
        if job.error is not None:
            raise job.error
        return job.result  # type: ignore[return-value]

    def _ensure_writer(self) -> None:
        # Started lazily: granian forks or spawns workers after the app may have been built.
        if self._thread is not None and self._thread.is_alive():
            return
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._loop, name="fluxo-grupo-commit", daemon=True
                )
                self._thread.start()

    def _loop(self) -> None:
        anterior = 1  # the last batch's size: about how many requests keep writing
        duracao = 0.0  # how long the last batch took, its fsync mostly
        while True:
            batch = [self._queue.get()]
            self._drain(batch)
            if len(batch) < min(anterior, self.max_batch):
                # Under load, a commit wakes its batch's requests all at once and the
                # first of them to write again would find the writer idle: a batch of one
                # and a whole commit for it, while the others queue up behind. Waiting for
                # them (they come back within about a batch's time) keeps the batches full.
                self._await_more(batch, min(anterior, self.max_batch), duracao * ESPERA)
            inicio = time.perf_counter()
            self._commit(batch)
            duracao = time.perf_counter() - inicio
            anterior = len(batch)

    def _drain(self, batch: list[_Job[Any]]) -> None:
        while len(batch) < self.max_batch:
            try:
                batch.append(self._queue.get_nowait())
            except queue.Empty:
                return

    def _await_more(self, batch: list[_Job[Any]], size: int, seconds: float) -> None:
        deadline = time.perf_counter() + seconds
        while len(batch) < size:
            left = deadline - time.perf_counter()
            if left <= 0:
                return
            try:
                batch.append(self._queue.get(timeout=left))
            except queue.Empty:
                return
            self._drain(batch)

    def _commit(self, batch: list[_Job[Any]]) -> None:
        try:
            try:
                # Units rarely fail (validation comes first), so first without savepoints:
                # two statements less per unit. Any failure reruns the batch, each unit alone.
                self._transaction(batch, isolated=False)
            except _UnitFailed:
                self._transaction(batch, isolated=True)
        except BaseException as erro:
            # BEGIN or COMMIT failed: nothing of this batch is on disk, whatever ran.
            for job in batch:
                job.result = None
                job.error = erro
        finally:
            for job in batch:
                job.done.set()

    def _transaction(self, batch: list[_Job[Any]], isolated: bool) -> None:
        with (
            self.engine.connect().execution_options(**{WRITE: True}) as conn,
            conn.begin(),
        ):
            for job in batch:
                job.result, job.error = None, None
                if not isolated:
                    try:
                        job.result = job.work(conn)
                    except BaseException as erro:
                        raise _UnitFailed from erro  # rolls the whole transaction back
                    continue
                savepoint = conn.begin_nested()
                try:
                    job.result = job.work(conn)
                except BaseException as erro:  # handed to the caller, re-raised there
                    savepoint.rollback()
                    job.error = erro
                else:
                    savepoint.commit()


class _UnitFailed(Exception):
    """A unit failed in a batch run without savepoints: run it again, each unit alone."""
