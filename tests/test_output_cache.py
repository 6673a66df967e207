"""The `tables` command's output cache: a rerun over an unchanged corpus writes the files
the first run wrote, without parsing the corpus or importing the extraction, and any
change of text, manifest, register, lexicon, options or code makes it run again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import analysis.cache as cache_module
import analysis.cli as cli_module
from analysis.cache import OUTPUT_CACHE_FORMAT
from analysis.cli import main
from analysis.lexicon import DEFAULT_LEXICON_PATH
from tests.paths import ROOT

TEXTS = {
    "briefing": "Sergey Lavrov said that security in Europe is indivisible. NATO rejected the proposal.\n",
    "report": "The Kremlin proposed a treaty on mutual non-aggression guarantees with China.\n",
}


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for doc_id, text in TEXTS.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def count_parses(monkeypatch) -> list[str]:
    """The corpus folders the command parsed (not answered from the output cache)."""
    calls: list[str] = []
    real = cli_module.load_corpus

    def counting(folder, *args, **kwargs):
        calls.append(str(folder))
        return real(folder, *args, **kwargs)

    monkeypatch.setattr(cli_module, "load_corpus", counting)
    return calls


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def run_tables(corpus_dir: Path, out: Path, *options: str) -> dict[str, bytes]:
    assert main(["tables", str(corpus_dir), "--out", str(out), "--quiet", "--force", *options]) == 0
    return files_of(out)


def test_rerun_in_a_fresh_process_parses_nothing_and_writes_the_same_bytes(corpus_dir, tmp_path):
    script = """
import json, sys
from analysis.cli import main
status = main(["tables", sys.argv[1], "--out", sys.argv[2], "--quiet"])
print(json.dumps({"status": status, "spacy": "spacy" in sys.modules,
                  "extraction": "analysis.extract.document" in sys.modules}))
"""
    env = {**os.environ, "ANALYSIS_CACHE_DIR": str(tmp_path / "cache")}
    seen = []
    for run in ("cold", "warm"):
        done = subprocess.run([sys.executable, "-c", script, str(corpus_dir), str(tmp_path / run)], cwd=ROOT,
                              capture_output=True, text=True, env=env, timeout=600)
        assert done.returncode == 0, done.stderr
        seen.append(json.loads(done.stdout.strip().splitlines()[-1]))
    assert seen == [{"status": 0, "spacy": True, "extraction": True},
                    {"status": 0, "spacy": False, "extraction": False}]
    cold, warm = files_of(tmp_path / "cold"), files_of(tmp_path / "warm")
    assert "quotes.csv" in cold and "documents.parquet" in cold and cold == warm
    (entry,) = (tmp_path / "cache" / "outputs").glob("*.outputs")
    head, _, body = entry.read_bytes().partition(b"\n")
    header = json.loads(head)
    assert header["format"] == OUTPUT_CACHE_FORMAT and header["documents"] == len(TEXTS)
    tables = sorted(name for name in cold if not name.startswith("."))  # not the folder's marker
    assert sorted(name for name, _, _ in header["files"]) == tables
    assert len(body) == sum(len(cold[name]) for name in tables)


def test_changed_text_runs_again_and_matches_an_uncached_run(corpus_dir, cache_dir, tmp_path, count_parses):
    first = run_tables(corpus_dir, tmp_path / "out")
    (corpus_dir / "report.txt").write_text("NATO rejected the proposal of mutual non-aggression.\n", encoding="utf-8")
    changed = run_tables(corpus_dir, tmp_path / "out")
    uncached = run_tables(corpus_dir, tmp_path / "uncached", "--no-cache")
    assert len(count_parses) == 3 and changed != first and changed == uncached


def test_same_text_in_another_folder_is_answered_from_the_cache(corpus_dir, cache_dir, tmp_path, count_parses):
    first = run_tables(corpus_dir, tmp_path / "out")
    moved = corpus_dir.rename(tmp_path / "elsewhere")
    assert run_tables(moved, tmp_path / "out2") == first
    assert len(count_parses) == 1


def test_manifest_fields_are_part_of_the_key(corpus_dir, cache_dir, tmp_path, count_parses):
    run_tables(corpus_dir, tmp_path / "out")
    (corpus_dir / "manifest.csv").write_text(
        "doc_id,file,date\nbriefing,briefing.txt,2022-01-05\nreport,report.txt,2022-01-06\n", encoding="utf-8")
    dated = run_tables(corpus_dir, tmp_path / "out")
    assert len(count_parses) == 2 and b"2022-01-05" in dated["documents.csv"]


def test_changed_lexicon_file_runs_again(corpus_dir, cache_dir, tmp_path, count_parses):
    lexicon = tmp_path / "frames.yaml"
    lexicon.write_bytes(DEFAULT_LEXICON_PATH.read_bytes())
    run_tables(corpus_dir, tmp_path / "out", "--lexicon", str(lexicon))
    run_tables(corpus_dir, tmp_path / "out", "--lexicon", str(lexicon))
    assert len(count_parses) == 1
    lexicon.write_bytes(DEFAULT_LEXICON_PATH.read_bytes() + b"\n# an edit\n")
    run_tables(corpus_dir, tmp_path / "out", "--lexicon", str(lexicon))
    assert len(count_parses) == 2


def test_options_and_code_are_part_of_the_key(corpus_dir, cache_dir, tmp_path, count_parses, monkeypatch):
    full = run_tables(corpus_dir, tmp_path / "out")
    structure_only = run_tables(corpus_dir, tmp_path / "out", "--no-nlp")
    assert len(count_parses) == 2 and "quotes.csv" in full and "quotes.csv" not in structure_only
    monkeypatch.setattr(cache_module, "package_code_version", lambda: "an edited package")
    run_tables(corpus_dir, tmp_path / "out")
    assert len(count_parses) == 3


@pytest.mark.parametrize("damage", ["flipped byte", "truncated", "name leaving the folder", "not json"])
def test_damaged_entry_runs_again_and_is_replaced(corpus_dir, cache_dir, tmp_path, count_parses, damage):
    first = run_tables(corpus_dir, tmp_path / "out")
    (entry,) = (cache_dir / "outputs").glob("*.outputs")
    data = entry.read_bytes()
    head, _, body = data.partition(b"\n")
    if damage == "flipped byte":
        data = head + b"\n" + bytes([body[0] ^ 1]) + body[1:]
    elif damage == "truncated":
        data = data[:-10]
    elif damage == "name leaving the folder":
        header = json.loads(head)
        header["files"][0][0] = "../" + header["files"][0][0]
        data = json.dumps(header).encode("ascii") + b"\n" + body
    else:
        data = b"not json\n" + body
    entry.write_bytes(data)
    again = run_tables(corpus_dir, tmp_path / "out")
    assert len(count_parses) == 2 and again == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "corpus", "out"]  # nothing beside --out
    assert run_tables(corpus_dir, tmp_path / "out") == first and len(count_parses) == 2  # entry replaced


def test_unreadable_register_is_reported_by_name(corpus_dir, cache_dir, tmp_path, capsys):
    missing = tmp_path / "no-such-register.yaml"
    assert main(["tables", str(corpus_dir), "--out", str(tmp_path / "out"), "--quiet",
                 "--register", str(missing)]) == 2
    err = capsys.readouterr().err
    assert str(missing) in err and "Traceback" not in err and not (tmp_path / "out").exists()
