"""analysis.cache: the cache folder (checked once, one warning, then off) and the parse-cache keys.

The safety of the entries themselves (forged, damaged, planted) is tests/test_cache_safety.py.
"""

from __future__ import annotations

import stat
from types import SimpleNamespace

import pytest

from analysis.cache import (
    CACHE_FOLDER_MODE,
    CacheFolder,
    cache_key,
    cache_paths,
    cache_warning,
    default_cache_dir,
    open_cache,
    pipeline_fingerprint,
    uncached_documents,
)
from analysis.corpus import corpus_from_texts


def document(text: str, doc_id: str = "d"):
    return corpus_from_texts({doc_id: text})[doc_id]


@pytest.fixture
def blocked(tmp_path):
    """A cache path below a regular file: it can never be created."""
    (tmp_path / "file").write_text("x", encoding="utf-8")
    return tmp_path / "file" / "cache"


# --------------------------------------------------------------------------- CacheFolder


def test_unusable_folder_warns_once_and_turns_off(blocked, capsys):
    folder = CacheFolder(blocked)
    assert folder.usable  # nothing checked yet
    assert folder.prepare() is False
    assert not folder.usable and folder.problem
    lines = capsys.readouterr().err.splitlines()
    assert lines == [cache_warning(blocked, folder.problem)]
    assert str(blocked) in lines[0]

    # Everything after that is a quiet no-op.
    folder.write(blocked / "entry.spacy", b"data")
    assert folder.read(blocked / "entry.spacy") is None
    assert folder.prepare("rows") is False
    folder.disable("another reason")
    assert folder.check_entries([blocked / "entry.spacy"]) is False
    assert capsys.readouterr().err == ""
    assert not (blocked / "entry.spacy").exists()


def test_open_cache_of_an_unusable_folder_is_none_with_one_warning(blocked, capsys):
    assert open_cache(True, blocked) is None
    assert len(capsys.readouterr().err.splitlines()) == 1


def test_on_problem_receives_the_reason_instead_of_a_warning(blocked, capsys):
    reasons = []
    folder = CacheFolder(blocked, on_problem=reasons.append)
    folder.prepare()
    folder.disable("later")
    assert reasons == [folder.problem]
    assert capsys.readouterr().err == ""


def test_usable_folder_is_created_private_and_round_trips(tmp_path, capsys):
    root = tmp_path / "new" / "cache"
    folder = open_cache(True, root, "rows")
    assert folder is not None and folder.usable
    for path in (root, root / "rows"):
        assert path.is_dir() and stat.S_IMODE(path.stat().st_mode) == CACHE_FOLDER_MODE
    entry = root / "rows" / "x.json"
    assert folder.read(entry) is None  # not cached yet: a miss, not a problem
    folder.write(entry, b"payload")
    assert folder.read(entry) == b"payload"
    assert list((root / "rows").iterdir()) == [entry]  # no temporary file left
    assert folder.usable and capsys.readouterr().err == ""


def test_cache_false_opens_nothing(tmp_path):
    assert open_cache(False, tmp_path / "never") is None
    assert not (tmp_path / "never").exists()


def test_an_entry_taken_by_a_folder_turns_the_cache_off(tmp_path, capsys):
    folder = open_cache(True, tmp_path)
    (tmp_path / "entry.spacy").mkdir()
    assert folder.check_entries([tmp_path / "missing.spacy", tmp_path / "entry.spacy"]) is False
    assert "entry.spacy is a folder" in folder.problem
    assert len(capsys.readouterr().err.splitlines()) == 1


def test_default_cache_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"
    assert CacheFolder().root == tmp_path / "mine"
    monkeypatch.delenv("ANALYSIS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir().parent == tmp_path / "xdg"


# --------------------------------------------------------------------------- keys


FINGERPRINT = "en|core_web_sm|3.8.0|tok2vec,ner|abc|1"


def test_cache_key_changes_with_the_text():
    keys = {cache_key(document(text), FINGERPRINT) for text in (
        "Peace is indivisible.", "Peace is indivisible!", "Peace is  indivisible.",
        "Peace is indivisible. It is.", "War is not.")}
    assert len(keys) == 5


def test_cache_key_changes_with_the_fingerprint():
    doc = document("Peace is indivisible.")
    assert cache_key(doc, FINGERPRINT) != cache_key(doc, FINGERPRINT.replace("abc", "abd"))
    assert cache_key(doc, FINGERPRINT) == cache_key(document("Peace is indivisible."), FINGERPRINT)


def test_cache_key_depends_on_the_sentences_not_the_id():
    """The same sentences parse the same, whatever the document is called."""
    assert cache_key(document("Peace is indivisible.", "a"), FINGERPRINT) == \
        cache_key(document("Peace is indivisible.", "b"), FINGERPRINT)


def test_cache_key_depends_only_on_the_sentence_texts():
    """The same sentences in one paragraph or in two are parsed the same: one key."""
    one, two = document("Peace is indivisible. It is."), document("Peace is indivisible.\n\nIt is.")
    assert len(one.paragraphs) == 1 and len(two.paragraphs) == 2
    assert [s.clean_text for s in one.sentences] == [s.clean_text for s in two.sentences]
    assert cache_key(one, FINGERPRINT) == cache_key(two, FINGERPRINT)


def _pipeline(**meta):
    base = {"lang": "en", "name": "core_web_sm", "version": "3.8.0", "analysis_register_version": "abc"}
    return SimpleNamespace(meta={**base, **meta}, pipe_names=["tok2vec", "ner"])


@pytest.mark.parametrize("change", [{"version": "3.8.1"}, {"name": "core_web_md"},
                                    {"analysis_register_version": "def"}])
def test_fingerprint_changes_with_model_and_register(change):
    assert pipeline_fingerprint(_pipeline(**change)) != pipeline_fingerprint(_pipeline())


def test_fingerprint_changes_with_the_components():
    fewer = _pipeline()
    fewer.pipe_names = ["ner"]
    assert pipeline_fingerprint(fewer) != pipeline_fingerprint(_pipeline())


def test_cache_paths_and_uncached_documents(nlp, tmp_path):
    corpus = corpus_from_texts({"a": "Peace is indivisible.", "b": "NATO objected."})
    paths = cache_paths(corpus, nlp, tmp_path)
    fingerprint = pipeline_fingerprint(nlp)
    assert paths == {d.doc_id: tmp_path / f"{cache_key(d, fingerprint)}.spacy" for d in corpus}
    assert [d.doc_id for d in uncached_documents(corpus, nlp, tmp_path)] == ["a", "b"]
    paths["b"].write_bytes(b"")
    assert [d.doc_id for d in uncached_documents(corpus, nlp, tmp_path)] == ["a"]
