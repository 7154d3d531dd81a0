"""Entry dates for the fast path (parse_fast.py), read exactly as feedparser reads them: the
two strict common forms (RFC 822 as RSS writes it, W3C as Atom does) here, in a few
microseconds; any other form by feedparser's own date parser."""

from __future__ import annotations

import calendar
import re
import time
from datetime import datetime
from typing import Any

__all__ = ["feed_date"]

_RFC822 = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r" (\d{4}) (\d{2}):(\d{2}):(\d{2}) (?:GMT|UT|UTC|([+-])(\d{2})(\d{2}))"
)
_W3C = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:Z|([+-])(\d{2}):(\d{2}))")
_MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


def feed_date(text: str) -> Any:
    """A UTC time tuple; the two strict common forms here, the rest by feedparser's rules."""
    if m := _RFC822.fullmatch(text):
        day, mon, year, hh, mm, ss, sign, oh, om = m.groups()
        stamp = (int(year), _MONTHS[mon], int(day), int(hh), int(mm), int(ss))
    elif m := _W3C.fullmatch(text):
        year, mon, day, hh, mm, ss, sign, oh, om = m.groups()
        stamp = (int(year), int(mon), int(day), int(hh), int(mm), int(ss))
    else:
        return _feedparser_date(text)
    try:
        datetime(*stamp)
    except ValueError:
        return _feedparser_date(text)
    offset = (int(oh) * 3600 + int(om) * 60) * (-1 if sign == "-" else 1) if sign else 0
    return time.gmtime(calendar.timegm((*stamp, 0, 0, 0)) - offset)


def _feedparser_date(text: str) -> Any:
    from feedparser.datetimes import _parse_date

    return _parse_date(text)
