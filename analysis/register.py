"""The actor register: ``data/actors.yaml`` as validated Python objects and spaCy patterns.

The register is data that users edit. :func:`load_register` reads and validates it and
returns an :class:`ActorRegister`, which knows every actor (states, international
organisations, persons with date-bounded roles, regions, agreements, events, media...),
produces the patterns of the spaCy ruler that finds them in text, and rolls actors up to
states (a person to the state they served at a date, an institution to its parent).
:func:`load_register_with` tries one more entry out against the whole register, without
writing the file.

>>> register = load_register()
>>> register.get("RUS").name
'Russia'
>>> register.state_of("lavrov"), register.state_of("EC"), register.state_of("UKR")
('RUS', 'EU', 'UKR')
>>> register.state_of("stoltenberg", "2020-05-01"), register.state_of("rutte", "2025-03-01")
('NATO', 'NATO')
>>> register.office_holders("USA", "president", "2022-06-01")
['biden']
>>> register.kind_of("RUS"), register.kind_of("EURASIA"), register.kind_of("HELSINKI_FINAL_ACT")
('actor', 'place', 'reference')

Matching decisions (documented here because they decide what is counted):

* Matching is case-sensitive on normalised text (``"US"`` is the United States, ``"us"`` is
  not; ``"May"`` is never a country). Generated variants: an all-caps form of place and
  organisation names of four letters or more (datelines such as ``MOSCOW``), accent-free
  forms (``Erdogan`` for ``Erdoğan``), curly-apostrophe and en-dash forms, and a
  capitalised form of names that start in lower case (``The West``).
* Possessives work because spaCy splits ``Russia's`` into ``Russia`` + ``'s``.
* Short or ambiguous country names are kept when the country reading dominates political
  text: ``Chad``, ``Georgia`` (not the US state), ``Jordan`` (not the person), ``Guinea``
  (the longer ``Equatorial Guinea``, ``Guinea-Bissau``, ``Papua New Guinea`` win by length),
  ``Turkey``. Capitals that are also common words or names elsewhere are left out
  (``Victoria``, ``Kingston``, ``Santiago``, ``San José``, ``Georgetown``, ``Male``,
  ``Sucre``, ``St. John's``, ``St. George's``): see ``states_curated.csv``.
* Every entry has an entity kind (:data:`ENTITY_KINDS`): ``actor`` (who acts and speaks),
  ``place`` or ``reference`` (agreements, documents, events), from its type through the
  mapping in ``data/entity_kinds.yaml`` unless the entry sets ``entity_kind`` itself.
* Short forms ("the Commission", "the Council", "this Assembly", "our Organization", "the
  Secretary-General") are no ruler patterns: they name an actor only in a document that
  says which one. :meth:`ActorRegister.short_forms` lists what each can stand for
  (``data/short_forms.yaml`` and the entries' ``short_forms`` and ``context_offices``);
  :mod:`analysis.extract.actors` resolves them document by document.
* Names that stand for several actors (``Brussels``: EU, NATO or Belgium; ``Congo``;
  ``Korea``) are listed in ``ambiguous_metonyms`` and resolved from context by
  :mod:`analysis.extract.actors`, never silently.
* A capital or seat of government directly followed by a word that makes it the name of
  another thing (``Washington Post``, ``Washington Summit``, ``Paris Agreement``, ``Moscow
  format``, ``Helsinki-era``, ``Moscow Patriarchate``, ``Moscow Region``, ``Moscow State
  University``: :data:`BLOCKING_HEADS`, optionally after one of :data:`BLOCKING_MIDDLE`) is
  blocked: it is not a mention of the state. State *names*
  are not blocked: in "the Russia-DPRK Treaty" both states are parties and are counted. Registered longer
  names (``Minsk Security Forum``, ``Helsinki Final Act``) win by length anyway.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping

from analysis.errors import InputError
from analysis.schema import AMBIGUOUS_PREFIX
from analysis.text import FileCache, load_word_lists, read_utf8_file, safe_load_yaml, strip_invisible, yaml_error_line, yaml_error_message

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "Actor", "ActorRegister", "add_common_words", "add_register_ruler", "AmbiguousName", "BLOCKED_LABEL",
    "FirstTokenFilter",
    "BLOCKING_HEADS", "BLOCKING_HYPHEN_HEADS", "BLOCKING_MIDDLE", "COMMON_WORDS_TABLE", "DEFAULT_PATH",
    "ENTITY_KINDS", "ENTITY_KINDS_PATH", "EntityKinds", "form_tokens", "kind_of_label",
    "KNOWN_TYPES", "label_for", "LABEL_PREFIX", "load_entity_kinds", "load_register",
    "load_register_with", "load_short_form_rules", "MENTION_KINDS", "parse_register",
    "RegisterError", "Role", "ShortForm", "ShortFormRules", "SHORT_FORMS_PATH", "to_date",
]

_DATA = Path(__file__).resolve().parent / "data"
DEFAULT_PATH = _DATA / "actors.yaml"
ENTITY_KINDS_PATH = _DATA / "entity_kinds.yaml"
SHORT_FORMS_PATH = _DATA / "short_forms.yaml"
#: The kinds of entity a mention can name, in reading order.
ENTITY_KINDS = ("actor", "place", "reference")

KNOWN_TYPES = frozenset({
    "state", "igo", "person", "collective", "media", "region", "agreement", "event",
    "institution", "group", "company", "facility",
})
MENTION_KINDS = ("name", "alias", "demonym", "metonym", "title", "pronoun")
LABEL_PREFIX = "ACTOR_"
BLOCKED_LABEL = "ACTOR_BLOCKED"

# Types whose names get an all-caps variant ("MOSCOW –" datelines, headings).
_UPPER_VARIANT_TYPES = frozenset({"state", "igo", "region", "collective"})

# Words that turn a preceding place name into the name of something else.
BLOCKING_HEADS = (
    "Agreement", "Agreements", "Accord", "Accords", "Act", "Charter", "Treaty", "Declaration",
    "Document", "Protocol", "Memorandum", "Convention", "Statute", "Communiqué", "Communique",
    "Consensus", "Format", "Process", "Summit", "Forum", "Conference", "Club", "Initiative",
    "Group", "Platform", "Post", "Times", "Herald", "Tribune", "Journal", "Independent",
    "Institute", "University", "Airport", "Exchange", "Metro", "Marathon", "Wall", "Pact",
    "Formula", "Doctrine", "Dialogue", "Round", "Games", "Theatre", "Theater", "Stadium",
    "agreements", "accords", "format", "process", "summit", "forum", "declaration",
    "memorandum", "protocol", "formula",
    # Church, city and regional bodies, places and institutions named after a capital
    # ("Moscow Patriarchate", "Moscow Region", "Kyiv Mayor", "Moscow Conservatory").
    "Patriarchate", "Patriarchy", "Diocese", "Eparchy", "Metropolis", "Oblast", "oblast",
    "Region", "region", "Regional", "Mayor", "Duma", "Academy", "Conservatory", "Museum",
    "Zoo", "Cathedral", "School", "Festival", "Film", "Ballet", "Philharmonic", "Circus",
    "Olympics", "Railway", "Time", "time", "Hospital", "Clinic", "Observatory",
)
# Words allowed between a place name and a blocking head ("Moscow State University",
# "Moscow Art Theatre", "Moscow City Duma", "Kyiv International Airport").
BLOCKING_MIDDLE = (
    "State", "City", "Art", "International", "Medical", "Technical", "Linguistic", "Higher",
    "Theological", "Central", "Drama", "Pedagogical", "Polytechnic", "National", "Municipal",
)
BLOCKING_HYPHEN_HEADS = ("era", "style", "type", "like", "based")

_PERSON_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_OTHER_ID_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_STATE_ID_RE = re.compile(r"^[A-Z]{3}$")


class RegisterError(InputError, ValueError):
    """The register file is invalid; the message names the file and the actor."""


def label_for(kind: str) -> str:
    """The ruler label of a mention kind: ``label_for("demonym") == "ACTOR_DEMONYM"``."""
    return LABEL_PREFIX + kind.upper()


def kind_of_label(label: str) -> str | None:
    """The mention kind of a ruler label, or None for other labels (NER, blocked)."""
    if not label.startswith(LABEL_PREFIX) or label == BLOCKED_LABEL:
        return None
    kind = label[len(LABEL_PREFIX):].lower()
    return kind if kind in MENTION_KINDS else None


def to_date(value: Any) -> dt.date | None:
    """A date from a ``date``, ``datetime`` or ISO string (``2024``, ``2024-06``,
    ``2024-06-14``, a longer timestamp); None for empty or unparseable values.

    >>> to_date("2022-12-15"), to_date("2024"), to_date(""), to_date("soon")
    (datetime.date(2022, 12, 15), datetime.date(2024, 1, 1), None, None)
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text or text.lower() in ("nan", "nat", "none"):
        return None
    match = re.match(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1))
    except ValueError:
        return None


def _words(value: Any) -> tuple[str, ...]:
    """A word list of a data file: a string of words separated by white space, or a list."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(value.split())
    return tuple(str(v) for v in value)


def _read_data_file(path: Path) -> Mapping[str, Any]:
    return load_word_lists(path, RegisterError, what="data file")


@dataclass(frozen=True)
class EntityKinds:
    """``data/entity_kinds.yaml``: the entity kind of each register type and model label.

    >>> kinds = load_entity_kinds()
    >>> kinds.of_type("igo"), kinds.of_type("region"), kinds.of_type("agreement")
    ('actor', 'place', 'reference')
    >>> kinds.of_label("GPE"), kinds.of_label("LAW"), kinds.of_label("CARDINAL")
    ('place', 'reference', None)
    """

    register_types: Mapping[str, str]
    ner_labels: Mapping[str, str]
    locative_words: frozenset[str]
    name_connectors: frozenset[str] = frozenset()
    address_words: frozenset[str] = frozenset()

    def of_type(self, actor_type: str) -> str:
        return self.register_types.get(actor_type, "actor")

    def of_label(self, label: str) -> str | None:
        return self.ner_labels.get(label)


def _parse_entity_kinds(path: Path) -> EntityKinds:
    data = _read_data_file(path)
    kinds = _words(data.get("kinds"))
    if tuple(kinds) != ENTITY_KINDS:
        raise RegisterError(path, f"'kinds' must be {list(ENTITY_KINDS)}")
    types = dict(data.get("register_types") or {})
    labels = dict(data.get("ner_labels") or {})
    missing = sorted(KNOWN_TYPES - set(types))
    if missing:
        raise RegisterError(path, f"register_types lacks {missing}")
    for key, kind in list(types.items()) + list(labels.items()):
        if kind not in ENTITY_KINDS:
            raise RegisterError(path, f"{key}: unknown entity kind {kind!r} (known: {', '.join(ENTITY_KINDS)})")
    return EntityKinds(types, labels, frozenset(w.lower() for w in _words(data.get("locative_words"))),
                       frozenset(_words(data.get("name_connectors"))),
                       frozenset(w.lower() for w in _words(data.get("address_words"))))


_ENTITY_KINDS: FileCache[EntityKinds] = FileCache(_parse_entity_kinds)


def load_entity_kinds(path: str | Path | None = None) -> EntityKinds:
    """The entity-kind mapping (default: the packaged ``data/entity_kinds.yaml``)."""
    return _ENTITY_KINDS(Path(path) if path is not None else ENTITY_KINDS_PATH)


@dataclass(frozen=True)
class ShortFormRules:
    """``data/short_forms.yaml``: how short forms are found and which context decides.

    >>> rules = load_short_form_rules()
    >>> "Commission" in rules.heads, "our" in rules.own_determiners, "setting" in rules.context_fields
    (True, True, True)
    """

    heads: frozenset[str]
    determiners: frozenset[str]
    own_determiners: frozenset[str]
    honorifics: frozenset[str]
    name_continuations: frozenset[str]
    context_fields: tuple[str, ...]


def _parse_short_form_rules(path: Path) -> ShortFormRules:
    data = _read_data_file(path)
    return ShortFormRules(
        heads=frozenset(_words(data.get("heads"))),
        determiners=frozenset(_words(data.get("determiners"))),
        own_determiners=frozenset(_words(data.get("own_determiners"))),
        honorifics=frozenset(_words(data.get("honorifics"))),
        name_continuations=frozenset(_words(data.get("name_continuations"))),
        context_fields=_words(data.get("context_fields")),
    )


_SHORT_FORM_RULES: FileCache[ShortFormRules] = FileCache(_parse_short_form_rules)


def load_short_form_rules(path: str | Path | None = None) -> ShortFormRules:
    """The short-form rules (default: the packaged ``data/short_forms.yaml``)."""
    return _SHORT_FORM_RULES(Path(path) if path is not None else SHORT_FORMS_PATH)


def form_tokens(form: str) -> tuple[str, ...]:
    """A written form as the tokens spaCy makes of it (hyphens and dashes are tokens).

    >>> form_tokens("Secretary-General"), form_tokens("Security Council")
    (('Secretary', '-', 'General'), ('Security', 'Council'))
    """
    return tuple(re.findall(r"[^\s\-\u2013]+|[\-\u2013]", form))


@dataclass(frozen=True)
class ShortForm:
    """What a short form can stand for: an actor, or an office of an organisation.

    ``key`` names what makes the form refer back: the actor itself (a form written in its
    entry), the actor's name ending in a head word (``EC|Commission``: "the Commission"
    refers back to "the European Commission", not to any mention of the EU), or the
    office (``UN#secretary_general``: the holder, or an earlier "the Secretary-General").
    """

    actor_id: str
    office: str | None = None
    head: str | None = None

    @property
    def key(self) -> str:
        if self.office:
            return f"{self.actor_id}#{self.office}"
        if self.head:
            return f"{self.actor_id}|{self.head}"
        return self.actor_id


@dataclass(frozen=True)
class Role:
    """A date-bounded role: ``office`` of ``state`` (any actor id) from ``start`` to ``end``."""

    state: str
    office: str
    start: dt.date | None = None
    end: dt.date | None = None  # exclusive; None = still in office

    def valid_at(self, date: dt.date) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date < self.end)


@dataclass(frozen=True)
class Actor:
    """One register entry."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    surname: str | None = None
    surname_alone: bool = True
    nationality: str | None = None
    affiliation: tuple[Role, ...] = ()
    parent: str | None = None
    country: str | None = None
    status: str | None = None
    note: str | None = None
    entity_kind: str = "actor"
    short_forms: tuple[str, ...] = ()
    context: str | None = None
    context_offices: tuple[str, ...] = ()

    def forms(self) -> list[tuple[str, str]]:
        """Every surface form written in the register with its mention kind, in order."""
        person = self.type == "person"
        out: list[tuple[str, str]] = [(self.name, "name")]
        out += [(a, "name" if person else "alias") for a in self.aliases]
        if person and self.surname_alone:
            out.append((self.surname or self.name.split()[-1], "name"))
        out += [(d, "demonym") for d in self.demonyms]
        out += [(m, "metonym") for m in self.metonyms]
        out += [(t, "title") for t in self.titles]
        return out

    def roles_at(self, date: Any) -> list[Role]:
        day = to_date(date)
        if day is None:
            return []
        return [role for role in self.affiliation if role.valid_at(day)]


@dataclass(frozen=True)
class AmbiguousName:
    """A form that stands for several actors (``Brussels``), with context cues per candidate."""

    key: str
    forms: tuple[str, ...]
    demonyms: tuple[str, ...]
    candidates: tuple[tuple[str, tuple[str, ...]], ...]  # (actor id, cue words)

    @property
    def id(self) -> str:
        return AMBIGUOUS_PREFIX + self.key

    @property
    def candidate_ids(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.candidates)


def _variants(form: str, *, upper: bool) -> list[str]:
    """Generated spellings of ``form`` (the form itself first)."""
    out = [form]

    def add(value: str) -> None:
        if value and value not in out:
            out.append(value)

    folded = "".join(ch for ch in unicodedata.normalize("NFKD", form) if not unicodedata.combining(ch))
    add(unicodedata.normalize("NFC", folded))
    for value in list(out):
        if "'" in value:
            add(value.replace("'", "\u2019"))
        if re.search(r"\w-\w", value):
            add(re.sub(r"(?<=\w)-(?=\w)", "\u2013", value))
    for value in list(out):
        if value[:1].islower():
            add(value[:1].upper() + value[1:])
    if upper:
        for value in list(out):
            letters = [ch for ch in value if ch.isalpha()]
            if len(letters) >= 4 and value.upper() != value and "\u2019" not in value:
                add(value.upper())
    return out


class ActorRegister:
    """Validated actors, ambiguous names and office vocabulary of one register file."""

    def __init__(self, actors: Mapping[str, Actor], ambiguous: Iterable[AmbiguousName],
                 offices: Mapping[str, tuple[str, ...]], path: Path, version: str) -> None:
        self.actors: dict[str, Actor] = dict(actors)
        self.ambiguous: dict[str, AmbiguousName] = {a.id: a for a in ambiguous}
        self.offices: dict[str, tuple[str, ...]] = dict(offices)
        self.path = path
        self.version = version
        self._patterns: list[dict] | None = None
        self._holders: dict[tuple[str, str], list[tuple[Role, str]]] = {}
        for actor in self.actors.values():
            for role in actor.affiliation:
                self._holders.setdefault((role.state, role.office), []).append((role, actor.id))

    def __repr__(self) -> str:
        return f"<ActorRegister {self.path.name}: {len(self.actors)} actors, version {self.version}>"

    def __len__(self) -> int:
        return len(self.actors)

    def __iter__(self) -> Iterator[Actor]:
        return iter(self.actors.values())

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self.actors

    def get(self, actor_id: str) -> Actor | None:
        """The actor with this id, or None."""
        return self.actors.get(actor_id)

    def name_of(self, actor_id: str) -> str:
        """Display name; for ``unlinked:``/``ambiguous:`` ids the part after the prefix."""
        actor = self.actors.get(actor_id)
        if actor is not None:
            return actor.name
        return actor_id.split(":", 1)[-1]

    def type_of(self, actor_id: str) -> str | None:
        actor = self.actors.get(actor_id)
        return actor.type if actor is not None else None

    def kind_of(self, actor_id: str) -> str | None:
        """The entity kind (``actor``, ``place``, ``reference``) of a register id; for an
        ambiguous name the kind its candidates share (``actor`` when they differ); None
        for ids the register does not hold."""
        actor = self.actors.get(actor_id)
        if actor is not None:
            return actor.entity_kind
        amb = self.ambiguous.get(actor_id)
        if amb is not None:
            kinds = {self.actors[c].entity_kind for c in amb.candidate_ids}
            return kinds.pop() if len(kinds) == 1 else "actor"
        return None

    # ------------------------------------------------------------------ context
    def anchors(self, actor_id: str) -> tuple[str, ...]:
        """The actors in whose context an actor's short forms are understood: its
        ``context`` (or else its ``parent``), then theirs, nearest first.

        >>> load_register().anchors("EC"), load_register().anchors("UN_CHARTER")
        (('EU',), ('UN',))
        """
        out: list[str] = []
        current = self.actors.get(actor_id)
        while current is not None:
            nxt = current.context or current.parent
            if nxt is None or nxt == actor_id or nxt in out:
                break
            out.append(nxt)
            current = self.actors.get(nxt)
        return tuple(out)

    def lookup(self, value: Any) -> str | None:
        """The actor a manifest cell names: an actor id, or a registered form (with or
        without a leading "the"); None otherwise.

        >>> register = load_register()
        >>> register.lookup("RUS_MFA"), register.lookup("United Nations General Assembly"), register.lookup("nobody")
        ('RUS_MFA', 'UNGA', None)
        """
        if not isinstance(value, str) or not value.strip():
            return None
        text = " ".join(value.split())
        if text in self.actors:
            return text
        surfaces = self.surface_index()
        for candidate in (text, re.sub(r"^(?:the|The)\s+", "", text)):
            hit = surfaces.get(candidate)
            if hit is not None and hit[0] in self.actors:
                return hit[0]
        return None

    def short_forms(self, rules: ShortFormRules | None = None) -> dict[tuple[str, ...], tuple[ShortForm, ...]]:
        """Every short form (as tokens, :func:`form_tokens`) with what it can stand for.

        From three sources: the last word of a registered multi-word name or alias when it
        is one of the rules' ``heads`` ("European Commission" -> "Commission"); an entry's
        ``short_forms``; and the forms of each office in an entry's ``context_offices``
        ("Secretary-General" for the UN). Persons have none.

        >>> index = load_register().short_forms()
        >>> [c.key for c in index[("Commission",)] if c.actor_id == "EC"]
        ['EC|Commission']
        >>> [c.key for c in index[("Secretary", "-", "General")] if c.actor_id == "UN"]
        ['UN#secretary_general']
        """
        rules = rules or load_short_form_rules()
        key = (id(rules), rules.heads)
        cached = getattr(self, "_short_forms", None)
        if cached is not None and cached[0] == key:
            return cached[1]
        index: dict[tuple[str, ...], list[ShortForm]] = {}

        def add(tokens: tuple[str, ...], item: ShortForm) -> None:
            items = index.setdefault(tokens, [])
            if all(i.actor_id != item.actor_id or i.office != item.office for i in items):
                items.append(item)

        for actor in sorted(self.actors.values(), key=lambda a: a.id):
            if actor.type == "person":
                continue
            for form in actor.short_forms:
                add(form_tokens(form), ShortForm(actor.id))
            for office in actor.context_offices:
                for form in self.offices.get(office, ()):
                    add(form_tokens(form), ShortForm(actor.id, office=office))
            for form, kind in actor.forms():
                words = form.split()
                if kind in ("name", "alias") and len(words) > 1 and words[-1] in rules.heads:
                    add((words[-1],), ShortForm(actor.id, head=words[-1]))
        result = {tokens: tuple(items) for tokens, items in index.items()}
        self._short_forms = (key, result)
        return result

    # ------------------------------------------------------------------ roll-up
    def state_of(self, actor_id: str, date: Any = None) -> str | None:
        """The state (or top-level actor) an actor rolls up to.

        A state is itself; a person is the ``state`` of their role valid at ``date`` (the
        first one listed when several are), else their nationality; an institution or a
        region with a parent rolls up to the parent. Other actors (IGOs, regions without a
        parent, media, agreements) are their own top level. Unknown ids give None.
        """
        seen: set[str] = set()
        current = actor_id
        while current not in seen:
            seen.add(current)
            actor = self.actors.get(current)
            if actor is None:
                return None
            if actor.type == "state":
                return actor.id
            if actor.type == "person":
                roles = actor.roles_at(date)
                nxt = roles[0].state if roles else actor.nationality
                if nxt is None and actor.affiliation:
                    nxt = actor.affiliation[-1].state
                if nxt is None:
                    return actor.id
                current = nxt
                continue
            if actor.parent:
                current = actor.parent
                continue
            return actor.id
        return current

    def office_holders(self, state: str, office: str, date: Any) -> list[str]:
        """Persons holding ``office`` of ``state`` at ``date`` (empty when the date is unknown)."""
        day = to_date(date)
        if day is None:
            return []
        return sorted({pid for role, pid in self._holders.get((state, office), []) if role.valid_at(day)})

    # ------------------------------------------------------------------ patterns
    def ruler_patterns(self) -> list[dict]:
        """Patterns for spaCy's EntityRuler (``phrase_matcher_attr`` ORTH, case-sensitive).

        Each pattern is ``{"label": "ACTOR_<KIND>", "pattern": ..., "id": <actor id>}``;
        ambiguous names have id ``ambiguous:<key>``. Token patterns labelled
        ``ACTOR_BLOCKED`` cover place names that are part of another name
        (``Washington Post``); :mod:`analysis.extract.actors` ignores them.
        """
        if self._patterns is None:
            self._patterns = self._build_patterns()
        return [dict(p) for p in self._patterns]

    def surface_index(self) -> dict[str, tuple[str, str]]:
        """Every matched string -> (actor id, mention kind)."""
        if getattr(self, "_surfaces", None) is None:
            self._surfaces = {p["pattern"]: (p["id"], kind_of_label(p["label"]) or "")
                              for p in self.ruler_patterns() if isinstance(p["pattern"], str)}
        return self._surfaces

    def _build_patterns(self) -> list[dict]:
        index: dict[str, tuple[str, str]] = {}
        for actor in sorted(self.actors.values(), key=lambda a: a.id):
            upper = actor.type in _UPPER_VARIANT_TYPES
            for form, kind in actor.forms():
                for i, variant in enumerate(_variants(form, upper=upper)):
                    owner = index.get(variant)
                    if owner is None:
                        index[variant] = (actor.id, kind)
                    elif owner[0] != actor.id and i == 0:
                        pass  # explicit collisions are reported by validation
        for amb in sorted(self.ambiguous.values(), key=lambda a: a.key):
            for forms, kind in ((amb.forms, "metonym"), (amb.demonyms, "demonym")):
                for form in forms:
                    for variant in _variants(form, upper=True):
                        index.setdefault(variant, (amb.id, kind))
        patterns = [{"label": label_for(kind), "pattern": text, "id": actor_id}
                    for text, (actor_id, kind) in sorted(index.items())]
        patterns += self._blocking_patterns(index)
        return patterns

    def _blocking_patterns(self, index: Mapping[str, tuple[str, str]]) -> list[dict]:
        place_forms = sorted({
            text for text, (actor_id, kind) in index.items()
            if kind == "metonym" and self.type_of(actor_id) == "state"
        })
        single = [t for t in place_forms if re.fullmatch(r"[^\W\d_]+", t)]
        multi = [t for t in place_forms if " " in t and re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)+", t)]
        heads = [h for h in BLOCKING_HEADS]
        patterns: list[dict] = []
        if single:
            patterns.append({"label": BLOCKED_LABEL, "id": "blocked",
                             "pattern": [{"ORTH": {"IN": single}}, {"ORTH": {"IN": heads}}]})
            patterns.append({"label": BLOCKED_LABEL, "id": "blocked",
                             "pattern": [{"ORTH": {"IN": single}}, {"ORTH": {"IN": list(BLOCKING_MIDDLE)}},
                                         {"ORTH": {"IN": heads}}]})
            patterns.append({"label": BLOCKED_LABEL, "id": "blocked",
                             "pattern": [{"ORTH": {"IN": single}}, {"ORTH": {"IN": ["-", "\u2013"]}},
                                         {"LOWER": {"IN": list(BLOCKING_HYPHEN_HEADS)}}]})
        for text in multi:
            patterns.append({"label": BLOCKED_LABEL, "id": "blocked",
                             "pattern": [{"ORTH": w} for w in text.split()] + [{"ORTH": {"IN": heads}}]})
        return patterns

    # ------------------------------------------------------------------ tables
    def to_frame(self) -> "pd.DataFrame":
        """One row per actor: id, name, type, entity kind, parent, nationality, forms and roles."""
        import pandas as pd

        rows = []
        for actor in sorted(self.actors.values(), key=lambda a: (a.type, a.id)):
            rows.append({
                "id": actor.id,
                "name": actor.name,
                "type": actor.type,
                "entity_kind": actor.entity_kind,
                "parent": actor.parent or "",
                "nationality": actor.nationality or "",
                "country": actor.country or "",
                "aliases": "; ".join(actor.aliases),
                "demonyms": "; ".join(actor.demonyms),
                "metonyms": "; ".join(actor.metonyms),
                "short_forms": "; ".join(actor.short_forms),
                "roles": "; ".join(
                    f"{r.office} of {r.state} {r.start or ''}..{r.end or ''}" for r in actor.affiliation
                ),
                "status": actor.status or "",
                "note": actor.note or "",
            })
        return pd.DataFrame(rows)


# ---------------------------------------------------------------------- loading and validation


def _fail(path: Path, message: str) -> RegisterError:
    return RegisterError(path, message)


def _clean_form(value: str) -> str:
    """A written form as the matcher sees text: stripped, format characters removed.

    Names pasted from web pages carry invisible bidi marks or zero-width spaces; the clean
    text the ruler matches never does (:data:`analysis.text.INVISIBLE_CHARS`), so such a
    form would silently never match.

    >>> _clean_form(" \\u200eRus\\u00adsia ")
    'Russia'
    """
    return strip_invisible(value).strip()


def _str_list(path: Path, where: str, key: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and _clean_form(v) for v in value):
        raise _fail(path, f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(_clean_form(v) for v in value)


def _date_field(path: Path, where: str, key: str, value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value if not isinstance(value, dt.datetime) else value.date()
    if isinstance(value, int) and 1000 <= value <= 2999:
        return dt.date(value, 1, 1)
    if isinstance(value, str) and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value.strip()):
        parsed = to_date(value)
        if parsed is not None:
            return parsed
    raise _fail(path, f"{where}: bad date in '{key}': {value!r} (use YYYY-MM-DD)")


_ACTOR_KEYS = {
    "id", "name", "type", "aliases", "demonyms", "metonyms", "titles", "surname", "surname_alone",
    "nationality", "affiliation", "parent", "country", "status", "note", "un_member_since",
    "entity_kind", "short_forms", "context", "context_offices",
}


def _parse_actor(path: Path, raw: Any, position: str, kinds: EntityKinds | None = None) -> Actor:
    if not isinstance(raw, dict):
        raise _fail(path, f"{position}: an actor must be a mapping, got {type(raw).__name__}")
    actor_id = raw.get("id")
    if not isinstance(actor_id, str) or not actor_id.strip():
        raise _fail(path, f"{position}: actor without an 'id'")
    where = f"actor {actor_id!r}"
    unknown = set(raw) - _ACTOR_KEYS
    if unknown:
        raise _fail(path, f"{where}: unknown field(s) {sorted(unknown)}")
    name = raw.get("name")
    if not isinstance(name, str) or not _clean_form(name):
        raise _fail(path, f"{where}: missing 'name'")
    kind = raw.get("type")
    if kind not in KNOWN_TYPES:
        raise _fail(path, f"{where}: unknown type {kind!r} (known: {', '.join(sorted(KNOWN_TYPES))})")
    if kind == "person":
        if not _PERSON_ID_RE.match(actor_id):
            raise _fail(path, f"{where}: person ids are lower-case family names (a-z, 0-9, _)")
    elif kind == "state":
        if not _STATE_ID_RE.match(actor_id):
            raise _fail(path, f"{where}: state ids are ISO 3166-1 alpha-3 codes (three capitals)")
    elif not _OTHER_ID_RE.match(actor_id):
        raise _fail(path, f"{where}: ids of {kind} actors are upper case (A-Z, 0-9, _)")
    roles = []
    affiliation = raw.get("affiliation") or []
    if not isinstance(affiliation, list):
        raise _fail(path, f"{where}: 'affiliation' must be a list of roles")
    if affiliation and kind != "person":
        raise _fail(path, f"{where}: only persons have an 'affiliation'")
    for number, role in enumerate(affiliation, start=1):
        if not isinstance(role, dict) or not isinstance(role.get("state"), str) or not isinstance(role.get("office"), str):
            raise _fail(path, f"{where}: role {number} needs 'state' and 'office'")
        extra = set(role) - {"state", "office", "start", "end"}
        if extra:
            raise _fail(path, f"{where}: role {number} has unknown field(s) {sorted(extra)}")
        start = _date_field(path, f"{where}, role {number}", "start", role.get("start"))
        end = _date_field(path, f"{where}, role {number}", "end", role.get("end"))
        if start and end and end < start:
            raise _fail(path, f"{where}: role {number} ends ({end}) before it starts ({start})")
        roles.append(Role(role["state"], role["office"], start, end))
    surname_alone = raw.get("surname_alone", True)
    if not isinstance(surname_alone, bool):
        raise _fail(path, f"{where}: 'surname_alone' must be true or false")
    for key in ("surname", "nationality", "parent", "country", "status", "note", "context", "entity_kind"):
        if raw.get(key) is not None and not isinstance(raw.get(key), str):
            raise _fail(path, f"{where}: '{key}' must be a string")
    entity_kind = raw.get("entity_kind") or (kinds or load_entity_kinds()).of_type(kind)
    if entity_kind not in ENTITY_KINDS:
        raise _fail(path, f"{where}: unknown entity_kind {entity_kind!r} (known: {', '.join(ENTITY_KINDS)})")
    return Actor(
        id=actor_id,
        name=_clean_form(name),
        type=kind,
        aliases=_str_list(path, where, "aliases", raw.get("aliases")),
        demonyms=_str_list(path, where, "demonyms", raw.get("demonyms")),
        metonyms=_str_list(path, where, "metonyms", raw.get("metonyms")),
        titles=_str_list(path, where, "titles", raw.get("titles")),
        surname=_clean_form(raw["surname"]) if raw.get("surname") else None,
        surname_alone=surname_alone,
        nationality=raw.get("nationality"),
        affiliation=tuple(roles),
        parent=raw.get("parent"),
        country=raw.get("country"),
        status=raw.get("status"),
        note=raw.get("note"),
        entity_kind=entity_kind,
        short_forms=_str_list(path, where, "short_forms", raw.get("short_forms")),
        context=raw.get("context"),
        context_offices=_str_list(path, where, "context_offices", raw.get("context_offices")),
    )


def _parse_ambiguous(path: Path, raw: Any, number: int) -> AmbiguousName:
    if not isinstance(raw, dict) or not isinstance(raw.get("key"), str):
        raise _fail(path, f"ambiguous_metonyms entry {number}: needs a 'key'")
    where = f"ambiguous name {raw['key']!r}"
    if not re.fullmatch(r"[a-z][a-z0-9_]*", raw["key"]):
        raise _fail(path, f"{where}: keys are lower case (a-z, 0-9, _)")
    candidates = []
    for cand in raw.get("candidates") or []:
        if not isinstance(cand, dict) or not isinstance(cand.get("id"), str):
            raise _fail(path, f"{where}: every candidate needs an 'id'")
        candidates.append((cand["id"], _str_list(path, where, "cues", cand.get("cues"))))
    if len(candidates) < 2:
        raise _fail(path, f"{where}: needs at least two candidates")
    forms = _str_list(path, where, "forms", raw.get("forms"))
    demonyms = _str_list(path, where, "demonyms", raw.get("demonyms"))
    if not forms and not demonyms:
        raise _fail(path, f"{where}: needs 'forms' or 'demonyms'")
    return AmbiguousName(raw["key"], forms, demonyms, tuple(candidates))


def parse_register(text: str, path: Path) -> ActorRegister:
    """Validate the YAML ``text`` of a register file and build the register."""
    import yaml

    try:
        # A safe loader (the C one when installed): python tags (!!python/object) are
        # refused, never run; dates stay strings, so that a bad date names its actor.
        data = safe_load_yaml(text, dates_as_strings=True)
    except yaml.YAMLError as exc:
        raise RegisterError(path, f"not valid YAML: {yaml_error_message(exc)}", line=yaml_error_line(exc)) from None
    if not isinstance(data, dict):
        got = "an empty document" if data is None else f"a {type(data).__name__}"
        raise _fail(path, f"the register must be a mapping with 'actors' (and 'states'), got {got}")
    unknown = set(data) - {"schema_version", "offices", "ambiguous_metonyms", "actors", "states"}
    if unknown:
        raise _fail(path, f"unknown top-level section(s) {sorted(unknown)}")
    entries: list[tuple[str, Any]] = []
    for section in ("actors", "states"):
        items = data.get(section) or []
        if not isinstance(items, list):
            raise _fail(path, f"section '{section}' must be a list")
        entries += [(f"{section}[{i}]", raw) for i, raw in enumerate(items)]
    if not entries:
        raise _fail(path, "no actors")
    actors: dict[str, Actor] = {}
    kinds = load_entity_kinds()
    for position, raw in entries:
        actor = _parse_actor(path, raw, position, kinds)
        if actor.id in actors:
            raise _fail(path, f"actor {actor.id!r}: duplicate id")
        actors[actor.id] = actor

    offices_raw = data.get("offices") or {}
    if not isinstance(offices_raw, dict):
        raise _fail(path, "'offices' must map office ids to lists of forms")
    offices = {str(k): _str_list(path, f"office {k!r}", "forms", v) for k, v in offices_raw.items()}

    ambiguous = [_parse_ambiguous(path, raw, i) for i, raw in enumerate(data.get("ambiguous_metonyms") or [], 1)]
    keys = [a.key for a in ambiguous]
    if len(set(keys)) != len(keys):
        raise _fail(path, "duplicate key in ambiguous_metonyms")

    # References between actors.
    for actor in actors.values():
        where = f"actor {actor.id!r}"
        for key in ("parent", "nationality", "country", "context"):
            ref = getattr(actor, key)
            if ref is not None and ref not in actors:
                raise _fail(path, f"{where}: {key} {ref!r} is not in the register")
        if actor.parent == actor.id or actor.context == actor.id:
            raise _fail(path, f"{where}: an actor cannot be its own parent or context")
        for office in actor.context_offices:
            if office not in offices:
                raise _fail(path, f"{where}: context office {office!r} is not in 'offices'")
        for number, role in enumerate(actor.affiliation, start=1):
            if role.state not in actors:
                raise _fail(path, f"{where}: role {number} refers to unknown actor {role.state!r}")
    for amb in ambiguous:
        for cand, _ in amb.candidates:
            if cand not in actors:
                raise _fail(path, f"ambiguous name {amb.key!r}: unknown candidate {cand!r}")

    # One written form, one actor.
    owners: dict[str, str] = {}
    for actor in actors.values():
        for form, _ in actor.forms():
            other = owners.setdefault(form, actor.id)
            if other != actor.id:
                raise _fail(path, f"actor {actor.id!r}: form {form!r} is also a form of {other!r} "
                                  "(list it under ambiguous_metonyms if it stands for both)")
    for amb in ambiguous:
        for form in amb.forms + amb.demonyms:
            if form in owners:
                raise _fail(path, f"ambiguous name {amb.key!r}: form {form!r} is also a form of {owners[form]!r}")

    version = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return ActorRegister(actors, ambiguous, offices, path, version)


def _read_register(path: Path) -> ActorRegister:
    return parse_register(read_utf8_file(path, "register", RegisterError), path)


_REGISTERS: FileCache[ActorRegister] = FileCache(_read_register)


def load_register(path: str | Path | None = None) -> ActorRegister:
    """Load and validate a register file (default: the packaged ``data/actors.yaml``).

    Raises :class:`RegisterError` (a ``ValueError``) naming the file and the actor when
    the file is invalid. Loading the same unchanged file again returns the cached object.
    """
    resolved = Path(path) if path is not None else DEFAULT_PATH
    try:
        return _REGISTERS(resolved)
    except OSError as exc:  # stat failed: read_utf8_file words every other read error
        raise RegisterError(resolved, f"cannot read register: {exc.strerror or exc}") from exc


def load_register_with(entry: str, path: str | Path | None = None) -> ActorRegister:
    r"""A register file (default: the packaged one) with one more actor, to try an entry out.

    ``entry`` is the YAML of one actor, written as in ``actors.yaml`` (starting with
    ``id:``). An actor with the same id (in ``actors`` or ``states``) is replaced. The
    result is validated like the file itself, so a mistake (an unknown type, a form that
    another actor already has, a ``parent`` that does not exist) raises
    :class:`RegisterError` with the reason. Nothing is written, and the cached register of
    :func:`load_register` is not changed: paste the entry into the file (or a copy passed
    with ``--register``) once it validates.

    >>> trial = load_register_with("id: TEST_INST\nname: Test Institute\ntype: institution\nparent: RUS\n")
    >>> trial.state_of("TEST_INST"), load_register().get("TEST_INST") is None
    ('RUS', True)
    >>> wrong = "id: TEST_X\nname: Test\ntype: institution\nparent: NOWHERE\n"
    >>> load_register_with(wrong)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    analysis.register.RegisterError: ...actors.yaml: actor 'TEST_X': parent 'NOWHERE' is not in the register
    """
    import yaml

    resolved = Path(path) if path is not None else DEFAULT_PATH
    # Safe loaders (libyaml's C one when installed): python tags are refused, never run;
    # dates stay strings, as parse_register reads them. The pure-Python loader and dumper
    # took 2.5 s of a notebook cell on the packaged register.
    data = safe_load_yaml(resolved.read_text(encoding="utf-8"), dates_as_strings=True)
    new = safe_load_yaml(entry, dates_as_strings=True)
    if not isinstance(new, dict) or "id" not in new:
        raise ValueError("the entry must be one actor: a mapping that starts with 'id:'")

    def others(section: str) -> list:
        return [a for a in (data.get(section) or []) if not (isinstance(a, dict) and a.get("id") == new["id"])]

    data["actors"] = others("actors") + [new]
    data["states"] = others("states")
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return parse_register(yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False), resolved)


def add_register_ruler(nlp: "Language", register: ActorRegister | None = None, *,
                       before: str | None = "ner", name: str = "actor_ruler"):
    """Insert the register's EntityRuler into ``nlp`` (before ``ner`` when present).

    Register matches become ``doc.ents`` with labels ``ACTOR_<KIND>`` and ``ent_id_`` =
    actor id; the statistical NER then labels only what the register left free.
    """
    register = register or load_register()
    config = {"overwrite_ents": True, "phrase_matcher_attr": "ORTH", "validate": False}
    if name in nlp.pipe_names:
        nlp.remove_pipe(name)
    if before is not None and before in nlp.pipe_names:
        ruler = nlp.add_pipe("entity_ruler", name=name, before=before, config=config)
    else:
        ruler = nlp.add_pipe("entity_ruler", name=name, config=config)
    patterns = register.ruler_patterns()
    with nlp.select_pipes(enable=[]):  # patterns only need the tokenizer
        ruler.add_patterns(patterns)
    ruler.matcher = FirstTokenFilter(ruler.matcher, patterns, nlp.vocab.strings)
    add_common_words(nlp)
    return ruler


class FirstTokenFilter:
    """A spaCy ``Matcher`` that skips the sentences where none of its token patterns can
    start: the register's few token patterns (capitals before "Agreement", "Kremlin-style"
    ...) are tried at every token of every sentence, which cost most of the ruler's time,
    although most sentences hold none of their first words. The matches are the same:
    a sentence is skipped only when no token's text is the first token of a pattern.
    Anything else (``add``, ``remove``, ``len``...) goes to the wrapped matcher; adding or
    removing patterns turns the filter off, since its index would then be stale.

    >>> import spacy
    >>> from spacy.matcher import Matcher
    >>> nlp = spacy.blank("en")
    >>> patterns = [{"label": "X", "pattern": [{"ORTH": {"IN": ["Kremlin", "Moscow"]}}, {"LOWER": "style"}]}]
    >>> matcher = Matcher(nlp.vocab)
    >>> matcher.add("X", [patterns[0]["pattern"]])
    >>> wrapped = FirstTokenFilter(matcher, patterns, nlp.vocab.strings)
    >>> [len(wrapped(nlp(text))) for text in ("A Kremlin style answer.", "No such words.")]
    [1, 0]
    """

    def __init__(self, matcher: Any, patterns: Iterable[Mapping[str, Any]], strings: Any) -> None:
        self.matcher = matcher
        self.first_orths: frozenset[int] | None = self._first_orths(patterns, strings)

    @staticmethod
    def _first_orths(patterns: Iterable[Mapping[str, Any]], strings: Any) -> frozenset[int] | None:
        """The ORTH ids a token pattern can start with; None when some pattern's first token
        is not an exact text (``ORTH`` or ``ORTH: {IN: [...]}``, no operator): no filter then."""
        first: set[int] = set()
        for entry in patterns:
            pattern = entry.get("pattern")
            if isinstance(pattern, str):
                continue  # a phrase pattern: the PhraseMatcher's, not ours
            if not pattern or not isinstance(pattern[0], Mapping) or set(pattern[0]) != {"ORTH"}:
                return None
            value = pattern[0]["ORTH"]
            if isinstance(value, str):
                first.add(strings.add(value))
            elif isinstance(value, Mapping) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"]):
                first.update(strings.add(v) for v in value["IN"])
            else:
                return None
        return frozenset(first)

    def __call__(self, doc: Doc, *args: Any, **kwargs: Any) -> Any:
        if self.first_orths is not None and not args and not kwargs:
            from spacy.attrs import ORTH

            if self.first_orths.isdisjoint(doc.to_array([ORTH]).ravel().tolist()):
                return []
        return self.matcher(doc, *args, **kwargs)

    def add(self, *args: Any, **kwargs: Any) -> Any:
        self.first_orths = None
        return self.matcher.add(*args, **kwargs)

    def remove(self, *args: Any, **kwargs: Any) -> Any:
        self.first_orths = None
        return self.matcher.remove(*args, **kwargs)

    def __len__(self) -> int:
        return len(self.matcher)

    def __contains__(self, key: Any) -> bool:
        return key in self.matcher

    def __getattr__(self, name: str) -> Any:
        return getattr(self.matcher, name)


#: The lookups table of common English words that :func:`add_common_words` puts in the
#: pipeline's vocabulary (read by :mod:`analysis.extract.actors`).
COMMON_WORDS_TABLE = "analysis_common_words"


def add_common_words(nlp: "Language") -> int:
    """Put the model's vocabulary of common words into ``nlp.vocab.lookups``, once.

    The words are those of the lemmatizer's index (the nouns, verbs, adjectives and
    adverbs it knows), as the lookups table :data:`COMMON_WORDS_TABLE`, which every
    parsed ``Doc`` reaches through ``doc.vocab``: the actor extraction uses it so that a
    capitalised common word opening a sentence ("Turnout was high") is not taken for a
    person. A pipeline without such a lemmatizer gets no table. Returns the number of words.
    """
    lookups = nlp.vocab.lookups
    if lookups.has_table(COMMON_WORDS_TABLE):
        return len(lookups.get_table(COMMON_WORDS_TABLE))
    index = None
    for _, component in nlp.pipeline:
        tables = getattr(component, "lookups", None)
        if tables is not None and tables.has_table("lemma_index"):
            index = tables.get_table("lemma_index")
            break
    if index is None:
        return 0
    words = {w for pos in ("noun", "verb", "adj", "adv") for w in (index.get(pos) or ()) if w.isalpha()}
    lookups.add_table(COMMON_WORDS_TABLE, dict.fromkeys(sorted(words), True))
    return len(words)
