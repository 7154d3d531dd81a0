"""The results table: one Line per measurement, both programs side by side, checked on target.

Rules for `ok?`:
    ("max", x)      tui-reader's value is at most x
    ("min", x)      tui-reader's value is at least x
    ("below_nb", 1) tui-reader's value is below newsboat's
    ("speedup", k)  newsboat's value is at least k times tui-reader's
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Line:
    what: str
    unit: str  # "s", "ms", "MB", "%", "" (a count)
    target: str = ""
    rule: tuple[str, float] | None = None
    tui: float | None = None
    nb: float | None = None
    tui_na: str = ""  # why tui-reader has no value
    nb_na: str = ""  # why newsboat has no value
    notes: list[str] = field(default_factory=list)
    profile: str = ""  # the recipe that profiles tui-reader's side when it misses
    key: str = ""  # which line of the target table this is (see HEADLINE)

    @property
    def ratio(self) -> float | None:
        """How many times newsboat's value is tui-reader's (above 1: tui-reader is better)."""
        if self.tui is None or self.nb is None or self.tui <= 0 or self.unit == "%":
            return None
        return self.nb / self.tui

    @property
    def ok(self) -> bool | None:
        if self.rule is None or self.tui is None:
            return None
        kind, x = self.rule
        if kind == "max":
            return self.tui <= x
        if kind == "min":
            return self.tui >= x
        if self.nb is None:
            return None
        if kind == "below_nb":
            return self.tui < self.nb
        if kind == "speedup":
            return self.nb >= x * self.tui
        raise ValueError(f"unknown rule {kind}")

    def miss_by(self) -> str:
        """How far a missed target is off, in words."""
        if self.ok is not False or self.rule is None or self.tui is None:
            return ""
        kind, x = self.rule
        if kind == "max":
            return f"{self.tui / x:.1f}x over the {fmt(x, self.unit)} limit"
        if kind == "min":
            return f"{fmt(self.tui, self.unit)} < {fmt(x, self.unit)}"
        if kind == "below_nb" and self.nb:
            return f"{self.tui / self.nb:.2f}x newsboat's"
        if kind == "speedup" and self.ratio is not None:
            return f"{self.ratio:.1f}x faster, needs {x:g}x"
        return ""


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "s":
        return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"
    if unit == "ms":
        return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"
    if unit == "MB":
        return f"{value:.1f} MB" if value < 100 else f"{value:.0f} MB"
    if unit == "%":
        return f"{value:.0f} %"
    return f"{value:,.0f}"


def _cell(value: float | None, unit: str, why: str) -> str:
    if value is None:
        why = why if len(why) <= 90 else why[:87] + "..."
        return f"n/a ({why.replace('|', '/')})" if why else "—"
    return fmt(value, unit)


def _ok(line: Line) -> str:
    return {True: "yes", False: "**NO**", None: ""}[line.ok]


# The target table of issue 12, in its order: (key, what it measures). A section sets a Line's
# `key` to put it here; a key no section measured prints as "not measured in this run".
HEADLINE = (
    ("cold", "cold refresh 200 x 50"),
    ("everyday", "everyday refresh 200 x 50 (2 new items on top of 50 known)"),
    ("warm", "warm refresh 200 x 50, all 304"),
    ("j", "list j at 100,000: key -> article shown, median"),
    ("G_cursor", "list G at 100,000: key -> cursor moved"),
    ("G_reader", "list G at 100,000: key -> article shown"),
    ("related", "related articles at 100,000 (whole cache), median"),
    ("related_first", "related articles at 100,000: the first after start"),
    ("search_filtered", "search inside a filtered view at 100,000, median"),
    ("memory_10k", "peak memory at 10,000 articles, first screen"),
    ("million_start", "1,000,000 articles: start to first screen"),
    ("million_search", "1,000,000 articles: search, median"),
    ("million_memory", "1,000,000 articles: peak memory, first screen"),
    ("million_size", "1,000,000 articles: cache size"),
)


def headline(lines: list[Line]) -> str:
    """The issue's target table: one row per HEADLINE key, from this run's lines."""
    out = [
        "| what | tui-reader | newsboat | ratio (nb/tui) | target | ok? |",
        "|---|---:|---:|---:|---|---|",
    ]
    by_key = {ln.key: ln for ln in lines if ln.key}
    for key, what in HEADLINE:
        ln = by_key.get(key) or Line(what, "", tui_na="not measured in this run")
        out.append(_row(ln, what))
    return "\n".join(out) + "\n"


def _row(ln: Line, what: str) -> str:
    ratio = f"{ln.ratio:.1f}x" if ln.ratio is not None else ""
    return (
        f"| {what} | {_cell(ln.tui, ln.unit, ln.tui_na)} | "
        f"{_cell(ln.nb, ln.unit, ln.nb_na)} | {ratio} | {ln.target} | {_ok(ln)} |"
    )


def markdown(lines: list[Line], header: str = "") -> str:
    out = [header] if header else []
    out.append("| what | tui-reader | newsboat | ratio (nb/tui) | target | ok? |")
    out.append("|---|---:|---:|---:|---|---|")
    out += [_row(ln, ln.what) for ln in lines]
    notes = [(ln.what, n) for ln in lines for n in ln.notes]
    if notes:
        out.append("")
        out.append("Notes:")
        out += [f"- {what}: {note}" for what, note in notes]
    misses = [ln for ln in lines if ln.ok is False]
    if misses:
        out.append("")
        out.append("Missed targets:")
        out += [f"- {ln.what}: {ln.miss_by()}" for ln in misses]
    return "\n".join(out) + "\n"
