"""The second run reads, it does not recompute: no model loaded, the assembled tables read
back (``TableCache``), and the key still honest: a change of text, register, lexicon,
model or code makes the cached tables unused."""

from __future__ import annotations

import json
import subprocess
import sys
import zlib

import numpy as np
import pandas as pd
import pytest

import analysis.cache as cache_module
import analysis.nlp as nlp_module
import analysis.tables.build as build_module
from analysis.cache import TABLE_CACHE_FORMAT, RowCache, pipeline_fingerprint
from analysis.corpus import corpus_from_texts
from analysis.lexicon import DEFAULT_LEXICON_PATH
from analysis.nlp import nlp_fingerprint
from analysis.register import DEFAULT_PATH as DEFAULT_REGISTER
from analysis.tables.build import extract_corpus
from tests.paths import ROOT, SEEDS

TEXTS = {
    "briefing": "Sergey Lavrov said that security in Europe is indivisible. NATO rejected the proposal.\n",
    "report": "The Kremlin proposed a treaty on mutual non-aggression guarantees with China.\n",
}


def same_tables(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> bool:
    return sorted(left) == sorted(right) and all(left[name].equals(right[name]) and
                                                 list(left[name].dtypes) == list(right[name].dtypes)
                                                 for name in left)


@pytest.fixture
def count_assembly(monkeypatch):
    """How many times the tables were assembled from rows (not read from the table cache)."""
    calls = []
    real = build_module.assemble_tables

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "assemble_tables", counting)
    return calls


@pytest.fixture
def count_extraction(monkeypatch):
    """How many documents were extracted (not read from the row cache)."""
    calls = []
    real = build_module.extract_document

    def counting(document, *args, **kwargs):
        calls.append(document.doc_id)
        return real(document, *args, **kwargs)

    monkeypatch.setattr(build_module, "extract_document", counting)
    return calls


# --------------------------------------------------------------------------- no model needed

def test_fingerprint_read_from_the_installed_meta_is_the_loaded_pipelines(nlp):
    assert nlp_fingerprint() == pipeline_fingerprint(nlp)


def test_fingerprint_follows_the_model_version_and_the_exclude_list(monkeypatch):
    installed = nlp_module.installed_model_meta()
    assert installed is not None
    default = nlp_fingerprint()
    assert nlp_fingerprint(exclude=("senter", "parser")) != default  # other components run
    monkeypatch.setattr(nlp_module, "installed_model_meta", lambda: {**installed, "version": "9.9.9"})
    assert nlp_fingerprint() != default


def test_second_run_in_a_fresh_process_loads_no_model_and_gives_the_same_tables(tmp_path):
    """Run twice in separate processes: the second imports no spaCy at all."""
    script = """
import json, sys
from pathlib import Path
from analysis.corpus import load_corpus
from analysis.tables.io import write_tables
from analysis.workflow import corpus_tables
corpus = load_corpus(sys.argv[1])
tables = corpus_tables(corpus, n_process=1)
write_tables(tables, Path(sys.argv[2]), formats=("csv",))
print(json.dumps({"spacy": "spacy" in sys.modules}))
"""
    env_cache = {"ANALYSIS_CACHE_DIR": str(tmp_path / "cache")}
    results = []
    for run in ("cold", "warm"):
        out = tmp_path / run
        out.mkdir()
        done = subprocess.run([sys.executable, "-c", script, str(SEEDS), str(out)], cwd=ROOT,
                              capture_output=True, text=True, env={**_environment(), **env_cache})
        assert done.returncode == 0, done.stderr
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    assert results == [{"spacy": True}, {"spacy": False}]
    cold = {p.name: p.read_bytes() for p in (tmp_path / "cold").glob("*.csv")}
    warm = {p.name: p.read_bytes() for p in (tmp_path / "warm").glob("*.csv")}
    assert cold and cold == warm
    assert len(list((tmp_path / "cache" / "tables").glob("*.tables"))) == 1
    assert len(list((tmp_path / "cache" / "structure").glob("*.json"))) == len(list(SEEDS.glob("*.txt")))


def _environment() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "ANALYSIS_CACHE_DIR"}


# --------------------------------------------------------------------------- the table cache

def test_table_entry_is_json_data_and_read_back_exactly(tmp_path, count_assembly):
    corpus = corpus_from_texts(TEXTS)
    uncached = extract_corpus(corpus, cache=False, n_process=1)
    cold = extract_corpus(corpus, cache_dir=tmp_path, n_process=1)
    warm = extract_corpus(corpus, cache_dir=tmp_path, n_process=1)
    assert len(count_assembly) == 2  # the uncached run and the cold one; the warm run read
    assert same_tables(uncached, cold) and same_tables(uncached, warm)
    assert list(warm) == list(uncached)
    (entry,) = (tmp_path / "tables").glob("*.tables")
    head, _, body = entry.read_bytes().partition(b"\n")
    header = json.loads(head)
    assert header["format"] == TABLE_CACHE_FORMAT and [t[0] for t in header["tables"]] == list(uncached)
    stored = json.loads(zlib.decompress(body[:header["tables"][0][1]]))  # JSON data, not pickle
    assert stored["rows"] == len(uncached[header["tables"][0][0]])


@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "other key", "not json"])
def test_damaged_table_entry_is_assembled_again(tmp_path, count_assembly, damage):
    corpus = corpus_from_texts(TEXTS)
    cold = extract_corpus(corpus, cache_dir=tmp_path, n_process=1)
    (entry,) = (tmp_path / "tables").glob("*.tables")
    data = entry.read_bytes()
    head, _, body = data.partition(b"\n")
    if damage == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "flipped byte":
        entry.write_bytes(head + b"\n" + body[:100] + bytes([body[100] ^ 0xFF]) + body[101:])
    elif damage == "other key":
        entry.write_bytes(json.dumps({**json.loads(head), "key": "0" * 64}).encode() + b"\n" + body)
    else:
        entry.write_bytes(b"\x80\x04not json\n" + body)
    warm = extract_corpus(corpus, cache_dir=tmp_path, n_process=1)
    assert len(count_assembly) == 2, "the damaged entry was not used"
    assert same_tables(cold, warm)
    assert entry.read_bytes() == data, "and written again"


def test_changed_text_is_extracted_again(tmp_path, count_extraction):
    extract_corpus(corpus_from_texts(TEXTS), cache_dir=tmp_path, n_process=1)
    count_extraction.clear()
    changed = {**TEXTS, "report": TEXTS["report"].replace("China", "India")}
    tables = extract_corpus(corpus_from_texts(changed), cache_dir=tmp_path, n_process=1)
    assert count_extraction == ["report"]
    assert same_tables(tables, extract_corpus(corpus_from_texts(changed), cache=False, n_process=1))
    assert "IND" in set(tables["actor_mentions"]["actor_id"])


def test_changed_lexicon_gives_other_tables(tmp_path, count_assembly):
    import yaml

    corpus = corpus_from_texts(TEXTS)
    before = extract_corpus(corpus, cache_dir=tmp_path, n_process=1)
    found = set(before["frame_mentions"]["frame_id"])
    assert found, "the texts mention a frame"
    # The same lexicon without one of the frames found: its mentions must disappear.
    data = yaml.safe_load(DEFAULT_LEXICON_PATH.read_text(encoding="utf-8"))
    dropped = sorted(found)[0]
    data["frames"] = [frame for frame in data["frames"] if frame["id"] != dropped]
    lexicon = tmp_path / "frames.yaml"
    lexicon.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    after = extract_corpus(corpus, cache_dir=tmp_path, n_process=1, lexicon_path=lexicon)
    assert dropped not in set(after["frame_mentions"]["frame_id"])
    assert len(count_assembly) == 2


def test_changed_register_gives_other_tables(tmp_path, count_assembly):
    corpus = corpus_from_texts({"note": "The Borealis Institute welcomed the treaty.\n"})
    before = extract_corpus(corpus, cache_dir=tmp_path, n_process=1)
    register = tmp_path / "actors.yaml"
    text = DEFAULT_REGISTER.read_text(encoding="utf-8")
    entry = ("  - id: TEST_BOREALIS\n    name: Borealis Institute\n    type: institution\n")
    assert "\nactors:\n" in text
    register.write_text(text.replace("\nactors:\n", "\nactors:\n" + entry, 1), encoding="utf-8")
    after = extract_corpus(corpus, cache_dir=tmp_path, n_process=1, register_path=register)
    assert "TEST_BOREALIS" not in set(before["actor_mentions"]["actor_id"])
    assert "TEST_BOREALIS" in set(after["actor_mentions"]["actor_id"])
    assert len(count_assembly) == 2


def test_changed_model_version_extracts_again(tmp_path, monkeypatch, count_extraction):
    corpus = corpus_from_texts(TEXTS)
    extract_corpus(corpus, cache_dir=tmp_path, n_process=1)
    installed = nlp_module.installed_model_meta()
    monkeypatch.setattr(nlp_module, "installed_model_meta", lambda: {**installed, "version": "9.9.9"})
    count_extraction.clear()
    extract_corpus(corpus, cache_dir=tmp_path, n_process=1)
    assert sorted(count_extraction) == sorted(TEXTS)


def test_changed_assembly_code_assembles_again(tmp_path, monkeypatch, count_assembly, count_extraction):
    corpus = corpus_from_texts(TEXTS)
    extract_corpus(corpus, cache_dir=tmp_path, n_process=1)
    count_extraction.clear()
    monkeypatch.setattr(cache_module, "assembly_code_version", lambda: "edited")
    extract_corpus(corpus, cache_dir=tmp_path, n_process=1)
    assert len(count_assembly) == 2 and count_extraction == []  # rows read, tables assembled
    assert len(list((tmp_path / "tables").glob("*.tables"))) == 2


def test_assembly_code_version_follows_the_tables_code(monkeypatch, tmp_path):
    root = tmp_path / "analysis"
    (root / "data").mkdir(parents=True)
    (root / "tables").mkdir()
    (root / "tables" / "__init__.py").write_text("")
    (root / "tables" / "build.py").write_text("from analysis.helper import y\n")
    (root / "helper.py").write_text("y = 1\n")
    monkeypatch.setattr(cache_module, "__file__", str(root / "cache.py"))
    monkeypatch.setattr(cache_module, "ROW_CODE_ROOTS", ())
    cache_module.assembly_code_version.cache_clear()
    try:
        before = cache_module.assembly_code_version()
        (root / "helper.py").write_text("y = 2\n")  # imported by the assembly code
        cache_module.assembly_code_version.cache_clear()
        assert cache_module.assembly_code_version() != before
    finally:
        cache_module.assembly_code_version.cache_clear()


def test_row_cache_accepts_the_fingerprint_instead_of_the_pipeline(nlp, register, tmp_path):
    from analysis.lexicon import cached_lexicon

    document = corpus_from_texts(TEXTS)["report"]
    lexicon = cached_lexicon()
    assert RowCache(nlp, register, lexicon, tmp_path).key(document) == \
        RowCache(nlp_fingerprint(), register, lexicon, tmp_path).key(document)


def test_table_format_gives_every_column_kind_back_exactly():
    frame = pd.DataFrame({
        "doc_id": ["kremlin-1", "kremlin-1", None, "Москва «мир»", "\ud800 lone surrogate"],
        "start": np.array([0, 5, -9, 2**62, 7], dtype=np.int64),
        "ambiguous": [True, False, True, False, False],
        "confidence": [0.1, float("nan"), float("inf"), -0.0, 1 / 3],
        "quote_id": pd.array([1, None, 2, None, 3], dtype="Int64"),
        "none_at_all": [None] * 5,
    })
    frame.attrs["linked_share"] = float("nan")
    for table in (frame, frame.iloc[:0].reset_index(drop=True), frame[[]]):
        back = cache_module._table_from_bytes(cache_module._table_bytes(table))
        assert back.equals(table) and list(back.dtypes) == list(table.dtypes)
        assert list(back.columns) == list(table.columns) and len(back) == len(table)
    back = cache_module._table_from_bytes(cache_module._table_bytes(frame))
    assert np.signbit(back["confidence"][3]) and back["confidence"][4] == 1 / 3
    assert back["doc_id"][0] is back["doc_id"][1]  # a repeated value is one string again
    assert list(back.attrs) == ["linked_share"] and np.isnan(back.attrs["linked_share"])


@pytest.mark.parametrize("table", [
    pd.DataFrame({"cues": [["said"], []]}),
    pd.DataFrame({"n": [1, "2"]}),
    pd.DataFrame({"kind": pd.Categorical(["a", "b"])}),
    pd.DataFrame({"when": pd.to_datetime(["2022-01-01", "2022-01-02"])}),
    pd.DataFrame({"n": [1, 2]}, index=[5, 6]),
    pd.DataFrame({0: [1, 2]}),
    pd.DataFrame([[1, 2]], columns=["n", "n"]),
], ids=["lists", "mixed objects", "category", "datetime", "index", "int column name", "repeated name"])
def test_table_format_refuses_what_it_would_not_give_back(table):
    assert cache_module._table_bytes(table) is None


def test_table_format_refuses_attrs_json_would_change():
    frame = pd.DataFrame({"n": [1]})
    frame.attrs["undated"] = ["doc-1"]
    assert cache_module._table_bytes(frame) is None


@pytest.mark.parametrize("damage", ["negative code", "short column", "unknown kind"])
def test_table_bytes_it_did_not_write_are_refused(damage):
    stored = json.loads(zlib.decompress(cache_module._table_bytes(pd.DataFrame({"id": ["a", "b"], "n": [1, 2]}))))
    if damage == "negative code":
        stored["columns"][0]["codes"] = [0, -1]
    elif damage == "short column":
        stored["columns"][1]["values"] = [1]
    else:
        stored["columns"][1]["kind"] = "object_dtype_of_code"
    with pytest.raises(ValueError):
        cache_module._table_from_bytes(zlib.compress(json.dumps(stored).encode("ascii")))
