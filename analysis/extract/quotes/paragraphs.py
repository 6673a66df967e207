"""Stage 1: a document's prose paragraphs, their tokens and their possible speakers.

:func:`build_paragraphs` joins the sentences of every paragraph into one matching text
(``Sentence.clean_text`` joined by single spaces) and places the spaCy tokens on it;
:func:`attach_mentions` then lays the document's actor mentions on those tokens, plus the
spaCy entities the register missed (the register cannot know everyone), which are the
candidate speakers resolution chooses from. Without NER (a blank pipeline),
:func:`capitalised_fallback` lets a capitalised word next to a cue verb stand for a
person, so the package works in doctests and on bare installs.

>>> import spacy
>>> from analysis.corpus import corpus_from_texts
>>> nlp = spacy.blank("en")
>>> doc = corpus_from_texts({"d": "Peace now. Lavrov said so."})["d"]
>>> (para,) = build_paragraphs(doc, [(s, nlp(s.clean_text)) for s in doc.sentences])
>>> para.text, para.offsets, [t.text for t in para.tokens][:4]
('Peace now. Lavrov said so.', [0, 11], ['Peace', 'now', '.', 'Lavrov'])
>>> capitalised_fallback(para)
>>> [(m.actor_id, m.text) for m in para.mentions]
[('unlinked:lavrov', 'Lavrov')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from analysis.extract.actors import GENERIC_ENTITIES, NON_ACTOR_ENTITIES, normalise_name
from analysis.corpus import Document, Sentence
from analysis.register import ActorRegister
from analysis.extract.quotes.structures import Mention, ProseParagraph, Token, is_person_type, unlinked_id
from analysis.schema import AMBIGUOUS_PREFIX, UNLINKED_PREFIX, is_missing
from analysis.extract.quotes.words import ARTICLES, CUE_FORMS, ENTITY_ACTOR_TYPES, INDEFINITE_PRONOUNS, POSSESSIVE_ENDINGS, SUBJECT_PRONOUNS

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["build_paragraphs", "attach_mentions", "join_split_names", "link_family_names", "is_non_actor", "capitalised_fallback"]


def build_paragraphs(document: Document, parsed: Sequence[tuple[Sentence, Doc]]) -> list[ProseParagraph]:
    """The paragraphs of ``document`` that have parsed sentences, as :class:`ProseParagraph`.

    ``parsed`` are ``(Sentence, spaCy Doc)`` pairs; white-space tokens are dropped, and
    every token's ``start``/``end`` index the paragraph's joined text.
    """
    by_para: dict[int, list[tuple[Sentence, Doc]]] = {}
    for sentence, doc in parsed:
        by_para.setdefault(sentence.paragraph_id, []).append((sentence, doc))
    paras: list[ProseParagraph] = []
    for paragraph in document.paragraphs:
        items = by_para.get(paragraph.paragraph_id)
        if not items:
            continue
        items.sort(key=lambda item: item[0].sentence_id)
        offsets, parts, tokens, sent_tokens, syntax = [], [], [], [], []
        cursor = 0
        for s_index, (sentence, doc) in enumerate(items):
            offsets.append(cursor)
            parts.append(sentence.clean_text)
            first = len(tokens)
            parsed = doc.has_annotation("DEP")
            syntax.append(parsed)
            index: dict[int, int] = {}  # spaCy token index -> paragraph token index
            for tok in doc:
                if tok.is_space:
                    continue
                index[tok.i] = len(tokens)
                tokens.append(Token(
                    i=len(tokens), text=tok.text, lower=tok.lower_, tag=tok.tag_ or "",
                    pos=tok.pos_ or "", ent=tok.ent_type_ or "", ent_iob=tok.ent_iob_ or "",
                    ent_id=tok.ent_id_ or "",
                    start=cursor + tok.idx, end=cursor + tok.idx + len(tok.text), sent=s_index,
                    dep=tok.dep_ if parsed else "", head=tok.head.i if parsed else -1, lemma=tok.lemma_ or "",
                ))
            if parsed:
                for t in tokens[first:]:
                    t.head = index.get(t.head, t.i)
            sent_tokens.append((first, len(tokens)))
            cursor += len(sentence.clean_text) + 1
        children: list[list[int]] = [[] for _ in tokens]
        for t in tokens:
            if t.head >= 0 and t.head != t.i:
                children[t.head].append(t.i)
        paras.append(ProseParagraph(len(paras), paragraph, [s for s, _ in items], " ".join(parts), offsets,
                                    tokens, sent_tokens, syntax=syntax, children=children))
    return paras


def attach_mentions(document: Document, paras: list[ProseParagraph], actor_rows: list[dict],
                    register: ActorRegister | None = None) -> None:
    """Place actor mentions on paragraph tokens, and spaCy entities where there are none.

    With actor mentions given, only PERSON entities they miss are added (the actors
    module already chose which other entities count); without any, the register ruler's
    entities (``ACTOR_*`` labels, ids from ``ent_id_``) and PERSON, ORG, GPE and NORP
    entities stand in, the latter with ids ``"unlinked:<lower-case name>"``.
    """
    labels = {"PERSON"} if actor_rows else set(ENTITY_ACTOR_TYPES)
    if not actor_rows:
        for para in paras:
            toks = para.tokens
            i = 0
            while i < len(toks):
                t = toks[i]
                if t.ent.startswith("ACTOR_") and t.ent != "ACTOR_BLOCKED" and t.ent_iob == "B" and t.ent_id \
                        and not t.ent_id.startswith(AMBIGUOUS_PREFIX):
                    j = i + 1
                    while j < len(toks) and toks[j].ent_iob == "I":
                        j += 1
                    actor = register.get(t.ent_id) if register is not None else None
                    text = para.text[t.start:toks[j - 1].end]
                    para.mentions.append(Mention(
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
        actor_id = None if is_missing(row.get("actor_id")) or row.get("actor_id") == "" else str(row["actor_id"])
        text = str(row.get("text") or document.text[start:end])
        if text.lower() in INDEFINITE_PRONOUNS:
            continue  # "Someone said ..." (NER sometimes calls it a PERSON)
        kind = str(row.get("mention_kind") or "name")
        name = row.get("actor_name")
        name = text if is_missing(name) or not name else str(name)
        para.mentions.append(Mention(
            para.index, covered[0], covered[-1] + 1, actor_id or unlinked_id(text), name,
            is_person_type(row.get("actor_type")), text, str(row.get("method") or "register"),
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
                if not any(k in taken for k in range(i, j)) and toks[i].lower not in INDEFINITE_PRONOUNS \
                        and not is_non_actor(para.text[toks[i].start:toks[j - 1].end]):
                    while j > i + 1 and toks[j - 1].lower in POSSESSIVE_ENDINGS:
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
                    para.mentions.append(Mention(para.index, k0, j, UNLINKED_PREFIX + key, text, person,
                                                 text, "ner", actor_type=ENTITY_ACTOR_TYPES[toks[i].ent]))
                i = j
            else:
                i += 1
        para.mentions.sort(key=lambda m: (m.t0, m.t1))
    for para in paras:
        join_split_names(para)
    link_family_names(paras)


def join_split_names(para: ProseParagraph) -> None:
    """A person's name the register cut short by a place it knows ("Paulo Ferreira" +
    "Lima", a capital standing for its state): a one-word register mention right after
    an unlinked person's name, with nothing between them, is the rest of the name."""
    toks = para.tokens
    keep: list[Mention] = []
    for m in para.mentions:
        prev = keep[-1] if keep else None
        if prev is not None and prev.person and not prev.hint and prev.actor_id \
                and prev.actor_id.startswith(UNLINKED_PREFIX) and m.t0 == prev.t1 and m.t1 == m.t0 + 1 \
                and not m.person and not m.hint and toks[m.t0].text[:1].isupper() and toks[m.t0].tag == "NNP" \
                and toks[m.t0].start == toks[prev.t1 - 1].end + 1:
            text = para.text[toks[prev.t0].start:toks[m.t0].end]
            prev.t1, prev.text, prev.name, prev.actor_id = m.t1, text, text, unlinked_id(text)
            continue
        keep.append(m)
    para.mentions = keep


def link_family_names(paras: list[ProseParagraph]) -> None:
    """A person the register does not know keeps one id in a document: a later mention
    of the family name alone ("Bendjama") takes the id of the earlier full name ("Amar
    Bendjama" -> ``unlinked:amar bendjama``); for a two-word name the first word may be
    the family name ("Fu Cong" ... "Fu"). Register ids are never changed."""
    full: dict[str, Mention] = {}
    given_first: dict[str, Mention] = {}  # two-word names by their first word ("Fu Cong" -> "Fu")
    for para in paras:
        for m in para.mentions:
            if m.hint or not m.actor_id or not m.actor_id.startswith(UNLINKED_PREFIX):
                continue
            words = m.actor_id[len(UNLINKED_PREFIX):].split()
            if len(words) > 1 and m.person:
                full.setdefault(words[-1], m)
                if len(words) == 2:
                    given_first.setdefault(words[0], m)
            elif len(words) == 1 and (words[0] in full or words[0] in given_first):
                # The NER may call the family name alone an organisation ("Bendjama added");
                # a family name may come first ("Fu Cong" ... "Fu said").
                earlier = full.get(words[0]) or given_first[words[0]]
                m.actor_id, m.name, m.person, m.actor_type = earlier.actor_id, earlier.name, True, earlier.actor_type


def is_non_actor(text: str) -> bool:
    """An entity the actors module never counts ("New Year", "Oreshnik", "the Government")."""
    name = normalise_name(text)
    return name in GENERIC_ENTITIES or name in NON_ACTOR_ENTITIES


def capitalised_fallback(para: ProseParagraph) -> None:
    """Without NER (a blank pipeline), a capitalised word right before or after a cue verb
    stands for a person, so the module still works in doctests and on bare installs."""
    toks = para.tokens
    for i, t in enumerate(toks):
        if CUE_FORMS.get(t.lower) is None:
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(toks) and toks[j].text[:1].isupper() and toks[j].text.isalpha() \
                    and toks[j].lower not in SUBJECT_PRONOUNS | INDEFINITE_PRONOUNS and toks[j].quote < 0:
                toks[j].pos = toks[j].pos or "PROPN"
                para.mentions.append(Mention(para.index, j, j + 1, UNLINKED_PREFIX + toks[j].lower,
                                             toks[j].text, True, toks[j].text, "ner"))
    for t in toks:
        if not t.tag:
            low = t.lower
            if low in CUE_FORMS:
                form = CUE_FORMS[low]
                t.tag = "VBG" if low.endswith("ing") else ("VBZ" if low.endswith("s") and low != form else "VBD")
            elif low in SUBJECT_PRONOUNS:
                t.tag, t.pos = "PRP", "PRON"
            elif low in ARTICLES:
                t.tag, t.pos = "DT", "DET"
            elif low == "that":
                t.tag = "IN"
            elif low in {",", ".", ":", "!", "?"}:
                t.tag = low
    para.mentions.sort(key=lambda m: (m.t0, m.t1))
