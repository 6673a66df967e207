"""The quote finder's main entry: one parsed document -> ``quotes`` rows.

:func:`extract_quotes` runs the stages in order: paragraphs and possible speakers
(:mod:`.paragraphs`), persons' roles (:mod:`.roles`), transcript narrators
(:mod:`.transcripts`), quotation marks (:mod:`.direct`) and cues (:mod:`.cues`) per
paragraph (a quote the previous line left open and this one closes without reopening
is its continuation: a line break inside a quotation), continuations across paragraphs
(the news convention: a paragraph left open, the next one opening with a mark), then per
paragraph in text order: cue speakers (:mod:`.resolve`), direct quotations and epigraphs
(:mod:`.direct`: with the colon cue ending the previous paragraph, and the speaker of the
last quote or report of the previous paragraph for a quote with no cue of its own) and
reported speech (:mod:`.reported`). Rows are sorted by position and numbered
(``quote_id``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

import pandas as pd

from analysis.corpus import Document, Sentence
from analysis.register import ActorRegister
from analysis.extract.quotes.cues import find_cues
from analysis.extract.quotes.direct import direct_rows, epigraph_row, find_quote_spans
from analysis.extract.quotes.learned import AttributionScorer, learned_cues, learned_rows, load_attribution_model
from analysis.extract.quotes.paragraphs import attach_mentions, build_paragraphs, capitalised_fallback
from analysis.extract.quotes.reported import headline_rows, indirect_rows
from analysis.extract.quotes.resolve import SpeakerResolver
from analysis.extract.quotes.roles import person_profiles, register_or_default, register_person_roles
from analysis.extract.quotes.structures import ProseParagraph, Speaker, rows_of
from analysis.extract.quotes.transcripts import assign_narrators, register_names
from analysis.extract.quotes.words import DEFAULT_PERSONS, UNQUOTED_PARAGRAPH_ROLES

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["extract_quotes", "last_speaker"]


def last_speaker(para: ProseParagraph | None) -> Speaker | None:
    """The last named voice of a paragraph: its last quotation's or speech cue's speaker."""
    if para is None:
        return None
    found: list[tuple[int, Speaker]] = [
        (q.a, q.speaker) for q in para.quotes
        if q.accepted and q.speaker is not None and q.speaker.speaker_id is not None]
    found += [(para.tokens[c.v0].start, c.speaker) for c in para.cues
              if c.sense == "speech" and c.speaker is not None and c.speaker.speaker_id is not None]
    return max(found, key=lambda item: item[0])[1] if found else None


def extract_quotes(
    document: Document,
    parsed_sentences: Sequence[tuple[Sentence, Doc]],
    actor_mentions: pd.DataFrame | Iterable[Mapping[str, Any]] | None = None,
    *,
    register: ActorRegister | None = None,
    persons: Mapping[str, tuple[str | None, frozenset[str]]] | None = None,
    attribution: AttributionScorer | None = None,
) -> list[dict]:
    """Direct and indirect quotations of one parsed document, as ``quotes`` rows.

    ``parsed_sentences`` are ``(Sentence, spaCy Doc)`` pairs (the Doc built from
    ``sentence.clean_text``, with tagger and NER); ``actor_mentions`` are this
    document's ``actor_mentions`` rows (DataFrame or dicts; may be empty, then spaCy
    PERSON/ORG/GPE/NORP entities stand in with ids ``"unlinked:<name>"``). ``persons``
    maps person ids to ``(gender, roles)`` (default :data:`DEFAULT_PERSONS`); the
    ``register`` (default: the packaged one) adds every person's offices as roles and
    the names that turn transcript labels into ids. ``attribution`` scores the parsed
    verbs no cue list knows (default: the packaged model, :mod:`.learned`).

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
    attribution = load_attribution_model() if attribution is None else attribution
    paras = build_paragraphs(document, list(parsed_sentences))
    if not paras:
        return []
    register = register_or_default(register)
    attach_mentions(document, paras, rows_of(actor_mentions), register)
    profiles = person_profiles(paras, persons, register_person_roles(register))
    resolver = SpeakerResolver(document, paras, profiles, persons)
    assign_narrators(document, paras, persons, profiles, register_names(register), register)

    # A blank pipeline (no tagger, no NER) gets crude stand-ins; see capitalised_fallback.
    untagged = not any(t.tag for para in paras for t in para.tokens)
    previous: ProseParagraph | None = None
    learned: dict[int, list] = {}  # paragraph index -> the learned model's cues
    for para in paras:
        if para.paragraph.role in UNQUOTED_PARAGRAPH_ROLES:
            previous = None
            continue
        # A quote left open by the line before, with no mark reopening it here: the
        # line broke inside the quotation ("... World Trade Organization rules and" /
        # "will be challenged," the spokesman said).
        open_before = previous is not None and bool(previous.quotes) and previous.quotes[-1].close_at is None \
            and previous.paragraph.paragraph_id + 1 == para.paragraph.paragraph_id
        para.quotes = find_quote_spans(document, para, open_before)
        previous = para
        for q_index, q in enumerate(para.quotes):
            for t in para.tokens:
                if t.start >= q.a and t.end <= q.b:
                    t.quote = q_index
                elif t.start == q.open_at or (q.close_at is not None and t.start == q.close_at):
                    t.mark = True
        if untagged:
            capitalised_fallback(para)
        para.cues = find_cues(para)
        learned[para.index] = learned_cues(para, attribution)

    # Continuations: a paragraph left open, the next prose paragraph opening with a quote.
    for prev, para in zip(paras, paras[1:]):
        if prev.quotes and prev.quotes[-1].close_at is None and para.quotes \
                and para.quotes[0].open_at <= 0 and not para.quotes[0].single:
            para.quotes[0].continues_from = prev.quotes[-1]

    rows: list[dict] = []
    last_quoted: Speaker | None = None  # speaker of the last quote, for carried quotes
    for para in paras:
        # Resolve every cue's speaker in text order (earlier speakers become antecedents).
        for cue in para.cues:
            np_ = cue.subject or cue.source
            if np_ is None:
                continue
            core = cue.core or np_
            cue.speaker = resolver.resolve(para, core, np_)
            resolver.remember(para, core[0], cue.speaker)
        # The learned cues' speakers, after the rules' (they are no antecedents: the rule
        # rows are the same with or without the model).
        for cue in learned.get(para.index, ()):
            cue.speaker = resolver.resolve(para, cue.core or cue.subject, cue.subject)
        if para.paragraph.role == "epigraph":
            row = epigraph_row(document, paras, para, resolver)
            if row:
                rows.append(row)
            continue
        before = paras[para.index - 1] if para.index > 0 else None
        lead = before.lead if before is not None and before.paragraph.paragraph_id + 1 == para.paragraph.paragraph_id \
            else None
        recent = last_speaker(before) if lead is not None or before is not None and \
            before.paragraph.paragraph_id + 1 == para.paragraph.paragraph_id else None
        rows.extend(direct_rows(document, para, paras, resolver, last_quoted, lead, recent))
        accepted = [q for q in para.quotes if q.accepted]
        last_sentence = len(para.sentences) - 1
        if accepted and accepted[-1].speaker is not None:
            last_quoted = accepted[-1].speaker if para.sentence_at(accepted[-1].a) == last_sentence \
                or accepted[-1].close_at is None else None
        else:
            # A paragraph whose last sentence reports a named speaker ("Sanders said in
            # an interview aboard his plane."): a quotation opening the next one is theirs.
            said = [c for c in para.cues if c.sent == last_sentence and c.sense == "speech"
                    and c.speaker is not None and c.speaker.speaker_id is not None and not accepted]
            last_quoted = said[-1].speaker if said else None
        rows.extend(indirect_rows(document, para))
        rows.extend(learned_rows(document, para, learned.get(para.index, ()), rows))
    rows.extend(headline_rows(document, paras, rows))
    rows.sort(key=lambda r: (r["start"], r["end"], r["kind"]))
    for quote_id, row in enumerate(rows):
        row["quote_id"] = quote_id
    return rows

