"""Worker processes with a deadline and a memory cap: what the parse and extraction pools share.

A big or hostile document can hold a worker for seconds, and a thread cannot be stopped; so
the work goes to processes, and when one takes too long its pool's workers are killed and the
pool starts again. Workers come from forkserver (or spawn), never fork: the app has threads.
Each worker may be given an address-space limit, so an amplification bomb fails with
MemoryError instead of eating the machine. As with any spawn/forkserver pool, the program's
main module must not start the app on import.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import Any, Self, TypeVar

from tui_reader.engine.xml_prep import load_feedparser

__all__ = ["MEMORY_LIMIT", "WorkerPool", "start_helpers"]

MEMORY_LIMIT = 1_500_000_000  # bytes of address space per worker
T = TypeVar("T")


class WorkerPool:
    """A restartable process pool: the executor's lifetime, restarts that kill only the
    generation that overran, and a per-loop limit on documents handed over at once (so a
    document's deadline starts when a worker takes it, not while it waits behind others)."""

    def __init__(self, max_workers: int | None = None, memory_limit: int | None = MEMORY_LIMIT):
        self.max_workers = max_workers or os.cpu_count() or 2
        self.memory_limit = memory_limit
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._generation = 0  # bumped on every restart; tells our kill from a real crash
        self._slots: asyncio.Semaphore | None = None
        self._slots_loop: asyncio.AbstractEventLoop | None = None
        self._busy = 0  # documents in workers now; close() kills rather than waits for them

    def close(self, *, kill: bool = False) -> None:
        """Stop the workers, killed if still busy (nothing they do outlives the pool) or if
        `kill`: a cancelled document is no longer counted busy, but its worker still runs."""
        with self._lock:
            executor, self._executor = self._executor, None
            self._generation += 1
        if executor is not None:
            if kill or self._busy:
                _kill(executor)
            executor.shutdown(wait=True, cancel_futures=True)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await asyncio.to_thread(self.close)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _slots_here(self) -> asyncio.Semaphore:
        """At most `max_workers` documents handed over at once, on the running loop."""
        loop = asyncio.get_running_loop()
        if self._slots is None or self._slots_loop is not loop:  # a semaphore is per loop
            self._slots, self._slots_loop = asyncio.Semaphore(self.max_workers), loop
        return self._slots

    def _current(self) -> tuple[ProcessPoolExecutor, int]:
        with self._lock:
            if self._executor is None:
                self._executor = _new_executor(self.max_workers, self.memory_limit)
            return self._executor, self._generation

    @contextlib.contextmanager
    def _working(self) -> Iterator[None]:
        with self._lock:
            self._busy += 1
        try:
            yield
        finally:
            with self._lock:
                self._busy -= 1

    @staticmethod
    def _submit(executor: ProcessPoolExecutor, fn: Callable[..., T], *args: Any) -> Future[T]:
        try:
            with _sigint_blocked():  # submit starts the workers: Ctrl+C is the app's
                return executor.submit(fn, *args)
        except RuntimeError as exc:  # shut down by a restart from another thread meanwhile
            raise BrokenProcessPool(str(exc)) from None

    def _restart(self, generation: int) -> None:
        """Kill the workers of `generation` (once, however many callers ask)."""
        with self._lock:
            if generation != self._generation or self._executor is None:
                return
            executor, self._executor = self._executor, None
            self._generation += 1
        _kill(executor)
        executor.shutdown(wait=False, cancel_futures=True)


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        # The fork server imports the parser once; each worker is forked with it loaded
        # instead of importing feedparser itself while the refresh is waiting for it.
        context.set_forkserver_preload(["tui_reader.engine.parse"])
    return context


_helpers_lock = threading.Lock()


def start_helpers() -> None:
    """Start multiprocessing's resource tracker (and fork server) now, whatever sys.stderr is.

    The tracker hands `sys.stderr.fileno()` to its process; inside Textual's app.run() that is
    a capture whose fileno() is -1, and every parse then failed with "bad value(s) in
    fds_to_keep" (a first run only worked because loading the demo feeds had started the
    tracker before). Both processes keep fd 2 anyway, so /dev/null stands in for sys.stderr
    while they start. Call it early (the app does, before app.run()) to keep that window out
    of the UI's way; the pool calls it too, so nothing depends on who came first.
    """
    from multiprocessing import resource_tracker

    context = _context()
    with _helpers_lock, _sigint_blocked():
        saved = sys.stderr
        with open(os.devnull, "w") as null:
            sys.stderr = null
            try:
                resource_tracker.ensure_running()
                if context.get_start_method() == "forkserver":
                    from multiprocessing import forkserver

                    forkserver.ensure_running()
            finally:
                sys.stderr = saved


def _new_executor(workers: int, memory_limit: int | None) -> ProcessPoolExecutor:
    context = _context()
    start_helpers()
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(memory_limit, os.getpid()),
    )


def _kill(executor: ProcessPoolExecutor) -> None:
    kill_workers = getattr(executor, "kill_workers", None)  # Python 3.14+
    if kill_workers is not None:
        kill_workers()
        return
    # Before 3.14 there is no public way to stop a running worker.
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, ValueError):  # already gone
            process.kill()


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    """Hold SIGINT back from this thread while helper processes start.

    Ctrl+C reaches every process of the terminal's process group, and the fork server,
    the resource tracker and the workers would each print a KeyboardInterrupt traceback;
    the app alone should answer. A child inherits the signal mask, so one born inside this
    block never receives SIGINT, even before its own start-up code could ignore it. Here a
    Ctrl+C is only delayed until the block ends.
    """
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no process groups to worry about
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _init_worker(memory_limit: int | None, owner: int) -> None:
    # Ctrl+C is the app's to answer (see _sigint_blocked); this covers a worker started
    # without the mask, e.g. by the spawn method from another thread.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forkserver worker's parent is the fork server, and both outlive a killed app (each
    # holds a pipe end the other waits on): so each worker watches the app itself.
    threading.Thread(target=_exit_when_gone, args=(owner,), daemon=True).start()
    if memory_limit:
        try:
            import resource

            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            if hard != resource.RLIM_INFINITY:
                memory_limit = min(memory_limit, hard)
            if soft == resource.RLIM_INFINITY or soft > memory_limit:
                resource.setrlimit(resource.RLIMIT_AS, (memory_limit, hard))
        except (ImportError, ValueError, OSError):  # not on this platform: no limit
            pass
    load_feedparser()  # import and patch once, before the first deadline starts


def _exit_when_gone(owner: int, interval: float = 1.0) -> None:
    while True:
        time.sleep(interval)
        if not _alive(owner):
            os._exit(0)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: the pid exists (if reused, we linger until the next restart)
        return True
    try:  # a killed app stays a zombie until its parent reaps it: it is gone all the same
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b") ", 1)[1][:1] != b"Z"
    except (OSError, IndexError):
        return True  # no /proc (macOS): the signal test above has to do
