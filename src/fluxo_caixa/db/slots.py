"""Run slots: how many request threads of a worker run at once, and lending one while blocked.

A worker's request threads share one GIL: past a handful running at once, more threads
only add switching (measured on the 2-core box, wrk with 32 connections: GET
/movimentacao/{id} lost 30 % going from 8 to 16 threads). But a durable write spends most
of its time waiting for its batch's commit (db.grupo), an fsync away, and a waiting thread
runs nothing. So the front gives each request thread a slot to run in, and a thread about
to wait on another's work lends its slot meanwhile: another request is parsed and queued
for the next batch while this one reaches the disk. A lender finishes its request (its
answer, its log line) without a slot, so for that short while more threads than slots
run; none starts a request without one. (Taking a slot back after the wait would need a
holder to give one up, and holders keep theirs from one request to the next, so that a
read pays no handoff.)

It imports nothing of ours: the web front holds the slots and the group commit lends
them, neither knowing the other; it sits in db/ because db imports only itself and the
domain.
"""

from __future__ import annotations

import queue
import threading

_current = threading.local()


class Slots:
    """At most `count` threads hold a slot at a time; a thread keeps its slot from one
    request to the next (no handoff on the way of a read) until it lends it."""

    def __init__(self, count: int) -> None:
        # A counting semaphore in C (threading.Semaphore is Python over a Condition, and
        # a lent slot changes hands on every durable write).
        self._free: queue.SimpleQueue[None] = queue.SimpleQueue()
        self.add(count)

    def take(self) -> None:
        """Hold a slot (waiting for one if none is free), unless this thread already does."""
        if getattr(_current, "slots", None) is not self:
            self._free.get()
            _current.slots = self

    def add(self, count: int) -> None:
        """`count` more slots: at shutdown, so that every thread waiting for one wakes up."""
        for _ in range(count):
            self._free.put(None)


def lend() -> None:
    """Before a wait on another thread's work, or before long work (a workbook, a PDF):
    the calling thread's slot, if it holds one, goes to another request. The caller goes
    on without one to the end of its request and takes a slot again before its next one."""
    slots: Slots | None = getattr(_current, "slots", None)
    if slots is not None:
        _current.slots = None
        slots._free.put(None)
