"""Train the attribution model of ``analysis/extract/quotes/learned.py`` on PolNeAR train.

Every article of ``../shared/devsets/polnear_train`` is parsed whole (every sentence),
the quote finder runs with a recorder in place of the model, and each candidate
that would give a row (a parsed verb with a subject and a complement, or a possessed or
predicate noun, a predicate adjective or an agent passive of
``learned.structure_candidates``, that no rule row already gives) is labelled by the devsets' matching convention: its report matches a
gold attribution that is not a direct quote. A logistic regression over the candidates'
features is then scored by **document-level cross-validation** (``--folds`` folds of
articles: a fold's articles are never seen by the model that scores them), together
with the rule rows, as ``benchmarks/quotes_polnear.py`` scores the whole finder; the
threshold is the one that keeps the cross-validated reported precision at or above
``--min-precision`` with the most recall. The model fitted on every article is written as
JSON (weights, bias, threshold, the verb forms whose sentences need a parse) with ``--write``.

    python benchmarks/train_attribution.py [--every 1] [--folds 5] [--write]

scikit-learn comes with the ``bench`` extra (textacy needs it too). The figures printed
are the honest estimate: the model is trained on the kind of news it is measured on, and
the CV folds keep each measured article out of its own model's training.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quotes_polnear import DEFAULT_DEVSETS, Gold, Predicted, load_articles, matches, score  # noqa: E402

from analysis.corpus import corpus_from_texts  # noqa: E402
from analysis.extract.actors import extract_actor_mentions  # noqa: E402
from analysis.extract.quotes import extract_quotes  # noqa: E402
from analysis.extract.quotes.learned import DEFAULT_MODEL_PATH, Candidate, candidate_features  # noqa: E402
from analysis.nlp import iter_parsed  # noqa: E402
from analysis.schema import ACTOR_MENTION_COLUMNS, is_missing  # noqa: E402
from analysis.tables.workers import worker_state  # noqa: E402

# A feature seen in fewer candidates than this is dropped: it would name an article's words.
MIN_FEATURE_COUNT = 5
# The verb forms the model may accept (see reporting_forms).
MIN_FORM_RATE = 0.2
MIN_FORM_POSITIVES = 2
MIN_FORM_YIELD = 0.01
_WORD = re.compile(r"[^\W\d_]+")
# L2 strength of the logistic regression (scikit-learn's C is its inverse).
C = 0.5


class EverySentence:
    """The parse selection of training: every sentence (the model must see every verb)."""

    version = "every-sentence/1"

    def __call__(self, text: str) -> bool:
        return True


@dataclass
class ArticleRows:
    doc_id: str
    rule: list[Predicted]
    learned: list[tuple[Predicted, list[str], str]]  # (row, features, the verb's word form)
    labels: list[int]


def collect(articles, cache_dir: str | None, by_source: bool = True) -> list[ArticleRows]:
    """The rule rows and the labelled learned candidates of every article."""
    nlp, register, _ = worker_state()
    corpus = corpus_from_texts({a.doc_id: a.text for a in articles})
    gold_of = {a.doc_id: a.gold for a in articles}
    out = []
    cache = cache_dir is not None
    for document, parsed in iter_parsed(corpus, nlp, cache=cache, cache_dir=cache_dir, needs_syntax=EverySentence()):
        actor_rows = extract_actor_mentions(parsed, register, dates=document.meta.get("date") or None,
                                            setting=document.meta)
        speakers = [{c: row.get(c, float("nan")) for c in ACTOR_MENTION_COLUMNS}
                    for row in actor_rows if row.get("entity_kind", "actor") == "actor"]
        recorder = _CueRecorder()
        rows = extract_quotes(document, parsed, speakers, register=register, attribution=recorder)
        rule, learned = [], []
        for row in rows:
            s, e = row["speaker_start"], row["speaker_end"]
            speaker = None if s is None or is_missing(s) else (int(s), int(e))
            predicted = Predicted(int(row["start"]), int(row["end"]), str(row["kind"]), speaker,
                                  row["speaker_text"] or "")
            key = row["cue_start"]
            if key is not None and not is_missing(key) and int(key) in recorder.by_cue_start(document):
                features, form = recorder.by_cue_start(document)[int(key)]
                learned.append((predicted, features, form))
            else:
                rule.append(predicted)
        gold = [g for g in gold_of[document.doc_id] if not g.direct]
        labels = [int(any(matches(p, g) and (not by_source or _same_source(p, g)) for g in gold))
                  for p, _, _ in learned]
        out.append(ArticleRows(document.doc_id, rule, learned, labels))
    return out


def _same_source(p: Predicted, g: Gold) -> bool:
    """The candidate's subject is the gold attribution's source (the same relation, not
    a verb that happens to sit inside somebody else's reported content)."""
    return p.speaker is not None and any(min(p.speaker[1], e) > max(p.speaker[0], s) for s, e in g.sources)


class _CueRecorder:
    """Accepts every candidate; remembers its features by the verb's paragraph position."""

    parse_forms = None  # every verb

    def __init__(self) -> None:
        self.seen: list[tuple[object, Candidate, list[str]]] = []
        self._by_start: dict[int, tuple[list[str], str]] | None = None

    def accepts(self, features, para, candidate) -> bool:
        self.seen.append((para, candidate, list(features)))
        return True

    def by_cue_start(self, document) -> dict[int, tuple[list[str], str]]:
        if self._by_start is None:
            self._by_start = {}
            for para, c, features in self.seen:
                start, _ = para.original_span(para.tokens[c.v].start, para.tokens[c.v].end)
                self._by_start[start] = (features, para.tokens[c.v].lower)
        return self._by_start


def design(rows: list[ArticleRows], vocabulary: dict[str, int] | None = None):
    from scipy.sparse import csr_matrix

    if vocabulary is None:
        counts = Counter(f for r in rows for _, features, _ in r.learned for f in set(features))
        vocabulary = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_FEATURE_COUNT))}
    data, indices, indptr, y = [], [], [0], []
    for r in rows:
        for (_, features, _), label in zip(r.learned, r.labels):
            cols = sorted({vocabulary[f] for f in features if f in vocabulary})
            indices.extend(cols)
            data.extend([1.0] * len(cols))
            indptr.append(len(indices))
            y.append(label)
    return csr_matrix((data, indices, indptr), shape=(len(y), len(vocabulary))), y, vocabulary


def fit(rows: list[ArticleRows], strength: float = C):
    from sklearn.linear_model import LogisticRegression

    x, y, vocabulary = design(rows)
    model = LogisticRegression(C=strength, max_iter=2000)
    model.fit(x, y)
    return model, vocabulary


def word_counts(texts: Iterable[str]) -> Counter:
    """How often each lower-cased word occurs in ``texts`` (what a form costs the parser)."""
    return Counter(w.lower() for text in texts for w in _WORD.findall(text))


def candidate_lemma(features: list[str]) -> str:
    """The lemma of a candidate's word, from its ``lemma=`` feature."""
    return next((f[len("lemma="):] for f in features if f.startswith("lemma=") and "|" not in f), "")


def reporting_forms(rows: list[ArticleRows], occurrences: Counter, min_rate: float, min_positives: int,
                    min_yield: float, by: str = "lemma") -> frozenset[str]:
    """The verb forms the model may accept: those whose candidates in ``rows`` report
    often enough (at least ``min_positives`` positives, a share of at least ``min_rate``)
    and often per occurrence of the word in the text (``min_yield``: "issue" and "like"
    are mostly no verbs, and each occurrence sends a sentence to the parser). The forms'
    sentences are the ones the parser must read, so the gate keeps the parse cost down
    and makes a row independent of why its sentence was parsed.

    ``by="lemma"`` (the default) counts a word's inflections together ("slammed",
    "slams" and "slamming" are one verb: a verb that reports in one form reports in the
    others) and accepts every form of the lemma seen among the candidates; ``by="form"``
    counts each form on its own (run N and before).
    """
    seen, positive = Counter(), Counter()
    forms: dict[str, set[str]] = {}
    for r in rows:
        for (_, features, form), label in zip(r.learned, r.labels):
            key = candidate_lemma(features) or form if by == "lemma" else form
            seen[key] += 1
            positive[key] += label
            forms.setdefault(key, set()).add(form)
    accepted: set[str] = set()
    for key, n in seen.items():
        words = sum(occurrences[form] for form in forms[key])
        if positive[key] >= min_positives and positive[key] / n >= min_rate \
                and positive[key] / max(words, 1) >= min_yield:
            accepted |= forms[key]
    return frozenset(accepted)


def cross_validated(rows: list[ArticleRows], folds: int, strength: float, gate_of) -> list[list[float]]:
    """Each article's candidates' probabilities from the model that did not see it (0 for
    a verb form outside ``gate_of(training rows)``, the training folds' :func:`reporting_forms`)."""
    probabilities: list[list[float]] = [[] for _ in rows]
    for k in range(folds):
        train = [r for i, r in enumerate(rows) if i % folds != k]
        model, vocabulary = fit(train, strength)
        gate = gate_of(train)
        for i, r in enumerate(rows):
            if i % folds == k and r.learned:
                x, _, _ = design([r], vocabulary)
                probabilities[i] = [float(p) if form in gate else 0.0
                                    for p, (_, _, form) in zip(model.predict_proba(x)[:, 1], r.learned)]
    return probabilities


def figures_at(articles, rows: list[ArticleRows], probabilities, threshold: float | None) -> dict:
    predictions = {}
    for r, probs in zip(rows, probabilities):
        extra = [p for (p, _, _), pr in zip(r.learned, probs) if threshold is not None and pr >= threshold]
        predictions[r.doc_id] = r.rule + extra
    return score(articles, predictions)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devsets", type=Path, default=DEFAULT_DEVSETS)
    parser.add_argument("--every", type=int, default=1)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--c", type=float, default=C, help="inverse L2 strength of the logistic regression")
    parser.add_argument("--min-form-rate", type=float, default=MIN_FORM_RATE,
                        help="a verb form the model may accept reports in at least this share of its candidates")
    parser.add_argument("--min-form-positives", type=int, default=MIN_FORM_POSITIVES,
                        help="... and in at least this many")
    parser.add_argument("--gate", choices=("lemma", "form"), default="lemma",
                        help="count the verb forms' reports by lemma (every inflection together) or by form")
    parser.add_argument("--min-form-yield", type=float, default=MIN_FORM_YIELD,
                        help="... and in at least this share of the word's occurrences in the text")
    # Half a point above issue 12's bar: news the model never saw may cost it some precision.
    parser.add_argument("--min-precision", type=float, default=0.855)
    parser.add_argument("--cache-dir", default=None, help="a parse cache folder (speeds up a second run)")
    parser.add_argument("--label", choices=("source", "content"), default="source",
                        help="a candidate is positive when its report matches a reported gold attribution "
                             "whose source is its subject (source, the default) or any (content)")
    parser.add_argument("--dump", type=Path, help="write every candidate (features, label, text) as JSON lines")
    parser.add_argument("--write", action="store_true", help=f"write the model to {DEFAULT_MODEL_PATH}")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    articles = load_articles(args.devsets, every=args.every)
    rows = collect(articles, args.cache_dir, by_source=args.label == "source")
    n_candidates = sum(len(r.learned) for r in rows)
    n_positive = sum(sum(r.labels) for r in rows)
    print(f"{len(articles)} articles, {n_candidates} candidates, {n_positive} matching reported gold "
          f"({time.perf_counter() - started:.0f} s)")
    texts = {a.doc_id: a.text for a in articles}

    def gate_of(train: list[ArticleRows]) -> frozenset[str]:
        occurrences = word_counts(texts[r.doc_id] for r in train)
        return reporting_forms(train, occurrences, args.min_form_rate, args.min_form_positives, args.min_form_yield,
                               by=args.gate)

    probabilities = cross_validated(rows, args.folds, args.c, gate_of)
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as out:
            for r, probs in zip(rows, probabilities):
                for (p, features, lemma), label, pr in zip(r.learned, r.labels, probs):
                    out.write(json.dumps({"doc": r.doc_id, "start": p.start, "end": p.end, "label": label,
                                          "p": round(pr, 3), "text": texts[r.doc_id][p.start:p.end],
                                          "features": features}) + "\n")
    base = figures_at(articles, rows, probabilities, None)
    print(f"rules only: reported P/R {base['reported']['precision']:.3f} / {base['reported']['recall']:.3f}"
          f" (source right {base['reported']['speaker_right']:.3f}); "
          f"direct P/R/F1 {base['direct']['precision']:.3f} / {base['direct']['recall']:.3f} / {base['direct']['f1']:.3f}")
    best = None
    print("threshold  reported P / R / F1 / source   direct P / R / F1   rows added")
    # Every 0.025 where the chosen threshold lies (precision climbs there by about 0.01 a
    # step of 0.05), every 0.05 above.
    for step in [0, 100, 200] + list(range(250, 500, 25)) + list(range(500, 951, 50)):
        threshold = step / 1000
        fig = figures_at(articles, rows, probabilities, threshold)
        added = sum(1 for probs in probabilities for p in probs if p >= threshold)
        rep, dire = fig["reported"], fig["direct"]
        print(f"  {threshold:.3f}    {rep['precision']:.3f} / {rep['recall']:.3f} / {rep['f1']:.3f} / {rep['speaker_right']:.3f}"
              f"   {dire['precision']:.3f} / {dire['recall']:.3f} / {dire['f1']:.3f}   {added}")
        if rep["precision"] >= args.min_precision and (best is None or rep["recall"] > best[1]["reported"]["recall"]):
            best = (threshold, fig)
    if best is None:
        print(f"no threshold keeps reported precision >= {args.min_precision}")
        return 1
    threshold, fig = best
    print(f"chosen threshold {threshold:.3f} (cross-validated, {args.folds} folds of articles): "
          f"reported P/R {fig['reported']['precision']:.3f} / {fig['reported']['recall']:.3f}")
    if args.write:
        model, vocabulary = fit(rows, args.c)
        weights = {f: round(float(w), 4) for f, i in vocabulary.items() for w in [model.coef_[0][i]] if abs(w) >= 1e-3}
        bias = round(float(model.intercept_[0]), 4)
        # The verb forms the model may accept: their sentences need a parse.
        parse_forms = sorted(gate_of(rows))
        payload = {"weights": dict(sorted(weights.items())), "bias": bias, "threshold": threshold,
                   "parse_forms": parse_forms}
        payload["version"] = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:12]
        payload = {"about": "Attribution model of analysis/extract/quotes/learned.py, trained by "
                   "benchmarks/train_attribution.py on PolNeAR v1.0 train (840 US news articles); "
                   f"{args.folds}-fold document cross-validation with the rules: reported P/R "
                   f"{fig['reported']['precision']:.3f} / {fig['reported']['recall']:.3f}.", **payload}
        DEFAULT_MODEL_PATH.write_text(json.dumps(payload, indent=1, sort_keys=False) + "\n", encoding="utf-8")
        print(f"wrote {DEFAULT_MODEL_PATH.name}: {len(weights)} weights, {len(parse_forms)} parse forms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
