"""Run slots: no more request threads run at once than there are slots, unless one lends."""

from __future__ import annotations

import threading

from fluxo_caixa.db.slots import Slots, lend
from fluxo_caixa.web.front import _Threads


def _taker(slots: Slots, took: threading.Event) -> threading.Thread:
    def take() -> None:
        slots.take()
        took.set()

    thread = threading.Thread(target=take, daemon=True)
    thread.start()
    return thread


def test_a_thread_waits_while_every_slot_is_held_and_runs_once_one_is_lent() -> None:
    slots = Slots(1)
    slots.take()
    took = threading.Event()
    other = _taker(slots, took)
    assert not took.wait(0.2)
    lend()
    assert took.wait(5)
    other.join(5)


def test_the_holder_keeps_its_slot_from_one_request_to_the_next() -> None:
    slots = Slots(1)
    done = threading.Event()

    def twice() -> None:
        slots.take()
        slots.take()  # would wait forever on a slot it holds itself
        done.set()

    threading.Thread(target=twice, daemon=True).start()
    assert done.wait(5)


def test_lending_without_a_slot_frees_none() -> None:
    slots = Slots(1)
    holder_ready, release = threading.Event(), threading.Event()

    def holder() -> None:
        slots.take()
        holder_ready.set()
        release.wait(5)

    threading.Thread(target=holder, daemon=True).start()
    assert holder_ready.wait(5)
    lend()  # this thread holds no slot: nothing to lend
    took = threading.Event()
    _taker(slots, took)
    assert not took.wait(0.2)
    release.set()


def test_stopping_ends_every_thread_even_those_waiting_for_a_slot() -> None:
    pool = _Threads(running=2, waiting=5)
    pool.stop()
    assert not any(thread.is_alive() for thread in pool.threads)
