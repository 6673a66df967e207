"""Political discourse analysis: actors, framing terms, voices and co-mention networks.

A flat API in the order the data flows (corpus -> pipeline -> extractions -> aggregates)::

    import analysis as pda
    corpus = pda.load_corpus("seeds")
    tables = pda.build_tables(corpus)           # every table, each row with doc_id/start/end
    pda.kwic(corpus, "indivisib*", window=5)

Names are imported lazily, so ``import analysis`` does not load spaCy.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    # corpus
    "load_corpus": "corpus", "corpus_from_texts": "corpus", "parse_document": "corpus",
    "Corpus": "corpus", "Document": "corpus", "Sentence": "corpus", "Paragraph": "corpus",
    "documents_table": "corpus", "paragraphs_table": "corpus", "sentences_table": "corpus",
    "footnotes_table": "corpus", "tables_table": "corpus", "turns_table": "corpus",
    "count_words": "corpus", "InputError": "errors",
    # pipeline
    "load_model": "pipeline", "load_nlp": "pipeline", "iter_parsed": "pipeline",
    # register and lexicon
    "load_register": "register", "load_lexicon": "lexicon",
    # tables
    "build_tables": "tables", "structure_tables": "tables", "load_tables": "tables",
    "extract_corpus": "tables",
    # frames
    "kwic": "frames",
    # network
    "build_network": "network", "backbone": "network", "disparity_table": "network",
    "centrality_table": "network", "communities": "network", "edge_evidence": "network",
    "export_graph": "network", "actor_frame_network": "network",
    "speaker_frame_network": "network", "nodes_table": "network", "edges_table": "network",
    # timeline
    "dated_references": "timeline", "agreements_on_timeline": "timeline",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    module = importlib.import_module(f".{module_name}", __name__)
    return getattr(module, name)


def __dir__() -> list[str]:
    return __all__
