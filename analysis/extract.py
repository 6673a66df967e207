"""One pass over a corpus: actors, quotes and speakers, framing terms, co-mentions.

:func:`extract_document` does everything for one parsed document and returns plain row
dicts, so it can run in worker processes (see :mod:`analysis.parallel`); :func:`extract_corpus`
streams the corpus through the pipeline and assembles the tables.
"""

from __future__ import annotations

import hashlib
import pickle
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import pandas as pd

from .corpus import Corpus, Document, Sentence

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


def _progress(iterable: Iterable, total: int, enabled: bool) -> Iterable:
    """A progress bar on stderr for corpora of more than a few documents."""
    if not enabled or total <= 3:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc="documents", unit="doc", file=sys.stderr)


def extract_corpus(
    corpus: Corpus,
    *,
    progress: bool = False,
    cache: bool = True,
    cache_dir: str | Path | None = None,
    n_process: int | None = None,
    register_path: str | Path | None = None,
    lexicon_path: str | Path | None = None,
) -> dict[str, pd.DataFrame]:
    """Run every extraction over ``corpus`` and return the analysis tables.

    With ``cache``, a document whose rows were extracted before by the same code, model,
    register and lexicon is not parsed or extracted again (:class:`RowCache`), and one
    whose parse is cached is not parsed again (:func:`analysis.pipeline.iter_parsed`).
    ``n_process`` worker processes share the remaining documents (each parses and
    extracts whole documents, see :mod:`analysis.parallel`); ``None`` picks one process
    for small jobs and one per CPU when there are enough words to process
    (:func:`analysis.parallel.auto_n_process`). The tables are the same either way.
    """
    from .parallel import auto_n_process, extract_rows_parallel, worker_state
    from .pipeline import iter_parsed

    documents = list(corpus)
    nlp, register, lexicon = worker_state(register_path, lexicon_path)
    row_cache = RowCache(nlp, register, lexicon, cache_dir) if cache else None
    per_document: list[Rows | None] = [row_cache.load(d) if row_cache else None for d in documents]
    todo = [i for i, rows in enumerate(per_document) if rows is None]
    todo_documents = [documents[i] for i in todo]
    if n_process is None:
        n_process = auto_n_process(sum(d.n_words for d in todo_documents), len(todo_documents))
    n_process = max(1, min(n_process, len(todo_documents)))
    if n_process > 1:
        stream = extract_rows_parallel(todo_documents, n_process, cache=cache, cache_dir=cache_dir,
                                       register_path=register_path, lexicon_path=lexicon_path)
        for k, document_rows in _progress(stream, len(todo), progress):
            per_document[todo[k]] = document_rows
    else:
        parsed_stream = iter_parsed(todo_documents, nlp, cache=cache, cache_dir=cache_dir)
        for k, (document, parsed) in enumerate(_progress(parsed_stream, len(todo), progress)):
            document_rows = extract_document(document, parsed, register, lexicon)
            if row_cache is not None:
                row_cache.save(document, document_rows)
            per_document[todo[k]] = document_rows
    return assemble_tables(merge_rows(per_document), register)


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
ROW_CACHE_VERSION = "1"
# The modules whose code decides the rows; code_version() adds what they import.
ROW_CODE_ROOTS = ("extract", "actors", "frames", "quotes", "register", "lexicon", "pipeline", "corpus")


_RELATIVE_IMPORT_RE = re.compile(r"^[ \t]*from[ \t]+\.(\w+)[ \t]+import\b", re.MULTILINE)
_RELATIVE_NAMES_RE = re.compile(r"^[ \t]*from[ \t]+\.[ \t]+import[ \t]+\(?([\w \t,\n]+)\)?", re.MULTILINE)


def _package_imports(path: Path) -> set[str]:
    """Names of this package's modules imported (``from .x import``, ``from . import x``)
    by the module at ``path``, anywhere in it (a regular-expression scan: a match in a
    string or comment only adds a module, which is harmless)."""
    source = path.read_text(encoding="utf-8")
    names = set(_RELATIVE_IMPORT_RE.findall(source))
    for group in _RELATIVE_NAMES_RE.findall(source):
        names.update(name.split(" as ")[0].strip() for name in group.split(",") if name.strip())
    package = __name__.rpartition(".")[0]
    names.update(re.findall(rf"^[ \t]*(?:from|import)[ \t]+{package}\.(\w+)", source, re.MULTILINE))
    return names


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the code the rows come from and of the package's data files.

    The code is :data:`ROW_CODE_ROOTS` and every module of the package they import,
    directly or not; editing any of them (or a data file) makes cached rows stale.
    """
    root = Path(__file__).resolve().parent
    seen: set[str] = set()
    todo = list(ROW_CODE_ROOTS)
    while todo:
        name = todo.pop()
        if name in seen or not (root / f"{name}.py").is_file():
            continue
        seen.add(name)
        todo.extend(_package_imports(root / f"{name}.py"))
    files = [root / f"{name}.py" for name in seen]
    files += [p for p in (root / "data").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    digest = hashlib.sha256(ROW_CACHE_VERSION.encode())
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\x00")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class RowCache:
    """Extracted rows of each document, cached next to the parses (``<cache>/rows/``).

    A document's entry is keyed by everything its rows depend on: its id, text and
    metadata, the pipeline (model, components, register ruler), the register, the
    lexicon and the package's code (:func:`code_version`), so any change to one of them
    makes the entry unused. A second run over an unchanged corpus therefore neither
    parses nor extracts; it only assembles the tables.
    """

    def __init__(self, nlp, register, lexicon, cache_dir: str | Path | None = None) -> None:
        from .pipeline import default_cache_dir, pipeline_fingerprint

        self.folder = (Path(cache_dir) if cache_dir else default_cache_dir()) / "rows"
        self.context = "\x1f".join([
            code_version(), pipeline_fingerprint(nlp), str(getattr(register, "version", "")),
            str(getattr(lexicon, "version", "")),
        ])

    def path(self, document: Document) -> Path:
        digest = hashlib.sha256(self.context.encode("utf-8"))
        for part in (document.doc_id, repr(sorted(document.meta.items())), document.text):
            digest.update(b"\x1e")
            digest.update(part.encode("utf-8", "surrogatepass"))
        return self.folder / f"{digest.hexdigest()[:32]}.pickle"

    def load(self, document: Document) -> Rows | None:
        """The cached rows of ``document``, or None (not cached, or unreadable)."""
        path = self.path(document)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            rows = pickle.loads(data)
        except Exception:  # a truncated or foreign file: extract again
            return None
        if not isinstance(rows, dict) or set(rows) != set(ROW_TABLES):
            return None
        return rows

    def save(self, document: Document, rows: Rows) -> None:
        from .pipeline import write_atomic

        write_atomic(self.path(document), pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))


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
