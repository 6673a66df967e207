"""The caches hold data, never code: planted, forged or damaged entries are not used, and a
cache that cannot be used prints one warning while the run goes on without it."""

from __future__ import annotations

import hashlib
import json
import math
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import analysis.cache as cache_module
from analysis.corpus import Corpus
from analysis.cache import RowCache, decode_rows, encode_rows
from analysis.tables.build import extract_corpus
from analysis.tables.io import write_tables
from analysis.tables.workers import worker_state
from analysis.cache import cache_paths
from analysis.extract.document import NEEDS_SYNTAX
from tests.paths import ROOT



# --------------------------------------------------------------------------- helpers

def assert_same_tables(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    """Equal frames (exact) and byte-identical CSV files."""
    assert sorted(left) == sorted(right)
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], check_exact=True, obj=name)
    a, b = tmp_path / "csv-left", tmp_path / "csv-right"
    a.mkdir()
    b.mkdir()
    write_tables(left, a, formats=("csv",))
    write_tables(right, b, formats=("csv",))
    for path in sorted(a.glob("*.csv")):
        assert path.read_bytes() == (b / path.name).read_bytes(), path.name


def warnings_in(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("warning:")]


def row_cache_for(cache_dir: Path) -> RowCache:
    return RowCache(*worker_state(), cache_dir)


def entry_with_hash(entry: dict) -> dict:
    """``entry`` with its sha256 recomputed over its (possibly altered) rows."""
    payload = cache_module._canonical_json(entry["rows"]).encode("ascii")
    return {**entry, "sha256": hashlib.sha256(payload).hexdigest()}


class CreatesMarker:
    """A pickle payload that, when unpickled, writes ``marker`` (a stand-in for any command)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({str(self.marker)!r}, 'w').write('code ran')",))


@pytest.fixture(scope="module")
def uncached(seed_corpus) -> dict[str, pd.DataFrame]:
    """The seed tables without any cache: what every cached run must reproduce."""
    return extract_corpus(seed_corpus, cache=False, n_process=1)


@pytest.fixture(scope="module")
def warm_cache(seed_corpus, tmp_path_factory) -> Path:
    """A cache folder filled by one cold run over the seeds (tests work on copies)."""
    folder = tmp_path_factory.mktemp("warm") / "cache"
    extract_corpus(seed_corpus, cache_dir=folder, n_process=1)
    return folder


@pytest.fixture
def cache_copy(warm_cache, tmp_path) -> Path:
    folder = tmp_path / "cache"
    shutil.copytree(warm_cache, folder)
    return folder


@pytest.fixture(scope="module")
def short_corpus(seed_corpus) -> Corpus:
    """The shortest seed document alone (fast to parse)."""
    return Corpus([min(seed_corpus, key=lambda d: len(d.text))])


# --------------------------------------------------------------------------- data, not code

def test_no_pickle_in_the_package():
    sources = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "analysis").glob("*.py")}
    users = [name for name, text in sources.items() if "import pickle" in text or "pickle.load" in text]
    assert users == []


def test_warm_run_gives_identical_tables_and_csv_bytes(seed_corpus, uncached, cache_copy, tmp_path):
    entries = sorted((cache_copy / "rows").glob("*.json"))
    assert len(entries) == len(seed_corpus)
    assert not list((cache_copy / "rows").glob("*.pickle"))
    before = {p: p.stat().st_mtime_ns for p in entries}
    warm = extract_corpus(seed_corpus, cache_dir=cache_copy, n_process=1)
    assert {p: p.stat().st_mtime_ns for p in entries} == before, "read, not rewritten"
    assert_same_tables(uncached, warm, tmp_path)


def test_planted_pickle_entry_is_never_run(seed_corpus, uncached, cache_copy, tmp_path):
    marker = tmp_path / "MARKER"
    payload = pickle.dumps(CreatesMarker(marker))
    pickle.loads(payload)  # the payload is live: unpickling it writes the marker
    assert marker.exists()
    marker.unlink()
    cache = row_cache_for(cache_copy)
    target = cache.path(seed_corpus.documents[0])
    target.write_bytes(payload)  # at the exact path the row cache reads
    tables = extract_corpus(seed_corpus, cache_dir=cache_copy, n_process=1)
    assert not marker.exists()
    assert_same_tables(uncached, tables, tmp_path)
    assert json.loads(target.read_bytes())["format"] == cache_module.ROW_CACHE_FORMAT, "rebuilt"


def _forge_actor(entry: dict) -> dict:
    table = entry["rows"]["actor_mentions"]
    column = table["columns"][0].index("actor_id")
    table["rows"][0][1 + column] = "FORGED_ACTOR"
    return entry


def test_consistent_forgery_would_change_the_tables(seed_corpus, uncached, cache_copy):
    """Control for the next test: a forged entry with the right key and hash is read
    (only the folder's permissions keep forgers out), so rejecting it matters."""
    document = seed_corpus.documents[0]
    target = row_cache_for(cache_copy).path(document)
    target.write_text(json.dumps(entry_with_hash(_forge_actor(json.loads(target.read_bytes())))))
    forged = extract_corpus(seed_corpus, cache_dir=cache_copy, n_process=1)
    assert "FORGED_ACTOR" in set(forged["actor_mentions"]["actor_id"])
    assert "FORGED_ACTOR" not in set(uncached["actor_mentions"]["actor_id"])


@pytest.mark.parametrize("forge", ["stale hash", "other key", "other doc_id", "other format"])
def test_forged_entry_is_rejected_and_rewritten(seed_corpus, uncached, cache_copy, tmp_path, forge):
    document, other = seed_corpus.documents[0], seed_corpus.documents[1]
    cache = row_cache_for(cache_copy)
    target = cache.path(document)
    original = json.loads(target.read_bytes())
    entry = _forge_actor(json.loads(target.read_bytes()))  # rows altered, hash left as it was
    if forge == "other key":
        entry = entry_with_hash({**entry, "key": cache.key(other)})
    elif forge == "other doc_id":
        entry = entry_with_hash({**entry, "doc_id": other.doc_id})
    elif forge == "other format":
        entry = entry_with_hash({**entry, "format": "analysis-rows/1"})
    target.write_text(json.dumps(entry))
    tables = extract_corpus(seed_corpus, cache_dir=cache_copy, n_process=1)
    assert_same_tables(uncached, tables, tmp_path)
    assert json.loads(target.read_bytes()) == original, "the entry was rebuilt"


def _drop_table(entry: dict) -> None:
    del entry["rows"]["quotes"]


def _short_row(entry: dict) -> None:
    entry["rows"]["actor_mentions"]["rows"][0].pop()


def _bad_column_index(entry: dict) -> None:
    entry["rows"]["actor_mentions"]["rows"][0][0] = 99


def _unknown_tag(entry: dict) -> None:
    entry["rows"]["actor_mentions"]["rows"][0][1] = {"$": "np", "t": "object", "v": 1}


@pytest.mark.parametrize("damage", [_drop_table, _short_row, _bad_column_index, _unknown_tag])
def test_misshapen_entry_with_matching_hash_is_rebuilt(seed_corpus, uncached, cache_copy, tmp_path, damage):
    target = row_cache_for(cache_copy).path(seed_corpus.documents[0])
    original = target.read_bytes()
    entry = json.loads(original)
    damage(entry)
    target.write_text(json.dumps(entry_with_hash(entry)))
    tables = extract_corpus(seed_corpus, cache_dir=cache_copy, n_process=1)
    assert_same_tables(uncached, tables, tmp_path)
    assert target.read_bytes() == original


@pytest.mark.parametrize("cut", ["half", "empty", "not json"])
def test_truncated_entry_is_rebuilt(seed_corpus, uncached, cache_copy, tmp_path, cut):
    target = row_cache_for(cache_copy).path(seed_corpus.documents[2])
    original = target.read_bytes()
    target.write_bytes({"half": original[: len(original) // 2], "empty": b"", "not json": b"\x80\x04junk"}[cut])
    tables = extract_corpus(seed_corpus, cache_dir=cache_copy, n_process=1)
    assert_same_tables(uncached, tables, tmp_path)
    assert target.read_bytes() == original


def test_row_values_round_trip_exactly(tmp_path):
    rows = {name: [] for name in cache_module.ROW_TABLES}
    rows["quotes"] = [
        {"a": (1, "x", None), "b": math.nan, "c": np.int64(7), "d": [[1, 2], [3.5, None]], "e": -0.0},
        {"a": None, "b": math.inf, "c": np.float32(0.1), "d": {"k": (1,)}, "e": np.bool_(True),
         "f": "lone \udc80 surrogate", "g": -math.inf, "h": np.uint64(2**64 - 1), "i": True, "j": 2**70},
    ]
    back = decode_rows(json.loads(cache_module._canonical_json(encode_rows(rows))))

    def same(x, y):
        if isinstance(x, float) and math.isnan(x):
            return type(x) is type(y) and math.isnan(y)
        if isinstance(x, (list, tuple)):
            return type(x) is type(y) and len(x) == len(y) and all(same(a, b) for a, b in zip(x, y))
        if isinstance(x, dict):
            return type(y) is dict and list(x) == list(y) and all(same(x[k], y[k]) for k in x)
        return type(x) is type(y) and x == y and str(x) == str(y)

    assert same(rows, back)
    a, b = pd.DataFrame(rows["quotes"]), pd.DataFrame(back["quotes"])
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert a.to_csv(index=False) == b.to_csv(index=False)


def test_a_value_json_cannot_keep_is_not_cached(short_corpus, tmp_path, capfd):
    cache = row_cache_for(tmp_path / "cache")
    document = short_corpus.documents[0]
    rows = {name: [] for name in cache_module.ROW_TABLES}
    rows["quotes"] = [{"when": {1, 2}}]  # a set: JSON would give back something else
    with pytest.raises(TypeError):
        encode_rows(rows)
    cache.save(document, rows)
    assert not cache.path(document).exists()
    assert len(warnings_in(capfd.readouterr().err)) == 1


# --------------------------------------------------------------------------- unusable caches

def test_unwritable_cache_folder_cli_warns_once_and_writes_tables(seed_dir, uncached, tmp_path):
    corpus_copy = tmp_path / "seeds_copy"
    shutil.copytree(seed_dir, corpus_copy)
    blocker = tmp_path / "blocker"
    blocker.write_text("a regular file, so nothing can be created under it\n")
    cache_dir = blocker / "cache"
    out = tmp_path / "OUT"
    env = {**os.environ, "ANALYSIS_CACHE_DIR": str(cache_dir), "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "tables", str(corpus_copy), "--out", str(out), "--quiet"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    lines = warnings_in(done.stderr)
    assert len(lines) == 1 and str(cache_dir) in lines[0] and "running without it" in lines[0], done.stderr
    expected = tmp_path / "expected"
    expected.mkdir()
    write_tables(uncached, expected, formats=("csv",))
    for path in sorted(expected.glob("*.csv")):
        assert (out / path.name).read_bytes() == path.read_bytes(), path.name
    assert blocker.read_text().startswith("a regular file")


@pytest.mark.parametrize("n_process", [1, 2])
def test_parse_entry_replaced_by_a_folder(seed_corpus, uncached, cache_copy, tmp_path, capfd, n_process):
    shutil.rmtree(cache_copy / "rows")  # so the parse cache is read
    nlp = worker_state()[0]
    # the entry extract_corpus reads: parsed with the syntax the quote finder asks for
    entry = cache_paths(seed_corpus, nlp, cache_copy, NEEDS_SYNTAX.version)[seed_corpus.documents[1].doc_id]
    entry.unlink()
    (entry / "inside").mkdir(parents=True)
    capfd.readouterr()
    tables = extract_corpus(seed_corpus, cache_dir=cache_copy, n_process=n_process)
    lines = warnings_in(capfd.readouterr().err)  # workers included: capfd reads file descriptor 2
    assert len(lines) == 1 and str(cache_copy) in lines[0] and entry.name in lines[0], lines
    assert_same_tables(uncached, tables, tmp_path)
    assert entry.is_dir()


def test_row_entry_replaced_by_a_folder(seed_corpus, uncached, cache_copy, tmp_path, capfd):
    entry = row_cache_for(cache_copy).path(seed_corpus.documents[3])
    entry.unlink()
    entry.mkdir()
    capfd.readouterr()
    tables = extract_corpus(seed_corpus, cache_dir=cache_copy, n_process=1)
    assert len(warnings_in(capfd.readouterr().err)) == 1
    assert_same_tables(uncached, tables, tmp_path)


def test_parse_cache_write_failure_warns_once(short_corpus, nlp, tmp_path, capfd):
    from analysis.nlp import iter_parsed

    folder = tmp_path / "cache"
    entry = cache_paths(short_corpus, nlp, folder)[short_corpus.documents[0].doc_id]
    (entry / "x").mkdir(parents=True)
    capfd.readouterr()
    fresh = list(iter_parsed(short_corpus, nlp, cache_dir=folder))
    assert len(warnings_in(capfd.readouterr().err)) == 1
    assert [d.text for _, d in fresh[0][1]] == [s.clean_text for s in short_corpus.documents[0].sentences]


def test_shared_cache_folder_is_refused(short_corpus, tmp_path, capfd):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    capfd.readouterr()
    extract_corpus(short_corpus, cache_dir=shared, n_process=1)
    lines = warnings_in(capfd.readouterr().err)
    assert len(lines) == 1 and "writable by group and others" in lines[0]
    assert list(shared.iterdir()) == [], "nothing written in a folder others can write"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a folder away")
def test_cache_folder_of_another_user_is_refused(short_corpus, tmp_path, capfd):
    foreign = tmp_path / "foreign"
    foreign.mkdir(mode=0o700)
    os.chown(foreign, 54321, 54321)
    capfd.readouterr()
    extract_corpus(short_corpus, cache_dir=foreign, n_process=1)
    lines = warnings_in(capfd.readouterr().err)
    assert len(lines) == 1 and "owned by another user" in lines[0]
    assert list(foreign.iterdir()) == []


def test_default_cache_folder_is_private(short_corpus, tmp_path, monkeypatch):
    monkeypatch.delenv("ANALYSIS_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    old_umask = os.umask(0o002)  # even with a permissive umask
    try:
        extract_corpus(short_corpus, n_process=1)
    finally:
        os.umask(old_umask)
    folder = tmp_path / "xdg" / "political-discourse-analysis"
    assert folder.stat().st_mode & 0o777 == 0o700
    assert (folder / "rows").stat().st_mode & 0o777 == 0o700
    assert len(list(folder.glob("*.spacy"))) == 1 and len(list((folder / "rows").glob("*.json"))) == 1


def test_cache_write_failing_mid_run_warns_once(short_corpus, tmp_path, capfd, monkeypatch):
    """A disk that fills up after the folder was checked: one warning, rows still right."""
    import errno

    import analysis.cache

    def disk_full(path, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    expected = extract_corpus(short_corpus, cache=False, n_process=1)
    monkeypatch.setattr(analysis.cache, "write_atomic", disk_full)
    capfd.readouterr()
    tables = extract_corpus(short_corpus, cache_dir=tmp_path / "cache", n_process=1)
    lines = warnings_in(capfd.readouterr().err)
    assert len(lines) == 1 and "No space left on device" in lines[0], lines
    assert_same_tables(expected, tables, tmp_path)
    assert not list((tmp_path / "cache").rglob("*.spacy")) and not list((tmp_path / "cache").rglob("*.json"))
