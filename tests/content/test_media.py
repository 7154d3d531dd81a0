"""Images, embeds, video and audio keep their links: numbered inline and in the link list."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from tui_reader.content.reading import read_article
from tui_reader.content.render import article_to_json, render_plain
from tui_reader.engine.models import Article, Enclosure

BODY = """
<p>The chair opened the retreat <img src='/img/chart%201.png' alt='a chart'> on Monday.</p>
<figure><a href='https://example.com/full.jpg'><img src='/thumb.jpg' alt='Ministers'></a>
<figcaption>Ministers at the retreat.</figcaption></figure>
<p><img src='/photos/handshake.webp'></p>
<p><img src='/t.gif' title='The venue'> The venue was new.</p>
<iframe src='https://www.youtube.com/embed/xyz' title='Interview'>fallback</iframe>
<iframe src='https://player.example.org/v/1'></iframe>
<video controls><source src='/media/clip.mp4' type='video/mp4'><source src='/media/clip.webm'>
Your browser cannot play this.</video>
<audio src='ftp://files.example/pod.mp3' title='Episode 4'></audio>
<p>Last, <img src='data:image/png;base64,AAAA' alt='an inline chart'> and
<a href='/gallery'><img src='/g1.jpg' alt='Gallery'></a> again.</p>
"""


def shown(article: Callable[..., Article], body: str, **fields: Any) -> tuple[str, Article]:
    a = article(content=body, link="https://example.com/news/story", **fields)
    return render_plain(read_article(a), 100), a


def test_every_image_embed_and_media_gets_a_number(article: Callable[..., Article]) -> None:
    out, a = shown(article, BODY)
    body = out.split("\n\nLinks\n")[0]
    for placeholder in [
        "the retreat [image 1: a chart] on Monday.",
        "[image 2: Ministers]",  # the link around it: one entry, where the link goes
        "[image 3: handshake.webp]",  # no alt, no title: the file name
        "[image 4: The venue]",
        "[embed 5: Interview]",
        "[embed 6: player.example.org]",  # no title: the host it comes from
        "[video 7: clip.mp4]",  # the URL from its first <source>
        "[audio 8: Episode 4]",
        "Last, [image: an inline chart] and [image 9: Gallery] again.",  # data: has no number
    ]:
        assert placeholder in body, (placeholder, body)
    assert "fallback" not in out and "cannot play" not in out
    links = read_article(a).document.links
    assert [(k.number, k.url, k.openable) for k in links] == [
        (1, "https://example.com/img/chart%201.png", True),
        (2, "https://example.com/full.jpg", True),
        (3, "https://example.com/photos/handshake.webp", True),
        (4, "https://example.com/t.gif", True),
        (5, "https://www.youtube.com/embed/xyz", True),
        (6, "https://player.example.org/v/1", True),
        (7, "https://example.com/media/clip.mp4", True),
        (8, "ftp://files.example/pod.mp3", False),  # numbered, but not opened
        (9, "https://example.com/gallery", True),
    ]
    listed = out.split("\n\nLinks\n")[1]
    assert "[3] https://example.com/photos/handshake.webp  image\n" in listed
    assert "[8] ftp://files.example/pod.mp3  Episode 4  (not openable)" in listed
    assert "text shows another site" not in listed  # "handshake.webp" is no site name


def test_a_link_around_an_image_is_one_entry(article: Callable[..., Article]) -> None:
    out, a = shown(
        article,
        "<p>Intro.</p><a href='/big.jpg'><img src='/small.jpg' alt='Flood'></a>"
        "<p>See <a href='/big.jpg'><img src='/small.jpg' alt='Flood'></a> here, and "
        "<a href='/story'><img src='/icon.png' alt='icon'> the story</a>.</p>",
    )
    links = [(k.number, k.url) for k in read_article(a).document.links]
    assert links == [
        (1, "https://example.com/big.jpg"),
        (2, "https://example.com/icon.png"),  # a link with words beside its image: two
        (3, "https://example.com/story"),
    ]
    assert "\n[image 1: Flood]\n" in out
    assert "See [image 1: Flood] here, and [image 2: icon] the story[3]." in out


def test_alt_text_naming_another_site_is_flagged(article: Callable[..., Article]) -> None:
    out, _ = shown(article, "<p><a href='https://evil.example/x'><img alt='paypal.com'></a></p>")
    assert "[image 1 → evil.example: paypal.com]" in out
    assert "(text shows another site: goes to evil.example)" in " ".join(out.split())


def test_hostile_names_are_cleaned(article: Callable[..., Article]) -> None:
    out, a = shown(
        article,
        "<p><img src='/a%1b%5b31m%07.png'></p><p><img src='/b.png' alt='x&#27;]2;t&#7;y'></p>",
    )
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", out)
    assert "[image 1: a.png]" in out and "[image 2: x]2;ty]" in out  # the sequences went
    json.dumps(article_to_json(read_article(a)))


def test_enclosures_and_media_links_live_side_by_side(article: Callable[..., Article]) -> None:
    enclosure = Enclosure("https://example.com/media/clip.mp4", "video/mp4", 3_000_000)
    out, a = shown(
        article, "<video src='/media/clip.mp4' title='The clip'></video>", enclosures=[enclosure]
    )
    assert "Attachment: video/mp4, 3.0 MB https://example.com/media/clip.mp4" in out
    assert "[video 1: The clip]" in out
    data = article_to_json(read_article(a))
    assert data["enclosures"][0]["url"] == enclosure.url
    assert data["links"] == [
        {"number": 1, "url": enclosure.url, "text": "The clip", "openable": True}
    ]
