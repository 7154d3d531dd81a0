"""Each newsroom's quotation style: which mark opens, which closes it, and the words that
say who spoke.

The same character means different things by language: “ opens in English and closes
in German („…“); » closes in French («…») and opens in German (»…«). So pairing goes by
the article's language, never by the character alone. Marks that only ever open („ 「 『)
pair in every language, so a quoted German phrase in an English article still pairs.
"""

from __future__ import annotations

from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True, slots=True)
class Style:
    lang: str
    pairs: dict[str, str]  # opening mark -> the marks that close it
    singles: bool = False  # top-level ‘…’ / '…' quotes (English, British outer quotes)
    dialogue: bool = False  # a paragraph opening with an em dash is a spoken line
    cjk: bool = False  # no spaces between words: attribution is found by clause
    verbs: frozenset[str] = frozenset()  # said, sagte, a déclaré (the participle), 说 …
    aux: frozenset[str] = frozenset()  # "a" déclaré, "ha" detto: skipped before a verb
    according: tuple[tuple[str, ...], ...] = ()  # according to, selon, según …
    determiners: frozenset[str] = frozenset()  # a speaker may start with these
    pronouns: frozenset[str] = frozenset()  # speakers that name nobody by themselves
    stops: frozenset[str] = frozenset()  # words that end a speaker after the verb
    inverted: bool = False  # “…,” VERB Name: any lowercase word after a comma-quote


_UNIVERSAL = {"„": "“”", "「": "」", "『": "』"}
_EN_PAIRS = {"“": "”", "«": "»", '"': '"', **_UNIVERSAL}
_LATIN_PAIRS = {"«": "»", "“": "”", '"': '"', "‹": "›", **_UNIVERSAL}
_GERMANIC_PAIRS = {"„": "“”", "»": "«", "«": "»", '"': '"', "「": "」", "『": "』"}
_CJK_PAIRS = {"“": "”", "「": "」", "『": "』", '"': '"', "„": "“”"}

_DAYS_EN = "monday tuesday wednesday thursday friday saturday sunday"
EN = Style(
    "en",
    _EN_PAIRS,
    singles=True,
    verbs=_words(
        """said says say added adds told tells wrote writes asked asks explained explains
        noted notes stated states declared declares insisted insists warned warns argued
        argues continued continues replied replies responded responds remarked recalled
        claimed claims commented acknowledged admitted announced announces stressed
        stresses emphasised emphasized observed concluded suggested tweeted posted
        exclaimed shouted whispered cautioned urged countered conceded predicted promised
        joked laughed sighed"""
    ),
    according=(("according", "to"),),
    determiners=_words(
        """the a an his her their its our my your one another some several many both each
        other these those two three four five six seven eight nine ten officials police"""
    ),
    pronouns=_words("he she they we i it you him her them us"),
    stops=_words(
        f"""on in at to during after before when while who whose which that as from for
        with without by via about yesterday today tonight tomorrow last this earlier later
        adding and but or because since if though although than recently {_DAYS_EN}"""
    ),
)
DE = Style(
    "de",
    _GERMANIC_PAIRS,
    verbs=_words(
        """sagte sagt sagten erklärte erklärt betonte betont meinte meint schreibt
        schrieb warnte warnt kritisierte forderte fordert berichtete berichtet fügte
        ergänzte ergänzt antwortete sagen erklären hieß heißt"""
    ),
    aux=_words("hat haben hatte"),
    according=(("laut",), ("so",)),  # „…“, so der Minister
    determiners=_words("der die das ein eine des dem den einer sein seine ihr ihre"),
    pronouns=_words("er sie es wir ich man"),
    stops=_words(
        """in im am an auf bei gegenüber mit nach vor zu zum zur über von vom für und
        aber dass weil als am heute gestern montag dienstag mittwoch donnerstag freitag
        samstag sonntag"""
    ),
    inverted=True,
)
FR = Style(
    "fr",
    _LATIN_PAIRS,
    dialogue=True,
    verbs=_words(
        """dit déclaré affirmé ajouté expliqué indiqué souligné estimé précisé assuré
        confié raconté martelé insisté reconnu annoncé averti répondu commenté poursuivi
        résumé rappelé jugé lancé déclare affirme ajoute explique indique souligne estime
        précise assure raconte poursuit répond rappelle déclara dit-il dit-elle"""
    ),
    aux=_words("a ont avait"),
    according=(("selon",), ("d’après",), ("d'après",)),
    determiners=_words("le la les l’ l' un une son sa ses leur cet cette ce"),
    pronouns=_words("il elle ils elles on je nous"),
    stops=_words(
        """à au aux dans en sur lors pour avec par mais qui que après avant devant lundi
        mardi mercredi jeudi vendredi samedi dimanche hier mardi"""
    ),
    inverted=True,
)
ES = Style(
    "es",
    _LATIN_PAIRS,
    dialogue=True,
    verbs=_words(
        """dijo dice afirmó afirma señaló señala explicó explica aseguró asegura añadió
        agregó indicó indica declaró manifestó sostuvo subrayó advirtió comentó respondió
        insistió apuntó"""
    ),
    aux=_words("ha han había"),
    according=(("según",),),
    determiners=_words("el la los las un una su sus este esta"),
    pronouns=_words("él ella ellos ellas yo nosotros"),
    stops=_words("en a al ante durante tras con para por que quien y pero ayer hoy"),
    inverted=True,
)
PT = Style(
    "pt",
    _LATIN_PAIRS,
    dialogue=True,
    verbs=_words(
        """disse diz afirmou afirma declarou explicou acrescentou falou ressaltou destacou
        garantiu completou comentou respondeu avaliou concluiu"""
    ),
    according=(("segundo",), ("de", "acordo", "com")),
    determiners=_words("o a os as um uma seu sua"),
    pronouns=_words("ele ela eles elas eu nós"),
    stops=_words("em ao à no na nos nas durante com para por que e mas ontem hoje"),
    inverted=True,
)
IT = Style(
    "it",
    _LATIN_PAIRS,
    dialogue=True,
    verbs=_words(
        """detto affermato aggiunto spiegato dichiarato sottolineato commentato
        precisato ribadito dice afferma aggiunge spiega dichiara sottolinea disse"""
    ),
    aux=_words("ha hanno aveva"),
    according=(("secondo",),),
    determiners=_words("il lo la i gli le un una l’ l' suo sua"),
    pronouns=_words("lui lei loro io noi egli ella"),
    stops=_words("a al alla in nel nella durante con per che e ma ieri oggi"),
    inverted=True,
)
CS = Style(
    "cs",
    _GERMANIC_PAIRS,
    verbs=_words(
        """řekl řekla řekli uvedl uvedla uvedli dodal dodala napsal napsala prohlásil
        prohlásila zdůraznil zdůraznila zdůrazňuje míní tvrdí píše přirovnává hodnotí
        vysvětlil vysvětlila poznamenal poznamenala"""
    ),
    according=(("podle",),),
    pronouns=_words("on ona oni ony já my"),
    stops=_words("na v ve pro při podle s se k ke o a ale že včera dnes svém"),
    inverted=True,
)
RU = Style(
    "ru",
    {"«": "»", "„": "“", '"': '"', "“": "”", "「": "」", "『": "』"},
    dialogue=True,
    verbs=_words(
        """сказал сказала сказали заявил заявила заявили отметил отметила добавил добавила
        сообщил сообщила подчеркнул подчеркнула пояснил пояснила ответил ответила говорит"""
    ),
    according=(("по", "словам"), ("по", "данным")),
    pronouns=_words("он она они я мы"),
    stops=_words("в на по с к о и но что вчера сегодня"),
    inverted=True,
)
ZH = Style(
    "zh",
    _CJK_PAIRS,
    cjk=True,
    verbs=frozenset(("表示", "指出", "补充说", "说道", "透露", "强调", "称", "说")),
    according=(("据",),),
    pronouns=frozenset(("他", "她", "他们", "她们", "我", "我们")),
)
JA = Style(
    "ja",
    _CJK_PAIRS,
    cjk=True,
    verbs=frozenset(
        (
            "と述べた",
            "と語った",
            "と話した",
            "と説明した",
            "と強調した",
            "と明かした",
            "と話す",
            "と語る",
        )
    ),
    pronouns=frozenset(("彼", "彼女", "私")),
)
STYLES = {s.lang: s for s in (EN, DE, FR, ES, PT, IT, CS, RU, ZH, JA)}


def style_for(lang: str) -> Style:
    return STYLES.get(lang, EN)
