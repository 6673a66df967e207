"""Quotes, reported speech and speakers on PolNeAR, ours against textacy in the same run.

    python benchmarks/quotes_polnear.py [--devsets ../shared/devsets] [--every 10 | --all]
                                        [--offset K] [--limit N] [--n-process N]
                                        [--no-textacy] [--json]

What is measured, on every ``--every``-th article of ``polnear_train`` (sorted by name,
starting at the ``--offset``-th, so ``--every 10 --offset 5`` is another 84 articles than
``--every 10``; ``--limit`` keeps the first N of those), by the conventions of
``devsets/README.md``:

* Gold: the first annotator's attributions of each article. An attribution's content is its
  ``content`` parts (character spans); it is a *direct* quote when the text of those parts
  holds a double quotation mark (straight ``"`` or curly ``“ ”``; mixed quotes included),
  otherwise *reported* speech. Its speaker is its ``source`` parts.
* Match: a predicted quote span matches a gold attribution when the characters they share
  (the prediction's overlap with each content part, summed) are at least half of the
  shorter of the two (prediction length, summed content-part length).
* Direct quotes: predicted rows of kind ``direct`` or ``mixed`` against gold direct
  attributions. Precision = predicted direct rows matching any gold direct attribution /
  predicted direct rows; recall = gold direct attributions matched by some predicted direct
  row / gold direct attributions; F1 their harmonic mean.
* Speaker right: of the matched gold direct attributions, the share whose best-overlapping
  predicted quote has a speaker mention (``speaker_start``/``speaker_end``) overlapping one
  of the gold ``source`` parts; a quote without a speaker counts as wrong. While every
  ``speaker_start`` of our rows is missing (the package did not fill them yet) the figure
  falls back to a text proxy -- right when ``speaker_text`` and a gold source share a word
  of 3+ letters -- and is labelled ``(text proxy)``.
* Reported speech: our rows of the other kinds (``indirect``, ``according_to``, ``belief``)
  against gold attributions without a double quotation mark, precision and recall as above.
* Without a speaker: predicted direct rows with no speaker mention, and of the matched
  gold direct attributions those whose best-overlapping prediction has none.
* ``''`` counted: the same figures when a gold content holding a doubled apostrophe
  (``''We need it,'' she said``: how the NYT articles of PolNeAR write a double mark)
  also counts as direct. The first figures keep the devsets' convention, under which
  such a quotation is reported speech while we (rightly) call it ``direct``.
* Per kind: how many rows of each ``kind`` we predicted.
* textacy: ``textacy.extract.triples.direct_quotations`` run on each paragraph (the article
  split on blank lines: that is how every PolNeAR text is laid out) parsed by the same
  spaCy model with every component (``analysis.nlp.load_model(exclude=())``), on the
  original paragraph text; its content, speaker and cue token spans are mapped to character
  offsets of the article and scored like our direct quotes. textacy refuses a paragraph with
  an odd number of quotation marks (a news paragraph that opens a quote and leaves it open
  to the next); those paragraphs give it nothing and are counted. textacy does no reported
  speech. It is a benchmark-only dependency (``pip install textacy==0.13.0``); without it
  its column is left out.

Ours runs through ``analysis.tables.build.extract_corpus`` without the cache, so every run
parses and extracts afresh. Times are wall-clock seconds of each system's own work.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from analysis.corpus import corpus_from_texts
from analysis.schema import is_missing
from analysis.tables.build import extract_corpus

DOUBLE_QUOTES = ('"', "\u201c", "\u201d")
# The doubled apostrophe some archives (here the NYT articles) write for a double mark:
# not a double quotation mark by the devsets' convention, counted in a second figure.
DOUBLED_APOSTROPHE = "''"
WORD = re.compile(r"[A-Za-z]{3,}")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
DIRECT_KINDS = frozenset({"direct", "mixed"})
DEFAULT_DEVSETS = Path(__file__).resolve().parents[2] / "shared" / "devsets"

Span = tuple[int, int]


@dataclass(frozen=True)
class Gold:
    """One gold attribution: content parts, source parts, and whether it is a direct quote."""

    content: tuple[Span, ...]
    sources: tuple[Span, ...]
    source_text: str
    direct: bool
    # Direct when ``''`` also counts as a double quotation mark (the second figure).
    direct_with_apostrophes: bool = False


@dataclass(frozen=True)
class Predicted:
    """One predicted quote: its content span, speaker mention span (or None) and kind."""

    start: int
    end: int
    kind: str
    speaker: Span | None = None
    speaker_text: str = ""

    @property
    def direct(self) -> bool:
        return self.kind in DIRECT_KINDS


@dataclass
class Article:
    doc_id: str
    text: str
    gold: list[Gold] = field(default_factory=list)


# ---------------------------------------------------------------------------- gold


def load_articles(devsets: Path, every: int = 10, limit: int | None = None,
                  offset: int = 0) -> list[Article]:
    """Every ``every``-th article of ``polnear_train`` (sorted by name) from the ``offset``-th
    on, the first ``limit`` of those, each with the first annotator's attributions."""
    folder = devsets / "polnear_train"
    records: dict[str, dict] = {}
    for line in (folder / "attributions.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        records.setdefault(record["doc_id"], record)  # a second annotator's rows: use the first
    names = sorted(records)[offset::every]
    if limit is not None:
        names = names[:limit]
    articles = []
    for name in names:
        record = records[name]
        text = (folder / record["text_file"]).read_text(encoding="utf-8")
        articles.append(Article(name, text, [gold_attribution(a, text) for a in record["attributions"]
                                             if a.get("content")]))
    return articles


def gold_attribution(attribution: dict, text: str) -> Gold:
    content = tuple((int(p["start"]), int(p["end"])) for p in attribution["content"])
    sources = tuple((int(p["start"]), int(p["end"])) for p in attribution.get("source") or [])
    direct = any(mark in text[s:e] for s, e in content for mark in DOUBLE_QUOTES)
    doubled = any(DOUBLED_APOSTROPHE in text[s:e] for s, e in content)
    source_text = " ".join(text[s:e] for s, e in sources)
    return Gold(content, sources, source_text, direct, direct or doubled)


# ---------------------------------------------------------------------------- matching


def shared_chars(span: Span, parts: tuple[Span, ...]) -> int:
    return sum(max(0, min(span[1], e) - max(span[0], s)) for s, e in parts)


def matches(predicted: Predicted, gold: Gold) -> int:
    """The characters shared when they match (overlap >= half the shorter), else 0."""
    shared = shared_chars((predicted.start, predicted.end), gold.content)
    shorter = min(predicted.end - predicted.start, sum(e - s for s, e in gold.content))
    return shared if shared > 0 and shared >= 0.5 * shorter else 0


def overlaps(a: Span, b: Span) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def speaker_right(predicted: Predicted, gold: Gold, proxy: bool) -> bool:
    if proxy:
        words = {w.lower() for w in WORD.findall(predicted.speaker_text or "")}
        return bool(words & {w.lower() for w in WORD.findall(gold.source_text)})
    return predicted.speaker is not None and any(overlaps(predicted.speaker, s) for s in gold.sources)


def prf(matched_predicted: int, predicted: int, matched_gold: int, gold: int) -> dict:
    precision = matched_predicted / predicted if predicted else 0.0
    recall = matched_gold / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"gold": gold, "predicted": predicted, "matched_predicted": matched_predicted,
            "matched_gold": matched_gold, "precision": round(precision, 3),
            "recall": round(recall, 3), "f1": round(f1, 3)}


def score(articles: list[Article], predictions: dict[str, list[Predicted]], *,
          proxy: bool = False, apostrophes: bool = False) -> dict:
    """Direct and reported figures of one system (``predictions``: doc_id -> quotes);
    with ``apostrophes``, a gold content holding ``''`` is direct too."""
    figures: dict = {}
    for name, want_direct in (("direct", True), ("reported", False)):
        n_pred = n_pred_matched = n_gold = n_gold_matched = n_speaker = n_matched_silent = 0
        for article in articles:
            predicted = [p for p in predictions.get(article.doc_id, []) if p.direct == want_direct]
            gold = [g for g in article.gold
                    if (g.direct_with_apostrophes if apostrophes else g.direct) == want_direct]
            n_pred += len(predicted)
            n_gold += len(gold)
            n_pred_matched += sum(1 for p in predicted if any(matches(p, g) for g in gold))
            for g in gold:
                shared, best = max(((matches(p, g), i) for i, p in enumerate(predicted)), default=(0, -1))
                if shared:
                    n_gold_matched += 1
                    n_speaker += speaker_right(predicted[best], g, proxy)
                    n_matched_silent += predicted[best].speaker is None
        figures[name] = prf(n_pred_matched, n_pred, n_gold_matched, n_gold)
        figures[name]["speaker_right"] = round(n_speaker / n_gold_matched, 3) if n_gold_matched else None
        figures[name]["speaker_right_basis"] = "text proxy" if proxy else "speaker span"
        # Matched gold whose best prediction names no speaker mention (counted wrong above).
        figures[name]["matched_without_speaker"] = n_matched_silent
        figures[name]["no_speaker"] = sum(1 for ps in predictions.values() for p in ps
                                          if p.direct == want_direct and p.speaker is None
                                          and (not proxy or not p.speaker_text))
    return figures


# ---------------------------------------------------------------------------- systems


def run_ours(articles: list[Article], n_process: int | None = None) -> tuple[dict[str, list[Predicted]], dict]:
    """Our quote rows for every article, and facts about the run (seconds, kinds, words)."""
    corpus = corpus_from_texts({a.doc_id: a.text for a in articles})
    started = time.perf_counter()
    quotes = extract_corpus(corpus, cache=False, n_process=n_process)["quotes"]
    seconds = time.perf_counter() - started
    predictions: dict[str, list[Predicted]] = {a.doc_id: [] for a in articles}
    for row in quotes.itertuples(index=False):
        s, e = row.speaker_start, row.speaker_end
        speaker = None if is_missing(s) or is_missing(e) else (int(s), int(e))
        text = "" if is_missing(row.speaker_text) else str(row.speaker_text)
        predictions[row.doc_id].append(Predicted(int(row.start), int(row.end), str(row.kind), speaker, text))
    has_spans = bool(len(quotes)) and quotes["speaker_start"].notna().any()
    kinds = quotes["kind"].fillna("(none)").value_counts().to_dict() if len(quotes) else {}
    facts = {"seconds": round(seconds, 1), "words": sum(d.n_words for d in corpus),
             "rows": len(quotes), "kinds": {str(k): int(v) for k, v in sorted(kinds.items())},
             "speaker_spans_filled": bool(has_spans)}
    return predictions, facts


def paragraphs(text: str) -> list[tuple[int, str]]:
    """``(offset, paragraph)`` for each blank-line-separated paragraph of ``text``."""
    out, start = [], 0
    for m in PARAGRAPH_BREAK.finditer(text):
        if text[start:m.start()].strip():
            out.append((start, text[start:m.start()]))
        start = m.end()
    if text[start:].strip():
        out.append((start, text[start:]))
    return out


def run_textacy(articles: list[Article]) -> tuple[dict[str, list[Predicted]], dict] | None:
    """textacy's ``direct_quotations`` per paragraph; None when textacy is not installed."""
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        return None
    import textacy

    from analysis.nlp import load_model

    nlp = load_model(exclude=())
    units = [(a.doc_id, offset, para) for a in articles for offset, para in paragraphs(a.text)]
    predictions: dict[str, list[Predicted]] = {a.doc_id: [] for a in articles}
    refused = 0
    started = time.perf_counter()
    for (doc_id, offset, _), doc in zip(units, nlp.pipe((u[2] for u in units), batch_size=64)):
        try:
            triples = list(direct_quotations(doc))
        except ValueError:  # an odd number of quotation marks: textacy bails out
            refused += 1
            continue
        for triple in triples:
            speaker = (offset + min(t.idx for t in triple.speaker),
                       offset + max(t.idx + len(t) for t in triple.speaker))
            predictions[doc_id].append(Predicted(
                offset + triple.content.start_char, offset + triple.content.end_char, "direct",
                speaker, " ".join(t.text for t in triple.speaker)))
    seconds = time.perf_counter() - started
    facts = {"seconds": round(seconds, 1), "paragraphs": len(units), "refused_paragraphs": refused,
             "rows": sum(len(v) for v in predictions.values()), "kinds": {"direct": sum(len(v) for v in predictions.values())},
             "version": textacy.__version__, "model": f"{nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}",
             "components": list(nlp.pipe_names)}
    return predictions, facts


# ---------------------------------------------------------------------------- report


def evaluate(devsets: Path = DEFAULT_DEVSETS, every: int = 10, limit: int | None = None,
             n_process: int | None = None, textacy: bool = True, offset: int = 0) -> dict:
    """Every figure of the benchmark, as a JSON-ready dict."""
    articles = load_articles(devsets, every, limit, offset)
    ours, ours_facts = run_ours(articles, n_process)
    result = {
        "articles": len(articles), "every": every, "offset": offset, "limit": limit,
        "words": ours_facts.pop("words"),
        "gold": {"direct": sum(g.direct for a in articles for g in a.gold),
                 "reported": sum(not g.direct for a in articles for g in a.gold)},
        "ours": {**score(articles, ours, proxy=not ours_facts["speaker_spans_filled"]), **ours_facts},
    }
    result["gold"]["direct_with_apostrophes"] = sum(g.direct_with_apostrophes for a in articles for g in a.gold)
    result["ours"]["with_apostrophes"] = score(articles, ours, proxy=not ours_facts["speaker_spans_filled"],
                                               apostrophes=True)
    other = run_textacy(articles) if textacy else None
    if other is not None:
        predictions, facts = other
        figures = score(articles, predictions)
        figures["reported"] = None  # textacy has no reported speech
        figures["with_apostrophes"] = score(articles, predictions, apostrophes=True)
        figures["with_apostrophes"]["reported"] = None
        result["textacy"] = {**figures, **facts}
    elif textacy:
        result["textacy"] = "not installed (pip install textacy==0.13.0)"
    return result


def _cell(value, digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def format_table(result: dict) -> str:
    """The figures as a plain-text table, ours against textacy."""
    ours = result["ours"]
    other = result.get("textacy") if isinstance(result.get("textacy"), dict) else None
    proxy = ours["direct"]["speaker_right_basis"] == "text proxy"
    sample = "all articles" if result["every"] == 1 else f"every {result['every']}th article"
    if result.get("offset"):
        sample += f", offset {result['offset']}"
    if result["limit"] is not None:
        sample += f", first {result['limit']}"
    lines = [(f"PolNeAR train: {result['articles']} articles ({sample}), {result['words']:,} words; "
              f"gold: {result['gold']['direct']:,} direct, {result['gold']['reported']:,} reported"),
             ""]
    header = f"{'':38}{'ours':>10}" + (f"{'textacy':>10}" if other else "")
    lines.append(header)

    def row(label: str, get) -> None:
        a = get(ours)
        line = f"{label:38}{_cell(a):>10}"
        if other:
            try:
                b = get(other)
            except (KeyError, TypeError):
                b = None
            line += f"{_cell(b):>10}"
        lines.append(line)

    row("direct quotes predicted", lambda r: r["direct"]["predicted"])
    row("  precision", lambda r: r["direct"]["precision"])
    row("  recall", lambda r: r["direct"]["recall"])
    row("  F1", lambda r: r["direct"]["f1"])
    row("  speaker right (of matched)" + (" *" if proxy else ""), lambda r: r["direct"]["speaker_right"])
    row("  without a speaker", lambda r: r["direct"]["no_speaker"])
    row("  matched, without a speaker", lambda r: r["direct"]["matched_without_speaker"])
    row("reported speech predicted", lambda r: r["reported"]["predicted"])
    row("  precision", lambda r: r["reported"]["precision"])
    row("  recall", lambda r: r["reported"]["recall"])
    row("  F1", lambda r: r["reported"]["f1"])
    row("  speaker right (of matched)" + (" *" if proxy else ""), lambda r: r["reported"]["speaker_right"])
    row("seconds", lambda r: f"{r['seconds']:.1f}")
    lines.append(f"with '' (doubled apostrophe) counted as a double quotation mark in gold "
                 f"({result['gold']['direct_with_apostrophes']:,} direct):")
    row("  direct precision", lambda r: r["with_apostrophes"]["direct"]["precision"])
    row("  direct recall", lambda r: r["with_apostrophes"]["direct"]["recall"])
    row("  direct F1", lambda r: r["with_apostrophes"]["direct"]["f1"])
    row("  direct speaker right", lambda r: r["with_apostrophes"]["direct"]["speaker_right"])
    row("  reported precision", lambda r: r["with_apostrophes"]["reported"]["precision"])
    row("  reported recall", lambda r: r["with_apostrophes"]["reported"]["recall"])
    lines.append("")
    lines.append("our rows by kind: " + ", ".join(f"{k} {v:,}" for k, v in ours["kinds"].items()))
    if proxy:
        lines.append("* ours: text proxy (speaker_start/speaker_end all missing): right when speaker_text "
                     "shares a word of 3+ letters with the gold source; textacy: speaker span")
    if other:
        lines.append(f"textacy {other['version']}, {other['model']} ({', '.join(other['components'])}); "
                     f"{other['paragraphs']:,} paragraphs, {other['refused_paragraphs']:,} refused "
                     "(odd number of quotation marks)")
    elif isinstance(result.get("textacy"), str):
        lines.append("textacy: " + result["textacy"])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devsets", type=Path, default=DEFAULT_DEVSETS)
    parser.add_argument("--every", type=int, default=10, help="every N-th article, sorted by name (default 10)")
    parser.add_argument("--all", action="store_true", help="every article (= --every 1)")
    parser.add_argument("--offset", type=int, default=0,
                        help="start at the K-th article (0-based), so --every 10 --offset 5 is another sample")
    parser.add_argument("--limit", type=int, default=None, help="the first N articles of the sample")
    parser.add_argument("--n-process", type=int, default=None, help="processes for our extraction (default: automatic)")
    parser.add_argument("--no-textacy", action="store_true", help="leave textacy out")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if args.every < 1 or (args.limit is not None and args.limit < 1) or args.offset < 0:
        parser.error("--every and --limit take a positive number, --offset one >= 0")
    result = evaluate(args.devsets, 1 if args.all else args.every, args.limit, args.n_process,
                      textacy=not args.no_textacy, offset=args.offset)
    print(json.dumps(result, indent=2) if args.json else format_table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
