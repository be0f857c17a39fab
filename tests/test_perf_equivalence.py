"""The vectorized fast paths give exactly what their one-block-at-a-time definitions give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.classify import describe, describe_all

# Characters that reach every branch: spaces of several kinds, sentence ends and
# closers, CJK and Thai, astral emoji, letters whose lower case changes length.
ALPHABET = st.sampled_from(list("ab Z.!?;:,)]\"'”’»…。！？、\t\r\x0b\u2028\u3000中ก한😀İß_1"))
LINE = st.text(ALPHABET, min_size=1, max_size=40).map(str.strip).filter(bool)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE | st.text(min_size=1, max_size=30).map(str.strip).filter(bool), max_size=12))
def test_describe_all_equals_describe(texts: list[str]) -> None:
    texts = [t for t in texts if "\n" not in t]
    fast = describe_all(texts, [None] * len(texts))
    for text, info in zip(texts, fast, strict=True):
        one = describe(text, None)
        assert (info.text, info.words, info.prose) == (one.text, one.words, one.prose)
        assert type(info.words) is int and type(info.prose) is bool
