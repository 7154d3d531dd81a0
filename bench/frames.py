"""Key-press cost in the Textual app: headless, in-process, timed by the app's own screen updates.

`pilot.press` + `pilot.pause()` waits for the app to go idle in 20 ms sleeps, so its wall time
is quantised and says little. Instead every screen update is timestamped (App._display is
wrapped) and, for each key, we report:
    first    key posted -> first screen update (the cursor visibly moved)
    reader   key posted -> first screen update with the new article in the reader pane
    settled  key posted -> last screen update before idle (the related pane too)
    cpu      process CPU time (all threads) spent on the key
    hold     j sent 30 times at 30/s (a held key), then: last key -> the reader shows the
             article under the cursor (and -> last screen update)
Headless Textual skips turning updates into terminal bytes; the driver is told it is not
headless so that work is counted too (the bytes still go nowhere).
"""

from __future__ import annotations

import statistics
import time
from typing import Any, ClassVar

# (key, presses, rest): with rest, each press also waits out the app's delayed work (the
# related pane) so "settled" sees it; results for those go under "<key>_rest".
KEYS = (
    ("j", 200, False),
    ("k", 50, False),
    *((("G", 1, False), ("g", 1, False)) * 5),
    ("j", 30, True),
    ("pagedown", 20, False),
)
HOLD = 30  # key repeats in the "hold j" test, sent at REPEAT_HZ without waiting
REPEAT_HZ = 30


def _summary(values: list[float]) -> dict[str, float]:
    ms = sorted(v * 1000 for v in values)
    if not ms:
        return {"median_ms": float("nan"), "p95_ms": float("nan"), "max_ms": float("nan")}
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return {"median_ms": statistics.median(ms), "p95_ms": p95, "max_ms": ms[-1]}


async def drive(
    app: Any,
    keys: tuple[tuple[str, int, bool], ...] = KEYS,
    rest: float = 0.25,
    size: tuple[int, int] = (120, 40),
    hold: bool = True,
) -> dict[str, Any]:
    """Run `app` headless, press each key `count` times, time every press."""
    import asyncio

    from textual.drivers.headless_driver import HeadlessDriver

    HeadlessDriver.is_headless = property(lambda self: False)  # type: ignore[method-assign,assignment]
    updates: list[tuple[float, object]] = []  # (when, id of the article in the reader)
    results: dict[str, Any] = {}
    async with app.run_test(size=size) as pilot:
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is not None:
                updates.append((time.perf_counter(), _reader_article(app)))

        app._display = display
        await pilot.pause(0.5)
        await pilot.pause()
        samples: dict[str, dict[str, list[float]]] = {}
        for key, count, resting in keys:
            name = f"{key}_rest" if resting else key
            got = samples.setdefault(name, {"first": [], "reader": [], "settled": [], "cpu": []})
            for _ in range(count):
                updates.clear()
                before = _reader_article(app)
                cpu0 = time.process_time()
                t0 = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                if resting:
                    await asyncio.sleep(rest)
                    await pilot.pause()
                got["cpu"].append(time.process_time() - cpu0)
                if updates:
                    got["first"].append(updates[0][0] - t0)
                    got["settled"].append(updates[-1][0] - t0)
                    shown = next((t for t, aid in updates if aid != before), None)
                    if shown is not None:
                        got["reader"].append(shown - t0)
        for key, got in samples.items():
            results[key] = {"n": len(got["cpu"]), "updated": len(got["settled"])}
            results[key] |= {kind: _summary(values) for kind, values in got.items()}
        if hold:
            results["hold"] = await _hold(app, pilot, updates)
    return results


def _reader_article(app: Any) -> object:
    """The id of the article the reader pane shows (None when it shows none)."""
    main = getattr(app, "main", None)  # tui-reader's main screen; the floor app has none
    article = getattr(getattr(main, "reader", None), "article", None)
    return getattr(article, "id", None)


async def _hold(app: Any, pilot: Any, updates: list[tuple[float, object]]) -> dict[str, float]:
    """Hold j (HOLD repeats at REPEAT_HZ), 3 times: after the last repeat, how long until the
    reader shows the article under the cursor, and until the screen settles (related too)."""
    import asyncio

    from textual import events

    articles = app.main.articles
    if articles.count <= HOLD + 1:
        raise RuntimeError(f"hold j needs more than {HOLD + 1} articles in the list")
    lags: list[float] = []
    settles: list[float] = []
    for _ in range(3):
        await pilot.press("g")
        await pilot.pause()
        updates.clear()
        last_sent = time.perf_counter()
        for _ in range(HOLD):
            key = events.Key("j", "j")
            key.set_sender(app)
            last_sent = time.perf_counter()  # the clock starts at the LAST repeat, as sent
            app._driver.send_message(key)
            await asyncio.sleep(1 / REPEAT_HZ)
        # Wait (bounded) until the reader shows the article under the cursor after the last
        # repeat; a hold that never gets there is a failed measurement, never a 0.
        deadline = time.perf_counter() + 5.0
        shown = None
        while shown is None and time.perf_counter() < deadline:
            await pilot.pause(0.01)
            final = articles.current.id if articles.current is not None else None
            shown = next((t for t, aid in updates if aid == final and t >= last_sent), None)
            if shown is None and _reader_article(app) == final and final is not None:
                # Shown before the last repeat was even sent: the app kept up; the lag is the
                # time from that key to the screen update that followed it.
                after = [t for t, _ in updates if t >= last_sent]
                shown = after[0] if after else None
        if shown is None:
            raise RuntimeError("hold j: the reader never showed the article under the cursor")
        lags.append(shown - last_sent)
        await pilot.pause(0.3)
        settles.append(updates[-1][0] - last_sent)
    return {
        "lag_ms": 1000 * statistics.median(lags),
        "settle_ms": 1000 * statistics.median(settles),
        "repeats": HOLD,
        "hz": REPEAT_HZ,
    }


def trivial_app() -> Any:
    """The floor: a Textual app whose j changes one line of text."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Counter(App[None]):
        BINDINGS: ClassVar = [
            ("j", "bump"),
            ("k", "bump"),
            ("G", "bump"),
            ("g", "bump"),
            ("pagedown", "bump"),
        ]

        def compose(self) -> ComposeResult:
            yield Static("0", id="n")

        def action_bump(self) -> None:
            label = self.query_one("#n", Static)
            label.update(str(int(str(label.render())) + 1))

    return Counter()
