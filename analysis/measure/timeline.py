"""What the statements point back to: dated references and named agreements on a time axis.

A reference is an explicit date in a sentence ("on 29 February 2024", "in May 1997", "the
Treaty on Open Skies of 1992", "the 1980s", "1941-1945"). Each row keeps the sentence
offsets, the referenced date with its precision, and the document's own date (and whether
that date is *stated* in the document or *inferred*), so the lag between a statement and
what it invokes can be read off.

>>> from analysis.corpus import corpus_from_texts
>>> corpus = corpus_from_texts({"d": "The Helsinki Final Act of 1975 matters. So did May 1997."})
>>> dated_references(corpus)[["text", "date", "precision"]].values.tolist()
[['1975', '1975', 'year'], ['May 1997', '1997-05', 'month']]

How a bare four-digit number becomes a year (:func:`year_spans`)
-----------------------------------------------------------------
Full dates ("15 December 2022", "May 1997") come from :func:`analysis.dates.find_dates`.
A bare number from 1500 to 2099 is then read as a year unless its context says otherwise:

* it is a **quantity** -- followed by a unit or a counted noun ("1500 troops", "2000 km",
  "1800 hours", "2030 per cent"), or written as a number ("1.2000", "$2000", "2000%");
* it is an **identifier** -- after "No.", "Resolution", "Article", "page" ..., or right after a
  capitalised word inside the sentence ("Zapad-2025", "Vision 2030", "Resolution 1701"):
  names with a number are not read as dates, although some of them contain one;
* it is **before 1700 or a round hundred** (1600, 1800, 2000) and has no cue such as
  "in", "of", "since", "by", "the" or "(" right before it.

A year followed by "s" is a decade ("the 1930s", "mid-1980s"); ranges ("1941-1945",
"1853–1856", "from 1999 to 2024") give both years. Relative dates ("last December", "on
Tuesday", "two years ago") are not resolved: they need the document's date and a
calendar, and are left out rather than guessed (:func:`relative_references` lists them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

from analysis.corpus import Corpus
from analysis.dates import date_precision, date_status, find_dates

__all__ = [
    "REFERENCE_COLUMNS", "FIRST_YEAR", "LAST_YEAR", "year_spans", "dated_references",
    "AGREEMENT_COLUMNS", "agreements_on_timeline", "agreement_dates", "references_by_decade",
    "document_lags", "LAG_BANDS", "lag_bands", "documents_span", "relative_references",
    "date_status",  # re-exported: the tables here carry it, and callers import it from here
]

REFERENCE_COLUMNS = [
    "doc_id", "paragraph_id", "sentence_id", "start", "end", "text", "date", "precision",
    "year", "doc_date", "date_status", "lag_years", "sentence",
]

FIRST_YEAR, LAST_YEAR = 1500, 2099

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u02d7\u2212"
_DASH_CLASS = "\\" + _DASHES  # for a [...] class: the escaped "-" is not a range
_NUMBER_RE = re.compile(r"(?<!\d)(?P<year>\d{4})(?P<decade>['\u2019]?s)?(?!\d)")
# Words right before a bare number that make it a year ("in 1997", "the 1975 Act", "(1997)").
_CUE_WORDS = (
    "in|of|since|from|to|until|till|through|throughout|by|after|before|during|early|late|mid|"
    "year|years|summer|spring|autumn|fall|winter|between|and|or|the|its|this|that|his|her|"
    "their|our|my|your|for|into|beyond|around|about|circa|ca|c|remember|reassess|with|"
    "as of|back to|back in|far back as|early as|late as|of the year|up to|versus|vs"
)
_CUE_RE = re.compile(rf"(?:\b(?:{_CUE_WORDS})\.?|[(\[{_DASH_CLASS}/])\s*$", re.IGNORECASE)
# A year, then "-", "to", "or", "and": the second number of a range or a list of years.
_RANGE_BEFORE_RE = re.compile(rf"(?<!\d)(?:1[5-9]|20)\d\d(?:['\u2019]?s)?\s*(?:[{_DASH_CLASS}]|to|or|and|and/or|,)\s*$",
                              re.IGNORECASE)
_PREFIX_BEFORE_RE = re.compile(r"\b(?:mid|early|late|pre|post)$", re.IGNORECASE)
_IDENTIFIER_BEFORE_RE = re.compile(
    r"\b(?:no|nos|number|numbers|art|article|articles|resolution|resolutions|paragraph|para|page|"
    r"pages|p|pp|item|section|chapter|clause|flight|decree|order|code|tel|phone|fax|vol|volume|"
    r"room|route|model|hull|unit|regiment|brigade|division|battalion|squadron|index|grade|"
    r"level|stage|band|channel|frequency|km|kilometre|mile)\.?\s*$",
    re.IGNORECASE)
_QUANTITY_WORDS = (
    "people|persons?|men|women|children|families|soldiers|troops|servicemen|personnel|fighters|"
    "militants|mercenaries|prisoners|volunteers|workers|employees|jobs|students|pupils|teachers|"
    "doctors|schools|hospitals|companies|enterprises|firms|projects|km|kilomet(?:re|er)s?|miles?|"
    "met(?:re|er)s?|m|cm|mm|kg|kilograms?|grams?|tonnes?|tons?|t|hectares?|ha|sq|square|cubic|"
    "barrels?|lit(?:re|er)s?|rubles?|roubles?|dollars?|euros?|yuan|rupees?|pounds?|usd|eur|rub|"
    "units?|pieces?|items?|tanks?|vehicles?|aircraft|planes?|jets?|helicopters?|drones?|"
    "missiles?|rockets?|shells?|rounds?|guns?|weapons?|systems?|ships?|vessels?|boats?|trucks?|"
    "cars?|buses|trains?|wagons?|houses|homes|apartments|flats|buildings|villages|towns|"
    "settlements|cases|deaths|casualties|victims|dead|wounded|killed|votes|seats|members|"
    "delegates|participants|hours?|hrs|h|minutes?|mins?|seconds?|days?|weeks?|months?|years?|"
    "times|percent|per|pct|%|pages|words|documents|names|entities|individuals|citizens|"
    "residents|refugees|migrants|deputies|officers|officials|places|beds|doses|signatures|"
    "applications|appeals|requests|megawatts?|mw|gw|kw|kwh|bn|billion|million|thousand|"
    "metric|sorties|strikes|attacks|violations|shots|calories|degrees|points|euro|dollar|"
    "nautical|feet|ft|inches|acres"
)
_QUANTITY_AFTER_RE = re.compile(
    rf"^(?:\s*(?:[{_DASH_CLASS}]|to|or|and)\s*(?:\d{{1,3}}(?:,\d{{3}})+|\d{{4,}}))?\s*(?:{_QUANTITY_WORDS})(?![\w-])", re.IGNORECASE)
_NUMBER_AFTER_RE = re.compile(r"^(?:[.,:]\d|\s*%|\s*per\s?cent\b)", re.IGNORECASE)
_WORD_BEFORE_RE = re.compile(r"(?P<word>[^\W\d_][\w'\u2019.&]*)[\s\u00a0" + _DASH_CLASS + r"]*$")
_OPENERS = " \t\u00a0\"'\u201c\u201d\u2018\u2019\u00ab([*-\u2013\u2014"


def _doc_year(value: str) -> int | None:
    match = re.match(r"(\d{4})", value or "")
    return int(match.group(1)) if match else None


def _is_year(text: str, start: int, end: int, year: int, decade: bool) -> bool:
    """Whether the number ``text[start:end]`` (``year``) is a year, from its context."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return False
    before, after = text[max(0, start - 40):start], text[end:end + 40]
    previous = before[-1:]
    if previous and (previous.isdigit() or previous in ".,:$\u20ac\u00a3#\u2116+"):
        return False  # a decimal, a grouped number, a time, a price, "No2000"
    if _NUMBER_AFTER_RE.match(after):
        return False  # "2000.5", "2000,000", "2000:15", "2000%"
    if after[:1] and after[0] in _DASHES and after[1:2].isdigit() and not re.match(
            r"^.(?:1[5-9]|20)\d\d(?!\d)", after):
        return False  # "2000-123": a code, not a range of years
    if not decade and _QUANTITY_AFTER_RE.match(after):
        return False  # "1500 troops", "2000 to 3000 km"
    if _IDENTIFIER_BEFORE_RE.search(before):
        return False  # "Resolution 1701", "No. 2022"
    if decade:
        return True  # "1930s", "mid-1980s"
    if _RANGE_BEFORE_RE.search(before):
        return True  # the second year of "1941-1945", "2014 and 2015"
    if previous and previous in _DASHES:
        if _PREFIX_BEFORE_RE.search(before[:-1]):
            return True  # "mid-2022"
        return False  # "Army-2022", "Zapad-2025": part of a name
    if _CUE_RE.search(before):
        return True
    word = _WORD_BEFORE_RE.search(before)
    if word is not None and word.group("word")[:1].isupper():
        word_start = start - len(before) + word.start()
        at_start = not text[:word_start].strip(_OPENERS)  # the sentence's first word
        if not at_start:
            return False  # "Vision 2030", "Vostok 2022": a capitalised name with a number
    if year < 1700 or year % 100 == 0:
        return False  # "1500", "2000" without a cue: too often a quantity
    return True


def year_spans(text: str, taken: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int, int, bool]]:
    """Bare years and decades in ``text``: ``(start, end, year, is_decade)`` in text order.

    Spans overlapping ``taken`` (e.g. full dates already found) are skipped. See the module
    docstring for the rules.

    >>> [text for s, e, y, d in year_spans("In 1997 and the mid-1980s; 1500 troops; Zapad-2025.")
    ...  for text in ["In 1997 and the mid-1980s; 1500 troops; Zapad-2025."[s:e]]]
    ['1997', '1980s']
    >>> year_spans("The Great Patriotic War of 1941-1945")
    [(27, 31, 1941, False), (32, 36, 1945, False)]
    """
    taken = list(taken)
    spans = []
    for match in _NUMBER_RE.finditer(text):
        start, end = match.span()
        if any(start < e and s < end for s, e in taken):
            continue
        year = int(match.group("year"))
        suffix = match.group("decade")
        decade = bool(suffix) and year % 10 == 0
        if suffix and not decade:
            if suffix[0] in "'\u2019":
                end = match.end("year")  # "2014's coup": a possessive year
            else:
                continue  # "1994s": not a year
        if _is_year(text, start, match.end("year"), year, decade):
            spans.append((start, end, year, decade))
    return spans


def dated_references(corpus: Corpus) -> pd.DataFrame:
    """Every explicit date, year or decade referred to in the corpus's sentences.

    Columns: doc_id, paragraph_id, sentence_id, start, end (offsets into the original
    document), text, date (ISO: ``1997``, ``1997-05``, ``1997-05-27``; a decade is its first
    year), precision (day / month / year / decade: :func:`analysis.dates.date_precision` of a
    full date; ``year`` or ``decade`` for a bare number, :func:`year_spans`), year, doc_date
    (the document's own date), date_status (whether that date is ``stated`` in the document
    or ``inferred``), lag_years (the document's year minus the referenced year: positive
    looks back, negative looks ahead; empty when the document has no date) and the sentence.

    Relative dates ("on Thursday", "last December") are not resolved: they need the
    document's date and a calendar, and are left out rather than guessed.
    """
    rows: list[dict] = []
    for document in corpus:
        doc_date = document.meta.get("date", "") or ""
        status = date_status(document.meta.get("date_basis", ""))
        doc_year = _doc_year(doc_date)
        for sentence in document.sentences:
            clean = sentence.clean_text
            found: list[tuple[int, int, str, str]] = []
            for match in find_dates(clean):
                found.append((match.start, match.end, match.iso, date_precision(match.iso)))
            taken = [(s, e) for s, e, _, _ in found]
            for start, end, year, decade in year_spans(clean, taken):
                found.append((start, end, f"{year:04d}", "decade" if decade else "year"))
            for clean_start, clean_end, iso, precision in sorted(found):
                start, end = sentence.original_span(clean_start, clean_end)
                year = int(iso[:4])
                rows.append({
                    "doc_id": document.doc_id, "paragraph_id": sentence.paragraph_id,
                    "sentence_id": sentence.sentence_id, "start": start, "end": end,
                    "text": document.text[start:end], "date": iso, "precision": precision,
                    "year": year, "doc_date": doc_date, "date_status": status,
                    "lag_years": doc_year - year if doc_year is not None else None,
                    "sentence": sentence.text,
                })
    frame = pd.DataFrame(rows, columns=REFERENCE_COLUMNS)
    frame["lag_years"] = frame["lag_years"].astype("Int64")
    frame["year"] = frame["year"].astype(int)
    return frame.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------------------
# named agreements and events
# ---------------------------------------------------------------------------------------

AGREEMENT_COLUMNS = ["doc_id", "sentence_id", "start", "end", "actor_id", "name", "type",
                     "date", "year", "link", "doc_date"]
# Text between a name and the date after it that ties the two: "X of 1990", "X (1997)",
# "X (CFE) of 1990".
_AFTER_LINK_RE = re.compile(
    r"^\s*(?:\([^()]{1,20}\))?[\s,]*(?:\(|of|from|in|dated|signed in|adopted in|concluded in|"
    r"signed on|adopted on|of the year)?\s*$", re.IGNORECASE)
# ... and between a date and the name after it: "the 1975 Helsinki Final Act".
_BEFORE_LINK_RE = re.compile(r"^\s*(?:['\u2019]s)?\s*$")
# The end of a longer stretch that still dates the name before it: "... of 1997", "... in 2010".
_NEARBY_LINK_RE = re.compile(r"(?:\bof|\bin|\bfrom|\bdated|\bon|\()\s*$", re.IGNORECASE)
_NEARBY_MAX_CHARS = 120
_CLAUSE_BREAK_RE = re.compile(r"[,;:.!?]")  # "the UN Charter, it ruled on ...": another clause


def _date_for(refs: list[dict], start: int, end: int, text: str | None,
              others: list[tuple[int, int]]) -> tuple[dict | None, str]:
    """The reference that dates a name at ``start:end`` and how it is linked to it.

    ``refs`` are the references of the name's sentence, ``others`` the spans of the other
    named agreements/events of that sentence (a date beyond one of them belongs to it).
    """
    if not refs:
        return None, ""
    inside = sorted((r for r in refs if start <= r["start"] and r["end"] <= end), key=lambda r: r["start"])
    if inside:  # the name itself holds the date: "the Great Patriotic War of 1941-1945"
        return inside[0], "adjacent"
    if text is not None:
        after = sorted((r for r in refs if r["start"] >= end), key=lambda r: r["start"])
        before = sorted((r for r in refs if r["end"] <= start), key=lambda r: r["end"])
        if after and _AFTER_LINK_RE.match(text[end:after[0]["start"]]):
            return after[0], "adjacent"
        if before and _BEFORE_LINK_RE.match(text[before[-1]["end"]:start]):
            return before[-1], "adjacent"
        if after:
            first = after[0]
            gap = text[end:first["start"]]
            blocked = any(end <= s and e <= first["start"] for s, e in others)
            if (not blocked and len(gap) <= _NEARBY_MAX_CHARS and not _CLAUSE_BREAK_RE.search(gap)
                    and _NEARBY_LINK_RE.search(gap)):
                return first, "nearby"

    def distance(r: dict) -> int:
        return max(r["start"] - end, start - r["end"], 0)

    return min(refs, key=lambda r: (distance(r), r["start"])), "same sentence"


def agreements_on_timeline(references: pd.DataFrame, actor_mentions: pd.DataFrame,
                           types: tuple[str, ...] = ("agreement", "event"),
                           texts: "Mapping[str, str] | Corpus | None" = None, *,
                           register_only: bool = True) -> pd.DataFrame:
    """Named agreements and events (register actor types) with a date from their sentence.

    ``link`` says how sure the date is:

    * ``adjacent``: written right next to the name ("the Helsinki Final Act of 1975", "the
      1975 Helsinki Final Act", "the Founding Act (1997)", "the CFE Treaty (CFE) of 1990"),
      or inside it ("the Great Patriotic War of 1941-1945": the first year);
    * ``nearby``: the first date after the name, joined by "of"/"in"/"on" within the same
      clause (no punctuation in between) and with no other agreement in between ("the
      Founding Act ... between Russia and NATO of 1997", "the Astana Declaration of the
      OSCE Summit in 2010");
    * ``same sentence``: only the nearest date of the sentence (often another event's);
    * empty: no date in the sentence -- the method does not know when it was signed.

    ``texts`` (a corpus or ``doc_id -> text``) is needed to read the words between a name
    and a date; without it every link is ``same sentence``. With ``register_only`` (the
    default) only register actors count: names typed ``agreement``/``event`` by named-entity
    recognition alone (``unlinked:article 51``, ``unlinked:olympics``) are left out.

    The year is the one *written next to* the name, not necessarily when the agreement was
    signed: "the INF Treaty in 2019" is the year the United States left it.
    """
    named = actor_mentions[actor_mentions["actor_type"].isin(types)]
    if register_only:
        named = named[~named["actor_id"].astype(str).str.startswith(("unlinked:", "ambiguous:"))]
    refs_by_sentence: dict[tuple, list[dict]] = {
        key: group[["start", "end", "date", "year"]].to_dict("records")
        for key, group in references.groupby(["doc_id", "sentence_id"], sort=False)}
    names_by_sentence: dict[tuple, list[tuple[int, int]]] = {
        key: list(zip(group["start"].astype(int), group["end"].astype(int)))
        for key, group in named.groupby(["doc_id", "sentence_id"], sort=False)}
    doc_dates = dict(zip(references["doc_id"], references["doc_date"]))
    if isinstance(texts, Corpus):
        doc_dates.update({d.doc_id: d.meta.get("date", "") or "" for d in texts})
    rows = []
    for mention in named.itertuples(index=False):
        key = (mention.doc_id, mention.sentence_id)
        start, end = int(mention.start), int(mention.end)
        text = None
        if texts is not None:
            try:
                text = texts[mention.doc_id].text if isinstance(texts, Corpus) else texts[mention.doc_id]
            except KeyError:
                text = None
        others = [(s, e) for s, e in names_by_sentence.get(key, []) if (s, e) != (start, end)]
        ref, link = _date_for(refs_by_sentence.get(key, []), start, end, text, others)
        rows.append({"doc_id": mention.doc_id, "sentence_id": mention.sentence_id,
                     "start": start, "end": end, "actor_id": mention.actor_id,
                     "name": mention.actor_name, "type": mention.actor_type,
                     "date": ref["date"] if ref is not None else "",
                     "year": int(ref["year"]) if ref is not None else None,
                     "link": link, "doc_date": doc_dates.get(mention.doc_id, "")})
    frame = pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)
    frame["year"] = frame["year"].astype("Int64")
    return frame.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def agreement_dates(agreements: pd.DataFrame) -> pd.DataFrame:
    """One row per named agreement or event: how often it is named, and with which years.

    ``agreements`` is :func:`agreements_on_timeline`. Columns: actor_id, name, type,
    mentions, documents, dated (mentions with a date ``adjacent`` to or ``nearby`` the
    name), year (the year written most often with it; ties: the earliest), years (every
    such year, ";"-joined). Sorted by year (undated last), then name. A year that is not
    ``adjacent`` or ``nearby`` (only in the same sentence) is not used.
    """
    columns = ["actor_id", "name", "type", "mentions", "documents", "dated", "year", "years"]
    if agreements.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for actor_id, group in agreements.groupby("actor_id", sort=True):
        adjacent = group[group["link"].isin(["adjacent", "nearby"]) & group["year"].notna()]
        years = adjacent["year"].astype(int)
        counts = years.value_counts()
        year = min(y for y in counts.index if counts[y] == counts.max()) if len(counts) else None
        rows.append({"actor_id": actor_id, "name": group["name"].iloc[0], "type": group["type"].iloc[0],
                     "mentions": len(group), "documents": group["doc_id"].nunique(),
                     "dated": len(adjacent), "year": year,
                     "years": ";".join(str(y) for y in sorted(set(years)))})
    table = pd.DataFrame(rows, columns=columns)
    table["year"] = table["year"].astype("Int64")
    return table.sort_values(["year", "name"], na_position="last", kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------------------
# summaries
# ---------------------------------------------------------------------------------------

def references_by_decade(references: pd.DataFrame) -> pd.DataFrame:
    """Dated references per decade referred to: references, documents, share of all references.

    ``decade`` is the first year of the decade (1970 for 1970-1979). Sorted by decade.
    """
    columns = ["decade", "references", "documents", "share"]
    if references.empty:
        return pd.DataFrame(columns=columns)
    decades = (references["year"].astype(int) // 10 * 10).astype(int)
    table = (references.assign(decade=decades)
             .groupby("decade")
             .agg(references=("text", "size"), documents=("doc_id", "nunique"))
             .reset_index())
    table["share"] = table["references"] / table["references"].sum()
    return table[columns].sort_values("decade").reset_index(drop=True)


def document_lags(references: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per document: its own date (and whether stated), and how far back its references reach.

    ``documents`` is :func:`analysis.corpus.documents_table` (doc_id, date, date_basis).
    Columns: doc_id, date, date_status, references, earliest (year), median_lag and
    max_lag (years between the document's year and the referenced years; empty without a
    document date), past_10 (references at least 10 years before the document).
    Documents without references are kept (references 0). Sorted by date, then doc_id.
    """
    columns = ["doc_id", "date", "date_status", "references", "earliest", "median_lag",
               "max_lag", "past_10"]
    docs = documents[["doc_id", "date", "date_basis"]].copy()
    docs["date"] = docs["date"].fillna("").astype(str)
    docs["date_status"] = docs["date_basis"].map(date_status)
    rows = []
    for doc in docs.itertuples(index=False):
        refs = references[references["doc_id"] == doc.doc_id]
        lags = refs["lag_years"].dropna().astype(float)
        rows.append({"doc_id": doc.doc_id, "date": doc.date, "date_status": doc.date_status,
                     "references": len(refs),
                     "earliest": int(refs["year"].min()) if len(refs) else None,
                     "median_lag": float(lags.median()) if len(lags) else None,
                     "max_lag": int(lags.max()) if len(lags) else None,
                     "past_10": int((lags >= 10).sum())})
    table = pd.DataFrame(rows, columns=columns)
    for column in ("earliest", "max_lag"):
        table[column] = table[column].astype("Int64")
    table["median_lag"] = table["median_lag"].astype(float)
    return table.sort_values(["date", "doc_id"], kind="stable").reset_index(drop=True)


#: Bands of ``lag_years`` (document year minus referenced year): label, lowest, highest.
LAG_BANDS: list[tuple[str, float, float]] = [
    ("looks ahead", -float("inf"), -1), ("same year", 0, 0), ("1-4 years back", 1, 4),
    ("5-19 years back", 5, 19), ("20-49 years back", 20, 49), ("50+ years back", 50, float("inf")),
]


def lag_bands(references: pd.DataFrame) -> pd.DataFrame:
    """How far back (or ahead) the references point, in bands of :data:`LAG_BANDS`.

    Columns: band, references, documents, share (of all references), examples (the three
    referenced dates most often written in the band, ";"-joined). References of documents
    without a date are counted in a last band, ``no document date``. Every band is listed,
    also when empty, in the order of :data:`LAG_BANDS`.
    """
    columns = ["band", "references", "documents", "share", "examples"]
    total = len(references)
    rows = []
    lags = references["lag_years"] if total else pd.Series(dtype="Int64")
    bands = [(label, (lags >= low) & (lags <= high)) for label, low, high in LAG_BANDS]
    bands.append(("no document date", lags.isna()))
    for label, mask in bands:
        part = references[mask.fillna(False).astype(bool)] if total else references
        counts = part["text"].value_counts() if len(part) else pd.Series(dtype=int)
        examples = sorted(counts.index, key=lambda t: (-counts[t], t))[:3]
        rows.append({"band": label, "references": len(part), "documents": part["doc_id"].nunique(),
                     "share": len(part) / total if total else 0.0, "examples": "; ".join(examples)})
    table = pd.DataFrame(rows, columns=columns)
    if not table.loc[table["band"] == "no document date", "references"].sum():
        table = table[table["band"] != "no document date"]
    return table.reset_index(drop=True)


def documents_span(documents: pd.DataFrame) -> tuple[int, int] | None:
    """The years the documents' own dates cover: ``(first year, last year + 1)``, or None
    when no document has a date (to shade "when the documents were written" on a chart).

    >>> documents_span(pd.DataFrame({"date": ["2022-12-15", "2025", ""]}))
    (2022, 2026)
    """
    years = [y for y in (_doc_year(str(d)) for d in documents["date"].fillna("")) if y is not None]
    return (min(years), max(years) + 1) if years else None


# ---------------------------------------------------------------------------------------
# what the method leaves out: relative dates
# ---------------------------------------------------------------------------------------

_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH_NAME = (r"(?:January|February|March|April|May|June|July|August|September|October|"
               r"November|December)")
_NUMBER_WORD = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|" \
               r"several|a few|few|many|some|fifteen|twenty|thirty|forty|fifty|a hundred)"
_UNIT = r"(?:days?|weeks?|months?|years?|decades?|centuries|century)"
_RELATIVE_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("ago", re.compile(rf"\b{_NUMBER_WORD}\s+(?:{_UNIT})\s+ago\b", re.IGNORECASE)),
    # month and weekday names only capitalised: "this May", not "this may be"
    ("last/next", re.compile(rf"\b(?i:last|next|this|previous|coming|past)\s+(?:(?i:{_UNIT}|spring|summer|"
                             rf"autumn|fall|winter)|{_MONTH_NAME}|{_WEEKDAY})\b")),
    ("weekday", re.compile(rf"\b(?i:on|last|next|this)\s+{_WEEKDAY}\b")),
    ("yesterday/today", re.compile(r"\b(?:yesterday|tomorrow|the day before yesterday)\b", re.IGNORECASE)),
    ("month without year", re.compile(rf"\b(?i:in|on|since|until|by|early|late|mid-?)\s*{_MONTH_NAME}\b"
                                      rf"(?!\s*(?:\d{{1,2}},?\s*)?(?:1[6-9]|20)\d\d)")),
]


def relative_references(corpus: Corpus) -> pd.DataFrame:
    """Relative time expressions the timeline does not place: "two years ago", "last December",
    "on Tuesday", "yesterday", "in March" (a month without a year).

    One row per expression: doc_id, sentence_id, start, end, text, kind. They are listed to
    show what :func:`dated_references` leaves out, not resolved: "last year" needs the date
    the words were spoken, and a document's date is sometimes only inferred.
    """
    rows = []
    for document in corpus:
        for sentence in document.sentences:
            clean = sentence.clean_text
            taken: list[tuple[int, int]] = [(m.start, m.end) for m in find_dates(clean)]
            for kind, pattern in _RELATIVE_PATTERNS:
                for match in pattern.finditer(clean):
                    s, e = match.span()
                    if any(s < b and a < e for a, b in taken):
                        continue
                    taken.append((s, e))
                    start, end = sentence.original_span(s, e)
                    rows.append({"doc_id": document.doc_id, "sentence_id": sentence.sentence_id,
                                 "start": start, "end": end, "text": document.text[start:end],
                                 "kind": kind})
    frame = pd.DataFrame(rows, columns=["doc_id", "sentence_id", "start", "end", "text", "kind"])
    return frame.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)
