"""The benchmark's pieces that need no timing: the sample the `tables` command is timed
on, the command's measurement, and the report of every ratio issue 14 names."""

from __future__ import annotations

import sys

import pytest

from analysis.bench import COMMAND_PHASES, GOALS, format_report, measure_tables_command, sample_folder
from analysis.corpus import load_corpus


def write_corpus(folder, n_documents: int, words_each: int):
    folder.mkdir()
    for k in range(n_documents):
        sentence = " ".join(["peace"] * (words_each - 1)) + " treaty."
        (folder / f"doc{k:02d}.txt").write_text(f"Statement number {k}\n\n{sentence}\n", encoding="utf-8")
    return load_corpus(folder, cache=False)


def test_small_corpus_is_timed_as_given(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 4, 50)
    folder, stats = sample_folder(corpus, 10_000, tmp_path / "sample")
    assert folder == tmp_path / "corpus" and not (tmp_path / "sample").exists()
    assert stats == {"documents": 4, "words": sum(d.n_words for d in corpus)}


def test_large_corpus_is_sampled_every_kth_document(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 20, 100)
    per_document = corpus.documents[0].n_words
    folder, stats = sample_folder(corpus, 5 * per_document, tmp_path / "sample")
    assert folder == tmp_path / "sample"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["doc00.txt", "doc04.txt", "doc08.txt", "doc12.txt", "doc16.txt"]
    assert stats == {"documents": 5, "words": 5 * per_document}
    assert (folder / "doc04.txt").read_bytes() == (tmp_path / "corpus" / "doc04.txt").read_bytes()


def test_tables_command_is_measured_and_a_failure_is_an_error(tmp_path):
    corpus_dir = tmp_path / "corpus"
    write_corpus(corpus_dir, 2, 20)
    result = measure_tables_command(corpus_dir, tmp_path / "out", tmp_path / "cache", n_process=1)
    assert result["seconds"] > 0 and result["peak_rss_mb"] > 10
    assert (tmp_path / "out" / "documents.csv").is_file()
    with pytest.raises(RuntimeError, match="tables"):
        measure_tables_command(tmp_path / "missing", tmp_path / "out2", tmp_path / "cache")


def _phase(seconds: float, **extra) -> dict:
    return {"seconds": seconds, "cpu_seconds": seconds, "n_process": 1, "components": ["ner"],
            "load_seconds": 0.5, "peak_rss_mb": 400.0, "rss_growth_mb": 10.0, "worker_peak_rss_mb": None,
            "words_per_second": 1000.0, **extra}


def test_report_names_every_ratio_of_the_issue():
    figures = {
        "corpus": "kremlin", "repeat": 1, "documents": 126, "sentences": 30000, "words": 750000,
        "corpus_load_seconds": 2.0, "cpus": 2, "load_average": [0.5, 0.6], "python": "3.11",
        "spacy": "3.8", "memory_measure": "peak RSS",
        "command_corpus": {"documents": 26, "words": 150600, "sampled": True},
        "phases": {"spacy_all": _phase(200.0), "spacy_used": _phase(120.0), "extract_cold": _phase(125.0),
                   "extract_warm": _phase(1.0), "tables_cold": _phase(46.0, n_process="auto"),
                   "tables_warm": _phase(2.0, n_process="auto")},
        "summary": {"vs_spacy_all": 1.6, "our_code_seconds": 5.0, "overhead": 0.04, "overhead_cpu": 0.05,
                    "cache_speedup": 125.0, "rerun_speedup": 23.0, "parsed_word_share": 0.41,
                    "parsed_sentence_share": 0.33},
        "goals": GOALS,
    }
    report = format_report(figures)
    assert "`tables` rerun with nothing changed: 2.00 s against 46.00 s cold, 23.0x faster [goal >= 20x: ok]" in report
    assert "a sample of 26 documents, 150,600 words" in report
    assert "the parser read 41% of the words (33% of the sentences)" in report
    assert "1.60x its speed" in report and ">= 1.5x on long transcripts: ok" in report
    for phase in COMMAND_PHASES:
        assert phase not in report.split("model load")[1]  # no model load figure for the commands
    only_commands = {**figures, "phases": {k: v for k, v in figures["phases"].items() if k in COMMAND_PHASES},
                     "summary": {"rerun_speedup": 23.0}}
    assert "model load" not in format_report(only_commands)


def test_bench_runs_the_tables_phases_from_this_interpreter(tmp_path, monkeypatch):
    """The command phases run `python -m analysis` of the interpreter running the bench."""
    calls = []

    class Done(Exception):
        pass

    def fake_popen(command, **kwargs):
        calls.append(command)
        raise Done

    import subprocess

    monkeypatch.setattr(subprocess, "Popen", fake_popen)
    with pytest.raises(Done):
        measure_tables_command(tmp_path, tmp_path / "out", tmp_path / "cache", n_process=2)
    assert calls == [[sys.executable, "-m", "analysis", "tables", str(tmp_path), "--out", str(tmp_path / "out"),
                      "--quiet", "--n-process", "2"]]
