"""Progress bar, summary table and stats merging."""

from __future__ import annotations

import io

from corpus_helpers import corpus_jsonl

from cleaner.corpus import RunOptions, Stats, format_summary, run_corpus
from cleaner.settings import Settings


def test_progress_bar_shows_documents_bytes_and_rate(tmp_path):
    src = corpus_jsonl(tmp_path / "in.jsonl", 6)
    stream = io.StringIO()
    run_corpus(
        [str(src)],
        tmp_path / "out",
        Settings(language_backend="none"),
        RunOptions(shard_size=2),
        stream=stream,
    )
    shown = stream.getvalue()
    assert "cleaning" in shown and "100%" in shown
    assert "6 docs" in shown and "docs/s" in shown and "B/s" in shown


def test_summary_table_lists_categories():
    stats = Stats(
        docs_in=3,
        cleaned=2,
        rejected=1,
        removed_count={"footer": 2},
        removed_chars={"footer": 40},
    )
    table = format_summary(stats)
    assert "documents in" in table and "docs in = cleaned + rejected: yes" in table
    footer = next(line for line in table.splitlines() if line.startswith("footer"))
    assert footer.split() == ["footer", "2", "40"]


def test_stats_sum_like_workers_do():
    parts = [Stats(docs_in=1, cleaned=1, languages={"en": 1}) for _ in range(3)]
    total = sum(parts, Stats())
    assert total.docs_in == 3 and total.languages == {"en": 3}
    assert sum(parts) == total
    assert Stats.from_dict(total.to_dict()) == total
