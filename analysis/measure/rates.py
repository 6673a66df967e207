"""Frame mentions per 1,000 words, by document, kind of document, speaker or period.

Everything works from tables (``frame_mentions`` and ``documents`` as written to Parquet),
so rates never need the texts parsed again. Every result is tidy and ready to plot: one
row per (group, frame) with ``mentions``, ``words`` and ``per_1000``; frames a group
never mentions are there with zero, so a chart shows them as zero rather than leaving
them out.

Words are counted one way everywhere: :func:`analysis.corpus.count_words` on the clean
text of the analysed sentences (runs of letters with inner apostrophes and hyphens:
"Russia's non-aggression pact" is 3 words). Footnotes, tables and header lines are not
sentences, so neither their words nor their frame mentions are counted.

>>> fm = pd.DataFrame({"doc_id": ["a", "a", "b"], "frame_id": ["reciprocity"] * 3})
>>> docs = pd.DataFrame({"doc_id": ["a", "b"], "n_words": [500, 2000], "kind": ["news"] * 2})
>>> rates_by_document(fm, docs, frames=["reciprocity", "sanctions"])
  doc_id     frame_id  mentions  words  per_1000
0      a  reciprocity         2    500       4.0
1      a    sanctions         0    500       0.0
2      b  reciprocity         1   2000       0.5
3      b    sanctions         0   2000       0.0
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd


__all__ = [
    "document_periods", "frame_rates", "NO_SPEAKER", "RATE_COLUMNS", "rates_by_document",
    "rates_by_kind", "rates_by_period", "rates_by_speaker", "SPAN_WORD_COLUMNS",
    "span_words", "speaker_word_counts", "words_by_voice",
]

RATE_COLUMNS = ["frame_id", "mentions", "words", "per_1000"]
NO_SPEAKER = "(none)"  # text outside every speaker span: the narrator's/author's own words

# The same definition as analysis.corpus.count_words, kept here to *locate* words (not
# just count them) when attributing them to speakers; a test checks the two agree.
_WORD_RE = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*")


def _frame_order(frame_mentions: pd.DataFrame, frames: Sequence[str] | None) -> list[str]:
    """The frames to report: the given ones, else the lexicon's, plus any others found."""
    if frames is None:
        from analysis.lexicon import default_lexicon

        frames = default_lexicon().frame_ids
    order = list(dict.fromkeys(frames))
    if "frame_id" in frame_mentions and frames is None:
        order += sorted(set(frame_mentions["frame_id"].dropna()) - set(order))
    return order


def frame_rates(
    frame_mentions: pd.DataFrame,
    words: pd.DataFrame,
    by: str,
    *,
    frames: Sequence[str] | None = None,
    decimals: int = 2,
) -> pd.DataFrame:
    """Mentions per 1,000 words of every frame in every group of ``by``.

    ``frame_mentions`` needs ``by`` and ``frame_id``; ``words`` needs ``by`` and
    ``n_words`` (several rows per group are summed). Groups keep the order in which
    they appear in ``words``; frames keep the lexicon's order (or ``frames``). Mentions
    of frames not in ``frames`` are dropped when ``frames`` is given. A group with no
    words has ``per_1000`` NaN.
    """
    for name, table, cols in (("frame_mentions", frame_mentions, [by, "frame_id"]),
                              ("words", words, [by, "n_words"])):
        missing = [c for c in cols if c not in table.columns]
        if missing and not (name == "frame_mentions" and len(table) == 0):
            raise ValueError(f"{name} lacks column(s) {missing}")
    order = _frame_order(frame_mentions, frames)
    totals = words.groupby(by, sort=False, dropna=False)["n_words"].sum()
    groups = list(totals.index)
    if len(frame_mentions):
        counts = frame_mentions.groupby([by, "frame_id"], dropna=False).size()
    else:
        counts = pd.Series(dtype="int64")
    grid = pd.MultiIndex.from_product([groups, order], names=[by, "frame_id"])
    out = pd.DataFrame(index=grid).reset_index()
    out["mentions"] = counts.reindex(grid, fill_value=0).to_numpy().astype("int64")
    out["words"] = totals.reindex(out[by]).to_numpy().astype("int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(out["words"] > 0, out["mentions"] * 1000.0 / out["words"], np.nan)
    out["per_1000"] = np.round(rate, decimals)
    return out[[by] + RATE_COLUMNS]


def rates_by_document(
    frame_mentions: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    frames: Sequence[str] | None = None,
    decimals: int = 2,
) -> pd.DataFrame:
    """Frame rates per document (``documents`` needs ``doc_id`` and ``n_words``)."""
    return frame_rates(frame_mentions, documents[["doc_id", "n_words"]], "doc_id",
                       frames=frames, decimals=decimals)


def _with_doc_column(frame_mentions: pd.DataFrame, documents: pd.DataFrame, column: str) -> pd.DataFrame:
    """Bring a documents column (kind, period, ...) onto the mentions by doc_id."""
    lookup = documents.set_index("doc_id")[column]
    out = frame_mentions.copy()
    out[column] = out["doc_id"].map(lookup) if len(out) else pd.Series(dtype=object)
    return out


def rates_by_kind(
    frame_mentions: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    frames: Sequence[str] | None = None,
    decimals: int = 2,
) -> pd.DataFrame:
    """Frame rates per kind of document (news, analysis, transcript, ...), kinds sorted.

    >>> fm = pd.DataFrame({"doc_id": ["a", "b", "c"], "frame_id": ["sanctions"] * 3})
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "n_words": [1000, 3000, 500],
    ...                      "kind": ["news", "news", "analysis"]})
    >>> rates_by_kind(fm, docs, frames=["sanctions"])[["kind", "mentions", "words", "per_1000"]].values.tolist()
    [['analysis', 1, 500, 2.0], ['news', 2, 4000, 0.5]]
    """
    docs = documents[["doc_id", "n_words", "kind"]].copy()
    docs["kind"] = docs["kind"].replace("", np.nan).fillna("unknown").astype(str)
    docs = docs.sort_values("kind", kind="stable")
    fm = _with_doc_column(frame_mentions, docs, "kind")
    return frame_rates(fm, docs, "kind", frames=frames, decimals=decimals)


def speaker_word_counts(speaker_spans: pd.DataFrame, corpus: Iterable[Any]) -> pd.DataFrame:
    """Words each speaker says: ``speaker_id``, ``n_words`` (one row per speaker).

    A word belongs to the speaker span that holds its first character, the narrowest
    when spans nest (a quote inside a turn), the same rule as
    :func:`analysis.extract.quotes.attach_speakers`, so mentions and words are attributed alike.
    Words outside every span are counted for ``"(none)"`` (the narrator or author).
    Only words of the analysed sentences count, as in ``documents.n_words``; the totals
    over speakers therefore add up to the corpus's word count.

    ``corpus`` is a Corpus or any iterable of documents (``doc_id``, ``text``,
    ``sentences``).
    """
    spans_by_doc = {d: g for d, g in speaker_spans.groupby("doc_id")} if len(speaker_spans) else {}
    totals: dict[str, int] = {}
    for document in corpus:
        owner = np.full(len(document.text) + 1, -1, dtype=np.int64)
        spans = spans_by_doc.get(document.doc_id)
        ids: list[str] = []
        if spans is not None:
            spans = spans.assign(_w=spans["end"] - spans["start"]).sort_values("_w", ascending=False)
            for k, (s, e, sid) in enumerate(zip(spans["start"], spans["end"], spans["speaker_id"])):
                owner[int(s):int(e)] = k  # narrower spans, written later, win
                ids.append(NO_SPEAKER if pd.isna(sid) or sid == "" else str(sid))
        for sentence in document.sentences:
            for m in _WORD_RE.finditer(sentence.clean_text):
                k = owner[sentence.to_original(m.start())]
                sid = ids[k] if k >= 0 else NO_SPEAKER
                totals[sid] = totals.get(sid, 0) + 1
    out = pd.DataFrame(sorted(totals.items()), columns=["speaker_id", "n_words"])
    return out.astype({"n_words": "int64"})


def rates_by_speaker(
    frame_mentions: pd.DataFrame,
    speaker_words: pd.DataFrame,
    *,
    frames: Sequence[str] | None = None,
    min_words: int = 0,
    decimals: int = 2,
) -> pd.DataFrame:
    """Frame rates per speaker; ``speaker_words`` from :func:`speaker_word_counts`.

    Mentions without a speaker (narrator) are grouped as ``"(none)"``, like their words.
    Speakers with fewer than ``min_words`` words are left out (their rates are noise).
    Speakers are sorted by words, most first.
    """
    if "speaker_id" not in frame_mentions.columns and len(frame_mentions):
        raise ValueError("frame_mentions lacks 'speaker_id': join speakers first (attach_speakers)")
    fm = frame_mentions.copy()
    if len(fm):
        fm["speaker_id"] = fm["speaker_id"].replace("", np.nan).fillna(NO_SPEAKER).astype(str)
    sw = speaker_words[["speaker_id", "n_words"]].copy()
    sw["speaker_id"] = sw["speaker_id"].replace("", np.nan).fillna(NO_SPEAKER).astype(str)
    sw = sw.groupby("speaker_id", as_index=False)["n_words"].sum()
    sw = sw[sw["n_words"] >= min_words].sort_values(["n_words", "speaker_id"], ascending=[False, True])
    return frame_rates(fm, sw, "speaker_id", frames=frames, decimals=decimals)


_PRECISION = {"Y": 4, "A": 4, "Q": 7, "M": 7}  # characters of an ISO date each freq needs


def document_periods(documents: pd.DataFrame, freq: str = "Y") -> pd.Series:
    """Period label ("2023", "2023Q2", "2023-05") of each document, NaN when unknown.

    Dates may be partial ("2025", "2025-12"); a document is placed only if its date is
    precise enough for ``freq`` (a date of "2025" has no quarter).

    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "date": ["2022-02-24", "2025", ""]})
    >>> document_periods(docs, "Q").tolist()
    ['2022Q1', nan, nan]
    """
    freq = freq.upper()
    if freq not in _PRECISION:
        raise ValueError(f"freq must be one of 'Y', 'Q', 'M', not {freq!r}")
    need = _PRECISION[freq]
    period_freq = "Y" if freq == "A" else freq

    def label(value: Any) -> Any:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return np.nan
        if isinstance(value, (pd.Timestamp, np.datetime64)) or hasattr(value, "year"):
            return str(pd.Period(pd.Timestamp(value), freq=period_freq))
        text = str(value).strip()
        if not re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", text) or len(text) < need:
            return np.nan
        return str(pd.Period(text, freq=period_freq))

    return documents["date"].map(label)


def rates_by_period(
    frame_mentions: pd.DataFrame,
    documents: pd.DataFrame,
    freq: str = "Y",
    *,
    frames: Sequence[str] | None = None,
    decimals: int = 2,
) -> pd.DataFrame:
    """Frame rates per year (``"Y"``), quarter (``"Q"``) or month (``"M"``), in time order.

    ``documents`` needs ``doc_id``, ``n_words`` and ``date``. Only periods that have
    documents appear (a gap in the corpus is a gap in the timeline, not a zero rate).
    Documents whose date is missing or too vague for ``freq`` are left out and listed in
    ``result.attrs["undated"]``. Adds ``period_start`` (a Timestamp) for plotting.

    >>> fm = pd.DataFrame({"doc_id": ["a", "b"], "frame_id": ["multipolarity"] * 2})
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "n_words": [1000, 4000],
    ...                      "date": ["2023-03-01", "2022-12-31"]})
    >>> rates_by_period(fm, docs, "Y", frames=["multipolarity"])[["period", "per_1000"]].values.tolist()
    [['2022', 0.25], ['2023', 1.0]]
    """
    docs = documents[["doc_id", "n_words", "date"]].copy()
    docs["period"] = document_periods(docs, freq)
    undated = docs.loc[docs["period"].isna(), "doc_id"].tolist()
    docs = docs.dropna(subset=["period"])
    period_freq = "Y" if freq.upper() == "A" else freq.upper()
    docs["_start"] = [pd.Period(p, freq=period_freq).start_time for p in docs["period"]]
    docs = docs.sort_values("_start", kind="stable")
    fm = _with_doc_column(frame_mentions, docs, "period")
    if len(fm):
        fm = fm.dropna(subset=["period"])
    out = frame_rates(fm, docs, "period", frames=frames, decimals=decimals)
    starts = docs.drop_duplicates("period").set_index("period")["_start"]
    out.insert(1, "period_start", out["period"].map(starts))
    out.attrs["undated"] = undated
    return out


# ---------------------------------------------------------------------------------------
# words by speaker and voice (for keyness and voice shares)
# ---------------------------------------------------------------------------------------

SPAN_WORD_COLUMNS = ["doc_id", "speaker_id", "voice", "word"]


def span_words(speaker_spans: pd.DataFrame, corpus: Iterable[Any]) -> pd.DataFrame:
    """Every word of the analysed sentences, with the speaker and voice of the text it is in.

    One row per word: ``doc_id``, ``speaker_id`` (``"(none)"`` outside every span),
    ``voice`` (``quoted``/``reported``/``narrator``) and ``word`` (as written in the clean
    text). Words and spans are matched as in :func:`speaker_word_counts` (a word belongs to
    the narrowest span holding its first character), so counting the rows per speaker
    gives the same totals. Group the rows to count words per document and voice, or pass
    the words of two groups of speakers to :func:`analysis.measure.keyness.term_counts`.

    >>> from analysis.corpus import corpus_from_texts
    >>> corpus = corpus_from_texts({"d": 'Lavrov said: "Peace is indivisible."'})
    >>> spans = pd.DataFrame({"doc_id": ["d"], "start": [14], "end": [34],
    ...                       "speaker_id": ["lavrov"], "voice": ["quoted"]})
    >>> span_words(spans, corpus).values.tolist()[:3]
    [['d', '(none)', 'narrator', 'Lavrov'], ['d', '(none)', 'narrator', 'said'], ['d', 'lavrov', 'quoted', 'Peace']]
    """
    spans_by_doc = {d: g for d, g in speaker_spans.groupby("doc_id")} if len(speaker_spans) else {}
    doc_ids: list[str] = []
    speakers: list[str] = []
    voices: list[str] = []
    words: list[str] = []
    for document in corpus:
        owner = np.full(len(document.text) + 1, -1, dtype=np.int64)
        spans = spans_by_doc.get(document.doc_id)
        ids: list[str] = []
        span_voices: list[str] = []
        if spans is not None:
            spans = spans.assign(_w=spans["end"] - spans["start"]).sort_values("_w", ascending=False, kind="stable")
            for k, (s, e, sid, v) in enumerate(zip(spans["start"], spans["end"], spans["speaker_id"], spans["voice"])):
                owner[int(s):int(e)] = k  # narrower spans, written later, win
                ids.append(NO_SPEAKER if pd.isna(sid) or sid == "" else str(sid))
                span_voices.append("narrator" if pd.isna(v) or v == "" else str(v))
        for sentence in document.sentences:
            for m in _WORD_RE.finditer(sentence.clean_text):
                k = owner[sentence.to_original(m.start())]
                doc_ids.append(document.doc_id)
                speakers.append(ids[k] if k >= 0 else NO_SPEAKER)
                voices.append(span_voices[k] if k >= 0 else "narrator")
                words.append(m.group())
    return pd.DataFrame({"doc_id": doc_ids, "speaker_id": speakers, "voice": voices, "word": words},
                        columns=SPAN_WORD_COLUMNS)


def words_by_voice(words: pd.DataFrame, by: Sequence[str] = ("doc_id", "voice")) -> pd.DataFrame:
    """Words per group of :func:`span_words` rows (default: per document and voice).

    Returns the ``by`` columns and ``n_words``, sorted by the ``by`` columns.

    >>> w = pd.DataFrame({"doc_id": ["a", "a", "a"], "voice": ["narrator", "quoted", "quoted"]})
    >>> words_by_voice(w).values.tolist()
    [['a', 'narrator', 1], ['a', 'quoted', 2]]
    """
    by = list(by)
    if not len(words):
        return pd.DataFrame({**{c: pd.Series(dtype=object) for c in by}, "n_words": pd.Series(dtype="int64")})
    out = words.groupby(by, dropna=False).size().rename("n_words").reset_index()
    return out.sort_values(by, kind="stable").reset_index(drop=True).astype({"n_words": "int64"})
