"""Stage 6: the speaker and voice of every character range of a document.

:func:`speaker_spans` partitions every sentence into spans whose ``voice`` is ``quoted``
(inside a direct quotation or an epigraph), ``reported`` (inside a reported clause) or
``narrator`` (the turn's speaker in a transcript, else the document's voice), from the
``quotes`` rows; :func:`speaker_at` looks one position up. These spans are what
:func:`~analysis.extract.quotes.tables.attach_speakers` joins to frame mentions, so that a
framing term is counted under whoever says it.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.corpus import Document
from analysis.register import ActorRegister
from analysis.extract.quotes.roles import register_or_default
from analysis.extract.quotes.structures import rows_of
from analysis.schema import is_missing
from analysis.extract.quotes.transcripts import narrator_ids, register_names

__all__ = ["speaker_spans", "speaker_at"]


def speaker_spans(document: Document, quotes: Sequence[Mapping[str, Any]] | pd.DataFrame, *,
                  register: ActorRegister | None = None) -> list[dict]:
    """Partition every sentence of ``document`` into spans with a speaker and a voice.

    ``voice`` is ``quoted`` inside a direct quotation (or an epigraph), ``reported``
    inside a reported clause (not one ``according_to`` a document or data with no
    speaker: the narrator relays that; nor a row of the learned model, ``method``
    ``model``: see :mod:`.learned`), ``narrator`` elsewhere, where ``speaker_id`` is the turn's
    speaker in a transcript and otherwise the document's ``voice`` (manifest). When spans
    nest, the innermost wins: a direct quote inside a reported clause is ``quoted``.
    ``quote_id`` names the quote row a span comes from (None for narration). The quote
    marks themselves are narration. In a transcript the text outside every turn (its
    title line) has ``speaker_id`` None. ``register`` (default: the packaged one) turns
    turn labels into ids exactly as :func:`extract_quotes` does.

    >>> from analysis.corpus import corpus_from_texts
    >>> doc = corpus_from_texts({"d": "Lavrov said that it is over."}, {"d": {"voice": "reporter"}})["d"]
    >>> q = [{"start": 17, "end": 27, "kind": "indirect", "speaker_id": "lavrov", "quote_id": 0}]
    >>> [(s["start"], s["end"], s["speaker_id"], s["voice"]) for s in speaker_spans(doc, q)]
    [(0, 17, 'reporter', 'narrator'), (17, 27, 'lavrov', 'reported'), (27, 28, 'reporter', 'narrator')]
    """
    rows_q = rows_of(quotes)
    register = register_or_default(register)
    narrators = narrator_ids(document, register_names(register), register)
    # Layers: reported clauses (priority 1) under direct quotes (priority 2).
    layers = []
    for r in rows_q:
        if is_missing(r.get("start")) or is_missing(r.get("end")):
            continue
        prio = 2 if r.get("kind") == "direct" else 1
        sid = None if is_missing(r.get("speaker_id")) else r.get("speaker_id")
        if sid is None and r.get("kind") == "according_to":
            continue  # what a poll or a document shows, no one saying it: the narrator relays it
        if r.get("method") == "model":
            # The learned model's rows are attributions of acts as much as of words
            # ("NATO ignored the formula of indivisible security"): the framing term is the
            # narrator's, not NATO's. Voice counts words said, so the rules' rows alone set it.
            continue
        layers.append((int(r["start"]), int(r["end"]), prio, sid,
                       "quoted" if prio == 2 else "reported", r.get("quote_id")))
    layers.sort(key=lambda x: (x[0], -x[1]))
    out: list[dict] = []
    for s in document.sentences:
        narrator_id, _ = narrators.get(s.paragraph_id, (document.meta.get("voice") or None, None))
        here = [lay for lay in layers if lay[0] < s.end and s.start < lay[1]]
        cuts = {s.start, s.end}
        for lay in here:
            cuts.update(x for x in (lay[0], lay[1]) if s.start < x < s.end)
        bounds = sorted(cuts)
        pieces: list[list] = []
        for a, b in zip(bounds, bounds[1:]):
            cover = [lay for lay in here if lay[0] <= a and b <= lay[1]]
            if cover:
                # Innermost: highest priority, then the narrowest span.
                best = max(cover, key=lambda lay: (lay[2], -(lay[1] - lay[0])))
                key = (best[3], best[4], best[5])
            else:
                key = (narrator_id, "narrator", None)
            if pieces and pieces[-1][2:] == list(key):
                pieces[-1][1] = b
            else:
                pieces.append([a, b, *key])
        for a, b, sid, v, qid in pieces:
            out.append({"doc_id": document.doc_id, "paragraph_id": s.paragraph_id,
                        "sentence_id": s.sentence_id, "start": a, "end": b, "speaker_id": sid,
                        "voice": v, "quote_id": None if is_missing(qid) else int(qid)})
    return out




def speaker_at(spans: pd.DataFrame, doc_id: str, start: int, end: int | None = None) -> tuple[str | None, str]:
    """(speaker_id, voice) of the text at ``start`` in ``doc_id`` (narrator, None outside).

    A span of text belongs to the span holding its first character (``end`` is accepted
    so callers can pass a mention's offsets as they are).

    >>> spans = pd.DataFrame({"doc_id": ["d", "d"], "start": [0, 10], "end": [10, 20],
    ...                       "speaker_id": ["reporter", "lavrov"], "voice": ["narrator", "quoted"]})
    >>> speaker_at(spans, "d", 12, 15)
    ('lavrov', 'quoted')
    """
    hit = spans[(spans["doc_id"] == doc_id) & (spans["start"] <= start) & (start < spans["end"])]
    if not len(hit):
        return None, "narrator"
    row = hit.iloc[int(np.argmin((hit["end"] - hit["start"]).to_numpy()))]
    sid = None if is_missing(row["speaker_id"]) else row["speaker_id"]
    return sid, str(row["voice"])
