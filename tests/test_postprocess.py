"""clean() as a post-processor of an HTML extractor's output (issue 4).

An extractor (trafilatura, readability, newspaper, goose, boilerpipe, ...)
already dropped the page's menus; what it leaves behind is the article plus a
few leftovers: a photo caption, a tweet embed, a "Read also" teaser, a
"Related articles" run, a copyright or "Follow us" footer. The cases below are
hand-written in that shape, in several languages: clean() must keep every
article paragraph (and the headline) and remove exactly the leftovers.
The measured before/after on real extractors is ``scripts/eval.py --mode
postprocess``.
"""

from __future__ import annotations

import pytest

from cleaner import clean

# (language, article lines that must stay, leftover lines that must go, in document order
# as given by the layout string: A = next article line, J = next leftover line)
CASES = {
    "en": (
        "AAJAJAAJJJJJJ",
        [
            "City council approves new bike lanes on Main Street",
            "The city council voted 7-2 on Tuesday to build protected bike lanes along Main "
            "Street, ending a debate that lasted more than two years.",
            "Supporters said the lanes would make the busy corridor safer for cyclists and "
            "pedestrians, while opponents worried about the loss of parking for local shops.",
            '"We have waited a long time for this," said council member Ana Ruiz, who '
            "proposed the plan last spring.",
            "Construction is expected to begin in March and to take about six months, "
            "according to the transportation department.",
        ],
        [
            "Cyclists ride along Main Street on Tuesday. Photo: Jane Doe/Reuters",
            "SEE ALSO: Why the city is rethinking its parking rules",
            "The bike lanes will be ready by next summer pic.twitter.com/abc123xyz",
            "— City of Springfield (@springfield) November 3, 2024",
            "Related articles",
            "New bus routes start next month",
            "Mayor unveils budget plan",
            "© 2024 Springfield Daily. All rights reserved.",
        ],
    ),
    "de": (
        "AAJAJAJJ",
        [
            "Neue Buslinie verbindet die Altstadt mit dem Bahnhof",
            "Ab dem kommenden Montag fährt eine neue Buslinie im Zehn-Minuten-Takt zwischen "
            "der Altstadt und dem Hauptbahnhof, teilten die Stadtwerke am Freitag mit.",
            "Die Linie soll vor allem Pendler entlasten, die bisher zweimal umsteigen mussten, "
            "und wird zunächst für zwei Jahre getestet.",
            "Die Kosten von rund 1,2 Millionen Euro trägt zur Hälfte das Land, wie ein "
            "Sprecher der Stadt bestätigte.",
        ],
        [
            "Foto: dpa",
            "Lesen Sie auch: Warum die Mieten in der Innenstadt weiter steigen",
            "Folgen Sie uns auf Facebook und Instagram",
            "© 2024 Stadtanzeiger. Alle Rechte vorbehalten.",
        ],
    ),
    "fr": (
        "AAJAAJAJJ",
        [
            "Le musée rouvre ses portes après deux ans de travaux",
            "Fermé depuis le printemps 2022, le musée des Beaux-Arts accueille de nouveau le "
            "public à partir de samedi, avec un parcours entièrement repensé.",
            "Les salles consacrées à la peinture flamande ont été agrandies, et une nouvelle "
            "aile permet d'exposer des œuvres restées longtemps dans les réserves.",
            "« Nous voulions un musée plus ouvert sur la ville », explique la directrice, qui "
            "espère attirer 300 000 visiteurs dès la première année.",
            "L'entrée sera gratuite pour les moins de 26 ans pendant tout le premier mois.",
        ],
        [
            "Crédit photo : AFP",
            "Lire aussi : Les musées français ont retrouvé leur public d'avant la pandémie",
            "Articles similaires",
            "Le festival d'été dévoile sa programmation",
        ],
    ),
    "es": (
        "AAJAAJAJ",
        [
            "El Gobierno anuncia un plan para reducir las listas de espera",
            "El Ministerio de Sanidad presentó este martes un plan de 500 millones de euros "
            "para reducir las listas de espera quirúrgicas antes de que termine el año.",
            "Según el ministerio, el tiempo medio de espera para una operación supera ya los "
            "120 días en varias comunidades autónomas.",
            "El plan incluye la contratación de más personal y la apertura de quirófanos por "
            "la tarde en los principales hospitales públicos.",
            "Las comunidades deberán presentar sus propuestas antes del próximo mes de marzo.",
        ],
        [
            "Foto: EFE",
            "Lea también: Los médicos de familia convocan una huelga para diciembre",
            "© 2024 Diario del Sur. Todos los derechos reservados.",
        ],
    ),
    "ru": (
        "AAJAAJAJ",
        [
            "В городе открылся новый парк на берегу реки",
            "В субботу в центре города открылся новый парк площадью двенадцать гектаров, "
            "который строили почти три года на месте бывшей промышленной зоны.",
            "В парке появились велосипедные дорожки, детские площадки и открытая сцена для "
            "летних концертов, сообщили в администрации города.",
            "По словам архитекторов, при строительстве удалось сохранить больше трёхсот "
            "старых деревьев, которые росли на этой территории.",
            "Вход в парк будет бесплатным, а работать он будет круглосуточно.",
        ],
        [
            "Фото: ТАСС",
            "Читайте также: Как изменится транспорт в центре города",
            "© 2024 Городские новости. Все права защищены.",
        ],
    ),
}


def _document(layout: str, article: list[str], leftovers: list[str]) -> str:
    article_lines, leftover_lines = iter(article), iter(leftovers)
    lines = [next(article_lines) if kind == "A" else next(leftover_lines) for kind in layout]
    assert next(article_lines, None) is None and next(leftover_lines, None) is None
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("language", sorted(CASES))
def test_keeps_the_article_and_removes_the_leftovers(language: str) -> None:
    layout, article, leftovers = CASES[language]
    result = clean(_document(layout, article, leftovers))
    assert result.text.split("\n") == article
    assert sorted(line for r in result.removed for line in r.text.split("\n")) == sorted(leftovers)
    assert clean(result.text).removed == []


@pytest.mark.parametrize("language", sorted(CASES))
def test_an_extractor_output_that_is_all_article_is_left_alone(language: str) -> None:
    _, article, _ = CASES[language]
    text = "\n".join(article)
    result = clean(text)
    assert result.text == text
    assert result.removed == []
