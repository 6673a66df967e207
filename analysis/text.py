"""Offset-preserving text normalisation.

Analysis needs a cleaned view of the text (no footnote markers, plain spaces and quotes,
no Cyrillic look-alike letters inside English words), but every result must point back
into the *original* text. :class:`CleanView` keeps both: a cleaned string and the
segments that map each of its characters to an index of the original.

Normalisation is one character for one character, so only *removals* (footnote markers,
and format characters such as zero-width spaces, soft hyphens and bidi controls: see
:data:`INVISIBLE_CHARS`) shift offsets, and those are recorded as segments.

>>> view = CleanView.build("Peace\\u00a0is indivisible.[footnoteRef:1] Yes.", 0, 41,
...                        removed=[(21, 36)])
>>> view.text
'Peace is indivisible. Yes.'
>>> view.to_original(22)   # the "Y" of "Yes" in the original
37
>>> bidi = CleanView.build("in \u2066Rus\u202esia\u2069.", 0, 15)
>>> bidi.text, bidi.original_span(3, 9)
('in Russia.', (4, 11))
"""

from __future__ import annotations

import bisect
import importlib.util
import os
import runpy
import sys
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from functools import cached_property, lru_cache
from types import MappingProxyType
from typing import Any, Callable, Generic, Iterable, Mapping, Sequence, TypeVar

from analysis.errors import InputError

__all__ = [
    "CHAR_MAP", "CleanView", "english_stop_words", "FileCache", "homoglyph_fixes", "HOMOGLYPHS",
    "INVISIBLE_CHARS", "Loaded", "load_word_lists", "normalise", "read_utf8_file", "safe_load_yaml",
    "spans_overlap", "strip_invisible", "word_set", "WordListError", "yaml_error_line", "yaml_error_message",
]

# Characters replaced one-for-one before matching. Why these: non-breaking and narrow
# spaces split names ("Vladimir\u00a0Putin") for spaCy's tokenizer; curly quotes and
# apostrophes defeat patterns written with straight ones; non-breaking hyphens split
# "non\u2011aggression" into a different token sequence than "non-aggression".
CHAR_MAP: dict[str, str] = {
    "\u00a0": " ",  # no-break space
    "\u2007": " ",  # figure space
    "\u2009": " ",  # thin space
    "\u200a": " ",  # hair space
    "\u202f": " ",  # narrow no-break space
    "\u2002": " ",
    "\u2003": " ",
    "\u2004": " ",
    "\u2005": " ",
    "\u2006": " ",
    "\u2008": " ",
    "\u205f": " ",
    "\u3000": " ",
    "\t": " ",
    "\r": " ",
    "\n": " ",
    "\x0b": " ",  # vertical tab
    "\x0c": " ",  # form feed (page breaks in text extracted from PDF)
    "\x85": " ",  # next line
    "\u2028": " ",  # line separator
    "\u2029": " ",  # paragraph separator
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2033": '"',
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2212": "-",  # minus sign
}

# Characters dropped from the clean view: every format character (Unicode category Cf).
# They carry no letters, but inside a word they split spaCy's tokens and end up in actor
# ids ("Rus\u202esia", "\u2066Russia\u2069"): soft hyphen, zero-width space, bidi marks,
# embeddings, overrides and isolates (U+200E/F, U+061C, U+202A-E, U+2066-9), word joiner,
# invisible operators, BOM, interlinear annotation marks, tag characters. The zero-width
# joiner and non-joiner (U+200D, U+200C) are dropped too: in English text they only split
# words, and a Persian or Indic word written with them stays one token without them; they
# survive in the original text, which every table row points back to. The table is written
# out (Unicode 15.1) rather than computed from ``unicodedata``, so the clean text - and
# every count - does not depend on the Python version's Unicode tables; the tests check it
# against the running Python. The Arabic prepended marks (U+0600-0605, U+06DD, ...) are Cf
# and visible, but only ever precede digits, so dropping them for matching loses nothing.
_FORMAT_CHAR_RANGES: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD),
    (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E),
    (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F),
    (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD),
    (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)
INVISIBLE_CHARS = frozenset(
    chr(code) for first, last in _FORMAT_CHAR_RANGES for code in range(first, last + 1)
)
_INVISIBLE_RE = re.compile("[" + "".join(
    f"\\U{first:08x}-\\U{last:08x}" for first, last in _FORMAT_CHAR_RANGES) + "]")


def strip_invisible(text: str) -> str:
    """``text`` without format characters (:data:`INVISIBLE_CHARS`): for names and ids.

    >>> strip_invisible("\\u2066Rus\\u202esia\\u2069\\u00ad")
    'Russia'
    """
    return _INVISIBLE_RE.sub("", text)


# Cyrillic letters that look like Latin ones. Replaced only inside a Latin context, so
# Russian words quoted in an English text stay Russian.
HOMOGLYPHS: dict[str, str] = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
    "ј": "j", "ѕ": "s", "ԁ": "d", "ӏ": "l", "һ": "h", "ԛ": "q", "ԝ": "w",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "У": "Y",
}

_WORD_RE = re.compile(r"[^\W\d_]+")
_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
_TRANSLATION = str.maketrans(CHAR_MAP)


def _is_latin(char: str) -> bool:
    return ("A" <= char <= "Z") or ("a" <= char <= "z") or ("\u00c0" <= char <= "\u024f")


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u04ff"


def homoglyph_fixes(text: str) -> dict[int, str]:
    """Return {index: latin letter} for Cyrillic look-alikes that sit in Latin context.

    A word (a run of letters) qualifies when all its Cyrillic letters are look-alikes and
    it either contains Latin letters itself or its neighbouring words are Latin.

    >>> homoglyph_fixes("the goal of \\u0430 polycentric world")
    {12: 'a'}
    >>> homoglyph_fixes("\\u0430 \\u0432\\u043e\\u0442")   # Russian stays Russian
    {}
    """
    if not _CYRILLIC_RE.search(text):
        return {}
    words = [(m.start(), m.end()) for m in _WORD_RE.finditer(text)]
    fixes: dict[int, str] = {}
    for position, (start, end) in enumerate(words):
        word = text[start:end]
        cyrillic = [i for i, ch in enumerate(word) if _is_cyrillic(ch)]
        if not cyrillic or any(word[i] not in HOMOGLYPHS for i in cyrillic):
            continue
        latin_inside = any(_is_latin(ch) for ch in word)
        if not latin_inside:
            neighbours = [words[j] for j in (position - 1, position + 1) if 0 <= j < len(words)]
            if not neighbours or not all(
                all(_is_latin(ch) for ch in text[s:e]) for s, e in neighbours
            ):
                continue
        for i in cyrillic:
            fixes[start + i] = HOMOGLYPHS[word[i]]
    return fixes


def normalise(text: str) -> str:
    """Normalise ``text`` one character for one character (same length, same offsets).

    >>> normalise("Russia\\u2019s \\u201cindivisible\\u201d\\u00a0security")
    'Russia\\'s "indivisible" security'
    """
    clean = text.translate(_TRANSLATION)
    fixes = homoglyph_fixes(text)
    if not fixes:
        return clean
    chars = list(clean)
    for index, letter in fixes.items():
        chars[index] = letter
    return "".join(chars)


@dataclass(frozen=True)
class CleanView:
    """A cleaned copy of ``original[start:end]`` with a map back to original offsets.

    ``segments`` holds ``(clean_start, original_start, length)`` triples in order; every
    character of :attr:`text` belongs to exactly one segment.
    """

    text: str
    segments: tuple[tuple[int, int, int], ...]
    original_end: int

    @classmethod
    def build(
        cls,
        original: str,
        start: int,
        end: int,
        removed: Iterable[tuple[int, int]] = (),
    ) -> "CleanView":
        """Clean ``original[start:end]``, dropping the ``removed`` spans and invisibles."""
        cuts = sorted((max(s, start), min(e, end)) for s, e in removed if s < end and e > start)
        keep: list[tuple[int, int]] = []
        cursor = start
        for cut_start, cut_end in cuts:
            if cut_start > cursor:
                keep.append((cursor, cut_start))
            cursor = max(cursor, cut_end)
        if cursor < end:
            keep.append((cursor, end))
        # Split kept ranges further at invisible characters.
        pieces: list[tuple[int, int]] = []
        for keep_start, keep_end in keep:
            piece_start = keep_start
            for invisible in _INVISIBLE_RE.finditer(original, keep_start, keep_end):
                i = invisible.start()
                if i > piece_start:
                    pieces.append((piece_start, i))
                piece_start = i + 1
            if piece_start < keep_end:
                pieces.append((piece_start, keep_end))
        segments: list[tuple[int, int, int]] = []
        raw_parts: list[str] = []
        clean_pos = 0
        for piece_start, piece_end in pieces:
            segments.append((clean_pos, piece_start, piece_end - piece_start))
            raw_parts.append(original[piece_start:piece_end])
            clean_pos += piece_end - piece_start
        clean = normalise("".join(raw_parts))
        return cls(text=clean, segments=tuple(segments), original_end=end)

    def to_original(self, clean_index: int) -> int:
        """Map an index of :attr:`text` (0..len) to an index of the original text."""
        if not self.segments:
            return self.original_end
        if clean_index >= len(self.text):
            clean_start, original_start, length = self.segments[-1]
            return original_start + length
        if len(self.segments) == 1:  # most sentences: one piece, no bisection needed
            clean_start, original_start, _ = self.segments[0]
            return original_start + (clean_index - clean_start)
        pos = bisect.bisect_right(self._segment_starts, clean_index) - 1
        clean_start, original_start, _ = self.segments[max(pos, 0)]
        return original_start + (clean_index - clean_start)

    @cached_property
    def _segment_starts(self) -> list[int]:
        """The clean start of every segment, for bisection (computed once: the quote
        finder maps hundreds of offsets of one sentence)."""
        return [seg[0] for seg in self.segments]

    def original_span(self, clean_start: int, clean_end: int) -> tuple[int, int]:
        """Map a half-open span of :attr:`text` to a half-open span of the original."""
        if clean_end <= clean_start:
            point = self.to_original(clean_start)
            return point, point
        return self.to_original(clean_start), self.to_original(clean_end - 1) + 1


@lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    """spaCy's English stop words (``spacy.lang.en.stop_words.STOP_WORDS``), without
    importing spaCy when it is not imported yet: its module file is run on its own (it
    imports nothing), so a notebook that only reads tables does not pay spaCy's import
    (0.5-0.7 s) for a word list. The same set either way (tested).

    >>> {"the", "whereas", "n't"} <= english_stop_words(), "peace" in english_stop_words()
    (True, False)
    """
    module = sys.modules.get("spacy.lang.en.stop_words")
    if module is None:
        spec = importlib.util.find_spec("spacy")
        for folder in (spec.submodule_search_locations or []) if spec is not None else []:
            path = Path(folder) / "lang" / "en" / "stop_words.py"
            if path.is_file():
                return frozenset(runpy.run_path(str(path))["STOP_WORDS"])
        from spacy.lang.en import stop_words as module
    return frozenset(module.STOP_WORDS)


def spans_overlap(a: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    """True if span ``a`` overlaps any span in ``spans``."""
    return any(a[0] < e and s < a[1] for s, e in spans)


def read_utf8_file(path: str | Path, what: str, error: type[InputError] = InputError) -> str:
    """The text of a UTF-8 data file (register, lexicon); every failure is one ``error``.

    The message names the file, and the byte (and line) of an encoding error, so a
    command line can print it as one line. A folder, a missing or unreadable file, and an
    empty file are refused with a message that names ``what`` the file should be.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "bad.yaml").write_bytes(b"a: 1\\nb: caf\\xe9\\n")
    >>> read_utf8_file(folder / "bad.yaml", "lexicon")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    analysis.errors.InputError: ...bad.yaml: not valid UTF-8 at byte 11 (line 2): invalid continuation byte
    >>> read_utf8_file(folder, "lexicon")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    analysis.errors.InputError: ...: is a folder, not a lexicon file
    """
    path = Path(path)
    if path.is_dir():
        raise error(path, f"is a folder, not a {what} file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise error(path, f"cannot read {what}: {exc.strerror or exc}") from None
    if not data.strip():
        raise error(path, f"the {what} file is empty")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error(path, f"not valid UTF-8 at byte {exc.start} (line {line}): {exc.reason}") from None


def yaml_error_line(exc: Exception) -> int | None:
    """The 1-based line of a YAML error (where the problem is, else where its context is)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else None


def yaml_error_message(exc: Exception) -> str:
    """A YAML error in one line, without the excerpt of the file PyYAML appends.

    >>> import yaml
    >>> try:
    ...     yaml.safe_load("a: 1\\nb: [1, 2\\n")
    ... except yaml.YAMLError as exc:
    ...     print(yaml_error_line(exc), yaml_error_message(exc))
    3 while parsing a flow sequence (from line 2): expected ',' or ']', but got '<stream end>'
    """
    problem = getattr(exc, "problem", None)
    if not problem:
        return " ".join(str(exc).split())
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    if context and context_mark is not None:
        # An unclosed bracket or quote is reported where the file ends: say where it began.
        context = f"{context} (from line {context_mark.line + 1})"
    return " ".join((f"{context}: {problem}" if context else problem).split())


@lru_cache(maxsize=2)
def _yaml_loaders(dates_as_strings: bool) -> tuple[type, type]:
    """``(fast, exact)`` safe loader classes: libyaml's C loader when PyYAML was built
    with it (else the pure-Python one twice), and the pure-Python loader."""
    import yaml

    exact = yaml.SafeLoader
    fast = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if not dates_as_strings:
        return fast, exact

    def without_timestamps(base: type) -> type:
        loader = type(f"{base.__name__}WithoutDates", (base,), {})
        loader.yaml_implicit_resolvers = {
            first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
            for first, resolvers in base.yaml_implicit_resolvers.items()
        }
        return loader

    exact_loader = without_timestamps(exact)
    return (exact_loader if fast is exact else without_timestamps(fast)), exact_loader


def safe_load_yaml(text: str, *, dates_as_strings: bool = False) -> Any:
    """``yaml.safe_load(text)``, through libyaml's C parser when it is installed (about
    7x faster on the actor register). Both refuse python tags (``!!python/object``).

    A text the C parser refuses is read again by the pure-Python loader, so that the
    ``yaml.YAMLError`` raised, its message and its line (:func:`yaml_error_line`) are
    exactly the ones the pure-Python loader gives. ``dates_as_strings`` leaves
    ``2024-05-01`` a string, so that a bad date can be reported by whoever reads it.

    >>> safe_load_yaml("since: 2024-05-01\\nforms: [Kremlin]", dates_as_strings=True)
    {'since': '2024-05-01', 'forms': ['Kremlin']}
    >>> safe_load_yaml("since: 2024-05-01")["since"].year
    2024
    >>> import yaml
    >>> try:
    ...     safe_load_yaml("a: 1\\nb: [1, 2\\n")
    ... except yaml.YAMLError as exc:
    ...     print(yaml_error_line(exc), yaml_error_message(exc))
    3 while parsing a flow sequence (from line 2): expected ',' or ']', but got '<stream end>'
    """
    import yaml

    fast, exact = _yaml_loaders(dates_as_strings)
    try:
        return yaml.load(text, Loader=fast)  # a safe loader
    except yaml.YAMLError:
        if fast is exact:
            raise
    return yaml.load(text, Loader=exact)  # raises the pure-Python loader's error


# ----------------------------------------------------------------- word lists as data
#
# The package's word lists (layout words of the corpus reader, the quote finder's cues and
# role nouns, the stance cues) live in YAML files under analysis/data/, so that an analyst
# can read and edit them; these two helpers read such a file and one list of it.


class WordListError(InputError, ValueError):
    """A data file of word lists that cannot be read as the lists it must hold."""


def load_word_lists(path: Path, error: type[InputError] = WordListError, what: str = "word list") -> Mapping[str, Any]:
    """The mapping of named word lists in the YAML file ``path`` (read-only).

    A file that cannot be read, is empty, not UTF-8, not valid YAML or not a mapping
    raises ``error`` (an :class:`~analysis.errors.InputError`) naming it, with the line where it can.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "words.yaml"
    >>> _ = path.write_text("greetings: hello  hi\\n", encoding="utf-8")
    >>> sorted(word_set(load_word_lists(path)["greetings"]))
    ['hello', 'hi']
    >>> _ = path.write_text("- a list\\n", encoding="utf-8")
    >>> load_word_lists(path)
    Traceback (most recent call last):
    ...
    analysis.text.WordListError: ...words.yaml: expected a mapping of named lists, got list
    """
    import yaml

    text = read_utf8_file(path, what, error)
    try:
        data = safe_load_yaml(text)
    except yaml.YAMLError as exc:
        raise error(path, f"not valid YAML: {yaml_error_message(exc)}", line=yaml_error_line(exc)) from None
    if not isinstance(data, dict):
        raise error(path, f"expected a mapping of named lists, got {type(data).__name__}")
    return MappingProxyType(data)


def word_set(value: str | list[str], where: str = "a word list") -> frozenset[str]:
    """A word list of a data file as a frozenset: words separated by white space, or a list.

    >>> sorted(word_set("say  tell\\nwrite")), sorted(word_set(["no one", "'s"]))
    (['say', 'tell', 'write'], ["'s", 'no one'])
    >>> word_set({"say": 1})
    Traceback (most recent call last):
    ...
    ValueError: a word list: expected words separated by spaces or a list of words, got dict
    """
    if isinstance(value, str):
        items: list = value.split()
    elif isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value):
        items = value
    else:
        raise ValueError(f"{where}: expected words separated by spaces or a list of words, got {type(value).__name__}")
    return frozenset(str(item) for item in items)


Loaded = TypeVar("Loaded")


class FileCache(Generic[Loaded]):
    """What ``load(path)`` returned for a file, reused while the file is unchanged.

    A file is "unchanged" while it is the same file (device and inode, whichever path or
    link names it) with the same size and modification time, so a notebook that edits
    ``frames.yaml`` or ``actors.yaml`` sees the edit on the next call without restarting
    the kernel, and an unchanged file is read once.
    ``stat`` errors (a missing file) propagate as :class:`OSError` for the caller to
    word.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "words.txt").write_text("peace", encoding="utf-8")
    5
    >>> words = FileCache(lambda path: path.read_text(encoding="utf-8").split())
    >>> words(folder / "words.txt") is words(folder / "words.txt")
    True
    >>> (folder / "words.txt").write_text("peace security", encoding="utf-8")
    14
    >>> words(folder / "words.txt")
    ['peace', 'security']
    """

    def __init__(self, load: Callable[[Path], Loaded], maxsize: int = 8) -> None:
        self.load = load
        self.maxsize = maxsize
        self._loaded: OrderedDict[tuple[int, int, int, int], Loaded] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, path: str | Path) -> Loaded:
        # The file's identity (device, inode: whatever path or link names it) and its
        # state (mtime, size) from one stat() call: callers ask per sentence, and
        # resolving the path each time (a realpath walk) cost more than the lookup.
        stat = os.stat(path)
        key = (stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if key in self._loaded:
                self._loaded.move_to_end(key)
                return self._loaded[key]
        loaded = self.load(Path(path).resolve())
        with self._lock:
            loaded = self._loaded.setdefault(key, loaded)  # another thread may have been first
            self._loaded.move_to_end(key)
            while len(self._loaded) > self.maxsize:
                self._loaded.popitem(last=False)
        return loaded

    def clear(self) -> None:
        """Forget every loaded file."""
        with self._lock:
            self._loaded.clear()
