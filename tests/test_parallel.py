"""Parallel paths give the single-process tables; tables round-trip through load_tables."""

from __future__ import annotations

import shutil
import sys

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.tables import extract_corpus
from analysis.output import write_tables
from analysis.parallel import (
    AUTO_MIN_WORDS,
    DaskNotInstalled,
    _import_dask,
    _partition_bounds,
    auto_n_process,
    write_partitioned,
)
from analysis.tables import load_tables, structure_tables


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


@pytest.fixture(scope="module")
def single(seed_corpus, tmp_path_factory) -> dict[str, pd.DataFrame]:
    """Every table of the seeds from one process, with a fresh parse cache."""
    cache = tmp_path_factory.mktemp("cache-single")
    tables = structure_tables(seed_corpus)
    tables.update(extract_corpus(seed_corpus, cache_dir=cache, n_process=1))
    return tables


def test_two_processes_equal_one(seed_corpus, single, tmp_path):
    cold = structure_tables(seed_corpus)
    cold.update(extract_corpus(seed_corpus, cache_dir=tmp_path, n_process=2))
    assert_tables_equal(single, cold)
    assert any(tmp_path.glob("*.spacy")), "workers write the parse cache"
    assert len(list((tmp_path / "rows").glob("*.json"))) == len(seed_corpus), "and the row cache"
    shutil.rmtree(tmp_path / "rows")  # workers now read the parses and extract again
    warm = structure_tables(seed_corpus)
    warm.update(extract_corpus(seed_corpus, cache_dir=tmp_path, n_process=2))
    assert_tables_equal(single, warm)


def test_spawned_workers_equal_one(seed_corpus, single, monkeypatch):
    """Where workers cannot be forked (macOS, Windows, a Jupyter kernel) they are spawned."""
    import analysis.parallel

    monkeypatch.setattr(analysis.parallel, "_start_method", lambda: "spawn")
    spawned = structure_tables(seed_corpus)
    spawned.update(extract_corpus(seed_corpus, cache=False, n_process=2))
    assert_tables_equal(single, spawned)


def test_row_cache_second_run(seed_corpus, single, tmp_path):
    first = extract_corpus(seed_corpus, cache_dir=tmp_path, n_process=1)
    entries = sorted((tmp_path / "rows").glob("*.json"))
    assert len(entries) == len(seed_corpus)
    entries[0].write_bytes(b"truncated")  # a damaged entry is extracted again
    second = extract_corpus(seed_corpus, cache_dir=tmp_path, n_process=1)
    for name, frame in first.items():
        pd.testing.assert_frame_equal(frame, single[name], check_exact=True, obj=name)
        pd.testing.assert_frame_equal(second[name], single[name], check_exact=True, obj=name)
    assert entries[0].read_bytes() != b"truncated"


def test_dask_equals_single_process(seed_dir, single, tmp_path):
    pytest.importorskip("distributed")
    from analysis.parallel import extract_with_dask

    out = tmp_path / "out"
    written = extract_with_dask(seed_dir, out, npartitions=3, cache_dir=tmp_path / "cache")
    assert sorted(written) == sorted(single)
    assert all((out / name).is_dir() and any((out / name).glob("part.*.parquet")) for name in written)
    assert_tables_equal(single, load_tables(out))


def test_load_tables_round_trip(single, tmp_path):
    files = tmp_path / "files"
    files.mkdir()
    write_tables(single, files)  # CSV and Parquet side by side: Parquet is read
    assert_tables_equal(single, load_tables(files))
    parts = tmp_path / "parts"
    write_partitioned(single, parts, parts=3)
    assert len(list((parts / "sentences").glob("*.parquet"))) == 3
    assert_tables_equal(single, load_tables(parts))
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


def test_partitioned_parts_never_split_a_document(single, tmp_path):
    write_partitioned({"actor_mentions": single["actor_mentions"]}, tmp_path, parts=4)
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
        bounds = _partition_bounds(weights, parts)
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
    from analysis import extract

    root = tmp_path / "pkg"
    (root / "data").mkdir(parents=True)
    (root / "extract.py").write_text("from .actors import x\nfrom . import lexicon\n")
    (root / "actors.py").write_text("from .helper import y\n")
    (root / "helper.py").write_text("y = 1\n")
    (root / "lexicon.py").write_text("")
    (root / "bench.py").write_text("from .extract import z\n")
    assert extract._package_imports(root / "extract.py") == {"actors", "lexicon"}
    assert extract._package_imports(root / "actors.py") == {"helper"}
    monkeypatch.setattr(extract, "__file__", str(root / "extract.py"))
    extract.code_version.cache_clear()
    try:
        before = extract.code_version()
        (root / "bench.py").write_text("# not extraction code\n")
        extract.code_version.cache_clear()
        assert extract.code_version() == before
        (root / "helper.py").write_text("y = 2\n")  # imported indirectly: rows are stale
        extract.code_version.cache_clear()
        assert extract.code_version() != before
    finally:
        extract.code_version.cache_clear()


def test_row_cache_key_follows_subpackages(monkeypatch, tmp_path):
    """A module that became a package (analysis/quotes/) is still hashed, all of it."""
    from analysis import extract

    root = tmp_path / "pkg"
    (root / "data").mkdir(parents=True)
    (root / "quotes").mkdir()
    (root / "extract.py").write_text("from .quotes import q\n")
    (root / "quotes" / "__init__.py").write_text("from .inner import q\n")
    (root / "quotes" / "inner.py").write_text("from ..helper import y\nq = 1\n")
    (root / "helper.py").write_text("y = 1\n")
    assert extract._package_imports(root / "quotes" / "inner.py", depth=2) == {"helper"}
    monkeypatch.setattr(extract, "__file__", str(root / "extract.py"))
    monkeypatch.setattr(extract, "ROW_CODE_ROOTS", ("extract",))
    extract.code_version.cache_clear()
    try:
        versions = [extract.code_version()]
        for path, text in [(root / "quotes" / "inner.py", "from ..helper import y\nq = 2\n"),
                           (root / "helper.py", "y = 2\n")]:
            path.write_text(text)
            extract.code_version.cache_clear()
            versions.append(extract.code_version())
        assert len(set(versions)) == 3
    finally:
        extract.code_version.cache_clear()
