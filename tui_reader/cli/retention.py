"""`cleanup`: remove read articles past the [retention] limits (or --older-than), and give
the space back; with --dry-run, only say what would go."""

from __future__ import annotations

import argparse
import re

from tui_reader.cli.common import UserError
from tui_reader.engine.models import plural, size_text
from tui_reader.library import Library

_AGE = re.compile(r"(\d+)\s*([dw]?)")
SHOWN_FEEDS = 10  # feeds listed by name in the summary; the rest are counted


def age_days(text: str) -> int:
    """ "30d", "30" or "4w" as days; UserError for anything else."""
    match = _AGE.fullmatch(text.strip().lower())
    if not match:
        raise UserError(f"--older-than {text!r}: give days or weeks, like 30d or 4w")
    return int(match.group(1)) * (7 if match.group(2) == "w" else 1)


def cmd_cleanup(library: Library, args: argparse.Namespace) -> int:
    days = age_days(args.older_than) if args.older_than is not None else None
    limits = library.retention(older_than_days=days, unread=args.include_unread)
    if not limits.any:
        raise UserError(
            "nothing to clean up by: give --older-than 30d, or set keep_days or "
            "max_per_feed under [retention] in config.toml"
        )
    plan = library.cleanup_plan(limits)
    what = plural(len(plan), "article")
    unread = f" ({plan.unread} unread)" if plan.unread else ""
    if not plan:
        print("nothing to remove: no read article is past the limits")
        return 0
    feeds = sorted(plan.by_feed.items(), key=lambda item: (-item[1], item[0]))
    lines = [f"  {count}\t{title}" for title, count in feeds[:SHOWN_FEEDS]]
    if len(feeds) > SHOWN_FEEDS:
        lines.append(f"  …and {plural(len(feeds) - SHOWN_FEEDS, 'more feed')}")
    if args.dry_run:
        print(f"would remove {what}{unread} from {plural(len(feeds), 'feed')}:")
        print("\n".join(lines))
        return 0
    removed, before, after = library.cleanup(plan.ids)
    print(f"removed {plural(removed, 'article')}{unread} from {plural(len(feeds), 'feed')}:")
    print("\n".join(lines))
    print(f"cache file: {size_text(before)} -> {size_text(after)}")
    return 0
