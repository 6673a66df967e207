"""Tables: build them from a corpus (:mod:`.build`, in this process or in workers,
:mod:`.workers`), write them and read them back (:mod:`.io`).

Every row carries ``doc_id`` and ``start``/``end`` offsets into the document's text, so
any count made from these tables can be traced back to the words it counts.
"""

from analysis.tables.build import assemble_tables, build_tables, extract_corpus
from analysis.tables.io import load_tables, write_tables

__all__ = ["assemble_tables", "build_tables", "extract_corpus", "load_tables", "write_tables"]
