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

import gzip
import os
import time
from pathlib import Path

import pytest

from cleaner import clean

# language -> (layout, article lines that must stay, leftover lines that must go); the
# layout gives the document order: A = the next article line, J = the next leftover line.
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


# An extractor keeps the article's lists, tables and lyrics: long runs of short
# lines between its paragraphs, which on a whole page would be menus.
RECIPE_DE = [
    "Schneller Apfelkuchen vom Blech",
    "Dieser Apfelkuchen ist in einer Stunde fertig und schmeckt am besten noch lauwarm mit "
    "etwas Sahne.",
    "Zutaten",
    *("250 g Mehl", "150 g Zucker", "3 Eier", "1 Päckchen Backpulver", "200 ml Milch"),
    *("1 kg Äpfel", "Zimt", "Puderzucker", "Butter für das Blech", "Salz", "Vanillezucker"),
    *("Mandelblättchen", "Zitronensaft", "Sahne"),
    "Zubereitung",
    "Den Backofen auf 180 Grad vorheizen und das Blech mit Butter einfetten, damit der Teig "
    "nicht anklebt.",
    "Mehl, Zucker, Eier, Backpulver und Milch zu einem glatten Teig verrühren und auf dem "
    "Blech verstreichen.",
    "Die Äpfel schälen, in Spalten schneiden und auf dem Teig verteilen, dann etwa 40 Minuten "
    "backen.",
]
SPECS_EN = [
    "The new e-bike is lighter than last year's model and charges in under three hours, "
    "which makes it a good choice for daily commuters.",
    "Here is how it compares with its main rivals on paper:",
    *(
        f"| {key} | {value} |"
        for key, value in [
            ("Weight", "19.5 kg"),
            ("Battery", "500 Wh"),
            ("Range", "120 km"),
            ("Charging time", "2.5 h"),
            ("Motor", "250 W"),
            ("Gears", "8"),
            ("Brakes", "hydraulic disc"),
            ("Frame", "aluminium"),
            ("Tyres", "28 x 1.75"),
            ("Lights", "integrated"),
            ("Colours", "grey, green"),
            ("Price", "2,499 euros"),
            ("Warranty", "2 years"),
        ]
    ),
    "In our two-week test the battery lasted longer than the maker promises, even on hills.",
    "The only real drawback is the price, which is higher than that of most competitors.",
]


CLOSING_LIST_FR = [
    "Comment bien choisir son vélo électrique",
    "Avant d'acheter, il faut d'abord savoir quel usage on aura du vélo au quotidien, en ville "
    "comme à la campagne.",
    "Le budget compte aussi, car les prix varient du simple au triple selon les modèles.",
    "- Vérifier l'autonomie réelle de la batterie",
    "- Essayer le vélo avant de l'acheter",
    "- Comparer la garantie et le service après-vente",
]


@pytest.mark.parametrize(
    "article", [RECIPE_DE, SPECS_EN, CLOSING_LIST_FR], ids=["recipe-de", "table-en", "list-fr"]
)
def test_a_list_between_paragraphs_is_the_articles(article: list[str]) -> None:
    leftovers = ["Foto: dpa", "© 2024 Example Media. All rights reserved."]
    result = clean("\n".join([*article, *leftovers]))
    assert result.text.split("\n") == article
    assert [line for r in result.removed for line in r.text.split("\n")] == leftovers


def _fake_extractor(html: str) -> str:
    """Misbehaves as the page asks: hangs, kills its process, raises, or extracts."""
    if "hang" in html:
        time.sleep(60)
    if "crash" in html:
        os._exit(3)
    if "raise" in html:
        raise RuntimeError("cannot parse")
    return "article text"


def test_the_extractor_pool_survives_hangs_crashes_and_errors(tmp_path, monkeypatch) -> None:
    """scripts/extractors.py: a bad page is that extractor's empty output, the rest goes on."""
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent / "scripts"))
    import extractors

    monkeypatch.setitem(extractors.EXTRACTORS, "fake", _fake_extractor)
    tasks = []
    for name in ("ok1", "hang", "ok2", "crash", "raise", "ok3"):
        path = tmp_path / f"{name}.html.gz"
        path.write_bytes(gzip.compress(f"<html><body><p>{name}</p></body></html>".encode()))
        tasks.append((name, path))
    # The page timeout also covers a freshly forked worker's first page: 5 s keeps
    # a loaded machine from timing out the good pages (the hang sleeps 60 s).
    results = {r.id: r for r in extractors.run_pool("fake", tasks, jobs=2, timeout=5.0)}
    assert {k: r.text for k, r in results.items()} == {
        "ok1": "article text", "ok2": "article text", "ok3": "article text",
        "hang": "", "crash": "", "raise": "",
    }  # fmt: skip
    assert results["hang"].error.startswith("timeout")
    assert results["crash"].error.startswith("worker died")
    assert results["raise"].error == "RuntimeError: cannot parse"


def test_eval_reports_post_processing_end_to_end(tmp_path) -> None:
    """`make eval`'s post-processing part runs to its verdict line (a few pages, trafilatura)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    run = subprocess.run(
        [sys.executable, str(root / "scripts" / "eval.py"), "--mode", "postprocess",
         "--extractors", "trafilatura", "--limit", "3", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=300, cwd=root,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    assert "post-processing: F1" in run.stdout
    assert "F1 delta per language" in run.stdout
