"""Test support for the report: a run's output directory made with ``cleaner.clean``.

It writes the layout the corpus runner writes (``cleaned-NNNNN.jsonl[.gz]``,
``rejects.jsonl``, ``summary.json``), with a ``source`` field in each record,
so the report can be tested before and independently of the runner. Loaded by
path from the test modules and ``scripts/report_screenshot.py``.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from cleaner import Cleaner, Settings

REPO = Path(__file__).resolve().parents[1]
# shared/ sits beside the clone (CI, main) or two levels up (a helper's worktree).
SEEDS = next(
    (p / "shared" / "seeds" for p in (REPO.parent, REPO.parent.parent) if (p / "shared").is_dir()),
    REPO.parent / "shared" / "seeds",
)

HOSTILE_ID = 'evil"><script>window.__pwned=1</script>'
HOSTILE_TEXT = (
    "Skip to main content\n"
    "<script>window.__pwned = 1; document.title = 'pwned'</script>\n"
    '</script><img src=x onerror="window.__pwned=2"> A harmless looking paragraph that '
    "talks about the weather in the valley for quite a while, and about the river too.\n"
    'Photo: <b onmouseover="window.__pwned=3">Agency</b>\n'
)
# Made-up documents (not from any seed) covering what the seeds do not: another
# language, mojibake that ftfy repairs, and a share/comment footer.
EXTRA_DOCS = {
    "de-article": (
        "Zum Inhalt springen\n"
        "Der Gemeinderat hat am Montag nach langer Debatte den neuen Haushalt beschlossen. "
        "Die Mehrheit stimmte für höhere Ausgaben bei Schulen und Straßen.\n"
        "Foto: Archiv\n"
        "Die Opposition kritisierte die Pläne als zu teuer und forderte eine neue Prüfung.\n"
    ),
    "mojibake": (
        "The museum reopened on Saturday with a new wing devoted to local history. "
        "Visitors queued for hours to see the collection, which the curator called "
        "â€œthe best in the regionâ€\x9d.\n"
        "Share this article\n"
        "Follow us on Facebook, Twitter and Instagram\n"
    ),
    # Odd whitespace that Python and JavaScript trim differently (NBSP, BOM, U+001F,
    # U+0085): the kept text must still be shown exactly.
    "whitespace": (
        "Menu\n\u00a0Indented paragraph with a no-break space in front of it, long enough.\u00a0\n"
        "\ufeffA line after a byte order mark, then one with a unit separator.\x1f\n"
        "\x85Next-line control before this sentence, which is also long enough to keep.\n"
    ),
}
REJECTS = [
    {"id": "empty-page", "reason": "no main text left"},
    {"id": "input.jsonl:17", "reason": "not UTF-8 <b>bold</b> & broken"},
    {"id": "tiny", "reason": "no main text left"},
]


def seed_texts() -> dict[str, str]:
    """The shared seed documents by id (file stem), or {} when shared/ is absent."""
    if not SEEDS.is_dir():
        return {}
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


def record(doc_id: str, text: str, cleaner: Cleaner, with_source: bool = True) -> dict:
    result = cleaner.clean(text)
    out = {"id": doc_id, **result.to_dict(), "url": f"https://example.org/{doc_id}"}
    if with_source:
        out["source"] = result.source
    return out


def write_run(
    out_dir: Path,
    docs: Iterable[tuple[str, str]],
    rejects: Iterable[dict] = (),
    shard_size: int = 2,
    gzip_shards: bool = False,
    no_source_ids: frozenset[str] = frozenset(),
) -> Path:
    """Clean ``docs`` and write them as a run's output directory; return ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    cleaner = Cleaner(Settings())
    records = [
        record(doc_id, text, cleaner, with_source=doc_id not in no_source_ids)
        for doc_id, text in docs
    ]
    for shard, first in enumerate(range(0, len(records), shard_size)):
        chunk = records[first : first + shard_size]
        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chunk)
        name = f"cleaned-{shard:05d}.jsonl"
        if gzip_shards:
            with gzip.open(out_dir / (name + ".gz"), "wt", encoding="utf-8") as fh:
                fh.write(lines)
        else:
            (out_dir / name).write_text(lines, encoding="utf-8")
    rejects = list(rejects)
    (out_dir / "rejects.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rejects), encoding="utf-8"
    )
    summary = {"documents": len(records) + len(rejects), "cleaned": len(records)}
    (out_dir / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return out_dir


def demo_docs() -> list[tuple[str, str]]:
    """Seeds (when present) plus the made-up documents and the hostile one."""
    return [*seed_texts().items(), *EXTRA_DOCS.items(), (HOSTILE_ID, HOSTILE_TEXT)]


def write_demo_run(out_dir: Path) -> Path:
    return write_run(out_dir, demo_docs(), REJECTS, no_source_ids=frozenset({"mojibake"}))


# --- the headless browser (Debian's chromium driven by selenium) ------------------

INSTALL_BROWSER = REPO / "scripts" / "install_browser.sh"
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # small /dev/shm in containers
)
# Collects uncaught errors from the very start of every page. Sent over the DevTools
# protocol, so the page's Content-Security-Policy does not apply to it.
ERROR_PROBE = (
    "window.__errors = [];"
    "addEventListener('error', function (e) { window.__errors.push(String(e.message)); });"
)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def browser_paths() -> tuple[str | None, str | None]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    return chromium, shutil.which("chromedriver")


def ensure_browser() -> tuple[str, str] | str:
    """Paths of chromium and chromedriver, installing them in CI; else why not."""
    chromium, driver = browser_paths()
    if (chromium is None or driver is None) and in_ci() and os.geteuid() == 0:
        try:
            subprocess.run(["bash", str(INSTALL_BROWSER)], check=False, timeout=1200)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"installing chromium failed: {exc}"
        chromium, driver = browser_paths()
    if chromium is None or driver is None:
        return "chromium and chromedriver are not installed (run scripts/install_browser.sh)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return chromium, driver


def start_browser(chromium: str, driver: str, profile: Path, width: int, height: int):
    """A headless chromium under selenium, logging console messages, errors probed."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(options=options, service=Service(driver))
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": ERROR_PROBE})
    return browser


def open_report(browser, url: str, timeout: float = 20) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(url)
    WebDriverWait(browser, timeout).until(
        lambda b: b.execute_script("return document.readyState") == "complete"
    )


def page_errors(browser) -> list[str]:
    """Uncaught script errors and console errors (CSP violations included) so far."""
    errors = browser.execute_script("return window.__errors || []")
    logs = browser.get_log("browser")
    return [*errors, *(entry["message"] for entry in logs if entry["level"] == "SEVERE")]
