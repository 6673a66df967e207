"""Statements on UN General Debate speeches: coverage, a hand-annotated check, and what the
stance selector costs the parser.

    python benchmarks/statements_check.py [check] [--devsets ../shared/devsets] [--gold benchmarks/gold/statements_ungdc.csv ...]
    python benchmarks/statements_check.py sample [--corpus seeds] [--n 60] [--seed 16] [--exclude GOLD ...]
    python benchmarks/statements_check.py cost [--corpora ../shared/corpora] [--n-docs 20]

``check`` builds the tables of ``ungdc_2020`` (its manifest gives each speech's voice, the
speaking state), and of the seeds (``seeds/``, voices from their manifest) when a gold file
holds one of their documents, the way ``python -m analysis tables`` does (:func:`analysis.tables.build.extract_corpus`,
with the row and parse cache) and prints as JSON

* ``coverage``: statements per frame and stance, the share of frame mentions that got a
  statement, statements per actor role, the most frequent actors, and the methods;
* ``gold``: for each ``--gold`` file (default the two of ``benchmarks/gold/``: the rules'
  authors' ``statements_ungdc.csv`` and the blind ``statements_heldout.csv``), on its
  hand-annotated (sentence, frame) pairs
  (``doc_id, start, end, frame_id, actor_id, stance``: sentence offsets, no text), the share
  found (a statement for that frame in that sentence), the actor and stance accuracy of
  those found (the gold actor's statement if there is one, else any; of several, the one
  with the highest confidence), the stance
  macro-F1 over support / oppose / neutral (a pair not found counts as ``neutral`` predicted
  by nobody: a miss), and beside it the baseline that gives every pair to the document's
  voice with ``support``, and the same figures per frame and per corpus.

``sample`` picks the pairs to annotate: sentences of ``ungdc_2020`` (or of ``--corpus``,
a folder such as ``seeds``) holding a frame mention (the lexicon matched on the plain
text, no model), a number per frame by a fixed random seed (:data:`SAMPLE_QUOTA` scaled
to ``--n``; ``--even`` the same number for each of its frames; a frame with too few
sentences leaves its share to the others), leaving out the pairs of the ``--exclude``
gold files, printed with the voice, the sentence and its paragraph for the annotator (the
gold file keeps no text). The annotation is written before looking at the rules' output.

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
DEFAULT_SEEDS = ROOT / "seeds"
GOLD_DIR = ROOT / "benchmarks" / "gold"
DEFAULT_GOLD = (GOLD_DIR / "statements_ungdc.csv", GOLD_DIR / "statements_heldout.csv")
GOLD_COLUMNS = ["doc_id", "start", "end", "frame_id", "actor_id", "stance"]
STANCES = ("support", "oppose", "neutral")
# Pairs to annotate per frame (the frames the maintainers score first, then a few others).
SAMPLE_QUOTA = {
    "sanctions": 18, "sovereignty_territorial_integrity": 18, "dialogue_negotiation": 18,
    "multipolarity": 8, "threat_perception": 6, "security_architecture": 4, "reciprocity": 4,
    "non_aggression": 2, "security_guarantees": 2,
}


# --------------------------------------------------------------------------- sample


def frame_quota(n_total: int, frames: list[str], even: bool = False) -> dict[str, int]:
    """``n_total`` pairs shared over ``frames``: in the proportions of :data:`SAMPLE_QUOTA`
    (frames it does not list count as its smallest share), or the same for each (``even``).

    >>> frame_quota(8, ["sanctions", "reciprocity"], even=True)
    {'sanctions': 4, 'reciprocity': 4}
    >>> sum(frame_quota(60, list(SAMPLE_QUOTA)).values())
    60
    """
    weights = {f: 1.0 if even else float(SAMPLE_QUOTA.get(f, min(SAMPLE_QUOTA.values()))) for f in frames}
    total = sum(weights.values()) or 1.0
    raw = {f: n_total * w / total for f, w in weights.items()}
    quota = {f: int(v) for f, v in raw.items()}
    # The pairs rounding left over go to the largest remainders.
    for f in sorted(frames, key=lambda f: raw[f] - quota[f], reverse=True)[: n_total - sum(quota.values())]:
        quota[f] += 1
    return quota


def sample_pairs(corpus, n_per_frame: dict[str, int], seed: int,
                 exclude: "set[tuple[str, int, str]] | None" = None) -> list[dict]:
    """(sentence, frame) pairs: per frame, ``n`` sentences holding a mention of it, drawn
    by ``seed`` from every sentence of the corpus that holds one (less the ``exclude``
    keys ``(doc_id, start, frame_id)``). A frame with fewer sentences than its share
    gives what is left over to the frames that still have some, in turn."""
    lexicon = default_lexicon()
    exclude = exclude or set()
    by_frame: dict[str, list[tuple]] = {}
    for document in corpus:
        paragraphs = {p.paragraph_id: p.text for p in document.paragraphs}
        for sentence in document.sentences:
            frames = sorted({m.frame_id for m in lexicon.match_text(sentence.clean_text)})
            for frame_id in frames:
                if (document.doc_id, sentence.start, frame_id) in exclude:
                    continue
                by_frame.setdefault(frame_id, []).append(
                    (document.doc_id, sentence.start, sentence.end, sentence.text, paragraphs.get(sentence.paragraph_id, "")))
    rng = random.Random(seed)
    pools = {f: rng.sample(by_frame.get(f, []), len(by_frame.get(f, []))) for f in n_per_frame}
    taken = {f: min(n, len(pools[f])) for f, n in n_per_frame.items()}
    spare = sum(n_per_frame.values()) - sum(taken.values())
    while spare > 0:
        open_frames = [f for f in n_per_frame if taken[f] < len(pools[f])]
        if not open_frames:
            break
        for f in open_frames:
            if spare == 0:
                break
            taken[f] += 1
            spare -= 1
    out = []
    for frame_id in n_per_frame:
        for doc_id, start, end, text, paragraph in pools[frame_id][:taken[frame_id]]:
            out.append({"doc_id": doc_id, "start": start, "end": end, "frame_id": frame_id,
                        "text": text, "paragraph": paragraph})
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
               show: "Callable[[str], None] | None" = None, by: "dict[str, str] | None" = None) -> dict:
    """The figures of the gold pairs (and, with ``by``, a ``{doc_id: group}`` map, the same
    per group under ``by_group``; always per frame under ``by_frame``)."""
    statements = tables["statements"]
    grouped = {key: group for key, group in statements.groupby(["doc_id", "start", "frame_id"])}
    outcomes = []  # (row, found, actor right, predicted stance)
    for row in gold.itertuples():
        candidates = grouped.get((row.doc_id, int(row.start), row.frame_id))
        if candidates is None or not len(candidates):
            outcomes.append((row, False, False, "missing"))
            if show is not None:
                show(f"{row.doc_id}:{row.start} {row.frame_id}: gold {row.actor_id}/{row.stance}, not found")
            continue
        mine = candidates[candidates["actor_id"] == row.actor_id]
        # Of several mentions of the frame in the sentence, the statement the rules are
        # surest of (a cue beats the neutral default).
        pool = mine if len(mine) else candidates
        chosen = pool.sort_values("confidence", ascending=False, kind="stable").iloc[0]
        outcomes.append((row, True, bool(len(mine)), chosen["stance"]))
        if show is not None and (not len(mine) or chosen["stance"] != row.stance):
            show(f"{row.doc_id}:{row.start} {row.frame_id}: gold {row.actor_id}/{row.stance}, "
                 f"got {chosen['actor_id']}/{chosen['stance']} ({chosen['method']}, cue {chosen['cue']!r})")
    result = _figures(outcomes, voices)
    result["by_frame"] = {}
    for frame_id in sorted({o[0].frame_id for o in outcomes}):
        part = _figures([o for o in outcomes if o[0].frame_id == frame_id], voices)
        result["by_frame"][frame_id] = {k: part[k] for k in ("pairs", "found", "actor_accuracy_of_found",
                                                             "stance_accuracy_of_found", "stance_macro_f1")}
    if by:
        groups = sorted({by.get(o[0].doc_id, "?") for o in outcomes})
        if len(groups) > 1:
            result["by_group"] = {g: {k: v for k, v in _figures([o for o in outcomes if by.get(o[0].doc_id, "?") == g],
                                                               voices).items() if k != "missed"} for g in groups}
    return result


def _figures(outcomes: list[tuple], voices: dict[str, str]) -> dict:
    n = len(outcomes)
    found = sum(o[1] for o in outcomes)
    right_actor = sum(o[2] for o in outcomes)
    right_stance = sum(o[1] and o[3] == o[0].stance for o in outcomes)
    gold_stances = [o[0].stance for o in outcomes]
    predicted = [o[3] for o in outcomes]
    return {
        "pairs": n,
        "found": round(found / max(1, n), 3),
        "actor_accuracy_of_found": round(right_actor / max(1, found), 3),
        "stance_accuracy_of_found": round(right_stance / max(1, found), 3),
        "stance_macro_f1": macro_f1(gold_stances, predicted),
        "gold_stances": dict(Counter(gold_stances)),
        "confusion": {f"{g}->{p}": c for (g, p), c in sorted(Counter(zip(gold_stances, predicted)).items())},
        "baseline_voice_always_support": {
            "actor_accuracy": round(sum(voices.get(o[0].doc_id) == o[0].actor_id for o in outcomes) / max(1, n), 3),
            "stance_macro_f1": macro_f1(gold_stances, ["support"] * n),
        },
        "missed": [f"{o[0].doc_id}:{o[0].start} {o[0].frame_id}" for o in outcomes if not o[1]],
    }


def _bad_input(message: str) -> None:
    print(message, file=sys.stderr)
    raise SystemExit(2)


def read_gold(path: Path) -> pd.DataFrame:
    if not path.is_file():
        _bad_input(f"{path}: no such gold file")
    gold = pd.read_csv(path, dtype={"doc_id": str, "frame_id": str, "actor_id": str, "stance": str})
    if list(gold.columns) != GOLD_COLUMNS:
        _bad_input(f"{path}: expected the columns {','.join(GOLD_COLUMNS)}")
    bad = gold[~gold["stance"].isin(STANCES)]
    if len(bad):
        _bad_input(f"{path}:{int(bad.index[0]) + 2}: stance must be one of {', '.join(STANCES)}")
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
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="the seeds corpus (check: its gold pairs)")
    parser.add_argument("--gold", type=Path, action="append", help="a gold file (repeatable; default: both of benchmarks/gold)")
    parser.add_argument("--corpus", type=Path, help="sample: a corpus folder instead of ungdc_2020")
    parser.add_argument("--n", type=int, default=80, help="sample: pairs in all")
    parser.add_argument("--even", action="store_true", help="sample: the same number for each frame")
    parser.add_argument("--exclude", type=Path, action="append", default=[], help="sample: leave out this gold file's pairs")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--n-docs", type=int, default=20)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--show", action="store_true", help="print the gold pairs the rules got wrong (stderr)")
    args = parser.parse_args(argv)
    ungdc = args.devsets / "ungdc_2020"
    if args.command == "sample":
        corpus = load_corpus(args.corpus or ungdc)
        exclude: set[tuple[str, int, str]] = set()
        for path in args.exclude:
            exclude |= {(r.doc_id, int(r.start), r.frame_id) for r in read_gold(path).itertuples()}
        quota = frame_quota(args.n, list(SAMPLE_QUOTA), even=args.even)
        writer = csv.writer(sys.stdout, delimiter="\t")
        for pair in sample_pairs(corpus, quota, args.seed, exclude):
            writer.writerow([pair["doc_id"], pair["start"], pair["end"], pair["frame_id"],
                             corpus[pair["doc_id"]].meta.get("voice", ""), " ".join(pair["text"].split()),
                             " ".join(pair["paragraph"].split())])
        return 0
    if args.command == "cost":
        kremlin = _first_documents(args.corpora / "kremlin_ukraine_2022_2025", args.n_docs)
        print(json.dumps({f"kremlin_first_{args.n_docs}": selector_cost(kremlin),
                          "ungdc_2020": selector_cost(load_corpus(ungdc))}, indent=2))
        return 0
    from analysis.tables.build import extract_corpus

    gold_paths = args.gold or [p for p in DEFAULT_GOLD if p.is_file()]
    golds = {path: read_gold(path) for path in gold_paths}
    corpus = load_corpus(ungdc)
    tables = extract_corpus(corpus, cache=not args.no_cache, n_process=args.n_process, progress=True)
    voices = {d.doc_id: d.meta.get("voice", "") for d in corpus}
    group = {d.doc_id: "ungdc_2020" for d in corpus}
    result: dict = {"coverage": coverage(tables)}
    gold_docs = set().union(*(set(g["doc_id"]) for g in golds.values())) if golds else set()
    if args.seeds.is_dir() and gold_docs - set(voices):
        seeds = load_corpus(args.seeds)
        seed_tables = extract_corpus(seeds, cache=not args.no_cache, n_process=args.n_process, progress=True)
        result["coverage_seeds"] = coverage(seed_tables)
        voices.update({d.doc_id: d.meta.get("voice", "") for d in seeds})
        group.update({d.doc_id: "seeds" for d in seeds})
        tables = {"statements": pd.concat([tables["statements"], seed_tables["statements"]], ignore_index=True)}
    unknown = sorted(gold_docs - set(voices))
    if unknown:
        print(f"{gold_paths[0]}: unknown doc_id {unknown[0]!r} (neither ungdc_2020 nor {args.seeds})", file=sys.stderr)
        return 2
    show = (lambda line: print(line, file=sys.stderr)) if args.show else None
    result["gold"] = {}
    for path, gold in golds.items():
        if show is not None:
            show(f"--- {path.name}")
        result["gold"][path.name] = score_gold(tables, gold, voices, show, by=group)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
