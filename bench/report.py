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


def markdown(lines: list[Line], header: str = "") -> str:
    out = [header] if header else []
    out.append("| what | tui-reader | newsboat | ratio (nb/tui) | target | ok? |")
    out.append("|---|---:|---:|---:|---|---|")
    for ln in lines:
        ratio = f"{ln.ratio:.1f}x" if ln.ratio is not None else ""
        out.append(
            f"| {ln.what} | {_cell(ln.tui, ln.unit, ln.tui_na)} | "
            f"{_cell(ln.nb, ln.unit, ln.nb_na)} | {ratio} | {ln.target} | {_ok(ln)} |"
        )
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
