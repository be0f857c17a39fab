"""Regenerate docs/report.png: the seed samples' report in headless chromium.

    .venv/bin/python scripts/report_screenshot.py [OUT.png]

Cleans the shared seed documents into a temporary run directory, writes its
report, opens it in Debian's chromium (scripts/install_browser.sh) and saves
a screenshot. The browser tests take the same picture on every run.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path

from cleaner.report import write_report

REPO = Path(__file__).resolve().parents[1]
WINDOW = (1400, 1600)


def _support():
    path = REPO / "tests" / "report_support.py"
    spec = importlib.util.spec_from_file_location("report_support", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(target: Path) -> int:
    support = _support()
    found = support.ensure_browser()
    if isinstance(found, str):
        print(f"report_screenshot: {found}", file=sys.stderr)
        return 1
    docs = list(support.seed_texts().items())
    if not docs:
        print("report_screenshot: no seed documents in ../shared/seeds", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        run = support.write_run(Path(tmp) / "seeds", docs)
        browser = support.start_browser(*found, Path(tmp) / "profile", *WINDOW)
        try:
            support.open_report(browser, write_report(run).as_uri())
            errors = support.page_errors(browser)
            if errors:
                print(f"report_screenshot: page errors: {errors}", file=sys.stderr)
                return 1
            browser.save_screenshot(str(target))
        finally:
            browser.quit()
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "report.png"))
