"""A frame-building aid: candidate terms around a user's seed words, written as a lexicon snippet.

The packaged lexicon (``analysis/data/frames.yaml``) knows the vocabulary of one debate.
On another corpus it may find little; an analyst then builds frames of their own. This
module helps with the first step, without deciding anything:

* :func:`propose_terms` takes a few **seed words** (globs such as ``tariff*``) and
  proposes the words and two-word phrases that keep them company: it counts them in the
  sentences that use a seed (collocation within the sentence) and compares those counts
  with the rest of the corpus (keyness, :func:`analysis.measure.keyness.log_odds_dirichlet`:
  a positive ``z`` means typical of the seed sentences). Every candidate carries the
  ``doc_id`` and ``start``/``end`` offsets of one occurrence, so it can be read in context.
* :func:`lexicon_snippet` writes the seeds and the chosen candidates as one frame entry in
  the format of ``frames.yaml``, checked by the lexicon's own validation, to paste into a
  copy of that file (``python -m analysis tables CORPUS --lexicon my_frames.yaml``).
* :func:`frequent_words` gives a corpus's most frequent content words: a starting point
  when no seed word is given.

The candidates are suggestions to read, not a frame: a word near "tariffs" may be the
opposite argument. Keep only the terms whose sentences express the frame.

>>> sentences = pd.DataFrame({
...     "doc_id": ["a", "a", "b", "b"], "start": [0, 40, 0, 35], "end": [39, 80, 34, 70],
...     "text": ["Tariffs hurt the car industry badly.", "New tariffs hit the car industry again.",
...              "The weather was fine on Tuesday.", "Farmers met the minister on Tuesday."]})
>>> propose_terms(sentences, ["tariff*"], min_count=2)["term"].tolist()
['car', 'car industry', 'industry']
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterable, Sequence

import pandas as pd
import yaml

from analysis.lexicon import FrameLexicon
from analysis.measure.keyness import log_odds_dirichlet, stopword_set

__all__ = ["CANDIDATE_COLUMNS", "frequent_words", "lexicon_snippet", "propose_terms", "seed_regex"]

#: The columns of :func:`propose_terms`.
CANDIDATE_COLUMNS = ["term", "n_words", "with_seeds", "elsewhere", "z", "doc_id", "start", "end", "sentence"]

# Words: runs of letters with inner apostrophes or hyphens ("non-aggression" stays one word,
# as a lexicon pattern writes it); possessive "'s" is dropped when counting.
_WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
_POSSESSIVE_RE = re.compile(r"['\u2019]s$")
_FRAME_ID_SAFE = re.compile(r"[^a-z0-9]+")


def seed_regex(seed: str) -> re.Pattern[str]:
    """The regular expression (used with ``fullmatch`` on a lower-case word) of one seed
    word: ``*`` stands for any run of letters, ``?`` for one, as in the lexicon's globs.

    >>> [bool(seed_regex("tariff*").fullmatch(w)) for w in ("tariff", "tariffs", "tar")]
    [True, True, False]
    """
    seed = seed.strip().lower()
    if not seed or not re.fullmatch(r"[\w*?'\u2019-]+", seed) or not seed.strip("*?"):
        raise ValueError(f"a seed word is one word of letters, optionally with * or ?, not {seed!r}")
    return re.compile("".join(r"[\w'\u2019-]*" if c == "*" else r"[\w'\u2019-]" if c == "?" else re.escape(c)
                              for c in seed))


def _words(text: str) -> list[tuple[str, int, int]]:
    """(lower-case word, start, end) of every word of ``text``."""
    return [(_POSSESSIVE_RE.sub("", m.group().lower()), m.start(), m.end()) for m in _WORD_RE.finditer(text)]


def _terms(words: list[tuple[str, int, int]], skip: set[int], stopwords: frozenset[str],
           min_chars: int, max_words: int) -> dict[str, tuple[int, int]]:
    """Candidate terms of one sentence (words and phrases of up to ``max_words`` content
    words, none of them a seed word or a stop word), each with its first (start, end)."""
    found: dict[str, tuple[int, int]] = {}
    for i in range(len(words)):
        for size in range(1, max_words + 1):
            window = words[i:i + size]
            if len(window) < size or any(i + k in skip for k in range(size)):
                break
            if any(w in stopwords or len(w) < min_chars for w, _, _ in window):
                break
            term = " ".join(w for w, _, _ in window)
            found.setdefault(term, (window[0][1], window[-1][2]))
    return found


def propose_terms(
    sentences: pd.DataFrame,
    seeds: Sequence[str],
    *,
    n: int | None = 15,
    min_count: int = 2,
    max_words: int = 2,
    min_chars: int = 3,
    stopwords: Iterable[str] | str | None = "english",
) -> pd.DataFrame:
    """Candidate terms for a frame: the words and phrases of the sentences that use a seed.

    ``sentences`` has one row per sentence with ``doc_id``, ``start``, ``end`` (offsets
    of the sentence in its document) and ``text`` (the sentences table). A sentence *uses
    a seed* when one of its words matches one of ``seeds`` (:func:`seed_regex`). Every
    word of such a sentence that is not a seed, not a stop word and at least ``min_chars``
    letters long is a candidate, and so is every run of up to ``max_words`` such words
    ("car industry"). For each candidate:

    * ``with_seeds``: the seed sentences that contain it; ``elsewhere``: the other
      sentences that do (each sentence counts once);
    * ``z``: the log-odds z-score of :func:`~analysis.measure.keyness.log_odds_dirichlet`
      between the two sets of sentences (positive: typical of the seed sentences; missing
      when every sentence uses a seed, so there is nothing to compare with);
    * ``doc_id``, ``start``, ``end``: the first occurrence in a seed sentence, as offsets
      into the original document (``sentence`` is that sentence).

    Only candidates in at least ``min_count`` seed sentences are kept, ranked by ``z``
    (then ``with_seeds``, then the term); the first ``n`` (None: all) are returned.

    >>> s = pd.DataFrame({"doc_id": ["d"] * 3, "start": [0, 30, 60], "end": [29, 59, 90],
    ...                   "text": ["Quotas protect beef farmers.", "The beef quota is small.",
    ...                            "Farmers protest in Paris."]})
    >>> propose_terms(s, ["quota*"], min_count=1)[["term", "with_seeds", "elsewhere"]].values.tolist()[:2]
    [['beef', 2, 0], ['beef farmers', 1, 0]]
    """
    if not seeds:
        raise ValueError("give at least one seed word")
    patterns = [seed_regex(seed) for seed in seeds]
    stop = stopword_set(stopwords)
    in_seed: Counter[str] = Counter()
    outside: Counter[str] = Counter()
    first: dict[str, tuple[str, int, int, str]] = {}
    for row in sentences[["doc_id", "start", "end", "text"]].itertuples(index=False):
        text = str(row.text)
        words = _words(text)
        seed_positions = {i for i, (w, _, _) in enumerate(words) if any(p.fullmatch(w) for p in patterns)}
        terms = _terms(words, seed_positions, stop, min_chars, max_words)
        if seed_positions:
            in_seed.update(terms.keys())
            for term, (start, end) in terms.items():
                first.setdefault(term, (str(row.doc_id), int(row.start) + start, int(row.start) + end, text))
        else:
            outside.update(terms.keys())
    if not in_seed:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in CANDIDATE_COLUMNS})
    if outside:
        scores = log_odds_dirichlet(in_seed, outside).set_index("term")["z"]
    else:
        scores = pd.Series(dtype=float)
    rows = [{"term": term, "n_words": len(term.split()), "with_seeds": count, "elsewhere": outside.get(term, 0),
             "z": round(float(scores[term]), 3) if term in scores.index else float("nan"),
             "doc_id": first[term][0], "start": first[term][1], "end": first[term][2], "sentence": first[term][3]}
            for term, count in in_seed.items() if count >= min_count]
    table = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    if table.empty:
        return table
    table = table.sort_values(["z", "with_seeds", "term"], ascending=[False, False, True],
                              na_position="last", kind="mergesort").reset_index(drop=True)
    return table if n is None else table.head(n).reset_index(drop=True)


def frequent_words(texts: Iterable[str], n: int = 2, *, min_chars: int = 4,
                   stopwords: Iterable[str] | str | None = "english",
                   exclude: Iterable[str] = ()) -> list[str]:
    """The ``n`` most frequent content words of ``texts`` (lower case; ties by the word),
    leaving out stop words, words shorter than ``min_chars`` and ``exclude`` (for example
    the corpus's actor names): seed words to start from when the analyst has none.

    >>> frequent_words(["Tariffs on cars, tariffs on steel.", "Cars and more cars."], 2)
    ['cars', 'tariffs']
    """
    stop = stopword_set(stopwords) | {str(w).lower() for w in exclude}
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(w for w, _, _ in _words(str(text)) if len(w) >= min_chars and w not in stop)
    return [w for w, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:n]]


class _IndentedDumper(yaml.SafeDumper):
    """Lists indented under their key, as ``frames.yaml`` writes them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)


def lexicon_snippet(frame_id: str, terms: Iterable[str], *, seeds: Sequence[str] = (),
                    label: str | None = None, definition: str | None = None) -> str:
    """One frame entry in the format of ``analysis/data/frames.yaml``: ``seeds`` and
    ``terms`` (in that order, each once) as its patterns, to paste under ``frames:`` in a
    copy of the file. The entry is validated as the lexicon validates a file, so a
    pasted snippet loads; ``frame_id`` is made lower_snake_case.

    >>> print(lexicon_snippet("Trade openness", ["market access"], seeds=["tariff*"]))
      - id: trade_openness
        label: Trade openness
        definition: 'Proposed from the seed words tariff*: write what the frame means.'
        patterns:
          - tariff*
          - market access
    <BLANKLINE>
    """
    fid = _FRAME_ID_SAFE.sub("_", str(frame_id).lower()).strip("_")
    if not fid or not fid[0].isalpha():
        fid = f"frame_{fid}".rstrip("_")
    patterns = list(dict.fromkeys(p.strip() for p in [*seeds, *terms] if str(p).strip()))
    if not patterns:
        raise ValueError("a frame needs at least one pattern: give seeds or terms")
    entry = {
        "id": fid,
        "label": label or str(frame_id).replace("_", " ").strip().capitalize(),
        "definition": definition or (f"Proposed from the seed words {', '.join(seeds)}: write what the frame means."
                                     if seeds else "Write what the frame means."),
        "patterns": patterns,
    }
    FrameLexicon.from_dict({"frames": [entry]}, source="<frame snippet>")  # raises if it would not load
    text = yaml.dump([entry], Dumper=_IndentedDumper, sort_keys=False, allow_unicode=True, width=100)
    return "".join(f"  {line}\n" if line else "\n" for line in text.splitlines())
