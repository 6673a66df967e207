"""Political discourse analysis: actors, framing terms, voices and co-mention networks.

A flat API in the order the data flows (corpus -> nlp -> extract -> tables -> measure)::

    import analysis as pda
    corpus = pda.load_corpus("seeds")
    tables = pda.corpus_tables(corpus)          # every table, each row with doc_id/start/end
    pda.kwic(corpus, "indivisib*", window=5)

The folders are the layers: ``corpus``, ``nlp`` and ``cache`` read and parse;
``extract/`` finds actors, framing terms and speakers in one document; ``tables/`` builds
and stores the corpus's tables; ``measure/`` counts over them; ``plots`` and
``notebook/`` show them; ``workflow``, ``cli`` and ``report`` run the whole flow. A module
imports only from the layers below it (checked by import-linter, see pyproject.toml).

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
    "structure_tables": "corpus", "count_words": "corpus", "InputError": "errors",
    # register and lexicon
    "load_register": "register", "load_lexicon": "lexicon",
    # nlp
    "load_model": "nlp", "load_nlp": "nlp", "iter_parsed": "nlp",
    # extract
    "kwic": "extract.frames", "extract_document": "extract.document",
    # tables
    "build_tables": "tables.build", "extract_corpus": "tables.build", "load_tables": "tables.io",
    "write_tables": "tables.io",
    # measure
    "rates_by_document": "measure.rates", "log_odds_dirichlet": "measure.keyness",
    "build_network": "measure.network", "backbone": "measure.network", "disparity_table": "measure.network",
    "centrality_table": "measure.network", "communities": "measure.network", "edge_evidence": "measure.network",
    "export_graph": "measure.network", "actor_frame_network": "measure.network",
    "speaker_frame_network": "measure.network", "nodes_table": "measure.network", "edges_table": "measure.network",
    "co_mention_tables": "measure.network",
    "dated_references": "measure.timeline", "agreements_on_timeline": "measure.timeline",
    # the whole flow
    "corpus_tables": "workflow", "open_tables": "workflow",
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
