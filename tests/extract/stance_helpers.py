"""Helpers of the stance tests: the readings of one parsed sentence and the statements
of one small document (shared by the test modules of :mod:`analysis.extract.stance`)."""

from __future__ import annotations

from analysis.corpus import corpus_from_texts
from analysis.extract.document import NEEDS_SYNTAX, extract_document
from analysis.extract.stance import sentence_stances
from analysis.lexicon import FrameLexicon
from analysis.register import ActorRegister


def readings(nlp, text: str, frame_id: str) -> list[tuple[str, str]]:
    """(stance, method) of every mention of ``frame_id`` in ``text``, parsed."""
    doc = nlp(text)
    assert doc.has_annotation("DEP")
    return [(r.stance, r.method) for r in sentence_stances(doc) if r.frame_id == frame_id]


def stance(nlp, text: str, frame_id: str) -> str:
    """The stance of the one mention of ``frame_id`` in ``text``."""
    found = readings(nlp, text, frame_id)
    assert len(found) == 1, (text, found)
    return found[0][0]


def statements(nlp, register: ActorRegister, lexicon: FrameLexicon, text: str,
               meta: str | dict) -> list[tuple[str, str, str, str]]:
    """(frame_id, actor_id, actor_role, stance) of the statements of one document; ``meta``
    is its metadata or just its voice."""
    from analysis.nlp import iter_parsed

    corpus = corpus_from_texts({"d": text}, {"d": {"voice": meta} if isinstance(meta, str) else meta})
    (document, parsed), = iter_parsed(corpus, nlp, cache=False, needs_syntax=NEEDS_SYNTAX)
    rows = extract_document(document, parsed, register, lexicon)["statements"]
    return [(r["frame_id"], r["actor_id"], r["actor_role"], r["stance"]) for r in rows]
