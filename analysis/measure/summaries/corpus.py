"""Summary tables of a corpus itself, for ``01_corpus.ipynb``: documents, dates, paragraphs.

What the corpus holds before anything is extracted: each document's kind, date (how
precise, stated or inferred) and length; the roles of its paragraphs and which of them
are analysed (become sentences); its pipe tables; and the sentence around any row of a
table, to read a count in its context. Each function takes a :class:`Corpus` and returns
a small table in a fixed order, so a notebook's output is the same on every run.

>>> from analysis.corpus import corpus_from_texts
>>> corpus = corpus_from_texts({"a": "Moscow objected. Kyiv agreed.", "b": "NATO met."})
>>> documents_overview(corpus)[["doc_id", "n_sentences", "n_words"]].values.tolist()
[['a', 2, 4], ['b', 1, 2]]
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.corpus import (
    PROSE_ROLES,
    Corpus,
    ParsedTable,
    documents_table,
    paragraphs_table,
)
from analysis.dates import date_precision, date_status

__all__ = [
    "PARAGRAPH_ROLE_ORDER", "dates_table", "documents_overview", "not_analysed", "paragraph_roles",
    "pipe_tables", "roles_of", "with_sentence",
]

#: Column order of :func:`paragraph_roles` (roles not listed follow, sorted).
PARAGRAPH_ROLE_ORDER = ("title", "byline", "header", "date", "epigraph", "attribution", "heading", "body",
                        "list_item", "table", "separator")

_PARAGRAPH_COLUMNS = ["doc_id", "paragraph_id", "role", "start", "end", "text"]


def documents_overview(corpus: Corpus) -> pd.DataFrame:
    """One row per document: kind, date (with precision and status) and lengths.

    ``words_per_sentence`` is the mean sentence length in words.

    >>> from analysis.corpus import corpus_from_texts
    >>> c = corpus_from_texts({"a": "Moscow objected. Kyiv agreed."}, meta={"a": {"date": "2024-03"}})
    >>> documents_overview(c).drop(columns="doc_id").values.tolist()
    [['unknown', '2024-03', 'month', 'stated', 1, 2, 4, 2.0]]
    """
    docs = documents_table(corpus)
    overview = pd.DataFrame({
        "doc_id": docs["doc_id"],
        "kind": docs["kind"].replace("", "unknown"),
        "date": docs["date"],
        "precision": docs["date"].map(date_precision),
        "status": docs["date_basis"].map(date_status),
        "n_paragraphs": docs["n_paragraphs"],
        "n_sentences": docs["n_sentences"],
        "n_words": docs["n_words"],
    })
    sentences = overview["n_sentences"].where(overview["n_sentences"] > 0)
    overview["words_per_sentence"] = (overview["n_words"] / sentences).astype(float).round(1)
    return overview.sort_values("doc_id", kind="mergesort").reset_index(drop=True)


def dates_table(corpus: Corpus) -> pd.DataFrame:
    """Each document's date, how precise it is, whether it is stated or inferred, and why.

    >>> from analysis.corpus import corpus_from_texts
    >>> c = corpus_from_texts({"a": "Moscow objected.", "b": "NATO met."}, meta={"a": {"date": "2024-03"}})
    >>> dates_table(c).values.tolist()
    [['a', '2024-03', 'month', 'stated', 'stated'], ['b', '', 'unknown', 'unknown', 'unknown']]
    """
    docs = documents_table(corpus)
    table = pd.DataFrame({
        "doc_id": docs["doc_id"],
        "date": docs["date"],
        "precision": docs["date"].map(date_precision),
        "status": docs["date_basis"].map(date_status),
        "basis": docs["date_basis"],
    })
    return table.sort_values("doc_id", kind="mergesort").reset_index(drop=True)


def paragraph_roles(corpus: Corpus) -> pd.DataFrame:
    """Paragraphs per document and role (columns in a fixed order), with an ``analysed`` total.

    ``analysed`` counts paragraphs whose text becomes sentences (see ``PROSE_ROLES``).

    >>> from analysis.corpus import corpus_from_texts
    >>> c = corpus_from_texts({"a": "Moscow objected.", "b": "NATO met.\\n\\n| side | troops |\\n|---|---|\\n| A | 5 |"})
    >>> paragraph_roles(c)
      doc_id  body  table  analysed
    0      a     1      0         1
    1      b     1      1         1
    """
    paragraphs = paragraphs_table(corpus)
    order = list(PARAGRAPH_ROLE_ORDER)
    counts = pd.crosstab(paragraphs["doc_id"], paragraphs["role"]) if not paragraphs.empty \
        else pd.DataFrame(index=pd.Index([], name="doc_id"))
    roles = [r for r in order if r in counts.columns] + sorted(c for c in counts.columns if c not in order)
    counts = counts.reindex(columns=roles, fill_value=0)
    counts["analysed"] = counts[[r for r in roles if r in PROSE_ROLES]].sum(axis=1) if roles else 0
    counts.columns.name = None
    return counts.reset_index().sort_values("doc_id", kind="mergesort").reset_index(drop=True)


def not_analysed(corpus: Corpus) -> pd.DataFrame:
    """Paragraphs kept out of the sentences (header lines, dates, tables, separators).

    >>> from analysis.corpus import corpus_from_texts
    >>> c = corpus_from_texts({"b": "NATO met.\\n\\n| side | troops |\\n|---|---|\\n| A | 5 |"})
    >>> not_analysed(c)[["doc_id", "role"]].values.tolist()
    [['b', 'table']]
    """
    paragraphs = paragraphs_table(corpus)
    table = paragraphs[~paragraphs["role"].isin(PROSE_ROLES)]
    return table[_PARAGRAPH_COLUMNS].reset_index(drop=True)


def pipe_tables(corpus: Corpus) -> list[tuple[str, ParsedTable]]:
    """Every pipe table of the corpus as ``(doc_id, table)``, in corpus order.

    >>> from analysis.corpus import corpus_from_texts
    >>> c = corpus_from_texts({"b": "NATO met.\\n\\n| side | troops |\\n|---|---|\\n| A | 5 |"})
    >>> [(doc_id, table.header, table.rows) for doc_id, table in pipe_tables(c)]
    [('b', ('side', 'troops'), (('A', '5'),))]
    """
    return [(document.doc_id, table) for document in corpus for table in document.tables]


def roles_of(corpus: Corpus, roles: Iterable[str]) -> pd.DataFrame:
    """Paragraphs with one of ``roles`` (e.g. epigraphs and their attributions), in order.

    >>> from analysis.corpus import corpus_from_texts
    >>> c = corpus_from_texts({"b": "NATO met.\\n\\n| side | troops |\\n|---|---|\\n| A | 5 |"})
    >>> roles_of(c, ["body"])[["doc_id", "role", "text"]].values.tolist()
    [['b', 'body', 'NATO met.']]
    """
    paragraphs = paragraphs_table(corpus)
    table = paragraphs[paragraphs["role"].isin(list(roles))]
    return table[_PARAGRAPH_COLUMNS].reset_index(drop=True)


def with_sentence(rows: pd.DataFrame, corpus: Corpus, column: str = "sentence") -> pd.DataFrame:
    """``rows`` (with doc_id and sentence_id) plus the text of each row's sentence, to read
    a mention in its context.

    >>> from analysis.corpus import corpus_from_texts
    >>> c = corpus_from_texts({"d": "Moscow objected. Kyiv agreed."})
    >>> with_sentence(pd.DataFrame({"doc_id": ["d"], "sentence_id": [1]}), c)["sentence"].tolist()
    ['Kyiv agreed.']
    """
    wanted = set(zip(rows["doc_id"], rows["sentence_id"])) if len(rows) else set()
    texts: dict[tuple[str, int], str] = {}
    for doc_id in sorted({d for d, _ in wanted}):
        for sentence in corpus[doc_id].sentences:
            if (doc_id, sentence.sentence_id) in wanted:
                texts[(doc_id, sentence.sentence_id)] = sentence.text
    out = rows.copy()
    out[column] = [texts.get((d, s), "") for d, s in zip(rows["doc_id"], rows["sentence_id"])]
    return out
