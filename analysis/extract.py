"""One pass over a corpus: actors, quotes and speakers, framing terms, co-mentions.

:func:`extract_document` does everything for one parsed document and returns plain row
dicts, so it can run in worker processes (see :mod:`analysis.parallel`); :func:`extract_corpus`
streams the corpus through the pipeline and assembles the tables.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable

import pandas as pd

from .corpus import Corpus, Document, Sentence

ROW_TABLES = ("actor_mentions", "frame_mentions", "quotes", "speaker_spans")


def extract_document(document: Document, parsed: list[tuple[Sentence, "object"]], register, lexicon) -> dict[str, list[dict]]:
    """Rows of every per-document table for one parsed document."""
    from .actors import extract_actor_mentions
    from .frames import extract_frame_mentions
    from .quotes import extract_quotes, speaker_spans

    actor_rows = extract_actor_mentions(parsed, register)
    quote_rows = extract_quotes(document, parsed, pd.DataFrame(actor_rows))
    span_rows = speaker_spans(document, quote_rows)
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

    ``n_process`` worker processes share the documents (each parses and extracts whole
    documents, see :mod:`analysis.parallel`); ``None`` picks one process for small jobs
    and one per CPU when there are enough uncached words to parse
    (:func:`analysis.parallel.auto_n_process`). The tables are the same either way.
    """
    from .parallel import auto_n_process, extract_rows_parallel, worker_state
    from .pipeline import iter_parsed, uncached_documents

    documents = list(corpus)
    nlp, register, lexicon = worker_state(register_path, lexicon_path)
    if n_process is None:
        to_parse = uncached_documents(documents, nlp, cache_dir=cache_dir) if cache else documents
        n_process = auto_n_process(sum(d.n_words for d in to_parse), len(to_parse))
    n_process = max(1, min(n_process, len(documents)))
    rows: dict[str, list[dict]] = {name: [] for name in ROW_TABLES}
    if n_process > 1:
        per_document: list[dict[str, list[dict]] | None] = [None] * len(documents)
        stream = extract_rows_parallel(documents, n_process, cache=cache, cache_dir=cache_dir,
                                       register_path=register_path, lexicon_path=lexicon_path)
        for index, document_rows in _progress(stream, len(documents), progress):
            per_document[index] = document_rows
        for document_rows in per_document:
            for name in ROW_TABLES:
                rows[name].extend(document_rows[name])  # type: ignore[index]
    else:
        parsed_stream = iter_parsed(documents, nlp, cache=cache, cache_dir=cache_dir)
        for document, parsed in _progress(parsed_stream, len(documents), progress):
            for name, table_rows in extract_document(document, parsed, register, lexicon).items():
                rows[name].extend(table_rows)
    return assemble_tables(rows, register)


def assemble_tables(rows: dict[str, list[dict]], register) -> dict[str, pd.DataFrame]:
    """Turn row lists into the sorted analysis tables, joining speakers and actors to frames."""
    from .actors import ACTOR_MENTION_COLUMNS, actors_table, unlinked_report
    from .frames import FRAME_MENTION_COLUMNS, attach_actors
    from .network import build_network, edges_table
    from .quotes import QUOTE_COLUMNS, SPEAKER_SPAN_COLUMNS, attach_speakers

    mentions = pd.DataFrame(rows["actor_mentions"], columns=ACTOR_MENTION_COLUMNS)
    mentions = mentions.sort_values(["doc_id", "start", "end", "actor_id"], kind="stable").reset_index(drop=True)
    quotes = pd.DataFrame(rows["quotes"], columns=QUOTE_COLUMNS)
    spans = pd.DataFrame(rows["speaker_spans"], columns=SPEAKER_SPAN_COLUMNS)
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
    }
