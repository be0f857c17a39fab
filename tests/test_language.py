"""Language identification: backends, the reference, the fast default."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from webeval import webeval_pages

from cleaner import Settings, clean, language
from cleaner.language import UNKNOWN, LanguageIdentifier, has_enough_letters

SENTENCES = {
    "en": "The council approved the new budget on Monday after a long and heated debate.",
    "de": "Der Stadtrat hat am Montag nach einer langen Debatte den neuen Haushalt beschlossen.",
    "fr": "Le conseil municipal a approuvé lundi le nouveau budget après un long débat.",
    "es": "El consejo aprobó el lunes el nuevo presupuesto tras un largo y acalorado debate.",
    "ru": "Городской совет в понедельник утвердил новый бюджет после долгих споров.",
    "ja": "市議会は月曜日、長い議論の末に新しい予算を承認しました。住民の多くが傍聴した。",
    "ar": "وافق المجلس البلدي يوم الاثنين على الميزانية الجديدة بعد نقاش طويل.",
}
WEBEVAL_SAMPLE_DOCS = 150


@pytest.mark.parametrize("backend", ["langdetect_rs", "langdetect", "py3langid"])
@pytest.mark.parametrize(("code", "sentence"), sorted(SENTENCES.items()))
def test_backends_name_common_languages(backend, code, sentence):
    assert LanguageIdentifier(Settings(language_backend=backend))(sentence) == code


def test_default_backend_is_langdetect_rs():
    assert Settings().language_backend == "langdetect_rs"
    assert clean(SENTENCES["de"]).language == "de"


@pytest.mark.parametrize("backend", ["langdetect_rs", "langdetect", "py3langid", "none"])
@pytest.mark.parametrize("text", ["", "1234 5678", "!!! ???", "\x00\ud800\u202e", "ab cd"])
def test_too_little_evidence_is_unknown(backend, text):
    assert LanguageIdentifier(Settings(language_backend=backend))(text) == UNKNOWN


def test_sample_is_bounded():
    ident = LanguageIdentifier(Settings(language_sample_chars=50))
    assert len(ident.sample("x" * 10_000)) == 50
    assert not has_enough_letters("1 2 3 4 5 6 7 8 9 0 " * 5)


def test_langdetect_rs_one_call_is_its_detector():
    # The one-call path is the default's; the Detector path is langdetect's API.
    assert language._langdetect_rs_one_call() is not None, "langdetect-rs renamed its core"
    ident = LanguageIdentifier(Settings())
    texts = [p.read_text(encoding="utf-8") for p in webeval_pages()]
    texts += [*SENTENCES.values(), "1234 5678 90 " * 5, "ab " * 30, "😀 " * 40]
    for text in texts:
        sample = ident.sample(text)
        assert language._detect_langdetect_rs(sample) == language._detect_with(
            "langdetect_rs", sample
        )


def test_langdetect_rs_gives_langdetect_answers_on_webeval():
    pages = webeval_pages()
    reference = LanguageIdentifier(Settings(language_backend="langdetect"))
    fast = LanguageIdentifier(Settings(language_backend="langdetect_rs"))
    for path in pages[:WEBEVAL_SAMPLE_DOCS]:
        text = path.read_text(encoding="utf-8")
        assert fast(text) == reference(text), path.name


def test_clean_with_settings_builds_one_cleaner_per_settings():
    # Choosing a backend per call must not rebuild the Cleaner (every rule compiled) per call.
    import cleaner

    first = cleaner._cleaner({"language_backend": "py3langid"})
    assert cleaner._cleaner({"language_backend": "py3langid"}) is first
    assert cleaner._cleaner({"language_backend": "langdetect"}) is not first
    assert clean(SENTENCES["fr"], language_backend="py3langid").language == "fr"


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        st.sampled_from("ab_1 .\n\u0660\u00e9\u4e2d\u2160\U0001d400!")
        | st.characters(codec="utf-8"),
        max_size=60,
    )
)
def test_enough_letters_is_counting_them(text: str) -> None:
    assert has_enough_letters(text) == language.has_enough_letters_plain(text)
