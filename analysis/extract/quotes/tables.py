"""The ``quotes`` and ``speaker_spans`` tables: their columns, one row, DataFrames, joins.

A ``quotes`` row (:data:`QUOTE_COLUMNS`) is one direct quotation (per paragraph, per
part of a split quote) or one reported clause, with its original character offsets
(``document.text[start:end] == text``), its speaker and its cue (:func:`quote_row`);
:func:`quotes_table` and :func:`speaker_spans_table` make the typed DataFrames, and
:func:`attach_speakers` joins speaker spans to any table of (doc_id, start, end) rows.

>>> list(quotes_table([]).columns) == QUOTE_COLUMNS
True
>>> str(speaker_spans_table([]).dtypes["quote_id"])
'Int64'
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.corpus import Document
from analysis.extract.quotes.structures import Cue, ProseParagraph, Speaker
from analysis.schema import QUOTE_COLUMNS, SPEAKER_SPAN_COLUMNS

__all__ = [
    "quote_row", "quotes_table", "speaker_spans_table",
    "attach_speakers",
]



def quote_row(document: Document, para: ProseParagraph, a: int, b: int, kind: str, speaker: Speaker | None,
              cue: Cue | None, cue_para: ProseParagraph | None = None) -> dict:
    """A ``quotes`` row for the paragraph-text span ``[a, b)`` of ``para`` (``quote_id``
    -1 until the document's rows are numbered); the cue's tokens are in ``cue_para``
    (default ``para``)."""
    start, end = para.original_span(a, b)
    row = {
        "doc_id": document.doc_id, "paragraph_id": para.paragraph.paragraph_id, "quote_id": -1,
        "start": start, "end": end, "text": document.text[start:end], "kind": kind,
        "speaker_id": None, "speaker_name": None, "speaker_text": None,
        "speaker_start": None, "speaker_end": None, "cue": None, "cue_start": None, "cue_end": None, "resolution": "none",
        "method": "rule",
    }
    if speaker is not None:
        row.update(speaker_id=speaker.speaker_id, speaker_name=speaker.speaker_name,
                   speaker_text=speaker.speaker_text, resolution=speaker.resolution)
        if speaker.start is not None and speaker.end is not None:
            row.update(speaker_start=speaker.start, speaker_end=speaker.end,
                       speaker_text=document.text[speaker.start:speaker.end])
    if cue is not None:
        cp = cue_para or para
        toks = cp.tokens
        c0, c1 = cp.original_span(toks[cue.v0].start, toks[cue.v1 - 1].end)
        row.update(cue=document.text[c0:c1], cue_start=c0, cue_end=c1)
    return row


def speaker_spans_table(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Rows of :func:`speaker_spans` as a DataFrame with :data:`SPEAKER_SPAN_COLUMNS`."""
    frame = pd.DataFrame(list(rows), columns=SPEAKER_SPAN_COLUMNS)
    frame["quote_id"] = frame["quote_id"].astype("Int64")
    return frame


def quotes_table(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Rows of :func:`extract_quotes` as a DataFrame with :data:`QUOTE_COLUMNS`."""
    frame = pd.DataFrame(list(rows), columns=QUOTE_COLUMNS)
    for column in ("speaker_start", "speaker_end", "cue_start", "cue_end"):
        frame[column] = frame[column].astype("Int64")
    return frame


def attach_speakers(rows: pd.DataFrame, spans: pd.DataFrame) -> pd.DataFrame:
    """Add ``speaker_id`` and ``voice`` to rows with (doc_id, start, end) from speaker spans.

    A row takes the span holding its first character (spans partition sentences, so
    there is one; if spans overlap the narrowest wins). Rows outside every span get
    ``speaker_id`` None and ``voice`` "narrator". Vectorised per document.

    >>> fm = pd.DataFrame({"doc_id": ["d", "d", "e"], "start": [3, 12, 0], "end": [8, 15, 4]})
    >>> spans = pd.DataFrame({"doc_id": ["d", "d"], "start": [0, 10], "end": [10, 20],
    ...                       "speaker_id": ["reporter", "lavrov"], "voice": ["narrator", "quoted"]})
    >>> attach_speakers(fm, spans)[["speaker_id", "voice"]].values.tolist()
    [['reporter', 'narrator'], ['lavrov', 'quoted'], [None, 'narrator']]
    """
    out = rows.copy()
    speaker = np.full(len(out), None, dtype=object)
    voice = np.full(len(out), "narrator", dtype=object)
    if len(out) and spans is not None and len(spans):
        positions = out.groupby("doc_id").indices
        for doc_id, group in spans.groupby("doc_id"):
            idx = positions.get(doc_id)
            if idx is None:
                continue
            s_start = group["start"].to_numpy(dtype=np.int64)
            s_end = group["end"].to_numpy(dtype=np.int64)
            width = (s_end - s_start).astype(float)
            m_start = out["start"].to_numpy(dtype=np.int64)[idx]
            # Chunked to keep the (mentions x spans) matrix small on long documents.
            sp_ids = group["speaker_id"].to_numpy(dtype=object)
            sp_voice = group["voice"].to_numpy(dtype=object)
            order = np.argsort(s_start, kind="stable")
            sorted_start = s_start[order]
            for chunk in range(0, len(idx), 2048):
                part = m_start[chunk:chunk + 2048]
                # Candidate spans start at or before the mention; check containment.
                upto = np.searchsorted(sorted_start, part, side="right")
                best = np.full(len(part), -1)
                best_w = np.full(len(part), np.inf)
                for back in range(1, 4):  # a partition: the last span starting before holds it
                    cand = upto - back
                    ok = cand >= 0
                    cidx = order[np.where(ok, cand, 0)]
                    inside = ok & (s_end[cidx] > part) & (width[cidx] < best_w)
                    best = np.where(inside, cidx, best)
                    best_w = np.where(inside, width[cidx], best_w)
                found = best >= 0
                target = idx[chunk:chunk + 2048]
                speaker[target[found]] = sp_ids[best[found]]
                voice[target[found]] = sp_voice[best[found]]
    out["speaker_id"] = pd.Series(speaker, index=out.index, dtype=object)
    out["voice"] = voice
    out["speaker_id"] = out["speaker_id"].where(out["speaker_id"].notna(), None)
    return out
