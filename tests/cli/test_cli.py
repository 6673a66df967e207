"""Tests for ``python -m analysis tables``: outputs, progress, atomic writes and bad input.

Bad input is tried through the real command line in a subprocess: exit status 2, exactly
one line on stderr naming the file (and line or byte where it can), no traceback, no
output folder, and the input files unchanged.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import cli
from analysis.output import atomic_folder, write_marker
from tests.cli_helpers import run_cli, tree_hashes, leftovers, assert_bad_input_refused

STRUCTURE_TABLES = ("documents", "paragraphs", "sentences", "footnotes", "tables", "turns")








@pytest.fixture()
def seeds_copy(tmp_path, seed_dir) -> Path:
    corpus = tmp_path / "seeds"
    shutil.copytree(seed_dir, corpus)
    return corpus


# --------------------------------------------------------------------------- success


def test_tables_writes_every_structure_table(seeds_copy, tmp_path):
    before = tree_hashes(seeds_copy)
    result = run_cli("tables", str(seeds_copy), "--out", str(tmp_path / "out"), "--no-nlp", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # --quiet: no progress bar, no summary
    out = tmp_path / "out"
    for name in STRUCTURE_TABLES:
        assert (out / f"{name}.csv").is_file()
        assert (out / f"{name}.parquet").is_file()
    assert tree_hashes(seeds_copy) == before  # inputs never modified
    assert leftovers(tmp_path, "out") == []

    documents = pd.read_parquet(out / "documents.parquet")
    assert len(documents) == 5
    sentences = pd.read_parquet(out / "sentences.parquet")
    texts = {row.doc_id: (seeds_copy / row.file).read_bytes().decode("utf-8") for row in documents.itertuples()}
    for row in sentences.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.text
    csv_sentences = pd.read_csv(out / "sentences.csv", keep_default_na=False)
    assert list(csv_sentences["text"]) == list(sentences["text"])
    footnotes = pd.read_parquet(out / "footnotes.parquet")
    assert len(footnotes) == 8 and set(footnotes["doc_id"]) == {"003_2a18997b5bd812c8"}
    cells = pd.read_parquet(out / "tables.parquet")
    assert set(cells["doc_id"]) == {"001_8d28a85c5ffc81f4"}
    for row in cells.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.value


def test_progress_bar_on_stderr_unless_quiet(seeds_copy, tmp_path):
    # --no-cache: a run answered from the output cache parses nothing and shows no bar.
    result = run_cli("tables", str(seeds_copy), "--out", str(tmp_path / "out"), "--no-nlp", "--no-cache", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "parsing" in result.stderr and "5/5" in result.stderr  # five documents: more than a few
    assert result.stdout == ""


def test_no_progress_bar_for_a_couple_of_documents(tmp_path, seed_dir):
    corpus = tmp_path / "two"
    corpus.mkdir()
    for name in ("000_7d7a01f1c81f0d76.txt", "002_34ea7ae64c1b966a.txt"):
        shutil.copy(seed_dir / name, corpus)
    result = run_cli("tables", str(corpus), "--out", str(tmp_path / "out"), "--no-nlp", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "parsing" not in result.stderr
    documents = pd.read_csv(tmp_path / "out" / "documents.csv")
    assert list(documents["doc_id"]) == ["000_7d7a01f1c81f0d76", "002_34ea7ae64c1b966a"]


def test_output_replaces_an_existing_folder_whole(seeds_copy, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "stale.csv").write_text("old", encoding="utf-8")
    write_marker(out)  # an earlier output of the tool: replaced without --force
    result = run_cli("tables", str(seeds_copy), "--out", str(out), "--no-nlp", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (out / "stale.csv").exists()
    assert (out / "sentences.csv").is_file()
    assert leftovers(tmp_path, "out") == []


def test_full_tables_command_with_nlp(seeds_copy, tmp_path):
    before = tree_hashes(seeds_copy)
    result = run_cli("tables", str(seeds_copy), "--out", str(tmp_path / "out"), "--no-cache", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    out = tmp_path / "out"
    for name in STRUCTURE_TABLES + ("actor_mentions", "frame_mentions", "quotes"):
        assert (out / f"{name}.csv").is_file() and (out / f"{name}.parquet").is_file()
    assert tree_hashes(seeds_copy) == before


# --------------------------------------------------------------------------- atomic output


def test_failure_midway_leaves_existing_output_untouched(seeds_copy, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "documents.csv").write_text("previous run", encoding="utf-8")
    write_marker(out)  # an earlier output of the tool, so it may be replaced
    before = tree_hashes(out)

    real_to_parquet = pd.DataFrame.to_parquet
    calls = []

    def failing_to_parquet(self, *args, **kwargs):
        calls.append(args)
        if len(calls) == 3:  # some files are already written in the staging folder
            raise OSError("disk full")
        return real_to_parquet(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", failing_to_parquet)
    with pytest.raises(OSError, match="disk full"):  # --no-cache: the tables are written, not copied
        cli.main(["tables", str(seeds_copy), "--out", str(out), "--no-nlp", "--quiet", "--no-cache"])
    assert tree_hashes(out) == before
    assert leftovers(tmp_path, "out") == []


def test_atomic_folder_creates_nothing_on_failure(tmp_path):
    target = tmp_path / "new"
    with pytest.raises(RuntimeError):
        with atomic_folder(target) as staging:
            (staging / "half.csv").write_text("x", encoding="utf-8")
            raise RuntimeError("boom")
    assert not target.exists()
    assert leftovers(tmp_path, "new") == []


def test_atomic_folder_success_has_normal_permissions(tmp_path):
    target = tmp_path / "new"
    with atomic_folder(target) as staging:
        (staging / "a.csv").write_text("x", encoding="utf-8")
    assert (target / "a.csv").read_text(encoding="utf-8") == "x"
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o777 & ~umask
    assert leftovers(tmp_path, "new") == []


# --------------------------------------------------------------------------- bad input


def _text(folder: Path, name: str, content: str = "Peace is indivisible. It is.\n") -> None:
    (folder / name).write_text(content, encoding="utf-8")


def _manifest(folder: Path, content: str) -> None:
    (folder / "manifest.csv").write_text(content, encoding="utf-8")


BAD_INPUTS = {
    "not_utf8": (lambda d: (d / "latin1.txt").write_bytes("Caf\u00e9 au lait.\n".encode("latin-1")),
                 ["latin1.txt", "byte 3", "UTF-8"]),
    "empty_file": (lambda d: (_text(d, "good.txt"), (d / "empty.txt").write_bytes(b"")),
                   ["empty.txt", "empty"]),
    "binary_file": (lambda d: (d / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
                    ["image.txt", "binary", "byte 8"]),
    "utf16_file": (lambda d: (d / "wide.txt").write_bytes("Peace.".encode("utf-16")),
                   ["wide.txt", "UTF-16"]),
    "empty_folder": (lambda d: None, ["corpus", "no .txt files"]),
    "manifest_names_missing_file": (lambda d: (_text(d, "a.txt"), _manifest(d, "doc_id,file\na,a.txt\nb,b.txt\n")),
                                    ["manifest.csv:3", "b.txt", "does not exist"]),
    "manifest_path_outside": (lambda d: (_text(d, "a.txt"), _text(d.parent, "secret.txt"),
                                         _manifest(d, "doc_id,file\na,a.txt\ns,../secret.txt\n")),
                              ["manifest.csv:3", "../secret.txt", "outside the corpus folder"]),
    "manifest_repeats_doc_id": (lambda d: (_text(d, "a.txt"), _text(d, "b.txt"),
                                           _manifest(d, "doc_id,file\na,a.txt\na,b.txt\n")),
                                ["manifest.csv:3", "'a'", "repeats"]),
    "manifest_missing_columns": (lambda d: (_text(d, "a.txt"), _manifest(d, "id,title\na,Title\n")),
                                 ["manifest.csv:1", "missing required column", "doc_id", "file"]),
    "manifest_not_utf8": (lambda d: (_text(d, "a.txt"), (d / "manifest.csv").write_bytes(b"doc_id,file\n\xe9,a.txt\n")),
                          ["manifest.csv", "byte 12", "line 2"]),
    "manifest_names_binary_file": (lambda d: ((d / "a.txt").write_bytes(b"\x00\x01\x02"),
                                              _manifest(d, "doc_id,file\na,a.txt\n")),
                                   ["a.txt", "binary"]),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_one_line_exit_2_nothing_written(tmp_path, case):
    setup, expected = BAD_INPUTS[case]
    assert_bad_input_refused(tmp_path, setup, expected)


def test_missing_folder(tmp_path):
    result = run_cli("tables", "no_such_folder", "--out", "out", "--no-nlp", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "error: no_such_folder: corpus folder does not exist"
    assert not (tmp_path / "out").exists()


def test_bad_input_leaves_existing_output_untouched(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bad.txt").write_bytes(b"\xff\xfe\xfd")
    out = tmp_path / "out"
    out.mkdir()
    (out / "documents.csv").write_text("previous run", encoding="utf-8")
    write_marker(out)  # an earlier output of the tool: only the bad input stops the run
    before = tree_hashes(out)
    result = run_cli("tables", str(corpus), "--out", str(out), "--no-nlp", "--quiet", cwd=tmp_path)
    assert result.returncode == 2
    assert "bad.txt" in result.stderr
    assert tree_hashes(out) == before


def test_out_may_not_replace_the_corpus(seeds_copy, tmp_path):
    before = tree_hashes(seeds_copy)
    for out in (seeds_copy, tmp_path):
        result = run_cli("tables", str(seeds_copy), "--out", str(out), "--no-nlp", cwd=tmp_path)
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1
        assert "would replace the corpus folder" in result.stderr
    assert tree_hashes(seeds_copy) == before


def test_out_may_not_be_a_file(seeds_copy, tmp_path):
    (tmp_path / "out").write_text("keep me", encoding="utf-8")
    result = run_cli("tables", str(seeds_copy), "--out", str(tmp_path / "out"), "--no-nlp", cwd=tmp_path)
    assert result.returncode == 2
    assert "not a folder" in result.stderr
    assert (tmp_path / "out").read_text(encoding="utf-8") == "keep me"
