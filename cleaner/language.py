"""Stage 3: language identification on a bounded sample of the kept text.

langdetect is the reference backend: a private ``DetectorFactory`` with a
fixed seed (no global state touched), so the answer is deterministic.
langdetect-rs (``"langdetect_rs"``, the default) runs langdetect's own random
walk in Rust, same seed, same profiles: on the 990 webeval documents it gave
the reference's answer on every one, about 25 times faster (``make bench``
measures both). py3langid is another fast backend, with different answers.
All ship their model inside the wheel. The sample is capped
(``Settings.language_sample_chars``), so the cost does not grow with the document.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from .settings import Settings

UNKNOWN = "unknown"
MIN_LETTERS = 20  # fewer letters than this is too little evidence for any backend
_LETTER = r"[^\W\d_]"
# MIN_LETTERS letters from the text's start, each after a run of non-letters (the letter
# class's complement: a run can only end at a letter, so a failing match gives back each run
# once): one match call instead of a match object per letter. Anchored at the start (\A), so
# a search never restarts the runs at every position (which would be quadratic).
_ENOUGH_LETTERS_RE = re.compile(rf"\A(?:[\W\d_]*{_LETTER}){{{MIN_LETTERS}}}")
_LANGDETECT_SEED = 0


@functools.cache
def _langdetect_api(module: str) -> tuple[object, type[Exception]]:
    """A seeded DetectorFactory of ``module`` (langdetect or its Rust port, same API).

    Loading the profiles costs ~0.3 s in langdetect: once per process and module.
    """
    if module == "langdetect":
        from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
        from langdetect.lang_detect_exception import LangDetectException
    else:
        from langdetect_rs import PROFILES_DIRECTORY, DetectorFactory, LangDetectException
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(_LANGDETECT_SEED)
    return factory, LangDetectException


def _detect_with(module: str, sample: str) -> str:
    factory, no_answer = _langdetect_api(module)
    detector = factory.create()
    detector.append(sample)
    try:
        code = detector.detect()
    except no_answer:
        return UNKNOWN
    return _iso_code(code)


def _iso_code(code: str) -> str:
    """langdetect's answer as ours.

    >>> _iso_code("zh-cn"), _iso_code("de"), _iso_code("unknown")
    ('zh', 'de', 'unknown')
    """
    # langdetect names Chinese "zh-cn"/"zh-tw"; the ISO 639-1 code is what users join on.
    return code.split("-")[0] if code != "unknown" else UNKNOWN


@functools.cache
def _langdetect_rs_one_call() -> Callable[[str], str | None] | None:
    """langdetect-rs's one-call detection with our factory's profiles and seed, or None.

    A ``Detector`` (the API langdetect defines) costs a Python object, two passes of
    the Rust core over the text (one to check it has features, one to detect) and
    the sorting of every language's probability: about a third of the time on a
    short page. langdetect-rs's own module-level ``detect`` skips all that with one
    call of its core, the same walk with the same seed; it uses a global factory
    with langdetect's global seed, so we call that core on our factory instead.
    This reads two private names of langdetect-rs 0.1: if a release renames them,
    this returns None and the ``Detector`` path (same answers) is used.
    tests/test_language.py checks both paths agree on every webeval page.
    """
    try:
        from langdetect_rs._seed import seed_state

        factory, _no_answer = _langdetect_api("langdetect_rs")
        detect = factory._core.detect
        state = seed_state(factory.seed)
    except (ImportError, AttributeError):
        return None
    return functools.partial(detect, seed=state)


def _detect_langdetect(sample: str) -> str:
    return _detect_with("langdetect", sample)


def _detect_langdetect_rs(sample: str) -> str:
    one_call = _langdetect_rs_one_call()
    if one_call is None:
        return _detect_with("langdetect_rs", sample)
    code = one_call(sample)  # None: no features, where a Detector raises
    return UNKNOWN if code is None else _iso_code(code)


@functools.cache
def _py3langid_model():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE)


def _detect_py3langid(sample: str) -> str:
    code, _score = _py3langid_model().classify(sample)
    return code


_BACKENDS: dict[str, Callable[[str], str]] = {
    "langdetect": _detect_langdetect,
    "langdetect_rs": _detect_langdetect_rs,
    "py3langid": _detect_py3langid,
    "none": lambda sample: UNKNOWN,
}


def has_enough_letters(sample: str) -> bool:
    """True when ``sample`` holds at least ``MIN_LETTERS`` letters.

    >>> has_enough_letters("1234 ... !!!"), has_enough_letters("a fairly ordinary sentence here")
    (False, True)
    """
    return _ENOUGH_LETTERS_RE.match(sample) is not None


def has_enough_letters_plain(sample: str) -> bool:
    """``has_enough_letters`` by counting the letters one by one (its definition, for tests)."""
    return sum(1 for _ in re.finditer(_LETTER, sample)) >= MIN_LETTERS


class LanguageIdentifier:
    """Names the language of a text, or ``"unknown"``."""

    def __init__(self, settings: Settings) -> None:
        self._detect = _BACKENDS[settings.language_backend]
        self._sample_chars = settings.language_sample_chars
        self.backend = settings.language_backend

    def sample(self, text: str) -> str:
        return text[: self._sample_chars]

    def __call__(self, text: str) -> str:
        sample = self.sample(text)
        if not has_enough_letters(sample):
            return UNKNOWN
        return self._detect(sample)
