"""Metadata: dateline, caption credit, length, acronyms, dates and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

import pytest

from tui_reader.content import datelines
from tui_reader.content.blocks import Block, Document
from tui_reader.content.metadata import (
    find_acronyms,
    find_dateline,
    human_size,
    relative_time,
    split_credit,
)
from tui_reader.content.plain import render_plain
from tui_reader.content.reading import read_article
from tui_reader.engine.models import Article, Enclosure


@pytest.mark.parametrize(
    ("first", "place", "head"),
    [
        (
            "PHNOM PENH – Foreign Minister Sok Chenda Sophea has stressed",
            "PHNOM PENH",
            "PHNOM PENH",
        ),
        ("LONDON, Jan 5 (Reuters) - Shares fell", "LONDON", "LONDON, Jan 5 (Reuters)"),
        ("WASHINGTON (AP) — The Senate voted", "WASHINGTON", "WASHINGTON (AP)"),
        ("KUALA LUMPUR, Malaysia — Police said", "KUALA LUMPUR", "KUALA LUMPUR, Malaysia"),
        ("YANGON, Feb 1 (Demo Wire) - Myanmar's junta", "YANGON", "YANGON, Feb 1 (Demo Wire)"),
    ],
)
def test_dateline(first: str, place: str, head: str) -> None:
    doc = Document([Block("caption", "A photo. Photo: X / AFP"), Block("paragraph", first)])
    found = find_dateline(doc)
    assert found is not None
    assert (found[0], found[1], first[: found[2]]) == (place, 1, head)


@pytest.mark.parametrize(
    "first",
    [
        "The UN – a body of nations – met today.",
        "US - China talks resumed.",  # two letters: too short to be a place
        "Ministers met in PHNOM PENH – again.",
        "NASA’s budget rose.",
    ],
)
def test_no_dateline(first: str) -> None:
    assert find_dateline(Document([Block("paragraph", first)])) is None


@pytest.mark.parametrize(
    ("caption", "text", "credit"),
    [
        (
            "Cambodia's Foreign Minister Sok Chenda Sophea (C) sits during the retreat on "
            "January 29, 2024. Photo by TANG CHHIN SOTHY and TANG CHHIN SOTHY / AFP",
            "Cambodia's Foreign Minister Sok Chenda Sophea (C) sits during the retreat on "
            "January 29, 2024.",
            "TANG CHHIN SOTHY / AFP",
        ),
        ("Rescuers at work. Photo: Jane Doe/Reuters", "Rescuers at work.", "Jane Doe/Reuters"),
        ("Soldiers patrol the border (AFP)", "Soldiers patrol the border", "AFP"),
        (
            "Ann Lee, Bo Chan and Ann Lee. Photos by Ann Lee, Bo Chan and ann lee / EPA",
            "Ann Lee, Bo Chan and Ann Lee.",
            "Ann Lee and Bo Chan / EPA",
        ),
        ("The minister (C) speaks to the press", "The minister (C) speaks to the press", None),
    ],
)
def test_split_credit(caption: str, text: str, credit: str | None) -> None:
    assert split_credit(caption) == (text, credit)


def test_acronyms() -> None:
    texts = [
        "Laos will facilitate the implementation of the five-point consensus (5PC), the sole "
        "measure.",
        "Members of the Association of Southeast Asian Nations (ASEAN) met the World Health "
        "Organization (WHO).",
        "The ASEAN Foreign Ministers' (AMM) retreat ended. The minister (C) sat down.",
        "The NLD (National League for Democracy) won.",
        "Non-governmental organisations (NGOs) were there.",
    ]
    assert find_acronyms(texts) == {
        "5PC": "five-point consensus",
        "ASEAN": "Association of Southeast Asian Nations",
        "WHO": "World Health Organization",
        "NLD": "National League for Democracy",
        "NGO": "Non-governmental organisations",
    }


def _local(fields: tuple[int, ...]) -> int:
    """Epoch seconds of a wall-clock time in the reader's zone (where months are counted)."""
    year, month, day, *clock = fields
    hour, minute, second = (*clock, 0, 0, 0)[:3]
    return int(datetime(year, month, day, hour, minute, second).timestamp())


@pytest.mark.parametrize(
    ("then", "now", "shown"),
    [
        ((2023, 1, 30, 9, 15), (2024, 1, 30, 9, 15), "1 year ago"),  # was "11 months ago"
        ((2023, 1, 30, 9, 15, 1), (2024, 1, 30, 9, 15), "11 months ago"),
        ((2022, 6, 1), (2024, 6, 1), "2 years ago"),
        ((2022, 6, 2), (2024, 6, 1), "1 year ago"),
        ((2024, 2, 29), (2025, 2, 28), "11 months ago"),  # leap day: a year is 1 March
        ((2024, 2, 29), (2025, 3, 1), "1 year ago"),
        ((2024, 1, 15, 12), (2024, 2, 15, 12), "1 month ago"),
        ((2024, 1, 15, 12), (2024, 2, 15, 11, 59), "4 weeks ago"),
        ((2024, 1, 31), (2024, 3, 1), "1 month ago"),
        ((2023, 12, 31), (2024, 2, 29), "1 month ago"),
        ((2024, 1, 31), (2024, 2, 29), "4 weeks ago"),
        ((2024, 3, 1), (2023, 3, 1), "in 1 year"),
        ((2024, 3, 1), (2024, 1, 1), "in 2 months"),
    ],
)
def test_relative_months_and_years_follow_the_calendar(
    then: tuple[int, ...], now: tuple[int, ...], shown: str
) -> None:
    assert relative_time(_local(then), _local(now)) == shown


def test_relative_time_and_sizes() -> None:
    now = 1_706_600_000
    assert relative_time(now - 10, now) == "just now"
    assert relative_time(now - 60, now) == "1 minute ago"
    assert relative_time(now - 5 * 3600, now) == "5 hours ago"
    assert relative_time(now - 3 * 86400 - 100, now) == "3 days ago"
    assert relative_time(now - 400 * 86400, now) == "1 year ago"
    assert relative_time(now + 7200, now) == "in 2 hours"
    assert human_size(512) == "512 B"
    assert human_size(18_734_592) == "18.7 MB"
    assert human_size(1_500) == "1.5 kB"


@pytest.mark.parametrize(("words", "minutes"), [(5, 1), (230, 1), (400, 2), (690, 3)])
def test_reading_time(article: Callable[..., Article], words: int, minutes: int) -> None:
    body = " ".join(["word"] * words) + "."
    meta = read_article(article(content=f"<p>{body}</p>")).metadata
    assert (meta.words, meta.reading_time) == (words, f"{minutes} min")


def test_missing_fields_are_absent(article: Callable[..., Article]) -> None:
    meta = read_article(article(title="", feed_title="", link=None, content="<p>Hi.</p>"))
    data = meta.metadata.to_json(now=0)
    assert set(data) == {"words", "reading_time", "quotes"}
    assert "None" not in json.dumps(data) and "null" not in json.dumps(data)


def test_full_metadata(article: Callable[..., Article]) -> None:
    ra = read_article(
        article(
            title="Podcast: the border",
            feed_title="Demo desk",
            authors=["Ann Lee", "  "],
            published=1_706_600_000,
            updated=1_706_600_000,
            categories=["Myanmar", "", "ASEAN"],
            enclosures=[Enclosure("https://example.com/a.mp3", "audio/mpeg", 18_734_592)],
            content="<p>BANGKOK – “Clinics are out of medicine,” she says.</p>",
        )
    )
    data = ra.metadata.to_json(now=1_706_600_000 + 3 * 86400)
    assert data["source"] == "Demo desk"
    assert data["authors"] == ["Ann Lee"]
    assert data["published_relative"] == "3 days ago"
    assert "updated" not in data  # same as published
    assert data["categories"] == ["Myanmar", "ASEAN"]
    assert data["dateline"] == "BANGKOK"
    assert data["quotes"] == 1 and "speakers" not in data  # a pronoun is never listed
    assert data["enclosures"] == [
        {
            "url": "https://example.com/a.mp3",
            "type": "audio/mpeg",
            "length": 18_734_592,
            "size": "18.7 MB",
        }
    ]
    json.dumps(data)


@pytest.mark.parametrize(
    ("first", "place", "head"),
    [
        ("London, Jan 5 (Reuters) - Shares fell", "London", "London, Jan 5 (Reuters)"),
        ("Washington (AP) — The Senate voted", "Washington", "Washington (AP)"),
        ("Kyiv, Ukraine — Air raid sirens sounded", "Kyiv", "Kyiv, Ukraine"),
        ("BEIRUT: Lebanon's parliament met", "BEIRUT", "BEIRUT"),
        ("PARIS, Jan 5 (AFP): Strikes spread", "PARIS", "PARIS, Jan 5 (AFP)"),
        ("Dateline: PHNOM PENH – Ministers met", "PHNOM PENH", "Dateline: PHNOM PENH"),
    ],
)
def test_dateline_in_mixed_case_with_a_colon_or_a_label(first: str, place: str, head: str) -> None:
    found = find_dateline(Document([Block("paragraph", first)]))
    assert found is not None
    assert (found[0], first[: found[2]]) == (place, head)


@pytest.mark.parametrize(
    "text",
    [
        "BREAKING – Shares fell sharply on Monday.",
        "EXCLUSIVE - The minister resigned.",
        "UPDATE: The road is open again.",
        "NATO – The alliance met. NATO members agreed.",
        "The Tech Council – a lobby – met.",
    ],
)
def test_labels_and_organisations_are_never_datelines(text: str) -> None:
    assert find_dateline(Document([Block("paragraph", text)])) is None


def test_spelled_out_organisation_is_no_dateline() -> None:
    doc = Document(
        [
            Block(
                "paragraph",
                "UNICEF – Children need help, the United Nations Children's Fund (UNICEF) said.",
            )
        ]
    )
    assert datelines.find_dateline(doc, ["UNICEF"]) is None
    assert find_dateline(doc) is None  # the article's own acronyms are looked up


def test_dateline_after_a_hidden_label(article: Callable[..., Article]) -> None:
    # ../shared/extraction/readability-test-pages/nytimes-1/expected.html: a visually hidden
    # "Photo" label, the figure, then the story.
    body = (
        "<p>Photo</p><figure><img src='/s.jpg'><figcaption>United Nations peacekeepers at a "
        "refugee camp in Sudan on Monday. Credit Ashraf Shazly/Agence France-Presse — Getty "
        "Images</figcaption></figure><p>LONDON — After nearly 20 years of hostile relations, "
        "the American government plans to reverse its position on Sudan.</p>"
    )
    meta = read_article(article(content=body)).metadata
    assert meta.dateline == "LONDON"
    assert meta.credit == "Ashraf Shazly/Agence France-Presse — Getty Images"


def test_acronym_expansion_with_a_hyphenated_word() -> None:
    texts = [
        "The Organisation for Economic Co-operation and Development (OECD) said so.",
        "The Asia-Pacific Economic Cooperation (APEC) forum met.",
    ]
    assert find_acronyms(texts) == {
        "OECD": "Organisation for Economic Co-operation and Development",
        "APEC": "Asia-Pacific Economic Cooperation",
    }


def test_only_the_most_used_acronyms_are_shown(article: Callable[..., Article]) -> None:
    names = ["Alpha Beta Group (ABG)", "Cedar Dune Ensemble (CDE)", "Fir Glen Hall (FGH)"]
    names += ["Iris Jade Kiln (IJK)", "Lime Moss Nook (LMN)", "Oak Pine Quay (OPQ)"]
    names += ["Rose Sage Tern (RST)"]
    uses = " ".join(["ABG", "RST", "RST", "OPQ", "LMN", "IJK"] * 2)
    body = "".join(f"<p>The {n} met.</p>" for n in names) + f"<p>{uses}.</p>"
    meta = read_article(article(content=body)).metadata
    assert list(meta.acronyms) == ["ABG", "IJK", "LMN", "OPQ", "RST"]
    assert "Acronyms: ABG = Alpha Beta Group;" in render_plain(
        read_article(article(content=body)), 200
    )


def test_reading_time_of_chinese_and_japanese_counts_characters(
    article: Callable[..., Article],
) -> None:
    # A sentence of ../shared/extraction/readability-test-pages/qq/expected.html, 50 times:
    # 2,450 characters with no space between words.
    zh = (
        "这款产品具有极其重要的意义，"
        "因为这意味着未来的人工智能技术可能不需要人类来教它就能回答人类提出的问题。"
    )
    meta = read_article(article(content=f"<p>{zh * 50}</p>")).metadata
    assert meta.characters == 49 * 50 and meta.words == 0
    assert meta.reading_time == "5 min"  # 2,450 / 450 a minute; by spaces it was "1 min"
    # Kana and kanji alike (the story titles of hukumusume/expected.html in a sentence).
    ja = "きょうの世界昔話、モンゴルの十二支話を読みました。" * 40
    mixed = read_article(article(content=f"<p>{ja} The Guardian said so.</p>")).metadata
    assert (mixed.words, mixed.characters) == (4, 23 * 40)
    assert "4 words, 920 characters, 2 min read" in render_plain(
        read_article(article(content=f"<p>{ja} The Guardian said so.</p>")), 80
    )
