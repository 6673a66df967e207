"""Extraction: what one parsed document says, as rows with ``doc_id`` and offsets.

One module per kind, as in textacy's ``extract``: :mod:`.actors` (who is named),
:mod:`.frames` (which framing terms), :mod:`.quotes` (who speaks: quotations, reported
speech, transcript turns), :mod:`.stance` (who supports or opposes which frame: statements),
and :mod:`.document`, the kernel that runs them all on one
document and returns plain rows (:data:`analysis.schema.ROW_TABLES`).
"""

from analysis.extract.document import NEEDS_SYNTAX, extract_document, merge_rows
from analysis.extract.stance import extract_statements, sentence_stances, statements_table

__all__ = ["NEEDS_SYNTAX", "extract_document", "extract_statements", "merge_rows", "sentence_stances",
           "statements_table"]
