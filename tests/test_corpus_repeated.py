"""Repeated boilerplate across a generated multi-site corpus."""

from __future__ import annotations

import gzip
import itertools

import orjson
import pytest
from corpus_helpers import read_records

from cleaner import Cleaner, Settings
from cleaner.corpus import RunOptions, run_corpus
from cleaner.corpus import runner as runner_module
from cleaner.corpus.repeated import _RULE_CATEGORIES, MIN_LINE_DOCS, RepeatedLines, count_lines
from cleaner.result import Category
from cleaner.rules import RuleSet
from cleaner.segment import Block

FAST = Settings(language_backend="none")
SITES = ("alpha.example", "beta.example", "gamma.example")
DOCS_PER_SITE = 8
SLOGAN = "Independent local reporting from the valley since 1901"
BLURB = "Support the {site} newsroom and become a member for the price of a coffee"
TOPICS = ("bridge", "library", "market", "school", "harbour", "stadium", "orchard", "museum")


def _doc(site: str, i: int) -> dict:
    topic = TOPICS[i]
    lines = [
        SLOGAN,
        f"Work on the {topic} in {site.split('.')[0]} started in the spring of {2000 + i}.",
        BLURB.format(site=site),
        "Thank you." if i < 2 else f"The {topic} will be finished by next summer, officials said.",
        f"Residents said the {topic} would change the town, and the mayor agreed with them.",
    ]
    return {"id": f"{site}/{i}", "url": f"https://{site}/news/{i}", "text": "\n".join(lines)}


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "sites.jsonl"
    docs = [_doc(site, i) for i in range(DOCS_PER_SITE) for site in SITES]  # interleaved
    path.write_bytes(b"".join(orjson.dumps(d) + b"\n" for d in docs))
    return path


def test_repeated_lines_are_removed_per_site(tmp_path, corpus):
    out = tmp_path / "out"
    run_corpus([str(corpus)], out, FAST, RunOptions(progress=False, shard_size=5))
    records = {r["id"]: r for r in read_records(out)}
    assert len(records) == len(SITES) * DOCS_PER_SITE
    for site in SITES:
        for i in range(DOCS_PER_SITE):
            record = records[f"{site}/{i}"]
            repeated = [r for r in record["removed"] if r["rule"] == "repeated_line"]
            texts = {r["text"]: r for r in repeated}
            assert SLOGAN in texts and BLURB.format(site=site) in texts
            assert texts[SLOGAN]["category"] == "non_main"
            assert texts[BLURB.format(site=site)]["category"] == "non_main"
            assert texts[SLOGAN]["reason"] == f"line seen in 8 of 8 documents of {site}"
            # article text, including the short line two pages share, is kept
            assert f"Work on the {TOPICS[i]}" in record["text"]
            assert "the mayor agreed" in record["text"]
            if i < 2:
                assert "Thank you." in record["text"]
            assert SLOGAN not in record["text"]


def test_counts_survive_resume(tmp_path, corpus, monkeypatch):
    out = tmp_path / "out"
    options = RunOptions(progress=False, shard_size=5)
    run_corpus([str(corpus)], out, FAST, options)
    table = orjson.loads((out / "boilerplate.json").read_bytes())
    assert table["alpha.example"]["docs"] == DOCS_PER_SITE
    reference = read_records(out)
    (out / ".parts" / "shard-00002.json").unlink()

    def no_recount(*args, **kwargs):
        raise AssertionError("a resumed run must reuse the stored counts")

    monkeypatch.setattr(runner_module, "count_repeated", no_recount)
    run = run_corpus([str(corpus)], out, FAST, options)
    assert run.resumed_shards == 4
    assert read_records(out) == reference


def test_result_invariants_after_repeated_step():
    texts = [_doc("alpha.example", i)["text"] for i in range(DOCS_PER_SITE)]
    table = count_lines(("alpha.example", t) for t in texts)
    lines = table["alpha.example"]
    assert min(lines.lines.values()) >= MIN_LINE_DOCS
    step = RepeatedLines(FAST.categories)
    cleaner = Cleaner(FAST)
    for text in texts:
        result = step(cleaner.clean(text), "alpha.example", lines)
        spans = sorted((r.start, r.end) for r in result.removed)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
        for r in result.removed:
            assert result.source[r.start : r.end] == r.text
        kept = "".join(result.text.split())
        gone = "".join("".join(r.text for r in result.removed).split())
        assert sorted(kept + gone) == sorted("".join(result.source.split()))


def test_short_phrases_and_small_sites_are_kept():
    texts = [f"Thank you.\nA unique sentence number {i} about the town." for i in range(3)]
    assert count_lines(("tiny.example", t) for t in texts) == {}  # too few documents
    names = [a + b for a in "abcdefghij" for b in "klmnop"]  # digits would normalize alike
    many = [f"Story about {names[i]} and the harbour.\nThank you." for i in range(20)]
    many += [f"Story about {names[i]} and the market." for i in range(20, 60)]
    table = count_lines(("big.example", t) for t in many)
    assert table == {}  # in 20 of 60 documents: below the site share


def test_never_removes_every_line():
    texts = ["Same page, same words, every single time." for _ in range(6)]
    table = count_lines(("dup.example", t) for t in texts)
    result = Cleaner(FAST).clean(texts[0])
    after = RepeatedLines(FAST.categories)(result, "dup.example", table["dup.example"])
    assert after.text == texts[0]


def test_disabled_pass_keeps_lines(tmp_path, corpus):
    out = tmp_path / "out"
    run_corpus([str(corpus)], out, FAST, RunOptions(progress=False, repeated_boilerplate=False))
    assert not (out / "boilerplate.json").exists()
    assert all(SLOGAN in r["text"] for r in read_records(out))


def test_count_table_is_bounded_and_keeps_frequent_lines():
    from cleaner.corpus.repeated import LineCounter, count_texts

    counter = LineCounter(max_entries=50)
    for shard in range(20):
        pages = [
            (
                "s.example",
                f"Unique words {chr(97 + shard)}{chr(97 + i)} here.\nOur site slogan line",
            )
            for i in range(10)
        ]
        counter.merge(count_texts(pages))
        assert len(counter._counts) <= 50
    (lines,) = counter.frequent().values()
    assert list(lines.lines.values()) == [200] and lines.docs == 200


def test_pruning_does_not_ratchet_up():
    from cleaner.corpus.repeated import LineCounter, count_texts

    counter = LineCounter(max_entries=40)
    for shard in range(30):
        pages = [("many.example", f"Unique {chr(97 + shard)}{chr(97 + i)}.") for i in range(30)]
        pages += [("small.example", "Small site footer line")] * 2  # 2 per shard, 60 in all
        counter.merge(count_texts(pages))
    small = counter.frequent()["small.example"]
    assert list(small.lines.values()) == [60]


HTML_SLOGAN = "Independent local reporting from the valley since 1901, funded by our readers"


def _html_page(site: str, i: int) -> dict:
    topic = TOPICS[i]
    paragraphs = (
        f"Work on the {topic} in {site.split('.')[0]} started in the spring of {2000 + i}, and "
        f"the council expects the {topic} to open to the public within two years.",
        HTML_SLOGAN,
        f"Residents said the {topic} would change the town for the better, and the mayor "
        "agreed with them at a public meeting on Monday evening in the town hall.",
    )
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = f"<html><body><article><h1>The {topic} project</h1>{body}</article></body></html>"
    return {"id": f"{site}/{i}", "url": f"https://{site}/news/{i}", "html": page}


def test_html_documents_are_counted_on_their_rendered_lines(tmp_path):
    # The slogan sits inside the article, so the page's own extraction keeps it:
    # only the count across the site's pages can tell it is boilerplate.
    path = tmp_path / "pages.jsonl"
    docs = [_html_page(site, i) for i in range(DOCS_PER_SITE) for site in SITES[:2]]
    path.write_bytes(b"".join(orjson.dumps(d) + b"\n" for d in docs))
    out = tmp_path / "out"
    run_corpus([str(path)], out, FAST, RunOptions(progress=False, shard_size=5))
    records = read_records(out)
    assert len(records) == len(docs)
    for record in records:
        site = record["id"].split("/")[0]
        (removal,) = [r for r in record["removed"] if r["rule"] == "repeated_line"]
        assert removal["text"] == HTML_SLOGAN
        assert removal["reason"] == f"line seen in 8 of 8 documents of {site}"
        assert removal["category"] == "non_main"
        assert HTML_SLOGAN not in record["text"] and "the mayor agreed" in record["text"]
        assert record["source"][removal["start"] : removal["end"]] == HTML_SLOGAN


def test_site_table_is_capped_deterministically():
    from cleaner.corpus.repeated import LineCounter, count_texts

    def run() -> tuple[dict, int]:
        counter = LineCounter(max_sites=6)
        most = 0
        for shard in range(12):
            pages = [("big.example", f"Story {chr(97 + shard)}.\nBig site footer line")] * 3
            pages += [
                (f"s{shard}-{i}.example", "A one-page site, never repeated") for i in range(4)
            ]
            counter.merge(count_texts(pages))
            most = max(most, len(counter._site_ids))
        return counter.frequent(), most

    table, most = run()
    assert most <= 6  # never more site names than the cap after a merge
    (big,) = table.values()
    assert list(table) == ["big.example"] and big.docs == 36 and list(big.lines.values()) == [36]
    assert run()[0] == table  # same merges, same table


def test_chunked_shards_give_the_same_output(tmp_path, corpus, monkeypatch):
    options = RunOptions(progress=False, shard_size=7)
    run_corpus([str(corpus)], tmp_path / "whole", FAST, options)
    # Tiny chunks: every shard is cut into several tasks, sent to two workers.
    monkeypatch.setattr(runner_module, "CLEAN_CHUNK_BYTES", 300)
    two = RunOptions(progress=False, shard_size=7, workers=2)
    run = run_corpus([str(corpus)], tmp_path / "chunked", FAST, two)
    assert run.stats.docs_in == len(SITES) * DOCS_PER_SITE
    whole = {p.name: p.read_bytes() for p in sorted((tmp_path / "whole").glob("cleaned-*"))}
    chunked = {p.name: p.read_bytes() for p in sorted((tmp_path / "chunked").glob("cleaned-*"))}
    assert chunked == whole and len(whole) == 4
    # Compressed output: one gzip member per chunk, made by the workers.
    gz = RunOptions(progress=False, shard_size=7, workers=2, format="jsonl.gz")
    run_corpus([str(corpus)], tmp_path / "gz", FAST, gz)
    shards = sorted((tmp_path / "gz").glob("cleaned-*.jsonl.gz"))
    assert [gzip.decompress(p.read_bytes()) for p in shards] == list(whole.values())
    assert shards[0].read_bytes().count(b"\x1f\x8b\x08") > 1  # several members


def test_lines_are_counted_as_repaired(tmp_path):
    # The site's blurb arrives as mojibake; pass 2 sees it repaired, so pass 1 counts it so.
    blurb = BLURB.format(site="valley.example")
    broken = blurb.replace(" and ", " \u00e2\u20ac\u201d ")  # an em dash, as UTF-8 read as cp1252
    docs = []
    for i in range(DOCS_PER_SITE):
        doc = _doc("valley.example", i)
        docs.append({**doc, "text": doc["text"].replace(blurb, broken)})
    path = tmp_path / "mojibake.jsonl"
    path.write_bytes(b"".join(orjson.dumps(d) + b"\n" for d in docs))
    out = tmp_path / "out"
    run_corpus([str(path)], out, FAST, RunOptions(progress=False))
    repaired = blurb.replace(" and ", " \u2014 ")
    for record in read_records(out):
        repeated = {r["text"] for r in record["removed"] if r["rule"] == "repeated_line"}
        assert repaired in repeated and repaired not in record["text"]


def test_counting_builds_no_cleaner(tmp_path, corpus):
    # Pass 1's pool starts before the main process has built the cleaner (it builds it
    # meanwhile, for pass 2's pool): counting, from undecoded records, must not need one.
    from cleaner.corpus import worker
    from cleaner.corpus.readers import ReadOptions, expand_inputs, read_inputs

    read = ReadOptions(defer_decoding=True)
    items = tuple(read_inputs(expand_inputs([str(corpus)]), read))
    page = worker.Document("p", "p", _html_page(SITES[0], 0)["html"], "html", SITES[0])
    worker._cleaner.cache_clear()
    counts = worker.count_shard(
        worker.JobSpec(FAST, read=read), worker.ShardTask(0, (*items, page))
    )
    assert worker._cleaner.cache_info().currsize == 0
    assert counts.site_docs == {
        SITES[0]: DOCS_PER_SITE + 1,
        **dict.fromkeys(SITES[1:], DOCS_PER_SITE),
    }


REPEATED_LINE_SAMPLES = (
    "Follow us on Twitter",
    "Related articles",
    "Skip to main content",
    "  Home | News | Sport  ",
    "Photo: Jane Doe / Reuters",
    "Copyright 2024 Example Media. All rights reserved.",
    "Share this article",
    "Advertisement",
    "The council approved the new budget on Monday after a long debate.",
    "İstanbul haberleri",  # lower-cases to another length: read by the folded path
)


@pytest.mark.parametrize("categories", [frozenset(Category), frozenset({Category.FOOTER})])
def test_repeated_lines_categorise_as_a_rule_set_of_their_own(categories):
    # The shared rule set's scan_only gives what a set of the repeated step's rule
    # categories gives: the categories a repeated line is removed as do not change.
    shared = RepeatedLines(categories)
    own = RuleSet(_RULE_CATEGORIES)
    for line in REPEATED_LINE_SAMPLES:
        text = line.strip()
        assert shared._hit(text) == own.scan(text, [Block(0, len(text), text)])[0], line
