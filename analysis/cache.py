"""The caches: parsed documents (spaCy DocBins) and extracted rows (JSON), on disk.

Both only ever make a run faster. :class:`CacheFolder` checks its folder once per run; a
folder (or an entry) that cannot be used prints one warning and the run goes on without
it. Entries hold data, never code: a DocBin is token attributes (msgpack and numpy
arrays), a row entry is JSON with its key and SHA-256, so reading one runs no code.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import stat
import zlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

import numpy as np

from analysis.corpus import Document
# The cache folder's checks and atomic writes live with the corpus reader (the first to
# use the folder: the segmentation cache); they are this module's too.
from analysis.corpus.disk_cache import (
    CACHE_FOLDER_MODE, CacheSwitch, _reason, cache_folder_problem, cache_warning, default_cache_dir, write_atomic,
)
from analysis.schema import ROW_TABLES, Rows

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "CACHE_FOLDER_MODE", "cache_folder_problem", "cache_key", "cache_paths",
    "cache_warning", "CacheFolder", "code_version", "decode_rows", "default_cache_dir",
    "encode_rows", "open_cache", "pipeline_fingerprint", "PIPELINE_VERSION",
    "read_parse_cache", "ROW_CACHE_FORMAT", "ROW_CACHE_SUFFIX", "ROW_CACHE_VERSION",
    "ROW_CODE_ROOTS", "RowCache", "uncached_documents", "write_atomic", "write_parse_cache",
    "assembly_code_version", "TABLE_CACHE_FORMAT", "TABLE_CACHE_VERSION", "TABLE_CODE_ROOTS", "TableCache",
    "OUTPUT_CACHE_FORMAT", "OUTPUT_CACHE_VERSION", "OUTPUT_LIBRARIES", "OutputCache", "package_code_version",
]

# Bump when the way Docs are produced changes, so old caches are not reused.
PIPELINE_VERSION = "1"


class CacheFolder(CacheSwitch):
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
        super().__init__(Path(cache_dir) if cache_dir else default_cache_dir(), on_problem)
        self._checked: set[Path] = set()

    @property
    def usable(self) -> bool:
        return self.problem is None

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


def cache_paths(documents: Iterable[Document], nlp: "Language", cache_dir: str | Path | None = None,
                syntax_version: str = "") -> dict[str, Path]:
    """Where each document's parse is (or would be) cached: ``{doc_id: path}``.

    ``syntax_version`` names the rule that chose the sentences the dependency parser
    read (:class:`analysis.nlp.SyntaxSelector`); "" when it read none.
    """
    folder = Path(cache_dir) if cache_dir else default_cache_dir()
    fingerprint = pipeline_fingerprint(nlp) + (f"|syntax:{syntax_version}" if syntax_version else "")
    return {d.doc_id: folder / f"{cache_key(d, fingerprint)}.spacy" for d in documents}


def uncached_documents(
    documents: Iterable[Document], nlp: "Language", cache_dir: str | Path | None = None,
    syntax_version: str = "",
) -> list[Document]:
    """The documents whose parse is not in the cache yet (what a run would parse)."""
    documents = list(documents)
    paths = cache_paths(documents, nlp, cache_dir, syntax_version)
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


def write_parse_cache(folder: CacheFolder, path: Path, docs: list["Doc"]) -> None:
    """Store the Docs of one document as a DocBin entry (a failure turns the cache off)."""
    from spacy.tokens import DocBin

    folder.write(path, DocBin(docs=docs, store_user_data=False).to_bytes())



# Bump to invalidate every cached row (the code hash below already covers code changes).
# 2: JSON entries with a content hash (1 was pickle, which runs code when read).
ROW_CACHE_VERSION = "2"
ROW_CACHE_FORMAT = f"analysis-rows/{ROW_CACHE_VERSION}"
ROW_CACHE_SUFFIX = ".json"
# The modules whose code decides the rows (dotted, below the package); code_version()
# adds every module of the package they import.
ROW_CODE_ROOTS = ("extract", "register", "lexicon", "nlp", "cache", "corpus", "schema")
_PACKAGE = __name__.rpartition(".")[0]


def _package_imports(path: Path) -> set[str]:
    """Dotted names (below the package) of the package's modules imported by the module at
    ``path``: ``from analysis.x.y import z`` gives ``x.y`` and ``x.y.z`` (one of them is a
    module), ``import analysis.x`` gives ``x``. A regular-expression scan over the whole
    file: a match in a string or comment only adds a module, which is harmless."""
    source = path.read_text(encoding="utf-8")
    names: set[str] = set()
    for module, grouped, group in re.findall(
            rf"^[ \t]*from[ \t]+{_PACKAGE}((?:\.\w+)*)[ \t]+import[ \t]+(?:\(([^)]*)\)|([\w \t,]+))", source, re.MULTILINE):
        group = grouped or group
        base = module.lstrip(".")
        if base:
            names.add(base)
        for name in group.split(","):
            name = name.split(" as ")[0].strip()
            if name:
                names.add(f"{base}.{name}" if base else name)
    names.update(m.lstrip(".") for m in re.findall(rf"^[ \t]*import[ \t]+{_PACKAGE}((?:\.\w+)+)", source, re.MULTILINE))
    return names


def _module_files(root: Path, name: str) -> list[Path]:
    """The source files of the package's module ``name`` (dotted): ``x/y.py``, or every
    file of the subpackage ``x/y/``; none for a name that is not a module (a function)."""
    path = root.joinpath(*name.split("."))
    if path.with_suffix(".py").is_file():
        return [path.with_suffix(".py")]
    if (path / "__init__.py").is_file():
        return sorted(p for p in path.rglob("*.py") if "__pycache__" not in p.parts)
    return []


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the code the rows come from and of the package's data files.

    The code is :data:`ROW_CODE_ROOTS` and every module or subpackage of the package
    they import, directly or not; editing any of them (or a data file) makes cached
    rows stale.
    """
    return _hash_code(ROW_CODE_ROOTS, ROW_CACHE_VERSION)


def _hash_code(roots: Iterable[str], salt: str) -> str:
    """A hash of the modules ``roots``, every module of the package they import (directly
    or not) and the package's data files."""
    root = Path(__file__).resolve().parent
    seen: set[str] = set()
    files: set[Path] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for path in _module_files(root, name):
            files.add(path)
            todo.extend(_package_imports(path))
    files.update(p for p in (root / "data").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    digest = hashlib.sha256(salt.encode())
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\x00")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# ----------------------------------------------------------------- rows as JSON data
#
# Row values are JSON scalars and lists as they are; everything else is a JSON object
# {"$": tag, "v": ...}, so decoding gives back exactly the Python types that were stored
# (a tuple stays a tuple, numpy.int64 stays numpy.int64, NaN stays NaN) and the tables
# built from cached rows are identical to those built from fresh ones. A value of any
# other type is refused (TypeError): it would come back different.

def _encode_value(value: Any) -> Any:
    kind = type(value)
    if value is None or kind is str or kind is bool or kind is int:
        return value
    if kind is float:
        return value if math.isfinite(value) else {"$": "float", "v": repr(value)}
    if kind is list:
        return [_encode_value(item) for item in value]
    if kind is tuple:
        return {"$": "tuple", "v": [_encode_value(item) for item in value]}
    if kind is dict:
        return {"$": "dict", "v": [[_encode_value(k), _encode_value(v)] for k, v in value.items()]}
    if isinstance(value, np.generic) and _NUMPY_SCALAR.get(value.dtype.name) is kind:
        return {"$": "np", "t": value.dtype.name, "v": _encode_value(value.item())}
    raise TypeError(f"cannot cache a {kind.__module__}.{kind.__qualname__} value")


# numpy scalar types whose value survives .item() and back (bool, ints, floats up to 64 bits)
_NUMPY_SCALAR = {np.dtype(name).name: np.dtype(name).type for name in (
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float16", "float32", "float64")}
_NON_FINITE = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


def _decode_value(value: Any) -> Any:
    kind = type(value)
    if value is None or kind is str or kind is bool or kind is int or kind is float:
        return value
    if kind is list:
        return [_decode_value(item) for item in value]
    if kind is not dict or set(value) - {"$", "t", "v"}:
        raise ValueError(f"not an encoded value: {value!r:.60}")
    tag, payload = value.get("$"), value.get("v")
    if tag == "float" and payload in _NON_FINITE:
        return _NON_FINITE[payload]
    if tag == "tuple" and type(payload) is list:
        return tuple(_decode_value(item) for item in payload)
    if tag == "dict" and type(payload) is list and all(type(p) is list and len(p) == 2 for p in payload):
        return {_decode_value(k): _decode_value(v) for k, v in payload}
    if tag == "np" and value.get("t") in _NUMPY_SCALAR:
        item = _decode_value(payload)
        if type(item) not in (bool, int, float):
            raise ValueError(f"not a numpy scalar: {value!r:.60}")
        return _NUMPY_SCALAR[value["t"]](item)
    raise ValueError(f"not an encoded value: {value!r:.60}")


def encode_rows(rows: Rows) -> dict[str, Any]:
    """Rows as JSON-ready data: per table, the distinct column lists (keys in order) and
    each row as ``[column list index, value, ...]``.

    >>> rows = {name: [] for name in ROW_TABLES}
    >>> rows["quotes"] = [{"quote_id": 1, "span": (3, 7), "score": float("nan"),
    ...                    "n": np.int64(2), "speaker_id": None}]
    >>> encode_rows(rows)["quotes"]["rows"]
    [[0, 1, {'$': 'tuple', 'v': [3, 7]}, {'$': 'float', 'v': 'nan'}, {'$': 'np', 't': 'int64', 'v': 2}, None]]
    >>> back = decode_rows(json.loads(json.dumps(encode_rows(rows))))["quotes"][0]
    >>> back["span"], back["score"] != back["score"], type(back["n"]).__name__, back["speaker_id"]
    ((3, 7), True, 'int64', None)
    """
    encoded: dict[str, Any] = {}
    for name in ROW_TABLES:
        columns: dict[tuple[str, ...], int] = {}
        table_rows = []
        for row in rows[name]:
            keys = tuple(row)
            if any(type(key) is not str for key in keys):
                raise TypeError(f"{name}: a row has a column name that is not a string")
            index = columns.setdefault(keys, len(columns))
            table_rows.append([index, *(_encode_value(row[key]) for key in keys)])
        encoded[name] = {"columns": [list(keys) for keys in columns], "rows": table_rows}
    return encoded


def decode_rows(encoded: Any) -> Rows:
    """The rows :func:`encode_rows` encoded; ValueError if ``encoded`` is not shaped so.

    >>> decode_rows({"quotes": {"columns": [], "rows": []}})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: the tables are not ('actor_mentions', 'frame_mentions', 'quotes', ...)
    """
    if type(encoded) is not dict or set(encoded) != set(ROW_TABLES):
        raise ValueError(f"the tables are not {ROW_TABLES}")
    rows: Rows = {}
    for name in ROW_TABLES:
        table = encoded[name]
        if type(table) is not dict or set(table) != {"columns", "rows"}:
            raise ValueError(f"{name}: not a table")
        columns = table["columns"]
        if type(columns) is not list or not all(
                type(keys) is list and all(type(key) is str for key in keys) for keys in columns):
            raise ValueError(f"{name}: bad column lists")
        decoded = []
        for row in table["rows"] if type(table["rows"]) is list else [None]:
            if type(row) is not list or not row or type(row[0]) is not int or not 0 <= row[0] < len(columns) \
                    or len(row) != 1 + len(columns[row[0]]):
                raise ValueError(f"{name}: bad row")
            decoded.append(dict(zip(columns[row[0]], (_decode_value(v) for v in row[1:]))))
        rows[name] = decoded
    return rows


def _canonical_json(data: Any) -> str:
    """The one serialisation that is hashed (ASCII, so lone surrogates survive too)."""
    return json.dumps(data, ensure_ascii=True, separators=(",", ":"), allow_nan=False)


class RowCache:
    """Extracted rows of each document, cached next to the parses (``<cache>/rows/``).

    A document's entry is keyed by everything its rows depend on: its id, text and
    metadata, the pipeline (model, components, register ruler), the register, the
    lexicon and the package's code (:func:`code_version`), so any change to one of them
    makes the entry unused. A second run over an unchanged corpus therefore neither
    parses nor extracts; it only assembles the tables.

    An entry is a JSON file (data, never code), ``{"format", "key", "doc_id", "sha256",
    "rows"}``: it is used only if the format and the full key are this entry's, the
    SHA-256 of the rows matches and the rows have the expected shape; anything else
    is a miss, and the entry is extracted and written again.
    """

    def __init__(self, pipeline: "Language | str", register, lexicon, cache_dir: str | Path | None = None, *,
                 folder: "CacheFolder | None" = None) -> None:
        # ``pipeline``: the loaded pipeline or its fingerprint (analysis.nlp.nlp_fingerprint,
        # read from the installed model's meta), so that checking the cache loads no model.
        self.cache = folder if folder is not None else CacheFolder(cache_dir)
        self.folder = self.cache.root / "rows"
        fingerprint = pipeline if isinstance(pipeline, str) else pipeline_fingerprint(pipeline)
        self.context = "\x1f".join([
            code_version(), fingerprint, str(getattr(register, "version", "")),
            str(getattr(lexicon, "version", "")),
        ])

    def key(self, document: Document) -> str:
        """The full key of ``document``'s entry (a hex SHA-256; the file name is its start)."""
        digest = hashlib.sha256(self.context.encode("utf-8"))
        for part in (document.doc_id, repr(sorted(document.meta.items())), document.text):
            digest.update(b"\x1e")
            digest.update(part.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def path(self, document: Document) -> Path:
        return self.folder / f"{self.key(document)[:32]}{ROW_CACHE_SUFFIX}"

    def load(self, document: Document) -> Rows | None:
        """The cached rows of ``document``, or None (not cached, damaged, or not its own)."""
        if not self.cache.usable:
            return None
        data = self.cache.read(self.path(document))
        if data is None:
            return None
        try:
            entry = json.loads(data)
            if (type(entry) is not dict or entry.get("format") != ROW_CACHE_FORMAT
                    or entry.get("key") != self.key(document) or entry.get("doc_id") != document.doc_id):
                return None
            payload = _canonical_json(entry["rows"])
            if entry.get("sha256") != hashlib.sha256(payload.encode("ascii")).hexdigest():
                return None
            return decode_rows(entry["rows"])
        except (ValueError, TypeError, KeyError, RecursionError):  # truncated, foreign, deeply nested
            return None

    def save(self, document: Document, rows: Rows) -> None:
        """Store ``document``'s rows (whole or not at all); a failure turns the cache off."""
        if not self.cache.prepare("rows"):
            return
        try:
            payload = _canonical_json(encode_rows(rows))
        except (TypeError, ValueError) as exc:  # a value JSON cannot give back unchanged
            self.cache.disable(f"{document.doc_id}: {exc}")
            return
        header = _canonical_json({"format": ROW_CACHE_FORMAT, "key": self.key(document), "doc_id": document.doc_id,
                                  "sha256": hashlib.sha256(payload.encode("ascii")).hexdigest()})
        self.cache.write(self.path(document), f'{header[:-1]},"rows":{payload}}}\n'.encode("ascii"))




# ----------------------------------------------------------------- assembled tables
#
# Assembling the tables from the rows (sorting, joining speakers and actors to frames,
# the actor counts and the register coverage report) is most of what is left of a second
# run once every document's rows are cached. So the assembled tables are cached too, keyed
# by the exact bytes of every document's row entry (in corpus order) and the code that
# assembles them: a changed, damaged or forged row entry, another document order, or an
# edit of the assembly code makes the entry unused (and the rows are read and checked as
# before). The tables are stored column by column as compressed JSON (data, never code;
# see _table_bytes), and only when every one of their columns is of a kind that format
# gives back exactly (values, dtypes, column order).

# Bump when the layout of a table entry changes.
TABLE_CACHE_VERSION = "2"
TABLE_CACHE_FORMAT = f"analysis-tables/{TABLE_CACHE_VERSION}"
# The modules whose code turns rows into tables, besides those of the rows themselves.
TABLE_CODE_ROOTS = ("tables.build",)


@lru_cache(maxsize=1)
def assembly_code_version() -> str:
    """A hash of the code that turns rows into tables (:data:`TABLE_CODE_ROOTS` and
    all it imports, the row code included) and of the package's data files."""
    return _hash_code((*ROW_CODE_ROOTS, *TABLE_CODE_ROOTS), TABLE_CACHE_FORMAT)


# The column kinds a table entry stores, each exactly by construction: NumPy int64, bool
# and float64 (JSON writes Python floats by repr, which reads back bit for bit, NaN and
# infinities included), pandas' nullable Int64 (None for <NA>), and object columns whose
# values are all str or None (stored as distinct levels and integer codes, so a value
# repeated down a column -- a doc_id, an actor id -- is one string again when read back).
# A table with any other kind of column, a column name that is not a unique str, or an
# index other than 0..n-1 is not cached at all (it is assembled again next time): exact by
# refusal, never by a conversion that might change a value.
TABLE_COLUMN_KINDS = ("int64", "bool", "float64", "Int64", "object")


def _table_bytes(frame: "pd.DataFrame") -> bytes | None:
    """``frame`` as the bytes of a table entry (zlib-compressed JSON, data only), or None
    when its columns are not all of :data:`TABLE_COLUMN_KINDS` (see there).

    Written in pure Python and NumPy, not Parquet: converting the tables to Arrow and back
    added ~100 MiB to the extraction's peak memory on the Kremlin corpus for entries of
    2 MB (issue 14), and pyarrow need not be imported at all.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"doc_id": ["a", "a", None], "start": [0, 5, 9],
    ...                       "quote_id": pd.array([1, None, 2], dtype="Int64")})
    >>> frame.attrs["linked_share"] = 0.5
    >>> back = _table_from_bytes(_table_bytes(frame))
    >>> back.equals(frame) and list(back.dtypes) == list(frame.dtypes) and back.attrs == frame.attrs
    True
    >>> _table_bytes(pd.DataFrame({"cues": [["said"], []]})) is None  # lists: not stored
    True
    """
    import pandas as pd

    index = frame.index
    if not (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1):
        return None
    names = list(frame.columns)
    if any(type(name) is not str for name in names) or len(set(names)) != len(names):
        return None
    # ``attrs`` carry table notes (the coverage report's ``linked_share``): kept when they
    # are plain scalars under str keys, which JSON gives back as they were.
    if any(type(name) is not str or type(value) not in (str, int, float, bool, type(None))
           for name, value in frame.attrs.items()):
        return None
    columns = []
    for name in names:
        series = frame[name]
        kind = str(series.dtype)
        if kind not in TABLE_COLUMN_KINDS:
            return None
        if kind == "object":
            values = series.to_numpy()
            if not all(type(value) is str or value is None for value in values):
                return None
            levels: dict[str | None, int] = {}
            codes = [levels.setdefault(value, len(levels)) for value in values]
            columns.append({"name": name, "kind": kind, "levels": list(levels), "codes": codes})
        elif kind == "Int64":
            columns.append({"name": name, "kind": kind,
                            "values": [None if value is pd.NA else int(value) for value in series.tolist()]})
        else:
            columns.append({"name": name, "kind": kind, "values": series.to_numpy().tolist()})
    return zlib.compress(json.dumps({"rows": len(frame), "attrs": frame.attrs, "columns": columns},
                                    separators=(",", ":")).encode("ascii"), 1)


def _table_from_bytes(blob: bytes) -> "pd.DataFrame":
    """The table :func:`_table_bytes` stored (raises ValueError, KeyError, TypeError,
    IndexError or zlib.error on bytes it did not write)."""
    import numpy as np
    import pandas as pd

    stored = json.loads(zlib.decompress(blob))
    rows = stored["rows"]
    data = {}
    for column in stored["columns"]:
        kind = column["kind"]
        if kind == "object":
            levels = np.empty(len(column["levels"]), dtype=object)
            levels[:] = column["levels"]
            codes = np.asarray(column["codes"], dtype=np.int64)
            if codes.size and codes.min() < 0:  # would count from the end: not ours
                raise ValueError("a negative level code")
            data[column["name"]] = levels[codes]
        elif kind == "Int64":
            data[column["name"]] = pd.array(column["values"], dtype="Int64")
        elif kind in ("int64", "bool", "float64"):
            data[column["name"]] = np.asarray(column["values"], dtype=kind)
        else:
            raise ValueError(f"unknown column kind {kind!r}")
        if len(data[column["name"]]) != rows:
            raise ValueError("a column of the wrong length")
    frame = pd.DataFrame(data, index=pd.RangeIndex(rows), columns=[c["name"] for c in stored["columns"]])
    frame.attrs.update(stored["attrs"])
    return frame



def _blob_entry(format_name: str, key: str, field: str, blobs: list[tuple[str, bytes]], **extra: Any) -> bytes:
    """An entry of named blobs: a JSON header line ``{"format", "key", field: [[name, size,
    sha256], ...], **extra}`` followed by the blobs' bytes (the table and output caches)."""
    header = _canonical_json({"format": format_name, "key": key, **extra, field: [
        [name, len(blob), hashlib.sha256(blob).hexdigest()] for name, blob in blobs]})
    return header.encode("ascii") + b"\n" + b"".join(blob for _, blob in blobs)


def _read_blob_entry(data: bytes, format_name: str, key: str, field: str) -> tuple[dict, list[tuple[str, bytes]]] | None:
    """The header and the ``(name, bytes)`` blobs of an entry :func:`_blob_entry` wrote, or
    None unless its format and key are these and every blob has its size and SHA-256.

    >>> entry = _blob_entry("f/1", "k", "files", [("a.csv", b"x,y")], documents=1)
    >>> _read_blob_entry(entry, "f/1", "k", "files")[1]
    [('a.csv', b'x,y')]
    >>> _read_blob_entry(entry[:-1], "f/1", "k", "files") is None
    True
    """
    head, newline, body = data.partition(b"\n")
    try:
        header = json.loads(head)
    except ValueError:
        return None
    if (not newline or type(header) is not dict or header.get("format") != format_name
            or header.get("key") != key or type(header.get(field)) is not list):
        return None
    blobs: list[tuple[str, bytes]] = []
    offset = 0
    for item in header[field]:
        if type(item) is not list or len(item) != 3:
            return None
        name, size, sha = item
        if type(name) is not str or type(size) is not int or type(sha) is not str or size < 0:
            return None
        blob = body[offset:offset + size]
        offset += size
        if len(blob) != size or hashlib.sha256(blob).hexdigest() != sha:
            return None
        blobs.append((name, blob))
    return (header, blobs) if offset == len(body) else None


class TableCache:
    """The tables :func:`analysis.tables.build.assemble_tables` made from a corpus's
    cached rows, in ``<cache>/tables/``.

    An entry is one file: a JSON header line ``{"format", "key", "tables": [[name,
    size, sha256], ...]}`` followed by each table's bytes (:func:`_table_bytes`: zlib-compressed
    JSON, one list per column). It is used only if the
    format and the full key are this corpus's and every table's bytes have their SHA-256;
    anything else is a miss (the tables are assembled and the entry written again).
    """

    def __init__(self, folder: CacheFolder) -> None:
        self.cache = folder
        self.folder = folder.root / "tables"

    def key(self, row_cache: RowCache, documents: Iterable[Document]) -> str | None:
        """The key of these documents' tables: their row keys and the SHA-256 of their row
        entries' bytes, in order, and the assembly code; None when a document's rows are
        not cached (nothing to look up)."""
        digest = hashlib.sha256(f"{TABLE_CACHE_FORMAT}\x1f{assembly_code_version()}".encode("ascii"))
        for document in documents:
            data = self.cache.read(row_cache.path(document))
            if data is None:
                return None
            digest.update(b"\x1e" + row_cache.key(document).encode("ascii") + b"\x1f")
            digest.update(hashlib.sha256(data).digest())
        return digest.hexdigest()

    def path(self, key: str) -> Path:
        return self.folder / f"{key[:32]}.tables"

    def load(self, key: str) -> "dict[str, pd.DataFrame] | None":
        """The cached tables of ``key``, or None (not cached, damaged, or not its own)."""
        data = self.cache.read(self.path(key))
        entry = _read_blob_entry(data, TABLE_CACHE_FORMAT, key, "tables") if data is not None else None
        if entry is None:
            return None
        try:
            return {name: _table_from_bytes(blob) for name, blob in entry[1]}
        except (ValueError, KeyError, TypeError, IndexError, zlib.error):  # not bytes we wrote
            return None

    def save(self, key: str, tables: "dict[str, pd.DataFrame]") -> None:
        """Store ``tables`` under ``key`` (whole or not at all; not at all if one of them
        would not come back exactly); a write failure turns the cache off."""
        if not self.cache.prepare("tables"):
            return
        blobs = []
        for name, frame in tables.items():
            blob = _table_bytes(frame)
            if blob is None:
                return
            blobs.append((name, blob))
        self.cache.write(self.path(key), _blob_entry(TABLE_CACHE_FORMAT, key, "tables", blobs))


# ----------------------------------------------------------------- a command's written files
#
# A `tables` rerun over an unchanged corpus should cost what reading and copying its
# files costs (issue 14). So the files the command wrote are cached too, keyed by
# everything they can depend on: every document's doc_id, manifest fields and text (the
# file's bytes, decoded), the bytes of the register and lexicon files given, the installed
# model's meta, the versions of the libraries that write or shape the tables, the
# command's options, and the code and data of the *whole* package (any edit anywhere
# makes the entry unused: cheaper to be honest than to be clever). A hit writes the same
# bytes as the run that stored them; the corpus is not parsed, the model not loaded.

# Bump when the layout of an output entry changes.
OUTPUT_CACHE_VERSION = "1"
OUTPUT_CACHE_FORMAT = f"analysis-outputs/{OUTPUT_CACHE_VERSION}"
# The libraries whose versions can change the bytes written (CSV and Parquet writers,
# the tokenizer and the model's runtime, the YAML and graph code the tables come from).
OUTPUT_LIBRARIES = ("spacy", "pandas", "numpy", "pyarrow", "networkx", "PyYAML")


@lru_cache(maxsize=1)
def package_code_version() -> str:
    """A hash of every module of the package and of its data files.

    >>> len(package_code_version())
    16
    """
    root = Path(__file__).resolve().parent
    modules = sorted({p.stem for p in root.glob("*.py")} | {p.parent.name for p in root.glob("*/__init__.py")})
    return _hash_code(modules, OUTPUT_CACHE_FORMAT)


def _library_versions() -> dict[str, str]:
    from importlib import metadata

    versions = {}
    for name in OUTPUT_LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = ""
    return versions


class OutputCache:
    """The files one ``tables`` command wrote, in ``<cache>/outputs/``, keyed by all they
    depend on (see :meth:`key`).

    An entry is one file: a JSON header line ``{"format", "key", "documents", "files":
    [[name, size, sha256], ...]}`` followed by each file's bytes (CSV and Parquet: data,
    never code). It is used only if the format and the full key are this run's and every
    file's bytes have their SHA-256; anything else is a miss (the command runs and the
    entry is written again).

    >>> import tempfile
    >>> folder = CacheFolder(tempfile.mkdtemp())
    >>> outputs = OutputCache(folder)
    >>> key = outputs.key([("d", {"doc_id": "d"}, "Peace.")], settings={"nlp": True}, files=[])
    >>> written = Path(tempfile.mkdtemp())
    >>> (written / "documents.csv").write_text("doc_id\\nd\\n")
    9
    >>> outputs.save(key, written, ["documents.csv"], documents=1)
    >>> [(name, data) for name, data in outputs.load(key)[1]]
    [('documents.csv', b'doc_id\\nd\\n')]
    >>> outputs.load(outputs.key([("d", {"doc_id": "d"}, "War.")], settings={"nlp": True}, files=[])) is None
    True
    """

    def __init__(self, folder: CacheFolder) -> None:
        self.cache = folder
        self.folder = folder.root / "outputs"

    def key(self, sources: Iterable[tuple[str, dict[str, str], str]], *, settings: dict[str, Any],
            files: Iterable[Path | None], model_meta: dict[str, Any] | None = None) -> str:
        """The key of a run over ``sources`` (``(doc_id, meta, text)`` in corpus order)
        with ``settings`` (the options that change what is written), reading the
        ``files`` given (register, lexicon; None for a packaged default, which the code
        hash covers) with the model of ``model_meta``."""
        digest = hashlib.sha256(_canonical_json({
            "format": OUTPUT_CACHE_FORMAT, "code": package_code_version(), "libraries": _library_versions(),
            "settings": settings, "model": model_meta,
        }).encode("ascii"))
        for path in files:
            digest.update(b"\x1d" + (hashlib.sha256(Path(path).read_bytes()).digest() if path else b"default"))
        for doc_id, meta, text in sources:
            digest.update(b"\x1e" + _canonical_json([doc_id, sorted(meta.items())]).encode("ascii") + b"\x1f")
            digest.update(hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest())
        return digest.hexdigest()

    def path(self, key: str) -> Path:
        return self.folder / f"{key[:32]}.outputs"

    def load(self, key: str) -> tuple[int, list[tuple[str, bytes]]] | None:
        """``(documents, [(file name, bytes), ...])`` stored under ``key``, or None (not
        cached, damaged, or not its own)."""
        if not self.cache.check_entries([self.path(key)]):
            return None
        data = self.cache.read(self.path(key))
        entry = _read_blob_entry(data, OUTPUT_CACHE_FORMAT, key, "files") if data is not None else None
        if entry is None or type(entry[0].get("documents")) is not int:
            return None
        header, files = entry
        # Plain file names only: an entry never writes outside the output folder.
        if any(not name or name != Path(name).name or name.startswith(".") for name, _ in files):
            return None
        return header["documents"], files

    def save(self, key: str, folder: Path, names: Iterable[str], *, documents: int) -> None:
        """Store the files ``names`` of ``folder`` under ``key`` (whole or not at all); a
        failure turns the cache off."""
        if not self.cache.prepare("outputs"):
            return
        blobs = [(name, (folder / name).read_bytes()) for name in names]
        self.cache.write(self.path(key), _blob_entry(OUTPUT_CACHE_FORMAT, key, "files", blobs, documents=documents))
