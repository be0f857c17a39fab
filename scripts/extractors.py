"""HTML main-content extractors, run over webeval in a crash-proof process pool.

cleaner's post-processing promise (issue 4) is checked on several genuinely
different extractors: each is used the way its authors document, with its
default options, and its output cached under ``.cache/webeval_NAME.jsonl``
({"id", "text"} per line). Every page runs in a worker process with a time and
memory limit: a page that makes an extractor hang, crash or raise counts as
its empty output (for the "before" and the "after" alike), and the worker is
replaced, so one bad page cannot stop a run.

Usage (builds or refreshes the caches; eval.py and score_text.py call it too):
    python scripts/extractors.py [--only NAME ...] [--jobs N] [--timeout S] [--refresh]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import json
import multiprocessing
import multiprocessing.connection
import os
import queue
import resource
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache"
PAGE_TIMEOUT_S = 30.0  # wall time one extractor may spend on one page (normal: < 1 s)
ERROR_CHARS = 120  # enough of an exception's message to tell what went wrong
WORKER_MEMORY_BYTES = 3 * 2**30  # address-space cap per worker: a runaway page fails alone


def _decode(raw: bytes) -> str:
    """The page as text, decoded from its own declaration (cleaner's HTML decoder)."""
    from cleaner.html_decode import decode_html

    try:
        return decode_html(raw)
    except ValueError:  # binary or unusable: what a naive client would do
        return raw.decode("utf-8", errors="replace")


@functools.cache
def _all_stopwords() -> frozenset[str]:
    """jusText's stop lists of every language, as one: the pages are multilingual."""
    import justext

    return frozenset().union(*(justext.get_stoplist(n) for n in justext.get_stoplists()))


def _trafilatura(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def _readability(html: str) -> str:
    from lxml.html import fromstring
    from readability import Document

    summary = Document(html).summary()
    return fromstring(summary).text_content() if summary.strip() else ""


def _justext(html: str) -> str:
    import justext

    paragraphs = justext.justext(html.encode(), _all_stopwords())
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _newspaper(html: str) -> str:
    import warnings

    with warnings.catch_warnings():  # "nltk is not installed": only its NLP extras need it
        warnings.simplefilter("ignore")
        import newspaper

    # Offline: no image downloads (it would fetch every <img> to find the top image).
    article = newspaper.Article(url="", fetch_images=False, memorize_articles=False)
    article.download(input_html=html)
    article.parse()
    return article.text or ""


def _goose(html: str) -> str:
    from goose3 import Goose

    with Goose() as goose:
        return goose.extract(raw_html=html).cleaned_text or ""


def _boilerpy(html: str) -> str:
    from boilerpy3 import extractors

    return extractors.ArticleExtractor(raise_on_failure=False).get_content(html) or ""


def _resiliparse(html: str) -> str:
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(html, main_content=True) or ""


EXTRACTORS: dict[str, Callable[[str], str]] = {
    "trafilatura": _trafilatura,
    "readability": _readability,
    "justext": _justext,
    "newspaper": _newspaper,  # newspaper4k
    "goose": _goose,  # goose3
    "boilerpy": _boilerpy,  # boilerpy3 ArticleExtractor (boilerpipe)
    "resiliparse": _resiliparse,  # extract_plain_text(main_content=True)
}


# The PyPI distribution behind each extractor: its version keys the cache.
DISTRIBUTIONS = {
    "trafilatura": "trafilatura",
    "readability": "readability-lxml",
    "justext": "justext",
    "newspaper": "newspaper4k",
    "goose": "goose3",
    "boilerpy": "boilerpy3",
    "resiliparse": "resiliparse",
}
CACHE_FORMAT = 1  # bump when extraction changes (decoding, options) so old caches are redone


def cache_key(name: str) -> str:
    """What a cache must have been made with to be reused: the extractor's version and ours."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version(DISTRIBUTIONS[name])
    except PackageNotFoundError:
        found = "missing"
    return f"{DISTRIBUTIONS[name]}=={found} format={CACHE_FORMAT}"


@dataclass(frozen=True)
class Extracted:
    """One page's output; ``error`` is non-empty (and ``text`` empty) when the page failed."""

    id: str
    text: str
    seconds: float  # CPU time of the worker on this page
    error: str = ""


def _worker(conn, name: str) -> None:
    """Loop: receive (id, path), answer Extracted; exit on None or a closed pipe."""
    resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY_BYTES, WORKER_MEMORY_BYTES))
    extract = EXTRACTORS[name]
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        page_id, path = task
        start = time.process_time()
        try:
            text = extract(_decode(gzip.decompress(Path(path).read_bytes())))
            out = Extracted(page_id, text, time.process_time() - start)
        except Exception as exc:  # an extractor failing on a page is its empty output
            error = f"{type(exc).__name__}: {str(exc)[:ERROR_CHARS]}"
            out = Extracted(page_id, "", time.process_time() - start, error)
        conn.send(out)


class _Slot:
    """One worker process and its pipe; replaced after a timeout or a crash."""

    def __init__(self, ctx, name: str, fork_lock: threading.Lock) -> None:
        self._ctx, self._name, self._fork_lock = ctx, name, fork_lock
        self._start()

    def _start(self) -> None:
        # One fork at a time, each from pipe creation until the parent has closed the
        # child's ends (its pipe end and the sentinel's): a worker forked inside another
        # slot's window inherits those ends, and its sibling's death then goes unseen
        # (neither EOF nor the sentinel) until the page timeout.
        with self._fork_lock:
            self.conn, child = self._ctx.Pipe()
            self.proc = self._ctx.Process(target=_worker, args=(child, self._name), daemon=True)
            self.proc.start()
            child.close()

    def run(self, page_id: str, path: str, timeout: float) -> Extracted:
        try:
            self.conn.send((page_id, path))
            # Wait on the process too: its death is seen even if another process (not
            # one of our forks: see _start) holds a copy of this pipe's far end.
            ready = multiprocessing.connection.wait([self.conn, self.proc.sentinel], timeout)
            if self.conn in ready:
                return self.conn.recv()
            if not ready:
                error = f"timeout after {timeout:.0f}s"
            else:
                self.proc.join()
                error = f"worker died (exit code {self.proc.exitcode})"
        except (EOFError, OSError, BrokenPipeError):
            error = f"worker died (exit code {self.proc.exitcode})"
        self.kill()
        self._start()
        return Extracted(page_id, "", timeout, error)

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join()
        self.conn.close()

    def close(self) -> None:
        with contextlib.suppress(OSError):  # the worker may already be gone
            self.conn.send(None)
        self.proc.join(timeout=5)
        self.kill()


def run_pool(
    name: str,
    tasks: Iterable[tuple[str, Path]],
    jobs: int = 2,
    timeout: float = PAGE_TIMEOUT_S,
) -> list[Extracted]:
    """Run extractor ``name`` on every (id, html.gz path), ``jobs`` workers at a time."""
    ctx = multiprocessing.get_context("fork")  # workers inherit the imported modules
    todo: queue.Queue = queue.Queue()
    for task in tasks:
        todo.put(task)
    results: list[Extracted] = []
    lock = threading.Lock()
    fork_lock = threading.Lock()

    def drive() -> None:
        slot = _Slot(ctx, name, fork_lock)
        try:
            while True:
                try:
                    page_id, path = todo.get_nowait()
                except queue.Empty:
                    return
                out = slot.run(page_id, str(path), timeout)
                with lock:
                    results.append(out)
        finally:
            slot.close()

    threads = [threading.Thread(target=drive) for _ in range(max(1, jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(results, key=lambda r: r.id)


def cache_path(name: str) -> Path:
    return CACHE / f"webeval_{name}.jsonl"


def load_or_extract(
    name: str,
    data: Path,
    ids: Iterable[str],
    jobs: int = 2,
    timeout: float = PAGE_TIMEOUT_S,
    refresh: bool = False,
    log: Callable[[str], None] = lambda m: print(m, file=sys.stderr),
) -> dict[str, Extracted]:
    """Extractor ``name``'s output for ``ids``: from the cache, extracting missing pages."""
    if name not in EXTRACTORS:
        raise SystemExit(f"unknown extractor {name!r}; known: {', '.join(EXTRACTORS)}")
    path = cache_path(name)
    stamp = path.with_suffix(".key")
    key = cache_key(name)
    fresh_cache = stamp.exists() and stamp.read_text(encoding="utf-8").strip() == key
    have: dict[str, Extracted] = {}
    if path.exists() and fresh_cache and not refresh:
        with path.open(encoding="utf-8") as fh:
            for record in map(json.loads, fh):
                have[record["id"]] = Extracted(
                    record["id"],
                    record["text"],
                    record.get("seconds", 0.0),
                    record.get("error", ""),
                )
    wanted = list(ids)
    missing = [i for i in wanted if i not in have]
    if missing:
        start = time.perf_counter()
        log(f"extracting {len(missing)} pages with {name} ({jobs} workers) ...")
        fresh = run_pool(
            name, [(i, data / "html" / f"{i}.html.gz") for i in missing], jobs, timeout
        )
        failed = [r for r in fresh if r.error]
        log(
            f"{name}: {len(fresh)} pages in {time.perf_counter() - start:.0f}s, "
            f"{len(failed)} failed"
            + (f" (e.g. {failed[0].id}: {failed[0].error})" if failed else "")
        )
        have.update((r.id, r) for r in fresh)
        CACHE.mkdir(exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for page_id in sorted(have):
                r = have[page_id]
                record = {"id": r.id, "text": r.text, "seconds": round(r.seconds, 4)}
                if r.error:
                    record["error"] = r.error
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        os.replace(tmp, path)
        stamp.write_text(key + "\n", encoding="utf-8")
    return {i: have[i] for i in wanted}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path)
    parser.add_argument("--only", nargs="*", default=list(EXTRACTORS), choices=list(EXTRACTORS))
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--timeout", type=float, default=PAGE_TIMEOUT_S)
    parser.add_argument("--refresh", action="store_true", help="extract again, ignoring the cache")
    args = parser.parse_args(argv)
    from score_text import find_webeval  # beside this file: run as a script

    data = args.data or find_webeval()
    ids = sorted(json.loads((data / "annotations.json").read_text(encoding="utf-8")))
    for name in args.only:
        outs = load_or_extract(name, data, ids, args.jobs, args.timeout, args.refresh)
        empty = sum(not o.text.strip() for o in outs.values())
        cpu = sum(o.seconds for o in outs.values())
        print(f"{name:<12} pages={len(outs)} empty={empty} cpu={cpu:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
