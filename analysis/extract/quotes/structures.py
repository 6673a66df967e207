"""The working objects of the quote finder: tokens, mentions, quoted spans, cues, speakers.

A document is read one prose paragraph at a time (:class:`ProseParagraph`): its
sentences' ``clean_text`` joined by single spaces, so that a quotation may cross
sentence boundaries, with every spaCy token placed on that text (:class:`Token`). The
stages fill in the paragraph's possible speakers (:class:`Mention`), its spans between
quotation marks (:class:`QuotedSpan`) and its speech cues (:class:`Cue`); resolution
names a :class:`Speaker` for each. Nothing here is counted yet: these are the
intermediate objects that become ``quotes`` rows.

>>> speaker = Speaker("lavrov", "Sergey Lavrov", "Lavrov", "named", "m", True)
>>> speaker.speaker_id, speaker.resolution
('lavrov', 'named')
>>> unlinked_id("Amro Abdelhamid's"), is_person_type("Person")
('unlinked:amro abdelhamid', True)
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import pandas as pd

from analysis.corpus import Paragraph, Sentence
from analysis.extract.quotes.words import PERSON_ACTOR_TYPES
from analysis.schema import UNLINKED_PREFIX

__all__ = [
    "Token", "Mention", "Speaker", "QuotedSpan", "Cue", "ProseParagraph",
    "rows_of", "is_person_type", "unlinked_id",
]


@dataclass
class Token:
    """A spaCy token placed in its paragraph (``start``/``end`` index the paragraph's text)."""

    i: int
    text: str
    lower: str
    tag: str
    pos: str
    ent: str
    ent_iob: str
    ent_id: str
    start: int
    end: int
    sent: int
    quote: int = -1  # index of the quoted span whose content holds the token, -1 if none
    mark: bool = False  # the token is a quotation mark of a quoted span
    # The dependency parse, where the sentence has one (see ``syntax``): the relation to
    # the head and the head's paragraph token index (-1: no parse; a root heads itself).
    dep: str = ""
    head: int = -1
    lemma: str = ""


@dataclass
class Mention:
    """A possible speaker: an actor mention (or a spaCy entity) in a paragraph."""

    para: int
    t0: int
    t1: int
    actor_id: str | None
    name: str
    person: bool
    text: str
    method: str = "register"
    hint: bool = False  # a pronoun mention: used only when our own resolution fails
    actor_type: str = ""

    @property
    def key(self) -> tuple[int, int]:
        return self.para, self.t0


@dataclass
class Speaker:
    """Who speaks (an id, or None) and how that was found (``resolution``)."""

    speaker_id: str | None
    speaker_name: str | None
    speaker_text: str | None
    resolution: str
    gender: str | None = None
    person: bool = False
    # Original offsets of the mention that names the speaker where it speaks (the cue's
    # subject: "he" in "he said", "the ambassador"); ``speaker_text`` is that text.
    start: int | None = None
    end: int | None = None


@dataclass
class QuotedSpan:
    """A span between quotation marks in one paragraph (``a``/``b``: content, no marks)."""

    para: int
    open_at: int  # paragraph-text index of the opening mark
    close_at: int | None  # of the closing mark, None if left open at the paragraph's end
    a: int
    b: int
    single: bool
    continues_from: "QuotedSpan | None" = None
    accepted: bool = False
    speaker: Speaker | None = None
    cue: "Cue | None" = None
    how: str = ""
    row: dict | None = None


@dataclass
class Cue:
    """A speech cue in a paragraph: the cue words, its subject and what it introduces."""

    para: int
    v0: int
    v1: int
    form: str  # verb | participle | as | according | passive | noun | colon
    subject: tuple[int, int] | None = None  # token range of the speaker's noun phrase
    # The part of the subject that names the speaker, when narrower (the parse's head
    # phrase or its apposed name: "Algeria's ambassador, Amar Bendjama" -> "Amar Bendjama").
    core: tuple[int, int] | None = None
    source: tuple[int, int] | None = None  # a document NP the speech comes from
    comp: tuple[int, int] | None = None  # paragraph-text range of the reported clause
    comp_kind: str | None = None  # quote | that | clause | to | np | as | trailing | parenthetical
    quote_open: int | None = None  # the quote mark that directly follows the cue
    quote_sep: str = ""  # what stands between cue and that mark (":", ",", "that", "")
    sent: int = 0
    speaker: Speaker | None = None
    # What the cue reports: "speech" (say, warn, deny ...), "belief" (a cognition cue:
    # believe, want, fear ...), "naming" (call, dub: "called the vote 'a great day'") or
    # "evidence" (a document or data as the source: "a poll showed", "records indicate").
    sense: str = "speech"


@dataclass
class ProseParagraph:
    """A prose paragraph: its sentences joined by spaces into one matching text."""

    index: int
    paragraph: Paragraph
    sentences: list[Sentence]
    text: str
    offsets: list[int]
    tokens: list[Token]
    sent_tokens: list[tuple[int, int]]  # token range of every sentence
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[QuotedSpan] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    narrator: Speaker | None = None
    # A cue ending the paragraph with a colon: it introduces the next paragraph's quote.
    lead: Cue | None = None
    # Per sentence: whether it has a dependency parse; per token: its dependents.
    syntax: list[bool] = field(default_factory=list)
    children: list[list[int]] = field(default_factory=list)

    def sentence_at(self, k: int) -> int:
        """Index (in this paragraph) of the sentence holding paragraph-text index ``k``."""
        return max(bisect.bisect_right(self.offsets, k) - 1, 0)

    def to_original(self, k: int) -> int:
        """Original document offset of paragraph-text index ``k`` (a character position)."""
        s = self.sentence_at(k)
        return self.sentences[s].to_original(k - self.offsets[s])

    def quotes_within(self, a: int, b: int) -> list[QuotedSpan]:
        """The quoted spans of this paragraph inside paragraph-text range ``[a, b)`` (a
        closing mark just after ``b`` included): a report holding one quotes part of
        what was said (a ``mixed`` row)."""
        return [q for q in self.quotes if a <= q.a and q.b <= b + 1]

    def original_span(self, a: int, b: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the paragraph-text span ``[a, b)``."""
        if b <= a:
            point = self.to_original(a)
            return point, point
        return self.to_original(a), self.to_original(b - 1) + 1


def rows_of(actor_mentions: pd.DataFrame | Iterable[Mapping[str, Any]] | None) -> list[dict]:
    """Actor mention rows as dicts, from a DataFrame, a list of dicts or None."""
    if actor_mentions is None:
        return []
    if isinstance(actor_mentions, pd.DataFrame):
        return actor_mentions.to_dict("records") if len(actor_mentions) else []
    return [dict(r) for r in actor_mentions]


def is_person_type(actor_type: Any) -> bool:
    """Whether an ``actor_type`` value (register or NER spelling) means a person."""
    return isinstance(actor_type, str) and actor_type.lower() in PERSON_ACTOR_TYPES


def unlinked_id(name: str) -> str:
    """The id of a speaker the register does not know: ``unlinked:<lower-case name>``."""
    name = re.sub(r"(?:'s|’s|')$", "", " ".join(name.split())).strip(" ,.")
    return UNLINKED_PREFIX + name.lower()

