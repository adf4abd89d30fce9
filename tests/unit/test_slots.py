"""Run slots: no more request threads run at once than there are slots, unless one lends."""

from __future__ import annotations

import asyncio
import contextvars
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


def _request_thread_pool_runs(running: int, waiting: int) -> tuple[bool, str]:
    """A long request that lends its slot, then a short one: whether the short one was
    answered while the long one still ran, and the long one's answer."""

    async def both() -> tuple[bool, str]:
        pool = _Threads(running=running, waiting=waiting)
        loop = asyncio.get_running_loop()
        fim_do_longo = threading.Event()

        def longo() -> str:
            lend()  # as a workbook export does before writing for minutes
            fim_do_longo.wait(5)
            return "longo"

        longa, curta = loop.create_future(), loop.create_future()
        pool.jobs.put((loop, longa, contextvars.copy_context(), longo, ()))
        pool.jobs.put((loop, curta, contextvars.copy_context(), lambda: "curto", ()))
        try:
            await asyncio.wait_for(asyncio.shield(curta), 1)
            respondida = True
        except TimeoutError:
            respondida = False
        fim_do_longo.set()
        resposta = await longa
        await curta
        pool.stop()
        return respondida, resposta

    return asyncio.run(both())


def test_a_request_lending_its_slot_lets_a_spare_thread_answer_the_next() -> None:
    assert _request_thread_pool_runs(running=1, waiting=1) == (True, "longo")


def test_without_a_spare_thread_the_lent_slot_serves_nobody() -> None:
    # The control: the next request waits for the long one, whatever was lent.
    assert _request_thread_pool_runs(running=1, waiting=0) == (False, "longo")
