# ruff: noqa: E501
"""Each category's rules in context: positive and negative cases in several languages.

Every case is a small document: a few article paragraphs with the line under
test in the middle (or at the end). Positive cases must be removed with the
category named; negative cases (article sentences that share a rule's words)
must be kept.
"""

from __future__ import annotations

import pytest

from cleaner import Category, Settings
from cleaner.pipeline import Cleaner

CLEANER = Cleaner(Settings(language_backend="none"))

ARTICLE = {
    "en": [
        "The city council approved the new budget on Monday after a long and heated debate "
        "that lasted well into the evening.",
        "Officials said the plan would fund three new schools and repair roads in the northern "
        "districts over the next two years.",
        "Opposition members argued that the spending was too high, but the measure passed with "
        "a comfortable majority of the votes.",
        "The mayor said she expected construction on the first school to begin in the spring, "
        "once the contracts have been signed.",
    ],
    "de": [
        "Der Stadtrat hat am Montag nach einer langen und hitzigen Debatte den neuen Haushalt "
        "für das kommende Jahr beschlossen.",
        "Nach Angaben der Verwaltung sollen mit dem Geld drei neue Schulen gebaut und die "
        "Straßen in den nördlichen Stadtteilen saniert werden.",
        "Die Opposition kritisierte die hohen Ausgaben, doch der Antrag wurde mit einer "
        "deutlichen Mehrheit der Stimmen angenommen.",
        "Die Bürgermeisterin erwartet, dass die Bauarbeiten an der ersten Schule im Frühjahr "
        "beginnen, sobald die Verträge unterschrieben sind.",
    ],
    "fr": [
        "Le conseil municipal a adopté lundi le nouveau budget après un long débat qui s'est "
        "prolongé jusque tard dans la soirée.",
        "Selon la mairie, ce plan doit financer trois nouvelles écoles et la réfection des "
        "routes dans les quartiers du nord de la ville.",
        "L'opposition a jugé les dépenses trop élevées, mais la délibération a été adoptée à "
        "une large majorité des voix exprimées.",
        "La maire a indiqué que les travaux de la première école devraient commencer au "
        "printemps, une fois les contrats signés.",
    ],
    "es": [
        "El ayuntamiento aprobó el lunes el nuevo presupuesto después de un largo debate que "
        "se prolongó hasta bien entrada la noche.",
        "Según el consistorio, el plan financiará tres nuevas escuelas y la reparación de las "
        "calles de los barrios del norte de la ciudad.",
        "La oposición consideró que el gasto era demasiado alto, pero la medida salió adelante "
        "con una amplia mayoría de los votos.",
        "La alcaldesa dijo que espera que las obras de la primera escuela comiencen en "
        "primavera, una vez firmados los contratos.",
    ],
}


def clean_lines(lines: list[str]):
    return CLEANER.clean("\n\n".join(lines))


def mid(lang: str, *inserted: str) -> list[str]:
    body = ARTICLE[lang]
    return [*body[:2], *inserted, *body[2:]]


def end(lang: str, *appended: str) -> list[str]:
    return [*ARTICLE[lang], *appended]


def removed_as(result, line: str) -> set[Category]:
    return {r.category for r in result.removed if line in r.text}


def assert_article_kept(result, lang: str) -> None:
    for sentence in ARTICLE[lang]:
        assert sentence in result.text, f"lost article sentence {sentence[:50]!r}"


POSITIVE = [
    # caption
    ("en", "mid", Category.CAPTION, ["Photo: Shutterstock."]),
    ("en", "mid", Category.CAPTION, ["[Photo by Jane Doe/Getty Images]"]),
    ("en", "mid", Category.CAPTION, ["Click to Enlarge"]),
    ("en", "mid", Category.CAPTION, ["ILLUSTRATIVE IMAGE"]),
    (
        "en",
        "mid",
        Category.CAPTION,
        ["Rescue workers search the rubble after the quake. Photo: Jane Doe/Agency)"],
    ),
    (
        "en",
        "mid",
        Category.CAPTION,
        ["Protesters march in the capital, March 23, 2016. © J. Doe / Reuters"],
    ),
    ("de", "mid", Category.CAPTION, ["Foto: dpa"]),
    ("de", "mid", Category.CAPTION, ["Die Feuerwehr im Einsatz am Montagabend. Foto: Max Muster"]),
    ("de", "mid", Category.CAPTION, ["Bild vergrößern"]),
    ("fr", "mid", Category.CAPTION, ["Crédit photo : AFP"]),
    ("es", "mid", Category.CAPTION, ["Imagen de archivo"]),
    # social_embed
    (
        "en",
        "mid",
        Category.SOCIAL_EMBED,
        [
            "Our thoughts are with everyone in the city tonight. #StaySafe pic.twitter.com/AbC123xyz",
            "— Jane Reporter (@janereports) November 16, 2015",
        ],
    ),
    (
        "en",
        "mid",
        Category.SOCIAL_EMBED,
        [
            "What a night for the team, unbelievable scenes at the stadium",
            "— Sam Fan (@samfan99) November 16, 2015",
        ],
    ),
    (
        "de",
        "mid",
        Category.SOCIAL_EMBED,
        ["Was für ein Abend im Stadion!", "— Max Muster (@maxmuster) 16. November 2015"],
    ),
    ("en", "mid", Category.SOCIAL_EMBED, ["View this post on Instagram"]),
    (
        "fr",
        "mid",
        Category.SOCIAL_EMBED,
        ["Une publication partagée par Marie (@marie) le 3 mars 2019"],
    ),
    ("es", "mid", Category.SOCIAL_EMBED, ["Ver esta publicación en Instagram"]),
    # related
    ("en", "mid", Category.RELATED, ["SEE ALSO: Why the city is running out of teachers"]),
    ("en", "mid", Category.RELATED, ["NOW WATCH: Briefing videos"]),
    ("de", "mid", Category.RELATED, ["Lesen Sie auch: Warum der Stadt die Lehrer ausgehen"]),
    ("fr", "mid", Category.RELATED, ["Lire aussi : Pourquoi la ville manque d'enseignants"]),
    ("es", "mid", Category.RELATED, ["Lea también: Por qué faltan maestros en la ciudad"]),
    # footer
    ("en", "end", Category.FOOTER, ["Business Daily Emails & Alerts"]),
    ("en", "end", Category.FOOTER, ["Site highlights each day to your inbox."]),
    (
        "en",
        "end",
        Category.FOOTER,
        ["Follow Business Daily on Facebook, Twitter, LinkedIn, and Instagram."],
    ),
    ("de", "end", Category.FOOTER, ["© 2023 Stadtanzeiger. Alle Rechte vorbehalten."]),
    ("de", "end", Category.FOOTER, ["Newsletter abonnieren"]),
    ("fr", "end", Category.FOOTER, ["Suivez-nous sur Facebook et Twitter"]),
    ("es", "end", Category.FOOTER, ["Todos los derechos reservados."]),
    # navigation
    ("en", "start", Category.NAVIGATION, ["Skip to main content"]),
    ("en", "start", Category.NAVIGATION, ["Home > News > Local"]),
    (
        "en",
        "start",
        Category.NAVIGATION,
        ["We use cookies to improve your experience on our site."],
    ),
    ("de", "start", Category.NAVIGATION, ["Zum Inhalt springen"]),
    ("de", "start", Category.NAVIGATION, ["Startseite » Politik » Inland"]),
    ("fr", "start", Category.NAVIGATION, ["Aller au contenu principal"]),
    ("es", "start", Category.NAVIGATION, ["Saltar al contenido"]),
    # share
    ("en", "mid", Category.SHARE, ["Share on Facebook"]),
    ("en", "end", Category.SHARE, ["Tweet | Email | Print"]),
    ("de", "mid", Category.SHARE, ["Artikel teilen"]),
    ("fr", "mid", Category.SHARE, ["Partager sur Facebook"]),
    ("es", "mid", Category.SHARE, ["Compartir en Twitter"]),
    # advertisement
    ("en", "mid", Category.ADVERTISEMENT, ["Advertisement"]),
    ("de", "mid", Category.ADVERTISEMENT, ["Anzeige"]),
    ("fr", "mid", Category.ADVERTISEMENT, ["Publicité"]),
    ("es", "mid", Category.ADVERTISEMENT, ["Publicidad"]),
    # metadata
    ("en", "end", Category.METADATA, ["Tags: budget, schools, city council"]),
    ("de", "end", Category.METADATA, ["Schlagwörter: Haushalt, Schulen, Stadtrat"]),
    ("fr", "end", Category.METADATA, ["Mots-clés : budget, écoles, conseil municipal"]),
    ("es", "end", Category.METADATA, ["Etiquetas: presupuesto, escuelas, ayuntamiento"]),
    # the site's own headings, notices and post furniture
    ("en", "end", Category.FOOTER, ["Business Daily Newsletter"]),
    ("de", "end", Category.FOOTER, ["Dein persönlicher Newsletter"]),
    ("fr", "end", Category.FOOTER, ["Recevez notre infolettre"]),
    (
        "en",
        "end",
        Category.METADATA,
        ["This entry was posted in Politics and tagged budget, schools. Bookmark the permalink."],
    ),
    (
        "de",
        "end",
        Category.METADATA,
        ["Dieser Eintrag wurde veröffentlicht in Politik und getaggt als Haushalt, Schulen."],
    ),
    (
        "de",
        "end",
        Category.METADATA,
        [
            "Der Beitrag wurde am Mittwoch, den 27. November 2019 um 15:21 Uhr veröffentlicht "
            "und wurde unter Allgemein abgelegt."
        ],
    ),
    ("fr", "end", Category.METADATA, ["Cette entrée a été publiée dans Politique."]),
    ("es", "end", Category.METADATA, ["Esta entrada fue publicada en Política."]),
    ("de", "start", Category.METADATA, ["19.6.2007 9:40 Uhr Max Muster 71 Kommentare"]),
    ("en", "start", Category.METADATA, ["March 3, 2021 | Jane Doe | 12 comments"]),
    ("fr", "start", Category.METADATA, ["3 mars 2021 · Marie Dupont · 4 commentaires"]),
    ("es", "mid", Category.RELATED, ["VEA TAMBIÉN: Por qué faltan maestros en la ciudad"]),
    ("es", "mid", Category.RELATED, ["Mire: El alcalde presenta el plan de obras"]),
    ("en", "mid", Category.RELATED, ["READ: Why the city is running out of teachers"]),
    ("de", "mid", Category.RELATED, ["Auch lesen: Warum der Stadt die Lehrer ausgehen"]),
    ("de", "end", Category.COMMENTS, ["Du musst angemeldet sein, um einen Kommentar abzugeben."]),
    ("en", "end", Category.COMMENTS, ["You must be logged in to post a comment."]),
    ("fr", "end", Category.COMMENTS, ["Vous devez être connecté pour publier un commentaire."]),
    ("de", "end", Category.NAVIGATION, ["Vorheriger Artikel"]),
    ("en", "end", Category.NAVIGATION, ["Next post: Why the city is running out of teachers"]),
    ("fr", "end", Category.NAVIGATION, ["« Article précédent"]),
    ("es", "end", Category.NAVIGATION, ["Entrada siguiente → El alcalde presenta el plan"]),
    ("de", "mid", Category.CAPTION, ["Quelle: Landesregierung"]),
    ("en", "mid", Category.CAPTION, ["Source: Reuters"]),
    ("es", "mid", Category.CAPTION, ["Fuente: Ayuntamiento"]),
    ("de", "end", Category.FOOTER, ["(Alle Angaben ohne Gewähr)"]),
    (
        "de",
        "end",
        Category.FOOTER,
        ["Ich habe die Datenschutzerklärung gelesen und akzeptiere sie."],
    ),
    ("en", "end", Category.FOOTER, ["I agree to the privacy policy and terms of use."]),
    ("es", "end", Category.FOOTER, ["Acepto la política de privacidad"]),
    ("en", "end", Category.FOOTER, ["Some rights reserved."]),
    ("de", "mid", Category.RELATED, ["Dowiedz się więcej: Kto jak głosował w radzie"]),
    ("es", "mid", Category.RELATED, ["PUEDES VER: ¿Qué es el nuevo plan de la alcaldía?"]),
    ("de", "mid", Category.SOCIAL_EMBED, ["Externer Inhalt"]),
    ("de", "mid", Category.SOCIAL_EMBED, ["Empfohlener redaktioneller Inhalt"]),
    ("fr", "mid", Category.SOCIAL_EMBED, ["Contenu externe"]),
    ("en", "end", Category.METADATA, ["Filed under City Council"]),
    ("de", "end", Category.FOOTER, ["HIER KOSTENLOS ANMELDEN »"]),
    ("en", "end", Category.FOOTER, ["Sign up for free"]),
    (
        "de",
        "end",
        Category.FOOTER,
        ["Materiał chroniony prawem autorskim - zasady przedruków określa regulamin."],
    ),
]


def _doc(lang: str, where: str, lines: list[str]) -> list[str]:
    if where == "start":
        return [*lines, *ARTICLE[lang]]
    return mid(lang, *lines) if where == "mid" else end(lang, *lines)


@pytest.mark.parametrize(
    ("lang", "where", "category", "lines"),
    POSITIVE,
    ids=[f"{c}-{lang}-{lines[-1][:24]}" for lang, _, c, lines in POSITIVE],
)
def test_boilerplate_is_removed_with_its_category(lang, where, category, lines):
    result = clean_lines(_doc(lang, where, lines))
    for line in lines:
        assert category in removed_as(result, line), (line, result.removed)
        assert line not in result.text
    assert_article_kept(result, lang)


NEGATIVE = [
    ("en", "Photo opportunities were rare during the visit, officials said."),
    (
        "en",
        "Photographs taken by residents on the night of the storm show the river bursting its "
        "banks near the old bridge, officials said.",
    ),
    (
        "en",
        "Photo editors at the newspaper spent the whole night choosing which pictures to print "
        "on the front page, the editor said.",
    ),
    (
        "de",
        "Fotos von der Veranstaltung wurden später im Rathaus ausgestellt, wie die Stadt mitteilte.",
    ),
    (
        "fr",
        "Image de marque et réputation sont devenues des priorités pour les entreprises, selon une étude.",
    ),
    (
        "en",
        "The senator, who posts as @senator on most networks, said the vote would take place on Tuesday.",
    ),
    (
        "de",
        "Der Minister schrieb auf Twitter, die Lage sei unter Kontrolle, und kündigte Gespräche an.",
    ),
    (
        "en",
        "Related research has shown similar results in mice, according to the authors of the report.",
    ),
    (
        "es",
        "Lea el informe completo antes de votar, pidió la alcaldesa a los concejales en la sesión.",
    ),
    (
        "en",
        "Copyright law in the European Union was reformed in 2019 after a long debate among members.",
    ),
    (
        "fr",
        "Suivez le guide : la visite commence devant la mairie et se termine au bord du fleuve.",
    ),
    (
        "en",
        "Home prices rose by five percent in the second quarter, the statistics office said on Friday.",
    ),
    (
        "de",
        "Startseite und Suchfunktion der Stadt sollen im kommenden Jahr vollständig erneuert werden.",
    ),
    (
        "en",
        "Share prices fell sharply on Monday after the company warned about lower profits this year.",
    ),
    (
        "de",
        "Teilen ist für viele junge Familien in der Stadt inzwischen selbstverständlich geworden.",
    ),
    (
        "en",
        "Advertisement spending in the region rose by three percent last year, the association said.",
    ),
    (
        "fr",
        "La publicité a rapporté trois millions d'euros à la ville l'an dernier, selon le rapport.",
    ),
    (
        "en",
        "Tags on the luggage showed that the bags had been checked in at the airport, police said.",
    ),
    ("de", "Kommentare aus der Bevölkerung hat die Verwaltung in den neuen Entwurf eingearbeitet."),
    (
        "en",
        "Comments from residents were included in the final version of the plan, the mayor said.",
    ),
    (
        "es",
        "Comentarios de los vecinos fueron incluidos en la versión final del plan, dijo la alcaldesa.",
    ),
    ("en", "She also writes a weekly newsletter about the city's schools and their budgets."),
    (
        "de",
        "Der Beitrag wurde am 1. Januar um fünf Euro erhöht, wie die Verwaltung am Montag mitteilte.",
    ),
    (
        "en",
        "The council received 40 comments on the proposal before the vote on Monday, officials said.",
    ),
    (
        "fr",
        "Le nouveau service de la ville sera disponible pour iOS et Android dès le mois prochain, "
        "selon la mairie.",
    ),
    ("en", "Next year the city will vote again on the budget for its schools and its roads."),
    (
        "de",
        "Ich bin damit einverstanden, sagte die Bürgermeisterin, wenn die Schulen zuerst kommen.",
    ),
    (
        "es",
        "Mire usted, dijo la alcaldesa, las cuentas están claras y el plan es bueno para todos.",
    ),
]


@pytest.mark.parametrize(("lang", "sentence"), NEGATIVE, ids=[s[:30] for _, s in NEGATIVE])
def test_article_sentence_sharing_rule_words_is_kept(lang, sentence):
    result = clean_lines(mid(lang, sentence))
    assert sentence in result.text, result.removed
    assert_article_kept(result, lang)


POPULAR = {
    "en": [
        "Popular posts from this blog",
        "How we repaired the old bridge",
        "March 3, 2015",
        "The old bridge had been closed for years before volunteers…",
        "Ten walks along the river",
        "Read more",
    ],
    "de": [
        "Das könnte Sie auch interessieren",
        "So wurde die alte Brücke repariert",
        "3. März 2015",
        "Zehn Spaziergänge am Fluss",
        "Mehr lesen",
    ],
    "fr": [
        "Articles similaires",
        "Comment le vieux pont a été réparé",
        "3 mars 2015",
        "Dix promenades au bord du fleuve",
    ],
}


@pytest.mark.parametrize("lang", sorted(POPULAR))
def test_related_header_removes_its_teaser_run(lang):
    result = clean_lines(end(lang, *POPULAR[lang]))
    for line in POPULAR[lang]:
        assert line not in result.text
        assert Category.RELATED in removed_as(result, line), line
    assert_article_kept(result, lang)


COMMENTS = {
    "en": [
        "3 Comments",
        "John Smith says:",
        "March 4, 2015 at 10:12 am",
        "Great article, thanks for sharing this with us all.",
        "Reply",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
    ],
    "de": [
        "Kommentare",
        "Hans Meier sagt:",
        "4. März 2015 um 10:12 Uhr",
        "Toller Artikel, vielen Dank dafür!",
        "Antworten",
        "Schreibe einen Kommentar",
        "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert",
    ],
    "fr": [
        "Commentaires",
        "Marie Dupont dit :",
        "Merci pour cet article très intéressant !",
        "Répondre",
        "Laisser un commentaire",
        "Votre adresse e-mail ne sera pas publiée.",
    ],
}


@pytest.mark.parametrize("lang", sorted(COMMENTS))
def test_comments_header_at_the_end_removes_what_follows(lang):
    result = clean_lines(end(lang, *COMMENTS[lang]))
    for line in COMMENTS[lang]:
        assert line not in result.text
        assert Category.COMMENTS in removed_as(result, line), (line, result.removed)
    assert_article_kept(result, lang)


@pytest.mark.parametrize(
    ("lang", "header"),
    [("en", "Comments"), ("en", "Related"), ("de", "Kommentare"), ("fr", "Réactions")],
)
def test_header_word_mid_article_does_not_cut_it(lang, header):
    body = ARTICLE[lang]
    more = [s.replace(".", ";", 1) + " " + s for s in body]  # long paragraphs after the header
    result = clean_lines([*body, header, *more])
    for paragraph in [*body, *more]:
        assert paragraph in result.text, (header, result.removed)


def test_tweet_pasted_as_text_is_removed_whole():
    body = "Just remember: when a city is forced to its knees, the world stands up. #NotAfraid"
    signature = "— Sam Writer (@samwriter) November 13, 2015"
    result = clean_lines(mid("en", body, signature))
    assert removed_as(result, body) == {Category.SOCIAL_EMBED}
    assert removed_as(result, signature) == {Category.SOCIAL_EMBED}
    assert_article_kept(result, "en")


def test_every_removal_has_a_reason_and_rule():
    lines = ["Skip to main content", *mid("en", "Photo: Shutterstock."), "Share on Facebook"]
    result = clean_lines(lines)
    assert result.removed
    for removal in result.removed:
        assert removal.reason and removal.rule


def test_late_header_word_followed_by_a_paragraph_does_not_cut_it():
    body = ARTICLE["en"]
    tail = body[0] + " " + body[1] + " " + body[2]  # one long paragraph under the heading
    result = clean_lines([*body, *body, "Comments", tail])
    assert tail in result.text, result.removed


# Boilerplate written as sentences or prompts: which rule each one meets, by itself
# (the scan alone: what the scorer then makes of a weak hit depends on the page).
PROSE_BOILERPLATE = [
    ("comments", "We ask that comments are civil and free of hateful material.", "weak"),
    ("comments", "Please note that all comments are moderated before they appear.", "weak"),
    ("comments", "Die Kommentarfunktion ist für diesen Artikel geschlossen.", "weak"),
    ("comments", "Les commentaires sont fermés.", "weak"),
    ("comments", "Sé el primero en comentar", "weak"),
    ("comments", "Publier un commentaire", "header"),
    ("comments", "Escribe un comentario", "header"),
    ("comments", "Kommentar hinzufügen", "header"),
    ("comments", "Hinterlasse jetzt einen Kommentar", "header"),
    ("comments", "Schreibe einen Kommentar Antworten abbrechen", "header"),
    ("comments", "Leave a Reply Cancel reply", "header"),
    ("comments", "Kommentare insgesamt: 0", "header"),
    ("comments", "Comments: 12", "header"),
    ("footer", "This post contains affiliate links; we may earn a commission.", "weak"),
    ("footer", "Dieser Artikel enthält Affiliate-Links.", "weak"),
    ("footer", "Ja, ich möchte den wöchentlichen Newsletter bekommen", "weak"),
    ("footer", "Get the best stories in a weekly newsletter", "weak"),
    ("footer", "Recibe las noticias en tu bandeja de entrada", "weak"),
    ("footer", "Thème Simple. Fourni par Blogger.", "weak"),
    ("footer", "Proudly powered by WordPress", "weak"),
    ("share", "Teile diesen Beitrag auf", "strong"),
    ("share", "Möchten Sie den Artikel teilen?", "strong"),
    ("share", "Partagez cet article", "strong"),
    ("share", "Was this article helpful?", "strong"),
    ("share", "War der Artikel nützlich?", "strong"),
    ("share", "¿Te ha resultado útil?", "strong"),
    ("footer", "Get the latest stories: download our app for iOS and Android.", "weak"),
    ("footer", "Laden Sie sich jetzt die App für iOS und Android herunter.", "weak"),
    ("footer", "Téléchargez l'application pour iOS et Android.", "weak"),
    ("footer", "¡Únete a nuestro canal de Telegram!", "weak"),
    ("footer", "Hier geht es zu unserem WhatsApp-Kanal.", "weak"),
    ("footer", "Check out our YouTube channel for more videos.", "weak"),
    ("footer", "Already a subscriber? Log in to continue reading.", "weak"),
    ("footer", "Sie sind bereits Abonnent? Hier anmelden.", "weak"),
    ("footer", "¿Ya eres suscriptor? Inicia sesión.", "weak"),
    ("footer", "Déjà abonné ? Connectez-vous.", "weak"),
    ("footer", "Please support independent journalism with a monthly contribution.", "weak"),
    ("footer", "Bitte unterstützen Sie unsere Arbeit mit einer Spende.", "weak"),
    ("footer", "Pour plus d'infos, suivez-nous sur Instagram.", "weak"),
    ("footer", "Für mehr Nachrichten folgen Sie uns auf Instagram.", "weak"),
    ("footer", "Puede escribirnos o suscribirse aquí a nuestra newsletter.", "weak"),
    ("footer", "Get the best stories in our weekly newsletter", "weak"),
    ("footer", "Plant Care Newsletter", "strong"),
    ("footer", "Take your news with you and never miss a story.", "weak"),
    ("footer", "Du willst nichts mehr verpassen?", "weak"),
    ("footer", "Ne manquez rien de l'actualité locale.", "weak"),
    ("related", "Zum Weiterlesen:", "header"),
    ("related", "Zobacz również", "header"),
    ("related", "Schon gelesen?", "header"),
    ("related", "Das Thema könnte dich auch interessieren:", "header"),
    ("comments", "Dołącz do dyskusji", "header"),
    ("navigation", "Dieses Blog durchsuchen", "weak"),
    ("navigation", "Search this blog", "weak"),
    ("navigation", "Zurück zur Übersicht", "weak"),
    ("navigation", "Retour à la liste", "weak"),
    ("navigation", "Inhaltsverzeichnis", "weak"),
    ("navigation", "Table of contents", "weak"),
    ("metadata", "Eingestellt von Max um 21:11", "weak"),
    ("metadata", "Publicado por Ana a las 9:15", "weak"),
    ("footer", "Vous avez lu 1 des 4 articles gratuits ce mois-ci.", "weak"),
    ("footer", "You have read 2 of 5 free articles this month.", "weak"),
    ("footer", "Sofern nicht anders angegeben, stehen die Inhalte unter CC BY 4.0.", "weak"),
    ("footer", "Unless otherwise noted, content is licensed under CC BY-SA.", "weak"),
    ("footer", "Sauf mention contraire, le contenu est sous licence libre.", "weak"),
    ("advertisement", "*Werbung. Dieser Beitrag enthält Werbung für eine Marke.", "weak"),
    ("advertisement", "Cet article contient de la publicité pour une marque.", "weak"),
    ("advertisement", "Este artículo contiene publicidad.", "weak"),
]

PROSE_NOT_BOILERPLATE = [
    "Haftung für Inhalte",  # a legal notice may be the page's main text
    "Residents sent more than two hundred comments on the plan, and the council read them all "
    "before the vote on Monday.",
    "Der neue Motor wird von einem kleinen Elektromotor angetrieben und ist sehr leise.",
    "The new bus is powered by hydrogen and will run on the northern line from next spring, "
    "the transport authority said.",
    "Le thème de la conférence était la rénovation des écoles de la ville.",
    "Die Zeitung verschickt ihren Newsletter seit 2015 an mehr als zehntausend Leserinnen und "
    "Leser in der ganzen Region, die ihn kostenlos abonnieren können.",
    "Der Beitrag wurde am 1. Januar um fünf Euro erhöht, teilte die Verwaltung mit.",
    "The council received 40 comments on the proposal before the vote on Monday.",
    "Mire usted, dijo el alcalde, las cuentas están claras y el plan es bueno.",
    "Read the full report on the city's website before the meeting, the mayor urged.",
    "Les habitants ont laissé 40 commentaires sur le projet avant le vote de lundi.",
    "Filed under the new law, the suit claims damages of two million dollars.",
    "Schon gelesen haben die Schüler das Buch im vergangenen Jahr, sagte die Lehrerin.",
]


def _hits(line: str):
    from cleaner.rules import RuleSet
    from cleaner.segment import split_blocks

    blocks = split_blocks(line)
    return RuleSet(frozenset(Category)).scan(line, blocks)


@pytest.mark.parametrize(
    ("category", "line", "strength"),
    PROSE_BOILERPLATE,
    ids=[line[:30] for _, line, _ in PROSE_BOILERPLATE],
)
def test_prose_boilerplate_meets_its_rule(category, line, strength):
    (hit,) = _hits(line)
    assert hit is not None, line
    assert (hit.category, hit.strength.value) == (category, strength)


@pytest.mark.parametrize("line", PROSE_NOT_BOILERPLATE, ids=[s[:30] for s in PROSE_NOT_BOILERPLATE])
def test_article_prose_meets_no_prose_boilerplate_rule(line):
    assert _hits(line) == [None]
