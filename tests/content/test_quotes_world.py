"""Quotes in Chinese, Japanese, British and American styles, speakers, pronouns, apostrophes
and what is not speech, from real articles in ../shared (file named in each case; cases
marked "(constructed)" cover what no file there prints)."""

from __future__ import annotations

from tests.content.quote_table import Case, check, table

CASES: list[Case] = [
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
]


@table(CASES)
def test_styles(
    lang: str | None,
    paragraphs: list[str],
    expected: list[tuple[str, str | None, str]],
    people: list[str],
) -> None:
    check(lang, paragraphs, expected, people)
