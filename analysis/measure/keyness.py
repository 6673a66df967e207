"""Distinctive words of two groups of texts: Monroe, Colaresi & Quinn's "Fightin' Words".

Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words: Lexical feature
selection and evaluation for identifying the content of political conflict. *Political
Analysis* 16(4), 372-403. For each term w with counts y_a, y_b in groups of n_a, n_b
tokens and a Dirichlet prior alpha_w (summing to alpha_0 over the vocabulary):

    delta_w = log((y_a + alpha_w) / (n_a + alpha_0 - y_a - alpha_w))
            - log((y_b + alpha_w) / (n_b + alpha_0 - y_b - alpha_w))
    var_w   ~ 1 / (y_a + alpha_w) + 1 / (y_b + alpha_w)
    z_w     = delta_w / sqrt(var_w)

(the paper's eqs. 16, 18 and 19; the same arithmetic as Jack Hessel's widely used
``fighting_words_py3.py``). A positive z means the term is distinctive of group a.

>>> a = {"mutual": 8, "security": 10, "sanctions": 2}
>>> b = {"mutual": 1, "security": 10, "sanctions": 9}
>>> log_odds_dirichlet(a, b)[["term", "count_a", "count_b", "z"]].round(3).values.tolist()
[['mutual', 8, 1, 1.71], ['security', 10, 10, 0.0], ['sanctions', 2, 9, -1.662]]
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from analysis.text import english_stop_words

__all__ = ["keyness_by_group", "log_odds_dirichlet", "stopword_set", "term_counts", "top_terms"]

# Terms for plain strings: runs of letters, inner apostrophes kept, hyphens splitting
# (as spaCy splits "non-aggression"), possessive "'s" dropped.
_TERM_RE = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
_POSSESSIVE_RE = re.compile(r"['\u2019]s$")


def stopword_set(stopwords: Iterable[str] | str | None) -> frozenset[str]:
    """The lower-case stop words of ``stopwords``: a word list, ``None`` (none) or
    ``"english"`` (spaCy's list), as :func:`term_counts` takes them.

    >>> sorted(stopword_set(["The", "of"])), "the" in stopword_set("english")
    (['of', 'the'], True)
    """
    if stopwords is None:
        return frozenset()
    if isinstance(stopwords, str):
        if stopwords.lower() not in ("english", "en", "spacy"):
            raise ValueError("stopwords must be an iterable of words, None or 'english'")
        return frozenset(w.lower() for w in english_stop_words())  # spaCy's list, spaCy not imported
    return frozenset(w.lower() for w in stopwords)


def _terms_of(item: Any, lemma: bool) -> Iterable[str]:
    """Terms of one text: a string, a spaCy Doc/Span, or a list of token strings."""
    if isinstance(item, str):
        for m in _TERM_RE.finditer(item):
            yield _POSSESSIVE_RE.sub("", m.group().lower())
        return
    for tok in item:
        if isinstance(tok, str):
            for m in _TERM_RE.finditer(tok):
                yield _POSSESSIVE_RE.sub("", m.group().lower())
        elif getattr(tok, "is_alpha", False):
            yield (tok.lemma_ if lemma and tok.lemma_ else tok.text).lower()


def term_counts(
    texts: Iterable[Any],
    *,
    min_count: int = 1,
    stopwords: Iterable[str] | str | None = None,
    lemma: bool = True,
) -> pd.Series:
    """Count terms in texts: lower-case alphabetic tokens, or lemmas of spaCy Docs.

    ``texts`` holds strings (tokenised here: letters only, "Russia's" -> "russia",
    "non-aggression" -> "non", "aggression"), spaCy Docs/Spans (alphabetic tokens; their
    lemma when ``lemma=True``) or lists of token strings. ``stopwords`` is a word list or
    ``"english"`` (spaCy's list). Returns counts indexed by term, most frequent first.

    >>> term_counts(["Peace is indivisible.", "Security is indivisible; peace too."],
    ...             stopwords={"is", "too"}).to_dict()
    {'indivisible': 2, 'peace': 2, 'security': 1}
    """
    stop = stopword_set(stopwords)
    counter: Counter[str] = Counter()
    if isinstance(texts, str):
        texts = [texts]
    for item in texts:
        counter.update(t for t in _terms_of(item, lemma) if t and t not in stop)
    series = pd.Series(counter, dtype="int64", name="count")
    series = series[series >= min_count]
    series.index.name = "term"
    order = sorted(series.index, key=lambda t: (-series[t], t))
    return series.reindex(order)


def _as_series(counts: Mapping[str, int] | pd.Series, name: str) -> pd.Series:
    series = pd.Series(counts, dtype="float64") if not isinstance(counts, pd.Series) else counts.astype("float64")
    if (series < 0).any() or series.isna().any():
        raise ValueError(f"{name} must be non-negative counts")
    return series


def log_odds_dirichlet(
    counts_a: Mapping[str, int] | pd.Series,
    counts_b: Mapping[str, int] | pd.Series,
    prior: Mapping[str, float] | pd.Series | float | None = None,
    alpha0: float | None = None,
) -> pd.DataFrame:
    """Log-odds ratio of every term between two groups, with an informative Dirichlet prior.

    Prior (``alpha``, one value per term; ``alpha_0`` is their sum over the vocabulary,
    the union of both groups' terms):

    * ``prior=None`` (default): the pooled counts y_a + y_b, the empirical-Bayes prior
      of tidylo's ``bind_log_odds`` and of Jurafsky et al. (2014) (scattertext's
      ``scale_type='none'``). Rare terms get a weak prior, frequent ones a strong one,
      so the z-scores are not dominated by rare words.
    * ``prior`` a mapping/Series of background counts (e.g. term counts of a reference
      corpus): used as given; vocabulary terms it lacks get its smallest positive value.
    * ``prior`` a number: the same alpha for every term (the "uninformative" prior;
      ``0.01`` in Hessel's implementation).
    * ``alpha0``: rescale whichever prior so it sums to ``alpha0`` (Monroe et al.'s
      alpha_0 = alpha_0 * pi_w form), e.g. a smaller value for a weaker prior.

    Returns term, count_a, count_b, alpha, delta, variance, z, sorted by z (descending,
    ties by term).
    """
    a = _as_series(counts_a, "counts_a")
    b = _as_series(counts_b, "counts_b")
    vocab = sorted(set(a.index[a > 0]) | set(b.index[b > 0]))
    if not vocab:
        raise ValueError("both count tables are empty")
    y_a = a.reindex(vocab, fill_value=0.0).to_numpy()
    y_b = b.reindex(vocab, fill_value=0.0).to_numpy()
    n_a, n_b = y_a.sum(), y_b.sum()
    if n_a == 0 or n_b == 0:
        raise ValueError("each group needs at least one counted term")

    if prior is None:
        alpha = y_a + y_b
    elif isinstance(prior, (int, float)):
        if prior <= 0:
            raise ValueError("a uniform prior must be positive")
        alpha = np.full(len(vocab), float(prior))
    else:
        p = _as_series(prior, "prior").reindex(vocab)
        positive = p[p > 0]
        if positive.empty:
            raise ValueError("the prior has no positive value for any term of the vocabulary")
        alpha = p.where(p > 0, positive.min()).fillna(positive.min()).to_numpy()
    if alpha0 is not None:
        if alpha0 <= 0:
            raise ValueError("alpha0 must be positive")
        alpha = alpha * (float(alpha0) / alpha.sum())
    a0 = alpha.sum()

    delta = (np.log((y_a + alpha) / (n_a + a0 - y_a - alpha))
             - np.log((y_b + alpha) / (n_b + a0 - y_b - alpha)))
    variance = 1.0 / (y_a + alpha) + 1.0 / (y_b + alpha)
    z = delta / np.sqrt(variance)
    out = pd.DataFrame({
        "term": vocab,
        "count_a": y_a.astype("int64") if np.all(y_a == np.round(y_a)) else y_a,
        "count_b": y_b.astype("int64") if np.all(y_b == np.round(y_b)) else y_b,
        "alpha": alpha,
        "delta": delta,
        "variance": variance,
        "z": z,
    })
    out = out.sort_values(["z", "term"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)


def top_terms(
    result: pd.DataFrame,
    n: int = 15,
    *,
    labels: tuple[str, str] = ("a", "b"),
    min_count: int = 1,
) -> pd.DataFrame:
    """The ``n`` most distinctive terms of each group in a :func:`log_odds_dirichlet` result.

    Terms used fewer than ``min_count`` times in both groups together are left out first
    (on a small corpus a word used twice can reach a high z by chance). Returns the
    columns ``side`` (the group's label), term, count_a, count_b and z: group a's terms
    first, most distinctive first, then group b's, most distinctive (lowest z) first.
    Only terms whose z points to a side are listed there (a term with z = 0 is on no side).

    >>> r = log_odds_dirichlet({"mutual": 8, "security": 10, "sanctions": 2},
    ...                        {"mutual": 1, "security": 10, "sanctions": 9})
    >>> top_terms(r, 1, labels=("official", "news"))[["side", "term"]].values.tolist()
    [['official', 'mutual'], ['news', 'sanctions']]
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    table = result[(result["count_a"] + result["count_b"]) >= min_count]
    a = table[table["z"] > 0].sort_values(["z", "term"], ascending=[False, True], kind="stable").head(n)
    b = table[table["z"] < 0].sort_values(["z", "term"], ascending=[True, True], kind="stable").head(n)
    out = pd.concat([a.assign(side=labels[0]), b.assign(side=labels[1])], ignore_index=True)
    return out[["side", "term", "count_a", "count_b", "z"]]


def keyness_by_group(
    terms: pd.Series | Iterable[str],
    groups: pd.Series | Iterable[Any],
    labels: tuple[Any, Any],
    *,
    stopwords: Iterable[str] | str | None = "english",
    min_chars: int = 2,
    prior: Mapping[str, float] | pd.Series | float | None = None,
    alpha0: float | None = None,
) -> pd.DataFrame:
    """:func:`log_odds_dirichlet` between the terms of two groups of rows.

    ``terms`` holds one word (or text) per row, ``groups`` the group of each row (rows of
    other groups, or missing, are ignored); ``labels`` = ``(a, b)``: positive z means
    typical of ``a``. Terms are counted with :func:`term_counts` (lower case, possessive
    dropped, hyphenated words split, ``stopwords`` removed: spaCy's English list by
    default), so "Russia's" counts as "russia" and "non-aggression" as "non" and
    "aggression". Terms shorter than ``min_chars`` letters are dropped (the "u" and "s" of
    "U.S."). When a group has no terms at all, the result is empty (nothing to compare).

    >>> words = ["mutual", "security", "sanctions", "sanctions", "mutual", "the"]
    >>> groups = ["official", "official", "news", "news", "official", "news"]
    >>> keyness_by_group(words, groups, ("official", "news"))[["term", "count_a", "count_b"]].values.tolist()
    [['mutual', 2, 0], ['security', 1, 0], ['sanctions', 0, 2]]
    """
    terms = pd.Series(list(terms) if not isinstance(terms, pd.Series) else terms.to_numpy(), dtype=object)
    groups = pd.Series(list(groups) if not isinstance(groups, pd.Series) else groups.to_numpy(), dtype=object)
    if len(terms) != len(groups):
        raise ValueError("terms and groups must have the same length")
    counts = []
    for label in labels:
        c = term_counts(terms[(groups == label).to_numpy()].tolist(), stopwords=stopwords, lemma=False)
        counts.append(c[c.index.str.len() >= min_chars] if len(c) else c)
    if not len(counts[0]) or not len(counts[1]):  # nothing to compare: an empty result
        return pd.DataFrame({"term": pd.Series(dtype=object), "count_a": pd.Series(dtype="int64"),
                             "count_b": pd.Series(dtype="int64"), "alpha": pd.Series(dtype=float),
                             "delta": pd.Series(dtype=float), "variance": pd.Series(dtype=float),
                             "z": pd.Series(dtype=float)})
    return log_odds_dirichlet(counts[0], counts[1], prior=prior, alpha0=alpha0)
