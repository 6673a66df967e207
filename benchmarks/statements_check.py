"""Statements on UN General Debate speeches: coverage, a hand-annotated check, and what the
stance selector costs the parser.

    python benchmarks/statements_check.py [check] [--devsets ../shared/devsets] [--gold benchmarks/gold/statements_ungdc.csv]
    python benchmarks/statements_check.py sample [--n 80] [--seed 16]     # the sentences to annotate
    python benchmarks/statements_check.py cost [--corpora ../shared/corpora] [--n-docs 20]

``check`` builds the tables of ``ungdc_2020`` (its manifest gives each speech's voice, the
speaking state) the way ``python -m analysis tables`` does (:func:`analysis.tables.build.extract_corpus`,
with the row and parse cache) and prints as JSON

* ``coverage``: statements per frame and stance, the share of frame mentions that got a
  statement, statements per actor role, the most frequent actors, and the methods;
* ``gold``: on the hand-annotated (sentence, frame) pairs of ``benchmarks/gold/statements_ungdc.csv``
  (``doc_id, start, end, frame_id, actor_id, stance``: sentence offsets, no text), the share
  found (a statement for that frame in that sentence), the actor and stance accuracy of
  those found (the gold actor's statement if there is one, else any; of several, the one
  with the highest confidence), the stance
  macro-F1 over support / oppose / neutral (a pair not found counts as ``neutral`` predicted
  by nobody: a miss), and beside it the baseline that gives every pair to the document's
  voice with ``support``.

``sample`` picks the pairs to annotate: sentences of ``ungdc_2020`` holding a frame
mention (the lexicon matched on the plain text, no model), a fixed number per frame by a
fixed random seed, printed with their text for the annotator (the gold file keeps no text).
The annotation was written before looking at the rules' output.

``cost`` measures what the stance selector adds to the parser's work: the share of words
(``count_words``) in the sentences the quote selector alone picks, and in those the
combined selector (:data:`analysis.extract.document.NEEDS_SYNTAX`) picks, on the first
``--n-docs`` Kremlin transcripts (sorted by name) and on ``ungdc_2020``. Applying the
selectors to the sentences' text needs no parse.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Callable

import pandas as pd

from analysis.corpus import load_corpus
from analysis.corpus.model import count_words
from analysis.lexicon import default_lexicon

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEVSETS = ROOT.parent / "shared" / "devsets"
DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"
DEFAULT_GOLD = ROOT / "benchmarks" / "gold" / "statements_ungdc.csv"
GOLD_COLUMNS = ["doc_id", "start", "end", "frame_id", "actor_id", "stance"]
STANCES = ("support", "oppose", "neutral")
# Pairs to annotate per frame (the frames the maintainers score first, then a few others).
SAMPLE_QUOTA = {
    "sanctions": 18, "sovereignty_territorial_integrity": 18, "dialogue_negotiation": 18,
    "multipolarity": 8, "threat_perception": 6, "security_architecture": 4, "reciprocity": 4,
    "non_aggression": 2, "security_guarantees": 2,
}


# --------------------------------------------------------------------------- sample


def sample_pairs(corpus, n_per_frame: dict[str, int], seed: int) -> list[dict]:
    """(sentence, frame) pairs: per frame, ``n`` sentences holding a mention of it, drawn
    by ``seed`` from every sentence of the corpus that holds one."""
    lexicon = default_lexicon()
    by_frame: dict[str, list[tuple]] = {}
    for document in corpus:
        for sentence in document.sentences:
            frames = sorted({m.frame_id for m in lexicon.match_text(sentence.clean_text)})
            for frame_id in frames:
                by_frame.setdefault(frame_id, []).append((document.doc_id, sentence.start, sentence.end, sentence.text))
    rng = random.Random(seed)
    out = []
    for frame_id, n in n_per_frame.items():
        pool = by_frame.get(frame_id, [])
        for doc_id, start, end, text in rng.sample(pool, min(n, len(pool))):
            out.append({"doc_id": doc_id, "start": start, "end": end, "frame_id": frame_id, "text": text})
    return out


# --------------------------------------------------------------------------- check


def coverage(tables: dict[str, pd.DataFrame]) -> dict:
    statements = tables["statements"]
    mentions = tables["frame_mentions"]
    covered = set(zip(statements["doc_id"], statements["frame_start"], statements["frame_id"]))
    mention_keys = list(zip(mentions["doc_id"], mentions["start"], mentions["frame_id"]))
    per_frame = (statements.groupby(["frame_id", "stance"]).size().unstack(fill_value=0)
                 .reindex(columns=list(STANCES), fill_value=0))
    return {
        "statements": int(len(statements)),
        "frame_mentions": int(len(mentions)),
        "mentions_with_a_statement": round(sum(k in covered for k in mention_keys) / max(1, len(mention_keys)), 3),
        "by_frame_and_stance": {f: {s: int(v) for s, v in row.items()} for f, row in per_frame.iterrows()},
        "by_stance": {s: int(v) for s, v in statements["stance"].value_counts().items()},
        "by_role": {s: int(v) for s, v in statements["actor_role"].value_counts().items()},
        "by_method": {s: int(v) for s, v in statements["method"].value_counts().items()},
        "actors": int(statements["actor_id"].nunique()),
        "top_reported_actors": {a: int(v) for a, v in
                                statements.loc[statements["actor_role"] == "reported", "actor_id"].value_counts().head(10).items()},
    }


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    """Macro-F1 over :data:`STANCES` (a class nobody has and nobody predicts is left out)."""
    scores = []
    for label in STANCES:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted))
        if tp + fp + fn == 0:
            continue
        scores.append(2 * tp / (2 * tp + fp + fn))
    return round(sum(scores) / len(scores), 3) if scores else 0.0


def score_gold(tables: dict[str, pd.DataFrame], gold: pd.DataFrame, voices: dict[str, str],
               show: "Callable[[str], None] | None" = None) -> dict:
    statements = tables["statements"]
    grouped = {key: group for key, group in statements.groupby(["doc_id", "start", "frame_id"])}
    found = right_actor = right_stance = 0
    gold_stances, predicted, baseline_stances = [], [], []
    baseline_actor = 0
    misses = []
    for row in gold.itertuples():
        candidates = grouped.get((row.doc_id, int(row.start), row.frame_id))
        baseline_actor += voices.get(row.doc_id) == row.actor_id
        baseline_stances.append("support")
        gold_stances.append(row.stance)
        if candidates is None or not len(candidates):
            predicted.append("missing")
            misses.append(f"{row.doc_id}:{row.start} {row.frame_id}")
            continue
        found += 1
        mine = candidates[candidates["actor_id"] == row.actor_id]
        # Of several mentions of the frame in the sentence, the statement the rules are
        # surest of (a cue beats the neutral default).
        pool = mine if len(mine) else candidates
        chosen = pool.sort_values("confidence", ascending=False, kind="stable").iloc[0]
        right_actor += bool(len(mine))
        right_stance += chosen["stance"] == row.stance
        predicted.append(chosen["stance"])
        if show is not None and (not len(mine) or chosen["stance"] != row.stance):
            show(f"{row.doc_id}:{row.start} {row.frame_id}: gold {row.actor_id}/{row.stance}, "
                 f"got {chosen['actor_id']}/{chosen['stance']} ({chosen['method']}, cue {chosen['cue']!r})")
    n = len(gold)
    return {
        "pairs": n,
        "found": round(found / n, 3),
        "actor_accuracy_of_found": round(right_actor / max(1, found), 3),
        "stance_accuracy_of_found": round(right_stance / max(1, found), 3),
        "stance_macro_f1": macro_f1(gold_stances, predicted),
        "gold_stances": dict(Counter(gold_stances)),
        "confusion": {f"{g}->{p}": c for (g, p), c in sorted(Counter(zip(gold_stances, predicted)).items())},
        "baseline_voice_always_support": {
            "actor_accuracy": round(baseline_actor / n, 3),
            "stance_macro_f1": macro_f1(gold_stances, baseline_stances),
        },
        "missed": misses,
    }


def read_gold(path: Path) -> pd.DataFrame:
    gold = pd.read_csv(path, dtype={"doc_id": str, "frame_id": str, "actor_id": str, "stance": str})
    if list(gold.columns) != GOLD_COLUMNS:
        raise SystemExit(f"{path}: expected the columns {','.join(GOLD_COLUMNS)}")
    bad = gold[~gold["stance"].isin(STANCES)]
    if len(bad):
        raise SystemExit(f"{path}:{int(bad.index[0]) + 2}: stance must be one of {', '.join(STANCES)}")
    return gold


# --------------------------------------------------------------------------- cost


def selector_cost(corpus) -> dict:
    """Share of words in the sentences each selector sends to the parser."""
    from analysis.extract.document import NEEDS_SYNTAX
    from analysis.extract.quotes.syntax import NEEDS_SYNTAX as QUOTE_SYNTAX

    words = quote = combined = 0
    sentences = quote_sentences = combined_sentences = 0
    for document in corpus:
        for sentence in document.sentences:
            n = count_words(sentence.clean_text)
            words += n
            sentences += 1
            if QUOTE_SYNTAX(sentence.clean_text):
                quote += n
                quote_sentences += 1
            if NEEDS_SYNTAX(sentence.clean_text):
                combined += n
                combined_sentences += 1
    return {
        "documents": len(list(corpus)), "sentences": sentences, "words": words,
        "parsed_word_share_quotes_only": round(quote / max(1, words), 3),
        "parsed_word_share_quotes_and_stance": round(combined / max(1, words), 3),
        "parsed_sentence_share_quotes_only": round(quote_sentences / max(1, sentences), 3),
        "parsed_sentence_share_quotes_and_stance": round(combined_sentences / max(1, sentences), 3),
    }


def _first_documents(folder: Path, n: int):
    """The first ``n`` documents (by file name) of a corpus folder without a manifest."""
    from analysis.corpus import corpus_from_texts

    files = sorted(p for p in folder.glob("*.txt"))[:n]
    return corpus_from_texts({p.stem: p.read_text(encoding="utf-8") for p in files})


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", nargs="?", default="check", choices=("check", "sample", "cost"))
    parser.add_argument("--devsets", type=Path, default=DEFAULT_DEVSETS)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--n-docs", type=int, default=20)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--show", action="store_true", help="print the gold pairs the rules got wrong (stderr)")
    args = parser.parse_args(argv)
    ungdc = args.devsets / "ungdc_2020"
    if args.command == "sample":
        corpus = load_corpus(ungdc)
        writer = csv.writer(sys.stdout, delimiter="\t")
        for pair in sample_pairs(corpus, SAMPLE_QUOTA, args.seed):
            writer.writerow([pair["doc_id"], pair["start"], pair["end"], pair["frame_id"],
                             corpus[pair["doc_id"]].meta.get("voice", ""), " ".join(pair["text"].split())])
        return 0
    if args.command == "cost":
        kremlin = _first_documents(args.corpora / "kremlin_ukraine_2022_2025", args.n_docs)
        print(json.dumps({f"kremlin_first_{args.n_docs}": selector_cost(kremlin),
                          "ungdc_2020": selector_cost(load_corpus(ungdc))}, indent=2))
        return 0
    from analysis.tables.build import extract_corpus

    corpus = load_corpus(ungdc)
    tables = extract_corpus(corpus, cache=not args.no_cache, n_process=args.n_process, progress=True)
    voices = {d.doc_id: d.meta.get("voice", "") for d in corpus}
    result = {"coverage": coverage(tables)}
    if args.gold.is_file():
        show = (lambda line: print(line, file=sys.stderr)) if args.show else None
        result["gold"] = score_gold(tables, read_gold(args.gold), voices, show)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
