"""The segmentation cache: a second load of a corpus reads each document's sentence spans
instead of running the sentencizer, and gives the very same documents; a change of text,
segmentation code or spaCy version, or a damaged entry, segments again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import analysis.corpus.disk_cache as disk_cache
import analysis.corpus.files as files_module
from analysis.corpus import load_corpus

TEXTS = {
    "alpha.txt": "Talks in Geneva\n\nMr. Lavrov met the delegation on Monday. \"We want peace,\" he said.\n"
                 "The talks ended late. No. 3 of the agenda was left open.\n",
    "beta.txt": "Security is indivisible. Nobody may strengthen its security at the expense of others.\n",
}


def corpus_folder(tmp_path: Path, texts: dict[str, str] = TEXTS) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def shape(corpus) -> list:
    """Everything a document's segmentation decides: sentences with offsets and clean text."""
    return [(d.doc_id, [(s.paragraph_id, s.sentence_id, s.start, s.end, s.text, s.clean_text)
                        for s in d.sentences]) for d in corpus]


@pytest.fixture
def splits(monkeypatch):
    """The paragraphs the real sentence splitter was run on."""
    seen: list[str] = []
    real = files_module._split_sentences

    def recording(clean: str):
        seen.append(clean)
        return real(clean)

    monkeypatch.setattr(files_module, "_split_sentences", recording)
    return seen


def test_second_load_reads_the_spans_and_gives_the_same_documents(tmp_path, splits):
    folder, cache = corpus_folder(tmp_path), tmp_path / "cache"
    uncached = load_corpus(folder, cache=False)
    cold = load_corpus(folder, cache_dir=cache)
    assert len(splits) > 2
    splits.clear()
    warm = load_corpus(folder, cache_dir=cache)
    assert splits == []
    assert shape(warm) == shape(cold) == shape(uncached)
    assert [d.meta for d in warm] == [d.meta for d in uncached]
    assert len(list((cache / "structure").glob("*.json"))) == len(TEXTS)


def test_only_the_changed_document_is_segmented_again(tmp_path, splits):
    folder, cache = corpus_folder(tmp_path), tmp_path / "cache"
    load_corpus(folder, cache_dir=cache)
    (folder / "beta.txt").write_text("Security is indivisible. So is peace.\n", encoding="utf-8")
    splits.clear()
    corpus = load_corpus(folder, cache_dir=cache)
    assert splits == ["Security is indivisible. So is peace."]
    assert [s.text for s in corpus["beta"].sentences] == ["Security is indivisible.", "So is peace."]


@pytest.mark.parametrize("version", ["segmentation_version", "tokenizer_version"])
def test_other_segmentation_code_or_spacy_version_segments_again(tmp_path, splits, monkeypatch, version):
    folder, cache = corpus_folder(tmp_path), tmp_path / "cache"
    first = load_corpus(folder, cache_dir=cache)
    splits.clear()
    monkeypatch.setattr(disk_cache, version, lambda: "another version")
    again = load_corpus(folder, cache_dir=cache)
    assert len(splits) > 2
    assert shape(again) == shape(first)
    assert len(list((cache / "structure").glob("*.json"))) == 2 * len(TEXTS)


def _entry(cache: Path) -> Path:
    """beta's entry (its one paragraph's first sentence is 24 characters long)."""
    (entry,) = [p for p in (cache / "structure").glob("*.json")
                if json.loads(p.read_text())["paragraphs"][0][1][0] == [0, 24]]
    return entry


@pytest.mark.parametrize("damage", ["truncated", "spans beyond the text", "not spans", "other key", "empty"])
def test_damaged_entry_is_segmented_again(tmp_path, splits, damage):
    folder, cache = corpus_folder(tmp_path), tmp_path / "cache"
    first = load_corpus(folder, cache_dir=cache)
    entry = _entry(cache)
    data = json.loads(entry.read_text())
    if damage == "truncated":
        entry.write_text(entry.read_text()[:40])
    elif damage == "spans beyond the text":
        data["paragraphs"][0][1] = [[0, 24], [25, 5000]]
        entry.write_text(json.dumps(data))
    elif damage == "not spans":
        data["paragraphs"][0][1] = [["0", 24]]
        entry.write_text(json.dumps(data))
    elif damage == "other key":
        entry.write_text(json.dumps({**data, "key": "0" * 64}))
    else:
        entry.write_text("")
    splits.clear()
    again = load_corpus(folder, cache_dir=cache)
    assert len(splits) == 1  # beta's one paragraph
    assert shape(again) == shape(first)


def test_spans_from_the_cache_are_used_only_for_the_same_clean_text(tmp_path, splits):
    """An entry is found by the document's text, but each paragraph's spans are used only
    if that paragraph's clean text hashes the same (a change in the structure parser)."""
    folder, cache = corpus_folder(tmp_path), tmp_path / "cache"
    first = load_corpus(folder, cache_dir=cache)
    entry = _entry(cache)
    data = json.loads(entry.read_text())
    data["paragraphs"][0][0] = "0" * 24
    entry.write_text(json.dumps(data))
    splits.clear()
    assert shape(load_corpus(folder, cache_dir=cache)) == shape(first)
    assert len(splits) == 1


def test_unusable_cache_folder_warns_once_and_loads(tmp_path, capsys):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    blocked = tmp_path / "file" / "cache"
    corpus = load_corpus(corpus_folder(tmp_path), cache_dir=blocked)
    warnings = [line for line in capsys.readouterr().err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and str(blocked) in warnings[0] and "running without it" in warnings[0]
    assert corpus.unusable_cache == blocked
    assert shape(corpus) == shape(load_corpus(corpus_folder(tmp_path), cache=False))


def test_without_cache_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "default"))
    load_corpus(corpus_folder(tmp_path), cache=False)
    assert not (tmp_path / "default").exists()
    load_corpus(corpus_folder(tmp_path))
    assert len(list((tmp_path / "default" / "structure").glob("*.json"))) == len(TEXTS)


def test_entries_are_json_data(tmp_path):
    cache = tmp_path / "cache"
    load_corpus(corpus_folder(tmp_path), cache_dir=cache)
    for entry in (cache / "structure").glob("*.json"):
        data = json.loads(entry.read_bytes())
        assert data["format"] == disk_cache.SEGMENT_CACHE_FORMAT
        assert all(type(key) is str and all(type(x) is int for span in spans for x in span)
                   for key, spans in data["paragraphs"])


def test_texts_in_memory_are_segmented_once_with_the_cache(tmp_path, splits):
    from analysis.corpus import corpus_from_texts

    texts = {"memo": "Harbour stays open\n\nThe mayor spoke on Friday. \"It stays open,\" she said.\n"}
    cache = tmp_path / "cache"
    cold = corpus_from_texts(texts, cache=True, cache_dir=cache)
    assert splits
    splits.clear()
    warm = corpus_from_texts(texts, cache=True, cache_dir=cache)
    assert splits == []  # read from the segmentation cache: no splitter, no spaCy
    assert shape(warm) == shape(cold) == shape(corpus_from_texts(texts))


def test_texts_in_memory_are_not_cached_unless_asked(tmp_path, monkeypatch):
    from analysis.corpus import corpus_from_texts

    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))
    corpus_from_texts({"memo": "Talks resumed. Both sides agreed."})
    assert not (tmp_path / "cache").exists()
