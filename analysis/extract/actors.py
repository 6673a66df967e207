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
* "non-Western" is not a mention of the West. Pronouns are not resolved.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from analysis.register import (
    BLOCKED_LABEL,
    ActorRegister,
    kind_of_label,
    load_register,
    to_date,
)
from analysis.schema import ACTOR_MENTION_COLUMNS, AMBIGUOUS_PREFIX, UNLINKED_PREFIX
from analysis.text import strip_invisible

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from spacy.tokens import Doc, Span

    from analysis.corpus import Sentence

__all__ = [
    "actors_table", "extract_actor_mentions", "GENERIC_ENTITIES", "mentions_frame",
    "NER_LABELS", "NON_ACTOR_ENTITIES", "normalise_name", "roll_up", "sentence_mentions",
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


def _register_mentions(doc: "Doc", register: ActorRegister) -> list[_Mention]:
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
                    title = _Mention(inst.end, end, holders[0], "title")
                    new.append(title)
                    for t in range(inst.end, end):
                        covered[t] = title
                else:
                    inst.end = end
                    inst.kind = "title"
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
            new.append(_Mention(i, end, holders[0], "title"))
        else:
            if q_after:
                qualifier.start = i
            else:
                qualifier.end = end
            qualifier.kind = "title"
        for t in range(i, end):
            covered[t] = qualifier
        i = end
    return new


def _is_heading(doc: "Doc") -> bool:
    """A short line without a verb or final punctuation ("Growing Tension in Eurasia")."""
    return len(doc) <= 12 and not doc[-1].is_punct and not any(
        t.tag_ in ("VBD", "VBP", "VBZ", "MD") or t.pos_ == "AUX" for t in doc)


def _ner_mentions(doc: "Doc", taken: set[int]) -> list[_Mention]:
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
        if all(t.is_stop or t.is_punct or t.lower_ in TITLE_WORDS for t in ent):
            continue
        if ent[-1].is_stop or ent[-1].lower_ in ("of", "the", "and", "-", "\u2013"):
            continue  # a cut-off name ("the Security Concept of the")
        if ent.end < len(doc) and doc[ent.end].text in ("-", "\u2013") and ent.end + 1 < len(doc) \
                and doc[ent.end + 1].is_lower:
            continue  # the first half of a compound adjective ("Extra-regional")
        if len(ent) == 1 and ent.end < len(doc) and doc[ent.end].text in ("-", "\u2013"):
            continue  # "Trans-Siberian"
        if len(ent) == 1 and ent.label_ != "NORP" and ent[0].tag_ not in ("NNP", "NNPS"):
            continue  # the tagger reads a common word ("Snapshot", "Extra")
        out.append(_Mention(ent.start, ent.end, UNLINKED_PREFIX + name, "name", method="ner",
                            actor_type=NER_LABELS[ent.label_]))
    return out


def sentence_mentions(doc: "Doc", register: ActorRegister, date=None) -> list[_Mention]:
    """All mentions in one parsed sentence (token offsets), before ambiguity resolution."""
    mentions = _register_mentions(doc, register)
    taken = {t for m in mentions for t in range(m.start, m.end)}
    for m in mentions:
        if register.type_of(m.actor_id) == "person":
            _extend_person(doc, m, taken - set(range(m.start, m.end)))
    mentions += _title_mentions(doc, mentions, register, date)
    taken = {t for m in mentions for t in range(m.start, m.end)}
    mentions += _ner_mentions(doc, taken)
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


def extract_actor_mentions(
    sentence_docs: Iterable[tuple["Sentence", "Doc"]],
    register: ActorRegister | None = None,
    *,
    dates: Any = None,
    institutions: str = "parent",
) -> list[dict]:
    """Rows of the ``actor_mentions`` table for parsed sentences.

    ``dates`` is the document date used to resolve unnamed titles ("the Russian Foreign
    Minister"): one date for all sentences, or a mapping ``doc_id -> date``. Without it,
    unnamed titles are title mentions of the state. Offsets are into the original
    document text (``document.text[start:end] == text``).

    ``institutions="parent"`` (the default) counts a named body under the actor it
    belongs to, as the id scheme asks ("the Russian Foreign Ministry" and "the State Duma"
    are Russia, "the European Commission" is the EU), with ``mention_kind="institution"``
    so the body stays visible in the text column; ``institutions="own"`` keeps the
    institution's own id (``RUS_MFA``) for analyses of state organs.
    """
    if institutions not in ("parent", "own"):
        raise ValueError(f"institutions must be 'parent' or 'own', not {institutions!r}")
    register = register or load_register()
    items = list(sentence_docs)
    per_sentence: list[tuple[Any, Any, list[_Mention]]] = []
    para_texts: dict[tuple[str, int], list[str]] = defaultdict(list)
    para_ids: dict[tuple[str, int], set[str]] = defaultdict(set)
    for sentence, doc in items:
        date = _date_for(dates, sentence.doc_id)
        mentions = sentence_mentions(doc, register, date)
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
            if (institutions == "parent" and actor is not None and actor.type == "institution"
                    and actor.parent and register.get(actor.parent) is not None):
                actor_id, actor, kind = actor.parent, register.get(actor.parent), "institution"
            if actor is not None:
                name, actor_type = actor.name, actor.type
            elif ambiguous:
                name, actor_type = span.text, "ambiguous"
            else:
                name, actor_type = span.text, m.actor_type or "unknown"
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
                "mention_kind": kind,
                "method": m.method,
                "ambiguous": ambiguous,
                "candidates": ";".join(candidates),
            })
    return rows


def mentions_frame(rows: Iterable[dict]) -> "pd.DataFrame":
    """The rows as a DataFrame with the schema's columns in order."""
    import pandas as pd

    return pd.DataFrame(list(rows), columns=ACTOR_MENTION_COLUMNS)


def actors_table(mentions_df: "pd.DataFrame", register: ActorRegister | None = None) -> "pd.DataFrame":
    """One row per actor: id, name, type, mentions, documents (most mentioned first)."""
    import pandas as pd

    columns = ["id", "name", "type", "mentions", "documents"]
    if mentions_df is None or len(mentions_df) == 0:
        return pd.DataFrame(columns=columns)
    grouped = mentions_df.groupby("actor_id", sort=False)
    table = pd.DataFrame({
        "id": list(grouped.groups.keys()),
    })
    table["name"] = grouped["actor_name"].agg(lambda s: s.mode().iloc[0]).reindex(table["id"]).to_numpy()
    table["type"] = grouped["actor_type"].agg(lambda s: s.mode().iloc[0]).reindex(table["id"]).to_numpy()
    table["mentions"] = grouped.size().reindex(table["id"]).to_numpy()
    table["documents"] = grouped["doc_id"].nunique().reindex(table["id"]).to_numpy()
    if register is not None:
        names = {a: register.get(a).name for a in table["id"] if register.get(a) is not None}
        table["name"] = [names.get(a, n) for a, n in zip(table["id"], table["name"])]
    return table.sort_values(["mentions", "id"], ascending=[False, True], kind="stable").reset_index(drop=True)


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


def unlinked_report(mentions_df: "pd.DataFrame", top: int = 30, corpus: Any = None) -> "pd.DataFrame":
    """The most frequent entities the register lacks (its coverage report).

    Columns: actor_id, name, type, mentions, documents, example (``doc_id#sentence_id``
    and the mention), example_sentence (when ``corpus`` is given). ``df.attrs`` holds the
    share of mentions that were linked to the register (``linked_share``).
    """
    import pandas as pd

    columns = ["actor_id", "name", "type", "mentions", "documents", "example", "example_sentence"]
    if mentions_df is None or len(mentions_df) == 0:
        empty = pd.DataFrame(columns=columns)
        empty.attrs["linked_share"] = float("nan")  # no mentions: no share to speak of
        return empty
    unlinked = mentions_df[mentions_df["actor_id"].astype(str).str.startswith(UNLINKED_PREFIX)]
    rows = []
    for actor_id, group in unlinked.groupby("actor_id", sort=False):
        first = group.iloc[0]
        example_sentence = ""
        if corpus is not None:
            try:
                document = corpus[first["doc_id"]]
                sentence = next(s for s in document.sentences if s.sentence_id == first["sentence_id"])
                example_sentence = sentence.text
            except (KeyError, StopIteration, TypeError):
                example_sentence = ""
        rows.append({
            "actor_id": actor_id,
            # the raw text may hold bidi or other invisible marks; the name is read by people
            "name": Counter(strip_invisible(t) for t in group["text"]).most_common(1)[0][0],
            "type": Counter(group["actor_type"]).most_common(1)[0][0],
            "mentions": len(group),
            "documents": group["doc_id"].nunique(),
            "example": f"{first['doc_id']}#{first['sentence_id']}: {first['text']}",
            "example_sentence": example_sentence,
        })
    report = pd.DataFrame(rows, columns=columns)
    if len(report):
        report = report.sort_values(["mentions", "actor_id"], ascending=[False, True], kind="stable").head(top)
    report = report.reset_index(drop=True)
    total = len(mentions_df)
    report.attrs["linked_share"] = float(1 - len(unlinked) / total) if total else 1.0
    return report
