"""Embedded players on real pages (Mozilla's Readability test pages) reach the reader as a
numbered placeholder where the page had them: readability-lxml had dropped every one of them
(Le Monde's Dailymotion video, Libération's, the 21 trailers of a Vox film list)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.feedserver import FeedServer
from tests.shared import EXTRACTION, needs
from tui_reader.engine.extract import extract_article

PAGES = EXTRACTION / "readability-test-pages"
pytestmark = needs(PAGES)


def source(name: str) -> bytes:
    return (PAGES / name / "source.html").read_bytes()


def feed(server: FeedServer, title: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Presse</title>'
        f"<link>{server.url('/')}</link><item><title>{title}</title><guid>page</guid>"
        f"<link>{server.url('/page.html')}</link><description>…</description></item>"
        "</channel></rss>"
    ).encode()


@pytest.mark.parametrize(
    ("name", "title", "before", "after"),
    [
        (
            "lemonde-1",
            "Loi sur le renseignement",
            "",
            "Les députés ont, sans surprise, adopté à une large majorité",
        ),
        (
            "liberation-1",
            "Népal : un troisième Français tué",
            "Des dizaines de milliers de personnes sont sans abri.",
            "",
        ),
    ],
)
def test_a_french_pages_video_shows_as_a_numbered_placeholder_where_the_page_had_it(
    data_dir: Path,
    feed_server: FeedServer,
    capsys: pytest.CaptureFixture[str],
    name: str,
    title: str,
    before: str,
    after: str,
) -> None:
    feed_server.add("/page.html", source(name), content_type="text/html; charset=utf-8")
    feed_server.add("/feed.xml", feed(feed_server, title))
    assert run(capsys, "add", "--full-text", feed_server.url("/feed.xml"))[0] == 0
    feed_server.stop()  # read from the cache

    code, out, err = run(capsys, "show", "1", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["full_text"]["shown"] is True
    (player,) = [k for k in data["links"] if "dailymotion.com/embed/video/" in k["url"]]
    placeholder = f"[embed {player['number']}: dailymotion.com]"
    text = " ".join(data["text"].split())
    assert placeholder in text
    ahead, _, behind = text.partition(placeholder)
    assert ahead.rstrip().endswith(before) and behind.lstrip().startswith(after)
    # The page says it is French (<html lang="fr">), and the quotes are read so.
    assert data["lang"] == {"declared": "fr", "read_as": "fr", "by": "declared"}


def test_every_trailer_of_a_film_list_stands_before_its_review_and_no_tracker_gets_in() -> None:
    page = source("videos-1")
    result = extract_article(page, "http://fakehost/test/page.html")
    assert result.html is not None
    on_page = re.findall(rb'<iframe src="https://www\.youtube\.com/embed/([\w-]+)', page)
    kept = re.findall(r'<iframe src="https://www\.youtube\.com/embed/([\w-]+)', result.html)
    assert len(on_page) == 21 and kept == [i.decode() for i in on_page]
    # Each stands between its film's heading (when kept) and the review, never after it.
    for follows in re.findall(r"</iframe>\s*<(\w+)>", result.html):
        assert follows == "p"
    assert "googletagmanager" not in result.html
    # The wrapper page of a film list has headings and links: the player is all we add.
    first = result.html.index("<iframe")
    assert result.html[first:].startswith('<iframe src="https://www.youtube.com/embed/Q0CbN8')


def test_adverts_hidden_frames_and_players_outside_the_article_stay_out() -> None:
    body = " ".join(["The council met on Tuesday and talked about the harbour wall."] * 30)
    page = (
        f"<html><body><div class='page'><article><h1>Harbour</h1><p>{body}</p>"
        '<iframe src="https://ads.example.net/banner.html"></iframe>'
        '<iframe src="https://player.vimeo.com/video/1" style="display: none"></iframe>'
        '<iframe src="https://www.dailymotion.com/embed/video/x1" width="1" height="1"></iframe>'
        '<iframe src="javascript:alert(1)//embed/"></iframe>'
        f"<p>{body}</p></article><aside><p>More videos</p>"
        '<iframe src="https://www.youtube.com/embed/sidebar"></iframe></aside>'
        '<div class="related-videos"><iframe src="https://www.youtube.com/embed/more"></iframe>'
        "</div></div></body></html>"
    ).encode()
    result = extract_article(page, "https://example.org/story")
    assert result.html is not None and "<iframe" not in result.html


def test_a_hostile_player_title_is_cleaned_not_a_crash() -> None:
    """Controls and non-characters in a dropped player's title (lxml refuses them in a new
    element) are cleaned like any title; the player still comes back, as data."""
    body = " ".join(["The council met on Tuesday and talked about the harbour wall."] * 30)
    title = "[bold red]pwn[/] \x1b]0;owned\x07 \x1b[31mtrailer\uffff\u202e"
    page = (
        f"<html><body><article><h1>Harbour</h1><p>{body}</p>"
        f'<div><iframe src="https://www.dailymotion.com/embed/video/x9" title="{title}" '
        f'width="560" height="315"></iframe></div><p>{body}</p></article></body></html>'
    ).encode()
    result = extract_article(page, "https://news.site.net/story")
    assert result.html is not None and "dailymotion.com/embed/video/x9" in result.html
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202e\uffff]", result.html)
    assert "[bold red]pwn[/]" in result.html  # markup-like text stays text, for the reader
