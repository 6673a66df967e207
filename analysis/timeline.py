"""What the statements point back to: dated references and named agreements on a time axis.

A reference is an explicit date in a sentence ("on 29 February 2024", "in May 1997", "the
Treaty on Open Skies of 1992", "the 1980s"). Each row keeps the sentence offsets, the
referenced date with its precision, and the document's own date, so the lag between a
statement and what it invokes can be read off.

>>> from analysis.corpus import corpus_from_texts
>>> corpus = corpus_from_texts({"d": "The Helsinki Final Act of 1975 matters. So did May 1997."})
>>> dated_references(corpus)[["text", "date", "precision"]].values.tolist()
[['1975', '1975', 'year'], ['May 1997', '1997-05', 'month']]
"""

from __future__ import annotations

import re

import pandas as pd

from .corpus import Corpus
from .dates import find_dates

REFERENCE_COLUMNS = [
    "doc_id", "paragraph_id", "sentence_id", "start", "end", "text", "date", "precision",
    "year", "doc_date", "lag_years", "sentence",
]
_YEAR_RE = re.compile(r"(?<![\d.,/-])(?P<year>1[5-9]\d{2}|20\d{2})(?P<decade>'?s)?(?![\d-]|\.\d)")
# A bare number is a year only with a cue nearby; "32 states" or "500,000 troops" are not.
_YEAR_CUE_RE = re.compile(
    r"(?:\b(?:in|of|since|from|to|until|till|by|after|before|during|early|late|mid|year|years|"
    r"summer|spring|autumn|fall|winter|between|and|the|its|\(|–|-)\s*$)", re.IGNORECASE)


def _precision(iso: str) -> str:
    return {4: "year", 7: "month", 10: "day"}.get(len(iso), "year")


def _doc_year(value: str) -> float | None:
    match = re.match(r"(\d{4})", value or "")
    return float(match.group(1)) if match else None


def dated_references(corpus: Corpus) -> pd.DataFrame:
    """Every explicit date or year referred to in the corpus's sentences.

    Relative dates ("on Thursday", "last December") are not resolved: they need the
    document's date and a calendar, and are left out rather than guessed.
    """
    rows: list[dict] = []
    for document in corpus:
        doc_date = document.meta.get("date", "")
        doc_year = _doc_year(doc_date)
        for sentence in document.sentences:
            clean = sentence.clean_text
            taken: list[tuple[int, int]] = []
            found: list[tuple[int, int, str]] = []
            for match in find_dates(clean):
                found.append((match.start, match.end, match.iso))
                taken.append((match.start, match.end))
            for match in _YEAR_RE.finditer(clean):
                span = match.span()
                if any(span[0] < e and s < span[1] for s, e in taken):
                    continue
                before = clean[max(0, span[0] - 12):span[0]]
                if not match.group("decade") and not _YEAR_CUE_RE.search(before):
                    continue
                found.append((span[0], span[1], match.group("year")))
            for clean_start, clean_end, iso in sorted(found):
                start, end = sentence.original_span(clean_start, clean_end)
                precision = "decade" if clean[clean_start:clean_end].endswith("s") and len(iso) == 4 else _precision(iso)
                year = int(iso[:4])
                rows.append({
                    "doc_id": document.doc_id, "paragraph_id": sentence.paragraph_id,
                    "sentence_id": sentence.sentence_id, "start": start, "end": end,
                    "text": document.text[start:end], "date": iso, "precision": precision,
                    "year": year, "doc_date": doc_date,
                    "lag_years": round(doc_year - year, 1) if doc_year is not None else None,
                    "sentence": sentence.text,
                })
    frame = pd.DataFrame(rows, columns=REFERENCE_COLUMNS)
    return frame.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def agreements_on_timeline(references: pd.DataFrame, actor_mentions: pd.DataFrame,
                           types: tuple[str, ...] = ("agreement", "event")) -> pd.DataFrame:
    """Named agreements and events with the dates referred to in the same sentence.

    The date is the nearest explicit date in the sentence; an agreement named without
    any date keeps an empty date (the method does not know when it was signed).
    """
    named = actor_mentions[actor_mentions["actor_type"].isin(types)]
    rows = []
    for mention in named.itertuples(index=False):
        same = references[(references["doc_id"] == mention.doc_id)
                          & (references["sentence_id"] == mention.sentence_id)]
        if len(same):
            distance = (same["start"] - mention.start).abs()
            nearest = same.loc[distance.idxmin()]
            date, year = nearest["date"], nearest["year"]
        else:
            date, year = "", None
        rows.append({"doc_id": mention.doc_id, "sentence_id": mention.sentence_id,
                     "start": mention.start, "end": mention.end, "actor_id": mention.actor_id,
                     "name": mention.actor_name, "type": mention.actor_type, "date": date, "year": year})
    columns = ["doc_id", "sentence_id", "start", "end", "actor_id", "name", "type", "date", "year"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["year"] = frame["year"].astype("Int64")
    return frame.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def references_by_decade(references: pd.DataFrame) -> pd.DataFrame:
    """Counts of dated references per decade referred to and kind of document date."""
    if references.empty:
        return pd.DataFrame(columns=["decade", "references", "documents"])
    decades = (references["year"] // 10 * 10).astype(int)
    table = (references.assign(decade=decades)
             .groupby("decade")
             .agg(references=("text", "size"), documents=("doc_id", "nunique"))
             .reset_index())
    return table.sort_values("decade").reset_index(drop=True)
