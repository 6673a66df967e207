"""The report (``python -m analysis report``), the notebook helpers, and the committed notebooks.

The report test runs the whole notebook series (whatever ``notebooks/NN_*.ipynb`` exist)
on a corpus of two tiny documents written in ``tmp_path``.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis import notebook as nb
from analysis.cli import main
from analysis.report import find_notebooks, output_problems
from tests.paths import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

TINY = {
    "moscow_note.txt": "A note on security\n\nMOSCOW – Russia's foreign minister said on 3 March 2024 that "
                       "security in Eurasia is indivisible. NATO rejected the proposal.\n",
    "beijing_note.txt": "Second note\n\nChina and Russia said the security of one state cannot come at the "
                        "expense of another. The European Union did not comment.\n",
}


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny corpus"  # a space in the path, on purpose
    folder.mkdir()
    for name, text in TINY.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# ---------------------------------------------------------------------------- report


def test_report_writes_html_figures_tables_without_absolute_paths(tiny_corpus, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "build"
    assert main(["report", "--corpus", str(tiny_corpus), "--out", str(out), "--quiet"]) == 0
    assert capsys.readouterr().err == ""  # --quiet: no progress, no warnings

    names = [p.stem for p in find_notebooks()]
    assert sorted(p.stem for p in (out / "html").glob("*.html")) == names
    assert sorted(p.stem for p in (out / "notebooks").glob("*.ipynb")) == names
    pngs = sorted(p.stem for p in (out / "figures").glob("*.png"))
    assert pngs, "no figure saved"
    assert pngs == sorted(p.stem for p in (out / "figures").glob("*.svg"))
    for table in ("documents", "paragraphs", "sentences"):
        assert (out / "tables" / f"{table}.csv").is_file()
        assert (out / "tables" / f"{table}.parquet").is_file()
    documents = pd.read_csv(out / "tables" / "documents.csv")
    assert sorted(documents["doc_id"]) == ["beijing_note", "moscow_note"]

    forbidden = {str(tmp_path), str(tmp_path.resolve()), str(tiny_corpus.resolve())}
    for page in (out / "html").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "No description has been provided" not in html  # every figure has a text alternative
        for path in forbidden:
            assert path not in html, f"{page.name} contains the absolute path {path}"
    for executed in (out / "notebooks").glob("*.ipynb"):
        text = executed.read_text(encoding="utf-8")
        for path in forbidden:
            assert path not in text, f"{executed.name} contains the absolute path {path}"
        notebook = nbformat.read(executed, as_version=4)
        errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs
                  if o.get("output_type") == "error"]
        assert not errors
    # no staging folder left next to the output
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_notebooks_run_side_by_side_give_the_same_report(tiny_corpus, tmp_path, monkeypatch):
    """Two notebooks at a time (the default here) write exactly what one at a time writes,
    and every notebook reads the tables the report wrote (the injected ``tables_dir``)."""
    from analysis.report import run_report

    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))
    chosen = [p for p in NOTEBOOKS if p.name.startswith(("00_", "02_", "05_"))]
    files = {}
    working_folder = Path.cwd()
    for jobs in (1, 2):
        out = tmp_path / f"jobs{jobs}"
        run_report(tiny_corpus, out, quiet=True, notebooks=chosen, jobs=jobs)
        assert Path.cwd() == working_folder  # papermill's chdir is not thread-safe
        files[jobs] = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert files[1].keys() == files[2].keys()
    assert [name for name in files[1] if files[1][name] != files[2][name]] == []
    for name in (n for n in files[2] if n.startswith("notebooks/")):
        assert 'tables_dir = \\"../tables\\"' in files[2][name].decode("utf-8"), name


def _notebook(cells: list[tuple[str, str, list[str]]]) -> nbformat.NotebookNode:
    book = nbformat.v4.new_notebook()
    for kind, source, tags in cells:
        cell = nbformat.v4.new_code_cell(source) if kind == "code" else nbformat.v4.new_markdown_cell(source)
        if tags:
            cell.metadata["tags"] = tags
        book.cells.append(cell)
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return book


def test_failing_notebook_names_notebook_and_cell_and_writes_nothing(tiny_corpus, tmp_path, monkeypatch, capsys):
    folder = tmp_path / "series"
    folder.mkdir()
    book = _notebook([
        ("markdown", "# A failing notebook", []),
        ("code", 'corpus_dir = "../seeds"\nfigures_dir = None', ["parameters"]),
        ("code", "x = 1", []),
        ("code", "# the broken cell\nraise ValueError('boom')", []),
        ("code", "y = 2", []),
    ])
    nbformat.write(book, str(folder / "01_broken.ipynb"))
    monkeypatch.setenv("ANALYSIS_NOTEBOOKS_DIR", str(folder))
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "build"  # fresh: `--out` must be empty or written by the tool

    from analysis import report

    monkeypatch.setattr(report, "corpus_tables", lambda corpus, **options: {})  # the notebooks are the point
    status = main(["report", "--corpus", str(tiny_corpus), "--out", str(out), "--quiet"])
    err = capsys.readouterr().err.strip()
    assert status == 2
    assert len(err.splitlines()) == 1, err
    assert "01_broken.ipynb" in err and "cell 4" in err and "ValueError: boom" in err
    # the quoted cell is the one that failed, not its neighbour (papermill inserts marker cells)
    assert "(`raise ValueError('boom')`)" in err and "x = 1" not in err and "y = 2" not in err
    assert not out.exists() or not any(out.iterdir())  # nothing is written
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".build")]


def test_execute_in_place_names_the_failed_cell(tmp_path):
    from analysis.report import ReportError, execute_in_place

    path = tmp_path / "02_broken.ipynb"
    nbformat.write(_notebook([
        ("code", "figures_dir = None", ["parameters"]),
        ("markdown", "Some text", []),
        ("code", "x = 1", []),
        ("code", "{}['missing']", []),
        ("code", "y = 2", []),
    ]), str(path))
    with pytest.raises(ReportError) as raised:
        execute_in_place([path], quiet=True)
    message = str(raised.value)
    assert "cell 4 (`{}['missing']`) failed: KeyError" in message, message


def test_report_on_missing_corpus_is_one_line_exit_2(tmp_path, capsys):
    status = main(["report", "--corpus", str(tmp_path / "nowhere"), "--out", str(tmp_path / "b"), "--quiet"])
    assert status == 2
    assert "corpus folder does not exist" in capsys.readouterr().err
    assert not (tmp_path / "b").exists()


# ---------------------------------------------------------------------------- committed notebooks


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_committed_notebook_is_executed_and_clean(path):
    book = nbformat.read(str(path), as_version=4)
    code = [c for c in book.cells if c.cell_type == "code"]
    assert code and all(c.execution_count is not None for c in code), "commit notebooks executed"
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), "run top to bottom once"
    assert output_problems(book, path.name) == []
    assert 'corpus_dir = "../seeds"' in code[0].source
    assert "figures_dir = None" in code[0].source
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert "papermill" not in raw["metadata"]
    assert all("execution" not in c["metadata"] for c in raw["cells"]), "strip timing metadata"
    text = path.read_text(encoding="utf-8")
    assert str(ROOT) not in text and "/tmp/" not in text


def test_every_notebook_has_the_narrative_sections():
    for path in NOTEBOOKS:
        if path.name.startswith("00"):
            continue
        markdown = "\n".join(c.source for c in nbformat.read(str(path), as_version=4).cells
                             if c.cell_type == "markdown")
        for section in ("What to notice", "cannot see", "Exercise"):
            assert section in markdown, f"{path.name}: no '{section}' section"


# ---------------------------------------------------------------------------- analysis.notebook


def test_show_sorts_rounds_cuts_and_renumbers():
    frame = pd.DataFrame({"word": ["b", "a", "c"], "share": [0.123456, 0.5, 0.25],
                          "text": ["x" * 100, "one\nline", "ok"]}, index=[7, 8, 9])
    shown = nb.show(frame, n=2, sort_by="share", ascending=False, max_chars=10)
    assert shown["word"].tolist() == ["a", "c"]
    assert shown.index.tolist() == [0, 1]
    assert nb.show(frame, sort_by="word")["share"].tolist() == [0.5, 0.12, 0.25]
    assert nb.show(frame, sort_by="word", max_chars=10)["text"].tolist() == ["one line", "xxxxxxxxx…", "ok"]
    assert frame["share"].iloc[0] == 0.123456  # the input is not changed


def test_figure_table_is_sorted_like_the_chart():
    data = pd.DataFrame({"doc": ["b", "a", "c"], "kind": ["x", "y", "x"], "words": [5, 5, 9.04]})
    table = nb.figure_table(data, "doc", "words", hue="kind")
    assert table.columns.tolist() == ["doc", "kind", "words"]
    assert table["doc"].tolist() == ["c", "a", "b"]  # largest first, ties by label
    assert table["words"].tolist() == [9.0, 5.0, 5.0]


def test_check_prints_one_line(capsys):
    nb.check(None, 3)
    nb.check(3, 3)
    nb.check(["b", "a"], {"a", "b"})
    nb.check("Wrong", "right", hint="look again")
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "No answer yet: replace None with your answer and run the cell again.",
        "Correct.",
        "Correct.",
        "Not yet: 'Wrong' is not the expected answer. Hint: look again.",
    ]
    assert nb.is_correct(0.30000001, 0.3) and not nb.is_correct(True, 1.5)


def test_save_figure_writes_png_and_svg_only_when_asked(tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    monkeypatch.delenv(nb.FIGURES_ENV, raising=False)
    nb.setup(None)
    fig = Figure()
    fig.add_subplot().plot([1, 2], [3, 4])
    assert nb.save_figure(fig, "line") == []
    written = nb.save_figure(fig, "line", tmp_path / "figs")
    assert [p.name for p in written] == ["line.png", "line.svg"]
    svg = (tmp_path / "figs" / "line.svg").read_text(encoding="utf-8")
    assert "<dc:date>" not in svg  # no timestamp: the same figure gives the same file
    first = (tmp_path / "figs" / "line.svg").read_bytes()
    nb.save_figure(fig, "line", tmp_path / "figs")
    assert (tmp_path / "figs" / "line.svg").read_bytes() == first
    with pytest.raises(ValueError):
        nb.save_figure(fig, "../escape", tmp_path)


def test_corpus_description_helpers(seed_corpus):
    overview = nb.documents_overview(seed_corpus)
    assert len(overview) == len(seed_corpus)
    assert set(overview["precision"]) <= {"day", "month", "year", "unknown"}
    assert set(overview["status"]) <= {"stated", "inferred", "unknown"}
    roles = nb.paragraph_roles(seed_corpus)
    assert (roles.drop(columns=["doc_id", "analysed"]).sum(axis=1)
            == [len(d.paragraphs) for d in seed_corpus]).all()
    hidden = nb.not_analysed(seed_corpus)
    assert set(hidden["role"]).isdisjoint({"body", "heading", "title"})
