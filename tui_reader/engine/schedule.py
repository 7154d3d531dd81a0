"""When a feed may be fetched again: polite scheduling and per-feed intervals.

After a fetch that worked, a feed's next_due is the latest of what it asked for, each
bounded so that no server can park a feed for long: HTTP freshness (Cache-Control max-age,
else Expires; fetch.py reads them with the same date rules as Retry-After), RSS <ttl>
(minutes), then <skipHours> (UTC hours not to poll in) pushes it past those hours. A refresh
that is not forced skips a feed before its next_due, as it does before a Retry-After.
"""

from __future__ import annotations

from collections.abc import Iterable

from tui_reader.engine.models import Feed

MAX_POLITE = 24 * 3600  # a feed's own wishes never keep it unpolled for more than a day
MAX_TTL = 24 * 60  # minutes
SLACK = 60  # seconds: a timer tick that comes a little early still finds the feed due


def next_due(
    now: float,
    fresh_until: int | None = None,
    ttl: int | None = None,
    skip_hours: Iterable[int] = (),
) -> int | None:
    """The epoch second before which a polite refresh leaves the feed alone, or None."""
    when = float(fresh_until or 0)
    if ttl and ttl > 0:
        when = max(when, now + min(ttl, MAX_TTL) * 60)
    skip = {h for h in skip_hours if 0 <= h < 24}
    if skip and len(skip) < 24:
        start = max(when, now)
        hour = int(start // 3600)
        while hour % 24 in skip:
            hour += 1
        if hour * 3600 > start:
            when = hour * 3600
    if when <= now:
        return None
    return int(min(when, now + MAX_POLITE))


def interval_due(feed: Feed, now: float, default_interval: int | None) -> bool:
    """Its own refresh interval (else `default_interval`, the app's timer's) has passed
    since its last fetch; a feed with neither, or never fetched, is due."""
    interval = feed.refresh_interval or default_interval
    if not interval or feed.last_fetch is None:
        return True
    return feed.last_fetch + interval - min(SLACK, interval // 10) <= now


def waiting(feed: Feed, now: float) -> bool:
    """It asked not to be polled yet: a Retry-After, or next_due from a polite answer."""
    return max(feed.retry_after or 0, feed.next_due or 0) > now


def due_at(feed: Feed, now: float) -> int | None:
    """When a plain refresh fetches it next (epoch seconds), None when it is due now; a gone
    feed is never due (the caller says so)."""
    own = feed.refresh_interval
    interval = feed.last_fetch + own if own and feed.last_fetch is not None else 0
    when = max(feed.retry_after or 0, feed.next_due or 0, interval)
    return int(when) if when > now else None
