"""HTML mode: clean_html keeps the article, reports the rest, and survives hostile input."""

from __future__ import annotations

import codecs
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Category, Cleaner, Result, Settings, clean, clean_html
from cleaner.html_decode import declared_encoding, decode_html

SETTINGS = {"language_backend": "py3langid"}  # fast and deterministic for tests


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def article(paragraphs: list[str], title: str = "") -> str:
    heading = f"<h1>{title}</h1>" if title else ""
    return "<article>" + heading + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article>"


NAV = "<nav><ul><li><a href='/'>Home</a></li><li><a href='/a'>Politics</a></li></ul></nav>"
FOOTER = "<footer><p>Copyright 2024 Example Media. All rights reserved.</p></footer>"
RELATED = (
    "<aside class='related-posts'><h3>More stories</h3><ul>"
    "<li><a href='/x'>Another headline about something else entirely</a></li>"
    "<li><a href='/y'>A second teaser headline for readers</a></li></ul></aside>"
)
COMMENTS = (
    "<section id='comments'><h3>3 comments</h3>"
    "<div class='comment'><p>Great article, thanks for sharing this with us!</p></div></section>"
)

EN = [
    "The city council approved the new budget on Monday after a debate that lasted "
    "more than six hours and drew hundreds of residents to the town hall.",
    "Under the plan, spending on public transport rises by twelve percent, while the "
    "road maintenance fund is frozen at last year's level until a review is finished.",
    "Opposition members said the vote was rushed and promised to raise the issue again "
    "when the council meets in the autumn to discuss the next year's priorities.",
]
DE = [
    "Der Stadtrat hat am Montag nach einer mehr als sechsstündigen Debatte den neuen "
    "Haushalt beschlossen, zu der Hunderte Bürgerinnen und Bürger ins Rathaus kamen.",
    "Nach dem Plan steigen die Ausgaben für den öffentlichen Nahverkehr um zwölf Prozent, "
    "während der Fonds für die Straßenunterhaltung auf dem Niveau des Vorjahres bleibt.",
    "Die Opposition kritisierte, die Abstimmung sei überstürzt gewesen, und kündigte an, "
    "das Thema im Herbst erneut auf die Tagesordnung des Rates zu setzen.",
]
FR = [
    "Le conseil municipal a adopté lundi le nouveau budget après un débat de plus de six "
    "heures qui a attiré des centaines d'habitants à l'hôtel de ville.",
    "Selon le plan, les dépenses consacrées aux transports publics augmentent de douze pour "
    "cent, tandis que le fonds d'entretien des routes reste gelé au niveau de l'an dernier.",
    "L'opposition a dénoncé un vote précipité et promis de revenir sur la question lorsque "
    "le conseil se réunira à l'automne pour discuter des priorités de l'année prochaine.",
]
JA = [
    "市議会は月曜日、六時間を超える議論の末に新しい予算案を可決した。市役所には数百人の住民が集まり、"
    "審議の行方を見守った。",
    "計画によると、公共交通への支出は十二パーセント増える一方、道路維持の基金は見直しが終わるまで"
    "昨年の水準に据え置かれる。",
    "野党は採決が拙速だったと批判し、秋の議会で来年度の優先課題を話し合う際に改めて問題を取り上げると"
    "述べた。",
]


def check_invariants(result: Result) -> None:
    source = result.source
    previous_end = 0
    for removal in result.removed:
        assert source[removal.start : removal.end] == removal.text
        assert removal.start >= previous_end
        previous_end = removal.end
    removed_chars = sum(len("".join(r.text.split())) for r in result.removed)
    kept_chars = len("".join(result.text.split()))
    assert kept_chars + removed_chars == len("".join(source.split()))
    # Kept lines are lines of the source, in order.
    lines = source.split("\n")
    position = 0
    for line in result.text.split("\n") if result.text else []:
        position = lines.index(line, position) + 1


@pytest.mark.parametrize(
    ("paragraphs", "language"), [(EN, "en"), (DE, "de"), (FR, "fr"), (JA, "ja")]
)
def test_article_kept_boilerplate_reported(paragraphs: list[str], language: str) -> None:
    html = page(NAV + article(paragraphs, title="Budget") + RELATED + COMMENTS + FOOTER)
    result = clean_html(html, **SETTINGS)
    for paragraph in paragraphs:
        assert paragraph in result.text
    for boilerplate in ("Politics", "All rights reserved", "Another headline", "Great article"):
        assert boilerplate not in result.text
    assert result.language == language
    check_invariants(result)
    categories = {r.category for r in result.removed}
    assert {Category.NAVIGATION, Category.FOOTER, Category.RELATED, Category.COMMENTS} <= (
        categories
    )
    # Idempotence: the kept text is already clean for the text pipeline.
    assert clean(result.text, **SETTINGS).removed == []


def test_dom_hint_names_the_category() -> None:
    html = page(NAV + article(EN) + FOOTER)
    result = clean_html(html, **SETTINGS)
    menu = next(r for r in result.removed if r.text.startswith("Home"))
    assert menu.category is Category.NAVIGATION
    assert "navigation element" in menu.reason
    assert menu.text == "Home\nPolitics"  # adjacent lines with one verdict: one removal
    footer = next(r for r in result.removed if "rights reserved" in r.text)
    assert footer.category is Category.FOOTER


def test_unhinted_dropped_text_is_non_main() -> None:
    html = page("<div><p>Subscribe today</p></div>" + article(EN))
    result = clean_html(html, **SETTINGS)
    assert [r.category for r in result.removed] == [Category.NON_MAIN]


def test_source_is_visible_text_only() -> None:
    html = page(
        article(EN) + "<script>var tracking = 1;</script><style>p{color:red}</style>",
        head="<title>Head title</title><meta name='x' content='y'>",
    )
    result = clean_html(html, **SETTINGS)
    assert "tracking" not in result.source
    assert "Head title" not in result.source
    assert "color" not in result.source
    assert result.source.startswith(EN[0])


def test_bytes_and_str_agree_and_cleaner_method() -> None:
    html = page(NAV + article(DE))
    from_str = clean_html(html, **SETTINGS)
    from_bytes = clean_html(html.encode("utf-8"), **SETTINGS)
    assert from_str.text == from_bytes.text
    method = Cleaner(Settings(language_backend="py3langid")).clean_html(html)
    assert method.text == from_str.text


def test_category_can_be_disabled() -> None:
    html = page(NAV + article(EN))
    everything = frozenset(Category) - {Category.NAVIGATION}
    result = clean_html(html, categories=everything, **SETTINGS)
    # The extractor's verdict does not remove it; only the text rules may.
    assert not [r for r in result.removed if r.rule == "extractor"]
    check_invariants(result)


# --- decoding ----------------------------------------------------------------


def test_declared_encodings() -> None:
    assert declared_encoding(b'<meta charset="windows-1251">') == "cp1251"
    assert declared_encoding(b'<?xml version="1.0" encoding="ISO-8859-2"?>') == "iso8859-2"
    assert declared_encoding(b'<meta charset="utf-16">') == "utf-8"  # a lie in ASCII bytes
    assert declared_encoding(b"<p>no declaration</p>") is None


def test_decode_legacy_and_detected() -> None:
    cyrillic = "<html><body><p>Городской совет утвердил новый бюджет в понедельник.</p>"
    declared = ('<meta charset="windows-1251">' + cyrillic).encode("cp1251")
    assert "Городской" in decode_html(declared)
    undeclared = (cyrillic * 5).encode("cp1251")  # no declaration: the detector decides
    assert "Городской" in decode_html(undeclared)


# --- hostile input (issue 6): a Result or a ValueError, nothing else -----------


def test_entity_bomb_is_not_expanded() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
        b'<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
    ) + page(article(EN)).encode()
    result = clean_html(bomb, **SETTINGS)
    assert "lollol" not in result.source
    assert EN[0] in result.text


def test_ten_thousand_nested_divs() -> None:
    deep = "<div>" * 10_000 + f"<p>{EN[0]}</p>" + "</div>" * 10_000
    result = clean_html(page(deep), **SETTINGS)
    assert EN[0] in result.source
    check_invariants(result)


def test_utf16_with_bom() -> None:
    data = codecs.BOM_UTF16_LE + page(article(DE)).encode("utf-16-le")
    result = clean_html(data, **SETTINGS)
    assert DE[0] in result.text


def test_shift_jis_declared_in_meta() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'
    data = page(article(JA), head=head).encode("shift_jis")
    result = clean_html(data, **SETTINGS)
    assert JA[0] in result.text


def test_random_binary_raises_value_error() -> None:
    data = random.Random(7).randbytes(50_000)
    with pytest.raises(ValueError, match=r"cannot decode|binary"):
        clean_html(data, **SETTINGS)


def test_five_megabyte_attribute() -> None:
    html = page(f'<div class="{"x" * 5_000_000}">{article(EN)}</div>')
    result = clean_html(html, **SETTINGS)
    assert EN[0] in result.text
    assert "xxxx" not in result.source


@pytest.mark.parametrize("empty", [b"", "", "   \n ", b"\xef\xbb\xbf"])
def test_empty_input_raises_value_error(empty: bytes | str) -> None:
    with pytest.raises(ValueError, match="empty"):
        clean_html(empty, **SETTINGS)


def test_page_without_text() -> None:
    html = page("<img src='a.png'><div></div><script>x()</script>", head="<title>T</title>")
    result = clean_html(html, **SETTINGS)
    assert result.text == ""
    assert result.source == ""
    assert result.removed == []


@pytest.mark.parametrize("bad", [None, 42, ["<p>x</p>"]])
def test_wrong_type_raises_value_error(bad: object) -> None:
    with pytest.raises(ValueError, match="str or bytes"):
        clean_html(bad, **SETTINGS)  # type: ignore[arg-type]


def test_stray_nul_is_not_binary() -> None:
    result = clean_html(page(article([EN[0].replace("council", "coun\x00cil")])), **SETTINGS)
    assert "coun" in result.source


def test_ruby_annotations_are_not_text() -> None:
    body = article([f"<ruby>子<rt>こ</rt></ruby>ども{JA[0]}", *JA[1:]])
    result = clean_html(page(body), **SETTINGS)
    assert result.source.startswith("子ども")
    assert "子こども" not in result.source


def test_teaser_link_lines_are_related() -> None:
    teaser = (
        "<p><a href='/other'>Read also: the mayor explains the new budget in an interview</a></p>"
    )
    body = "<article>" + "".join(f"<p>{p}</p>" for p in EN[:2]) + teaser + f"<p>{EN[2]}</p>"
    result = clean_html(page(body + "</article>"), **SETTINGS)
    assert "Read also" not in result.text
    assert EN[2] in result.text
    removal = next(r for r in result.removed if "Read also" in r.text)
    assert removal.category is Category.RELATED
    check_invariants(result)


def test_url_is_accepted() -> None:
    result = clean_html(page(article(EN)), url="https://example.org/news/budget", **SETTINGS)
    assert EN[0] in result.text


FRAGMENTS = [
    NAV,
    FOOTER,
    RELATED,
    COMMENTS,
    article(EN),
    article(DE, title="Haushalt"),
    "<figure><img src='a.jpg'><figcaption>Photo: Jane Doe / Agency</figcaption></figure>",
    "<blockquote class='twitter-tweet'><p>Big news today! #budget</p>"
    "&mdash; Someone (@someone) <a href='#'>May 1, 2024</a></blockquote>",
    "<div class='share'><a>Share on Facebook</a> <a>Tweet</a></div>",
    "<table><tr><td>Cell one</td><td>Cell two</td></tr></table>",
    "<pre>line one\n  line two</pre>",
    "<p>Soft\u00adhyphen and zero\u200bwidth and &amp; entity and &nbsp; space.</p>",
    "<div>" * 50 + "<p>Deep paragraph of text inside fifty elements.</p>" + "</div>" * 50,
    "<p>Unclosed <b>bold <i>italic",
    "<!-- a comment --><p>After a comment.</p>",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=8))
def test_invariants_on_assembled_pages(parts: list[str]) -> None:
    result = clean_html(page("".join(parts)), **SETTINGS)
    check_invariants(result)
    assert clean(result.text, **SETTINGS).removed == []


def test_wrong_declaration_is_repaired_and_reported() -> None:
    html = page(article(DE), head='<meta charset="iso-8859-1">').encode("utf-8")
    result = clean_html(html, **SETTINGS)
    assert DE[0] in result.text  # read as windows-1252, then ftfy undid the mojibake
    assert result.fixes


@pytest.mark.parametrize("paragraphs", [EN, DE, FR])
def test_dropped_prose_in_a_related_wrapper_is_put_back(paragraphs: list[str]) -> None:
    from lxml import html as lxml_html

    from cleaner.html import readd_prose
    from cleaner.html_render import render

    long_paragraph = paragraphs[1] + " " + paragraphs[1]  # article-length prose
    body = (
        f"<p>{paragraphs[0]}</p><div class='related-content'><p>{long_paragraph}</p></div>"
        f"<figure><figcaption>{long_paragraph}</figcaption></figure><p>{paragraphs[2]}</p>"
    )
    rendered = render(lxml_html.document_fromstring(page(body)))
    assert rendered.hints[1:3] == [Category.RELATED, Category.CAPTION]
    # The extractor kept the first and last paragraphs only: the weak "related"
    # hint does not stop the prose between them from coming back; a caption does.
    assert readd_prose(rendered, [True, False, False, True]) == [True, True, False, True]


def test_table_row_is_one_line() -> None:
    from lxml import html as lxml_html

    from cleaner.html_render import render

    table = (
        "<table><tr><th>Nennspannung</th><td>380 V</td></tr>"
        "<tr><td>Gewicht</td><td><b>12</b> kg</td></tr>"
        "<tr><td><p>Block one</p><p>Block two</p></td><td>after</td></tr></table>"
    )
    rendered = render(lxml_html.document_fromstring(page(table)))
    # Cells share their row's line; block elements inside a cell still break lines.
    assert rendered.text.splitlines() == [
        "Nennspannung 380 V",
        "Gewicht 12 kg",
        "Block one",
        "Block two",
        "after",
    ]


@pytest.mark.parametrize("paragraphs", [EN, DE, FR])
def test_dropped_lead_paragraph_above_the_article_is_put_back(paragraphs: list[str]) -> None:
    from lxml import html as lxml_html

    from cleaner.html import readd_prose
    from cleaner.html_render import render

    lead = paragraphs[0] + " " + paragraphs[0]  # article-length prose
    body = (
        f"<nav><p>{lead}</p></nav><div class='lead'><p>{lead}</p></div><p>12.03.2024</p>"
        f"<p>{paragraphs[1]}</p><p>{paragraphs[2]}</p>"
    )
    rendered = render(lxml_html.document_fromstring(page(body)))
    # The lead above the first kept line comes back, past the date line; the
    # prose in the navigation element does not.
    kept = [False, False, False, True, True]
    assert readd_prose(rendered, kept) == [False, True, False, True, True]


NOTICES = {
    "en": "<p class='affiliate-disclosure'>This post contains affiliate links: we may earn a "
    "commission when you buy through them, at no extra cost to you.</p>",
    "de": "<div class='post-disclaimer'><p>Hinweis: Alle Angaben ohne Gewähr, die Redaktion "
    "übernimmt keine Haftung für die Richtigkeit der Informationen.</p></div>",
    "fr": "<section class='letters-cta'><p>Vous voulez réagir à cet article ? Écrivez-nous, "
    "nous publierons une sélection de vos lettres dans notre prochaine édition.</p></section>",
    "es": "<div class='author_bio'><p>Ana Pérez es periodista y escribe sobre política local "
    "desde hace diez años para varios diarios regionales.</p></div>",
    "pl": "<div class='newsletter-box'><p>Zapisz się do naszego newslettera i otrzymuj "
    "najważniejsze wiadomości z regionu prosto na swoją skrzynkę.</p></div>",
}


@pytest.mark.parametrize(
    ("language", "paragraphs"),
    [("en", EN), ("de", DE), ("fr", FR), ("es", EN), ("pl", DE)],
    ids=["en", "de", "fr", "es", "pl"],
)
def test_notice_boxes_inside_the_article_are_removed(language: str, paragraphs: list[str]) -> None:
    from lxml import html as lxml_html

    from cleaner.html_render import render

    notice = NOTICES[language]
    body = "<article>" + "".join(f"<p>{p}</p>" for p in paragraphs[:2]) + notice
    body += f"<p>{paragraphs[2]}</p></article>"
    rendered = render(lxml_html.document_fromstring(page(body)))
    # A disclaimer, a disclosure, a call to action, an author bio, a newsletter
    # box: class words as deliberate as a tag.
    assert rendered.strong[2]
    assert rendered.hints[2] in (Category.ADVERTISEMENT, Category.FOOTER, Category.METADATA)
    result = clean_html(page(body), **SETTINGS)
    assert all(p in result.text for p in paragraphs)
    assert len(result.text.splitlines()) == 3
    box = next(r for r in result.removed if rendered.blocks[2].text in r.text)
    assert box.category is rendered.hints[2]  # by the extractor or, if it kept it, the hint
    check_invariants(result)
    assert clean(result.text, **SETTINGS).removed == []


LINK_LISTS = {
    "en": ("Related reading:", ["Budget vote", "Council meeting", "Transport plan"]),
    "de": ("Weitere Informationen:", ["Haushalt 2024", "Ratssitzung", "Nahverkehrsplan"]),
    "fr": ("À lire aussi", ["Le vote du budget", "Les élus", "Le plan de mobilité"]),
}


@pytest.mark.parametrize(
    ("language", "paragraphs"), [("en", EN), ("de", DE), ("fr", FR)], ids=["en", "de", "fr"]
)
def test_header_above_a_list_of_links_is_related(language: str, paragraphs: list[str]) -> None:
    header, links = LINK_LISTS[language]
    items = "".join(f"<li><a href='/{n}'>{link}</a></li>" for n, link in enumerate(links))
    body = "<article>" + "".join(f"<p>{p}</p>" for p in paragraphs)
    body += f"<p><strong>{header}</strong></p><ul>{items}</ul></article>"
    result = clean_html(page(body), **SETTINGS)
    assert all(p in result.text for p in paragraphs)
    assert header not in result.text
    assert not any(link in result.text for link in links)
    removal = next(r for r in result.removed if header in r.text)
    assert removal.category is Category.RELATED
    check_invariants(result)
    assert clean(result.text, **SETTINGS).removed == []


STANDFIRSTS = {
    "en": "A council divided over transport spending.",
    "de": "Ein Rat, der über den Nahverkehr gespalten ist.",
    "fr": "Un conseil divisé sur les transports publics.",
}


@pytest.mark.parametrize(
    ("language", "paragraphs"), [("en", EN), ("de", DE), ("fr", FR)], ids=["en", "de", "fr"]
)
def test_short_standfirst_just_above_the_article_is_put_back(
    language: str, paragraphs: list[str]
) -> None:
    from lxml import html as lxml_html

    from cleaner.html import readd_prose
    from cleaner.html_render import render

    standfirst = STANDFIRSTS[language]
    body = (
        f"<p>{standfirst}</p><p>{standfirst}</p><p class='x'>{standfirst}</p>"
        f"<p>12.03.2024</p><p>{paragraphs[1]}</p><p>{paragraphs[2]}</p>"
    )
    rendered = render(lxml_html.document_fromstring(page(body)))
    # Too short for the lead walk, but a sentence within two lines of the
    # article's first kept line comes back; the same sentence further up does not.
    kept = [False, False, False, False, True, True]
    assert readd_prose(rendered, kept) == [False, False, True, False, True, True]
