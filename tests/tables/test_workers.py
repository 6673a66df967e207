"""Parallel paths (worker processes, spawned workers, Dask) give the single-process tables
(the session fixture ``seed_tables``); tables round-trip through load_tables."""

from __future__ import annotations

import shutil
import sys

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.corpus import structure_tables
from analysis.measure.network import co_mention_tables
from analysis.tables.build import extract_corpus
from analysis.tables.io import load_tables, partition_bounds, write_partitioned, write_tables
from analysis.tables.workers import AUTO_MIN_WORDS, DaskNotInstalled, _import_dask, auto_n_process
from analysis.workflow import write_tables_with_dask


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in a canonical order (every column, as strings), so only content is compared."""
    if not len(frame.columns):
        return frame
    keys = frame.astype(str)
    order = keys.sort_values(list(keys.columns), kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def assert_tables_equal(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> None:
    assert sorted(left) == sorted(right)
    for name in left:
        # Same rows in the same order, and the same content whatever the order.
        pd.testing.assert_frame_equal(left[name], right[name], check_exact=True, obj=name)
        pd.testing.assert_frame_equal(_sorted(left[name]), _sorted(right[name]), check_exact=True, obj=name)


def every_table(corpus, **options) -> dict[str, pd.DataFrame]:
    """The tables ``seed_tables`` holds (structure, extracted, co-mentions), extracted with ``options``."""
    tables = structure_tables(corpus)
    tables.update(extract_corpus(corpus, **options))
    tables.update(co_mention_tables(tables["actor_mentions"]))
    return tables


def test_two_processes_equal_one(seed_corpus, seed_tables, tmp_path):
    cold = every_table(seed_corpus, cache_dir=tmp_path, n_process=2)
    assert_tables_equal(seed_tables, cold)
    assert any(tmp_path.glob("*.spacy")), "workers write the parse cache"
    assert len(list((tmp_path / "rows").glob("*.json"))) == len(seed_corpus), "and the row cache"
    shutil.rmtree(tmp_path / "rows")  # workers now read the parses and extract again
    warm = every_table(seed_corpus, cache_dir=tmp_path, n_process=2)
    assert_tables_equal(seed_tables, warm)


def test_spawned_workers_equal_one(seed_corpus, seed_tables, monkeypatch):
    """Where workers cannot be forked (macOS, Windows, a Jupyter kernel) they are spawned."""
    import analysis.tables.workers

    monkeypatch.setattr(analysis.tables.workers, "start_method", lambda: "spawn")
    spawned = every_table(seed_corpus, cache=False, n_process=2)
    assert_tables_equal(seed_tables, spawned)


def test_row_cache_second_run(seed_corpus, seed_tables, tmp_path):
    first = extract_corpus(seed_corpus, cache_dir=tmp_path, n_process=1)
    entries = sorted((tmp_path / "rows").glob("*.json"))
    assert len(entries) == len(seed_corpus)
    entries[0].write_bytes(b"truncated")  # a damaged entry is extracted again
    second = extract_corpus(seed_corpus, cache_dir=tmp_path, n_process=1)
    for name, frame in first.items():
        pd.testing.assert_frame_equal(frame, seed_tables[name], check_exact=True, obj=name)
        pd.testing.assert_frame_equal(second[name], seed_tables[name], check_exact=True, obj=name)
    assert entries[0].read_bytes() != b"truncated"


def test_dask_equals_single_process(seed_dir, seed_tables, tmp_path):
    pytest.importorskip("distributed")
    out = tmp_path / "out"
    written = write_tables_with_dask(seed_dir, out, npartitions=3, cache_dir=tmp_path / "cache")
    assert sorted(written) == sorted(seed_tables)
    assert all((out / name).is_dir() and any((out / name).glob("part.*.parquet")) for name in written)
    assert_tables_equal(seed_tables, load_tables(out))


def test_load_tables_round_trip(seed_tables, tmp_path):
    files = tmp_path / "files"
    files.mkdir()
    write_tables(seed_tables, files)  # CSV and Parquet side by side: Parquet is read
    assert_tables_equal(seed_tables, load_tables(files))
    parts = tmp_path / "parts"
    write_partitioned(seed_tables, parts, parts=3)
    assert len(list((parts / "sentences").glob("*.parquet"))) == 3
    assert_tables_equal(seed_tables, load_tables(parts))
    subset = load_tables(parts, ["frame_mentions", "documents"])
    assert list(subset) == ["frame_mentions", "documents"]


def test_load_tables_csv_only_and_errors(tmp_path):
    frame = pd.DataFrame({"doc_id": ["a", "b"], "start": [0, 5], "text": ["x", "y"]})
    write_tables({"t": frame}, tmp_path, formats=("csv",))
    pd.testing.assert_frame_equal(load_tables(tmp_path)["t"], frame)
    with pytest.raises(InputError, match="does not exist"):
        load_tables(tmp_path / "missing")
    with pytest.raises(InputError, match="no table"):
        load_tables(tmp_path, ["nope"])


def test_partitioned_parts_never_split_a_document(seed_tables, tmp_path):
    write_partitioned({"actor_mentions": seed_tables["actor_mentions"]}, tmp_path, parts=4)
    seen: set[str] = set()
    for part in sorted((tmp_path / "actor_mentions").glob("*.parquet")):
        docs = set(pd.read_parquet(part)["doc_id"])
        assert not docs & seen
        seen |= docs


def test_auto_n_process():
    assert auto_n_process(AUTO_MIN_WORDS - 1, 50) == 1
    assert auto_n_process(10 * AUTO_MIN_WORDS, 1) == 1
    assert 1 <= auto_n_process(10 * AUTO_MIN_WORDS, 2) <= 2


def test_partition_bounds_cover_everything_in_order():
    for weights, parts in [([5, 1, 1, 1, 1, 1], 2), ([1] * 10, 3), ([3, 2, 1], 5), ([0, 0], 2)]:
        bounds = partition_bounds(weights, parts)
        assert bounds[0][0] == 0 and bounds[-1][1] == len(weights)
        assert all(a < b for a, b in bounds)
        assert all(x[1] == y[0] for x, y in zip(bounds, bounds[1:]))
        assert len(bounds) <= min(parts, len(weights))


def test_missing_dask_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    with pytest.raises(DaskNotInstalled, match=r"pip install .*dask"):
        _import_dask()


def test_bench_report_formats(seed_corpus):
    from analysis.bench import format_report, repeated_corpus

    doubled = repeated_corpus(seed_corpus, 2)
    assert len(doubled) == 2 * len(seed_corpus)
    assert len({d.doc_id for d in doubled}) == len(doubled)
    phase = {"seconds": 2.0, "cpu_seconds": 2.0, "n_process": 1, "components": ["ner"],
             "load_seconds": 1.0, "peak_rss_mb": 500.0, "rss_growth_mb": 10.0,
             "worker_peak_rss_mb": None, "words_per_second": 5000.0}
    figures = {
        "corpus": "seeds", "repeat": 2, "documents": 10, "sentences": 700, "words": 10000,
        "corpus_load_seconds": 0.1, "cpus": 2, "load_average": [0.5, 0.6], "python": "3",
        "spacy": "3.8", "memory_measure": "peak RSS",
        "phases": {"spacy_all": phase, "spacy_used": phase,
                   "extract_cold": {**phase, "seconds": 1.9}, "extract_warm": {**phase, "seconds": 0.05}},
        "summary": {"vs_spacy_all": 1.05, "our_code_seconds": -0.1, "overhead": -0.05,
                    "overhead_cpu": 0.0, "cache_speedup": 38.0},
        "goals": {"vs_spacy_all": 1.0, "vs_spacy_all_stretch": 2.0, "overhead": 0.1, "cache_speedup": 20.0},
    }
    report = format_report(figures)
    assert "seeds x2" in report and "38.0x faster" in report and "MISSED" in report


def test_row_cache_key_follows_the_extraction_code(monkeypatch, tmp_path):
    import analysis.cache as cache_module

    root = tmp_path / "analysis"
    (root / "data").mkdir(parents=True)
    (root / "extract.py").write_text("from analysis.actors import x\nfrom analysis import lexicon\n")
    (root / "actors.py").write_text("from analysis.helper import y\n")
    (root / "helper.py").write_text("y = 1\n")
    (root / "lexicon.py").write_text("")
    (root / "bench.py").write_text("from analysis.extract import z\n")
    assert cache_module._package_imports(root / "extract.py") == {"actors", "actors.x", "lexicon"}
    assert cache_module._package_imports(root / "actors.py") == {"helper", "helper.y"}
    monkeypatch.setattr(cache_module, "__file__", str(root / "cache.py"))
    monkeypatch.setattr(cache_module, "ROW_CODE_ROOTS", ("extract",))
    cache_module.code_version.cache_clear()
    try:
        before = cache_module.code_version()
        (root / "bench.py").write_text("# not extraction code\n")
        cache_module.code_version.cache_clear()
        assert cache_module.code_version() == before
        (root / "helper.py").write_text("y = 2\n")  # imported indirectly: rows are stale
        cache_module.code_version.cache_clear()
        assert cache_module.code_version() != before
    finally:
        cache_module.code_version.cache_clear()


def test_row_cache_key_follows_subpackages(monkeypatch, tmp_path):
    """A subpackage (analysis/extract/quotes/) is hashed, all of it, and what it imports."""
    import analysis.cache as cache_module

    root = tmp_path / "analysis"
    (root / "data").mkdir(parents=True)
    (root / "quotes").mkdir()
    (root / "extract.py").write_text("from analysis.quotes import q\n")
    (root / "quotes" / "__init__.py").write_text("from analysis.quotes.inner import q\n")
    (root / "quotes" / "inner.py").write_text("from analysis.helper import y\nq = 1\n")
    (root / "helper.py").write_text("y = 1\n")
    assert cache_module._package_imports(root / "quotes" / "inner.py") == {"helper", "helper.y"}
    monkeypatch.setattr(cache_module, "__file__", str(root / "cache.py"))
    monkeypatch.setattr(cache_module, "ROW_CODE_ROOTS", ("extract",))
    cache_module.code_version.cache_clear()
    try:
        versions = [cache_module.code_version()]
        for path, text in [(root / "quotes" / "inner.py", "from analysis.helper import y\nq = 2\n"),
                           (root / "helper.py", "y = 2\n")]:
            path.write_text(text)
            cache_module.code_version.cache_clear()
            versions.append(cache_module.code_version())
        assert len(set(versions)) == 3
    finally:
        cache_module.code_version.cache_clear()
