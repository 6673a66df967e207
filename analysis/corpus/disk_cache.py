"""The cache folder on disk (where it is, whether it may be used, atomic writes) and the
first cache kept in it: each document's sentence segmentation.

The folder checks live here, at the bottom of the package, because the corpus reader is
the first to use the cache folder; :mod:`analysis.cache` (parses and extracted rows)
re-exports them. Like the other caches, the segmentation cache only makes a run faster:
an unusable folder prints one warning and the corpus is segmented without it.

Why a segmentation cache: cutting paragraphs into sentences runs spaCy's tokenizer and
rule-based sentencizer over every word (about 2.5 s for 150,000 words, plus a second to
import spaCy), which is most of what a second run over an unchanged corpus would do. An
entry holds, for every prose paragraph of one document, the hash of its clean text and its
sentence spans, as JSON (data, never code). It is keyed by the document's text (the file's
bytes, decoded), :func:`segmentation_version` (a hash of the segmentation code) and the
version of spaCy (its tokenizer decides the spans); a paragraph is taken from the entry
only when its clean text hashes the same, so a change in the structure parser that
changes a paragraph's text makes that paragraph be segmented again.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

__all__ = [
    "CACHE_FOLDER_MODE", "CacheSwitch", "cache_folder_problem", "cache_warning", "default_cache_dir",
    "RecordingSegmenter", "SEGMENT_CACHE_FORMAT", "SegmentCache", "segmentation_version",
    "STRUCTURE_FOLDER", "tokenizer_version", "write_atomic",
]


def default_cache_dir() -> Path:
    """Where parsed documents are cached (``$ANALYSIS_CACHE_DIR`` or ``~/.cache/...``).

    >>> import os
    >>> os.environ["ANALYSIS_CACHE_DIR"] = "/tmp/example-cache"
    >>> default_cache_dir().as_posix()
    '/tmp/example-cache'
    >>> del os.environ["ANALYSIS_CACHE_DIR"]
    """
    override = os.environ.get("ANALYSIS_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "political-discourse-analysis"


# A cache folder this package creates is private to its user: its entries reveal the
# corpus, and whoever can write them decides the tables.
CACHE_FOLDER_MODE = 0o700


def cache_warning(folder: str | Path, reason: str) -> str:
    """The one line printed when a cache cannot be used.

    >>> cache_warning("/tmp/c", "cannot create it: Not a directory")
    'warning: /tmp/c: cache not usable (cannot create it: Not a directory); running without it'
    """
    return f"warning: {folder}: cache not usable ({reason}); running without it"


def _reason(exc: OSError) -> str:
    """An OSError as a short phrase ("Permission denied"), without the path repeated."""
    return exc.strerror or type(exc).__name__


def cache_folder_problem(folder: Path) -> str | None:
    """Why ``folder`` cannot hold a cache, or None when it can (creating it, 0700, if missing).

    Like ssh with ``~/.ssh``, a folder owned by another user or writable by group or
    others is refused: anyone who can write in it could plant entries, and a planted
    entry with a recomputed hash and the right key is indistinguishable from ours (the
    hashes catch damage, the permissions keep out forgers). Only the folder itself is
    checked, not its parents.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> cache_folder_problem(root / "cache") is None, oct((root / "cache").stat().st_mode & 0o777)
    (True, '0o700')
    >>> (root / "file").write_text("x")
    1
    >>> cache_folder_problem(root / "file" / "cache")
    'cannot create it: Not a directory'
    >>> (root / "shared").mkdir(); (root / "shared").chmod(0o777)
    >>> cache_folder_problem(root / "shared")
    'writable by group and others (mode 0777)'
    """
    try:
        folder.mkdir(mode=CACHE_FOLDER_MODE, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError as exc:
        return f"cannot create it: {_reason(exc)}"
    if not stat.S_ISDIR(info.st_mode):
        return "not a folder"
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        return f"owned by another user (uid {info.st_uid})"
    if info.st_mode & 0o022:
        who = {0o020: "group", 0o002: "others", 0o022: "group and others"}[info.st_mode & 0o022]
        return f"writable by {who} (mode {info.st_mode & 0o777:04o})"
    try:  # permissions bits do not tell everything (root, read-only mounts, ACLs)
        handle, probe = tempfile.mkstemp(dir=folder, prefix=".probe-", suffix=".tmp")
        os.close(handle)
        os.unlink(probe)
    except OSError as exc:
        return f"cannot write in it: {_reason(exc)}"
    return None


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (a temporary file renamed into place),
    so a reader never sees a half-written cache entry, even with several writers.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "entry.json"
    >>> write_atomic(target, b"{}"); target.read_bytes(), [p.name for p in target.parent.iterdir()]
    (b'{}', ['entry.json'])
    """
    path.parent.mkdir(mode=CACHE_FOLDER_MODE, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------- segmentation

# Bump when the entries' layout changes.
SEGMENT_CACHE_FORMAT = "analysis-segments/1"
# The cache's sub-folder (next to the parses and rows/).
STRUCTURE_FOLDER = "structure"
# The modules whose code turns a paragraph's clean text into sentence spans.
_SEGMENTATION_CODE = ("sentences.py",)

Spans = list[tuple[int, int]]


@lru_cache(maxsize=1)
def segmentation_version() -> str:
    """A hash of the code that cuts a paragraph's clean text into sentences
    (:mod:`analysis.corpus.sentences`) and of this cache's format: editing it makes every
    cached segmentation unused.

    >>> len(segmentation_version())
    16
    """
    digest = hashlib.sha256(SEGMENT_CACHE_FORMAT.encode("ascii"))
    for name in _SEGMENTATION_CODE:
        digest.update(b"\x00" + name.encode("ascii") + b"\x00")
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def tokenizer_version() -> str:
    """The installed spaCy's version (its tokenizer and sentencizer give the spans), read
    from the package's metadata without importing spaCy.

    >>> tokenizer_version().count(".") >= 1
    True
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("spacy")
    except PackageNotFoundError:  # pragma: no cover - spaCy is a dependency
        return "none"


def _clean_hash(clean: str) -> str:
    return hashlib.sha256(clean.encode("utf-8", "surrogatepass")).hexdigest()[:24]


class RecordingSegmenter:
    """A sentence splitter for :func:`analysis.corpus.parse_document` that answers from a
    cached segmentation when the paragraph's clean text is the cached one, else computes
    (``split``), and records every answer, for the entry to be written.

    >>> whole = lambda text: [(0, len(text))]
    >>> splitter = RecordingSegmenter(whole, {})
    >>> splitter("One sentence."), splitter.computed
    ([(0, 13)], 1)
    >>> again = RecordingSegmenter(whole, dict(splitter.used))   # answers from the recorded spans
    >>> again("One sentence."), again.computed, again("Another."), again.computed
    ([(0, 13)], 0, [(0, 8)], 1)
    """

    def __init__(self, split: Callable[[str], Spans], known: dict[str, Spans]) -> None:
        self._split = split
        self._known = known
        self.used: list[tuple[str, Spans]] = []
        self.computed = 0

    def __call__(self, clean: str) -> Spans:
        key = _clean_hash(clean)
        spans = self._known.get(key)
        if spans is None or (spans and spans[-1][1] > len(clean)):
            spans = self._split(clean)
            self.computed += 1
        self.used.append((key, spans))
        return spans


def _valid_spans(value: Any) -> Spans | None:
    """``value`` as a list of increasing ``(start, end)`` int pairs, or None."""
    if type(value) is not list:
        return None
    spans: Spans = []
    last = 0
    for pair in value:
        if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not int or type(pair[1]) is not int:
            return None
        start, end = pair
        if not last <= start <= end:
            return None
        spans.append((start, end))
        last = start
    return spans


class CacheSwitch:
    """A cache of one run that turns itself off, once, when it cannot be used: the first
    reason is reported (printed as one warning, or passed to ``on_problem``, e.g. by a
    worker process to its parent), later ones are not. Shared by the segmentation cache
    here and :class:`analysis.cache.CacheFolder`.

    >>> reasons = []
    >>> switch = CacheSwitch(Path("cache"), on_problem=reasons.append)
    >>> switch.disable("full disk"); switch.disable("something else"); reasons, switch.problem
    (['full disk'], 'full disk')
    """

    def __init__(self, root: Path, on_problem: Callable[[str], None] | None = None) -> None:
        self.root = root
        self.problem: str | None = None
        self._on_problem = on_problem

    def disable(self, reason: str) -> None:
        """Stop using the cache for the rest of the run; the first reason is reported."""
        if self.problem is not None:
            return
        self.problem = reason
        if self._on_problem is not None:
            self._on_problem(reason)
        else:
            print(cache_warning(self.root, reason), file=sys.stderr)


class SegmentCache(CacheSwitch):
    """The segmentation entries of one run, in ``<cache>/structure/``.

    ``folder`` is checked on first use; an unusable folder, or one whose entries cannot
    be read or written, prints one warning (``on_problem`` receives the reason instead)
    and the run goes on without the cache.

    >>> import tempfile
    >>> cache = SegmentCache(Path(tempfile.mkdtemp()))
    >>> cache.known("Peace. War.")
    {}
    >>> cache.save("Peace. War.", [("abc", [(0, 6), (7, 11)])])
    >>> cache.known("Peace. War.")
    {'abc': [(0, 6), (7, 11)]}
    """

    def __init__(self, root: str | Path | None = None, *, on_problem: Callable[[str], None] | None = None) -> None:
        super().__init__(Path(root) if root else default_cache_dir(), on_problem)
        self.folder = self.root / STRUCTURE_FOLDER
        self.root_unusable = False  # the folder itself, not only its structure/ part
        self._checked = False

    @property
    def usable(self) -> bool:
        if self.problem is None and not self._checked:
            self._checked = True
            for folder in (self.root, self.folder):
                problem = cache_folder_problem(folder)
                if problem is not None:
                    self.root_unusable = folder == self.root
                    self.disable(problem if folder == self.root else f"{STRUCTURE_FOLDER}: {problem}")
                    break
        return self.problem is None

    def key(self, text: str) -> str:
        """The full key of the entry of a document with this ``text`` (hex SHA-256)."""
        digest = hashlib.sha256(f"{SEGMENT_CACHE_FORMAT}\x1f{segmentation_version()}\x1f{tokenizer_version()}\x1f"
                                .encode("ascii"))
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def path(self, text: str) -> Path:
        return self.folder / f"{self.key(text)[:32]}.json"

    def known(self, text: str) -> dict[str, Spans]:
        """The cached spans of the document's paragraphs, by clean-text hash ({} on a
        miss or a damaged, foreign or malformed entry)."""
        if not self.usable:
            return {}
        path = self.path(text)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            self.disable(f"cannot read {path.name}: {_reason(exc)}")
            return {}
        try:
            entry = json.loads(data)
        except (ValueError, RecursionError):
            return {}
        if type(entry) is not dict or entry.get("format") != SEGMENT_CACHE_FORMAT or entry.get("key") != self.key(text):
            return {}
        paragraphs = entry.get("paragraphs")
        if type(paragraphs) is not list:
            return {}
        known: dict[str, Spans] = {}
        for item in paragraphs:
            if type(item) is not list or len(item) != 2 or type(item[0]) is not str:
                return {}
            spans = _valid_spans(item[1])
            if spans is None:
                return {}
            known[item[0]] = spans
        return known

    def save(self, text: str, used: list[tuple[str, Spans]]) -> None:
        """Store a document's segmentation, whole or not at all (a failure turns the cache off)."""
        if not self.usable:
            return
        entry = {"format": SEGMENT_CACHE_FORMAT, "key": self.key(text),
                 "paragraphs": [[key, [list(span) for span in spans]] for key, spans in used]}
        path = self.path(text)
        try:
            write_atomic(path, json.dumps(entry, separators=(",", ":")).encode("ascii"))
        except OSError as exc:
            self.disable(f"cannot write {path.name}: {_reason(exc)}")
