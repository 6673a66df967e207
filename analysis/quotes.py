"""Quotations, reported speech and the speaker of every character range.

:func:`extract_quotes` finds, in one parsed document,

* **direct quotations** in straight or curly double quotes (and single quotes, which
  must pass the same tests), over one or several sentences of a paragraph, split by a cue
  (``"A," she said. "B"``: two rows, one speaker), continued into the next paragraph
  (opening quote left open at the end of a paragraph, next paragraph opening with a
  quote: the news convention), and **epigraphs** (paragraphs with role ``epigraph``,
  speaker from the following ``attribution`` paragraph);
* **reported (indirect) speech**: a cue verb with a clause (``Lavrov said that ...``,
  ``Lavrov said on 3 March 2024 that ...``, ``NATO says it ...``, ``As Putin noted, ...``,
  ``..., a senior diplomat stated``, ``according to X, ...``), and with a noun phrase for
  the verbs that report a point made (``Zakharova underscored Russia's commitment ...``).
  A reported "clause" of at most :data:`MAX_VERBLESS_REPORT_WORDS` words without a finite
  verb is no report ("In fact, our partners are saying the same thing");

and names the speaker from the cue's subject (``resolution``):

* ``named``: an actor mention in the subject (the person if there is one: "Kremlin
  spokesman Dmitry Peskov" -> peskov; else the organisation or state: "NATO says"). A
  document's subject speaks for its issuer ("The Astana Declaration of the ... SCO
  members ... emphasizes" -> SCO); "the Commission" after "the European Commission" is
  the same actor.
  A joint subject whose every conjunct names an actor ("China and Russia said ...",
  "Putin, Xi and Lula stated ...") gives the ids ";"-joined and sorted (``CHN;RUS``), as
  for joint statements; a joint speaker is never the antecedent of "he"/"she".
* ``pronoun``: he/she -> the nearest earlier person of the same gender (register
  persons' gender from :data:`DEFAULT_PERSONS` or the text's titles: "spokeswoman") in the
  same or the previous paragraph, including persons resolved earlier ("The spokeswoman
  said ... She added"). Only persons are antecedents: register persons, and spaCy PERSON
  entities of two or more words or with a title ("Mr Govorov"); a one-word PERSON entity
  is often a place or a weapon the NER mislabelled ("Bali", "Oreshnik"); "it" -> the nearest organisation or state in the same or previous
  sentence; I/we -> the document's voice when it is an actor (004: zakharova).
* ``role``: a role noun heads the subject ("the spokeswoman", "the minister", "the
  Turkish leader", "a senior Russian diplomat"): the nearest earlier person holding that
  role (register offices, :data:`DEFAULT_PERSONS`, titles in the text), else, for a
  first mention, the first such person named in this or the next paragraph (the news
  lede: "a senior Russian diplomat stated ... " then "Grushko told ..."), else the state
  named in the phrase. "The author" is the document's voice. "The two powers/countries"
  and "both leaders" are the last two states or persons named, ";"-joined and sorted
  (the Beijing statement of 003 -> ``CHN;RUS``).
* ``turn``: in a transcript turn, I/we are the turn's speaker and "you" the previous
  turn's speaker; "he"/"she" in a turn never resolve to the turn's speaker.
* ``epigraph``: an epigraph's speaker from its attribution line (a person named there,
  else an organisation or state: "Concept of the Foreign Policy of the Russian
  Federation" -> RUS).
* ``none``: no speaker found (``speaker_id`` None; ``speaker_text`` keeps the subject,
  e.g. "They"). Reported clauses whose subject is no possible speaker ("The data suggest
  that") or an unresolved "it" give no row at all; nor does a speaker's own first-person
  report ("We said that ..."): that is still the narrator speaking.

:func:`speaker_spans` then partitions every sentence into spans with the speaker and the
voice of the text (``quoted`` / ``reported`` / ``narrator``), and :func:`attach_speakers`
joins those spans to any table of (doc_id, start, end) rows, e.g. frame mentions.

What counts as a quotation (the rules, and why)
------------------------------------------------
Quote marks also mark scare quotes (“threats”), terms (“security guarantees”, ‘smaller
Eurasia’), titles (the statement “Joint Vision of the Eurasian Charter ...”) and mentioned
words (the words “and cooperation”). A quoted span is a quotation when

1. a cue sits **next to it**: ``said: "..."``, ``said, "..."``, ``As X said, "..."``,
   ``X: "..."``, ``"...," X said`` / ``said X`` / ``according to X`` (the quote must then
   open its sentence) -- any length; ``said that "..."`` or a bare ``say "..."`` -- at
   least 3 words or a sentence (``I say "we" because ...`` mentions a word);
2. it lies **inside a reported clause** (``Peskov stated that ... was "probably among
   the root causes ..."``) and has at least :data:`MIN_PARTIAL_WORDS` (5) words; shorter
   fragments inside reported speech are usually terms the journalist marks
   (“security guarantees”, “threats”);
3. it has **no cue** but is sentence-like (capital letter, a finite verb, final
   punctuation inside) with at least 4 words, or has at least 8 words and a finite verb;
4. it continues a quotation: the second part of a split quote, a quote continued from the
   previous paragraph, or a paragraph opening with an uncued quote right after a
   paragraph whose last sentence quoted a known speaker (the speaker carries over).

A span is never a quotation when it looks like a title or term and has no adjacent cue:
it directly follows a naming noun (statement, declaration, principle, phrase, words,
so-called, ...), or most of its words are capitalised and it has no finite verb.

Offsets and text: ``start``/``end`` index the original document text and
``text == document.text[start:end]``. The quotation marks are *not* part of ``text``, nor
is a comma just before the closing mark (``"... regions,"`` -> ``... regions``); final
``.?!`` inside the marks are kept. Multi-sentence quotes are one row per paragraph; a split
quote is one row per part, both with the same speaker and cue. Indirect rows span the
reported clause up to the end of the sentence (without the final full stop).
Matching runs on ``Sentence.clean_text`` (straight quotes) joined per paragraph, so a
quote may cross sentence boundaries; whether a mark opens or closes is read from its
context (space before and a word after: opening), then from the original curly glyph
(some sources swap “ and ”), then by alternation. Cues inside quoted spans are ignored.

Speaker ids are the actor mentions' ids (register ids, ``unlinked:<name>`` for spaCy
entities); a transcript label is matched to the register's names after its offices are
stripped ("President of Russia Vladimir Putin" -> putin, "V.Putin" -> putin, "Vice Premier
of the State Council of the People's Republic of China Ding Xuexiang" -> ``unlinked:ding
xuexiang``, see :func:`label_speaker_id`), "Question" -> ``question``, "Remark" ->
``remark``, other anonymous labels -> ``unknown``, anyone else -> ``unlinked:<name>``.

The dependency parser is not used (the pipeline excludes it): cues, subjects and clauses
come from token patterns over the tagger's POS tags, which is enough for the reporting
constructions of news and transcripts and keeps the pass at ~0.1 s per transcript.

>>> import spacy
>>> from analysis.corpus import corpus_from_texts
>>> nlp = spacy.blank("en")
>>> doc = corpus_from_texts({"d": 'Peace. "We are ready to talk to everyone," Lavrov said.'})["d"]
>>> rows = extract_quotes(doc, [(s, nlp(s.clean_text)) for s in doc.sentences], [])
>>> [(r["text"], r["speaker_id"], r["cue"], r["resolution"]) for r in rows]
[('We are ready to talk to everyone', 'unlinked:lavrov', 'said', 'named')]
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from .corpus import Document, Paragraph, Sentence, count_words

QUOTE_COLUMNS = [
    "doc_id", "paragraph_id", "quote_id", "start", "end", "text", "kind", "speaker_id",
    "speaker_name", "speaker_text", "cue", "cue_start", "cue_end", "resolution",
]
SPEAKER_SPAN_COLUMNS = [
    "doc_id", "paragraph_id", "sentence_id", "start", "end", "speaker_id", "voice", "quote_id",
]

# A fragment inside reported speech needs this many words to count as a quotation.
MIN_PARTIAL_WORDS = 5
# An uncued quoted span counts if it is a sentence of this many words ...
MIN_UNCUED_SENTENCE_WORDS = 4
# ... or has a finite verb and this many words.
MIN_UNCUED_WORDS = 8

# A reported "clause" this short without a finite verb is no report ("In fact, our
# partners are saying the same thing": "In fact"; "He pointed out several elements").
MAX_VERBLESS_REPORT_WORDS = 2

# --------------------------------------------------------------------------- lexicons

# Speech-act verbs that introduce quotations and reported speech (lemmas).
CUE_LEMMAS = frozenset("""
say state assert explain add note tell declare stress emphasise emphasize underscore
underline warn argue insist reiterate elaborate recall write remark claim announce
indicate observe comment mention acknowledge admit affirm confirm reply respond answer
ask suggest conclude allege contend concede highlight reaffirm clarify predict promise
deny complain report recount testify proclaim repeat tweet quip point
""".split())
# Cue verbs that may report a point made with a plain noun phrase ("X stressed the need").
NP_CUE_LEMMAS = frozenset(
    "note stress emphasise emphasize underscore underline highlight reiterate point".split()
)
_IRREGULAR = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "admit": ("admit", "admits", "admitted", "admitting"),
    "quip": ("quip", "quips", "quipped", "quipping"),
}


def _verb_forms(lemma: str) -> tuple[str, ...]:
    """Inflected forms of a regular English verb (enough for the cue list)."""
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        third = lemma + "es"
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    if lemma.endswith("e"):
        past, ing = lemma + "d", lemma[:-1] + "ing"
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        past, ing = lemma[:-1] + "ied", lemma + "ing"
    else:
        past, ing = lemma + "ed", lemma + "ing"
    return lemma, third, past, ing


CUE_FORMS: dict[str, str] = {form: lemma for lemma in CUE_LEMMAS for form in _verb_forms(lemma)}

# Nouns that make a following quoted span a title, term or mentioned word, not a quote.
TITLE_NOUNS = frozenset("""
statement declaration treaty charter concept act agreement accord resolution document
documents report book article film movie song play programme program plan strategy
doctrine initiative principle principles slogan motto term terms word words phrase
expression formula notion idea label name title headline newspaper magazine operation
format platform project policy campaign so-called dubbed called named entitled titled
memorandum communique communiqué paper code law bill decree convention protocol
""".split())
# Nouns for documents and speech events: "the joint statement of ... said", "In his speech, ...".
DOCUMENT_NOUNS = frozenset("""
statement statements declaration declarations treaty charter concept act agreement
document documents report communique communiqué letter message resolution memorandum
address speech remarks interview briefing article op-ed words comments post tweet
""".split())
# Heads of noun phrases that can be unnamed speakers ("officials said that ...").
SPEAKER_NOUNS = frozenset("""
official officials analyst analysts expert experts source sources observer observers
critic critics diplomat diplomats spokesperson spokespersons spokespeople representative
representatives leader leaders minister ministers ministry government governments
authorities media westerners politicians commentators journalists reporters side sides
""".split())
# Role nouns -> (role class, gender). Multiword roles are matched first.
ROLE_NOUNS: dict[str, tuple[str, str | None]] = {
    "deputy foreign minister": ("deputy_minister", None),
    "deputy minister": ("deputy_minister", None),
    "foreign minister": ("foreign_minister", None),
    "prime minister": ("prime_minister", None),
    "head of state": ("president", None),
    "press secretary": ("spokesperson", None),
    "secretary-general": ("secretary_general", None),
    "secretary general": ("secretary_general", None),
    "secretary of state": ("foreign_minister", None),
    "high representative": ("foreign_minister", None),
    "spokeswoman": ("spokesperson", "f"),
    "spokesman": ("spokesperson", "m"),
    "spokesperson": ("spokesperson", None),
    "minister": ("minister", None),
    "president": ("president", None),
    "chancellor": ("chancellor", None),
    "premier": ("prime_minister", None),
    "ambassador": ("ambassador", None),
    "envoy": ("envoy", None),
    "commissar": ("commissar", None),
    "diplomat": ("diplomat", None),
    "official": ("official", None),
    "leader": ("leader", None),
    "aide": ("aide", None),
    "chairman": ("chair", "m"),
    "chairwoman": ("chair", "f"),
    "chair": ("chair", None),
    "king": ("leader", "m"),
    "queen": ("leader", "f"),
    "author": ("author", None),
    "authors": ("author", None),
}
# A role in a subject NP matches a person holding one of these roles.
ROLE_COVERS: dict[str, frozenset[str]] = {
    "minister": frozenset({"minister", "foreign_minister", "deputy_minister", "prime_minister"}),
    "foreign_minister": frozenset({"foreign_minister"}),
    "deputy_minister": frozenset({"deputy_minister"}),
    "diplomat": frozenset({"diplomat", "minister", "foreign_minister", "deputy_minister",
                           "ambassador", "envoy", "commissar", "spokesperson"}),
    "leader": frozenset({"leader", "president", "prime_minister", "chancellor"}),
    "official": frozenset(),  # any person with a known office
}
# Persons of the actor register (ids are family names): gender and offices, used when
# the register or the text does not say. Offices are those held in 2022-2026.
DEFAULT_PERSONS: dict[str, tuple[str, frozenset[str]]] = {
    pid: (gender, frozenset(roles.split()))
    for pid, gender, roles in [
        ("zakharova", "f", "spokesperson diplomat"),
        ("lavrov", "m", "foreign_minister minister diplomat"),
        ("putin", "m", "president leader"),
        ("peskov", "m", "spokesperson aide"),
        ("grushko", "m", "deputy_minister minister diplomat"),
        ("ryabkov", "m", "deputy_minister minister diplomat"),
        ("galuzin", "m", "deputy_minister minister diplomat"),
        ("nebenzya", "m", "ambassador diplomat"),
        ("ushakov", "m", "aide diplomat"),
        ("shoigu", "m", "minister"),
        ("medvedev", "m", "chair leader"),
        ("mishustin", "m", "prime_minister leader"),
        ("zelenskyy", "m", "president leader"),
        ("erdogan", "m", "president leader"),
        ("lukashenko", "m", "president leader"),
        ("xi", "m", "president leader"),
        ("trump", "m", "president leader"),
        ("biden", "m", "president leader"),
        ("macron", "m", "president leader"),
        ("scholz", "m", "chancellor leader"),
        ("merkel", "f", "chancellor leader"),
        ("merz", "m", "chancellor leader"),
        ("stoltenberg", "m", "secretary_general"),
        ("rutte", "m", "secretary_general"),
        ("guterres", "m", "secretary_general diplomat"),
        ("kallas", "f", "foreign_minister diplomat"),
        ("borrell", "m", "foreign_minister diplomat"),
        ("blinken", "m", "foreign_minister diplomat"),
        ("rubio", "m", "foreign_minister diplomat"),
        ("witkoff", "m", "envoy diplomat"),
        ("litvinov", "m", "commissar diplomat"),
        ("gromyko", "m", "foreign_minister minister diplomat"),
        ("kekkonen", "m", "president leader"),
    ]
}
PRONOUN_GENDER = {"he": "m", "she": "f", "him": "m", "her": "f"}
FIRST_PERSON = frozenset({"i", "we"})
# Transcript labels that name no one.
ANONYMOUS_LABELS = {"question": "question", "questions": "question", "remark": "remark",
                    "remarks": "remark", "reply": "unknown", "voice": "unknown",
                    "voices": "unknown", "audience": "unknown", "participant": "unknown",
                    "moderator": "unknown", "answer": "unknown"}

_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_BE = frozenset("be is are was were been being am 's 're".split())
_HAVE = frozenset("have has had having 've 'd".split())
_AUX_SKIP = _BE | _HAVE | frozenset("will would shall should can could may might must do does did also".split())
_NEGATION = frozenset({"not", "n't", "never"})
_ASPECT = frozenset("keep keeps kept continue continues continued begin begins began start starts started".split())
_OPEN_DOUBLE = "\u201c\u201e\u201f\u00ab"
_CLOSE_DOUBLE = "\u201d\u00bb"
_OPEN_SINGLE = "\u2018\u201b"
_CLOSE_SINGLE = "\u2019"
_QUOTE_CHARS = {'"', "'"}
_TERMINAL = ".!?\u2026"
_DASHES = {"-", "\u2013", "\u2014", "--"}
_SUBJECT_PRONOUNS = frozenset("he she it they i we you".split())
_INDEFINITE = frozenset("someone somebody anyone anybody everyone everybody nobody no one one".split()) | {"no one"}
_NP_POS = frozenset({"PROPN", "NOUN", "ADJ", "DET", "NUM", "PRON"})
_NP_TAGS = frozenset({"NNP", "NNPS", "NN", "NNS", "JJ", "JJR", "JJS", "DT", "CD", "PRP",
                      "PRP$", "POS", "HYPH", "NFP"})
_NP_INNER = frozenset({"of", "-", "\u2013", "\u2014", ".", "&", "'s", "for", "de", "von"})
_CLAUSE_STOPS = frozenset({",", ";", ":", "that", "which", "who", "whom", "whose", "where",
                           "when", "because", "if", "while", '"', "'"})
_SUBJECT_START_TAGS = frozenset({"DT", "PRP", "PRP$", "NNP", "NNPS", "NN", "NNS", "JJ", "CD",
                                 "EX", "JJS", "JJR", "PDT"})


# --------------------------------------------------------------------------- structures


@dataclass
class _Tok:
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


@dataclass
class _Mention:
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
class _Speaker:
    speaker_id: str | None
    speaker_name: str | None
    speaker_text: str | None
    resolution: str
    gender: str | None = None
    person: bool = False


@dataclass
class _QSpan:
    """A span between quotation marks in one paragraph (``a``/``b``: content, no marks)."""

    para: int
    open_at: int  # paragraph-text index of the opening mark
    close_at: int | None  # of the closing mark, None if left open at the paragraph's end
    a: int
    b: int
    single: bool
    continues_from: "_QSpan | None" = None
    accepted: bool = False
    speaker: _Speaker | None = None
    cue: "_Cue | None" = None
    how: str = ""
    row: dict | None = None


@dataclass
class _Cue:
    """A speech cue in a paragraph: the cue words, its subject and what it introduces."""

    para: int
    v0: int
    v1: int
    form: str  # verb | participle | as | according | passive | noun | colon
    subject: tuple[int, int] | None = None  # token range of the speaker's noun phrase
    source: tuple[int, int] | None = None  # a document NP the speech comes from
    comp: tuple[int, int] | None = None  # paragraph-text range of the reported clause
    comp_kind: str | None = None  # that | clause | np | as | trailing
    quote_open: int | None = None  # the quote mark that directly follows the cue
    quote_sep: str = ""  # what stands between cue and that mark (":", ",", "that", "")
    sent: int = 0
    speaker: _Speaker | None = None


@dataclass
class _Para:
    """A prose paragraph: its sentences joined by spaces into one matching text."""

    index: int
    paragraph: Paragraph
    sentences: list[Sentence]
    text: str
    offsets: list[int]
    tokens: list[_Tok]
    sent_tokens: list[tuple[int, int]]  # token range of every sentence
    mentions: list[_Mention] = field(default_factory=list)
    quotes: list[_QSpan] = field(default_factory=list)
    cues: list[_Cue] = field(default_factory=list)
    narrator: _Speaker | None = None

    def sentence_at(self, k: int) -> int:
        """Index (in this paragraph) of the sentence holding paragraph-text index ``k``."""
        return max(bisect.bisect_right(self.offsets, k) - 1, 0)

    def to_original(self, k: int) -> int:
        """Original document offset of paragraph-text index ``k`` (a character position)."""
        s = self.sentence_at(k)
        return self.sentences[s].to_original(k - self.offsets[s])

    def original_span(self, a: int, b: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the paragraph-text span ``[a, b)``."""
        if b <= a:
            point = self.to_original(a)
            return point, point
        return self.to_original(a), self.to_original(b - 1) + 1


# --------------------------------------------------------------------------- helpers


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _rows_of(actor_mentions: Any) -> list[dict]:
    """Actor mention rows as dicts, from a DataFrame, a list of dicts or None."""
    if actor_mentions is None:
        return []
    if isinstance(actor_mentions, pd.DataFrame):
        return actor_mentions.to_dict("records") if len(actor_mentions) else []
    return [dict(r) for r in actor_mentions]


def _person_type(actor_type: Any) -> bool:
    return isinstance(actor_type, str) and actor_type.lower() in {"person", "per", "individual", "people"}


def _unlinked_id(name: str) -> str:
    name = re.sub(r"(?:'s|’s|')$", "", " ".join(name.split())).strip(" ,.")
    return "unlinked:" + name.lower()


def _roles_in(text: str) -> list[tuple[str, str | None]]:
    """Role classes (and gender) named in a lower-case phrase, longest names first.

    >>> _roles_in("russian deputy foreign minister")
    [('deputy_minister', None)]
    >>> _roles_in("the kremlin spokeswoman")
    [('spokesperson', 'f')]
    """
    found: list[tuple[str, str | None]] = []
    taken: list[tuple[int, int]] = []
    for noun in sorted(ROLE_NOUNS, key=len, reverse=True):
        for m in re.finditer(r"(?<![\w-])" + re.escape(noun) + r"(?![\w-])", text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), ROLE_NOUNS[noun]))  # type: ignore[arg-type]
    return [role for _, role in sorted(found)]  # type: ignore[misc]


def _role_matches(wanted: str, held: Iterable[str]) -> bool:
    held = set(held)
    if not held:
        return False
    if wanted == "official":
        return True
    covers = ROLE_COVERS.get(wanted, frozenset({wanted}))
    if wanted == "minister":
        return bool(held & covers)
    return bool(held & covers) or wanted in held


# --------------------------------------------------------------------------- building


def _build_paragraphs(document: Document, parsed: Sequence[tuple[Sentence, Any]]) -> list[_Para]:
    by_para: dict[int, list[tuple[Sentence, Any]]] = {}
    for sentence, doc in parsed:
        by_para.setdefault(sentence.paragraph_id, []).append((sentence, doc))
    paras: list[_Para] = []
    for paragraph in document.paragraphs:
        items = by_para.get(paragraph.paragraph_id)
        if not items:
            continue
        items.sort(key=lambda item: item[0].sentence_id)
        offsets, parts, tokens, sent_tokens = [], [], [], []
        cursor = 0
        for s_index, (sentence, doc) in enumerate(items):
            offsets.append(cursor)
            parts.append(sentence.clean_text)
            first = len(tokens)
            for tok in doc:
                if tok.is_space:
                    continue
                tokens.append(_Tok(
                    i=len(tokens), text=tok.text, lower=tok.lower_, tag=tok.tag_ or "",
                    pos=tok.pos_ or "", ent=tok.ent_type_ or "", ent_iob=tok.ent_iob_ or "",
                    ent_id=tok.ent_id_ or "",
                    start=cursor + tok.idx, end=cursor + tok.idx + len(tok.text), sent=s_index,
                ))
            sent_tokens.append((first, len(tokens)))
            cursor += len(sentence.clean_text) + 1
        paras.append(_Para(len(paras), paragraph, [s for s, _ in items], " ".join(parts), offsets,
                           tokens, sent_tokens))
    return paras


def _attach_mentions(document: Document, paras: list[_Para], actor_rows: list[dict], register: Any = None) -> None:
    """Place actor mentions on paragraph tokens, and spaCy entities where there are none.

    With actor mentions given, only PERSON entities they miss are added (the actors
    module already chose which other entities count); without any, the register ruler's
    entities (``ACTOR_*`` labels, ids from ``ent_id_``) and PERSON, ORG, GPE and NORP
    entities stand in, the latter with ids ``"unlinked:<lower-case name>"``.
    """
    labels = {"PERSON"} if actor_rows else {"PERSON", "ORG", "GPE", "NORP"}
    if not actor_rows:
        for para in paras:
            toks = para.tokens
            i = 0
            while i < len(toks):
                t = toks[i]
                if t.ent.startswith("ACTOR_") and t.ent != "ACTOR_BLOCKED" and t.ent_iob == "B" and t.ent_id \
                        and not t.ent_id.startswith("ambiguous:"):
                    j = i + 1
                    while j < len(toks) and toks[j].ent_iob == "I":
                        j += 1
                    actor = register.get(t.ent_id) if register is not None else None
                    text = para.text[t.start:toks[j - 1].end]
                    para.mentions.append(_Mention(
                        para.index, i, j, t.ent_id, actor.name if actor else text,
                        bool(actor and actor.type == "person"), text, "register",
                        actor_type=actor.type if actor else ""))
                    i = j
                else:
                    i += 1
    para_by_id = {p.paragraph.paragraph_id: p for p in paras}
    token_spans: dict[int, list[tuple[int, int]]] = {}
    for row in actor_rows:
        if row.get("doc_id") not in (None, document.doc_id):
            continue
        para = para_by_id.get(int(row.get("paragraph_id", -1)))
        if para is None:
            continue
        start, end = int(row["start"]), int(row["end"])
        spans = token_spans.get(para.index)
        if spans is None:  # original offsets of the paragraph's tokens, computed once
            spans = token_spans[para.index] = [para.original_span(t.start, t.end) for t in para.tokens]
        covered = [t.i for t, (s, e) in zip(para.tokens, spans) if s < end and start < e]
        if not covered:
            continue
        actor_id = None if _is_missing(row.get("actor_id")) or row.get("actor_id") == "" else str(row["actor_id"])
        text = str(row.get("text") or document.text[start:end])
        if text.lower() in _INDEFINITE:
            continue  # "Someone said ..." (NER sometimes calls it a PERSON)
        kind = str(row.get("mention_kind") or "name")
        name = row.get("actor_name")
        name = text if _is_missing(name) or not name else str(name)
        para.mentions.append(_Mention(
            para.index, covered[0], covered[-1] + 1, actor_id or _unlinked_id(text), name,
            _person_type(row.get("actor_type")), text, str(row.get("method") or "register"),
            hint=kind == "pronoun",  # the actors module does not resolve pronouns; we do
            actor_type=str(row.get("actor_type") or ""),
        ))
    # spaCy entities where the register found nothing (the register cannot know everyone).
    full_names: dict[str, str] = {}
    for para in paras:
        taken = {i for m in para.mentions if not m.hint for i in range(m.t0, m.t1)}
        i = 0
        toks = para.tokens
        while i < len(toks):
            if toks[i].ent in labels and toks[i].ent_iob == "B":
                j = i + 1
                while j < len(toks) and toks[j].ent_iob == "I":
                    j += 1
                if not any(k in taken for k in range(i, j)) and toks[i].lower not in _INDEFINITE \
                        and not _non_actor(para.text[toks[i].start:toks[j - 1].end]):
                    while j > i + 1 and toks[j - 1].lower in {"'s", "'"}:
                        j -= 1
                    k0 = i + 1 if toks[i].lower == "the" and j > i + 1 else i
                    text = para.text[toks[k0].start:toks[j - 1].end]
                    person = toks[i].ent == "PERSON"
                    key = text.lower()
                    if person:
                        last = key.split()[-1]
                        if len(key.split()) > 1:
                            full_names.setdefault(last, key)
                        key = full_names.get(last, key) if len(key.split()) == 1 else key
                    para.mentions.append(_Mention(para.index, k0, j, "unlinked:" + key, text, person,
                                                  text, "ner", actor_type={
                                                      "PERSON": "person", "GPE": "state",
                                                      "ORG": "organisation", "NORP": "group"}[toks[i].ent]))
                i = j
            else:
                i += 1
        para.mentions.sort(key=lambda m: (m.t0, m.t1))


def _non_actor(text: str) -> bool:
    """An entity the actors module never counts ("New Year", "Oreshnik", "the Government")."""
    from .actors import GENERIC_ENTITIES, NON_ACTOR_ENTITIES, _normalise_name

    name = _normalise_name(text)
    return name in GENERIC_ENTITIES or name in NON_ACTOR_ENTITIES


def office_roles(office: str) -> set[str]:
    """Role classes of a register office id (``deputy_foreign_minister`` -> minister, ...).

    >>> sorted(office_roles("deputy_foreign_minister"))
    ['deputy_minister', 'diplomat', 'minister']
    >>> sorted(office_roles("mfa_spokesperson"))
    ['diplomat', 'spokesperson']
    """
    words = set(office.lower().split("_"))
    roles: set[str] = set()
    if words & {"spokesperson", "spokesman", "spokeswoman"} or "press_secretary" in office:
        roles.add("spokesperson")
        if "mfa" in words or "foreign" in words:
            roles.add("diplomat")
    if "minister" in words:
        roles.add("minister")
        if "deputy" in words and "prime" not in words:
            roles.add("deputy_minister")
        if "prime" in words:
            roles.add("deputy_minister" if "deputy" in words else "prime_minister")
            if "deputy" not in words:
                roles.add("leader")
        if "foreign" in words:
            roles.add("diplomat")
            if "deputy" not in words:
                roles.add("foreign_minister")
    if office in {"secretary_of_state", "high_representative"}:
        roles |= {"foreign_minister", "diplomat"}
    if "president" in words and "vice" not in words:
        roles.add("president")
        if office == "president":
            roles.add("leader")
    if words & {"chancellor", "emir", "emperor", "king", "queen"} or office in {"supreme_leader", "crown_prince"}:
        roles |= {"leader"} | (words & {"chancellor"})
    if "secretary" in words and "general" in words:
        roles.add("secretary_general")
    if "ambassador" in words:
        roles |= {"ambassador", "diplomat"}
    if "envoy" in words:
        roles |= {"envoy", "diplomat"}
    if words & {"aide", "adviser", "advisor"}:
        roles.add("aide")
    if words & {"chairman", "chair", "speaker", "head", "director"}:
        roles.add("chair")
    return roles


def _register(register: Any) -> Any:
    """The given register, else the packaged one (None if it cannot be loaded)."""
    if register is not None:
        return register
    try:
        from .register import load_register

        return load_register()
    except Exception:  # noqa: BLE001 - quotes still work without a register
        return None


def _register_persons(register: Any) -> dict[str, set[str]]:
    """Role classes of every person of the register, from all the offices they held."""
    out: dict[str, set[str]] = {}
    if register is None:
        return out
    for actor in getattr(register, "actors", {}).values():
        if getattr(actor, "type", None) != "person":
            continue
        roles: set[str] = set()
        for role in getattr(actor, "affiliation", ()):
            roles |= office_roles(str(role.office))
        out[actor.id] = roles
    return out


def _register_names(register: Any) -> dict[str, str]:
    """Lower-case names and aliases of the register's persons -> id (for transcript labels)."""
    out: dict[str, str] = {}
    if register is None:
        return out
    for actor in getattr(register, "actors", {}).values():
        if getattr(actor, "type", None) != "person":
            continue
        for name in (actor.name, *actor.aliases):
            out.setdefault(" ".join(name.lower().split()), actor.id)
    return out


def _person_profiles(paras: list[_Para], persons: Mapping[str, tuple[str | None, frozenset[str]]],
                     register_roles: Mapping[str, set[str]]) -> dict[str, dict]:
    """Gender and roles of every person in the document: register offices and defaults,
    then titles in the text.

    A title is read from the words of the mention and right before it ("Russian Foreign
    Ministry spokeswoman Maria Zakharova") and from an appositive after it ("Lavrov, the
    foreign minister,").
    """
    profiles: dict[str, dict] = {}
    for para in paras:
        for m in para.mentions:
            if not m.person or m.hint or not m.actor_id:
                continue
            base = persons.get(m.actor_id) or persons.get(m.actor_id.split(":")[-1].split()[-1])
            prof = profiles.setdefault(m.actor_id, {
                "gender": base[0] if base else None,
                "roles": set(base[1]) if base else set(),
                "name": m.name})
            prof["roles"] |= set(register_roles.get(m.actor_id, ()))
            toks = para.tokens
            k = m.t0 - 1
            while k >= 0 and m.t0 - k <= 8 and toks[k].sent == toks[m.t0].sent and (
                    toks[k].pos in {"PROPN", "NOUN", "ADJ", "ADP"} or toks[k].tag in {"NNP", "NN", "JJ", "POS", "HYPH", "IN"}
                    or toks[k].lower in {"'s", "-", "of", "for"}) and toks[k].lower not in {"as", "that", "by", "with", "from", "to"}:
                k -= 1
            title = " ".join(t.lower for t in toks[k + 1:m.t1])
            tail = m.t1
            if tail < len(toks) and toks[tail].text == ",":
                j = tail + 1
                while j < len(toks) and j - tail < 8 and toks[j].text not in {",", ".", ";"}:
                    j += 1
                if j < len(toks) and toks[j].text == "," and toks[tail + 1].lower in {"the", "a", "an"}:
                    title += " | " + " ".join(t.lower for t in toks[tail + 1:j])
            for role, gender in _roles_in(title.replace(" - ", "-")):
                prof["roles"].add(role)
                if gender and not prof["gender"]:
                    prof["gender"] = gender
    return profiles


# --------------------------------------------------------------------------- quote marks


def _mark_role(text: str, k: int, original: str, open_now: bool) -> str:
    """'open' or 'close' for the quotation mark at ``text[k]`` (its original char ``original``).

    The context decides when it is clear (space before and a word after: opening), since
    some sources swap curly marks (``no ”red lines“ with Russia``); otherwise a curly mark
    says which side it is; a straight mark alternates.
    """
    prev = text[k - 1] if k > 0 else " "
    nxt = text[k + 1] if k + 1 < len(text) else " "
    opener = (prev.isspace() or prev in "([{\u2014\u2013-/" or prev in _QUOTE_CHARS) and not (
        nxt.isspace() or nxt in ".,;:!?)]}")
    closer = (nxt.isspace() or nxt in ".,;:!?)]}\u2014\u2013\u2026" or nxt in _QUOTE_CHARS) and not (
        prev.isspace() or prev in "([{")
    if opener and not closer:
        return "open"
    if closer and not opener:
        return "close"
    if original in _OPEN_DOUBLE or original in _OPEN_SINGLE:
        return "open"
    if original in _CLOSE_DOUBLE:
        return "close"
    return "close" if open_now else "open"


def _find_quote_spans(document: Document, para: _Para) -> list[_QSpan]:
    """Quoted spans of one paragraph: double quotes first, then single quotes outside them."""
    text = para.text
    spans: list[_QSpan] = []
    open_at: int | None = None
    for k, ch in enumerate(text):
        if ch != '"':
            continue
        role = _mark_role(text, k, document.text[para.to_original(k)], open_at is not None)
        if role == "open" and open_at is None:
            open_at = k
        elif role == "open":
            # Two opening marks in a row: the first was never closed; drop it.
            open_at = k
        elif open_at is not None:
            spans.append(_content_span(para, open_at, k, single=False))
            open_at = None
    if open_at is not None:
        spans.append(_content_span(para, open_at, None, single=False))
    inside = [(q.open_at, q.close_at if q.close_at is not None else len(text)) for q in spans]
    single_open: int | None = None
    for k, ch in enumerate(text):
        if ch != "'" or any(s <= k <= e for s, e in inside):
            continue
        original = document.text[para.to_original(k)]
        prev = text[k - 1] if k > 0 else " "
        nxt = text[k + 1] if k + 1 < len(text) else " "
        starts = (prev.isspace() or prev in "([{\u2014\u2013") and nxt.isalnum() and original != _CLOSE_SINGLE
        ends = (prev.isalnum() or prev in ".,!?") and (nxt.isspace() or nxt in ".,;:!?)]}\u2014\u2013") \
            and original not in _OPEN_SINGLE
        if single_open is None and starts:
            single_open = k
        elif single_open is not None and ends:
            if para.sentence_at(single_open) == para.sentence_at(k):
                spans.append(_content_span(para, single_open, k, single=True))
            single_open = None
    spans.sort(key=lambda q: q.open_at)
    return spans


def _content_span(para: _Para, open_at: int, close_at: int | None, single: bool) -> _QSpan:
    """The content between two marks, without surrounding spaces or a final comma."""
    text = para.text
    a = open_at + 1
    b = close_at if close_at is not None else len(text)
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:"):
        b -= 1
    return _QSpan(para.index, open_at, close_at, a, b, single)


# --------------------------------------------------------------------------- noun phrases


def _np_token(t: _Tok) -> bool:
    if t.mark or t.text in {",", ";", ":", "(", ")", '"'}:
        return False
    if t.pos:
        return t.pos in _NP_POS or t.tag in _NP_TAGS or t.lower in _NP_INNER
    return t.text[:1].isalnum() or t.lower in _NP_INNER


def _np_left(para: _Para, end: int, floor: int) -> tuple[int, int] | None:
    """The noun phrase ending at token ``end - 1`` (not before ``floor``), or None."""
    toks = para.tokens
    j = end - 1
    if j < floor or not _np_token(toks[j]) or toks[j].lower in _NP_INNER - {"'s"}:
        return None
    while j - 1 >= floor and _np_token(toks[j - 1]) and end - (j - 1) <= 16:
        # A pronoun only heads a phrase; "that"/"who" open a clause.
        if toks[j - 1].lower in {"that", "which", "who", "whom", "what"} or toks[j - 1].tag in {"WP", "WDT"} or (
                toks[j - 1].tag == "PRP" and toks[j - 1].lower in _SUBJECT_PRONOUNS):
            break
        j -= 1
    while j < end - 1 and toks[j].lower in _NP_INNER - {"'s"}:
        j += 1
    return j, end


def _np_right(para: _Para, start: int, stop: int) -> tuple[int, int] | None:
    """The noun phrase starting at token ``start`` (before ``stop``), or None."""
    toks = para.tokens
    if start >= stop or not _np_token(toks[start]) or toks[start].lower in _NP_INNER:
        return None
    j = start
    while j + 1 < stop and _np_token(toks[j + 1]) and j + 1 - start < 16:
        if toks[j + 1].lower in {"that", "which", "who", "whom"}:
            break
        j += 1
    while j > start and toks[j].lower in _NP_INNER:
        j -= 1
    return start, j + 1


def _skip_left(para: _Para, k: int, floor: int) -> tuple[int, bool]:
    """Move left from token ``k`` over adverbs and auxiliaries; (index, negated)."""
    toks = para.tokens
    negated = False
    while k >= floor and (toks[k].tag in {"RB", "RBR", "RBS"} or toks[k].lower in _AUX_SKIP
                          or toks[k].lower in _NEGATION):
        if toks[k].lower in _NEGATION:
            negated = True
        k -= 1
    return k, negated


# --------------------------------------------------------------------------- cues


def _is_finite(t: _Tok) -> bool:
    return t.tag in _FINITE_TAGS if t.tag else t.lower.endswith(("s", "ed"))


def _sentence_token_bounds(para: _Para, i: int) -> tuple[int, int]:
    return para.sent_tokens[para.tokens[i].sent]


def _find_cues(para: _Para) -> list[_Cue]:
    """Every speech cue of a paragraph with its subject and what it introduces."""
    toks = para.tokens
    cues: list[_Cue] = []
    n = len(toks)
    for i, t in enumerate(toks):
        if t.quote >= 0 or t.mark:
            continue
        s0, s1 = _sentence_token_bounds(para, i)
        # "according to X" / "in the words of X"
        if t.lower == "according" and i + 1 < n and toks[i + 1].lower == "to":
            np_ = _np_right(para, i + 2, s1)
            if np_ and _speakerish(para, np_):
                cue = _Cue(para.index, i, i + 2, "according", subject=np_, sent=t.sent)
                _according_complement(para, cue, s0, s1)
                cues.append(cue)
            continue
        if t.lower == "words" and i >= 2 and toks[i - 1].lower == "the" and toks[i - 2].lower == "in" \
                and i + 1 < n and toks[i + 1].lower == "of":
            np_ = _np_right(para, i + 2, s1)
            if np_:
                cue = _Cue(para.index, i - 2, i + 2, "according", subject=np_, sent=t.sent)
                _according_complement(para, cue, s0, s1)
                cues.append(cue)
            continue
        # Noun cues: "the words of X that ...", "X's statement that ..."
        if t.lower in {"words", "statement", "remarks", "assertion", "claim", "warning", "assurance",
                       "assurances", "view", "position", "comments"}:
            cue = _noun_cue(para, i, s0, s1)
            if cue:
                cues.append(cue)
            continue
        lemma = CUE_FORMS.get(t.lower)
        if lemma is None or t.tag in {"JJ", "NN", "NNS", "NNP"}:
            continue
        if lemma == "point" and not (i + 1 < n and toks[i + 1].lower == "out"):
            continue
        v1 = i + 2 if lemma == "point" else i + 1
        cue = _verb_cue(para, i, v1, s0, s1)
        if cue:
            cues.append(cue)
    # Colon cues: "Zakharova: “...”" (a name right before a colon and a quote).
    for q in para.quotes:
        k = _token_before(para, q.open_at)
        if k is not None and toks[k].text == ":" and k >= 1:
            np_ = _np_left(para, k, _sentence_token_bounds(para, k)[0])
            if np_ and any(m.t0 >= np_[0] and m.t1 <= np_[1] for m in para.mentions) \
                    and _subject_position(para, np_, _sentence_token_bounds(para, k)[0]):
                cues.append(_Cue(para.index, k, k + 1, "colon", subject=np_, quote_open=q.open_at,
                                 sent=toks[k].sent))
    cues.sort(key=lambda c: c.v0)
    return cues


def _token_before(para: _Para, k: int) -> int | None:
    """Index of the last token ending at or before paragraph-text index ``k``."""
    best = None
    for t in para.tokens:
        if t.end <= k:
            best = t.i
        else:
            break
    return best


def _token_at_or_after(para: _Para, k: int) -> int | None:
    for t in para.tokens:
        if t.start >= k:
            return t.i
    return None


def _verb_cue(para: _Para, i: int, v1: int, s0: int, s1: int) -> _Cue | None:
    """A cue verb at token ``i``: its form, subject and complement (None if not a cue)."""
    toks = para.tokens
    t = toks[i]
    k, negated = _skip_left(para, i - 1, s0)
    if negated:
        return None
    before = toks[k] if k >= s0 else None
    # Infinitives ("to say", "would like to remind") and "worth recalling" are no cues.
    if before is not None and before.lower in {"to", "worth"}:
        return None
    aux = [x.lower for x in toks[k + 1:i]]
    passive = t.tag == "VBN" and any(a in _BE for a in aux) and not any(a in _HAVE for a in aux[-1:])
    progressive = t.tag == "VBG" and any(a in _BE for a in aux)
    cue = _Cue(para.index, i, v1, "verb", sent=t.sent)
    if passive:
        cue.form = "passive"
        if i + 1 < s1 and toks[v1].lower == "by":
            cue.subject = _np_right(para, v1 + 1, s1)
        elif before is not None and before.lower == "it":
            cue.source = _source_phrase(para, s0, k)
        elif before is not None and before.lower == "as":  # "As stated in the documents"
            cue.source = None
        if cue.subject is None and cue.source is None:
            return None
    elif t.tag == "VBG" and not progressive:
        if before is not None and before.lower in _ASPECT and _is_finite(before):
            cue.subject = _subject_of(para, k, s0)
        else:
            if before is None or (before.text not in {",", "\u2013", "\u2014"} and before.lower not in
                                  {"while", "when", "by", "and", "after", "before"}):
                if not (before is None and i == s0):
                    return None
            cue.form = "participle"
            cue.subject = _participle_subject(para, i, s0)
    elif t.tag == "VBN" and not aux and before is not None and before.tag in {"DT", "PRP$", "IN"}:
        return None  # "the stated pitch", "as stated in"
    elif before is not None and before.lower in {"and", "but"} and k - 1 >= s0:
        # Coordinated verbs: "..., recognizes the need ..., and emphasizes that ...".
        cue.subject = _participle_subject(para, k, s0)
    else:
        subject = _subject_of(para, i, s0)
        if subject is None:
            # Inverted: '"...," said Zakharova' / 'says the spokeswoman'.
            if before is None or before.text in {",", '"', "'"} or before.mark:
                subject = _np_right(para, v1, s1)
                if subject and not _speakerish(para, subject):
                    subject = None
        cue.subject = subject
        if subject is not None and subject[0] - 1 >= s0 and toks[subject[0] - 1].lower == "as" \
                and (subject[0] - 1 == s0 or toks[subject[0] - 2].text in {",", "\u2013", "\u2014"}):
            cue.form = "as"
    if cue.subject is None and cue.source is None:
        return None
    _complement(para, cue, s0, s1)
    return cue


def _speakerish(para: _Para, np_: tuple[int, int]) -> bool:
    """Whether a noun phrase can name a speaker (actor, pronoun, role or speaker noun)."""
    toks = para.tokens[np_[0]:np_[1]]
    if any(m.t0 < np_[1] and np_[0] < m.t1 for m in para.mentions):
        return True
    words = " ".join(t.lower for t in toks)
    if _roles_in(words):
        return True
    if any(t.lower in _SUBJECT_PRONOUNS or t.lower in SPEAKER_NOUNS for t in toks):
        return True
    # "the Commission": a capitalised short name, resolved against earlier mentions.
    return len(toks) in (2, 3) and toks[0].lower == "the" and all(t.text[:1].isupper() for t in toks[1:])


def _subject_of(para: _Para, v: int, s0: int) -> tuple[int, int] | None:
    """Subject noun phrase left of the verb at token ``v`` (over adverbs, auxiliaries and
    a parenthetical set off by commas: "Putin, in his Address ..., noted")."""
    toks = para.tokens
    k, negated = _skip_left(para, v - 1, s0)
    if negated or k < s0:
        return None
    if toks[k].text == ",":
        # A parenthetical: find its opening comma; it must start with a preposition,
        # a participle or an article (an appositive), and follow a noun phrase.
        j = k - 1
        while j > s0 and toks[j].text != "," and k - j < 30:
            j -= 1
        if j > s0 and toks[j].text == "," and toks[j + 1].tag in {"IN", "VBG", "VBN", "DT", "RB"} \
                and toks[j + 1].lower not in {"that", "which", "while", "because", "if"}:
            np_ = _np_left(para, j, s0)
            if np_ and _speakerish(para, np_):
                return np_
        return None
    np_ = _np_left(para, k + 1, s0)
    if np_ is None:
        return None
    np_ = _joint_subject(para, np_, s0)
    if not _speakerish(para, np_):
        # "Putin, in his Address ... 2024 noted": a parenthetical whose closing comma
        # is missing. Take the phrase before the comma that opens it.
        j = k
        while j > s0 and toks[j].text != "," and k - j < 30:
            j -= 1
        if j > s0 and toks[j].text == "," and toks[j + 1].tag == "IN" and toks[j + 1].pos == "ADP":
            before = _np_left(para, j, s0)
            if before and _speakerish(para, before) and _subject_position(para, before, s0):
                return before
        return None
    return np_ if _subject_position(para, np_, s0) else None


def _joint_subject(para: _Para, np_: tuple[int, int], s0: int) -> tuple[int, int]:
    """ "China and Russia said", "Putin, Xi and Lula stated": widen a subject over the
    coordinated phrases before it when every one of them names an actor."""
    toks = para.tokens

    def named(span: tuple[int, int]) -> bool:
        return any(m.t0 >= span[0] and m.t1 <= span[1] and not m.hint for m in para.mentions)

    if not named(np_):
        return np_
    start, joined = np_[0], False
    while start - 2 >= s0 and toks[start - 1].lower in {"and", ","} and not toks[start - 1].mark:
        if toks[start - 1].lower == "," and not joined:
            break  # "A, B and C": a comma only separates items left of an "and"
        left = _np_left(para, start - 1, s0)
        if left is None or not named(left) or (left[0] - 1 >= s0 and toks[left[0] - 1].pos == "ADP"):
            break  # "In Moscow, Lavrov and Wang said": Moscow is no speaker
        joined = joined or toks[start - 1].lower == "and"
        start = left[0]
    return (start, np_[1]) if joined else np_


def _subject_position(para: _Para, np_: tuple[int, int], s0: int) -> bool:
    """Whether a noun phrase can be a subject where it stands: not the object of a
    preposition ("frameworks such as BRICS underscore" is not BRICS speaking)."""
    k = np_[0] - 1
    if k < s0:
        return True
    prev = para.tokens[k]
    if prev.pos == "ADP" and not (prev.lower == "as" and (k == s0 or para.tokens[k - 1].lower != "such")):
        return False
    if prev.lower in {"and", "or", "nor"}:
        return False  # "X and Y said": a joint subject we do not split
    return True


def _participle_subject(para: _Para, v: int, s0: int) -> tuple[int, int] | None:
    """Subject of a participle cue (", saying ..."): the subject of the nearest finite verb
    to its left that names a speaker (skipping verbs of reported clauses)."""
    toks = para.tokens
    j = v - 1
    while j >= s0:
        if toks[j].quote < 0 and not toks[j].mark and (
                _is_finite(toks[j]) or (toks[j].tag == "VBN" and j > s0 and toks[j - 1].lower in _HAVE)):
            np_ = _subject_of(para, j, s0)
            if np_ is not None and _speakerish(para, np_):
                return np_
        j -= 1
    return None


def _source_phrase(para: _Para, s0: int, k: int) -> tuple[int, int] | None:
    """A sentence-initial "In the joint statement of ..." phrase before an agentless passive."""
    toks = para.tokens
    if toks[s0].lower not in {"in", "at", "during"}:
        return None
    j = s0 + 1
    while j < k and toks[j].text != ",":
        j += 1
    # The phrase may carry a date with commas ("on May 16, 2024,"): take the last comma before k.
    last_comma = max((x for x in range(s0 + 1, k + 1) if toks[x].text == ","), default=None)
    if last_comma is None:
        return None
    np_ = (s0 + 1, last_comma)
    head_words = {t.lower for t in toks[np_[0]:min(np_[1], np_[0] + 5)]}
    return np_ if head_words & DOCUMENT_NOUNS else None


def _is_document_np(para: _Para, np_: tuple[int, int]) -> bool:
    """The phrase is headed by a document or speech noun ("the Astana Declaration of ...")."""
    toks = para.tokens
    head = np_[0]
    while head < np_[1] and toks[head].lower not in {"of", "'s"}:
        head += 1
    return toks[head - 1].lower in DOCUMENT_NOUNS if head > np_[0] else False


def _complement(para: _Para, cue: _Cue, s0: int, s1: int) -> None:
    """What the cue introduces: an adjacent quote, a that-clause, a bare clause, a noun
    phrase, the rest of the sentence ("As X said, ..."), or the clause before it
    ("..., X said")."""
    toks = para.tokens
    j = cue.v1
    if cue.form != "as" and cue.subject and cue.subject[0] >= cue.v1:
        j = cue.subject[1]  # inverted subject: look after it
    # Adjuncts before the complement: adverbs, time/place phrases, a recipient.
    k = j
    steps = 0
    lemma = CUE_FORMS.get(toks[cue.v0].lower, "")
    while k < s1 and steps < 12:
        t = toks[k]
        if t.mark or t.lower == "that" or t.text in {":", ","}:
            break
        if t.tag in {"RB", "RBR"} or t.tag == "IN" or (lemma in {"tell", "ask", "assure", "remind", "inform"}
                                                         and t.tag in _NP_TAGS):
            k += 1
            steps += 1
            continue
        if t.tag in {"DT", "NNP", "NN", "NNS", "CD", "JJ", "PRP$"} and k > j and toks[k - 1].tag == "IN":
            k += 1
            steps += 1
            continue
        break
    # A longer time or place phrase before "that": "said on 3 March 2024 that ...",
    # "stated at the meeting in Minsk that ...". Only after a preposition was skipped, and
    # only up to a "that" (else the words may be the reported clause's subject).
    if k < s1 and toks[k].lower != "that" and any(x.tag == "IN" for x in toks[j:k]):
        m = k
        while m < s1 and m - k < 10 and not toks[m].mark and toks[m].lower != "that" and toks[m].tag in {
                "IN", "DT", "NNP", "NNPS", "NN", "NNS", "CD", "JJ", "RB", "PRP$", "POS", ","}:
            m += 1
        if m < s1 and toks[m].lower == "that" and m + 1 < s1 and _clause_ahead(para, m + 1, s1):
            k = m
    # Adjacent quotation: cue [adjuncts] (":" | "," | "that") "
    look = k
    if look < s1 and toks[look].text in {":", ",", "that"}:
        look += 1
    if look < s1 and toks[look].mark and _is_open_mark(para, toks[look]):
        cue.quote_open = toks[look].start
        cue.quote_sep = toks[look - 1].text if look > k else ""
        cue.comp = (toks[look].start, _sentence_end(para, s1))
        cue.comp_kind = "that" if toks[look - 1].lower == "that" else "quote"
        return
    if cue.form == "as":
        # "As X said[, adjunct], <clause>"
        while k < s1 and toks[k].text != ",":
            k += 1
        if k + 1 < s1:
            cue.comp = (toks[k + 1].start, _sentence_end(para, s1))
            cue.comp_kind = "as"
        return
    if k < s1 and toks[k].lower == "that" and k + 1 < s1 and (
            toks[k + 1].text == "," or _clause_ahead(para, k + 1, s1)):
        # "said that Russia is ready" (not "announced that in your Address").
        cue.comp = (toks[k + 1].start, _sentence_end(para, s1))
        cue.comp_kind = "that"
        return
    if k < s1 and toks[k].tag in _SUBJECT_START_TAGS and toks[k].lower not in {"that", "this", "these", "those"} | {"what"}:
        if _clause_ahead(para, k, s1):
            cue.comp = (toks[k].start, _sentence_end(para, s1))
            cue.comp_kind = "clause"
            return
        if lemma in NP_CUE_LEMMAS and toks[k].tag not in {"PRP"}:
            cue.comp = (toks[k].start, _sentence_end(para, s1))
            cue.comp_kind = "np"
            return
    # Trailing cue: "<clause>, X stated on Tuesday." -- nothing but adjuncts after it.
    if cue.form == "verb" and cue.subject and cue.subject[0] < cue.v0:
        before = cue.subject[0] - 1
        rest = toks[k:s1]
        if before > s0 and toks[before].text in {",", "\u2013", "\u2014"} and all(
                r.tag in {"IN", "DT", "NNP", "NN", "CD", "RB", ".", ",", "JJ"} or r.text in {".", "!"}
                for r in rest) and not any(r.mark for r in rest):
            first = toks[s0]
            cue.comp = (first.start, toks[before - 1].end)
            cue.comp_kind = "trailing"


def _according_complement(para: _Para, cue: _Cue, s0: int, s1: int) -> None:
    toks = para.tokens
    assert cue.subject is not None
    after = cue.subject[1]
    if cue.v0 == s0 or (cue.v0 - 1 >= s0 and toks[cue.v0 - 1].text in {",", "\u2013"} and cue.v0 - 1 == s0):
        if after < s1 and toks[after].text == "," and after + 1 < s1:
            nxt = toks[after + 1]
            if nxt.mark and _is_open_mark(para, nxt):
                cue.quote_open = nxt.start
            cue.comp = (nxt.start, _sentence_end(para, s1))
            cue.comp_kind = "as"
        return
    if cue.v0 - 1 > s0 and toks[cue.v0 - 1].text == "," and all(
            t.text in {".", "!", "?"} for t in toks[after:s1]):
        cue.comp = (toks[s0].start, toks[cue.v0 - 2].end)
        cue.comp_kind = "trailing"


def _noun_cue(para: _Para, i: int, s0: int, s1: int) -> _Cue | None:
    """ "the words of X that ..." or "X's statement that ..." """
    toks = para.tokens
    if i + 1 < s1 and toks[i + 1].lower == "of":
        np_ = _np_right(para, i + 2, s1)
        if np_ and np_[1] < s1 and toks[np_[1]].lower == "that" and _speakerish(para, np_):
            cue = _Cue(para.index, i, i + 1, "noun", subject=np_, sent=toks[i].sent)
            if np_[1] + 1 < s1:
                cue.comp = (toks[np_[1] + 1].start, _sentence_end(para, s1))
                cue.comp_kind = "that"
            return cue
    if i >= 1 and toks[i - 1].lower == "'s" and i + 1 < s1 and toks[i + 1].lower == "that":
        np_ = _np_left(para, i - 1, s0)
        if np_ and _speakerish(para, np_):
            cue = _Cue(para.index, i, i + 1, "noun", subject=np_, sent=toks[i].sent)
            if i + 2 < s1:
                cue.comp = (toks[i + 2].start, _sentence_end(para, s1))
                cue.comp_kind = "that"
            return cue
    return None


def _clause_ahead(para: _Para, k: int, s1: int) -> bool:
    """Whether a clause (subject, then a finite verb) starts at token ``k``."""
    toks = para.tokens
    if toks[k].tag == "PRP" and toks[k].lower not in _SUBJECT_PRONOUNS:
        return False
    depth = 0
    for j in range(k, min(s1, k + 24)):
        t = toks[j]
        if t.text == "(":
            depth += 1
            continue
        if t.text == ")":
            depth = max(depth - 1, 0)
            continue
        if depth:
            continue
        if t.mark or t.text in {'"', "'"}:
            continue  # a quotation inside the clause (Peskov: ... was "probably ...")
        if j > k and t.quote < 0 and (t.lower in _CLAUSE_STOPS or t.tag == "WDT"):
            return False
        if j > k and _is_finite(t) and t.tag and not (j + 1 < s1 and toks[j + 1].text in {"-", "\u2011"}):
            return True  # ("would-be" is no verb)
    return False


def _is_open_mark(para: _Para, t: _Tok) -> bool:
    return any(q.open_at == t.start for q in para.quotes)


def _sentence_end(para: _Para, s1: int) -> int:
    """Paragraph-text end of the sentence whose tokens stop at ``s1``, without a final
    full stop outside quotation marks (nor an opening mark a splitter left there)."""
    toks = para.tokens
    k = s1 - 1
    while k > 0 and toks[k].mark and _is_open_mark(para, toks[k]):
        k -= 1
    if toks[k].text in {".", "!", "?", ";", ":", "\u2026"} and k >= 1:
        k -= 1
    return toks[k].end


# --------------------------------------------------------------------------- resolution


class _Resolver:
    """Resolves subject noun phrases to speakers, in document order."""

    def __init__(self, document: Document, paras: list[_Para], profiles: dict[str, dict],
                 persons: Mapping[str, tuple[str | None, frozenset[str]]]) -> None:
        self.document = document
        self.paras = paras
        self.profiles = profiles
        self.persons = persons
        # Resolved speaker references usable as antecedents: (para, token, speaker).
        self.refs: list[tuple[int, int, _Speaker]] = []
        self.person_ids = self._plausible_persons()
        voice = document.meta.get("voice", "") or ""
        self.doc_voice = voice if voice and voice not in {"reporter", "author", "speaker_turns",
                                                          "narrator", "unknown"} else None

    # -- helpers
    def _plausible_persons(self) -> set[str]:
        """Ids that "he"/"she" may refer to: register persons, and spaCy PERSON entities
        with at least two name words ("Amro Abdelhamid") or a title ("Mr Govorov",
        "spokeswoman X"); a one-word PERSON entity alone is often a place or a thing the
        NER mislabelled ("Bali", "Oreshnik")."""
        from .actors import TITLE_WORDS

        ok: set[str] = set()
        for para in self.paras:
            toks = para.tokens
            for m in para.mentions:
                if not m.person or not m.actor_id or m.actor_id in ok:
                    continue
                if not str(m.actor_id).startswith("unlinked:") or m.method == "register":
                    ok.add(m.actor_id)
                    continue
                words = [t for t in toks[m.t0:m.t1] if t.text[:1].isalpha() and t.lower != "the"]
                prev = toks[m.t0 - 1] if m.t0 > 0 else None
                titled = prev is not None and prev.text[:1].isupper() and prev.lower in TITLE_WORDS
                prof = self.profiles.get(m.actor_id)
                if len(words) >= 2 or titled or (prof and prof["roles"]):
                    ok.add(m.actor_id)
        return ok

    def _gender(self, actor_id: str | None) -> str | None:
        if not actor_id:
            return None
        prof = self.profiles.get(actor_id)
        return prof["gender"] if prof else None

    def _from_mention(self, m: _Mention, resolution: str, text: str | None = None) -> _Speaker:
        return _Speaker(m.actor_id, m.name, text if text is not None else m.text, resolution,
                        self._gender(m.actor_id) if m.person else None, m.person)

    def _span_text(self, para: _Para, np_: tuple[int, int]) -> str:
        toks = para.tokens
        a, b = para.original_span(toks[np_[0]].start, toks[np_[1] - 1].end)
        return self.document.text[a:b]

    def remember(self, para: _Para, token: int, speaker: _Speaker | None) -> None:
        # First/second person references ("I said", "you mentioned") are not antecedents
        # of a later "he"/"she".
        if speaker is not None and speaker.speaker_id and speaker.person and speaker.resolution != "turn" \
                and (speaker.speaker_id in self.person_ids or not speaker.speaker_id.startswith("unlinked:")):
            self.refs.append((para.index, token, speaker))

    # -- antecedents
    def _person_candidates(self, para_index: int, token: int, back: int = 1):
        """Persons mentioned (or resolved) before a position: this paragraph, then earlier."""
        for p in range(para_index, max(para_index - back, 0) - 1, -1):
            para = self.paras[p]
            items: list[tuple[int, _Speaker]] = []
            for m in para.mentions:
                if m.person and not m.hint and (p < para_index or m.t1 <= token) and \
                        para.tokens[m.t0].quote < 0 and m.actor_id in self.person_ids:
                    items.append((m.t0, self._from_mention(m, "pronoun")))
            for rp, rt, sp in self.refs:
                if rp == p and (p < para_index or rt < token):
                    items.append((rt, sp))
            for _, sp in sorted(items, key=lambda x: x[0], reverse=True):
                yield sp

    def pronoun(self, para: _Para, token: int, word: str, text: str) -> _Speaker:
        word = word.lower()
        if word in FIRST_PERSON:
            if para.narrator is not None and para.narrator.resolution == "turn":
                n = para.narrator
                return _Speaker(n.speaker_id, n.speaker_name, text, "turn", n.gender, True)
            if self.doc_voice:
                return _Speaker(self.doc_voice, self.doc_voice, text, "pronoun")
            return _Speaker(None, None, text, "none")
        if word == "you" and para.narrator is not None and para.narrator.resolution == "turn":
            # In a transcript, "you" is whoever spoke last before this turn.
            other = self.previous_turn_speaker(para)
            if other is not None:
                return _Speaker(other.speaker_id, other.speaker_name, text, "turn", other.gender, True)
            return _Speaker(None, None, text, "none")
        if word in PRONOUN_GENDER:
            gender = PRONOUN_GENDER[word]
            me = para.narrator.speaker_id if para.narrator is not None and para.narrator.resolution == "turn" else None
            for sp in self._person_candidates(para.index, token):
                if sp.gender and sp.gender != gender:
                    continue
                if me is not None and sp.speaker_id == me:
                    continue  # "he" in Putin's turn is not Putin
                return _Speaker(sp.speaker_id, sp.speaker_name, text, "pronoun", sp.gender, True)
        if word == "it":
            for m in reversed([m for m in para.mentions if m.t1 <= token and not m.person and not m.hint
                               and para.tokens[m.t0].sent >= para.tokens[token].sent - 1]):
                return self._from_mention(m, "pronoun", text)
        hint = self._hint(para, token, token + 1)
        if hint:
            return self._from_mention(hint, "pronoun", text)
        return _Speaker(None, None, text, "none")

    def previous_turn_speaker(self, para: _Para) -> _Speaker | None:
        """The narrator of the nearest earlier paragraph spoken by someone else."""
        me = para.narrator.speaker_id if para.narrator is not None else None
        for p in range(para.index - 1, -1, -1):
            n = self.paras[p].narrator
            if n is not None and n.resolution == "turn" and n.speaker_id != me:
                return n
        return None

    def _hint(self, para: _Para, t0: int, t1: int) -> _Mention | None:
        for m in para.mentions:
            if m.hint and m.t0 < t1 and t0 < m.t1 and m.actor_id and not m.actor_id.startswith("unlinked:"):
                return m
        return None

    def role(self, para: _Para, np_: tuple[int, int], role: str, gender: str | None, text: str) -> _Speaker:
        toks = para.tokens
        if role == "author":
            if self.doc_voice:
                return _Speaker(self.doc_voice, self.doc_voice, text, "role")
            return _Speaker(None, None, text, "none")
        indefinite = toks[np_[0]].lower in {"a", "an", "one"}
        if not indefinite:
            # Nearest earlier person holding the role: this paragraph first, then back.
            for p in range(para.index, -1, -1):
                cands = []
                for m in self.paras[p].mentions:
                    if not m.person or m.hint or (p == para.index and m.t0 >= np_[0]):
                        continue
                    cands.append((m.t0, m))
                for rp, rt, sp in self.refs:
                    if rp == p and (p < para.index or rt < np_[0]) and sp.speaker_id in self.profiles:
                        cands.append((rt, sp))
                for _, c in sorted(cands, key=lambda x: x[0], reverse=True):
                    actor_id = c.actor_id if isinstance(c, _Mention) else c.speaker_id
                    prof = self.profiles.get(actor_id or "")
                    if not prof or not _role_matches(role, prof["roles"]):
                        continue
                    if gender and prof["gender"] and prof["gender"] != gender:
                        continue
                    if isinstance(c, _Mention):
                        return self._from_mention(c, "role", text)
                    return _Speaker(c.speaker_id, c.speaker_name, text, "role", c.gender, True)
        hint = self._hint(para, *np_)
        if hint:
            return self._from_mention(hint, "role", text)
        # Cataphora ("a senior Russian diplomat stated ... <next paragraph> Grushko told"):
        # the first person holding the role named later in this or the next paragraph.
        for p in range(para.index, min(para.index + 2, len(self.paras))):
            for m in self.paras[p].mentions:
                if not m.person or m.hint or (p == para.index and m.t0 < np_[1]):
                    continue
                prof = self.profiles.get(m.actor_id or "")
                if prof and _role_matches(role, prof["roles"]) and not (
                        gender and prof["gender"] and prof["gender"] != gender):
                    return self._from_mention(m, "role", text)
        # "Russia's foreign minister" with no holder known: at least the state it names.
        states = [m for m in para.mentions if not m.person and not m.hint and m.t0 < np_[1] and np_[0] < m.t1]
        if states:
            return self._from_mention(states[-1], "role", text)
        return _Speaker(None, None, text, "none")

    def plural(self, para: _Para, np_: tuple[int, int], text: str) -> _Speaker | None:
        """ "the two powers", "both leaders": the last two actors of that kind, joined."""
        toks = para.tokens
        words = [t.lower for t in toks[np_[0]:np_[1]]]
        for w_i, w in enumerate(words):
            if w in {"two", "both"} and w_i + 1 < len(words):
                noun = words[w_i + 1]
                want_person = noun in {"leaders", "presidents", "ministers", "men", "women", "heads"}
                found: list[_Mention] = []
                for p in range(para.index, max(para.index - 2, 0) - 1, -1):
                    for m in reversed(self.paras[p].mentions):
                        if m.hint or (p == para.index and m.t0 >= np_[0]) or m.person != want_person:
                            continue
                        if not want_person and m.actor_type not in {"state", "igo", "place"}:
                            continue
                        if m.actor_id not in {f.actor_id for f in found}:
                            found.append(m)
                        if len(found) == 2:
                            break
                    if len(found) == 2:
                        break
                if len(found) == 2:
                    ids = sorted(str(f.actor_id) for f in found)
                    return _Speaker(";".join(ids), " and ".join(f.name for f in reversed(found)), text,
                                    "role", None, want_person)
        return None

    def resolve(self, para: _Para, np_: tuple[int, int]) -> _Speaker:
        """The speaker a subject noun phrase names."""
        toks = para.tokens
        text = self._span_text(para, np_)
        inside = [m for m in para.mentions if m.t0 >= np_[0] and m.t1 <= np_[1] and not m.hint]
        persons = [m for m in inside if m.person]
        words = " ".join(t.lower for t in toks[np_[0]:np_[1]])
        head = toks[np_[1] - 1]
        if len(toks[np_[0]:np_[1]]) == 1 and head.lower in _SUBJECT_PRONOUNS | {"him", "her"}:
            return self.pronoun(para, np_[0], head.lower, text)
        joint = self.joint(para, np_, inside, text)
        if joint is not None:
            return joint
        roles = _roles_in(words)
        # "Lavrov's deputy": a role after a possessive person is someone else.
        head_role = roles and words.endswith(tuple(r for r in ROLE_NOUNS if ROLE_NOUNS[r][0] == roles[-1][0]))
        if persons and not (head_role and persons[-1].t1 < np_[1] - 1 and toks[persons[-1].t1].lower == "'s"):
            return self._from_mention(persons[-1], "named", text)
        plural = self.plural(para, np_, text)
        if plural is not None:
            return plural
        if roles and head_role:
            role, gender = roles[-1]
            return self.role(para, np_, role, gender, text)
        if inside:
            # A document's issuer, or an organisation or state named as the subject.
            ids = []
            for m in inside:
                if m.actor_id not in ids:
                    ids.append(m.actor_id)
            if _is_document_np(para, np_) and len(ids) > 1:
                return _Speaker(";".join(sorted(map(str, ids))), " and ".join(m.name for m in inside),
                                text, "named")
            return self._from_mention(inside[-1], "named", text)
        hint = self._hint(para, *np_)
        if hint:
            return self._from_mention(hint, "role", text)
        short = self.short_name(para, np_, text)
        if short is not None:
            return short
        return _Speaker(None, None, text, "none")

    def joint(self, para: _Para, np_: tuple[int, int], inside: list[_Mention], text: str) -> _Speaker | None:
        """ "China and Russia said": every conjunct names an actor -> their ids, ";"-joined
        and sorted (as for joint statements); None unless the phrase is such a list."""
        toks = para.tokens
        cuts = [k for k in range(np_[0], np_[1]) if toks[k].lower in {"and", ","}]
        if not any(toks[k].lower == "and" for k in cuts) or len(inside) < 2:
            return None
        bounds = [np_[0], *[c for c in cuts], np_[1]]
        picked: list[_Mention] = []
        for a, b in zip(bounds, bounds[1:]):
            a = a + 1 if a in cuts else a
            part = [m for m in inside if m.t0 >= a and m.t1 <= b]
            if not part:
                if b - a <= 0:
                    continue
                return None  # "the security and stability of Russia": not a list of speakers
            persons = [m for m in part if m.person]
            picked.append(persons[-1] if persons else part[-1])
        ids = sorted({str(m.actor_id) for m in picked})
        if len(ids) < 2:
            return None
        return _Speaker(";".join(ids), " and ".join(m.name for m in picked), text, "named", None, False)

    def short_name(self, para: _Para, np_: tuple[int, int], text: str) -> _Speaker | None:
        """ "the Commission" after "the European Commission": the earlier actor whose
        name ends with the same capitalised word(s)."""
        toks = para.tokens[np_[0]:np_[1]]
        if not toks or toks[0].lower != "the" or len(toks) > 3 or not all(t.text[:1].isupper() for t in toks[1:]) \
                or len(toks) < 2:
            return None
        tail = " ".join(t.lower for t in toks[1:])
        for p in range(para.index, -1, -1):
            for m in reversed(self.paras[p].mentions):
                if m.hint or (p == para.index and m.t0 >= np_[0]) or m.person:
                    continue
                for name in (m.text, m.name):
                    low = " ".join(name.lower().split())
                    if low.endswith(" " + tail) and low != tail:
                        return self._from_mention(m, "named", text)
        return None


def _gender_of(actor_id: str, persons: Mapping) -> str | None:
    base = persons.get(actor_id)
    return base[0] if base else None


# --------------------------------------------------------------------------- classification


def _content_tokens(para: _Para, q: _QSpan) -> list[_Tok]:
    return [t for t in para.tokens if t.start >= q.a and t.end <= q.b]


def _title_like(para: _Para, q: _QSpan) -> bool:
    """A title, term or mentioned word: after a naming noun, or capitalised words, no verb."""
    k = _token_before(para, q.open_at)
    if k is not None and para.tokens[k].lower in TITLE_NOUNS and para.text[para.tokens[k].end:q.open_at].strip() == "":
        return True  # 'the statement "Joint Vision ..."', 'the words "and cooperation"'

    words = re.findall(r"[^\W\d_]+", para.text[q.a:q.b])
    content = [w for w in words if len(w) > 3]
    toks = _content_tokens(para, q)
    finite = any(_is_finite(t) for t in toks if t.tag)
    if len(words) >= 2 and content and not finite:
        caps = sum(1 for w in content if w[0].isupper())
        if caps / len(content) >= 0.75:
            return True
    return False


def _sentence_like(para: _Para, q: _QSpan) -> bool:
    text = para.text[q.a:q.b]
    toks = _content_tokens(para, q)
    finite = any(_is_finite(t) for t in toks if t.tag) if any(t.tag for t in toks) else True
    first = next((ch for ch in text if ch.isalpha()), "")
    ends = text.rstrip("\"' )").endswith(tuple(_TERMINAL)) or bool(re.search(r"[.!?]\s+[A-Z]", text))
    return bool(first) and first.isupper() and finite and ends


def _opens_clause(para: _Para, q: _QSpan) -> bool:
    """The quote starts its sentence (or follows a colon, a dash or another quote)."""
    # The sentence of the content: a splitter may leave an opening mark at the end of
    # the previous sentence ('... approach. "' + 'Yes, this is ...').
    s = para.sentence_at(q.a)
    s_start = para.offsets[s]
    if q.open_at < s_start:
        return True
    before = para.text[s_start:q.open_at].strip()
    if not before:
        return True
    return before[-1] in ":\u2013\u2014\"'" or before.endswith("--")


def _trailing_cue(para: _Para, q: _QSpan) -> _Cue | None:
    """A cue right after the closing mark: '"...," Zakharova asserted' / 'said X' /
    '--he said' / ', according to ...'. Only when the quote opens its clause."""
    if q.close_at is None or not _opens_clause(para, q):
        return None
    after = _token_at_or_after(para, q.close_at + 1)
    if after is None:
        return None
    toks = para.tokens
    k = after
    while k < len(toks) and toks[k].text in {",", "\u2013", "\u2014", "-", "--"}:
        k += 1
    # The quote's own sentence ended ('"... ." Then a new sentence') unless the content
    # ended with ?/! and the next word is lower case ('"Why?" he asked').
    content = para.text[q.a:q.b].rstrip()
    if content.endswith(".") and k == after:
        return None
    first_after = toks[k] if k < len(toks) else None
    if content.endswith(("?", "!")) and first_after is not None and first_after.lower in _SUBJECT_PRONOUNS \
            and first_after.text[:1].isupper():
        return None  # '"How old are you?" He said: "..."' -- a new sentence
    for cue in para.cues:
        if cue.quote_sep == ":":
            continue  # 'He said: "..."' introduces the next quote, not the previous one
        if cue.form in {"verb", "according", "participle"} and cue.subject is not None:
            first = min(cue.v0, cue.subject[0])
            if first == k or (cue.v0 == k and cue.subject[0] > cue.v0):
                return cue
    return None


def _classify(para: _Para, q: _QSpan, cue: _Cue | None, how: str) -> bool:
    """Whether a quoted span is a quotation (see the module docstring for the rules)."""
    words = count_words(para.text[q.a:q.b])
    if words == 0:
        return False
    if how in {"adjacent", "trailing", "colon"}:
        return True
    if how == "adjacent-that":
        return words >= 3 or _sentence_like(para, q)
    if _title_like(para, q):
        return False
    if how == "embedded":
        return words >= MIN_PARTIAL_WORDS
    if how in {"split", "continued"}:
        return True
    if how == "carried" and words >= 3:
        return True
    toks = _content_tokens(para, q)
    finite = any(_is_finite(t) for t in toks if t.tag)
    if _sentence_like(para, q) and words >= MIN_UNCUED_SENTENCE_WORDS:
        return True
    return finite and words >= MIN_UNCUED_WORDS


# --------------------------------------------------------------------------- main


def extract_quotes(
    document: Document,
    parsed_sentences: Sequence[tuple[Sentence, Any]],
    actor_mentions: Any = None,
    *,
    register: Any = None,
    persons: Mapping[str, tuple[str | None, frozenset[str]]] | None = None,
) -> list[dict]:
    """Direct and indirect quotations of one parsed document, as ``quotes`` rows.

    ``parsed_sentences`` are ``(Sentence, spaCy Doc)`` pairs (the Doc built from
    ``sentence.clean_text``, with tagger and NER); ``actor_mentions`` are this
    document's ``actor_mentions`` rows (DataFrame or dicts; may be empty, then spaCy
    PERSON/ORG/GPE/NORP entities stand in with ids ``"unlinked:<name>"``). ``persons``
    maps person ids to ``(gender, roles)`` (default :data:`DEFAULT_PERSONS`); the
    ``register`` (default: the packaged one) adds every person's offices as roles and
    the names that turn transcript labels into ids.

    Rows follow :data:`QUOTE_COLUMNS`; ``document.text[start:end] == text`` and
    ``document.text[cue_start:cue_end] == cue`` whenever a cue is given.

    >>> import spacy
    >>> from analysis.corpus import corpus_from_texts
    >>> nlp = spacy.blank("en")
    >>> doc = corpus_from_texts({"d": "\\u201cWe are ready,\\u201d said Lavrov. \\u201cFully.\\u201d"})["d"]
    >>> rows = extract_quotes(doc, [(s, nlp(s.clean_text)) for s in doc.sentences])
    >>> [(r["text"], r["speaker_id"]) for r in rows]
    [('We are ready', 'unlinked:lavrov'), ('Fully.', 'unlinked:lavrov')]
    """
    persons = DEFAULT_PERSONS if persons is None else persons
    paras = _build_paragraphs(document, list(parsed_sentences))
    if not paras:
        return []
    register = _register(register)
    _attach_mentions(document, paras, _rows_of(actor_mentions), register)
    profiles = _person_profiles(paras, persons, _register_persons(register))
    resolver = _Resolver(document, paras, profiles, persons)
    _assign_narrators(document, paras, persons, profiles, _register_names(register), register)

    # A blank pipeline (no tagger, no NER) gets crude stand-ins; see _capitalised_fallback.
    untagged = not any(t.tag for para in paras for t in para.tokens)
    for para in paras:
        if para.paragraph.role in {"epigraph", "attribution", "byline", "header", "date"}:
            continue
        para.quotes = _find_quote_spans(document, para)
        for q_index, q in enumerate(para.quotes):
            for t in para.tokens:
                if t.start >= q.a and t.end <= q.b:
                    t.quote = q_index
                elif t.start in {q.open_at} or (q.close_at is not None and t.start == q.close_at):
                    t.mark = True
        if untagged:
            _capitalised_fallback(para)
        para.cues = _find_cues(para)

    # Continuations: a paragraph left open, the next prose paragraph opening with a quote.
    for prev, para in zip(paras, paras[1:]):
        if prev.quotes and prev.quotes[-1].close_at is None and para.quotes \
                and para.quotes[0].open_at == 0 and not para.quotes[0].single:
            para.quotes[0].continues_from = prev.quotes[-1]

    rows: list[dict] = []
    last_quoted: _Speaker | None = None  # speaker of the last quote, for carried quotes
    for para in paras:
        # Resolve every cue's speaker in text order (earlier speakers become antecedents).
        for cue in para.cues:
            np_ = cue.subject or cue.source
            if np_ is None:
                continue
            cue.speaker = resolver.resolve(para, np_)
            resolver.remember(para, np_[0], cue.speaker)
        if para.paragraph.role == "epigraph":
            row = _epigraph_row(document, paras, para, resolver)
            if row:
                rows.append(row)
            continue
        rows.extend(_direct_rows(document, para, paras, resolver, last_quoted))
        accepted = [q for q in para.quotes if q.accepted]
        if accepted and accepted[-1].speaker is not None:
            last_sentence = len(para.sentences) - 1
            last_quoted = accepted[-1].speaker if para.sentence_at(accepted[-1].a) == last_sentence \
                or accepted[-1].close_at is None else None
        else:
            last_quoted = None
        rows.extend(_indirect_rows(document, para))
    rows.sort(key=lambda r: (r["start"], r["end"], r["kind"]))
    for quote_id, row in enumerate(rows):
        row["quote_id"] = quote_id
    return rows


def _capitalised_fallback(para: _Para) -> None:
    """Without NER (a blank pipeline), a capitalised word right before or after a cue verb
    stands for a person, so the module still works in doctests and on bare installs."""
    toks = para.tokens
    for i, t in enumerate(toks):
        if CUE_FORMS.get(t.lower) is None:
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(toks) and toks[j].text[:1].isupper() and toks[j].text.isalpha() \
                    and toks[j].lower not in _SUBJECT_PRONOUNS | _INDEFINITE and toks[j].quote < 0:
                toks[j].pos = toks[j].pos or "PROPN"
                para.mentions.append(_Mention(para.index, j, j + 1, "unlinked:" + toks[j].lower,
                                              toks[j].text, True, toks[j].text, "ner"))
    for t in toks:
        if not t.tag:
            low = t.lower
            if low in CUE_FORMS:
                form = CUE_FORMS[low]
                t.tag = "VBG" if low.endswith("ing") else ("VBZ" if low.endswith("s") and low != form else "VBD")
            elif low in _SUBJECT_PRONOUNS:
                t.tag, t.pos = "PRP", "PRON"
            elif low in {"the", "a", "an"}:
                t.tag, t.pos = "DT", "DET"
            elif low in {"that"}:
                t.tag = "IN"
            elif low in {",", ".", ":", "!", "?"}:
                t.tag = low
    para.mentions.sort(key=lambda m: (m.t0, m.t1))


def _narrator_ids(document: Document, names: Mapping[str, str], register: Any = None) -> dict[int, tuple[str | None, str | None]]:
    """(speaker_id, label) of the narrator of every paragraph: the speaker of the
    transcript turn it belongs to, else the document's ``voice`` (None for the untitled
    parts of a transcript, e.g. its title line)."""
    voice = document.meta.get("voice") or None
    out: dict[int, tuple[str | None, str | None]] = {}
    cache: dict[str, str] = {}
    turns = sorted(document.turns, key=lambda t: t.label_start)
    starts = [t.label_start for t in turns]
    for p in document.paragraphs:
        k = bisect.bisect_right(starts, p.start) - 1
        turn = turns[k] if k >= 0 and p.end <= turns[k].end else None
        if turn is not None:
            if turn.label not in cache:
                cache[turn.label] = label_speaker_id(turn.label, names=names, register=register)
            out[p.paragraph_id] = (cache[turn.label], turn.label)
        else:
            out[p.paragraph_id] = (None if voice == "speaker_turns" else voice, None)
    return out


def _assign_narrators(document: Document, paras: list[_Para], persons: Mapping, profiles: dict,
                      names: Mapping[str, str], register: Any = None) -> None:
    """The narrator of every paragraph: a turn's speaker, or the document's voice."""
    ids = _narrator_ids(document, names, register)
    for para in paras:
        speaker_id, label = ids.get(para.paragraph.paragraph_id, (None, None))
        if label is not None:
            gender = profiles.get(speaker_id or "", {}).get("gender") or _gender_of(speaker_id or "", persons)
            name = re.sub(r"\s*\([^)]*\)\s*", " ", label).strip()
            para.narrator = _Speaker(speaker_id, name, label, "turn", gender, True)
        else:
            para.narrator = _Speaker(speaker_id, speaker_id, None, "none")


def _row(document: Document, para: _Para, a: int, b: int, kind: str, speaker: _Speaker | None,
         cue: _Cue | None, cue_para: _Para | None = None) -> dict:
    start, end = para.original_span(a, b)
    row = {
        "doc_id": document.doc_id, "paragraph_id": para.paragraph.paragraph_id, "quote_id": -1,
        "start": start, "end": end, "text": document.text[start:end], "kind": kind,
        "speaker_id": None, "speaker_name": None, "speaker_text": None,
        "cue": None, "cue_start": None, "cue_end": None, "resolution": "none",
    }
    if speaker is not None:
        row.update(speaker_id=speaker.speaker_id, speaker_name=speaker.speaker_name,
                   speaker_text=speaker.speaker_text, resolution=speaker.resolution)
    if cue is not None:
        cp = cue_para or para
        toks = cp.tokens
        c0, c1 = cp.original_span(toks[cue.v0].start, toks[cue.v1 - 1].end)
        row.update(cue=document.text[c0:c1], cue_start=c0, cue_end=c1)
    return row


def _direct_rows(document: Document, para: _Para, paras: list[_Para], resolver: _Resolver,
                 last_quoted: _Speaker | None) -> list[dict]:
    rows = []
    previous: _QSpan | None = None
    previous_trailing_end: int | None = None
    for q in para.quotes:
        cue, how = _quote_cue(para, q)
        if cue is None and q.continues_from is not None and q.continues_from.accepted:
            cue, how = q.continues_from.cue, "continued"
            q.speaker = q.continues_from.speaker
        elif cue is None and previous is not None and previous.accepted and previous_trailing_end is not None \
                and para.text[previous_trailing_end:q.open_at].strip(" .,;:\u2013\u2014") == "":
            cue, how = previous.cue, "split"
            q.speaker = previous.speaker
        elif cue is None and q.open_at == 0 and last_quoted is not None and not q.single:
            how = "carried"
            q.speaker = last_quoted
        q.accepted = _classify(para, q, cue, how)
        if not q.accepted:
            continue
        q.cue, q.how = cue, how
        if q.speaker is None:
            q.speaker = cue.speaker if cue is not None else _Speaker(None, None, None, "none")
        cue_para = paras[cue.para] if cue is not None else None
        q.row = _row(document, para, q.a, q.b, "direct", q.speaker, cue, cue_para)
        rows.append(q.row)
        if how not in {"continued", "carried"} and q.speaker.speaker_id is not None:
            # '"First part ...' + new paragraph + '"... second part," she said.': the cue
            # of the last part names the speaker of the earlier, uncued parts too.
            earlier = q.continues_from
            while earlier is not None and earlier.accepted and earlier.row is not None \
                    and earlier.speaker is not None and earlier.speaker.speaker_id is None:
                earlier.speaker, earlier.cue = q.speaker, cue
                fresh = _row(document, paras[earlier.para], earlier.a, earlier.b, "direct", q.speaker, cue, cue_para)
                earlier.row.update({k: v for k, v in fresh.items() if k != "quote_id"})
                earlier = earlier.continues_from
        previous = q
        previous_trailing_end = None
        if how == "trailing" and cue is not None:
            # The end of the cue clause ('she explained.'): a following quote is its second part.
            toks = para.tokens
            end_tok = max(cue.v1, cue.subject[1] if cue.subject else cue.v1)
            while end_tok < len(toks) and toks[end_tok].text not in {".", ",", ";", ":"} and not toks[end_tok].mark:
                end_tok += 1
            previous_trailing_end = toks[end_tok - 1].end if end_tok > 0 else None
    return rows


def _quote_cue(para: _Para, q: _QSpan) -> tuple[_Cue | None, str]:
    """The cue of a quoted span and how it is attached (adjacent/trailing/embedded)."""
    content = para.text[q.a:q.b].rstrip()
    ends_open = content.endswith((",", "?", "!")) or para.text[q.a:q.close_at or q.b].rstrip().endswith(",")
    adjacent = next((c for c in para.cues if c.quote_open == q.open_at and c.speaker is not None), None)
    trailing = _trailing_cue(para, q)
    if trailing is not None and trailing.speaker is None:
        trailing = None
    if adjacent is not None and not (trailing is not None and ends_open):
        if adjacent.form == "colon":
            return adjacent, "colon"
        # 'said that "..."' and 'I say "we" because ...' (no comma or colon): the quoted
        # words may be a mentioned word, so they need to look like speech.
        bare = adjacent.comp_kind == "that" or adjacent.quote_sep not in {":", ","}
        return adjacent, "adjacent-that" if bare else "adjacent"
    if trailing is not None:
        return trailing, "trailing"
    if adjacent is not None:
        return adjacent, "adjacent"
    s = para.sentence_at(q.a)
    for cue in reversed(para.cues):
        if cue.sent != s or cue.comp is None or cue.speaker is None:
            continue
        if cue.comp[0] <= q.open_at and (q.b <= cue.comp[1] + 2):
            return cue, "embedded"
    return None, ""


def _indirect_rows(document: Document, para: _Para) -> list[dict]:
    """Reported clauses of a paragraph (not those that are wholly a direct quotation)."""
    rows = []
    accepted = [q for q in para.quotes if q.accepted]
    cues = [c for c in para.cues if c.comp is not None and c.comp_kind not in {"quote"} and c.speaker is not None]
    # A later cue inside an earlier clause ends that clause (", adding that ...").
    spans: list[tuple[_Cue, int, int]] = []
    for cue in cues:
        a, b = cue.comp
        for other in para.cues:
            if other is cue or other.sent != cue.sent or other.speaker is None:
                continue
            start_tok = other.v0
            if other.subject is not None and para.tokens[other.subject[0]].start >= a:
                start_tok = min(other.v0, other.subject[0])
            other_start = para.tokens[start_tok].start
            if a < other_start < b and (other.comp and other.comp[0] > a or other.quote_open is not None):
                b = min(b, other_start)
        text = para.text
        while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:\u2013\u2014-"):
            b -= 1
        while a < b and (text[a].isspace() or text[a] in ",;:\u2013\u2014-"):
            a += 1
        spans.append((cue, a, b))
    for cue, a, b in spans:
        if b - a < 3 or count_words(para.text[a:b]) < 2:
            continue
        inside = [t for t in para.tokens if a <= t.start < b]
        if count_words(para.text[a:b]) <= MAX_VERBLESS_REPORT_WORDS and any(t.tag for t in inside) \
                and not any(_is_finite(t) for t in inside if t.tag):
            continue  # "In fact, they are saying ...", "You mentioned several elements": no clause
        np_ = cue.subject or cue.source
        if np_ is not None and para.tokens[np_[0]].lower in FIRST_PERSON and np_[1] - np_[0] == 1:
            continue  # the narrator's own report of what they said: still the narrator
        if cue.speaker.speaker_id is None and np_ is not None and np_[1] - np_[0] == 1 \
                and para.tokens[np_[0]].lower == "it":
            continue  # an unresolved "it" is rarely a speaker ("it reaffirms Russia's vision")
        if cue.comp_kind == "trailing" and (
                any(t.mark for t in para.tokens if a <= t.start < b)
                or any(c is not cue and c.speaker is not None and a <= para.tokens[c.v0].start < b for c in cues)
                or any(c is not cue and c.subject is not None and a <= para.tokens[c.v0].start < b
                       for c in para.cues)):
            continue  # '"...," he said, according to ...': the clause is a quote and its cue
        # Wholly a direct quotation (with its marks)? Then the direct row says it all.
        if any(q.open_at <= a and (q.close_at is None or q.close_at + 1 >= b) for q in accepted):
            continue
        rows.append(_row(document, para, a, b, "indirect", cue.speaker, cue))
    return rows


def _epigraph_row(document: Document, paras: list[_Para], para: _Para, resolver: _Resolver) -> dict | None:
    """An epigraph, spoken by whoever its attribution paragraph names."""
    a, b = 0, len(para.text)
    text = para.text
    while a < b and (text[a].isspace() or text[a] in "\"'"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in "\"'"):
        b -= 1
    if b <= a:
        return None
    nxt = next((p for p in paras if p.index > para.index), None)
    speaker = _Speaker(None, None, None, "epigraph")
    cue = None
    if nxt is not None and nxt.paragraph.role == "attribution":
        mentions = [m for m in nxt.mentions if not m.hint]
        persons = [m for m in mentions if m.person]
        chosen = persons[0] if persons else (mentions[-1] if mentions else None)
        if chosen is not None:
            speaker = resolver._from_mention(chosen, "epigraph")
        else:
            speaker = _Speaker(None, None, nxt.paragraph.text.strip(), "epigraph")
        cue = nxt
    row = _row(document, para, a, b, "direct", speaker, None)
    if cue is not None:
        c0, c1 = cue.original_span(0, len(cue.text))
        row.update(cue=document.text[c0:c1], cue_start=c0, cue_end=c1)
    return row


# --------------------------------------------------------------------------- speaker spans


def speaker_spans(document: Document, quotes: Sequence[Mapping] | pd.DataFrame, *,
                  register: Any = None) -> list[dict]:
    """Partition every sentence of ``document`` into spans with a speaker and a voice.

    ``voice`` is ``quoted`` inside a direct quotation (or an epigraph), ``reported``
    inside a reported clause, ``narrator`` elsewhere, where ``speaker_id`` is the turn's
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
    rows_q = _rows_of(quotes)
    register = _register(register)
    narrators = _narrator_ids(document, _register_names(register), register)
    # Layers: reported clauses (priority 1) under direct quotes (priority 2).
    layers = []
    for r in rows_q:
        if _is_missing(r.get("start")) or _is_missing(r.get("end")):
            continue
        prio = 2 if r.get("kind") == "direct" else 1
        sid = None if _is_missing(r.get("speaker_id")) else r.get("speaker_id")
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
                        "voice": v, "quote_id": None if _is_missing(qid) else int(qid)})
    return out


# Words that head an office or an organisation in a transcript label ("Governor of the
# Kursk Region Alexei Smirnov", "CEO of FANA Broadcasting Corporate ..."): the person's name
# is what follows the last of them.
_LABEL_ORG_WORDS = frozenset("""
region territory krai oblast republic federation state states kingdom union council committee
ministry department agency service office administration government assembly duma parliament
court bank board corporation corporate company holding group media news broadcasting network
channel agency fund foundation institute institution university academy school centre center
party movement front commission chamber church directorate club forum society association
organisation organization navy army forces guard troops staff district city province emirate
studies research relations memory museum theatre theater gallery library orchestra hospital
project programme program policy security development affairs magazine newspaper television
tv radio times post review journal daily agency press
moderator member mufti imam rabbi bishop archbishop metropolitan host presenter anchor
correspondent journalist editor ceo founder rector dean professor academician artist
""".split())
_NAME_PARTICLES = frozenset("bin bint ibn al el von van der den de da del di du la le dos das y ben abu".split())
_INITIALS_GLUED_RE = re.compile(r"\b([A-Z])\.(?=[A-Z][a-z])")
_LABEL_FORMS_CACHE: dict[str, frozenset[str]] = {}


def _non_person_forms(register: Any) -> frozenset[str]:
    """Surface forms of the register's non-person actors (states, organisations...)."""
    if register is None:
        return frozenset()
    key = getattr(register, "version", str(id(register)))
    if key not in _LABEL_FORMS_CACHE:
        forms = set()
        for actor in getattr(register, "actors", {}).values():
            if actor.type == "person":
                continue
            for form, _ in actor.forms():
                forms.add(" ".join(form.replace("\u2019", "'").split()))
        _LABEL_FORMS_CACHE[key] = frozenset(forms)
    return _LABEL_FORMS_CACHE[key]


def label_person_name(label: str, register: Any = None) -> str:
    """The person's name in a transcript label, without offices, titles, organisations and
    remarks in parentheses (the name is the run of capitalised words at the end).

    >>> label_person_name("Vice Premier of the State Council of the People's Republic of China Ding Xuexiang")
    'Ding Xuexiang'
    >>> label_person_name("Amro Abdelhamid (retranslated)"), label_person_name("V.Putin")
    ('Amro Abdelhamid', 'V. Putin')
    """
    from .actors import TITLE_WORDS

    clean = re.sub(r"\s*\([^)]*\)\s*", " ", label.replace("\u2019", "'"))
    clean = " ".join(_INITIALS_GLUED_RE.sub(r"\1. ", clean).split())
    tokens = clean.split()
    forms = _non_person_forms(_register(register))

    def boundary(tok: str) -> bool:
        low = tok.lower().strip(",;:")
        parts = [p for p in re.split(r"[-\u2013]", low) if p]
        if not tok[:1].isupper():
            return low not in _NAME_PARTICLES
        if re.fullmatch(r"[A-Z]\.", tok):
            return False  # an initial
        return ("'s" in low or any(ch.isdigit() for ch in tok) or low in TITLE_WORDS
                or low in _LABEL_ORG_WORDS or any(p in TITLE_WORDS or p == "in" for p in parts[1:2])
                or (len(tok) >= 2 and tok.isupper()))

    i = len(tokens)
    while i > 0:
        if boundary(tokens[i - 1]):
            break
        if any(" ".join(tokens[i - k:i]) in forms for k in range(1, min(4, i) + 1)
               if i < len(tokens) or k < i):
            break
        i -= 1
    name = tokens[i:]
    # "Minister of Agriculture Dmitry Patrushev", "Director General of UzA Abdusaid
    # Kuchimov": right after "of"/"for"/"and", the first word still names the office.
    if len(name) >= 3 and i > 0 and tokens[i - 1].lower() in {"of", "for", "and"}:
        name = name[1:]
    while name and name[0].lower() in _NAME_PARTICLES:
        name = name[1:]
    return " ".join(name) if name else clean


def label_speaker_id(label: str, known_ids: Iterable[str] = (), names: Mapping[str, str] | None = None,
                     register: Any = None) -> str:
    """Speaker id of a transcript label.

    The label's person name is taken from its end (:func:`label_person_name`: "President
    of the Plurinational State of Bolivia Luis Alberto Arce Catacora" -> "Luis Alberto Arce
    Catacora"; "(retranslated)" and other remarks in parentheses are dropped). ``names``
    maps lower-case person names and aliases to ids (the register's, see
    :func:`_register_names`): a full name or alias gives its id; so does the family name
    alone, initials and a family name ("V.Putin"), or a full name whose family name
    belongs to exactly one person of ``names`` and whose given name starts with the same
    letter (Sergei/Sergey). Otherwise the family name is a person id when it is in
    ``known_ids`` or :data:`DEFAULT_PERSONS` (unless ``names`` gives that person another
    given name). "Question" -> ``question``, "Remark" -> ``remark``, other anonymous
    labels -> ``unknown``, anyone else -> ``unlinked:<lower-case name>``.

    >>> label_speaker_id("President of Russia Vladimir Putin")
    'putin'
    >>> label_speaker_id("Question (retranslated)"), label_speaker_id("Remark")
    ('question', 'remark')
    >>> label_speaker_id("Fyodor Lukyanov", names={})
    'unlinked:fyodor lukyanov'
    """
    clean = " ".join(re.sub(r"\s*\([^)]*\)\s*", " ", label).split())
    low = clean.lower()
    if low in ANONYMOUS_LABELS:
        return ANONYMOUS_LABELS[low]
    names = dict(names or {})
    for name, actor_id in sorted(names.items(), key=lambda kv: -len(kv[0])):
        if low == name or low.endswith(" " + name):
            return actor_id
    person = label_person_name(clean, register)
    words = [re.sub(r"[^\w.'-]", "", w) for w in person.lower().split()]
    words = [w for w in words if w]
    if not words:
        return _unlinked_id(clean)
    full = " ".join(w for w in words)
    if full in names:
        return names[full]
    family = words[-1].strip(".")
    given = [w for w in words[:-1] if w not in _NAME_PARTICLES]
    only_initials = all(re.fullmatch(r"[a-z]\.?", w) for w in given)
    # Family names of the register's persons -> (id, given-name initials).
    owners: dict[str, set[str]] = {}
    initials: dict[str, set[str]] = {}
    for name, actor_id in names.items():
        parts = name.split()
        if not parts:
            continue
        owners.setdefault(parts[-1], set()).add(actor_id)
        if len(parts) > 1:
            initials.setdefault(actor_id, set()).add(parts[0][:1])
    ids = owners.get(family, set())

    def compatible(actor_id: str) -> bool:
        if not given or only_initials and all(w[:1] in initials.get(actor_id, {w[:1]}) for w in given[:1]):
            return True
        return given[0][:1] in initials.get(actor_id, {given[0][:1]})

    if len(ids) == 1:
        (actor_id,) = ids
        if compatible(actor_id):
            return actor_id
    elif not ids and (family in DEFAULT_PERSONS or family in set(known_ids)) and compatible(family):
        return family
    return _unlinked_id(" ".join(w for w in person.split() if not re.fullmatch(r"[A-Z]\.", w))
                        if not only_initials else person)


def speaker_spans_frame(rows: Sequence[Mapping]) -> pd.DataFrame:
    """Rows of :func:`speaker_spans` as a DataFrame with :data:`SPEAKER_SPAN_COLUMNS`."""
    frame = pd.DataFrame(list(rows), columns=SPEAKER_SPAN_COLUMNS)
    frame["quote_id"] = frame["quote_id"].astype("Int64")
    return frame


def quotes_frame(rows: Sequence[Mapping]) -> pd.DataFrame:
    """Rows of :func:`extract_quotes` as a DataFrame with :data:`QUOTE_COLUMNS`."""
    frame = pd.DataFrame(list(rows), columns=QUOTE_COLUMNS)
    for column in ("cue_start", "cue_end"):
        frame[column] = frame[column].astype("Int64")
    return frame


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
    sid = None if _is_missing(row["speaker_id"]) else row["speaker_id"]
    return sid, str(row["voice"])


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
