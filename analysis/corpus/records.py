"""A :class:`~analysis.corpus.model.Corpus` as tables: one row per document, paragraph,
sentence, footnote, pipe-table cell or speaker turn.

These are the structure tables, which need no NLP; every row keeps the offsets back into
its document's text. :func:`tables_table` holds the cells of the *pipe tables* found inside
documents (Markdown tables), not the output tables themselves.
"""

from __future__ import annotations

import pandas as pd

from analysis.corpus.model import Corpus, count_words

__all__ = [
    "MANIFEST_COLUMNS",
    "documents_table",
    "footnotes_table",
    "paragraphs_table",
    "sentences_table",
    "structure_tables",
    "tables_table",
    "turns_table",
]

# The manifest's columns, in the order the documents table gives them (from each
# document's ``meta``, empty where neither the manifest nor the text gave a value).
MANIFEST_COLUMNS = ("doc_id", "file", "title", "kind", "outlet", "date", "date_basis", "voice")


def documents_table(corpus: Corpus) -> pd.DataFrame:
    """One row per document: manifest metadata plus structure counts."""
    rows = []
    for d in corpus:
        row = {c: d.meta.get(c, "") for c in MANIFEST_COLUMNS}
        row.update({
            "dateline": d.meta.get("dateline", ""),
            "n_chars": len(d.text),
            "n_paragraphs": len(d.paragraphs),
            "n_sentences": len(d.sentences),
            "n_words": d.n_words,
            "n_footnotes": len(d.footnotes),
            "n_tables": len(d.tables),
            "n_turns": len(d.turns),
        })
        rows.append(row)
    return pd.DataFrame(rows)


def paragraphs_table(corpus: Corpus) -> pd.DataFrame:
    """One row per paragraph with its role and offsets."""
    rows = [
        {"doc_id": p.doc_id, "paragraph_id": p.paragraph_id, "start": p.start, "end": p.end,
         "role": p.role, "speaker_label": p.speaker_label or "", "text": p.text}
        for d in corpus for p in d.paragraphs
    ]
    return pd.DataFrame(rows, columns=["doc_id", "paragraph_id", "start", "end", "role", "speaker_label", "text"])


def sentences_table(corpus: Corpus) -> pd.DataFrame:
    """One row per sentence: original text and offsets, and the clean text NLP sees."""
    roles = {(p.doc_id, p.paragraph_id): p.role for d in corpus for p in d.paragraphs}
    rows = [
        {"doc_id": s.doc_id, "paragraph_id": s.paragraph_id, "sentence_id": s.sentence_id,
         "start": s.start, "end": s.end, "role": roles[(s.doc_id, s.paragraph_id)],
         "n_words": count_words(s.clean_text), "text": s.text, "clean_text": s.clean_text}
        for s in corpus.sentences
    ]
    return pd.DataFrame(rows, columns=["doc_id", "paragraph_id", "sentence_id", "start", "end",
                                       "role", "n_words", "text", "clean_text"])


def footnotes_table(corpus: Corpus) -> pd.DataFrame:
    """Footnote bodies with their marker's position and the sentence the marker follows."""
    rows = []
    for d in corpus:
        marker_by_number = {m.number: m for m in d.markers}
        for f in d.footnotes:
            marker = marker_by_number.get(f.number)
            sentence_id = None
            if marker is not None:
                before = [s for s in d.sentences if s.start <= marker.start]
                sentence_id = before[-1].sentence_id if before else None
            rows.append({
                "doc_id": d.doc_id, "number": f.number, "start": f.start, "end": f.end,
                "marker_start": marker.start if marker else None,
                "marker_end": marker.end if marker else None,
                "sentence_id": sentence_id, "url": f.url or "", "accessed": f.accessed or "",
                "text": f.text,
            })
    frame = pd.DataFrame(rows, columns=["doc_id", "number", "start", "end", "marker_start", "marker_end",
                                        "sentence_id", "url", "accessed", "text"])
    for column in ("marker_start", "marker_end", "sentence_id"):
        frame[column] = frame[column].astype("Int64")
    return frame


def tables_table(corpus: Corpus) -> pd.DataFrame:
    """Every cell of every pipe table in long form, with offsets (header cells: row -1)."""
    rows = []
    for d in corpus:
        for table in d.tables:
            for row, column, start, end in table.cells:
                rows.append({
                    "doc_id": d.doc_id, "table_id": table.table_id, "row": row, "column": column,
                    "header": table.header[column] if column < len(table.header) else "",
                    "start": start, "end": end, "value": d.text[start:end],
                    "caption": table.caption or "",
                })
    return pd.DataFrame(rows, columns=["doc_id", "table_id", "row", "column", "header", "start", "end",
                                       "value", "caption"])


def turns_table(corpus: Corpus) -> pd.DataFrame:
    """Speaker turns of transcripts (``Name: ...`` labels) with their spans."""
    rows = [t.__dict__ for d in corpus for t in d.turns]
    return pd.DataFrame(rows, columns=["doc_id", "turn_id", "label", "label_start", "label_end", "start", "end"])


def structure_tables(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """Tables that need no NLP: documents, paragraphs, sentences, footnotes, tables, turns."""
    return {
        "documents": documents_table(corpus),
        "paragraphs": paragraphs_table(corpus),
        "sentences": sentences_table(corpus),
        "footnotes": footnotes_table(corpus),
        "tables": tables_table(corpus),
        "turns": turns_table(corpus),
    }
