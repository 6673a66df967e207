"""The per-document kernel: actors, quotes and speakers, framing terms; the row cache.

:func:`extract_document` does everything for one parsed document and returns plain row
dicts, so it can run in worker processes (see :mod:`analysis.parallel`); :func:`analysis.tables.extract_corpus`
streams the corpus through the pipeline and assembles the tables.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import numpy as np

import pandas as pd

from .corpus import Document, Sentence

if TYPE_CHECKING:  # pragma: no cover
    from .pipeline import CacheFolder

ROW_TABLES = ("actor_mentions", "frame_mentions", "quotes", "speaker_spans")
Rows = dict[str, list[dict]]  # table name -> row dicts, for one document or a corpus


def extract_document(document: Document, parsed: list[tuple[Sentence, "object"]], register, lexicon) -> dict[str, list[dict]]:
    """Rows of every per-document table for one parsed document."""
    from .actors import extract_actor_mentions
    from .frames import extract_frame_mentions
    from .quotes import extract_quotes, speaker_spans

    actor_rows = extract_actor_mentions(parsed, register, dates=document.meta.get("date") or None)
    quote_rows = extract_quotes(document, parsed, pd.DataFrame(actor_rows), register=register)
    span_rows = speaker_spans(document, quote_rows, register=register)
    frame_rows = extract_frame_mentions(parsed, lexicon)
    return {
        "actor_mentions": actor_rows,
        "frame_mentions": frame_rows,
        "quotes": quote_rows,
        "speaker_spans": span_rows,
    }


def merge_rows(per_document: Iterable[Rows | None]) -> Rows:
    """Concatenate per-document rows (in corpus order) into one row list per table."""
    rows: Rows = {name: [] for name in ROW_TABLES}
    for document_rows in per_document:
        if document_rows is None:
            raise ValueError("a document's rows are missing")
        for name in ROW_TABLES:
            rows[name].extend(document_rows[name])
    return rows


# Bump to invalidate every cached row (the code hash below already covers code changes).
# 2: JSON entries with a content hash (1 was pickle, which runs code when read).
ROW_CACHE_VERSION = "2"
ROW_CACHE_FORMAT = f"analysis-rows/{ROW_CACHE_VERSION}"
ROW_CACHE_SUFFIX = ".json"
# The modules whose code decides the rows; code_version() adds what they import.
ROW_CODE_ROOTS = ("extract", "actors", "frames", "quotes", "register", "lexicon", "pipeline", "corpus")


def _package_imports(path: Path, depth: int = 1) -> set[str]:
    """Names of this package's top-level modules imported by the module at ``path``
    (``from .x import``, ``from . import x``; from a subpackage, ``depth`` = 2, the same
    with ``..``), anywhere in it (a regular-expression scan: a match in a string or
    comment only adds a module, which is harmless)."""
    source = path.read_text(encoding="utf-8")
    dots = r"\." * depth
    names = set(re.findall(rf"^[ \t]*from[ \t]+{dots}(\w+)[ \t]+import\b", source, re.MULTILINE))
    for group in re.findall(rf"^[ \t]*from[ \t]+{dots}[ \t]+import[ \t]+\(?([\w \t,\n]+)\)?", source, re.MULTILINE):
        names.update(name.split(" as ")[0].strip() for name in group.split(",") if name.strip())
    package = __name__.rpartition(".")[0]
    names.update(re.findall(rf"^[ \t]*(?:from|import)[ \t]+{package}\.(\w+)", source, re.MULTILINE))
    return names


def _module_files(root: Path, name: str) -> list[Path]:
    """The source files of the package's module ``name``: ``name.py``, or every file of
    the subpackage ``name/``."""
    if (root / f"{name}.py").is_file():
        return [root / f"{name}.py"]
    if (root / name / "__init__.py").is_file():
        return sorted(p for p in (root / name).rglob("*.py") if "__pycache__" not in p.parts)
    return []


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the code the rows come from and of the package's data files.

    The code is :data:`ROW_CODE_ROOTS` and every module or subpackage of the package
    they import, directly or not; editing any of them (or a data file) makes cached
    rows stale.
    """
    root = Path(__file__).resolve().parent
    seen: set[str] = set()
    files: set[Path] = set()
    todo = list(ROW_CODE_ROOTS)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for path in _module_files(root, name):
            files.add(path)
            todo.extend(_package_imports(path, depth=len(path.relative_to(root).parts)))
    files.update(p for p in (root / "data").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    digest = hashlib.sha256(ROW_CACHE_VERSION.encode())
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

    >>> decode_rows({"quotes": {"columns": [], "rows": []}})
    Traceback (most recent call last):
    ...
    ValueError: the tables are not ('actor_mentions', 'frame_mentions', 'quotes', 'speaker_spans')
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

    def __init__(self, nlp, register, lexicon, cache_dir: str | Path | None = None, *,
                 folder: "CacheFolder | None" = None) -> None:
        from .pipeline import CacheFolder, pipeline_fingerprint

        self.cache = folder if folder is not None else CacheFolder(cache_dir)
        self.folder = self.cache.root / "rows"
        self.context = "\x1f".join([
            code_version(), pipeline_fingerprint(nlp), str(getattr(register, "version", "")),
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


def assemble_tables(rows: dict[str, list[dict]], register) -> dict[str, pd.DataFrame]:
    """Turn row lists into the sorted analysis tables, joining speakers and actors to frames."""
    from .actors import ACTOR_MENTION_COLUMNS, actors_table, unlinked_report
    from .frames import FRAME_MENTION_COLUMNS, attach_actors
    from .network import backbone, build_network, edges_table
    from .quotes import attach_speakers, quotes_frame, speaker_spans_frame

    mentions = pd.DataFrame(rows["actor_mentions"], columns=ACTOR_MENTION_COLUMNS)
    mentions = mentions.sort_values(["doc_id", "start", "end", "actor_id"], kind="stable").reset_index(drop=True)
    quotes = quotes_frame(rows["quotes"])
    spans = speaker_spans_frame(rows["speaker_spans"])
    frames = pd.DataFrame(rows["frame_mentions"])
    frames = attach_speakers(frames, spans)
    frames = attach_actors(frames, mentions)
    frames = frames.reindex(columns=FRAME_MENTION_COLUMNS)
    frames = frames.sort_values(["doc_id", "start", "end", "frame_id"], kind="stable").reset_index(drop=True)
    graph = build_network(mentions, unit="sentence", level="actor")
    return {
        "actor_mentions": mentions,
        "actors": actors_table(mentions),
        "register_coverage": unlinked_report(mentions),
        "quotes": quotes,
        "speaker_spans": spans,
        "frame_mentions": frames,
        "co_mentions": edges_table(graph),
        # the ties the disparity filter keeps (alpha 0.05), with their alpha (notebook 05)
        "co_mentions_backbone": edges_table(backbone(graph)),
    }
