"""Quotes in every newsroom's style, from real articles in ../shared (each sentence is quoted
as printed, with the file it comes from). Cases marked "(constructed)" cover a style that
no file in ../shared prints; they follow the same newsroom conventions."""

from __future__ import annotations

import json

import pytest

from tests.content.conftest import make_article
from tests.shared import EXTRACTION, needs
from tui_reader.content.quotes import find_quotes, speech_summary
from tui_reader.content.quotes.lang import detect
from tui_reader.content.reading import read_article

PAGES = EXTRACTION / "readability-test-pages"
NBSP = "\u00a0"

# (name, lang or None to detect, paragraphs, [(quote text, speaker, kind)], header people)
Case = tuple[str, str | None, list[str], list[tuple[str, str | None, str]], list[str]]
CASES: list[Case] = [
    (
        "German „…“ titles and UI labels are phrases, not running text "
        "(corpus/RSParser/.../3960.json)",
        "de",
        [
            "Hier braust zum Beispiel am 09. Januar 2020 das Sturmtief „Sabine“ mit "
            "Windgeschwindigkeiten bis zu 51 Knoten über den Flughafen Amsterdam-Schiphol:",
            "Nun drückt ihr den Knopf „Generate“ und wischt mit der Maus über dem "
            "PuTTYGen-Fenster hin und her, um ein Zufallsmuster zu erzeugen.",
        ],
        [("Sabine", None, "phrase"), ("Generate", None, "phrase")],
        [],
    ),
    (
        "German „…“ detected from the text (corpus/rss-parser/.../item-itunes-episodeType.rss)",
        None,
        [
            "Die beiden haben sich in den letzten Tagen ihres Lebens in Kontakt gebracht. "
            "Tauchen Sie ein und seien Sie die Kugel im Flipperautomaten „Baywatch Berlin“!",
            "Denn Alligatoah ist ein exzellenter „Zauberwürfler“ (Das Wort existiert ab jetzt).",
        ],
        [("Baywatch Berlin", None, "phrase"), ("Zauberwürfler", None, "phrase")],
        [],
    ),
    (
        "German: no garbage speakers around newspaper names and a lowercase word "
        "(corpus/rss-parser/.../itunes-href.rss, itunes-keywords-astext.rss)",
        "de",
        [
            "Tauschen Timo Werner und Maximilian Philipp die Klubs? Nach dem „Kicker“ "
            "berichtet nun auch die „Bild“ vom Interesse des BVB an Leipzigs Werner (Foto).",
            "Johannes hatte Besuch von Christopher und Henning - und die wollten Johannes' "
            'Stamm-Format "Song-Tindern" nicht so gerne machen.',
        ],
        [("Kicker", None, "phrase"), ("Bild", None, "phrase"), ("Song-Tindern", None, "phrase")],
        [],
    ),
    (
        "German speech, »…« and „…“ with sagte / so (constructed)",
        "de",
        [
            "„Wir werden die Gespräche fortsetzen, bis es ein Ergebnis gibt“, sagte "
            "Angela Merkel am Montag in Berlin.",
            "»Das ist ein guter Tag für Europa«, so der Minister.",
        ],
        [
            (
                "Wir werden die Gespräche fortsetzen, bis es ein Ergebnis gibt",
                "Angela Merkel",
                "speech",
            ),
            ("Das ist ein guter Tag für Europa", "der Minister", "speech"),
        ],
        ["Angela Merkel", "der Minister"],
    ),
    (
        "French «…» with a no-break space, a ajouté (extraction/liberation-1)",
        "fr",
        [
            "Les autorités françaises sont toujours sans nouvelles «d’encore plus de 200»"
            f"{NBSP}personnes. «Pour certains d’entre eux on est très interrogatif», a ajouté"
            f"{NBSP}Laurent Fabius."
        ],
        [
            ("d’encore plus de 200", None, "phrase"),
            ("Pour certains d’entre eux on est très interrogatif", "Laurent Fabius", "speech"),
        ],
        ["Laurent Fabius"],
    ),
    (
        "French « … » spaced guillemets around a legal phrase (extraction/lemonde-1)",
        "fr",
        [
            f"Deux types urgences sont prévus par la loi{NBSP}: d’un côté une «{NBSP}urgence "
            f"absolue{NBSP}», pour laquelle un agent pourra se passer de l’avis de la CNCTR."
        ],
        [("urgence absolue", None, "phrase")],
        [],
    ),
    (
        "French multi-paragraph « … » reopened with » (constructed)",
        "fr",
        [
            "« Nous ne céderons pas. Le dialogue continue.",
            "» Mais il faut du temps », a déclaré le ministre.",
        ],
        [
            (
                "Nous ne céderons pas. Le dialogue continue.\nMais il faut du temps",
                "le ministre",
                "speech",
            )
        ],
        ["le ministre"],
    ),
    (
        "French inverted attribution: « … », a-t-il déclaré (constructed)",
        "fr",
        ["« Nous ne reculerons pas sur ce point », a-t-il déclaré mardi."],
        [("Nous ne reculerons pas sur ce point", "il", "speech")],
        [],
    ),
    (
        "Portuguese acrescentou after a straight-quoted speech (extraction/folha)",
        None,
        [
            '"Em 2012 eu fiz e errei. O protocolo e a situação gerada no jogo do Palmeiras são '
            "diferentes. Misturar esporte e política não é legal. Fiz errado lá atrás? Sim. "
            'Faria de novo? Não", acrescentou o comandante.'
        ],
        [
            (
                "Em 2012 eu fiz e errei. O protocolo e a situação gerada no jogo do Palmeiras "
                "são diferentes. Misturar esporte e política não é legal. Fiz errado lá atrás? "
                "Sim. Faria de novo? Não",
                "o comandante",
                "speech",
            )
        ],
        ["o comandante"],
    ),
    (
        "Spanish: full stop after the closing mark is still a sentence (extraction/la-nacion)",
        "es",
        [
            "Consultada sobre esta desproporción, una fuente de los servicios nos la resumió "
            'así: "La estrategia de la Coordinadora Arauco-Malleco (CAM), de Chile, y ahora de '
            "la RAM, es realizar sabotajes, movilizaciones, ataques a iglesias y empresas y "
            'mucha prensa". ¡En Medio Oriente pagarían por un terrorismo así!',
            'La "cuestión mapuche" es social antes que policial.',
        ],
        [
            (
                "La estrategia de la Coordinadora Arauco-Malleco (CAM), de Chile, y ahora de "
                "la RAM, es realizar sabotajes, movilizaciones, ataques a iglesias y empresas "
                "y mucha prensa",
                None,
                "speech",
            ),
            ("cuestión mapuche", None, "phrase"),
        ],
        [],
    ),
    (
        "Spanish «…» with nested “…” and dijo (constructed)",
        "es",
        ["«El presidente nos dijo “esperen” y esperamos», dijo María José Pérez."],
        [("El presidente nos dijo “esperen” y esperamos", "María José Pérez", "speech")],
        ["María José Pérez"],
    ),
    (
        "Italian «…», ha detto / secondo (constructed)",
        "it",
        [
            "«Non è il momento di fermarsi», ha detto il presidente del Consiglio.",
            "Secondo Mario Rossi, «la crisi non è finita».",
        ],
        [
            ("Non è il momento di fermarsi", "il presidente del Consiglio", "speech"),
            ("la crisi non è finita", "Mario Rossi", "speech"),
        ],
        ["il presidente del Consiglio", "Mario Rossi"],
    ),
    (
        "Czech quotes, verb before the speaker (extraction/aktualne)",
        None,
        [
            '"Klíčová věc je ta, že když udělá změny, pořád jim zůstává stejná struktura. To '
            "je jeho filosofie. West Ham to má podobně a už kvůli tomu je třeba před Moyesem "
            'smeknout," přirovnává Heskey.',
            '"Jsme na děleném třetím místě. Lidé se před sezonou hodně ptali, zda to můžeme '
            "dotáhnout. Tohle musí být náš standard. Nesmíme polevit, pokud chceme být velkým "
            'týmem," zdůrazňuje Rice.',
        ],
        [
            (
                "Klíčová věc je ta, že když udělá změny, pořád jim zůstává stejná struktura. "
                "To je jeho filosofie. West Ham to má podobně a už kvůli tomu je třeba před "
                "Moyesem smeknout",
                "Heskey",
                "speech",
            ),
            (
                "Jsme na děleném třetím místě. Lidé se před sezonou hodně ptali, zda to můžeme "
                "dotáhnout. Tohle musí být náš standard. Nesmíme polevit, pokud chceme být "
                "velkým týmem",
                "Rice",
                "speech",
            ),
        ],
        ["Heskey", "Rice"],
    ),
    (
        "Czech „…“ with řekla (constructed)",
        "cs",
        ["„Budeme pokračovat v jednání,“ řekla ministryně Jana Nováková."],
        [("Budeme pokračovat v jednání", "ministryně Jana Nováková", "speech")],
        ["ministryně Jana Nováková"],
    ),
    (
        "Chinese “…” speech by 指出 / 他说, and a phrase (extraction/gmw)",
        None,
        [
            "他认为高原反应可能类似于宿醉，但它也可能类似于中毒。他说：“如果人们没有感受到充分"
            "的大气压力，他们也会觉得喝醉了一样。”",
            "汉森指出：“如果人们脑子里一直认为在飞机上酒精会对他们产生与平常不同的作用，那么他们"
            "乘坐飞机时真的会觉得酒精对他们产生了不同的作用。”",
            "那么，为什么不能让宇航员来一杯“地球末日”鸡尾酒来放松一下？",
        ],
        [
            ("如果人们没有感受到充分的大气压力，他们也会觉得喝醉了一样。", "他", "speech"),
            (
                "如果人们脑子里一直认为在飞机上酒精会对他们产生与平常不同的作用，那么他们乘坐飞机"
                "时真的会觉得酒精对他们产生了不同的作用。",
                "汉森",
                "speech",
            ),
            ("地球末日", None, "phrase"),
        ],
        ["汉森"],
    ),
    (
        "Chinese speaker after the quote, without the manner adverb (extraction/youth)",
        None,
        [
            "卢宇还认为两会应该增设学子代表，列席旁听两会，拓展留学生参政议政渠道。“我相信优秀"
            "留学生的国际化视野必将为家乡建设带来新的思路，增添新的活力。”卢宇恳切地说。"
        ],
        [
            (
                "我相信优秀留学生的国际化视野必将为家乡建设带来新的思路，增添新的活力。",
                "卢宇",
                "speech",
            )
        ],
        ["卢宇"],
    ),
    (
        "Chinese speaker without the Latin gloss, nested ‘…’ inside (extraction/gmw)",
        None,
        [
            "NASA发言人斯蒂芬妮?席尔霍尔茨(Stephanie Schierhol）表示：“我们研究了太空中宇航员"
            "身体的各种变化，包括微生物层面的。显然，在实施‘天空实验室(skylab)’项目时，他们曾将"
            "雪利酒与宇航员一起送到太空中。”"
        ],
        [
            (
                "我们研究了太空中宇航员身体的各种变化，包括微生物层面的。显然，在实施‘天空实验室"
                "(skylab)’项目时，他们曾将雪利酒与宇航员一起送到太空中。",
                "席尔霍尔茨",
                "speech",
            )
        ],
        ["席尔霍尔茨"],
    ),
    (
        "Chinese 「…」 (constructed)",
        "zh",
        ["發言人表示：「我們會繼續與各方保持溝通，盡快解決問題。」"],
        [("我們會繼續與各方保持溝通，盡快解決問題。", "發言人", "speech")],
        ["發言人"],
    ),
    (
        "Japanese 「…」 product names and a one-word answer are phrases (extraction/yahoo-4)",
        None,
        [
            "トレンドマイクロは3月9日、Wi-Fi利用時の通信を暗号化し保護するスマホ・タブレット向けの"
            "セキュリティアプリ「フリーWi-Fiプロテクション」（iOS/Android）の発売を開始すると発表した。",
            "回答者の約85％が安全なフリーWi-Fiと危険なフリーWi-Fiは「見分けられない」と回答。",
        ],
        [("フリーWi-Fiプロテクション", None, "phrase"), ("見分けられない", None, "phrase")],
        [],
    ),
    (
        "Japanese 「…」と述べた with 『…』 inside (constructed)",
        "ja",
        ["田中氏は「新しい『働き方』を社会全体で考える時期に来ている。」と述べた。"],
        [("新しい『働き方』を社会全体で考える時期に来ている。", "田中氏", "speech")],
        ["田中氏"],
    ),
    (
        "British: single outside, double inside (constructed)",
        "en",
        ["‘I told him “never again” and I meant every word,’ said Sarah Jones."],
        [("I told him “never again” and I meant every word", "Sarah Jones", "speech")],
        ["Sarah Jones"],
    ),
    (
        "British multi-paragraph ‘…’: open each paragraph, close on the last (constructed)",
        "en",
        [
            "‘We waited for hours outside the station. Nobody came to tell us anything.",
            "‘In the end we went home,’ said Tom Hardy.",
        ],
        [
            (
                "We waited for hours outside the station. Nobody came to tell us anything.\n"
                "In the end we went home",
                "Tom Hardy",
                "speech",
            )
        ],
        ["Tom Hardy"],
    ),
    (
        "a headline in single quotes with doubles inside is a title "
        "(corpus/RSParser/.../DaringFireball.rss)",
        "en",
        ["‘Apple Likely to Drop the “5”, Call New 4-Inch Model the “iPhone SE”’"],
        [("Apple Likely to Drop the “5”, Call New 4-Inch Model the “iPhone SE”", None, "phrase")],
        [],
    ),
    (
        "a middle initial does not cut the name (extraction/wapo-2)",
        "en",
        [
            "“While the United States is loved and beloved in Israel, President Obama is not,” "
            "said Robert M. Danin, a senior fellow at the Council on Foreign Relations."
        ],
        [
            (
                "While the United States is loved and beloved in Israel, President Obama is not",
                "Robert M. Danin",
                "speech",
            )
        ],
        ["Robert M. Danin"],
    ),
    (
        "a pronoun resolves to the person named just before (extraction/nytimes-3)",
        "en",
        [
            "The utility switched most of its manhole covers to vented ones that allow gases "
            "to escape, “so they cannot form a combustible amount,” Mr. McHugh said.",
            "“It also lets smoke escape, which can tip off the public to notify the "
            "authorities,” he added.",
        ],
        [
            ("so they cannot form a combustible amount", "Mr. McHugh", "speech"),
            (
                "It also lets smoke escape, which can tip off the public to notify the authorities",
                "he",
                "speech",
            ),
        ],
        ["Mr. McHugh"],
    ),
    (
        "an unresolved pronoun stays in the text, never in the header (extraction/bbc-1)",
        "en",
        [
            '"For us not to be able to resolve that issue has been something that is '
            'distressing," he added.'
        ],
        [
            (
                "For us not to be able to resolve that issue has been something that is "
                "distressing",
                "he",
                "speech",
            )
        ],
        [],
    ),
    (
        "a pronoun is ambiguous when another person is named since (constructed)",
        "en",
        [
            "“We will rebuild,” said Ann Lee.",
            "Her deputy, Tom Park, was less sure. “It will take years,” he said.",
        ],
        [("We will rebuild", "Ann Lee", "speech"), ("It will take years", "he", "speech")],
        ["Ann Lee"],
    ),
    (
        "a clause before the verb is no speaker: not 'books' (extraction/article-author-tag)",
        "en",
        [
            "“If I see a deck on sale on eBay,” Kaplan, also an avid collector of games, rare "
            "tarot cards, and books says, “and it’s $100 or something, that upsets me.”"
        ],
        [
            ("If I see a deck on sale on eBay", None, "speech"),
            ("and it’s $100 or something, that upsets me.", None, "speech"),
        ],
        [],
    ),
    (
        "apostrophes never open or close a quote (constructed from the issue's list)",
        "en",
        [
            "Rock ’n’ roll came back in the ’90s, O’Neill said, and the Joneses’ band "
            "played it at Ministers’ parties."
        ],
        [],
        [],
    ),
    (
        "apostrophes inside a British single quote (corpus/rss-parser/.../guardian.rss)",
        "en",
        [
            "The president’s ‘new American moment’ speech stirred Republican applause while "
            "Democrats showed thinly disguised contempt"
        ],
        [("new American moment", None, "phrase")],
        [],
    ),
    (
        "references are not speech, even with a nested single quote "
        "(extraction/wikipedia-2, extraction/wikipedia)",
        "en",
        [
            "^ Kirby, Alex (January 2005). \"Huge eagles 'dominated NZ skies'\". BBC News. "
            "Retrieved 4 February 2011.",
            '^ "Mac vendors ponder Netscape gambit.". Macworld. 1 May 1998. Retrieved 2012-08-19.',
        ],
        [
            ("Huge eagles 'dominated NZ skies'", None, "phrase"),
            ("Mac vendors ponder Netscape gambit.", None, "phrase"),
        ],
        [],
    ),
    (
        "citations and code are not speech (constructed, Wikipedia and blog shapes)",
        "en",
        [
            '"Mozilla launches a new browser for everyone." Retrieved 12 May 2015.',
            'Type "x = compute(y)" and press Enter.',
            'The song "Where Have All the Flowers Gone" was a hit.',
        ],
        [
            ("Mozilla launches a new browser for everyone.", None, "phrase"),
            ("x = compute(y)", None, "phrase"),
            ("Where Have All the Flowers Gone", None, "phrase"),
        ],
        [],
    ),
    (
        "Spanish em-dash dialogue with the narrator's aside (constructed)",
        "es",
        ["—No pienso volver nunca —dijo Juan—. Aquí ya no queda nada."],
        [
            ("No pienso volver nunca", "Juan", "speech"),
            ("Aquí ya no queda nada.", "Juan", "speech"),
        ],
        ["Juan"],
    ),
    (
        "Russian em-dash dialogue and «…» with сказал (constructed)",
        "ru",
        [
            "— Мы вернёмся завтра утром, — сказал Иван Петров.",
            "«Это было очень трудное решение для всех нас», — заявила она.",
        ],
        [
            ("Мы вернёмся завтра утром", "Иван Петров", "speech"),
            ("Это было очень трудное решение для всех нас", "она", "speech"),
        ],
        ["Иван Петров"],
    ),
    (
        "French em-dash dialogue (constructed)",
        "fr",
        ["— Nous partirons demain matin, répondit-elle.", "Il ne dit rien."],
        [("Nous partirons demain matin", "elle", "speech")],
        [],
    ),
]


@pytest.mark.parametrize(
    ("lang", "paragraphs", "expected", "people"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_styles(
    lang: str | None,
    paragraphs: list[str],
    expected: list[tuple[str, str | None, str]],
    people: list[str],
) -> None:
    quotes = find_quotes(paragraphs, lang=lang)
    assert [(q.text, q.speaker, q.kind) for q in quotes] == expected
    count, listed = speech_summary(quotes)
    assert count == sum(kind == "speech" for _, _, kind in expected)
    assert listed == people
    for q in quotes:
        for piece in q.pieces:
            assert 0 <= piece.start < piece.end <= len(paragraphs[piece.block])
        if q.speaker_at is not None:
            at = q.speaker_at
            assert paragraphs[at.block][at.start : at.end] == q.speaker


@pytest.mark.parametrize(
    ("paragraphs", "lang"),
    [
        (
            ["Die Regierung sagte, dass die Gespräche mit der Opposition am Montag weitergehen."],
            "de",
        ),
        (
            ["Le gouvernement a déclaré que les discussions avec les syndicats reprendront lundi."],
            "fr",
        ),
        (
            ["El gobierno dijo que las conversaciones con los sindicatos se reanudarán el lunes."],
            "es",
        ),
        (["O governo disse que as negociações com os sindicatos não vão continuar para já."], "pt"),
        (
            ["Il governo ha detto che la trattativa con i sindacati non è ancora finita per ora."],
            "it",
        ),
        (["Vláda uvedla, že jednání se odbory bude pokračovat a že to není jen na ní."], "cs"),
        (["Он сказал, что переговоры с профсоюзами будут продолжены и что это не всё."], "ru"),
        (["他说，谈判将在下周一继续进行，各方都表示欢迎。这是一个好消息。"], "zh"),
        (["田中氏は、交渉は来週も続けると述べた。"], "ja"),
        (["The government said that the talks with the unions will go on next week."], "en"),
        (  # corpus/RSParser/.../russcox.atom: a few Japanese words in an English post
            [
                "For more on UTF-8, see “Hello World or Καλημέρα κόσμε or こんにちは 世界,” by "
                "Rob Pike and Ken Thompson, and also this history of the encoding."
            ],
            "en",
        ),
    ],
)
def test_language_detection(paragraphs: list[str], lang: str) -> None:
    assert detect(paragraphs) == lang


def _page(name: str) -> tuple[int, list[str]]:
    html = (PAGES / name / "expected.html").read_text(encoding="utf-8")
    meta = read_article(make_article(title="t", content=html, content_type="html")).metadata
    return meta.quotes, meta.speakers


# Pages of the readability test set with no quoted speech at all (read by hand: scare
# quotes, titles of works, UI labels, API names, references). Before the header counted
# speech only, 22 of these 23 announced quotes, 254 in all (wikipedia-4: 83, 002: 42).
NO_SPEECH = [
    "001", "002", "aclu", "cnet", "dropbox-blog", "ebb-org", "firefox-nightly-blog", "heise",
    "keep-tabular-data", "lazy-image-1", "lemonde-1", "links-in-tables", "mozilla-1", "msn",
    "nytimes-2", "pixnet", "telegraph", "toc-missing", "tumblr", "v8-blog", "wikipedia-3",
    "wikipedia-4", "yahoo-4",
]  # fmt: skip


@needs(PAGES)
def test_headers_count_speech_only_on_real_pages() -> None:
    counts = {name: _page(name)[0] for name in NO_SPEECH}
    assert sum(counts.values()) == 0, counts
    # and real speech is still counted, with its speakers, in every language
    assert _page("liberation-1")[1][:1] == ["Laurent Fabius"]
    assert _page("aktualne")[1][-1] == "Rice"
    assert "汉森" in _page("gmw")[1]
    assert "Robert M. Danin" in _page("wapo-2")[1]


@needs(PAGES)
def test_no_pronoun_is_ever_listed() -> None:
    pronouns = {"he", "she", "they", "i", "we", "it", "you", "er", "sie", "il", "elle", "他", "她"}
    for page in sorted(PAGES.iterdir()):
        if (page / "expected.html").exists():
            _, speakers = _page(page.name)
            assert not pronouns & {s.lower() for s in speakers}, (page.name, speakers)


@needs(PAGES)
def test_language_of_the_non_english_pages() -> None:
    langs = {}
    for page in sorted(PAGES.iterdir()):
        meta = page / "expected-metadata.json"
        if not meta.exists():
            continue
        tag = json.loads(meta.read_text(encoding="utf-8")).get("lang") or ""
        if tag[:2] in ("de", "fr", "es", "pt", "cs", "zh", "ja"):
            html = (page / "expected.html").read_text(encoding="utf-8")
            doc = read_article(make_article(title="t", content=html, content_type="html")).document
            langs[page.name] = (tag[:2], detect(doc.prose()))
    assert len(langs) >= 9
    assert all(want == got for want, got in langs.values()), langs
