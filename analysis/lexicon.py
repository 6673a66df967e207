"""Frame lexicon: glob patterns on tokens, loaded from ``data/frames.yaml``.

The matcher is pure Python and works on any token sequence given as
``(lower, lemma, start_char, end_char)`` tuples, so the same patterns run on spaCy
sentences (:func:`tokens_from_doc`) and, without the model, on :func:`simple_tokenize`
(used by ``kwic``). Hyphens are neutralised before matching: "non-aggression" as one
token, spaCy's ``non`` ``-`` ``aggression``, "non‑aggression" with U+2011 and the
pattern "non aggression" all become the token sequence ``non aggression``.

>>> lexicon = load_lexicon()
>>> tokens = simple_tokenize("Mutual non-aggression guarantees, on a reciprocal basis.")
>>> [(m.frame_id, m.start, m.end) for m in lexicon.match_tokens(tokens)]
[('reciprocity', 0, 6), ('non_aggression', 7, 21), ('security_guarantees', 22, 32), ('reciprocity', 34, 55)]
>>> [m.start for m in match_pattern(simple_tokenize("Peace is indivisible."), "indivisib*")]
[9]
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, NamedTuple, Sequence

import yaml

from analysis.errors import InputError
from analysis.text import FileCache, read_utf8_file, safe_load_yaml, strip_invisible, yaml_error_line, yaml_error_message

__all__ = [
    "cached_lexicon", "compile_pattern", "CompiledPattern", "default_lexicon",
    "DEFAULT_LEXICON_PATH", "Frame", "FRAME_ID_RE", "FrameLexicon", "HYPHEN_CHARS",
    "LexiconError", "load_lexicon", "longest_non_overlapping", "Match", "MATCH_FIELDS",
    "match_pattern", "match_tokens", "MAX_PATTERN_CHARS", "MAX_STARS_PER_WORD",
    "PatternMatcher", "simple_tokenize", "Token", "tokens_from_doc",
]

DEFAULT_LEXICON_PATH = Path(__file__).parent / "data" / "frames.yaml"

#: A token as the matcher sees it: lower-case form, lemma, start and end character offsets.
Token = tuple[str, str, int, int]

MATCH_FIELDS = ("lower", "lemma")
FRAME_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")

# Characters that join the parts of a compound word. The en dash is included because
# it joins names ("NATO–Russia"); it only counts as a joiner *inside* a word (no space on
# either side), so a spaced dash ("MOSCOW – In") stays punctuation. The em dash is not a
# joiner: "initiative—championed" is two words separated by punctuation.
HYPHEN_CHARS = "-\u2010\u2011\u2012\u2013\u2212"
_HYPHEN_SPLIT_RE = re.compile(f"[{HYPHEN_CHARS}]+")
_HYPHEN_ONLY_RE = re.compile(f"^[{HYPHEN_CHARS}]+$")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})

# Plain tokenizer: words keep inner hyphens and apostrophes (like quanteda's default
# tokens(), split_hyphens = FALSE), the possessive "'s" is split off as spaCy does, and
# every other non-space character is a token of its own (punctuation counts, as in
# quanteda's kwic).
_H = HYPHEN_CHARS
_SIMPLE_TOKEN_RE = re.compile(rf"([^\W_]+(?:[{_H}'\u2019][^\W_]+)*)|\S")

# Limits on a lexicon pattern. Matching is linear in the pattern anyway (see _glob_regex);
# these keep a typo or a hostile file from costing minutes on a large corpus, and no
# sensible framing term comes near them (the packaged lexicon: 40 characters, 2 "*" in a
# word at most).
MAX_PATTERN_CHARS = 200
MAX_STARS_PER_WORD = 6


class LexiconError(InputError, ValueError):
    """The frame lexicon file is invalid; the message names the file and the frame."""


# --------------------------------------------------------------------------- tokens


def simple_tokenize(text: str, *, case_insensitive: bool = True) -> list[Token]:
    """Tokenise without a model: ``(lower, lemma=lower, start, end)`` tuples.

    With ``case_insensitive=False`` the first field keeps the original case (for
    case-sensitive kwic); the lemma is always the lower-case form (there is no model).

    >>> [t[0] for t in simple_tokenize("Russia's non-aggression pact, 2025.")]
    ['russia', "'s", 'non-aggression', 'pact', ',', '2025', '.']
    """
    tokens = []
    for m in _SIMPLE_TOKEN_RE.finditer(text):
        word = m.group()
        start, end = m.span()
        if m.lastindex and len(word) > 2 and word[-2] in "'\u2019" and word[-1] in "sS":
            # Split the possessive off, as spaCy does: "Russia's" -> "Russia", "'s".
            stem, clitic = word[:-2], word[-2:]
            tokens.append((stem.lower() if case_insensitive else stem, stem.lower(), start, end - 2))
            tokens.append((clitic.lower() if case_insensitive else clitic, clitic.lower(), end - 2, end))
            continue
        lower = word.lower()
        tokens.append((lower if case_insensitive else word, lower, start, end))
    return tokens


def tokens_from_doc(doc: Any, *, case_insensitive: bool = True) -> list[Token]:
    """Adapt a spaCy ``Doc`` (or ``Span``) to matcher tokens; whitespace tokens are dropped.

    Offsets are character offsets into the text the Doc was built from (``clean_text``).
    With ``case_insensitive=False`` the first field keeps the original case.
    """
    out = []
    append = out.append
    for t in doc:
        if t.is_space:
            continue
        # Each attribute of a spaCy token is a call into the vocabulary: read each once.
        text, start = t.text, t.idx
        append((t.lower_ if case_insensitive else text, (t.lemma_ or text).lower(), start, start + len(text)))
    return out


def _is_joiner(tokens: Sequence[Token], i: int) -> bool:
    """True if token ``i`` is a hyphen written inside a word (no space either side)."""
    text, _, start, end = tokens[i]
    if not text or text[0] not in HYPHEN_CHARS or i == 0 or i + 1 >= len(tokens):
        return False
    if not _HYPHEN_ONLY_RE.match(text):
        return False
    prev, nxt = tokens[i - 1], tokens[i + 1]
    return (
        prev[3] == start and nxt[2] == end
        and prev[0][-1:].isalnum() and nxt[0][:1].isalnum()
    )


class _Unit(NamedTuple):
    """One matchable piece: a token, or one part of a hyphenated token."""

    form: str
    lemma: str
    start: int
    end: int
    token: int  # index of the source token


_HAS_HYPHEN_RE = re.compile(f"[{HYPHEN_CHARS}]")
_HAS_APOSTROPHE_RE = re.compile("[\u2019\u2018\u02bc]")


def _split_token(text: str, lemma: str, start: int, end: int, index: int) -> list[_Unit]:
    if _HAS_APOSTROPHE_RE.search(text) or _HAS_APOSTROPHE_RE.search(lemma):
        text = text.translate(_APOSTROPHES)
        lemma = lemma.translate(_APOSTROPHES)
    if not _HAS_HYPHEN_RE.search(text) or _HYPHEN_ONLY_RE.match(text):
        return [_Unit(text, lemma, start, end, index)]
    if len(text) != end - start:
        # Lower-casing changed the length (rare letters such as "İ"): offsets of the
        # parts would be wrong, so keep the token whole.
        return [_Unit(text, lemma, start, end, index)]
    parts = [(m.start(), m.end()) for m in re.finditer(f"[^{HYPHEN_CHARS}]+", text)]
    lemma_parts = [p for p in _HYPHEN_SPLIT_RE.split(lemma) if p]
    if len(lemma_parts) != len(parts):
        lemma_parts = [text[s:e] for s, e in parts]
    return [
        _Unit(text[s:e], lp, start + s, start + e, index)
        for (s, e), lp in zip(parts, lemma_parts)
    ]


def _units(tokens: Sequence[Token]) -> list[_Unit]:
    """Tokens -> matchable units: parts of compounds split, in-word hyphens dropped."""
    units: list[_Unit] = []
    for i, (form, lemma, start, end) in enumerate(tokens):
        if form.isalnum() and lemma.isalnum() and "\u02bc" not in form and "\u02bc" not in lemma:
            # Most tokens: no hyphen, no apostrophe, not a joiner: the token is its unit
            # (what _split_token returns for it, without its regex searches). U+02BC, an
            # apostrophe _split_token rewrites, is a letter to isalnum().
            units.append(_Unit(form, lemma, start, end, i))
            continue
        if _is_joiner(tokens, i):
            continue
        units.extend(_split_token(form, lemma, start, end, i))
    return units


# --------------------------------------------------------------------------- patterns


def _glob_regex(element: str) -> re.Pattern[str]:
    """The regex (used with ``fullmatch``) of a glob element: ``*`` any run, ``?`` one character.

    Written so that it cannot backtrack catastrophically: one ``.*`` per ``*`` (the naive
    translation) makes ``*a*a*a*a*a*a*a*a*a*a*a*a*b`` take exponential time on a long run
    of ``a``. Here runs of ``*`` collapse to one, and each literal part between two ``*``
    is found at its leftmost place in an atomic group ``(?>.*?part)`` that never gives it
    back - leftmost is always a best choice, since it leaves the most room for the rest.
    Only the last part backtracks (``.*last`` anchored at the end), so a test costs
    O(len(value) * len(element)).

    >>> _glob_regex("in*ib?e*").pattern
    'in(?>.*?ib.e).*'
    >>> bool(_glob_regex("*a*a*a*a*a*a*a*a*a*a*a*a*b").fullmatch("a" * 5000))
    False
    """
    if element == "*":
        # A lone "*" is a gap of one *word*: it must not bridge punctuation, so
        # "architecture of * security" does not match "architecture of cooperation,
        # indivisible security". (quanteda's "*" matches punctuation tokens too.)
        return re.compile(r".*\w.*", re.DOTALL)
    parts = ["".join("." if c == "?" else re.escape(c) for c in part) for part in element.split("*")]
    if len(parts) == 1:
        return re.compile(parts[0], re.DOTALL)
    first, *middle, last = parts
    # Empty middle parts come from "**": the same as one "*".
    found = "".join(f"(?>.*?{part})" for part in middle if part)
    return re.compile(f"{first}{found}.*{last}", re.DOTALL)


def _pattern_elements(pattern: str) -> list[str]:
    """Split a pattern the way tokens are split: spaces, hyphens, possessive "'s"."""
    elements: list[str] = []
    # Format characters are stripped as in the clean text the patterns run on.
    for word in strip_invisible(pattern).translate(_APOSTROPHES).split():
        for part in _HYPHEN_SPLIT_RE.split(word):
            if not part:
                continue
            if len(part) > 2 and part.lower().endswith("'s"):
                elements.extend([part[:-2], part[-2:]])
            else:
                elements.append(part)
    return elements


@dataclass(frozen=True)
class CompiledPattern:
    """A pattern ready to match: one element (literal or glob regex) per token."""

    text: str
    field: str  # "lower" or "lemma"
    elements: tuple[str | re.Pattern[str], ...]
    frame_id: str | None = None
    exclude: bool = False

    def element_matches(self, k: int, value: str) -> bool:
        el = self.elements[k]
        return value == el if isinstance(el, str) else el.fullmatch(value) is not None


def compile_pattern(
    pattern: str,
    *,
    match: str = "lower",
    case_insensitive: bool = True,
    frame_id: str | None = None,
    exclude: bool = False,
) -> CompiledPattern:
    """Compile a glob pattern or phrase (``"indivisib*"``, ``"peace is indivisible"``).

    >>> compile_pattern("Non-Aggression pact*").elements[:2]
    ('non', 'aggression')
    """
    if match not in MATCH_FIELDS:
        raise ValueError(f"match must be one of {MATCH_FIELDS}, not {match!r}")
    raw = _pattern_elements(pattern)
    if not raw:
        raise ValueError(f"empty pattern {pattern!r}")
    elements: list[str | re.Pattern[str]] = []
    for el in raw:
        el = el.lower() if case_insensitive or match == "lemma" else el
        elements.append(_glob_regex(el) if ("*" in el or "?" in el) else el)
    return CompiledPattern(pattern, match, tuple(elements), frame_id, exclude)


@dataclass(frozen=True)
class Match:
    """A pattern match: character span in the tokens' text, and the tokens it covers."""

    frame_id: str | None
    start: int
    end: int
    pattern: str
    token_start: int = 0  # index of the first token matched
    token_end: int = 0    # one past the last token matched
    n_units: int = field(default=0, compare=False)

    @property
    def start_char(self) -> int:
        return self.start

    @property
    def end_char(self) -> int:
        return self.end


class PatternMatcher:
    """Match many compiled patterns in one pass over a token sequence.

    Patterns are indexed by their first element (a dict for literals, a cached regex
    test for globs), so the cost grows with the text, not with the number of patterns.
    """

    def __init__(self, patterns: Iterable[CompiledPattern]) -> None:
        self.patterns = list(patterns)
        self._literal: dict[str, dict[str, list[int]]] = {f: {} for f in MATCH_FIELDS}
        self._globs: dict[str, list[tuple[re.Pattern[str], int]]] = {f: [] for f in MATCH_FIELDS}
        # value -> candidate pattern indices, per field; filled lazily, once per distinct
        # token string (a corpus has far fewer types than tokens).
        self._cache: dict[str, dict[str, tuple[int, ...]]] = {f: {} for f in MATCH_FIELDS}
        for idx, p in enumerate(self.patterns):
            first = p.elements[0]
            if isinstance(first, str):
                self._literal[p.field].setdefault(first, []).append(idx)
            else:
                self._globs[p.field].append((first, idx))
        self._fields = [f for f in MATCH_FIELDS if self._literal[f] or self._globs[f]]

    def _candidates(self, fld: str, value: str) -> tuple[int, ...]:
        cache = self._cache[fld]
        found = cache.get(value)
        if found is None:
            found = tuple(self._literal[fld].get(value, ())) + tuple(
                i for rx, i in self._globs[fld] if rx.fullmatch(value))
            cache[value] = found
        return found

    def match_units(self, units: Sequence[_Unit]) -> Iterator[tuple[CompiledPattern, int, int]]:
        """Yield ``(pattern, first unit, one past last unit)`` for every match (overlaps too)."""
        n = len(units)
        for i, unit in enumerate(units):
            for fld in self._fields:
                value = unit.form if fld == "lower" else unit.lemma
                for idx in self._candidates(fld, value):
                    p = self.patterns[idx]
                    length = len(p.elements)
                    if i + length > n:
                        continue
                    if all(
                        p.element_matches(k, units[i + k].form if fld == "lower" else units[i + k].lemma)
                        for k in range(1, length)
                    ):
                        yield p, i, i + length

    def match(self, tokens: Sequence[Token]) -> list[Match]:
        """All matches of all patterns, overlaps kept, sorted by position."""
        units = _units(tokens)
        out = [
            _to_match(p, units, i, j) for p, i, j in self.match_units(units) if not p.exclude
        ]
        return sorted(out, key=lambda m: (m.start, m.end, m.pattern))


def _to_match(p: CompiledPattern, units: Sequence[_Unit], i: int, j: int) -> Match:
    return Match(p.frame_id, units[i].start, units[j - 1].end, p.text,
                 units[i].token, units[j - 1].token + 1, j - i)


def longest_non_overlapping(matches: Iterable[Match]) -> list[Match]:
    """Keep the longest of overlapping matches (ties: the earliest), like spaCy's filter_spans.

    >>> ms = [Match("f", 0, 8, "a b", n_units=2), Match("f", 5, 8, "b", n_units=1)]
    >>> [m.pattern for m in longest_non_overlapping(ms)]
    ['a b']
    """
    ranked = sorted(matches, key=lambda m: (-m.n_units, -(m.end - m.start), m.start))
    kept: list[Match] = []
    for m in ranked:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def match_pattern(
    tokens: Sequence[Token],
    pattern: str | Sequence[str],
    *,
    match: str = "lower",
    case_insensitive: bool = True,
) -> list[Match]:
    """Match ad-hoc pattern(s) (glob or phrase) on tokens; every match is kept.

    >>> toks = simple_tokenize("Non-aggression, nonaggression and non aggression.")
    >>> [m.pattern for m in match_pattern(toks, ["non-aggression", "nonaggression"])]
    ['non-aggression', 'nonaggression', 'non-aggression']
    """
    patterns = [pattern] if isinstance(pattern, str) else list(pattern)
    compiled = [compile_pattern(p, match=match, case_insensitive=case_insensitive) for p in patterns]
    return PatternMatcher(compiled).match(tokens)


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Frame:
    """One frame of the lexicon, as written in the YAML file."""

    id: str
    label: str
    definition: str
    patterns: tuple[tuple[str, str], ...]  # (pattern, match field)
    exclude: tuple[tuple[str, str], ...] = ()
    match: str = "lower"
    # Patterns that are mentions of the frame *and* carry a stance on it, as
    # (pattern, match field, polarity): "unilateral coercive measures" is a sanctions
    # mention against sanctions (``oppose``); ``violation`` names harm done to the frame
    # ("interference in its internal affairs" for sovereignty). They are in ``patterns`` too.
    polarity: tuple[tuple[str, str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = {
            "id": self.id, "label": self.label, "definition": self.definition,
            "match": self.match,
            "patterns": [list(p) for p in self.patterns],
            "exclude": [list(p) for p in self.exclude],
        }
        if self.polarity:  # absent when empty, so lexicons without it keep their version
            data["polarity"] = [list(p) for p in self.polarity]
        return data


class FrameLexicon:
    """The frames and a compiled matcher for them.

    >>> lex = FrameLexicon.from_dict({"frames": [
    ...     {"id": "peace", "label": "Peace", "definition": "d", "patterns": ["peace*"]}]})
    >>> [m.frame_id for m in lex.match_tokens(simple_tokenize("Peaceful peace."))]
    ['peace', 'peace']
    """

    def __init__(self, frames: Sequence[Frame], source: str = "<lexicon>") -> None:
        self.frames: tuple[Frame, ...] = tuple(frames)
        self.source = source
        self._by_id = {f.id: f for f in self.frames}
        self._order = {f.id: i for i, f in enumerate(self.frames)}
        compiled = []
        for f in self.frames:
            for text, fld in f.patterns:
                compiled.append(compile_pattern(text, match=fld, frame_id=f.id))
            for text, fld in f.exclude:
                compiled.append(compile_pattern(text, match=fld, frame_id=f.id, exclude=True))
        self._matcher = PatternMatcher(compiled)
        payload = json.dumps([f.to_dict() for f in self.frames], sort_keys=True, ensure_ascii=False)
        #: Content hash: changes when any frame, pattern or option changes (not comments).
        self.version: str = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]

    # -- construction
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "<dict>") -> "FrameLexicon":
        """Validate parsed YAML (``{"frames": [...]}``) and build the lexicon."""
        if not isinstance(data, Mapping):
            got = "an empty document" if data is None else f"a {type(data).__name__}"
            raise LexiconError(source, f"expected a mapping with a top-level 'frames:' list, got {got}")
        if not isinstance(data.get("frames"), list):
            raise LexiconError(source, "expected a top-level 'frames:' list")
        frames: list[Frame] = []
        seen: set[str] = set()
        for n, raw in enumerate(data["frames"], start=1):
            frames.append(_parse_frame(raw, n, source, seen))
        if not frames:
            raise LexiconError(source, "the 'frames:' list is empty")
        return cls(frames, source)

    # -- access
    @property
    def frame_ids(self) -> list[str]:
        return [f.id for f in self.frames]

    def __getitem__(self, frame_id: str) -> Frame:
        return self._by_id[frame_id]

    def __contains__(self, frame_id: object) -> bool:
        return frame_id in self._by_id

    def __iter__(self) -> Iterator[Frame]:
        return iter(self.frames)

    def __len__(self) -> int:
        return len(self.frames)

    def __repr__(self) -> str:
        return f"FrameLexicon({len(self)} frames, version={self.version}, source={self.source!r})"

    def table(self) -> "Any":
        """The frames as a DataFrame (id, label, definition, patterns) for teaching."""
        import pandas as pd

        return pd.DataFrame([
            {"frame_id": f.id, "label": f.label, "definition": f.definition,
             "patterns": "; ".join(p for p, _ in f.patterns),
             "exclude": "; ".join(p for p, _ in f.exclude)}
            for f in self.frames
        ])

    # -- matching
    def match_tokens(self, tokens: Sequence[Token], frames: Iterable[str] | None = None) -> list[Match]:
        """Frame matches in a token sequence: excludes applied, one match per overlap per frame.

        Sorted by start, then by the frame's order in the lexicon.
        """
        wanted = set(frames) if frames is not None else None
        units = _units(tokens)
        hits: dict[str, list[Match]] = {}
        vetoes: dict[str, list[Match]] = {}
        for p, i, j in self._matcher.match_units(units):
            if wanted is not None and p.frame_id not in wanted:
                continue
            m = _to_match(p, units, i, j)
            (vetoes if p.exclude else hits).setdefault(p.frame_id, []).append(m)
        out: list[Match] = []
        for fid, ms in hits.items():
            bad = vetoes.get(fid, [])
            ms = [m for m in ms if not any(m.start < b.end and b.start < m.end for b in bad)]
            out.extend(longest_non_overlapping(ms))
        return sorted(out, key=lambda m: (m.start, self._order[m.frame_id], m.end))

    def match_doc(self, doc: Any) -> list[Match]:
        """Frame matches in a spaCy Doc (offsets into the Doc's text)."""
        return self.match_tokens(tokens_from_doc(doc))

    def match_text(self, text: str) -> list[Match]:
        """Frame matches in a plain string, tokenised without a model."""
        return self.match_tokens(simple_tokenize(text))


def _pattern_entries(raw: Any, what: str, frame_label: str, source: str, default: str) -> list[tuple[str, str]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise LexiconError(source, f"frame {frame_label}: '{what}' must be a list")
    out: list[tuple[str, str]] = []
    for entry in raw:
        fld = default
        if isinstance(entry, Mapping):
            text, fld = entry.get("pattern"), entry.get("match", default)
        else:
            text = entry
        if not isinstance(text, str) or not _pattern_elements(text):
            raise LexiconError(source, f"frame {frame_label}: empty or invalid {what[:-1]} {entry!r}")
        if len(text) > MAX_PATTERN_CHARS:
            raise LexiconError(source, f"frame {frame_label}: {what[:-1]} {text[:40]!r}... is "
                                       f"{len(text)} characters long (at most {MAX_PATTERN_CHARS})")
        stars = max(word.count("*") for word in _pattern_elements(text))
        if stars > MAX_STARS_PER_WORD:
            raise LexiconError(source, f"frame {frame_label}: {what[:-1]} {text!r} has {stars} '*' in one "
                                       f"word (at most {MAX_STARS_PER_WORD})")
        if fld not in MATCH_FIELDS:
            raise LexiconError(source, f"frame {frame_label}: match must be 'lower' or 'lemma', not {fld!r}")
        out.append((text.strip(), fld))
    return out


def _parse_frame(raw: Any, n: int, source: str, seen: set[str]) -> Frame:
    if not isinstance(raw, Mapping):
        raise LexiconError(source, f"frame #{n}: expected a mapping with id, label, definition, patterns")
    fid = raw.get("id")
    label_for_errors = f"'{fid}'" if fid else f"#{n}"
    if not isinstance(fid, str) or not FRAME_ID_RE.match(fid):
        raise LexiconError(source, f"frame {label_for_errors}: id must be lower_snake_case, got {fid!r}")
    if fid in seen:
        raise LexiconError(source, f"frame '{fid}': duplicate id")
    seen.add(fid)
    unknown = set(raw) - {"id", "label", "definition", "patterns", "exclude", "match", "notes", "polarity"}
    if unknown:
        raise LexiconError(source, f"frame '{fid}': unknown key(s) {sorted(unknown)}")
    default = raw.get("match", "lower")
    if default not in MATCH_FIELDS:
        raise LexiconError(source, f"frame '{fid}': match must be 'lower' or 'lemma', not {default!r}")
    patterns = _pattern_entries(raw.get("patterns"), "patterns", f"'{fid}'", source, default)
    if not patterns:
        raise LexiconError(source, f"frame '{fid}': no patterns")
    exclude = _pattern_entries(raw.get("exclude"), "excludes", f"'{fid}'", source, default)
    polarity = _polarity_entries(raw.get("polarity"), fid, source, default)
    # A polarity pattern is a mention of the frame like any other pattern.
    patterns += [(text, fld) for text, fld, _ in polarity if (text, fld) not in patterns]
    label = str(raw.get("label") or fid)
    definition = " ".join(str(raw.get("definition") or "").split())
    return Frame(fid, label, definition, tuple(patterns), tuple(exclude), default, tuple(polarity))


#: The stances a frame's ``polarity`` patterns may carry (see :class:`Frame`).
POLARITY_KINDS = ("support", "oppose", "violation")


def _polarity_entries(raw: Any, fid: str, source: str, default: str) -> list[tuple[str, str, str]]:
    """A frame's ``polarity:`` mapping (``{oppose: [patterns], ...}``) as (pattern, field, polarity).

    >>> _polarity_entries({"oppose": ["illegal sanctions"]}, "sanctions", "<x>", "lower")
    [('illegal sanctions', 'lower', 'oppose')]
    >>> _polarity_entries({"against": ["x"]}, "sanctions", "<x>", "lower")
    Traceback (most recent call last):
    ...
    analysis.lexicon.LexiconError: <x>: frame 'sanctions': polarity must be one of support, oppose, violation, not 'against'
    """
    if raw is None:
        return []
    if not isinstance(raw, Mapping):
        raise LexiconError(source, f"frame '{fid}': 'polarity' must map support/oppose/violation to patterns")
    out: list[tuple[str, str, str]] = []
    for kind, entries in raw.items():
        if kind not in POLARITY_KINDS:
            raise LexiconError(source, f"frame '{fid}': polarity must be one of {', '.join(POLARITY_KINDS)}, "
                                       f"not {kind!r}")
        for text, fld in _pattern_entries(entries, "polarity patterns", f"'{fid}'", source, default):
            out.append((text, fld, str(kind)))
    return out


def load_lexicon(path: str | Path | None = None) -> FrameLexicon:
    """Load and validate a frame lexicon (default: ``analysis/data/frames.yaml``).

    >>> lex = load_lexicon()
    >>> lex.frame_ids[:3]
    ['indivisibility', 'reciprocity', 'non_aggression']
    """
    path = Path(path) if path is not None else DEFAULT_LEXICON_PATH
    text = read_utf8_file(path, "lexicon", LexiconError)
    try:
        data = safe_load_yaml(text)  # safe (the C loader when installed): python tags are refused
    except yaml.YAMLError as exc:
        raise LexiconError(path, f"not valid YAML: {yaml_error_message(exc)}",
                           line=yaml_error_line(exc)) from None
    return FrameLexicon.from_dict(data, source=str(path))


_LEXICONS: FileCache[FrameLexicon] = FileCache(lambda path: load_lexicon(path))


def cached_lexicon(path: str | Path | None = None) -> FrameLexicon:
    """The lexicon at ``path`` (default: the packaged one), reloaded only when the file changes.

    Lets notebooks edit ``frames.yaml`` and see the change without restarting; a missing
    or unreadable file is a :class:`LexiconError` like any other bad lexicon.

    >>> cached_lexicon() is cached_lexicon(DEFAULT_LEXICON_PATH)
    True
    >>> cached_lexicon("no/such/frames.yaml")
    Traceback (most recent call last):
    analysis.lexicon.LexiconError: no/such/frames.yaml: cannot read lexicon: No such file or directory
    """
    path = Path(path) if path is not None else DEFAULT_LEXICON_PATH
    try:
        return _LEXICONS(path)
    except OSError as exc:  # stat failed: load_lexicon words every other read error
        raise LexiconError(path, f"cannot read lexicon: {exc.strerror or exc}") from None


def default_lexicon() -> FrameLexicon:
    """The packaged lexicon, loaded once and reloaded only when the file changes."""
    return cached_lexicon(DEFAULT_LEXICON_PATH)


def match_tokens(tokens: Sequence[Token], lexicon: FrameLexicon | None = None) -> list[Match]:
    """Frame matches in ``tokens`` with ``lexicon`` (default: the packaged one).

    >>> [m.frame_id for m in match_tokens(simple_tokenize("a multipolar world"))]
    ['multipolarity']
    """
    return (lexicon or default_lexicon()).match_tokens(tokens)
