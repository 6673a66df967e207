"""Quote detection on PolNeAR (third-party attribution gold), printed as figures.

    python benchmarks/quotes_polnear.py [--devsets ../shared/devsets] [--every 10]

Matching follows ``devsets/README.md``: a predicted quote matches a gold attribution when
their character overlap covers at least half of the shorter content span; a gold
attribution is a *direct* quote when its content holds a double quotation mark. Quote rows
carry no speaker offsets yet, so the speaker is scored by text: right when the predicted
``speaker_text`` and a gold source text share a word of 3+ letters (a proxy, marked so).
Every ``--every``-th article is used (sorted by name), so runs are comparable.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from analysis.corpus import corpus_from_texts
from analysis.tables import extract_corpus

DOUBLE_QUOTES = ('"', "\u201c", "\u201d")
WORD = re.compile(r"[A-Za-z]{3,}")


def gold_attributions(devsets: Path, every: int) -> dict[str, tuple[str, list[dict]]]:
    """``{doc_id: (text, attributions)}`` for every ``every``-th article (first annotator)."""
    folder = devsets / "polnear_train"
    seen: dict[str, tuple[str, list[dict]]] = {}
    for line in (folder / "attributions.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["doc_id"] in seen:
            continue  # a second annotator's rows: use the first
        text = (folder / record["text_file"]).read_text(encoding="utf-8")
        seen[record["doc_id"]] = (text, record["attributions"])
    names = sorted(seen)[::every]
    return {name: seen[name] for name in names}


def overlap_ok(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and shared >= 0.5 * min(a[1] - a[0], b[1] - b[0])


def content_span(attribution: dict) -> tuple[int, int] | None:
    parts = attribution.get("content") or []
    return (min(p["start"] for p in parts), max(p["end"] for p in parts)) if parts else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devsets", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "devsets")
    parser.add_argument("--every", type=int, default=10)
    args = parser.parse_args()
    gold = gold_attributions(args.devsets, args.every)
    corpus = corpus_from_texts({doc_id: text for doc_id, (text, _) in gold.items()})
    started = time.perf_counter()
    quotes = extract_corpus(corpus, cache=False)["quotes"]
    seconds = time.perf_counter() - started
    figures = {}
    for kind, is_kind in (("direct", lambda t: any(q in t for q in DOUBLE_QUOTES)), ("reported", lambda t: not any(q in t for q in DOUBLE_QUOTES))):
        predicted = quotes[quotes["kind"] == ("direct" if kind == "direct" else "indirect")]
        matched_gold, matched_predicted, speaker_right = 0, set(), 0
        total_gold = 0
        for doc_id, (text, attributions) in gold.items():
            rows = predicted[predicted["doc_id"] == doc_id]
            spans = [(int(r.start), int(r.end), i, str(r.speaker_text or "")) for i, r in zip(rows.index, rows.itertuples())]
            for attribution in attributions:
                span = content_span(attribution)
                if span is None or not is_kind(text[span[0]:span[1]]):
                    continue
                total_gold += 1
                hit = next((s for s in spans if overlap_ok((s[0], s[1]), span)), None)
                if hit is None:
                    continue
                matched_gold += 1
                matched_predicted.add(hit[2])
                sources = {w.lower() for p in attribution.get("source") or [] for w in WORD.findall(p["text"])}
                if sources & {w.lower() for w in WORD.findall(hit[3])}:
                    speaker_right += 1
        precision = len(matched_predicted) / len(predicted) if len(predicted) else 0.0
        recall = matched_gold / total_gold if total_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        figures[kind] = dict(gold=total_gold, predicted=len(predicted), precision=round(precision, 3),
                             recall=round(recall, 3), f1=round(f1, 3),
                             speaker_right_of_matched_text_proxy=round(speaker_right / matched_gold, 3) if matched_gold else None)
    words = sum(d.n_words for d in corpus)
    print(json.dumps({"articles": len(gold), "words": words, "seconds": round(seconds, 1), **figures}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
