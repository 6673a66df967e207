"""``--out`` can only ever replace the tool's own output (issue 10, parts 1 and 4).

Each case runs the real command line in a subprocess (``--no-nlp`` where the case allows,
for speed): a refused ``--out`` ends with exit status 2 and one line naming it, before any
work, and leaves every file where it was. Also: stale staging folders of killed runs are
cleaned (never a live run's), and CSV cells a spreadsheet would run as formulas are escaped.

With ``--force`` a non-empty folder the tool did not write is replaced whole (its files
are gone) -- but never an input, the current folder, the home folder or ``/``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.output import MARKER_NAME, atomic_folder, read_marker
from tests.cli_helpers import run_cli, tree_hashes, leftovers
from tests.paths import ROOT

DOCUMENT = "Peace is indivisible. It is.\n"








def assert_refused(result: subprocess.CompletedProcess, *fragments: str) -> str:
    """Exit 2, exactly one ``error:`` line holding every fragment, no traceback, no work done."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    assert "parsing" not in result.stderr  # refused before the corpus was read
    assert result.stdout == ""
    return lines[0]


@pytest.fixture()
def corpus(tmp_path) -> Path:
    """Five documents (more than a few, so a run that starts shows a progress bar)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for number in range(5):
        (folder / f"doc{number}.txt").write_text(DOCUMENT, encoding="utf-8")
    return folder


@pytest.fixture()
def unrelated(tmp_path) -> Path:
    """A folder of the user's that the tool never wrote."""
    folder = tmp_path / "mine"
    (folder / "sub").mkdir(parents=True)
    (folder / "MARKER").write_text("keep me", encoding="utf-8")
    (folder / "sub" / "notes.txt").write_text("and me", encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- folders the tool did not write


def test_unrelated_folder_is_refused_and_kept(corpus, unrelated, tmp_path):
    before = tree_hashes(tmp_path)
    result = run_cli("tables", str(corpus), "--out", str(unrelated), "--no-nlp", cwd=tmp_path)
    assert_refused(result, str(unrelated), "did not write", "--force")
    assert tree_hashes(tmp_path) == before
    assert (unrelated / "MARKER").is_file() and (unrelated / "sub").is_dir()
    assert leftovers(tmp_path, "mine") == []


def test_report_refuses_an_unrelated_folder_too(corpus, unrelated, tmp_path):
    before = tree_hashes(tmp_path)
    result = run_cli("report", "--corpus", str(corpus), "--out", str(unrelated), "--quiet", cwd=tmp_path)
    assert_refused(result, str(unrelated), "did not write")
    assert tree_hashes(tmp_path) == before


def test_force_replaces_an_unrelated_folder(corpus, unrelated, tmp_path):
    result = run_cli("tables", str(corpus), "--out", str(unrelated), "--no-nlp", "--quiet", "--force",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (unrelated / "MARKER").exists() and not (unrelated / "sub").exists()
    assert (unrelated / "documents.parquet").is_file()
    assert leftovers(tmp_path, "mine") == []


def test_rerun_replaces_the_tools_own_output_and_marks_it(corpus, tmp_path):
    out = tmp_path / "out"
    for _ in range(2):
        result = run_cli("tables", str(corpus), "--out", str(out), "--no-nlp", "--quiet", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    marker = json.loads((out / MARKER_NAME).read_text(encoding="utf-8"))
    assert marker["tool"] == "analysis" and marker["version"]
    files = sorted(p.name for p in out.iterdir() if p.name != MARKER_NAME)
    assert marker["files"] == files and "documents.csv" in files
    assert leftovers(tmp_path, "out") == []


def test_a_file_added_to_the_tools_output_is_not_deleted(corpus, tmp_path):
    out = tmp_path / "out"
    assert run_cli("tables", str(corpus), "--out", str(out), "--no-nlp", "--quiet", cwd=tmp_path).returncode == 0
    (out / "my_notes.txt").write_text("mine", encoding="utf-8")
    before = tree_hashes(out)
    result = run_cli("tables", str(corpus), "--out", str(out), "--no-nlp", cwd=tmp_path)
    assert_refused(result, "my_notes.txt", "--force")
    assert tree_hashes(out) == before


def test_empty_folder_is_used_without_force(corpus, tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    result = run_cli("tables", str(corpus), "--out", str(out), "--no-nlp", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (out / "documents.csv").is_file()


# --------------------------------------------------------------------------- never, even with --force


def test_current_folder_refused_even_with_force(corpus, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "setup.py").write_text("precious", encoding="utf-8")
    before = tree_hashes(tmp_path)
    for out in (str(project), ".", str(tmp_path)):
        result = run_cli("tables", str(corpus), "--out", out, "--no-nlp", "--force", cwd=project)
        if out == str(tmp_path):  # the parent of the current folder holds the corpus, too
            assert_refused(result, "would replace the corpus folder")
        else:
            assert_refused(result, "would replace the current folder")
    assert tree_hashes(tmp_path) == before


def test_dot_refused_without_force(corpus, tmp_path):
    before = tree_hashes(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    result = run_cli("tables", str(corpus), "--out", ".", "--no-nlp", cwd=work)
    assert_refused(result, "error: .:", "the current folder")
    assert tree_hashes(tmp_path) == before
    assert sorted(p.name for p in work.iterdir()) == []


def test_home_and_root_refused_even_with_force(corpus, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_text("precious", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    before = tree_hashes(tmp_path)
    result = run_cli("tables", str(corpus), "--out", str(home), "--no-nlp", "--force", cwd=work,
                     env={"HOME": str(home)})
    assert_refused(result, str(home), "the home folder")
    result = run_cli("tables", str(corpus), "--out", "/", "--no-nlp", "--force", cwd=work, env={"HOME": str(home)})
    assert_refused(result, "error: /:", "root folder")
    assert tree_hashes(tmp_path) == before


@pytest.mark.parametrize("option", ["--register", "--lexicon"])
def test_folder_holding_the_register_or_lexicon_refused_with_force(corpus, tmp_path, option):
    settings = tmp_path / "settings"
    settings.mkdir()
    source = ROOT / "analysis" / "data" / ("actors.yaml" if option == "--register" else "frames.yaml")
    shutil.copy(source, settings / source.name)
    before = tree_hashes(tmp_path)
    result = run_cli("tables", str(corpus), "--out", str(settings), option, str(settings / source.name),
                     "--no-nlp", "--force", cwd=tmp_path)
    assert_refused(result, str(settings), f"the {option} file")
    assert tree_hashes(tmp_path) == before


def test_folder_of_a_manifest_file_refused_with_force(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "a.txt").write_text(DOCUMENT, encoding="utf-8")
    (corpus / "manifest.csv").write_text("doc_id,file\na,sub/a.txt\n", encoding="utf-8")
    before = tree_hashes(tmp_path)
    result = run_cli("tables", str(corpus), "--out", str(corpus / "sub"), "--no-nlp", "--force", cwd=tmp_path)
    assert_refused(result, str(corpus / "sub"), "the corpus folder")
    assert tree_hashes(tmp_path) == before


def test_real_folder_behind_a_manifest_file_refused_with_force(tmp_path):
    """``sub`` links to a folder outside the corpus: the manifest's ``sub/a.txt`` lives there."""
    store = tmp_path / "store"
    store.mkdir()
    (store / "a.txt").write_text(DOCUMENT, encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "sub").symlink_to(store, target_is_directory=True)
    (corpus / "manifest.csv").write_text("doc_id,file\na,sub/a.txt\n", encoding="utf-8")
    before = tree_hashes(tmp_path)
    result = run_cli("tables", str(corpus), "--out", str(store), "--no-nlp", "--force", cwd=tmp_path)
    assert_refused(result, str(store), "would replace")
    assert tree_hashes(tmp_path) == before


def test_real_file_behind_a_corpus_link_refused_with_force(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    (store / "real.txt").write_text(DOCUMENT, encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").symlink_to(store / "real.txt")
    before = tree_hashes(tmp_path)
    result = run_cli("tables", str(corpus), "--out", str(store), "--no-nlp", "--force", cwd=tmp_path)
    assert_refused(result, str(store), "corpus link", "real.txt")
    assert tree_hashes(tmp_path) == before
    assert (store / "real.txt").is_file()


def test_out_inside_the_corpus_refused(corpus, tmp_path):
    before = tree_hashes(tmp_path)
    result = run_cli("tables", str(corpus), "--out", str(corpus / "out"), "--no-nlp", cwd=tmp_path)
    assert_refused(result, "lies inside the corpus folder")
    assert tree_hashes(tmp_path) == before
    assert not (corpus / "out").exists()


def test_dask_and_report_check_before_any_work(corpus, tmp_path):
    """The check runs before Dask or the notebooks start (and whether or not Dask is installed)."""
    work = tmp_path / "work"
    work.mkdir()
    result = run_cli("tables", str(corpus), "--out", str(work), "--dask", "--force", cwd=work)
    assert_refused(result, "the current folder")
    result = run_cli("report", "--corpus", str(corpus), "--out", str(work), "--force", cwd=work)
    assert_refused(result, "the current folder")
    result = run_cli("report", "--corpus", str(corpus), "--out", str(ROOT / "notebooks"), "--force", cwd=work)
    assert_refused(result, "the notebook folder")


# --------------------------------------------------------------------------- unwritable or impossible --out


def test_out_below_a_file_refused_before_any_work(corpus, tmp_path):
    (tmp_path / "plain").write_text("a file", encoding="utf-8")
    before = tree_hashes(tmp_path)
    result = run_cli("tables", str(corpus), "--out", str(tmp_path / "plain" / "out"), "--no-nlp", cwd=tmp_path)
    assert_refused(result, "plain", "is not a folder")
    assert tree_hashes(tmp_path) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permissions (see the file-parent test above)")
def test_unwritable_parent_refused_before_any_work(corpus, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = run_cli("tables", str(corpus), "--out", str(locked / "new" / "out"), "--no-nlp", cwd=tmp_path)
        assert_refused(result, str(locked / "new" / "out"), "no write permission", str(locked))
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


def test_failed_write_removes_the_parents_it_created(tmp_path):
    target = tmp_path / "a" / "b" / "out"
    with pytest.raises(RuntimeError):
        with atomic_folder(target) as staging:
            (staging / "half.csv").write_text("x", encoding="utf-8")
            raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_atomic_folder_alone_never_replaces_a_foreign_folder(tmp_path):
    """Library callers (report, Dask) get the same protection at the moment of the swap."""
    target = tmp_path / "mine"
    target.mkdir()
    (target / "MARKER").write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="did not write"):
        with atomic_folder(target) as staging:
            (staging / "a.csv").write_text("x", encoding="utf-8")
    assert sorted(p.name for p in target.iterdir()) == ["MARKER"]
    assert leftovers(tmp_path, "mine") == []
    with atomic_folder(target, force=True) as staging:
        (staging / "a.csv").write_text("x", encoding="utf-8")
    assert read_marker(target)["files"] == ["a.csv"]


# --------------------------------------------------------------------------- staging folders of killed runs


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_staging_of_dead_runs_removed_live_ones_kept(corpus, tmp_path):
    dead, live = _dead_pid(), os.getpid()
    stale = [tmp_path / f".out.{dead}.abc123.tmp", tmp_path / f".out.{dead}.xyz_9.old"]
    kept = [tmp_path / f".out.{live}.abc123.tmp",  # a run still going (this test process)
            tmp_path / ".out.legacy.tmp",  # not our pattern
            tmp_path / f".other.{dead}.abc.tmp"]  # staging of another output folder
    for folder in stale + kept:
        folder.mkdir()
        (folder / "half.csv").write_text("x", encoding="utf-8")
    (tmp_path / f".out.{dead}.file.tmp").write_text("a plain file: never ours", encoding="utf-8")
    result = run_cli("tables", str(corpus), "--out", str(tmp_path / "out"), "--no-nlp", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not any(p.exists() for p in stale)
    assert all((p / "half.csv").is_file() for p in kept)
    assert (tmp_path / f".out.{dead}.file.tmp").is_file()
    assert leftovers(tmp_path, "out") == sorted([f".out.{dead}.file.tmp", f".out.{live}.abc123.tmp",
                                                 ".out.legacy.tmp"])


def test_three_concurrent_runs_on_one_out(corpus, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    command = [sys.executable, "-m", "analysis", "tables", str(corpus), "--out", str(tmp_path / "out"),
               "--no-nlp", "--quiet"]
    runs = [subprocess.Popen(command, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
    assert len(pd.read_parquet(tmp_path / "out" / "documents.parquet")) == 5
    assert read_marker(tmp_path / "out") is not None
    assert leftovers(tmp_path, "out") == []


# --------------------------------------------------------------------------- spreadsheet formulas


def test_formula_cells_escaped_in_csv_raw_in_parquet(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Peace is indivisible.\n\n-1 is a number in text.\n", encoding="utf-8")
    (corpus / "manifest.csv").write_text('doc_id,file,title\n=cmd,a.txt,"@SUM(A1:A9)"\n', encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("tables", str(corpus), "--out", str(out), "--no-nlp", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr

    raw = pd.read_parquet(out / "documents.parquet")
    assert list(raw["doc_id"]) == ["=cmd"] and list(raw["title"]) == ["@SUM(A1:A9)"]
    shown = pd.read_csv(out / "documents.csv", keep_default_na=False)
    assert list(shown["doc_id"]) == ["'=cmd"] and list(shown["title"]) == ["'@SUM(A1:A9)"]
    assert shown["n_paragraphs"].tolist() == raw["n_paragraphs"].tolist()  # numbers stay numbers

    paragraphs = pd.read_csv(out / "paragraphs.csv", keep_default_na=False)
    assert "'-1 is a number in text." in set(paragraphs["text"])
    assert set(paragraphs["doc_id"]) == {"'=cmd"}
    assert pd.api.types.is_integer_dtype(paragraphs["start"])


# --------------------------------------------------------------------------- interruption


def test_killed_run_then_rerun_equals_an_uninterrupted_run(tmp_path):
    """SIGKILL mid-extraction (after some cache entries were written): the old output stays
    whole, and a rerun on the half-filled cache writes exactly what a clean run writes."""
    import signal
    import time

    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "seeds", corpus)
    cache = tmp_path / "cache"
    env = {"ANALYSIS_CACHE_DIR": str(cache)}
    out = tmp_path / "out"
    environment = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), **env)
    run = subprocess.Popen([sys.executable, "-m", "analysis", "tables", str(corpus), "--out", str(out),
                            "--quiet", "--n-process", "1"], cwd=tmp_path, env=environment,
                           stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and run.poll() is None:
        if len(list((cache / "rows").glob("*.json"))) >= 2:  # mid-way: some documents done
            break
        time.sleep(0.05)
    if run.poll() is not None:
        pytest.skip("the run finished before it could be interrupted")
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=60)
    assert not out.exists()  # nothing half-written under the output's name
    rerun = run_cli("tables", str(corpus), "--out", str(out), "--quiet", cwd=tmp_path, env=env)
    assert rerun.returncode == 0, rerun.stderr
    clean = run_cli("tables", str(corpus), "--out", str(tmp_path / "clean"), "--quiet", "--no-cache", cwd=tmp_path)
    assert clean.returncode == 0, clean.stderr
    assert tree_hashes(out) == tree_hashes(tmp_path / "clean")
    assert leftovers(tmp_path, "out") == []  # the killed run's staging folder was cleaned
