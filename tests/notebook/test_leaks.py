"""analysis.notebook.leaks: seed words in a notebook's outputs, on real outputs written here."""

from __future__ import annotations

import nbformat.v4 as v4

from analysis.notebook.leaks import output_texts, seed_leaks


def _book(*outputs):
    return v4.new_notebook(cells=[v4.new_markdown_cell("NATO in the prose is not an output"),
                                  v4.new_code_cell("x", outputs=list(outputs))])


def test_printed_text_tables_and_errors_are_read_and_html_and_prose_are_not():
    book = _book(v4.new_output("stream", name="stdout", text="The EU and Mercosur: 4 ties\n"),
                 v4.new_output("display_data", data={"text/plain": "  actor  mentions\n0  Russia  3",
                                                     "text/html": "<td>Kremlin</td>"}),
                 v4.new_output("error", ename="KeyError", evalue="'Zakharova'", traceback=[]))
    texts = [text for _, text in output_texts(book)]
    assert [number for number, _ in output_texts(book)] == [2, 2, 2]
    leaks = seed_leaks(book, ["NATO", "Russia", "Kremlin", "Zakharova"], corpus_text="The EU met Mercosur.")
    assert [line.split(":")[1].split("(")[0].strip() for line in leaks] == ["Russia", "Zakharova"]
    assert any("Mercosur" in text for text in texts)


def test_capitalised_terms_are_case_sensitive_whole_words_and_a_star_is_a_prefix():
    book = _book(v4.new_output("stream", name="stdout", text="trust the RUSSIAN ruse; Indivisibility matters\n"))
    assert seed_leaks(book, ["RUS", "Russian"], corpus_text="") == []  # "trust", "RUSSIAN" are other words
    assert len(seed_leaks(book, ["indivisib*"], corpus_text="")) == 1
    # a word the corpus itself contains is not a leak, whatever its case there
    assert seed_leaks(book, ["indivisib*"], corpus_text="Security is INDIVISIBLE.") == []
