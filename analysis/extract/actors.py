"""Actor mentions: parsed sentences -> rows of the ``actor_mentions`` table.

Input is what :func:`analysis.nlp.iter_parsed` yields for a document: ``(Sentence,
spacy Doc)`` pairs, the Doc parsed from ``Sentence.clean_text`` by a pipeline whose
register ruler (:func:`analysis.register.add_register_ruler`) ran before ``ner``.

What is counted, and why:

* **Register matches** (``method="register"``): names, aliases, demonyms ("Russian
  officials" -> RUS), metonyms (Moscow, the Kremlin -> RUS; Kyiv, Kiev, "the Kiev regime"
  -> UKR), named bodies of a state (State Duma, "Russian Foreign Ministry": institutions
  whose roll-up is the state) and title mentions. An office phrase that begins inside an
  institution's name ("Russian Foreign Ministry spokeswoman") is resolved like "Russian
  Foreign Ministry" + "Foreign Ministry spokeswoman": the institution stays a mention. The longest match wins, so "the Minsk Security Forum" is the
  event, not Belarus, and "Washington Post" is the newspaper.
* **Persons with titles**: "Foreign Minister Sergey Lavrov", "Mr Putin", "President
  Urho Kekkonen" are one ``name`` mention of the person whose span includes the title
  words. A state word before the title is a separate mention of the state:
  "Turkish President Recep Tayyip Erdogan" -> TUR (demonym) + erdogan (name).
* **Titles without a name** ("the Russian Foreign Minister", "Russia's foreign minister",
  "the President of Russia", "the NATO Secretary General"): when the document date is
  given and the register's date-bounded roles name exactly one holder, the office words
  are a ``title`` mention of that person and the state word stays a mention of the state;
  otherwise the state mention is widened over the office words and becomes a ``title``
  mention of the state. "former"/"then"/plural titles are never resolved to a person.
  Bare titles ("the President") are not counted: the state is not written.
* **Ambiguous names** (Brussels: EU, NATO or Belgium): resolved from cue words and
  mentions of the candidates in the sentence (weight 2) and its paragraph (weight 1);
  without a clear winner the row keeps ``actor_id="ambiguous:brussels"``,
  ``ambiguous=True`` and the candidates.
* **NER entities the register lacks** (PERSON, ORG, GPE, NORP, LOC, FAC, EVENT, LAW;
  ``method="ner"``, ``actor_id="unlinked:<lower-case name>"``), minus generic words
  ("the Government", "Ministry of Defence", :data:`GENERIC_ENTITIES`), things that are no
  actors ("New Year", "Earth", "Russophobia", weapons such as "Oreshnik":
  :data:`NON_ACTOR_ENTITIES`), numbers and dates. They are the register's
  coverage gaps: see :func:`unlinked_report`.
* **Entity kinds** (``entity_kind``: ``actor``, ``place``, ``reference``): a register
  mention has its entry's kind (:meth:`analysis.register.ActorRegister.kind_of`), except a
  capital or seat right after a locative word ("talks in Moscow": the place, not the
  government; ``locative_words`` in ``data/entity_kinds.yaml``); an unlinked name has the
  kind of its model label (GPE, LOC: place; EVENT, LAW: reference; ``ner_labels``).
* **Short forms resolved in their document** ("the Commission" after "the European
  Commission", "the Council" after "the UN Security Council", "this Assembly" and "our
  Organization" in a speech to the General Assembly, "the Secretary-General": the holder
  of the office at the document's date): see ``data/short_forms.yaml`` for the order in
  which the document's earlier mentions and its setting (``setting``: the manifest row)
  decide. A short form the document does not settle is no mention. Resolved forms have
  ``mention_kind="short_form"`` (or ``institution``/``title`` like their long forms).
* **Common words are no names**: a one-word name the model found at the start of a
  sentence ("Turnout was high") is dropped when the document writes the word in lower
  case elsewhere; a one-word *person* also when the pipeline's vocabulary of common words
  (the lookups table :data:`analysis.register.COMMON_WORDS_TABLE`, which the register's
  ruler adds to the pipeline: :func:`analysis.register.add_common_words`) holds it and the document
  never capitalises it inside a sentence. A word shaped like a name (an inner capital or
  digit: "AfD", "G20") is kept whatever the tagger says. (``token.is_oov`` says nothing
  with a model without word vectors, such as ``en_core_web_sm``: every word is "oov".)
* "non-Western" is not a mention of the West. Pronouns are not resolved.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from analysis.register import (
    BLOCKED_LABEL,
    COMMON_WORDS_TABLE,
    ActorRegister,
    EntityKinds,
    ShortForm,
    ShortFormRules,
    kind_of_label,
    load_entity_kinds,
    load_register,
    load_short_form_rules,
    to_date,
)
from analysis.schema import ACTOR_MENTION_COLUMNS, AMBIGUOUS_PREFIX, UNLINKED_PREFIX
from analysis.text import english_stop_words, strip_invisible

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from spacy.tokens import Doc, Span

    from analysis.corpus import Sentence

__all__ = [
    "actors_table", "CANDIDATE_TYPE", "DocumentContext", "extract_actor_mentions", "GENERIC_ENTITIES",
    "mentions_frame", "NER_LABELS", "NON_ACTOR_ENTITIES", "normalise_name", "roll_up", "sentence_mentions",
    "STATE_NAMES_ALSO_PERSONAL_NAMES", "TITLE_WORDS", "unlinked_report",
]


NER_LABELS = {
    "PERSON": "person", "ORG": "organisation", "GPE": "place", "NORP": "group",
    "LOC": "region", "FAC": "facility", "EVENT": "event", "LAW": "agreement",
}

# Words of a person's title, taken into the person's mention when they stand right before
# the name ("Foreign Minister Sergey Lavrov", "Mr Putin", "Secretary-General Jens Stoltenberg").
TITLE_WORDS = frozenset("""
mr mr. mrs mrs. ms ms. dr dr. madam madame mister monsieur sir comrade herr
president presidents vice prime minister ministers deputy first foreign defence defense finance
interior economy economic trade energy justice secretary general secretary-general chancellor
spokeswoman spokesman spokesperson press chairman chairwoman chair speaker ambassador envoy
special representative adviser advisor aide presidential senator senators governor mayor
king queen prince princess crown emir sheikh sultan pope patriarch premier emperor empress
tsar czar commissar commander commander-in-chief chief head director marshal colonel general
admiral lieutenant major captain leader supreme ayatollah affairs ministry state former ex
late acting incumbent then high people commissioner counterpart colleague his her holiness
excellency majesty
""".split())
# Tokens allowed inside a title but not at its left edge.
_TITLE_INNER = frozenset({"of", "for", "the", "-", "'s", "\u2013"})
_NOT_RESOLVED_BEFORE = frozenset({"former", "ex", "late", "then", "previous", "future", "next", "past", "earlier"})
_INITIAL_RE = re.compile(r"^(?:[A-Z]\.){1,3}$")

# NER entities that are generic nouns, not nameable actors (compared lower-case, without
# a leading "the").
GENERIC_ENTITIES = frozenset(line.strip() for line in """
government
cabinet
parliament
ministry
foreign ministry
ministry of foreign affairs
defence ministry
defense ministry
ministry of defence
ministry of defense
interior ministry
finance ministry
ministry of finance
emergencies ministry
armed forces
army
navy
air force
central bank
constitutional court
supreme court
security council
state council
council
council of heads of state
commission
alliance
union
federation
republic
embassy
constitution
charter
treaty
agreement
agency
executive office
presidential executive office
administration
presidium
board
committee
congress
senate
court
office
headquarters
centre
center
motherland
fatherland
laughter
applause
address
state
west
east
north
south
god
ai
lng
organisation
organization
defence ministry board
investigative committee
""".strip().splitlines())

# Names the NER promotes to PERSON/ORG/EVENT that are no actors: holidays and calendar
# events, celestial bodies, ideologies and religions, programme titles, and weapon systems
# (the models read "Oreshnik" or "Sarmat" as persons). Compared like GENERIC_ENTITIES.
NON_ACTOR_ENTITIES = frozenset("""
new year|new year's|new year's eve|christmas|orthodox christmas|easter|ramadan|eid|victory day
great victory|victory|earth|moon|mars|universe|planet|russophobia|islamophobia|nazism
islam|christianity|orthodoxy|judaism|buddhism|direct line|internet|covid|covid-19|coronavirus
oreshnik|sarmat|kinzhal|avangard|zircon|tsirkon|iskander|iskander-m|kalibr|poseidon|burevestnik
yars|bulava|lancet|geran|geran-2|shahed|himars|atacms|tomahawk|tomahawks|storm shadow|scalp
taurus|patriot|patriots|leopard|leopards|abrams|bradley|javelin|javelins|bayraktar|bayraktars
f-16|f-16s|f-35|su-57|su-35|s-400|s-500|s-300|t-90|t-72|armata|pantsir|tor|buk|kh-101
""".replace("\n", "|").strip("|").split("|"))

_WS_RE = re.compile(r"\s+")


@dataclass
class _Mention:
    start: int          # token index (inclusive)
    end: int            # token index (exclusive)
    actor_id: str
    kind: str
    method: str = "register"
    actor_type: str | None = None
    ambiguous: bool = False
    candidates: tuple[str, ...] = ()
    entity_kind: str | None = None   # None: the register's kind of the actor
    office: str | None = None        # a title mention: the office it names
    short_key: str | None = None     # a resolved short form: what it referred back to


# ---------------------------------------------------------------------- helpers


def normalise_name(text: str) -> str:
    text = _WS_RE.sub(" ", text.replace("\u2019", "'").replace("[", "").replace("]", "")).strip()
    text = re.sub(r"^(?:the|The|THE)\s+", "", text)
    text = re.sub(r"(?:'s|')$", "", text).strip(" .,;:-\"()[]")
    return text.lower()


def _office_forms(register: ActorRegister) -> list[tuple[tuple[str, ...], str]]:
    """(lower-case token tuple, office id), longest first."""
    forms = []
    for office, surfaces in register.offices.items():
        for surface in surfaces:
            tokens = tuple(t for t in re.split(r"(\s+|-)", surface.lower()) if t.strip())
            forms.append((tokens, office))
    return sorted(forms, key=lambda f: (-len(f[0]), f[1]))


_OFFICE_CACHE: dict[str, list[tuple[tuple[str, ...], str]]] = {}


def _offices(register: ActorRegister) -> list[tuple[tuple[str, ...], str]]:
    key = register.version
    if key not in _OFFICE_CACHE:
        _OFFICE_CACHE[key] = _office_forms(register)
    return _OFFICE_CACHE[key]


_FORMS_BY_FIRST_WORD: dict[int, tuple[object, dict[str, list[tuple[tuple[str, ...], str]]]]] = {}


def _match_office(doc: "Doc", i: int, forms) -> tuple[int, str] | None:
    """(end token, office id) of the longest office phrase starting at token ``i``."""
    # Only forms whose first word is this token's can match (indexed once per forms list).
    entry = _FORMS_BY_FIRST_WORD.get(id(forms))
    if entry is None or entry[0] is not forms:
        index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for tokens, office in forms:
            index.setdefault(tokens[0] if tokens else "", []).append((tokens, office))
        entry = _FORMS_BY_FIRST_WORD[id(forms)] = (forms, index)
    candidates = entry[1].get(doc[i].lower_)
    if not candidates:
        return None
    lowers = None
    for tokens, office in candidates:
        n = len(tokens)
        if i + n > len(doc):
            continue
        if lowers is None:
            lowers = [t.lower_ for t in doc[i:min(len(doc), i + 8)]]
        if tuple(lowers[:n]) == tokens:
            return i + n, office
    return None


def _date_for(dates: Any, doc_id: str):
    if dates is None:
        return None
    if isinstance(dates, Mapping):
        return to_date(dates.get(doc_id))
    return to_date(dates)


# ---------------------------------------------------------------------- per sentence


def _is_locative(doc: "Doc", start: int, end: int, kinds: EntityKinds) -> bool:
    """A capital right after a locative word and not a possessive: "talks in Moscow"."""
    if start == 0 or doc[start - 1].lower_ not in kinds.locative_words:
        return False
    return not (end < len(doc) and doc[end].text in ("'s", "'", "\u2019s", "\u2019"))


def _register_mentions(doc: "Doc", register: ActorRegister, kinds: EntityKinds | None = None) -> list[_Mention]:
    kinds = kinds or load_entity_kinds()
    mentions = _ruler_mentions(doc, register)
    for m in mentions:
        if m.kind == "metonym" and _is_locative(doc, m.start, m.end, kinds):
            m.entity_kind = "place"
    return mentions


def _ruler_mentions(doc: "Doc", register: ActorRegister) -> list[_Mention]:
    mentions = []
    surfaces = None
    for ent in doc.ents:
        if ent.label_ == BLOCKED_LABEL:
            # A blocked place name that is itself a registered form ("Warsaw Pact") counts.
            surfaces = surfaces if surfaces is not None else register.surface_index()
            hit = surfaces.get(ent.text)
            if hit is not None and hit[1]:
                mentions.append(_Mention(ent.start, ent.end, hit[0], hit[1]))
            continue
        kind = kind_of_label(ent.label_)
        if kind is None or not ent.ent_id_:
            continue
        # "non-Western", "non-European": a contrast, not a mention.
        if ent.start >= 2 and doc[ent.start - 1].text in ("-", "\u2013") and doc[ent.start - 2].lower_ == "non":
            continue
        if kind in ("name", "alias") and len(ent) == 1 and _looks_like_surname(doc, ent, register):
            continue  # "James Jordan", "Mr Jordan": a person, not the state
        mentions.append(_Mention(ent.start, ent.end, ent.ent_id_, kind))
    return mentions


# One-word state names that are also common given or family names: after a capitalised
# given name ("James Jordan", "Chad Smith" is the reverse and not a state name) they are
# read as a person. After an honorific ("Mr Jordan") any state name is.
STATE_NAMES_ALSO_PERSONAL_NAMES = frozenset({
    "Jordan", "Chad", "Georgia", "Israel", "India", "Kenya", "Jamaica", "Chile", "Cuba", "Malta",
    "Tonga", "Togo", "Niger", "Guinea", "Peru", "Samoa", "Panama",
})
_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "miss", "madam", "sir"})
_NOT_GIVEN_NAMES = frozenset({
    "north", "south", "east", "west", "central", "northern", "southern", "eastern", "western",
    "new", "great", "greater", "upper", "lower", "soviet", "modern", "independent", "democratic",
    "republic", "kingdom", "state", "federal", "united", "friendly", "neighbouring", "neighboring",
})


def _looks_like_surname(doc: "Doc", ent: "Span", register: ActorRegister) -> bool:
    """A one-word state name used as a person's family name ("James Jordan", "Mr Jordan")."""
    if register.type_of(ent.ent_id_) != "state" or ent.start == 0:
        return False
    prev = doc[ent.start - 1]
    if prev.lower_ in _HONORIFICS:
        return True
    return (ent.text in STATE_NAMES_ALSO_PERSONAL_NAMES and prev.tag_ == "NNP" and prev.is_title
            and prev.ent_type_ in ("", "PERSON")
            and prev.lower_ not in _NOT_GIVEN_NAMES and prev.lower_ not in TITLE_WORDS)


def _extend_person(doc: "Doc", mention: _Mention, taken: set[int]) -> None:
    """Widen a person mention leftwards over title words and initials."""
    i = mention.start
    while i > 0 and (i - 1) not in taken:
        token = doc[i - 1]
        low = token.lower_
        if low in TITLE_WORDS or _INITIAL_RE.match(token.text):
            i -= 1
        elif low in _TITLE_INNER and i - 2 >= 0 and (i - 2) not in taken and doc[i - 2].lower_ in TITLE_WORDS:
            i -= 1
        else:
            break
    while i < mention.start and doc[i].lower_ in _TITLE_INNER | {"then", "late"}:
        i += 1
    mention.start = i


def _title_mentions(doc: "Doc", mentions: list[_Mention], register: ActorRegister, date) -> list[_Mention]:
    """Office phrases without a name, qualified by a state or organisation mention."""
    forms = _offices(register)
    if not forms:
        return []
    covered: dict[int, _Mention] = {}
    for m in mentions:
        for t in range(m.start, m.end):
            covered[t] = m
    qualifier_types = {"state", "igo", "institution"}
    new: list[_Mention] = []
    i = 0
    n = len(doc)
    def name_follows(after: int) -> bool:
        while after < n and doc[after].text in ("[", "("):
            after += 1  # "the President of France [Jacques] Chirac"
        nxt = doc[after] if after < n else None
        return nxt is not None and (after in covered and register.type_of(covered[after].actor_id) == "person"
                                    or nxt.pos_ == "PROPN" and nxt.text[:1].isupper()
                                    and nxt.ent_type_ in ("PERSON", "") and nxt.text not in (",", "."))

    while i < n:
        if i in covered:
            inst = covered[i]
            # "Russian Foreign Ministry spokeswoman": an office phrase ("Foreign Ministry
            # spokeswoman") that begins inside an institution's name and runs past it. The
            # office is the institution's state's; the institution mention stays.
            found = None
            if i > inst.start and register.type_of(inst.actor_id) == "institution":
                found = _match_office(doc, i, forms)
            if found is not None and found[0] > inst.end and not any(
                    t in covered for t in range(inst.end, found[0])) and not name_follows(found[0]):
                end, office = found
                state = register.state_of(inst.actor_id) or inst.actor_id
                before = doc[inst.start - 1].lower_ if inst.start > 0 else ""
                plural = doc[end - 1].tag_ in ("NNS", "NNPS")
                holders = [] if (plural or before in _NOT_RESOLVED_BEFORE) else register.office_holders(
                    state, office, date)
                if len(holders) == 1:
                    title = _Mention(inst.end, end, holders[0], "title", office=office)
                    new.append(title)
                    for t in range(inst.end, end):
                        covered[t] = title
                else:
                    inst.end = end
                    inst.kind = "title"
                    inst.office = office
                    for t in range(inst.start, end):
                        covered[t] = inst
                i = end
                continue
            i += 1
            continue
        found = _match_office(doc, i, forms)
        if found is None:
            i += 1
            continue
        end, office = found
        if any(t in covered for t in range(i, end)):
            i += 1
            continue
        qualifier = None
        q_after = False
        # "[the] Russian Foreign Minister", "Russia's foreign minister", "NATO Secretary General"
        j = i - 1
        if j >= 1 and doc[j].text in ("'s", "'"):
            j -= 1
        cand = covered.get(j) if j >= 0 else None
        if cand is not None and cand.end == j + 1 and register.type_of(cand.actor_id) in qualifier_types:
            qualifier = cand
        # "the President of Russia", "Secretary General of NATO"
        if qualifier is None and end < n and doc[end].lower_ == "of":
            k = end + 1
            if k < n and doc[k].lower_ == "the":
                k += 1
            cand = covered.get(k)
            if cand is not None and cand.start == k and register.type_of(cand.actor_id) in qualifier_types:
                qualifier, q_after = cand, True
        if qualifier is None:
            i = end
            continue
        if name_follows(qualifier.end if q_after else end):
            i = end  # a name follows: a named person (in the register or not), not a bare title
            continue
        first = qualifier.start if not q_after else i
        before = doc[first - 1].lower_ if first > 0 else ""
        plural = doc[end - 1].tag_ in ("NNS", "NNPS")
        holders = [] if (plural or before in _NOT_RESOLVED_BEFORE) else register.office_holders(
            qualifier.actor_id, office, date)
        if len(holders) == 1:
            new.append(_Mention(i, end, holders[0], "title", office=office))
        else:
            if q_after:
                qualifier.start = i
            else:
                qualifier.end = end
            qualifier.kind = "title"
            qualifier.office = office
        for t in range(i, end):
            covered[t] = qualifier
        i = end
    return new


def _is_heading(doc: "Doc") -> bool:
    """A short line without a verb or final punctuation ("Growing Tension in Eurasia")."""
    return len(doc) <= 12 and not doc[-1].is_punct and not any(
        t.tag_ in ("VBD", "VBP", "VBZ", "MD") or t.pos_ == "AUX" for t in doc)


_OPENERS = frozenset("\"'([{\u201c\u2018\u00ab-\u2013\u2014")


def _sentence_initial(doc: "Doc", i: int) -> bool:
    """Token ``i`` opens its sentence (only quotes, brackets or dashes before it)."""
    return all(doc[k].text in _OPENERS or doc[k].is_punct for k in range(i))


def _name_shaped(text: str) -> bool:
    """Written like a name whatever the tagger says: a capital or a digit after the first
    character ("AfD", "NATO", "G20"), not a capitalised common word ("Turnout").

    >>> [_name_shaped(w) for w in ("AfD", "NATO", "G20", "Turnout", "A")]
    [True, True, True, False, False]
    """
    letters = text.replace(".", "")
    return len(letters) >= 2 and letters[:1].isupper() and any(ch.isupper() or ch.isdigit() for ch in letters[1:])


@dataclass
class _WordEvidence:
    """How a document writes its words: the ones it writes in lower case, and the ones it
    writes capitalised somewhere other than at the start of a sentence (or in a heading);
    ``vocabulary`` holds common words (lower case), when the pipeline gives them."""

    lower: set[str]
    capitalised_inside: set[str]
    vocabulary: Any = None

    @classmethod
    def of(cls, docs: Iterable["Doc"], vocabulary: Any = None) -> "_WordEvidence":
        lower: set[str] = set()
        inside: set[str] = set()
        for doc in docs:
            if vocabulary is None and doc.vocab.lookups.has_table(COMMON_WORDS_TABLE):
                vocabulary = doc.vocab.lookups.get_table(COMMON_WORDS_TABLE)
            heading = len(doc) > 0 and _is_heading(doc)
            for token in doc:
                if token.is_lower and token.is_alpha:
                    lower.add(token.text)
                elif not heading and token.text[:1].isupper() and not _sentence_initial(doc, token.i):
                    inside.add(token.text)
        return cls(lower, inside, vocabulary)

    def common_word_at_start(self, doc: "Doc", i: int, label: str) -> bool:
        """A capitalised word opening a sentence that the document shows to be a common
        word: written in lower case elsewhere in it; or, for a person, a word of the
        vocabulary that the document never capitalises inside a sentence. A name shaped
        like one ("AfD") never is."""
        token = doc[i]
        if not token.is_title or _name_shaped(token.text) or not _sentence_initial(doc, i):
            return False
        if token.lower_ in self.lower:
            return True
        return (label == "PERSON" and self.vocabulary is not None and token.lower_ in self.vocabulary
                and token.text not in self.capitalised_inside)


def _ner_mentions(doc: "Doc", taken: set[int], kinds: EntityKinds | None = None,
                  evidence: _WordEvidence | None = None) -> list[_Mention]:
    kinds = kinds or load_entity_kinds()
    out = []
    if len(doc) == 0 or _is_heading(doc):
        return out  # the statistical NER labels title-case headings at random
    for ent in doc.ents:
        if ent.label_ not in NER_LABELS:
            continue
        if any(t in taken for t in range(ent.start, ent.end)):
            continue
        name = normalise_name(ent.text)
        if len(name) < 2 or not any(ch.isalpha() for ch in name) or name in GENERIC_ENTITIES \
                or name in NON_ACTOR_ENTITIES:
            continue
        if not any(ch.isupper() for ch in ent.text):
            continue  # "congress", "the west": common nouns the tagger promoted
        if all(t.is_stop or t.is_punct or t.lower_ in TITLE_WORDS or t.lower_ in kinds.address_words for t in ent):
            continue  # "Mr. President", "Excellencies", "Ladies and Gentlemen": no one's name
        if ent[-1].is_stop or ent[-1].lower_ in ("of", "the", "and", "-", "\u2013"):
            continue  # a cut-off name ("the Security Concept of the")
        if ent.end < len(doc) and doc[ent.end].text in ("-", "\u2013") and ent.end + 1 < len(doc) \
                and doc[ent.end + 1].is_lower:
            continue  # the first half of a compound adjective ("Extra-regional")
        if len(ent) == 1 and ent.end < len(doc) and doc[ent.end].text in ("-", "\u2013"):
            continue  # "Trans-Siberian"
        if len(ent) == 1 and ent.label_ != "NORP":
            if evidence is not None and evidence.common_word_at_start(doc, ent.start, ent.label_):
                continue  # "Turnout was high": a common word that opens the sentence
            if ent[0].tag_ not in ("NNP", "NNPS") and not _name_shaped(ent[0].text):
                continue  # the tagger reads a common word ("Snapshot", "Extra"); "AfD" is a name
        out.append(_Mention(ent.start, ent.end, UNLINKED_PREFIX + name, "name", method="ner",
                            actor_type=NER_LABELS[ent.label_],
                            entity_kind=kinds.of_label(ent.label_) or "actor"))
    return out


# ---------------------------------------------------------------------- short forms in context


class DocumentContext:
    """What one document has said so far, for the short forms that refer back to it.

    ``setting`` holds the actors the document's manifest names in the rules'
    ``context_fields`` (an id, or a registered name such as "United Nations General
    Assembly"), with the actors they belong to; :meth:`note` records each mention (its
    actor, the office a title names, the head word a name ends in) at its position, so
    :meth:`last` says where a key was last mentioned before a position.

    >>> register = load_register()
    >>> context = DocumentContext(register, {"outlet": "United Nations General Assembly"})
    >>> sorted(context.setting)
    ['UN', 'UNGA']
    """

    def __init__(self, register: ActorRegister, meta: Mapping[str, Any] | None = None,
                 rules: ShortFormRules | None = None, date: Any = None) -> None:
        self.register = register
        self.rules = rules or load_short_form_rules()
        self.date = date
        setting: set[str] = set()
        for field in self.rules.context_fields:
            actor_id = register.lookup((meta or {}).get(field))
            if actor_id is not None:
                setting.add(actor_id)
                setting.update(register.anchors(actor_id))
        self.setting = frozenset(setting)
        self._seen: dict[str, tuple[int, int]] = {}
        self.sentence = 0

    def in_setting(self, candidate: ShortForm) -> bool:
        return candidate.actor_id in self.setting or bool(set(self.register.anchors(candidate.actor_id)) & self.setting)

    def keys_of(self, mention: _Mention, doc: "Doc") -> list[str]:
        """The keys a mention makes available to later short forms."""
        actor_id = mention.actor_id
        if actor_id.startswith((UNLINKED_PREFIX, AMBIGUOUS_PREFIX)):
            return []
        # A body's mention is one of the organisation it belongs to ("the UN Security
        # Council" makes "the Secretary-General" the UN's).
        keys = [actor_id, *self.register.anchors(actor_id)]
        if mention.short_key:
            keys.append(mention.short_key)
        last = doc[mention.end - 1].text if mention.end > mention.start else ""
        if last in self.rules.heads:
            keys.append(f"{actor_id}|{last}")
        if mention.office:
            keys.append(f"{actor_id}#{mention.office}")
        actor = self.register.get(actor_id)
        if actor is not None and actor.type == "person":
            keys += [f"{role.state}#{role.office}" for role in actor.roles_at(self.date)]
        return keys

    def note(self, mention: _Mention, doc: "Doc") -> None:
        for key in self.keys_of(mention, doc):
            self._seen[key] = (self.sentence, mention.start)

    def last(self, key: str, before: tuple[int, int]) -> tuple[int, int] | None:
        position = self._seen.get(key)
        return position if position is not None and position < before else None


def _resolve_short_form(candidates: Iterable[ShortForm], *, own: bool, qualifier: str | None,
                        context: DocumentContext, position: tuple[int, int]) -> ShortForm | None:
    """The candidate the document means (the order is ``data/short_forms.yaml``'s)."""
    register = context.register
    cands = list(candidates)
    if qualifier is not None:  # "the Russian Security Council": the qualifier's own body
        cands = [c for c in cands if c.actor_id == qualifier or qualifier in register.anchors(c.actor_id)]
        if len(cands) <= 1:
            return cands[0] if cands else None
    # "this Assembly", "our Organization": the setting itself (not a body it holds).
    own_setting = [c for c in cands if c.head is None and c.actor_id in context.setting]
    if own and len(own_setting) == 1:
        return own_setting[0]
    direct = [(p, c) for c in cands if (p := context.last(c.key, position)) is not None]
    if len(own_setting) == 1 and all(c.head is not None for _, c in direct):
        # A form the register writes for the setting itself ("the Organization" in a
        # speech to the UN) is not taken over by a name that merely ends in the same word
        # ("the World Health Organization" earlier on).
        return own_setting[0]
    if direct:
        return max(direct, key=lambda pc: pc[0])[1]
    # A head word ("the Commission") refers back to its long form only; the forms the
    # register writes (organs, offices) may also be settled by the setting or an earlier
    # mention of their organisation.
    cands = [c for c in cands if c.head is None]
    in_setting = [c for c in cands if context.in_setting(c)]
    if len(in_setting) == 1:
        return in_setting[0]
    anchored = []
    for c in cands:
        owners = ((c.actor_id,) if c.office else ()) + register.anchors(c.actor_id)
        seen = [p for a in owners if (p := context.last(a, position)) is not None]
        if seen:
            anchored.append((max(seen), c))
    if anchored:
        best = max(p for p, _ in anchored)
        top = [c for p, c in anchored if p == best]
        if len(top) == 1:
            return top[0]
    return None


_SHORT_INDEX: dict[tuple[str, int], dict[str, list[tuple[tuple[str, ...], tuple[ShortForm, ...]]]]] = {}


def _short_index(register: ActorRegister, rules: ShortFormRules):
    """Short forms by first token, longest first (built once per register and rules)."""
    key = (register.version, id(rules))
    if key not in _SHORT_INDEX:
        by_first: dict[str, list] = {}
        for tokens, cands in register.short_forms(rules).items():
            by_first.setdefault(tokens[0], []).append((tokens, cands))
        for forms in by_first.values():
            forms.sort(key=lambda f: -len(f[0]))
        _SHORT_INDEX[key] = by_first
    return _SHORT_INDEX[key]


def _name_follows(doc: "Doc", i: int) -> bool:
    """A capitalised word at ``i`` (after an optional "the"): "of Europe", "on the Status"."""
    if i < len(doc) and doc[i].lower_ == "the":
        i += 1
    return i < len(doc) and doc[i].text[:1].isupper()


def _is_modifier(token: Any) -> bool:
    """A lower-case word that may stand between a determiner and a short form ("this
    august Assembly", "the whole Council"): not a function word, a verb or a number."""
    return token.is_lower and token.is_alpha and not token.is_stop and not token.tag_.startswith(("VB", "MD", "CD"))


def _short_form_mentions(doc: "Doc", mentions: list[_Mention], context: DocumentContext) -> list[_Mention]:
    """Short forms in one sentence, resolved by what the document said before them."""
    register, rules = context.register, context.rules
    index = _short_index(register, rules)
    covered: dict[int, _Mention] = {t: m for m in mentions for t in range(m.start, m.end)}
    # Mentions of this sentence are "before" a short form that starts after them.
    for m in mentions:
        context.note(m, doc)
    new: list[_Mention] = []
    n = len(doc)
    i = 0
    while i < n:
        forms = index.get(doc[i].text) if i not in covered else None
        match = None
        for tokens, cands in forms or ():
            end = i + len(tokens)
            if end <= n and tuple(t.text for t in doc[i:end]) == tokens \
                    and not any(t in covered for t in range(i, end)):
                match = (end, tokens, cands)
                break
        if match is None:
            i += 1
            continue
        end, tokens, cands = match
        # "this august Assembly": lower-case adjectives between the determiner and the form.
        left = i
        while left > 0 and i - left < 2 and (left - 1) not in covered and _is_modifier(doc[left - 1]):
            left -= 1
        prev = doc[left - 1] if left > 0 else None
        if prev is not None and left < i and prev.text not in rules.determiners:
            prev = doc[i - 1]  # no determiner before the adjectives: judge the form's own neighbour
        nxt = doc[end] if end < n else None
        offices = [c for c in cands if c.office]
        qualifier = None
        q = i - 1
        if prev is not None and prev.text in ("'s", "\u2019s") and i >= 2:
            q = i - 2
        if q >= 0 and q in covered and register.get(covered[q].actor_id) is not None:
            qualifier = covered[q].actor_id
        if nxt is not None and (nxt.text in ("-", "\u2013") or nxt.text in rules.name_continuations
                                and _name_follows(doc, end + 1)):
            i = end
            continue  # "the Council of Europe", "the Commission on the Status ...": another name
        if qualifier is None and prev is not None:
            determiner = prev.text in rules.determiners or (offices and prev.text in rules.honorifics)
            if len(tokens) == 1 and not determiner:
                i = end
                continue  # a one-word form needs "the", "this", "our"
            if prev.text in ("-", "\u2013") or (not determiner and prev.text[:1].isupper()
                                                 and not _sentence_initial(doc, prev.i)):
                i = end
                continue  # part of a longer name ("Human Rights Council", "Under-Secretary-General")
        elif qualifier is None and len(tokens) == 1:
            i = end
            continue
        own = prev is not None and prev.text in rules.own_determiners
        chosen = _resolve_short_form(cands, own=own, qualifier=qualifier, context=context,
                                     position=(context.sentence, i))
        if chosen is None:
            i = end
            continue
        if chosen.office:
            before = {doc[k].lower_ for k in range(max(0, i - 2), i)}
            holders = [] if before & _NOT_RESOLVED_BEFORE else register.office_holders(
                chosen.actor_id, chosen.office, context.date)
            target = holders[0] if len(holders) == 1 else chosen.actor_id
            mention = _Mention(i, end, target, "title", office=chosen.office, short_key=chosen.key)
        else:
            mention = _Mention(i, end, chosen.actor_id, "short_form", short_key=chosen.key)
        new.append(mention)
        context.note(mention, doc)
        for t in range(i, end):
            covered[t] = mention
        i = end
    return new


def sentence_mentions(doc: "Doc", register: ActorRegister, date=None, *,
                      context: DocumentContext | None = None, evidence: _WordEvidence | None = None
                      ) -> list[_Mention]:
    """All mentions in one parsed sentence (token offsets), before ambiguity resolution.

    ``context`` (the document's :class:`DocumentContext`) resolves short forms ("the
    Commission") from what the document said before; ``evidence`` (how the document writes
    its words) keeps common words at sentence starts from becoming names. Without them,
    the sentence is read alone.
    """
    kinds = load_entity_kinds()
    mentions = _register_mentions(doc, register, kinds)
    taken = {t for m in mentions for t in range(m.start, m.end)}
    for m in mentions:
        if register.type_of(m.actor_id) == "person":
            _extend_person(doc, m, taken - set(range(m.start, m.end)))
    mentions += _title_mentions(doc, mentions, register, date)
    if context is not None:
        mentions += _short_form_mentions(doc, mentions, context)
    taken = {t for m in mentions for t in range(m.start, m.end)}
    mentions += _ner_mentions(doc, taken, kinds, evidence)
    return sorted(mentions, key=lambda m: (m.start, m.end))


# ---------------------------------------------------------------------- ambiguity


def _cue_regex(cue: str) -> re.Pattern:
    flags = 0 if any(ch.isupper() for ch in cue) else re.IGNORECASE
    return re.compile(r"(?<![\w-])" + re.escape(cue) + r"(?![\w-])", flags)


def _resolve(amb, sentence_text: str, paragraph_text: str, sentence_ids: set[str], paragraph_ids: set[str]):
    scores = {}
    for cand, cues in amb.candidates:
        score = 0
        for cue in cues:
            rx = _cue_regex(cue)
            if rx.search(sentence_text):
                score += 2
            if rx.search(paragraph_text):
                score += 1
        if cand in sentence_ids:
            score += 2
        if cand in paragraph_ids:
            score += 1
        scores[cand] = score
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


# ---------------------------------------------------------------------- public API


def _setting_for(setting: Any, doc_id: str) -> Mapping[str, Any]:
    """The manifest row of ``doc_id`` from ``setting``: one row for every document, or a
    mapping ``doc_id -> row``."""
    if not isinstance(setting, Mapping):
        return {}
    row = setting.get(doc_id)
    if isinstance(row, Mapping):
        return row
    if any(isinstance(v, Mapping) for v in setting.values()):
        return {}
    return setting


def extract_actor_mentions(
    sentence_docs: Iterable[tuple["Sentence", "Doc"]],
    register: ActorRegister | None = None,
    *,
    dates: Any = None,
    institutions: str = "parent",
    setting: Mapping[str, Any] | None = None,
) -> list[dict]:
    """Rows of the ``actor_mentions`` table for parsed sentences.

    ``dates`` is the document date used to resolve unnamed titles ("the Russian Foreign
    Minister"): one date for all sentences, or a mapping ``doc_id -> date``. Without it,
    unnamed titles are title mentions of the state. Offsets are into the original
    document text (``document.text[start:end] == text``).

    ``institutions="parent"`` (the default) counts a named body under the actor it
    belongs to, as the id scheme asks ("the Russian Foreign Ministry" and "the State Duma"
    are Russia, "the European Commission" is the EU), with ``mention_kind="institution"``
    so the body stays visible in the text column and its own id in ``institution_id``
    (statements keep it: DNA codes the body that speaks); ``institutions="own"`` keeps the
    institution's own id (``RUS_MFA``) as ``actor_id`` for analyses of state organs.

    ``setting`` is the document's manifest row (``document.meta``), or a mapping
    ``doc_id -> row``: its ``setting``, ``outlet``... fields (``context_fields`` of
    ``data/short_forms.yaml``) say which organisation "this Assembly" or "the
    Secretary-General" belongs to when the text itself has not said it before. Each row
    has ``entity_kind`` (actor, place, reference).
    """
    if institutions not in ("parent", "own"):
        raise ValueError(f"institutions must be 'parent' or 'own', not {institutions!r}")
    register = register or load_register()
    items = list(sentence_docs)
    per_sentence: list[tuple[Any, Any, list[_Mention]]] = []
    para_texts: dict[tuple[str, int], list[str]] = defaultdict(list)
    para_ids: dict[tuple[str, int], set[str]] = defaultdict(set)
    by_document: dict[str, list[Any]] = defaultdict(list)
    for sentence, doc in items:
        by_document[sentence.doc_id].append(doc)
    evidence = {doc_id: _WordEvidence.of(docs) for doc_id, docs in by_document.items()}
    contexts: dict[str, DocumentContext] = {}
    for sentence, doc in items:
        date = _date_for(dates, sentence.doc_id)
        context = contexts.get(sentence.doc_id)
        if context is None:
            context = contexts[sentence.doc_id] = DocumentContext(
                register, _setting_for(setting, sentence.doc_id), date=date)
        mentions = sentence_mentions(doc, register, date, context=context, evidence=evidence[sentence.doc_id])
        context.sentence += 1
        per_sentence.append((sentence, doc, mentions))
        key = (sentence.doc_id, sentence.paragraph_id)
        para_texts[key].append(sentence.clean_text)
        para_ids[key].update(m.actor_id for m in mentions if m.method == "register")

    rows: list[dict] = []
    for sentence, doc, mentions in per_sentence:
        key = (sentence.doc_id, sentence.paragraph_id)
        sentence_ids = {m.actor_id for m in mentions if m.method == "register"}
        for m in mentions:
            actor_id, ambiguous, candidates = m.actor_id, False, ()
            if actor_id.startswith(AMBIGUOUS_PREFIX):
                amb = register.ambiguous[actor_id]
                chosen = _resolve(amb, sentence.clean_text, " ".join(para_texts[key]), sentence_ids, para_ids[key])
                if chosen is None:
                    ambiguous, candidates = True, amb.candidate_ids
                else:
                    actor_id = chosen
            span = doc[m.start:m.end]
            start, end = sentence.original_span(span.start_char, span.end_char)
            offset = sentence.start
            actor = register.get(actor_id)
            kind = m.kind
            institution_id = None
            if (institutions == "parent" and actor is not None and actor.type == "institution"
                    and actor.parent and register.get(actor.parent) is not None):
                institution_id = actor_id
                actor_id, actor, kind = actor.parent, register.get(actor.parent), "institution"
            if actor is not None:
                name, actor_type = actor.name, actor.type
            elif ambiguous:
                name, actor_type = span.text, "ambiguous"
            else:
                name, actor_type = span.text, m.actor_type or "unknown"
            entity_kind = m.entity_kind or register.kind_of(actor_id) or register.kind_of(m.actor_id) or "actor"
            rows.append({
                "doc_id": sentence.doc_id,
                "paragraph_id": sentence.paragraph_id,
                "sentence_id": sentence.sentence_id,
                "start": start,
                "end": end,
                "text": sentence.text[start - offset:end - offset],
                "actor_id": actor_id,
                "actor_name": name,
                "actor_type": actor_type,
                "entity_kind": entity_kind,
                "mention_kind": kind,
                "method": m.method,
                "ambiguous": ambiguous,
                "candidates": ";".join(candidates),
                "institution_id": institution_id,
            })
    return rows


def mentions_frame(rows: Iterable[dict]) -> "pd.DataFrame":
    """The rows as a DataFrame with the schema's columns in order."""
    import pandas as pd

    return pd.DataFrame(list(rows), columns=ACTOR_MENTION_COLUMNS)


def actors_table(mentions_df: "pd.DataFrame", register: ActorRegister | None = None, *,
                 kinds: Iterable[str] | None = ("actor",)) -> "pd.DataFrame":
    """One row per actor: id, name, type, entity_kind, mentions, documents (most mentioned first).

    ``kinds`` keeps the rows of these entity kinds (default: actors, who act and speak);
    ``("place",)`` or ``("reference",)`` give the places and references, None every row.
    Tables without an ``entity_kind`` column (made before it existed) are not filtered.

    >>> import pandas as pd
    >>> m = pd.DataFrame({"doc_id": ["a", "a", "b"], "actor_id": ["RUS", "HELSINKI_FINAL_ACT", "RUS"],
    ...                   "actor_name": ["Russia", "Helsinki Final Act", "Russia"],
    ...                   "actor_type": ["state", "agreement", "state"],
    ...                   "entity_kind": ["actor", "reference", "actor"]})
    >>> actors_table(m)[["id", "entity_kind", "mentions"]].values.tolist()
    [['RUS', 'actor', 2]]
    >>> actors_table(m, kinds=("reference",))["id"].tolist()
    ['HELSINKI_FINAL_ACT']
    """
    import pandas as pd

    columns = ["id", "name", "type", "entity_kind", "mentions", "documents"]
    if mentions_df is None or len(mentions_df) == 0:
        return pd.DataFrame(columns=columns)
    mentions_df = _of_kinds(mentions_df, kinds)
    if len(mentions_df) == 0:
        return pd.DataFrame(columns=columns)
    grouped = mentions_df.groupby("actor_id", sort=False)
    table = pd.DataFrame({
        "id": list(grouped.groups.keys()),
    })
    table["name"] = grouped["actor_name"].agg(lambda s: s.mode().iloc[0]).reindex(table["id"]).to_numpy()
    table["type"] = grouped["actor_type"].agg(lambda s: s.mode().iloc[0]).reindex(table["id"]).to_numpy()
    if "entity_kind" in mentions_df.columns:
        table["entity_kind"] = grouped["entity_kind"].agg(
            lambda s: s.mode().iloc[0] if s.notna().any() else "").reindex(table["id"]).to_numpy()
    else:
        table["entity_kind"] = [(register.kind_of(a) if register is not None else None) or "" for a in table["id"]]
    table["mentions"] = grouped.size().reindex(table["id"]).to_numpy()
    table["documents"] = grouped["doc_id"].nunique().reindex(table["id"]).to_numpy()
    if register is not None:
        names = {a: register.get(a).name for a in table["id"] if register.get(a) is not None}
        table["name"] = [names.get(a, n) for a, n in zip(table["id"], table["name"])]
    table = table[columns]
    return table.sort_values(["mentions", "id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _of_kinds(mentions_df: "pd.DataFrame", kinds: Iterable[str] | None) -> "pd.DataFrame":
    """The rows of the given entity kinds (all rows for None, or without the column)."""
    if kinds is None or "entity_kind" not in mentions_df.columns:
        return mentions_df
    return mentions_df[mentions_df["entity_kind"].isin(set(kinds))]


def roll_up(mentions_df: "pd.DataFrame", level: str = "state", register: ActorRegister | None = None,
            *, dates: Any = None) -> "pd.DataFrame":
    """Mentions with ``actor_id`` replaced by the actor it rolls up to.

    ``level="state"``: persons -> the state (or organisation) of their role at the
    document date (``dates``: one date or ``doc_id -> date``; without it, nationality),
    institutions -> their parent (European Commission -> EU). ``level="actor"`` returns a
    copy unchanged. The original id is kept in ``source_actor_id``; unlinked and ambiguous
    mentions are not changed.
    """
    if level not in ("state", "actor"):
        raise ValueError(f"unknown level {level!r} (use 'state' or 'actor')")
    register = register or load_register()
    out = mentions_df.copy()
    out["source_actor_id"] = out["actor_id"]
    if level == "actor" or len(out) == 0:
        return out
    cache: dict[tuple[str, Any], str] = {}
    new_ids, names, types = [], [], []
    for actor_id, doc_id, name, kind in zip(out["actor_id"], out["doc_id"], out["actor_name"], out["actor_type"]):
        date = _date_for(dates, doc_id)
        key = (actor_id, date)
        if key not in cache:
            cache[key] = register.state_of(actor_id, date) or actor_id
        target = cache[key]
        actor = register.get(target)
        new_ids.append(target)
        names.append(actor.name if actor is not None else name)
        types.append(actor.type if actor is not None else kind)
    out["actor_id"], out["actor_name"], out["actor_type"] = new_ids, names, types
    return out


#: The ``type`` of a discovered name in the coverage report: a recurring run of
#: capitalised words that no mention covers (the statistical model missed it).
CANDIDATE_TYPE = "candidate"

_NAME_WORD = r"[A-Z][\w'\u2019\-]*"


def _sentence_text(corpus: Any, doc_id: str, sentence_id: Any) -> str:
    try:
        document = corpus[doc_id]
        return next(s.text for s in document.sentences if s.sentence_id == sentence_id)
    except (KeyError, StopIteration, TypeError):
        return ""


def _not_name_words() -> frozenset[str]:
    """Lower-case words that alone never make a name: titles, generic bodies, calendar words."""
    import calendar

    words = set(TITLE_WORDS) | {w for entry in GENERIC_ENTITIES for w in entry.split()}
    words |= {m.lower() for m in calendar.month_name[1:]} | {d.lower() for d in calendar.day_name}
    words |= {"i", "we", "you", "he", "she", "they", "it", "our", "my", "your", "his", "their", "its"}
    return frozenset(words)


def _discover_names(mentions_df: "pd.DataFrame", corpus: Any, min_count: int) -> list[dict]:
    """Recurring capitalised names that no mention covers, with an example sentence.

    A run of capitalised words (joined by ``name_connectors``: "Alternative for Germany")
    counts where no mention covers it; a registered name at its end after a connector
    stays part of it ("... for Germany"). At a sentence start the first word is dropped
    when the corpus writes it in lower case elsewhere ("Turnout was high"), never
    capitalised inside a sentence ("Leaders of the ...") or it is a function word; a name
    must be written capitalised inside a sentence at least once
    ("Furthermore" never is); a one-word name must be shaped like one ("AfD") or never be
    written in lower case in the corpus; titles and generic words alone ("President of the
    General Assembly", "Ladies") are no names.
    """
    STOP_WORDS = english_stop_words()
    kinds = load_entity_kinds()
    connectors = kinds.name_connectors
    connector = "|".join(sorted(map(re.escape, connectors), key=len, reverse=True)) or "(?!)"
    run_re = re.compile(rf"{_NAME_WORD}(?:[ \u00a0]+(?:(?:{connector})[ \u00a0]+)*{_NAME_WORD})*")
    not_names = _not_name_words() | kinds.address_words
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for doc_id, start, end in zip(mentions_df["doc_id"], mentions_df["start"], mentions_df["end"]):
        spans[doc_id].append((int(start), int(end)))
    # Per document, the mention starts in order and the largest end among the first k
    # mentions: "some mention overlaps [start, end)" is then one bisection, not a scan of
    # every mention of the document for every word of every capitalised run.
    starts_of: dict[str, list[int]] = {}
    reach_of: dict[str, list[int]] = {}
    for doc_id, doc_spans in spans.items():
        doc_spans.sort()
        starts_of[doc_id] = [s for s, _ in doc_spans]
        reach_of[doc_id] = list(itertools.accumulate((e for _, e in doc_spans), max))
    sentences = [s for document in corpus for s in document.sentences]
    lower_words = {w for s in sentences for w in re.findall(r"(?<![\w'\-])[a-z][a-z'\-]*", s.clean_text)}
    word_re = re.compile(rf"(?<![\w'\u2019\-]){_NAME_WORD}")
    capitalised_inside = set()  # words written capitalised somewhere after a sentence's start
    for s in sentences:
        lead = len(s.clean_text) - len(s.clean_text.lstrip("\"'(\u201c\u2018[ "))
        capitalised_inside.update(m.group(0) for m in word_re.finditer(s.clean_text) if m.start() > lead)
    found: dict[str, dict] = {}

    def covered(doc_id: str, start: int, end: int) -> bool:
        starting_before = bisect.bisect_left(starts_of.get(doc_id, ()), end)  # mentions with s < end
        return starting_before > 0 and reach_of[doc_id][starting_before - 1] > start

    for sentence in sentences:
        text = sentence.clean_text
        lead = len(text) - len(text.lstrip("\"'(\u201c\u2018[ "))
        for match in run_re.finditer(text):
            words = [(m.start() + match.start(), m.end() + match.start()) for m in re.finditer(r"\S+", match.group(0))]
            if match.start() == lead:  # the sentence's first word: capitalised anyway
                first = text[words[0][0]:words[0][1]]
                if first.lower() in lower_words or first.lower() in STOP_WORDS or first not in capitalised_inside:
                    words = words[1:]  # "Leaders of the Alternative for Germany": the name follows
            while words and text[words[0][0]:words[0][1]] in connectors:
                words = words[1:]
            for part in _uncovered_parts(sentence, words, covered, connectors):
                name = text[part[0][0]:part[-1][1]]
                # The words before a connector name the thing ("President of the General
                # Assembly" is a title, "Alternative for Germany" a party).
                head = []
                for a, b in part:
                    if text[a:b] in connectors:
                        break
                    head.append(text[a:b].lower())
                if all(w in not_names or w in STOP_WORDS for w in head):
                    continue
                if len(part) == 1 and not _name_shaped(name) and name.lower() in lower_words:
                    continue
                key = normalise_name(name)
                if len(key) < 2 or key in GENERIC_ENTITIES or key in NON_ACTOR_ENTITIES:
                    continue
                entry = found.setdefault(key, {"names": Counter(), "documents": set(), "example": None,
                                               "inside": 0})
                entry["names"][name] += 1
                entry["documents"].add(sentence.doc_id)
                entry["inside"] += part[0][0] > lead
                if entry["example"] is None:
                    entry["example"] = (sentence, name)
    rows = []
    for key, entry in found.items():
        count = sum(entry["names"].values())
        if count < min_count or not entry["inside"]:
            continue  # rare, or only ever capitalised because it opens a sentence
        sentence, name = entry["example"]
        rows.append({
            "actor_id": UNLINKED_PREFIX + key,
            "name": entry["names"].most_common(1)[0][0],
            "type": CANDIDATE_TYPE,
            "entity_kind": "",
            "mentions": count,
            "documents": len(entry["documents"]),
            "example": f"{sentence.doc_id}#{sentence.sentence_id}: {name}",
            "example_sentence": sentence.text,
        })
    return rows


def _uncovered_parts(sentence: Any, words: list[tuple[int, int]], covered, connectors) -> list[list[tuple[int, int]]]:
    """The parts of a run of words (clean-text spans) that no mention covers; a covered
    name at the end after a connector stays with the part before it."""
    def is_covered(span: tuple[int, int]) -> bool:
        start, end = sentence.original_span(*span)
        return covered(sentence.doc_id, start, end)

    flags = [is_covered(w) for w in words]
    text = sentence.clean_text
    # "Alternative for Germany": uncovered words, a connector, then covered words to the end.
    k = len(words)
    while k > 0 and flags[k - 1]:
        k -= 1
    if 0 < k < len(words) and k >= 2 and text[words[k - 1][0]:words[k - 1][1]] in connectors \
            and not any(flags[:k]):
        return [words]
    parts, current = [], []
    for word, flag in zip(words, flags):
        if flag:
            parts.append(current)
            current = []
        else:
            current.append(word)
    parts.append(current)
    out = []
    for part in parts:
        while part and text[part[-1][0]:part[-1][1]] in connectors:
            part = part[:-1]
        while part and text[part[0][0]:part[0][1]] in connectors:
            part = part[1:]
        if part:
            out.append(part)
    return out


def unlinked_report(mentions_df: "pd.DataFrame", top: int = 30, corpus: Any = None, *,
                    min_count: int = 2) -> "pd.DataFrame":
    """The most frequent entities the register lacks (its coverage report).

    Columns: actor_id, name, type, entity_kind, mentions, documents, example
    (``doc_id#sentence_id`` and the mention), example_sentence. The first rows are the
    ``top`` names the statistical model found and the register does not hold
    (``unlinked:``); with ``corpus`` (the :class:`~analysis.corpus.Corpus` the mentions
    come from) the example sentences are filled in, and the ``top`` recurring capitalised
    names that the model missed altogether (at least ``min_count`` times, e.g. "AfD",
    "Alternative for Germany") follow with ``type="candidate"``. ``df.attrs`` holds the
    share of mentions that were linked to the register (``linked_share``).
    """
    import pandas as pd

    columns = ["actor_id", "name", "type", "entity_kind", "mentions", "documents", "example", "example_sentence"]
    if mentions_df is None or len(mentions_df) == 0:
        empty = pd.DataFrame(columns=columns)
        empty.attrs["linked_share"] = float("nan")  # no mentions: no share to speak of
        return empty
    unlinked = mentions_df[mentions_df["actor_id"].astype(str).str.startswith(UNLINKED_PREFIX)]
    rows = []
    for actor_id, group in unlinked.groupby("actor_id", sort=False):
        first = group.iloc[0]
        kinds = group["entity_kind"] if "entity_kind" in group.columns else pd.Series([""])
        rows.append({
            "actor_id": actor_id,
            # the raw text may hold bidi or other invisible marks; the name is read by people
            "name": Counter(strip_invisible(t) for t in group["text"]).most_common(1)[0][0],
            "type": Counter(group["actor_type"]).most_common(1)[0][0],
            "entity_kind": Counter(kinds.fillna("")).most_common(1)[0][0],
            "mentions": len(group),
            "documents": group["doc_id"].nunique(),
            "example": f"{first['doc_id']}#{first['sentence_id']}: {first['text']}",
            "example_sentence": _sentence_text(corpus, first["doc_id"], first["sentence_id"]) if corpus is not None else "",
        })
    report = pd.DataFrame(rows, columns=columns)
    if len(report):
        report = report.sort_values(["mentions", "actor_id"], ascending=[False, True], kind="stable").head(top)
    if corpus is not None:
        known = set(unlinked["actor_id"])
        candidates = pd.DataFrame([r for r in _discover_names(mentions_df, corpus, min_count)
                                   if r["actor_id"] not in known], columns=columns)
        if len(candidates):
            candidates = candidates.sort_values(["mentions", "actor_id"], ascending=[False, True],
                                                kind="stable").head(top)
            report = pd.concat([report, candidates], ignore_index=True) if len(report) else candidates
    report = report.reset_index(drop=True)
    total = len(mentions_df)
    report.attrs["linked_share"] = float(1 - len(unlinked) / total) if total else 1.0
    return report
