"""Turn a profile into a short hotspot list for the report.

Two inputs: py-spy's raw format (`stack;frames count` per line; every thread and worker
process, CPU samples only) when py-spy is installed, else a cProfile dump (main thread only).
"""

from __future__ import annotations

import io
import pstats
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_LINE_NO = re.compile(r":\d+\)$")


def _short(path: str) -> str:
    p = Path(path)
    try:
        return str(p.resolve().relative_to(ROOT))
    except ValueError:
        parts = p.parts
        if "site-packages" in parts:
            return "/".join(parts[parts.index("site-packages") + 1 :])
        return p.name


def _where(func: tuple[str, int, str]) -> str:
    filename, line, name = func
    if filename == "~":
        return name  # a C function, e.g. <method 'execute' of 'sqlite3.Connection' objects>
    return f"{_short(filename)}:{line}({name})"


def cprofile_hotspots(dump: Path, top: int = 12) -> list[str]:
    """Top functions by own time, then tui-reader's own functions by cumulative time."""
    stats = pstats.Stats(str(dump), stream=io.StringIO())
    total = stats.total_tt or 1e-9  # type: ignore[attr-defined]
    raw = stats.stats  # type: ignore[attr-defined]
    rows = [(tt, ct, calls, func) for func, (_, calls, tt, ct, _) in raw.items()]
    lines = [f"cProfile (main thread only), {total:.3f} s; by own time:"]
    for tt, ct, calls, func in sorted(rows, key=lambda r: -r[0])[:top]:
        lines.append(f"  {tt:8.3f} s own {ct:8.3f} s cum {calls:>9,} calls  {_where(func)}")
    ours = [r for r in rows if "tui_reader" in r[3][0]]
    lines.append("tui_reader functions by cumulative time:")
    for tt, ct, calls, func in sorted(ours, key=lambda r: -r[1])[:top]:
        lines.append(f"  {ct:8.3f} s cum {tt:8.3f} s own {calls:>9,} calls  {_where(func)}")
    return lines


def _frame(text: str) -> str:
    """'name (path/file.py:123)' -> 'name (file as short path)', line numbers dropped."""
    text = _LINE_NO.sub(")", text)
    name, _, path = text.partition(" (")
    return f"{name} ({_short(path.rstrip(')'))})" if path else name


def pyspy_hotspots(raw: Path, top: int = 12, rate: int = 250) -> list[str]:
    """Own and inclusive CPU time per function from py-spy's raw (collapsed) stacks."""
    own: Counter[str] = Counter()
    incl: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        frames = [f for f in stack.split(";") if not f.startswith(("process ", "thread "))]
        if not frames:
            continue
        total += n
        own[_frame(frames[-1])] += n
        for f in {_frame(f) for f in frames}:
            incl[f] += n
    sec = 1 / rate
    lines = [f"py-spy, all threads and processes, {total * sec:.2f} s of CPU; by own time:"]
    lines += [
        f"  {n * sec:7.2f} s {100 * n / max(total, 1):5.1f} %  {f}" for f, n in own.most_common(top)
    ]
    lines.append("tui_reader functions, inclusive:")
    ours = [(f, n) for f, n in incl.most_common() if "tui_reader/" in f]
    lines += [f"  {n * sec:7.2f} s {100 * n / max(total, 1):5.1f} %  {f}" for f, n in ours[:top]]
    return lines


def write_summary(dump: Path, title: str, out: Path, top: int = 12) -> list[str]:
    """Write the hotspot list next to the dump (as .txt) and return it."""
    body = pyspy_hotspots(dump, top) if dump.suffix == ".raw" else cprofile_hotspots(dump, top)
    lines = [f"## {title}", *body]
    out.write_text("\n".join(lines) + "\n")
    return lines
