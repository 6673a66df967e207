"""Transcript turns: who speaks each paragraph, and the speaker id of a turn label.

In a transcript ("President of Russia Vladimir Putin: ...", "Question: ..."), the
narrator of a paragraph is the speaker of the turn it belongs to; elsewhere it is the
document's ``voice`` from the manifest (:func:`narrator_ids`). A label becomes an id by
matching the person's name at its end to the register's names after the offices are
stripped (:func:`label_person_name`, :func:`label_speaker_id`): "President of Russia
Vladimir Putin" -> putin, "V.Putin" -> putin, "Vice Premier of the State Council of the
People's Republic of China Ding Xuexiang" -> ``unlinked:ding xuexiang``, "Question" ->
``question``, "Remark" -> ``remark``, other anonymous labels -> ``unknown``.

>>> register_names(None)
{}
>>> label_speaker_id("Foreign Minister Sergey Lavrov", names={"sergey lavrov": "lavrov"})
'lavrov'
"""

from __future__ import annotations

import bisect
import re
from typing import Iterable, Mapping

from analysis.extract.actors import TITLE_WORDS
from analysis.corpus import Document
from analysis.register import ActorRegister
from analysis.extract.quotes.roles import default_gender, register_or_default
from analysis.extract.quotes.structures import ProseParagraph, Speaker, unlinked_id
from analysis.extract.quotes.words import ANONYMOUS_LABELS, DEFAULT_PERSONS, LABEL_ORG_WORDS, NAME_PARTICLES, OFFICE_JOINERS

__all__ = [
    "register_names", "narrator_ids", "assign_narrators", "non_person_forms", "label_person_name",
    "label_speaker_id",
]


def register_names(register: ActorRegister | None) -> dict[str, str]:
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


def narrator_ids(document: Document, names: Mapping[str, str],
                 register: ActorRegister | None = None) -> dict[int, tuple[str | None, str | None]]:
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


def assign_narrators(document: Document, paras: list[ProseParagraph],
                     persons: Mapping[str, tuple[str | None, frozenset[str]]], profiles: dict[str, dict],
                     names: Mapping[str, str], register: ActorRegister | None = None) -> None:
    """The narrator of every paragraph: a turn's speaker, or the document's voice."""
    ids = narrator_ids(document, names, register)
    for para in paras:
        speaker_id, label = ids.get(para.paragraph.paragraph_id, (None, None))
        if label is not None:
            gender = profiles.get(speaker_id or "", {}).get("gender") or default_gender(speaker_id or "", persons)
            name = re.sub(r"\s*\([^)]*\)\s*", " ", label).strip()
            para.narrator = Speaker(speaker_id, name, label, "turn", gender, True)
        else:
            para.narrator = Speaker(speaker_id, speaker_id, None, "none")


# "V.Putin": an initial glued to the family name.
_INITIALS_GLUED_RE = re.compile(r"\b([A-Z])\.(?=[A-Z][a-z])")
# Non-person forms per register version (computed once per register).
_LABEL_FORMS_CACHE: dict[str, frozenset[str]] = {}


def non_person_forms(register: ActorRegister | None) -> frozenset[str]:
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


def label_person_name(label: str, register: ActorRegister | None = None) -> str:
    """The person's name in a transcript label, without offices, titles, organisations and
    remarks in parentheses (the name is the run of capitalised words at the end).

    >>> label_person_name("Vice Premier of the State Council of the People's Republic of China Ding Xuexiang")
    'Ding Xuexiang'
    >>> label_person_name("Amro Abdelhamid (retranslated)"), label_person_name("V.Putin")
    ('Amro Abdelhamid', 'V. Putin')
    """
    clean = re.sub(r"\s*\([^)]*\)\s*", " ", label.replace("\u2019", "'"))
    clean = " ".join(_INITIALS_GLUED_RE.sub(r"\1. ", clean).split())
    tokens = clean.split()
    forms = non_person_forms(register_or_default(register))

    def boundary(tok: str) -> bool:
        low = tok.lower().strip(",;:")
        parts = [p for p in re.split(r"[-\u2013]", low) if p]
        if not tok[:1].isupper():
            return low not in NAME_PARTICLES
        if re.fullmatch(r"[A-Z]\.", tok):
            return False  # an initial
        return ("'s" in low or any(ch.isdigit() for ch in tok) or low in TITLE_WORDS
                or low in LABEL_ORG_WORDS or any(p in TITLE_WORDS or p == "in" for p in parts[1:2])
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
    if len(name) >= 3 and i > 0 and tokens[i - 1].lower() in OFFICE_JOINERS:
        name = name[1:]
    while name and name[0].lower() in NAME_PARTICLES:
        name = name[1:]
    return " ".join(name) if name else clean


def label_speaker_id(label: str, known_ids: Iterable[str] = (), names: Mapping[str, str] | None = None,
                     register: ActorRegister | None = None) -> str:
    """Speaker id of a transcript label.

    The label's person name is taken from its end (:func:`label_person_name`: "President
    of the Plurinational State of Bolivia Luis Alberto Arce Catacora" -> "Luis Alberto Arce
    Catacora"; "(retranslated)" and other remarks in parentheses are dropped). ``names``
    maps lower-case person names and aliases to ids (the register's, see
    :func:`register_names`): a full name or alias gives its id; so does the family name
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
        return unlinked_id(clean)
    full = " ".join(w for w in words)
    if full in names:
        return names[full]
    family = words[-1].strip(".")
    given = [w for w in words[:-1] if w not in NAME_PARTICLES]
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
    return unlinked_id(" ".join(w for w in person.split() if not re.fullmatch(r"[A-Z]\.", w))
                        if not only_initials else person)

