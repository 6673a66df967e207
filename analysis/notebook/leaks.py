"""Seed words in a notebook's outputs: does a run on another corpus show the seed corpus's actors?

The notebooks are run on the users' corpora. An output that names an actor, a person or a
framing term of the seed corpus when the corpus at hand does not contain it is a leak: a
seed observation presented as the user's. :func:`seed_leaks` finds them in an executed
notebook, given the words to look for (a list kept as data, e.g. ``tests/data/seed_terms.yaml``)
and the corpus's own text (a word the corpus contains is not a leak).

>>> import nbformat.v4 as v4
>>> book = v4.new_notebook(cells=[v4.new_code_cell("x", outputs=[
...     v4.new_output("stream", name="stdout", text="NATO and the EU: 3 ties")])])
>>> seed_leaks(book, ["NATO", "Russia"], corpus_text="The EU met.")
['cell 1: NATO (NATO and the EU: 3 ties)']
>>> seed_leaks(book, ["NATO"], corpus_text="NATO met the EU.")
[]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["output_texts", "seed_leaks", "term_regex"]

# The text an output shows a reader: printed text, the plain-text form of tables and figures
# (a figure's plain text is its description), Markdown and error messages. HTML repeats the
# plain text (with styles around it) and is not read.
_TEXT_TYPES = ("text/plain", "text/markdown")


def output_texts(notebook: Any) -> list[tuple[int, str]]:
    """(cell number counted from 1 over all cells, text) of every output of every code cell."""
    out = []
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            parts = [output.get("text", "")]
            parts += [str(output.get("data", {}).get(kind, "")) for kind in _TEXT_TYPES]
            if output.get("output_type") == "error":
                parts.append(f"{output.get('ename', '')}: {output.get('evalue', '')}")
            text = "\n".join(p if isinstance(p, str) else "".join(p) for p in parts if p)
            if text.strip():
                out.append((number, text))
    return out


def term_regex(term: str) -> re.Pattern[str]:
    """The pattern of one seed term: a whole word (a prefix if it ends with ``*``),
    case-sensitive when the term has a capital letter.

    >>> bool(term_regex("RUS").search("RUS rolls up")), bool(term_regex("RUS").search("trust"))
    (True, False)
    >>> bool(term_regex("indivisib*").search("Indivisible security"))
    True
    """
    prefix = term.endswith("*")
    body = re.escape(term.rstrip("*"))
    flags = 0 if any(c.isupper() for c in term) else re.IGNORECASE
    end = "" if prefix else r"(?!\w)"
    return re.compile(rf"(?<!\w){body}{end}", flags)


def seed_leaks(notebook: Any, terms: Iterable[str], corpus_text: str) -> list[str]:
    """One line per output that shows a term of ``terms`` absent from ``corpus_text``:
    ``cell N: term (the output, shortened)``. A term the corpus contains (in any case)
    is not a leak."""
    wanted = [(t, term_regex(t)) for t in terms]
    present = corpus_text.lower()
    absent = [(t, rx) for t, rx in wanted if not re.search(term_regex(t.lower()).pattern, present, re.IGNORECASE)]
    found = []
    for number, text in output_texts(notebook):
        for term, rx in absent:
            match = rx.search(text)
            if match:
                around = " ".join(text[max(0, match.start() - 40):match.end() + 40].split())
                found.append(f"cell {number}: {term} ({around})")
    return found
