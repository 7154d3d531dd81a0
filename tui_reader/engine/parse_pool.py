"""Parse feeds on every core, each within a deadline.

feedparser is pure Python: a big or hostile document can hold the GIL for seconds, and a
thread cannot be stopped. So documents are parsed in worker processes; when one takes too
long, the workers are killed and the pool is started again. Workers come from forkserver
(or spawn), never fork: the app has threads. Each worker may be given an address-space
limit so an amplification bomb fails with MemoryError instead of eating the machine.

Small documents go through the pool too: the round trip costs under a millisecond (1.6 ms
vs 0.8 ms in-thread for a 2 KB feed) and leaves the UI process's GIL alone. As with any
spawn/forkserver pool, the program's main module must not start the app on import.
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
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType

from tui_reader.engine.errors import ParseError
from tui_reader.engine.models import ParsedFeed
from tui_reader.engine.parse import parse_feed
from tui_reader.engine.xml_prep import load_feedparser

__all__ = ["MEMORY_LIMIT", "ParsePool", "parse_with_deadline", "start_helpers"]

MEMORY_LIMIT = 1_500_000_000  # bytes of address space per worker


class ParsePool:
    """A process pool for `parse_feed` with a per-document deadline.

    Use `async with ParsePool() as pool: feed = await pool.parse(body, url, ctype)`.
    At most `max_workers` documents are handed over at a time, so a document's deadline
    starts when a worker takes it, not while it waits behind others.
    """

    def __init__(self, max_workers: int | None = None, memory_limit: int | None = MEMORY_LIMIT):
        self.max_workers = max_workers or os.cpu_count() or 2
        self.memory_limit = memory_limit
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._generation = 0  # bumped on every restart; tells our kill from a real crash
        self._slots: asyncio.Semaphore | None = None
        self._slots_loop: asyncio.AbstractEventLoop | None = None
        self._busy = 0  # documents in workers now; close() kills rather than waits for them

    async def parse(
        self, body: bytes, url: str, content_type: str | None, timeout: float = 20.0
    ) -> ParsedFeed:
        """Parse in a worker; ParseError if the document is no feed, too slow or fatal."""
        loop = asyncio.get_running_loop()
        if self._slots is None or self._slots_loop is not loop:  # a semaphore is per loop
            self._slots, self._slots_loop = asyncio.Semaphore(self.max_workers), loop
        async with self._slots:
            try:
                return await self._run(body, url, content_type, timeout)
            except BrokenProcessPool:
                pass  # killed for another document's deadline, or a worker died: once more
            try:
                return await self._run(body, url, content_type, timeout)
            except BrokenProcessPool:
                raise ParseError(_CRASHED) from None

    def parse_sync(
        self, body: bytes, url: str, content_type: str | None, timeout: float = 20.0
    ) -> ParsedFeed:
        """Blocking form of `parse` for callers without an event loop (one at a time)."""
        executor, generation = self._current()
        with self._working():
            future = self._submit(executor, body, url, content_type)
            try:
                return future.result(timeout)
            except FutureTimeout:
                self._restart(generation)
                raise ParseError(_too_slow(timeout)) from None
            except BrokenProcessPool:
                self._restart(generation)
                raise ParseError(_CRASHED) from None

    def close(self, *, kill: bool = False) -> None:
        """Stop the workers, killed if still busy (nothing they do outlives the pool) or if
        `kill`: a cancelled parse is no longer counted busy, but its worker still runs."""
        with self._lock:
            executor, self._executor = self._executor, None
            self._generation += 1
        if executor is not None:
            if kill or self._busy:
                _kill(executor)
            executor.shutdown(wait=True, cancel_futures=True)

    async def __aenter__(self) -> ParsePool:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await asyncio.to_thread(self.close)

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _current(self) -> tuple[ProcessPoolExecutor, int]:
        with self._lock:
            if self._executor is None:
                self._executor = _new_executor(self.max_workers, self.memory_limit)
            return self._executor, self._generation

    async def _run(
        self, body: bytes, url: str, content_type: str | None, timeout: float
    ) -> ParsedFeed:
        executor, generation = self._current()
        with self._working():
            try:
                future = self._submit(executor, body, url, content_type)
                return await asyncio.wait_for(asyncio.wrap_future(future), timeout)
            except TimeoutError:
                self._restart(generation)
                raise ParseError(_too_slow(timeout)) from None
            except BrokenProcessPool:
                self._restart(generation)
                raise

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
    def _submit(
        executor: ProcessPoolExecutor, body: bytes, url: str, content_type: str | None
    ) -> Future[ParsedFeed]:
        try:
            with _sigint_blocked():  # submit starts the workers
                return executor.submit(_parse_in_worker, body, url, content_type)
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


def parse_with_deadline(
    body: bytes, url: str = "", content_type: str | None = None, timeout: float = 20.0
) -> ParsedFeed:
    """Parse one document in a throw-away worker (costs a process start; for one-offs)."""
    with ParsePool(max_workers=1) as pool:
        return pool.parse_sync(body, url, content_type, timeout)


_CRASHED = "the parser crashed on this document (out of memory?); skipped"


def _too_slow(timeout: float) -> str:
    return f"parse took too long (over {timeout:g} s); skipped"


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


def _parse_in_worker(body: bytes, url: str, content_type: str | None) -> ParsedFeed:
    try:
        return parse_feed(body, url, content_type)
    except ParseError:
        raise
    except MemoryError:
        raise ParseError("document needs too much memory to parse; skipped") from None
    except RecursionError:
        raise ParseError("document nested too deeply to parse; skipped") from None
    except Exception as exc:  # a bug of ours must not look like a crash of the pool
        raise ParseError(f"not a feed: parser failed ({type(exc).__name__})") from None
