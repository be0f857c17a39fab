"""The context stage with the learned scorer: full pages, extracted text, invariants."""

from __future__ import annotations

import numpy as np

from cleaner import Category, Settings
from cleaner.features import ALL_NAMES, document_features, lexical_features
from cleaner.pipeline import Cleaner
from cleaner.scorer import default_scorer

CLEANER = Cleaner(Settings(language_backend="none"))

MENU = [
    "Home", "News", "Politics", "Business", "Sport", "Culture", "Travel", "Weather",
    "Opinion", "Video", "Podcasts", "Newsletters", "Subscribe", "Log in",
]  # fmt: skip
ARTICLE = [
    "Council approves new budget after long debate",
    "The city council approved the new budget on Monday after a long and heated debate that "
    "lasted well into the evening.",
    "Officials said the plan would fund three new schools and repair roads in the northern "
    "districts over the next two years.",
    "Opposition members argued that the spending was too high, but the measure passed with a "
    "comfortable majority of the votes.",
    "The mayor said she expected construction on the first school to begin in the spring, once "
    "the contracts have been signed.",
]
FOOTER = ["About us", "Contact", "Careers", "Advertise", "Terms of use", "Privacy"]
PAGE = "\n".join(["City Daily - Council approves new budget", *MENU, *ARTICLE, *FOOTER])


def test_shipped_scorer_matches_the_features():
    scorer = default_scorer()
    assert scorer is not None
    x = document_features(ARTICLE, [False] * len(ARTICLE))
    p = scorer.probabilities(x, scorer.lexical(ARTICLE))
    assert x.shape == (len(ARTICLE), len(ALL_NAMES))
    assert p.shape == (len(ARTICLE),)
    assert np.all((p >= 0) & (p <= 1))


def test_full_page_keeps_the_article_and_drops_menus():
    result = CLEANER.clean(PAGE)
    for paragraph in ARTICLE[1:]:
        assert paragraph in result.text
    for item in ("Politics", "Podcasts", "Careers"):
        assert item not in result.text.split("\n")
    scored = [r for r in result.removed if r.rule == "scorer"]
    for removal in scored:
        assert "article score" in removal.reason
        assert removal.category in (Category.NAVIGATION, Category.FOOTER, Category.NON_MAIN)


def test_cleaning_is_idempotent_and_ignores_blank_lines():
    result = CLEANER.clean(PAGE)
    assert CLEANER.clean(result.text).removed == []
    spaced = CLEANER.clean(PAGE.replace("\n", "\n\n  \n"))
    assert spaced.text == result.text


def test_extracted_text_keeps_its_short_lines():
    # An extractor's output: no menu run, so the scorer leaves lists and headings alone.
    recipe = [
        ARTICLE[1],
        "Ingredients",
        "200 g flour",
        "2 eggs",
        "1 cup of milk",
        ARTICLE[2],
        "Method",
        ARTICLE[3],
        ARTICLE[4],
    ]
    result = CLEANER.clean("\n".join(recipe))
    assert result.text.split("\n") == recipe


def test_a_lone_sentence_after_a_skip_link_is_kept():
    result = CLEANER.clean("Skip to main content\n" + ARTICLE[1])
    assert result.text == ARTICLE[1]


def test_page_relative_features_find_the_article_region():
    # The same page shape in three languages: the densest prose stretch is the
    # article, whatever the words; menus above and below stand outside it.
    pages = {
        "en": ARTICLE[1:],
        "de": [
            "Der Stadtrat hat am Montag nach einer langen Debatte den neuen Haushalt beschlossen.",
            "Nach Angaben der Verwaltung sollen damit drei neue Schulen gebaut werden.",
        ],
        "es": [
            "El ayuntamiento aprobó el lunes el nuevo presupuesto tras un largo debate.",
            "Según los funcionarios, el plan financiará tres escuelas nuevas en el norte.",
        ],
    }
    for paragraphs in pages.values():
        texts = MENU[:5] + paragraphs + FOOTER[:4]
        x = document_features(texts, [False] * len(texts))
        region = x[:, ALL_NAMES.index("in_main_region")].astype(bool).tolist()
        inside = [False] * 5 + [True] * len(paragraphs) + [False] * 4
        assert region == inside
        distance = x[:, ALL_NAMES.index("log_region_distance")]
        assert distance[0] > distance[4] > 0 == distance[5]
        share = x[:, ALL_NAMES.index("char_share")]
        assert abs(share.sum() - 1) < 1e-9
        assert share[5] > share[0]


def test_stacked_features_read_the_neighbours_scores():
    from cleaner.features import STACK_NAMES, stacked_features

    texts = MENU[:3] + ARTICLE[1:] + FOOTER[:2]
    x = document_features(texts, [False] * len(texts))
    p = np.array([0.1, 0.1, 0.1, 0.9, 0.8, 0.9, 0.7, 0.2, 0.1])
    s = stacked_features(x, p)
    col = {name: s[:, n] for n, name in enumerate(STACK_NAMES)}
    assert s.shape == (len(texts), len(STACK_NAMES))
    assert col["first_score"].tolist() == p.tolist()
    assert col["prev_score"][0] == 0 and col["prev_score"][4] == p[3]
    assert col["next_score"][-1] == 0 and col["next_score"][2] == p[3]
    # The menu line beside the article sees its paragraphs' scores.
    assert col["near_max_score"][2] == 0.9 and col["near_score"][0] < col["near_score"][2]
    # The article's mass lies after the menu and before the footer.
    assert col["score_mass_before"][0] == 0 and np.isclose(col["score_mass_after"][-1], 0)
    assert col["score_mass_before"][-1] > 0.9 and col["score_mass_after"][0] > 0.9
    # Each short line's run is the menu's or the footer's, scored as a whole.
    assert np.isclose(col["run_score"][0], 0.1) and np.isclose(col["run_score"][-1], 0.15)
    assert np.allclose(stacked_features(x[:0], p[:0]), np.zeros((0, len(STACK_NAMES))))
    one = stacked_features(x[:1], p[:1])
    assert one.shape == (1, len(STACK_NAMES)) and one[0, 0] == p[0]


GERMAN = [
    "Stadtrat beschließt neuen Haushalt",
    "Der Stadtrat hat am Montag nach einer langen Debatte den neuen Haushalt beschlossen, "
    "der bis in den Abend hinein dauerte.",
    "Nach Angaben der Verwaltung sollen damit drei neue Schulen gebaut und die Straßen im "
    "Norden der Stadt in den nächsten zwei Jahren saniert werden.",
]
SPANISH = [
    "El ayuntamiento aprueba el nuevo presupuesto",
    "El ayuntamiento aprobó el lunes el nuevo presupuesto tras un largo debate que se "
    "prolongó hasta la noche.",
    "Según los funcionarios, el plan financiará tres escuelas nuevas y la reparación de "
    "las calles del norte en los próximos dos años.",
]


def test_shipped_scorer_is_stacked_and_reads_the_context():
    scorer = default_scorer()
    assert scorer is not None and scorer.second is not None
    for article in (ARTICLE, GERMAN, SPANISH):
        texts = MENU + article + FOOTER
        x = document_features(texts, [False] * len(texts))
        lexical = scorer.lexical(texts)
        first = scorer.ensemble_probabilities(
            x if lexical is None else np.hstack((x, lexical_features(lexical)))
        )
        p = scorer.probabilities(x, lexical)
        assert p.shape == first.shape and not np.allclose(p, first)
        paragraphs = p[len(MENU) + 1 : len(MENU) + len(article)]
        assert paragraphs.min() > max(p[: len(MENU)].max(), p[len(MENU) + len(article) :].max())


def test_scoring_in_blocks_is_the_whole_array_definition() -> None:
    """Blocks of rows (any count, a one-row tail included) give the whole array's bits."""
    from cleaner.scorer import MAX_PRODUCT_SIZE, SCORE_BLOCK_ROWS

    scorer = default_scorer()
    rng = np.random.default_rng(7)
    for stage in (scorer, scorer.second):
        members, dims, hidden_units = stage.w1.shape
        rows = max(1, MAX_PRODUCT_SIZE // (dims * members * hidden_units))
        step = -(-SCORE_BLOCK_ROWS // rows) * rows
        for n in (1, 2, rows + 1, 2 * step - 1, 2 * step, 2 * step + 1, 3 * step + 1):
            x = rng.normal(size=(n, dims)) * stage.std * 2 + stage.mean
            z = (x - stage.mean) / stage.std
            pre = np.empty((n, members * hidden_units))
            for lo in range(0, n, rows):
                np.matmul(z[lo : lo + rows], stage.side_by_side, out=pre[lo : lo + rows])
            pre += stage.bias_row
            hidden = np.tanh(pre, out=pre).reshape(n, members, hidden_units)
            logits = np.einsum("nmh,mh->mn", hidden, stage.w2) + stage.b2[:, None]
            whole = (1.0 / (1.0 + np.exp(-logits))).mean(axis=0)
            assert stage.ensemble_probabilities(x).tobytes() == whole.tobytes()
            halves = (x[:, : dims // 2], x[:, dims // 2 :])
            assert stage.ensemble_probabilities(halves).tobytes() == whole.tobytes()
