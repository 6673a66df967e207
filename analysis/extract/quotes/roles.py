"""Who holds which role: role nouns in a phrase, register offices, persons' profiles.

A subject such as "the spokeswoman" or "a senior Russian diplomat" names a speaker by
role. This stage says which role classes a phrase names (:func:`roles_in`, from the role
nouns of ``data/quotes/roles.yaml``), which role classes a register office id gives
(:func:`office_roles`), and, for every person mentioned in a document, their gender and
roles (:func:`person_profiles`: the register's offices, :data:`~analysis.extract.quotes.words.DEFAULT_PERSONS`
and the titles the text gives them), so that resolution can find the nearest person
holding a role.

>>> role_matches("diplomat", {"foreign_minister"}), role_matches("minister", {"ambassador"})
(True, False)
>>> register_person_roles(None), default_gender("zakharova", {"zakharova": ("f", frozenset())})
({}, 'f')
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping

from analysis.register import ActorRegister, load_register
from analysis.extract.quotes.structures import ProseParagraph
from analysis.extract.quotes.words import (
    ARTICLES, OFFICE_IDS, OFFICE_WORDS, ROLE_COMPLEMENT_PREPOSITIONS, ROLE_COVERS, ROLE_NOUNS, TITLE_POS,
    TITLE_STOPS, TITLE_TAGS,
    TITLE_INNER_WORDS,
)

__all__ = [
    "roles_in", "role_matches", "office_roles", "register_or_default", "register_person_roles",
    "person_profiles", "default_gender",
]


def roles_in(text: str) -> list[tuple[str, str | None]]:
    """Role classes (and gender) named in a lower-case phrase, longest names first.

    >>> roles_in("russian deputy foreign minister")
    [('deputy_minister', None)]
    >>> roles_in("the kremlin spokeswoman")
    [('spokesperson', 'f')]
    """
    found: list[tuple[str, str | None]] = []
    taken: list[tuple[int, int]] = []
    for noun, pattern in _ROLE_PATTERNS:
        if noun not in text:  # most phrases name no role: skip the regex
            continue
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), ROLE_NOUNS[noun]))  # type: ignore[arg-type]
    return [role for _, role in sorted(found)]  # type: ignore[misc]


# The role nouns longest first, each with its whole-word pattern, compiled once: every
# speaker candidate's phrase is searched (sorting and compiling on each call was a tenth
# of the quote finder's time on short documents).
_ROLE_PATTERNS = tuple(
    (noun, re.compile(r"(?<![\w-])" + re.escape(noun) + r"(?![\w-])"))
    for noun in sorted(ROLE_NOUNS, key=len, reverse=True))


def role_matches(wanted: str, held: Iterable[str]) -> bool:
    """Whether a person holding the role classes ``held`` may be meant by role ``wanted``."""
    held = set(held)
    if not held:
        return False
    if wanted == "official":
        return True
    covers = ROLE_COVERS.get(wanted, frozenset({wanted}))
    if wanted == "minister":
        return bool(held & covers)
    return bool(held & covers) or wanted in held


def office_roles(office: str) -> set[str]:
    """Role classes of a register office id (``deputy_foreign_minister`` -> minister, ...).

    >>> sorted(office_roles("deputy_foreign_minister"))
    ['deputy_minister', 'diplomat', 'minister']
    >>> sorted(office_roles("mfa_spokesperson"))
    ['diplomat', 'spokesperson']
    """
    words = set(office.lower().split("_"))
    roles: set[str] = set()
    if words & OFFICE_WORDS["spokesperson"] or "press_secretary" in office:
        roles.add("spokesperson")
        if words & OFFICE_WORDS["foreign"]:
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
    if office in OFFICE_IDS["foreign_minister"]:
        roles |= {"foreign_minister", "diplomat"}
    if "president" in words and "vice" not in words:
        roles.add("president")
        if office == "president":
            roles.add("leader")
    if words & OFFICE_WORDS["leader"] or office in OFFICE_IDS["leader"]:
        roles |= {"leader"} | (words & {"chancellor"})
    if "secretary" in words and "general" in words:
        roles.add("secretary_general")
    if "ambassador" in words:
        roles |= {"ambassador", "diplomat"}
    if "envoy" in words:
        roles |= {"envoy", "diplomat"}
    if words & OFFICE_WORDS["aide"]:
        roles.add("aide")
    if words & OFFICE_WORDS["chair"]:
        roles.add("chair")
    return roles


def register_or_default(register: ActorRegister | None) -> ActorRegister | None:
    """The given register, else the packaged one (None if it cannot be loaded)."""
    if register is not None:
        return register
    try:
        return load_register()
    except Exception:  # noqa: BLE001 - quotes still work without a register
        return None


def register_person_roles(register: ActorRegister | None) -> dict[str, set[str]]:
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


def person_profiles(paras: list[ProseParagraph], persons: Mapping[str, tuple[str | None, frozenset[str]]],
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
                    toks[k].pos in TITLE_POS or toks[k].tag in TITLE_TAGS
                    or toks[k].lower in TITLE_INNER_WORDS) and toks[k].lower not in TITLE_STOPS:
                k -= 1
            title = " ".join(t.lower for t in toks[k + 1:m.t1])
            tail = m.t1
            if tail < len(toks) and toks[tail].text == ",":
                j = tail + 1
                while j < len(toks) and j - tail < 8 and toks[j].text not in {",", ".", ";"}:
                    j += 1
                if j < len(toks) and toks[j].text == "," and toks[tail + 1].lower in ARTICLES:
                    title += " | " + " ".join(t.lower for t in toks[tail + 1:j])
            # "Algeria's ambassador, Amar Bendjama": a role phrase set off before the name.
            # The role may take a complement ("ambassador to the United Nations"): its head
            # is what stands before the first such preposition.
            if m.t0 >= 2 and toks[m.t0 - 1].text == ",":
                j = m.t0 - 2
                while j >= 0 and m.t0 - j <= 10 and toks[j].sent == toks[m.t0].sent and (
                        toks[j].pos in TITLE_POS or toks[j].tag in TITLE_TAGS or toks[j].lower in TITLE_INNER_WORDS
                        or toks[j].lower in ROLE_COMPLEMENT_PREPOSITIONS or toks[j].lower in ARTICLES) and (
                        toks[j].lower not in TITLE_STOPS or toks[j].lower in ROLE_COMPLEMENT_PREPOSITIONS):
                    j -= 1
                words = [t.lower for t in toks[j + 1:m.t0 - 1]]
                cut = next((n for n, w in enumerate(words) if n and w in ROLE_COMPLEMENT_PREPOSITIONS), len(words))
                head = " ".join(words[:cut])
                found = roles_in(head)
                if found and any(head.endswith(noun) for noun in ROLE_NOUNS if ROLE_NOUNS[noun] == found[-1]):
                    title += " | " + head
            # The parse: the name apposed to a role noun ("Brazil's ambassador to the UN,
            # Paulo Lima,") or a role apposed to the name ("Lima, Brazil's ambassador").
            for k in range(m.t0, m.t1):
                t = toks[k]
                if t.head >= 0 and not m.t0 <= t.head < m.t1 and t.dep == "appos":
                    # The parse may hang the name on the role's complement ("ambassador
                    # to the United Nations, Paulo Lima": on "Nations"): climb to the role.
                    h = t.head
                    for _ in range(3):
                        title += " | " + toks[h].lower
                        if toks[h].dep not in {"pobj", "prep"} or toks[h].head in (h, -1):
                            break
                        h = toks[h].head
                for c in para.children[k] if para.children else ():
                    if not m.t0 <= c < m.t1 and toks[c].dep == "appos":
                        title += " | " + toks[c].lower
            for role, gender in roles_in(title.replace(" - ", "-")):
                prof["roles"].add(role)
                if gender and not prof["gender"]:
                    prof["gender"] = gender
    return profiles


def default_gender(actor_id: str, persons: Mapping[str, tuple[str | None, frozenset[str]]]) -> str | None:
    """The gender ``persons`` (e.g. :data:`~analysis.extract.quotes.words.DEFAULT_PERSONS`) gives an id."""
    base = persons.get(actor_id)
    return base[0] if base else None

