"""`tui-reader rules [--dry-run]`: the config's [[rules]] over the cache as it is."""

from __future__ import annotations

import argparse

from tui_reader.cli.common import say
from tui_reader.engine.models import plural
from tui_reader.library import Library


def cmd_rules(library: Library, args: argparse.Namespace) -> int:
    """One line per rule: what it matches and what it changed (or, with --dry-run, would
    change). New articles get the rules as a refresh stores them; this is for the rest."""
    rules = library.config.rules
    if not rules:
        say("no rules: add [[rules]] with match = 'a query' and action to config.toml")
        return 0
    if args.dry_run:
        effects = library.rule_effects()
        for number, (rule, (matched, change)) in enumerate(zip(rules, effects, strict=True), 1):
            print(
                f"rule {number} ({rule.match} -> {rule.action}): "
                f"{plural(matched, 'article')} match; {change} would be {rule.done()}"
            )
        return 0
    changed = library.apply_rules()
    for number, (rule, count) in enumerate(zip(rules, changed, strict=True), 1):
        print(f"rule {number} ({rule.match} -> {rule.action}): {count} {rule.done()}")
    say("nothing else was changed" if any(changed) else "no article needed changing")
    return 0
