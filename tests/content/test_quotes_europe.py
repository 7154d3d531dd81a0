"""Quotes in European newsrooms' styles, from real articles in ../shared (each sentence quoted
as printed, with the file it comes from). Cases marked "(constructed)" cover a style that no
file in ../shared prints; they follow the same newsroom conventions."""

from __future__ import annotations

from tests.content.quote_table import NBSP, Case, check, table

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
        "German desk printing English “…” marks (constructed)",
        "de",
        ["“Wir sind bereit für die nächste Runde”, sagte der Trainer nach dem Spiel."],
        [("Wir sind bereit für die nächste Runde", "der Trainer", "speech")],
        ["der Trainer"],
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


@table(CASES)
def test_styles(
    lang: str | None,
    paragraphs: list[str],
    expected: list[tuple[str, str | None, str]],
    people: list[str],
) -> None:
    check(lang, paragraphs, expected, people)
