"""Parallel extraction: worker processes on one machine, or a Dask cluster.

Both paths split the corpus by *document*: a worker parses its documents (reading and
writing the same parse cache as a single-process run) and runs every extraction on them,
then sends back plain row dicts, never spaCy ``Doc`` objects (a pickled Doc drags the
whole vocabulary along). The parent puts the rows back in corpus order and assembles the
tables with the very same :func:`analysis.tables.build.assemble_tables`, so the output is
identical to a single-process run.

* :func:`extract_rows_parallel` -- a process pool on this machine; used by
  :func:`analysis.tables.extract_corpus` when ``n_process > 1``.
* :func:`extract_rows_with_dask` -- a Dask bag of documents on a local cluster (two
  worker processes) or any scheduler; :func:`analysis.workflow.write_tables_with_dask`
  writes the tables as folders of Parquet parts, which :func:`analysis.tables.load_tables`
  reads back. Dask is optional (``pip install .[dask]``).

Worker processes load the pipeline lazily, once per process (:func:`worker_state`).

The parent checks the cache folder once before the workers start and passes
``cache=False`` down when it cannot be used (one warning, printed by the parent). A
problem a worker still meets (an entry that turns unwritable mid-run) is sent back with
its rows, and the parent prints it, once.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Collection, Iterator, Sequence

from analysis.cache import CacheFolder, RowCache, cache_paths, open_cache, uncached_documents, write_parse_cache
from analysis.corpus import Corpus, Document
from analysis.errors import InputError
from analysis.extract.document import extract_document, merge_rows, syntax_selector
from analysis.lexicon import FrameLexicon, cached_lexicon
from analysis.nlp import iter_parsed, load_nlp, nlp_fingerprint
from analysis.register import ActorRegister, load_register
from analysis.schema import Rows
from analysis.tables.io import partition_bounds

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = ["AUTO_MAX_PROCESSES", "AUTO_MIN_WORDS", "AUTO_MIN_WORDS_SPAWN", "DaskNotInstalled",
           "auto_n_process", "available_cpus", "extract_documents", "extract_rows_parallel",
           "extract_rows_with_dask", "start_method", "worker_state"]

# Fewer words than this to process: one process, as starting workers would cost more
# than they save. Forked workers (Linux) inherit the loaded pipeline and start in
# milliseconds: two of them already ran 1,150 words 20% faster, and the 8,000-word seed
# corpus 1.7x faster. Spawned workers (macOS, Windows, or a process with threads such as
# a Jupyter kernel) first load the model, about a second each. See benchmarks/README.md.
AUTO_MIN_WORDS = 1_000
AUTO_MIN_WORDS_SPAWN = 50_000
# Never start more workers than this by default (each holds a copy of the model).
AUTO_MAX_PROCESSES = 8


# --------------------------------------------------------------------------- workers

def worker_state(register_path: str | Path | None = None,
                 lexicon_path: str | Path | None = None) -> tuple["Language", ActorRegister, FrameLexicon]:
    """``(nlp, register, lexicon)`` of this process: loaded on first use, then reused
    while the register and lexicon files are unchanged (an edited file is reloaded; a
    missing or unreadable one is an InputError naming it)."""
    return load_nlp(register_path), load_register(register_path), cached_lexicon(lexicon_path)


def extract_documents(
    documents: Sequence[Document],
    *,
    cache: bool | CacheFolder = True,
    cache_dir: str | Path | None = None,
    register_path: str | Path | None = None,
    lexicon_path: str | Path | None = None,
    parse_ids: Collection[str] | None = None,
    problems: list[str] | None = None,
) -> list[Rows]:
    """Parse and extract ``documents`` in this process: one dict of table rows per document.

    With ``cache``, rows already extracted (:class:`analysis.cache.RowCache`) are read
    back, and parses already cached are not redone. ``parse_ids`` names documents the
    caller found unparsed when the run started: they are parsed (and cached) without
    looking in the parse cache again, as a single-process run would, even if another
    worker has meanwhile cached an identical text. With ``problems`` (a worker), the
    reason the cache had to be turned off is appended there instead of printed.
    """
    register, lexicon = load_register(register_path), cached_lexicon(lexicon_path)
    needs_syntax = syntax_selector(lexicon)
    if cache is True:
        cache = CacheFolder(cache_dir, on_problem=problems.append if problems is not None else None)
    folder = open_cache(cache, cache_dir, "rows")
    row_cache = (RowCache(nlp_fingerprint(register_path), register, lexicon, folder=folder)
                 if folder is not None else None)
    out: list[Rows] = []
    for document in documents:
        rows = row_cache.load(document) if row_cache is not None else None
        if rows is None:
            nlp = load_nlp(register_path)  # loaded once per process, on the first document to parse
            use_cache = folder if folder is not None and folder.usable else False
            if use_cache and parse_ids is not None and document.doc_id in parse_ids:
                _, parsed = next(iter_parsed([document], nlp, cache=False, needs_syntax=needs_syntax))
                path = cache_paths([document], nlp, folder.root, needs_syntax.version)[document.doc_id]
                write_parse_cache(folder, path, [doc for _, doc in parsed])
            else:
                _, parsed = next(iter_parsed([document], nlp, cache=use_cache, needs_syntax=needs_syntax))
            rows = extract_document(document, parsed, register, lexicon)
            if row_cache is not None:
                row_cache.save(document, rows)
        out.append(rows)
    return out


# --------------------------------------------------------------------------- process pool

def available_cpus() -> int:
    """CPUs this process may run on (the affinity mask where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def auto_n_process(words_to_parse: int, n_documents: int) -> int:
    """Worker processes for a corpus with ``words_to_parse`` uncached words.

    One process below :data:`AUTO_MIN_WORDS` words (:data:`AUTO_MIN_WORDS_SPAWN` where
    workers cannot be forked) or for a single document, else one per CPU, at most one
    per document and :data:`AUTO_MAX_PROCESSES`.
    """
    threshold = AUTO_MIN_WORDS if start_method() == "fork" else AUTO_MIN_WORDS_SPAWN
    if words_to_parse < threshold or n_documents < 2:
        return 1
    return max(1, min(available_cpus(), n_documents, AUTO_MAX_PROCESSES))


def start_method() -> str:
    """``fork`` where it is safe, else ``spawn``.

    Forked workers inherit the loaded pipeline and the documents: no start-up time, no
    pickling. Forking is only safe from a single-threaded process, so a process with
    other threads (a Jupyter kernel, for one) spawns its workers, and each of those
    loads the pipeline once. tqdm's monitor thread, left by an earlier progress bar,
    only sleeps and is not counted.
    """
    if not sys.platform.startswith("linux"):
        return "spawn"
    others = [t for t in threading.enumerate()
              if t is not threading.main_thread() and t.name != "tqdm_monitor"]
    return "spawn" if others else "fork"


_POOL_DOCUMENTS: Sequence[Document] | None = None  # inherited by forked workers
_POOL_OPTIONS: dict[str, Any] = {}


def _pool_init(options: dict[str, Any]) -> None:
    global _POOL_OPTIONS
    _POOL_OPTIONS = options
    worker_state(options.get("register_path"), options.get("lexicon_path"))


def _pool_task(task: int | tuple[int, Document]) -> tuple[int, Rows, list[str]]:
    if isinstance(task, tuple):
        index, document = task
    else:
        index, document = task, _POOL_DOCUMENTS[task]  # type: ignore[index]
    problems: list[str] = []
    rows = extract_documents([document], problems=problems, **_POOL_OPTIONS)[0]
    return index, rows, problems


def extract_rows_parallel(
    documents: Sequence[Document],
    n_process: int,
    *,
    cache: bool | CacheFolder = True,
    cache_dir: str | Path | None = None,
    register_path: str | Path | None = None,
    lexicon_path: str | Path | None = None,
) -> Iterator[tuple[int, Rows]]:
    """``(index, rows)`` for every document, yielded as ``n_process`` workers finish them.

    The workers start when this is called (before any progress bar starts a thread).
    Documents are handed out one at a time, longest first, so the workers finish
    together; the caller puts the rows back in corpus order. On Linux the workers are
    forked after the pipeline is loaded here, so they start at once and receive only
    document indices; elsewhere (or from a process with threads) they are spawned and
    load the pipeline once each. The cache (a folder, or a :class:`CacheFolder` the
    caller checked) is checked here, once, and the workers only use a usable one.
    """
    global _POOL_DOCUMENTS
    nlp, _, lexicon = worker_state(register_path, lexicon_path)
    needs_syntax = syntax_selector(lexicon)
    folder = open_cache(cache, cache_dir, "rows")
    if folder is not None and not folder.check_entries(
            cache_paths(documents, nlp, folder.root, needs_syntax.version).values()):
        folder = None
    parse_ids = (frozenset(d.doc_id for d in uncached_documents(documents, nlp, folder.root, needs_syntax.version))
                 if folder else None)
    options = {"cache": folder is not None, "cache_dir": str(folder.root) if folder else None,
               "register_path": register_path, "lexicon_path": lexicon_path, "parse_ids": parse_ids}
    order = sorted(range(len(documents)), key=lambda i: -len(documents[i].text))
    method = start_method()
    if method == "fork":
        _POOL_DOCUMENTS = documents
        tasks: list = order
    else:
        tasks = [(i, documents[i]) for i in order]
    try:
        pool = multiprocessing.get_context(method).Pool(n_process, initializer=_pool_init, initargs=(options,))
    finally:
        _POOL_DOCUMENTS = None  # the forked workers have their copy
    return _pool_results(pool, tasks, folder)


def _pool_results(pool: Any, tasks: list, folder: CacheFolder | None) -> Iterator[tuple[int, Rows]]:
    try:
        for index, rows, problems in pool.imap_unordered(_pool_task, tasks, chunksize=1):
            for reason in problems:  # printed here, once, however many workers met it
                if folder is not None:
                    folder.disable(reason)
            yield index, rows
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


# --------------------------------------------------------------------------- Dask

class DaskNotInstalled(ImportError):
    """Dask is an optional extra: ``pip install .[dask]``."""


def _import_dask() -> tuple[Any, Any]:
    try:
        import dask.bag as bag
        import distributed
    except ImportError as exc:
        raise DaskNotInstalled(
            "the Dask path needs dask and distributed: pip install 'political-discourse-analysis[dask]' "
            f"(or pip install 'dask[dataframe,distributed]'); import failed: {exc}"
        ) from None
    return bag, distributed


def _dask_partition(documents: list[tuple[int, "Document"]], options: dict[str, Any]) -> list[tuple[int, Rows, list[str]]]:
    """A Dask task: the rows of a partition's documents, each with the reasons the
    worker's cache was turned off (runs on a worker; the client prints them once)."""
    indices = [index for index, _ in documents]
    problems: list[str] = []
    rows = extract_documents([document for _, document in documents], problems=problems, **options)
    return [(index, document_rows, problems) for index, document_rows in zip(indices, rows)]


def extract_rows_with_dask(
    corpus: Corpus,
    scheduler: str | None = None,
    npartitions: int | None = None,
    *,
    n_workers: int = 2,
    cache: bool = True,
    cache_dir: str | Path | None = None,
    register_path: str | Path | None = None,
    lexicon_path: str | Path | None = None,
    progress: bool = False,
) -> tuple[Rows, int]:
    """Extract the rows of every document of ``corpus`` on Dask: ``(rows, partitions)``.

    ``scheduler`` is the address of a running Dask scheduler (``"tcp://host:8786"``);
    without one a local cluster of ``n_workers`` processes (one thread each) is started
    and stopped. The documents form a Dask bag of ``npartitions`` partitions (default:
    four per worker) cut into contiguous runs of similar size; each worker loads the
    pipeline once and returns plain rows, merged here in corpus order.
    :func:`analysis.workflow.write_tables_with_dask` turns them into tables written as
    folders of Parquet parts, one part per partition.

    With a remote scheduler the workers need this package and the English model
    installed; the documents are sent to them, and the parse cache is the workers' own.
    """
    bag, distributed = _import_dask()
    import dask

    documents = list(corpus)
    folder = CacheFolder(cache_dir)
    if cache and not scheduler:  # a local cluster shares this machine's cache: check it once, here
        cache = open_cache(folder, None, "rows") is not None
    options = {"cache": bool(cache), "cache_dir": str(cache_dir) if cache_dir else None,
               "register_path": str(register_path) if register_path else None,
               "lexicon_path": str(lexicon_path) if lexicon_path else None}

    cluster = None
    if scheduler:
        try:
            client = distributed.Client(scheduler)
        except (OSError, TimeoutError) as exc:
            raise InputError(scheduler, f"cannot reach the Dask scheduler ({exc})") from None
    else:
        # Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536 (to return memory to the OS
        # sooner); measured here, that makes spaCy 15-20% slower, so our cluster leaves
        # glibc's default alone.
        with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
            cluster = distributed.LocalCluster(
                n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None,
            )
        client = distributed.Client(cluster)
    try:
        if cluster is not None:
            workers = n_workers
        else:
            client.wait_for_workers(1, timeout=120)
            workers = max(1, sum(client.nthreads().values()))
        parts = npartitions or min(len(documents), 4 * workers)
        bounds = partition_bounds([len(d.text) for d in documents], max(1, parts))
        chunks = [[(i, documents[i]) for i in range(a, b)] for a, b in bounds]
        # Scatter the documents straight to the workers rather than embedding them in the graph.
        futures = client.scatter(chunks)
        partitions = bag.from_delayed([dask.delayed(f) for f in futures])
        task = partitions.map_partitions(_dask_partition, options)
        if progress:
            computed = client.compute(task)
            distributed.progress(computed)
            print(file=sys.stderr)
            results = computed.result()
        else:
            results = task.compute()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

    per_document: list[Rows | None] = [None] * len(documents)
    for index, rows, problems in results:
        per_document[index] = rows
        for reason in problems:
            folder.disable(reason)
    return merge_rows(per_document), len(bounds)
