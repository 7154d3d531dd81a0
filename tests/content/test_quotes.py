"""Quote and speaker finding over a table of real-world sentence shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tui_reader.content.quotes import Quote, find_quotes

# (paragraphs, [(quoted text, speaker, kind), ...]) — quoted text is the words inside the
# marks as written (a trailing comma before the closing mark is not part of the quote).
CASES: list[tuple[str, list[str], list[tuple[str, str | None, str]]]] = [
    (
        "speaker after verb, with a trailing clause",
        ["“It shows weakness,” said a Western diplomat on condition of anonymity."],
        [("It shows weakness", "a Western diplomat", "speech")],
    ),
    (
        "speaker before verb, in a statement",
        ["“We act for stability,” the ministry said in a statement on Jan. 30."],
        [("We act for stability", "the ministry", "speech")],
    ),
    (
        "plural speaker",
        ["“We reaffirmed ASEAN unity,” the ministers said."],
        [("We reaffirmed ASEAN unity", "the ministers", "speech")],
    ),
    (
        "colon form",
        ["He said: “The talks will go on until there is a result.”"],
        [("The talks will go on until there is a result.", "He", "speech")],
    ),
    (
        "name then apposition",
        ["“Costs are falling,” said John Smith, the CEO."],
        [("Costs are falling", "John Smith", "speech")],
    ),
    (
        "surname then verb",
        ["“We will be ready,” Smith said."],
        [("We will be ready", "Smith", "speech")],
    ),
    (
        "according to, before the quote",
        ["According to the United Nations, “the crisis is deepening every week.”"],
        [("the crisis is deepening every week.", "the United Nations", "speech")],
    ),
    (
        "according to, after the quote",
        ["“Access has narrowed,” according to the coalition's letter."],
        [("Access has narrowed", "the coalition's letter", "speech")],
    ),
    (
        "straight quotes",
        ['"We will win this one," she said.'],
        [("We will win this one", "she", "speech")],
    ),
    (
        "single quotes nested in double are part of it",
        ["“He told me ‘never again’ and he meant it,” she said."],
        [("He told me ‘never again’ and he meant it", "she", "speech")],
    ),
    (
        "straight single nested in straight double",
        ["\"I told the lads, 'Keep going, it's not over,' and they listened,\" said Ellen Price."],
        [
            (
                "I told the lads, 'Keep going, it's not over,' and they listened",
                "Ellen Price",
                "speech",
            )
        ],
    ),
    (
        "apostrophes inside a quote",
        ["“We don't accept the Ministers’ plan, and the ’90s are over,” he said."],
        [("We don't accept the Ministers’ plan, and the ’90s are over", "he", "speech")],
    ),
    (
        "apostrophes outside any quote are not marks",
        ["The Ministers’ Retreat ended. Officials don't comment on the ’90s or on Laos’ role."],
        [],
    ),
    (
        "multi-paragraph quote, attribution at the end",
        [
            "“We are not choosing sides. We are choosing the people who lost their homes.",
            "“If this works, others will join,” said Kanya Srisuk, an official.",
        ],
        [
            (
                "We are not choosing sides. We are choosing the people who lost their homes.\n"
                "If this works, others will join",
                "Kanya Srisuk",
                "speech",
            )
        ],
    ),
    (
        "multi-paragraph quote, attribution first",
        ["The envoy said: “Part one of what I have to say.", "“And part two.”"],
        [("Part one of what I have to say.\nAnd part two.", "The envoy", "speech")],
    ),
    (
        "unbalanced quote stops at the paragraph end",
        [
            "He called it “a disaster and walked out of the room.",
            "The next paragraph is plain text about the weather.",
            "So is this one, with “a phrase” in it.",
        ],
        [
            ("a disaster and walked out of the room.", None, "phrase"),  # not a sentence
            ("a phrase", None, "phrase"),
        ],
    ),
    (
        "inch mark is not a quote",
        ['The 5" screen is bright.', "Nothing else here."],
        [],
    ),
    (
        "scare quotes",
        ["The junta could send “non-political representatives” to attend such meetings."],
        [("non-political representatives", None, "phrase")],
    ),
    (
        "partial quote after said is a phrase",
        ["He said the plan was “unacceptable” and left."],
        [("unacceptable", None, "phrase")],
    ),
    (
        "interrupted quote: both halves have the speaker",
        ["“We are ready,” she said, “and we will go tomorrow.”"],
        [("We are ready", "she", "speech"), ("and we will go tomorrow.", "she", "speech")],
    ),
    (
        "second quote in the paragraph inherits the speaker",
        ["“Chairs change,” said Dara Vong. “The junta does not, and that is the problem.”"],
        [
            ("Chairs change", "Dara Vong", "speech"),
            ("The junta does not, and that is the problem.", "Dara Vong", "speech"),
        ],
    ),
    (
        "quote paragraph right after an attributed one inherits it",
        [
            "“First things first,” the minister said.",
            "“The second sentence is long enough to be speech on its own.”",
        ],
        [
            ("First things first", "the minister", "speech"),
            (
                "The second sentence is long enough to be speech on its own.",
                "the minister",
                "speech",
            ),
        ],
    ),
    (
        "two speakers in one paragraph",
        ["“A is fine,” said Ann. “B is not,” said Bob."],
        [("A is fine", "Ann", "speech"), ("B is not", "Bob", "speech")],
    ),
    (
        "unattributed sentence-length quote",
        ["“This is a full sentence with many words in it and no speaker.”"],
        [("This is a full sentence with many words in it and no speaker.", None, "speech")],
    ),
    (
        "guillemets",
        ["«We are ready,» said the captain."],
        [("We are ready", "the captain", "speech")],
    ),
    (
        "top-level single quotes",
        ["‘We will not back down,’ the union said."],
        [("We will not back down", "the union", "speech")],
    ),
    (
        "title abbreviation in the name",
        ["“The virus is spreading,” said Dr. Jane Roe, a virologist."],
        [("The virus is spreading", "Dr. Jane Roe", "speech")],
    ),
    (
        "adverb between name and verb",
        ["“We expected this,” Smith later said."],
        [("We expected this", "Smith", "speech")],
    ),
    (
        "plain plural noun",
        ["“The road is closed,” officials said on Monday."],
        [("The road is closed", "officials", "speech")],
    ),
    (
        "told reporters with a colon",
        ["Smith told reporters: “Nothing has changed since last week.”"],
        [("Nothing has changed since last week.", "Smith", "speech")],
    ),
    (
        "attribution comes after a comma-led clause",
        ["In a statement, the ministry said: “Aid must reach everyone in need.”"],
        [("Aid must reach everyone in need.", "the ministry", "speech")],
    ),
    (
        "a reopened paragraph that is not a continuation",
        ["“An unclosed start of speech here.", "Plain next paragraph with “a phrase” inside."],
        [("An unclosed start of speech here.", None, "speech"), ("a phrase", None, "phrase")],
    ),
    (
        "a speaker word with a leading apostrophe",
        ["“It’s over,” the ’90s band said."],
        [("It’s over", "the ’90s band", "speech")],
    ),
    ("empty quotes and lone marks are not quotes", ["“”", "“", "“ ” he said."], []),
    ("one letter in single quotes is an elision", ["Rock 'n' roll is here."], []),
    (
        "top-level single quote around a phrase, possessive plural inside the sentence",
        ["The ‘big three’ met at the Ministers’ Retreat."],
        [("big three", None, "phrase")],
    ),
    (
        "empty strings (non-prose blocks) are skipped",
        ["", "“Stability must come first,” the junta's information team said.", ""],
        [("Stability must come first", "the junta's information team", "speech")],
    ),
]


@pytest.mark.parametrize(
    ("paragraphs", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_quote_table(paragraphs: list[str], expected: list[tuple[str, str | None, str]]) -> None:
    quotes = find_quotes(paragraphs)
    assert [(q.text, q.speaker, q.kind) for q in quotes] == expected
    for q in quotes:
        _check_positions(q, paragraphs)


def _check_positions(q: Quote, paragraphs: list[str]) -> None:
    assert (q.block, q.start, q.end) == (q.pieces[0].block, q.pieces[0].start, q.pieces[0].end)
    for piece in q.pieces:
        text = paragraphs[piece.block]
        assert text[piece.start] in "“«\"‘'"  # every piece starts at its opening mark
        assert 0 <= piece.start < piece.end <= len(text)
    if q.speaker_at is not None:
        at = q.speaker_at
        assert paragraphs[at.block][at.start : at.end] == q.speaker


def test_closed_quote_ends_after_its_closing_mark() -> None:
    text = "Before “inside words here,” said Ann, after."
    (q,) = find_quotes([text])
    assert text[q.start : q.end] == "“inside words here,”"
    assert q.speaker_at is not None and text[q.speaker_at.start : q.speaker_at.end] == "Ann"


def test_unbalanced_quote_does_not_swallow_the_article() -> None:
    paragraphs = ["He said “this never closes"] + [f"Paragraph {i} is plain." for i in range(50)]
    (q,) = find_quotes(paragraphs)
    assert len(q.pieces) == 1 and q.end == len(paragraphs[0])


def test_multi_paragraph_pieces_cover_each_paragraph() -> None:
    paragraphs = ["“One.", "“Two.", "“Three,” she said."]
    (q,) = find_quotes(paragraphs)
    assert [p.block for p in q.pieces] == [0, 1, 2]
    assert q.speaker == "she"
    assert q.speaker_at is not None and q.speaker_at.block == 2


def test_many_paragraphs_are_fast() -> None:
    import time

    paragraphs = ["“Quote number one,” said Ann. He said “it's fine”. Don't."] * 5000
    start = time.perf_counter()
    quotes = find_quotes(paragraphs)
    assert len(quotes) == 10_000
    assert time.perf_counter() - start < 2.0


def test_wire_copy_speakers_in_the_demo_envoy_story(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The bundled envoy story, through the demo feed, the cache and `show --json`: an
    attributed partial quote closed outside its full stop (According to a statement,
    “…”.) is speech, and "a diplomat briefed on the meeting" is the speaker "a diplomat"."""
    code, out, _ = run(capsys, "unread")
    assert code == 0
    (line,) = [ln for ln in out.splitlines() if "ASEAN Envoy Meets" in ln]
    article_id = line.split("\t")[0]
    code, shown, _ = run(capsys, "show", article_id, "--json")
    speech = [q for q in json.loads(shown)["quotes"] if q["kind"] == "speech"]
    assert [q["speaker"] for q in speech] == ["a diplomat", "a junta statement"]
    code, shown, _ = run(capsys, "show", article_id)
    assert "2 quotes: a diplomat, a junta statement" in " ".join(shown.split())


# A partial quotation (a party's own words, lowercase, mid-sentence after a reporting verb)
# counts in the header with speech; scare quotes, names and labels do not. Sentences from
# the readability pages (bbc-1, wapo-2) and the seed story, and their look-alikes.
PARTIALS = [
    (
        "The regional block instead offered the junta the possibility to send "
        "“non-political representatives” to attend such meetings.",
        True,
    ),
    ("Netanyahu strongly warned against making a “bad deal” during his March 3 speech.", True),
    (
        "He said gun control was the area where he has been “most frustrated and most "
        "stymied” since coming to power.",
        True,
    ),
    ("The so-called “smart” fridge sends its owner a message.", False),  # one word, no verb
    ("Critics of the “sharing economy” model met in Berlin.", False),  # no reporting verb
    ("The ministry said so. The “green corridor” plan then opened.", False),  # verb is earlier
    ("She praised the album called “the long way home” in 2019.", False),  # a work's title
    ("He said the setting is “enable_cache = true” by default.", False),  # code
    ("He wrote that the plan “Will Change Everything” for the city.", False),  # title case
]


@pytest.mark.parametrize(("sentence", "counted"), PARTIALS)
def test_partial_quotations_count_with_speech(sentence: str, counted: bool) -> None:
    from tui_reader.content.quotes import speech_summary

    quotes = find_quotes([sentence])
    assert len(quotes) == 1
    assert quotes[0].kind == "phrase"  # styled as before: a phrase, no speaker
    assert quotes[0].speaker is None
    assert quotes[0].partial is counted
    assert speech_summary(quotes) == (1 if counted else 0, [])
