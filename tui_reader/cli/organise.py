"""Tags and per-feed settings: `tag`, `untag` and `feed set`."""

from __future__ import annotations

import argparse

from tui_reader.cli.common import UserError
from tui_reader.cli.subscriptions import resolve_feeds
from tui_reader.library import Library


def _checked(names: list[str]) -> list[str]:
    from tui_reader.engine.tags import check_tags

    try:
        return check_tags(names)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def cmd_tag(library: Library, args: argparse.Namespace) -> int:
    return _tag(library, args, untag=False)


def cmd_untag(library: Library, args: argparse.Namespace) -> int:
    return _tag(library, args, untag=True)


def _tag(library: Library, args: argparse.Namespace, *, untag: bool) -> int:
    tags = _checked(args.tags)
    if args.feed:
        return _tag_feed(library, args.id, tags, untag=untag)
    words = [w for part in args.id.split(",") for w in [part.strip()] if w]
    ids = [int(w) for w in words if w.isdigit()]
    known = library.known_articles(ids)
    unknown = [w for w in words if not w.isdigit() or int(w) not in known]
    todo = [i for i in dict.fromkeys(ids) if i in known]
    if todo and tags:
        add, remove = ([], tags) if untag else (tags, [])
        library.tag_articles(todo, add, remove)
    for article_id in todo:
        article = library.article(article_id)
        if article is not None:
            print(f"{article_id}\t{_line(article.tags, article.feed_tags)}")
    if unknown:
        raise UserError(f"no article with id {', '.join(unknown)}; nothing done for it")
    return 0


def _tag_feed(library: Library, name: str, tags: list[str], *, untag: bool) -> int:
    (feed,) = resolve_feeds(library, [name])
    if tags:
        add, remove = ([], tags) if untag else (tags, [])
        library.tag_feed(feed.id, add, remove)
    shown = library.feed(feed.id) or feed
    print(f"{feed.id}\t{feed.display_title}\t{', '.join(shown.tags) or '(no tags)'}")
    return 0


def _line(own: list[str], inherited: list[str]) -> str:
    """`a, b (from its feed: c)`: the article's tags, its feed's apart."""
    text = ", ".join(own) or "(no tags)"
    if inherited:
        text += f" (from its feed: {', '.join(inherited)})"
    return text


def cmd_feed(library: Library, args: argparse.Namespace) -> int:
    from tui_reader.engine.feed_settings import interval_text, parse_changes

    (feed,) = resolve_feeds(library, [args.feed])
    try:
        changes = parse_changes(args.settings)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    if not changes.empty():
        library.update_feed(feed.id, changes)
    now = library.feed(feed.id) or feed
    print(
        f"{now.id} {now.display_title}: folder={now.folder or ''} "
        f"hide={'yes' if now.hide_from_all else 'no'} "
        f"interval={interval_text(now.refresh_interval)} full_text={now.full_text} "
        f"tags={','.join(now.tags)}"
    )
    return 0
