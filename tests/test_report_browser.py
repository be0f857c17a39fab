"""The report in a real headless browser: Debian's chromium, driven by selenium.

Outside CI these tests skip (with the reason) when chromium, chromedriver or
selenium is missing; in CI (``CI=true``) they install chromium from apt if
needed and fail rather than skip.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path

import pytest

from cleaner.report import write_report

_spec = importlib.util.spec_from_file_location(
    "report_support", Path(__file__).with_name("report_support.py")
)
support = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(support)

WINDOW = (1400, 1600)  # also the size of the README screenshot
SCREENSHOT_ENV = "CLEANER_REPORT_SCREENSHOT"  # copy the seed screenshot here when set


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    found = support.ensure_browser()
    if isinstance(found, str):
        if support.in_ci():
            pytest.fail(f"browser tests must run in CI: {found}")
        pytest.skip(found)
    chromium, driver = found
    session = support.start_browser(chromium, driver, tmp_path_factory.mktemp("profile"), *WINDOW)
    yield session
    session.quit()


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return support.write_demo_run(tmp_path_factory.mktemp("run"))


@pytest.fixture(scope="module")
def run_texts(run_dir: Path) -> dict[str, str]:
    records = (
        json.loads(line)
        for path in sorted(run_dir.glob("cleaned-*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    )
    return {r["id"]: r["text"] for r in records}


@pytest.fixture(scope="module")
def report_url(run_dir: Path) -> str:
    return write_report(run_dir).as_uri()


@pytest.fixture
def page(browser, report_url: str):
    support.open_report(browser, report_url)
    assert browser.execute_script("return document.documentElement.dataset.ready") == "true"
    yield browser
    assert support.page_errors(browser) == []


def js(browser, script: str, *args):
    return browser.execute_script(script, *args)


def visible_docs(browser) -> list[dict]:
    return js(
        browser,
        "return Array.from(document.querySelectorAll('#doc-list li'))"
        ".filter(li => !li.hidden)"
        ".map(li => ({id: li.querySelector('.doc-id').textContent, cats: li.dataset.cats}));",
    )


def test_page_loads_without_errors(page) -> None:
    assert page.title.startswith("cleaner report: ")
    assert js(page, "return document.querySelectorAll('#doc-list li').length") > 3
    assert js(page, "return document.querySelector('#f-count').textContent").startswith("showing")


def test_chart_is_drawn_with_labels(page) -> None:
    bars = js(
        page,
        "return Array.from(document.querySelectorAll('#category-chart g.bar')).map(g => ({"
        "name: g.dataset.category, width: g.querySelector('rect').getBBox().width,"
        "label: g.querySelector('text').textContent}));",
    )
    assert len(bars) >= 4
    assert all(b["width"] > 0 and b["label"] == b["name"] for b in bars)
    box = js(page, "return document.querySelector('#category-chart').getBoundingClientRect()")
    assert box["width"] > 300 and box["height"] > 50


def test_highlights_carry_category_label_and_reason(page) -> None:
    marks = js(
        page,
        "return Array.from(document.querySelectorAll('#doc-body mark.rm')).map(m => ({"
        "cat: m.dataset.cat, title: m.title,"
        "label: getComputedStyle(m, '::before').content,"
        "background: getComputedStyle(m).backgroundColor}));",
    )
    assert marks
    for mark in marks:
        assert mark["title"].startswith(mark["cat"] + " — ")  # the reason on hover
        assert mark["label"] == f'"{mark["cat"]}"'  # named on screen: not colour alone
        assert mark["background"] not in ("rgba(0, 0, 0, 0)", "transparent")


def test_filtering_by_category_hides_the_others(page) -> None:
    from selenium.webdriver.support.select import Select

    total = len(visible_docs(page))
    options = js(
        page,
        "return Array.from(document.querySelectorAll('#f-cat option')).slice(1)"
        ".map(o => ({value: o.value, n: parseInt(o.textContent.split('(').pop())}));",
    )
    partial = next(o for o in options if 0 < o["n"] < total)
    Select(page.find_element("id", "f-cat")).select_by_value(partial["value"])
    shown = visible_docs(page)
    assert len(shown) == partial["n"] < total
    assert all(f" {partial['value']} " in d["cats"] for d in shown)
    marks = js(
        page,
        "return Array.from(document.querySelectorAll('#doc-body mark.rm'))"
        ".map(m => ({cls: m.className, off: m.classList.contains('off')}));",
    )
    on = [m for m in marks if not m["off"]]
    assert on and all(f"c{partial['value']}" in m["cls"].split() for m in on)
    assert all(f"c{partial['value']}" not in m["cls"].split() for m in marks if m["off"])
    Select(page.find_element("id", "f-cat")).select_by_value("")
    assert len(visible_docs(page)) == total


def test_chart_bar_filters_by_its_category(page) -> None:
    bar = page.find_element("css selector", "#category-chart g.bar[data-category='footer']")
    bar.click()
    selected = js(page, "return document.querySelector('#f-cat').selectedOptions[0].textContent")
    assert selected.startswith("footer (")
    shown = visible_docs(page)
    assert shown and len(shown) < js(
        page, "return document.querySelectorAll('#doc-list li').length"
    )


def test_language_filter_and_search(page) -> None:
    from selenium.webdriver.support.select import Select

    Select(page.find_element("id", "f-lang")).select_by_value("de")
    assert [d["id"] for d in visible_docs(page)] == ["de-article"]
    Select(page.find_element("id", "f-lang")).select_by_value("")
    page.find_element("id", "f-search").send_keys("museum reopened")
    assert [d["id"] for d in visible_docs(page)] == ["mojibake"]
    assert js(page, "return document.querySelector('#viewer .doc-title').textContent") == (
        "mojibake"
    )


def test_toggle_between_source_and_kept_text(page, run_texts: dict[str, str]) -> None:
    page.find_element("id", "view-kept").click()
    assert js(page, "return document.querySelectorAll('#doc-body mark').length") == 0
    assert js(page, "return document.querySelector('#view-kept').getAttribute('aria-pressed')")
    # Every document's kept view is exactly the record's text (rebuilt or carried).
    for item in page.find_elements("css selector", "#doc-list li button"):
        item.click()
        ident = js(page, "return document.querySelector('#viewer .doc-title').textContent")
        assert (
            js(page, "return document.querySelector('#doc-body').textContent") == (run_texts[ident])
        )
    page.find_element("id", "view-source").click()
    assert js(page, "return document.querySelectorAll('#doc-body mark.rm').length") > 0


def test_record_without_source_shows_kept_text_and_removals(page) -> None:
    page.find_element("id", "f-search").send_keys("mojibake")
    assert js(page, "return document.querySelector('#view-source').disabled") is True
    rows = js(page, "return document.querySelectorAll('#viewer table.removals tbody tr').length")
    assert rows == 2


def test_hostile_document_is_inert(page) -> None:
    page.find_element("id", "f-search").send_keys("__pwned")
    hostile = js(page, "return document.querySelector('#viewer .doc-title').textContent")
    assert hostile == support.HOSTILE_ID
    body = js(page, "return document.querySelector('#doc-body').textContent")
    assert "<script>window.__pwned = 1" in body  # shown as text ...
    assert js(page, "return window.__pwned") is None  # ... never run
    assert js(page, "return document.scripts.length") == 2
    assert js(page, "return document.querySelectorAll('#viewer img, #viewer b').length") == 0
    assert page.title.startswith("cleaner report: ")


def test_empty_run_renders(browser, tmp_path: Path) -> None:
    support.open_report(browser, write_report(tmp_path).as_uri())
    assert support.page_errors(browser) == []
    viewer = js(browser, "return document.querySelector('#viewer').textContent")
    assert viewer == "No documents in this report."


def test_hash_opens_a_document(browser, report_url: str) -> None:
    support.open_report(browser, report_url + "#doc=de-article")
    current = js(browser, "return document.querySelector('#doc-list li.current')")
    assert current.is_displayed()
    assert current.find_element("css selector", ".doc-id").text == "de-article"
    assert support.page_errors(browser) == []


def test_seed_report_screenshot(browser, tmp_path: Path) -> None:
    """The seed samples' report, rendered and photographed (README's docs/report.png)."""
    docs = list(support.seed_texts().items()) or support.demo_docs()
    run = support.write_run(tmp_path / "seeds", docs)
    support.open_report(browser, write_report(run).as_uri())
    assert support.page_errors(browser) == []
    assert js(browser, "return document.querySelectorAll('#doc-body mark.rm').length") > 0
    shot = tmp_path / "report.png"
    assert browser.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000
    if os.environ.get(SCREENSHOT_ENV):
        shutil.copyfile(shot, os.environ[SCREENSHOT_ENV])
