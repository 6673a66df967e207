"""Monroe et al.'s log-odds with a Dirichlet prior: hand arithmetic and a reference implementation."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from analysis.measure.keyness import log_odds_dirichlet, term_counts


def test_toy_example_by_hand():
    # a: x=3, y=1 (n_a = 4); b: x=1, y=3 (n_b = 4). Default prior = pooled counts:
    # alpha_x = alpha_y = 4, alpha_0 = 8.
    # delta_x = log((3+4)/(4+8-3-4)) - log((1+4)/(4+8-1-4)) = log(7/5) - log(5/7) = 2 log 1.4
    # var_x   = 1/(3+4) + 1/(1+4) = 1/7 + 1/5 = 12/35
    # z_x     = 2 log 1.4 / sqrt(12/35) = 0.6729445 / 0.5855400 = 1.149271
    out = log_odds_dirichlet({"x": 3, "y": 1}, {"x": 1, "y": 3}).set_index("term")
    assert out.loc["x", "alpha"] == 4.0
    assert out.loc["x", "delta"] == pytest.approx(2 * math.log(1.4))
    assert out.loc["x", "variance"] == pytest.approx(12 / 35)
    assert out.loc["x", "z"] == pytest.approx(1.149271, abs=1e-6)
    assert out.loc["y", "z"] == pytest.approx(-1.149271, abs=1e-6)  # symmetric
    assert list(out.reset_index().columns) == [
        "term", "count_a", "count_b", "alpha", "delta", "variance", "z"]


def test_alpha0_rescales_the_prior():
    # Same counts, prior rescaled to alpha_0 = 2: alpha_x = alpha_y = 1.
    # delta_x = log(4/(4+2-3-1)) - log(2/(4+2-1-1)) = log 2 - log 0.5 = 2 log 2
    # var_x = 1/4 + 1/2 = 0.75; z = 1.386294 / 0.866025 = 1.600755
    out = log_odds_dirichlet({"x": 3, "y": 1}, {"x": 1, "y": 3}, alpha0=2).set_index("term")
    assert out.loc["x", "alpha"] == 1.0
    assert out.loc["x", "delta"] == pytest.approx(2 * math.log(2))
    assert out.loc["x", "z"] == pytest.approx(1.600755, abs=1e-6)


def test_published_fightin_words_example():
    # README of the `fightin_words` Python package (after Hessel's implementation):
    # doc1 = "the quick brown fox jumps over the lazy pig",
    # doc2 = "the lazy purple pig jumps over the lazier donkey", uniform prior .05,
    # expected z: donkey/lazier/purple -0.6894227886807968, brown/fox/quick +0.689...,
    # jumps/lazy/over/pig/the 0.0.
    # By hand for donkey: y_a=0, y_b=1, n_a=n_b=9, alpha=.05, alpha_0=11*.05=.55:
    # delta = log(.05/9.5) - log(1.05/8.5) = -3.155867; var = 1/.05 + 1/1.05 = 20.952381
    a = Counter("the quick brown fox jumps over the lazy pig".split())
    b = Counter("the lazy purple pig jumps over the lazier donkey".split())
    out = log_odds_dirichlet(a, b, prior=0.05).set_index("term")
    for term in ("donkey", "lazier", "purple"):
        assert out.loc[term, "z"] == pytest.approx(-0.6894227886807968, abs=1e-12)
    for term in ("brown", "fox", "quick"):
        assert out.loc[term, "z"] == pytest.approx(0.6894227886807968, abs=1e-12)
    for term in ("jumps", "lazy", "over", "pig", "the"):
        assert out.loc[term, "z"] == pytest.approx(0.0, abs=1e-12)
    assert out.loc["donkey", "delta"] == pytest.approx(math.log(0.05 / 9.5) - math.log(1.05 / 8.5))


def _hessel_reference(y_a: np.ndarray, y_b: np.ndarray, priors: np.ndarray) -> np.ndarray:
    """The loop of jmhessel/FightingWords fighting_words_py3.py, transcribed as written."""
    a0 = np.sum(priors)
    n1 = 1.0 * np.sum(y_a)
    n2 = 1.0 * np.sum(y_b)
    z = np.empty(len(priors))
    for i in range(len(priors)):
        term1 = np.log((y_a[i] + priors[i]) / (n1 + a0 - y_a[i] - priors[i]))
        term2 = np.log((y_b[i] + priors[i]) / (n2 + a0 - y_b[i] - priors[i]))
        var = 1.0 / (y_a[i] + priors[i]) + 1.0 / (y_b[i] + priors[i])
        z[i] = (term1 - term2) / np.sqrt(var)
    return z


@pytest.mark.parametrize("prior_kind", ["uniform", "informative"])
def test_matches_reference_implementation(prior_kind):
    rng = np.random.default_rng(7)
    terms = [f"w{i:02d}" for i in range(40)]
    # Every term observed in a or b, so the vocabulary (and alpha_0) is all 40 terms,
    # as in the reference, whose vocabulary is the CountVectorizer's.
    y_a = rng.integers(1, 30, size=40)
    y_b = rng.integers(0, 30, size=40)
    y_a[0], y_b[0] = 5, 0  # a term only in a
    y_b[1], y_a[1] = 4, 0  # a term only in b
    background = rng.integers(1, 500, size=40).astype(float)
    if prior_kind == "uniform":
        priors, kwargs = np.full(40, 0.01), {"prior": 0.01}
    else:
        priors = background * (100 / background.sum())  # scaled to alpha_0 = 100
        kwargs = {"prior": pd.Series(background, index=terms), "alpha0": 100}
    expected = pd.Series(_hessel_reference(y_a, y_b, priors), index=terms)
    out = log_odds_dirichlet(pd.Series(y_a, index=terms), pd.Series(y_b, index=terms), **kwargs)
    got = out.set_index("term")["z"].reindex(terms)
    pd.testing.assert_series_equal(got, expected, check_names=False, rtol=1e-12)
    assert out["z"].is_monotonic_decreasing


def test_prior_series_missing_terms_and_validation():
    out = log_odds_dirichlet({"x": 2, "y": 1}, {"x": 1, "y": 2}, prior=pd.Series({"x": 10.0}))
    assert out.set_index("term").loc["y", "alpha"] == 10.0  # smallest positive prior value
    with pytest.raises(ValueError):
        log_odds_dirichlet({}, {"x": 1})
    with pytest.raises(ValueError):
        log_odds_dirichlet({"x": -1}, {"x": 1})
    with pytest.raises(ValueError):
        log_odds_dirichlet({"x": 1}, {"x": 1}, prior=0)
    with pytest.raises(ValueError):
        log_odds_dirichlet({"x": 1}, {"x": 1}, prior=pd.Series({"q": 1.0}) * 0)


def test_term_counts_strings_tokens_and_stopwords():
    texts = ["Russia's non-aggression pact; the pact.", "NATO's 2 pacts"]
    counts = term_counts(texts)
    assert counts.to_dict() == {"pact": 2, "aggression": 1, "nato": 1, "non": 1, "pacts": 1, "russia": 1,
                                "the": 1}
    assert counts.index.name == "term"
    assert term_counts(texts, min_count=2).to_dict() == {"pact": 2}
    assert "the" not in term_counts(texts, stopwords="english")
    assert term_counts([["Peace", "peace", ",", "2025"]]).to_dict() == {"peace": 2}


def test_term_counts_spacy_lemmas(nlp):
    doc = nlp("The guarantees were guaranteed.")
    assert term_counts([doc], stopwords={"the", "be"}).to_dict() == {"guarantee": 2}
    assert term_counts([doc], lemma=False).to_dict() == {
        "guaranteed": 1, "guarantees": 1, "the": 1, "were": 1}


def test_seed_keyness_runs_on_real_text(seed_parsed):
    # Analysis (003) against the news reports (000-002): sanity of signs only.
    groups = {"analysis": [], "news": []}
    for document, parsed in seed_parsed:
        key = "analysis" if document.doc_id.startswith("003") else "news" if document.doc_id[:3] in (
            "000", "001", "002") else None
        if key:
            groups[key].extend(doc for _, doc in parsed)
    out = log_odds_dirichlet(term_counts(groups["analysis"], stopwords="english"),
                             term_counts(groups["news"], stopwords="english")).set_index("term")
    assert out.loc["eurasia", "z"] > 2        # the analysis is about Eurasia
    assert out.loc["nato", "z"] < 0           # the news is about NATO


def test_docstring_examples():
    import doctest

    import analysis.measure.keyness

    assert doctest.testmod(analysis.measure.keyness).failed == 0
