"""The frame lexicon: file validation, glob patterns, hyphen robustness, overlap rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.lexicon import (
    FrameLexicon,
    LexiconError,
    compile_pattern,
    load_lexicon,
    match_pattern,
    simple_tokenize,
    tokens_from_doc,
)

CORE = ("indivisibility", "reciprocity", "non_aggression")
REQUIRED = CORE + (
    "security_guarantees", "legally_binding", "multipolarity", "nato_expansion",
    "sovereignty_territorial_integrity", "deterrence", "sanctions",
)

# Every spelling and tokenisation of "non-aggression" the corpus or a user may meet.
NON_AGGRESSION_VARIANTS = [
    "non-aggression",
    "Non-Aggression",
    "NON-AGGRESSION",
    "non aggression",
    "nonaggression",
    "non\u2011aggression",   # non-breaking hyphen (spaCy keeps it inside one token)
    "non\u2010aggression",   # Unicode hyphen
    "non\u2013aggression",   # en dash written inside the word
    "non-aggression-type",   # compound: "non-aggression-type assurances"
    "non-aggressive",        # adjective: included on purpose (see frames.yaml)
]


@pytest.fixture(scope="module")
def lexicon() -> FrameLexicon:
    return load_lexicon()


def frames_in(lexicon: FrameLexicon, text: str, nlp=None) -> list[tuple[str, str]]:
    """(frame_id, matched text) in ``text``, with spaCy tokens if ``nlp`` is given."""
    tokens = tokens_from_doc(nlp(text)) if nlp is not None else simple_tokenize(text)
    return [(m.frame_id, text[m.start:m.end]) for m in lexicon.match_tokens(tokens)]


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "frames.yaml"
    path.write_text(body, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- file


def test_default_lexicon_has_core_and_context_frames(lexicon):
    assert lexicon.frame_ids[:3] == list(CORE)
    for fid in REQUIRED:
        frame = lexicon[fid]
        assert frame.label and frame.definition and frame.patterns
        assert "\n" not in frame.definition  # one line, for teaching tables
    assert list(lexicon.table().columns) == ["frame_id", "label", "definition", "patterns", "exclude"]


def test_version_is_a_content_hash(tmp_path, lexicon):
    assert len(lexicon.version) == 12 and lexicon.version == load_lexicon().version
    body = "frames:\n  - id: a\n    label: A\n    definition: d\n    patterns: [x*]\n"
    v1 = load_lexicon(write(tmp_path, body)).version
    v_comment = load_lexicon(write(tmp_path, "# a comment\n" + body)).version
    v_changed = load_lexicon(write(tmp_path, body.replace("x*", "y*"))).version
    assert v1 == v_comment      # comments and layout do not change the version
    assert v1 != v_changed


@pytest.mark.parametrize("body, message", [
    ("frames:\n  - {id: a, label: A, definition: d, patterns: [x]}\n"
     "  - {id: a, label: B, definition: d, patterns: [y]}\n", "frame 'a': duplicate id"),
    ("frames:\n  - {id: a, label: A, definition: d, patterns: []}\n", "frame 'a': no patterns"),
    ("frames:\n  - {id: a, label: A, definition: d}\n", "frame 'a': no patterns"),
    ("frames:\n  - {id: a, label: A, definition: d, patterns: ['  ']}\n", "frame 'a': empty or invalid pattern"),
    ("frames:\n  - {id: a, label: A, definition: d, patterns: [x], match: stem}\n", "frame 'a': match must be"),
    ("frames:\n  - {id: a, label: A, definition: d, patterns: [x], colour: red}\n", "frame 'a': unknown key"),
    ("frames:\n  - {label: A, definition: d, patterns: [x]}\n", "frame #1: id must be"),
    ("frames:\n  - {id: Bad-Id, label: A, definition: d, patterns: [x]}\n", "frame 'Bad-Id': id must be"),
    ("frames: []\n", "is empty"),
    ("patterns: [x]\n", "top-level 'frames:'"),
    ("frames: [unclosed\n", "not valid YAML"),
])
def test_invalid_lexicon_names_file_and_frame(tmp_path, body, message):
    path = write(tmp_path, body)
    with pytest.raises(ValueError) as info:  # LexiconError is a ValueError (and an InputError)
        load_lexicon(path)
    assert isinstance(info.value, LexiconError)
    assert str(info.value).startswith(str(path))
    assert message in str(info.value)


def test_missing_file_is_a_lexicon_error(tmp_path):
    with pytest.raises(LexiconError, match="cannot read lexicon"):
        load_lexicon(tmp_path / "nope.yaml")


# --------------------------------------------------------------------------- patterns


def test_glob_semantics():
    words = "Indivisible indivisibility INDIVISIBLY divisible indivisib"
    found = [m for m in match_pattern(simple_tokenize(words), "indivisib*")]
    # "*" may match the empty string, as in quanteda's glob valuetype.
    assert [words[m.start:m.end] for m in found] == [
        "Indivisible", "indivisibility", "INDIVISIBLY", "indivisib"]
    assert len(match_pattern(simple_tokenize("defence defense"), "defen?e")) == 2
    assert match_pattern(simple_tokenize("defence"), "defen?e", case_insensitive=False)
    assert not match_pattern(simple_tokenize("Defence", case_insensitive=False), "defen?e",
                             case_insensitive=False)


def test_lone_star_is_one_word_not_punctuation():
    toks = simple_tokenize("architecture of equal security; architecture of cooperation, security")
    found = match_pattern(toks, "architecture of * security")
    assert [(m.start, m.end) for m in found] == [(0, len("architecture of equal security"))]


def test_pattern_elements_split_like_tokens():
    assert compile_pattern("NATO's eastward expansion").elements == ("nato", "'s", "eastward", "expansion")
    assert compile_pattern("non-aggression").elements == compile_pattern("non aggression").elements
    with pytest.raises(ValueError):
        compile_pattern(" - ")


def test_simple_tokenizer_keeps_hyphenated_words_and_splits_possessive():
    toks = simple_tokenize("NATO\u2019s non-aggression, MOSCOW \u2013 In")
    assert [t[0] for t in toks] == ["nato", "\u2019s", "non-aggression", ",", "moscow", "\u2013", "in"]
    assert all(len(t) == 4 for t in toks)


# --------------------------------------------------------------------------- hyphens


@pytest.mark.parametrize("variant", NON_AGGRESSION_VARIANTS)
def test_every_spelling_of_non_aggression_plain_tokens(lexicon, variant):
    text = f"They offered {variant} guarantees."
    found = [(f, t) for f, t in frames_in(lexicon, text) if f == "non_aggression"]
    assert len(found) == 1
    assert found[0][1].lower().startswith("non") and "aggress" in found[0][1].lower()


@pytest.mark.parametrize("variant", NON_AGGRESSION_VARIANTS)
def test_every_spelling_of_non_aggression_spacy_tokens(lexicon, nlp, variant):
    text = f"They offered {variant} guarantees."
    found = [(f, t) for f, t in frames_in(lexicon, text, nlp) if f == "non_aggression"]
    assert len(found) == 1
    # The span covers the whole word, however spaCy split it.
    assert found[0][1] in (variant, variant.replace("-type", ""))


@pytest.mark.parametrize("text", [
    "Moscow has no aggressive plans toward NATO.",     # negation: a denial, not this frame
    "Russia harbors no aggressive intentions.",
    "They condemned the aggression.",
    "non \u2013 aggression",                           # a spaced dash is punctuation
])
def test_not_non_aggression(lexicon, nlp, text):
    assert "non_aggression" not in {f for f, _ in frames_in(lexicon, text)}
    assert "non_aggression" not in {f for f, _ in frames_in(lexicon, text, nlp)}


def test_hyphen_tokens_between_spaces_are_not_joiners():
    # "security - mutual" must not behave like "security-mutual".
    toks = simple_tokenize("Moscow - mutual")
    assert not match_pattern(toks, "moscow mutual")
    assert match_pattern(simple_tokenize("Moscow-mutual"), "moscow mutual")


# --------------------------------------------------------------------------- counting


def test_overlapping_patterns_of_one_frame_count_once(lexicon, nlp):
    for tokens_of in (simple_tokenize, lambda t: tokens_from_doc(nlp(t))):
        text = "on a reciprocal basis"
        ms = lexicon.match_tokens(tokens_of(text))
        assert [(m.frame_id, text[m.start:m.end]) for m in ms] == [("reciprocity", text)]
        text = "Peace is indivisible, and indivisible security too."
        ms = lexicon.match_tokens(tokens_of(text))
        assert [(m.frame_id, text[m.start:m.end]) for m in ms] == [
            ("indivisibility", "Peace is indivisible"), ("indivisibility", "indivisible security")]


def test_mutual_non_aggression_guarantees_is_three_frames_once_each(lexicon, nlp):
    text = "mutual non-aggression guarantees"
    expected = [("reciprocity", "mutual"), ("non_aggression", "non-aggression"),
                ("security_guarantees", "guarantees")]
    assert frames_in(lexicon, text) == expected
    assert frames_in(lexicon, text, nlp) == expected


@pytest.mark.parametrize("text, n", [
    ("These are mutually exclusive goals.", 0),   # exclude: logical relation, not reciprocity
    ("He sold his mutual funds.", 0),              # exclude: finance
    ("They built mutual trust.", 1),               # counted: a reciprocity stock phrase
    ("mutually beneficial cooperation", 1),
    ("They reciprocated.", 1),
])
def test_reciprocity_false_positives(lexicon, text, n):
    assert sum(f == "reciprocity" for f, _ in frames_in(lexicon, text)) == n


def test_excludes_and_narrow_patterns_elsewhere(lexicon):
    assert not frames_in(lexicon, "refraining from the threat or use of force")
    assert not frames_in(lexicon, "We determined that it deteriorated.")  # not deter*
    assert [f for f, _ in frames_in(lexicon, "nuclear deterrence")] == ["deterrence"]
    assert [f for f, _ in frames_in(lexicon, "the non-expansion of NATO eastward")] == ["nato_expansion"]
    assert [f for f, _ in frames_in(lexicon, "We guarantee safe passage.")] == []  # the verb
    # "talks about" is the verb (excluded); the second "talks" is the noun.
    assert frames_in(lexicon, "He talks about talks.") == [("dialogue_negotiation", "talks")]


def test_lemma_patterns_use_spacy_lemmas_and_degrade_without_model(nlp):
    lex = FrameLexicon.from_dict({"frames": [
        {"id": "g", "label": "G", "definition": "d", "match": "lemma", "patterns": ["guarantee"]},
        {"id": "p", "label": "P", "definition": "d",
         "patterns": [{"pattern": "pact", "match": "lemma"}, "treaty"]},
    ]})
    text = "Both guarantees and the pacts were guaranteed."
    with_model = [(m.frame_id, text[m.start:m.end]) for m in lex.match_tokens(tokens_from_doc(nlp(text)))]
    assert ("g", "guarantees") in with_model and ("g", "guaranteed") in with_model
    assert ("p", "pacts") in with_model
    # Without the model the lemma is the lower-case form: only exact forms match.
    assert lex.match_text(text) == []
    assert [m.frame_id for m in lex.match_text("a guarantee, a pact")] == ["g", "p"]


def test_match_offsets_and_token_indices(lexicon, nlp):
    text = "We offer mutual non-aggression."
    doc = nlp(text)
    (rec, non) = lexicon.match_tokens(tokens_from_doc(doc))
    assert (rec.start, rec.end, rec.token_start, rec.token_end) == (9, 15, 2, 3)
    # spaCy: non / - / aggression are tokens 3..5; the match covers all three.
    assert [t.text for t in doc[non.token_start:non.token_end]] == ["non", "-", "aggression"]
    assert (non.start_char, non.end_char) == (16, 30)


def test_tokens_from_doc_drops_whitespace(nlp):
    toks = tokens_from_doc(nlp("Peace  is\n indivisible."))
    assert [t[0] for t in toks] == ["peace", "is", "indivisible", "."]


# --------------------------------------------------------------------------- properties

_WORDS = ["mutual", "non-aggression", "non\u2011aggression", "nonaggression", "guarantees",
          "on", "a", "reciprocal", "basis", "peace", "is", "indivisible", "security", ",", ".",
          "mutually", "exclusive", "NATO's", "eastward", "expansion", "-", "\u2013", "the"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=25),
       st.lists(st.sampled_from([" ", "", "  "]), min_size=25, max_size=25))
def test_matches_are_spans_of_the_text_and_one_per_overlap(lexicon, words, gaps):
    text = "".join(w + g for w, g in zip(words, gaps)).strip()
    toks = simple_tokenize(text)
    matches = lexicon.match_tokens(toks)
    by_frame: dict[str, list] = {}
    for m in matches:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end].strip() == text[m.start:m.end]   # no stray spaces
        assert 0 <= m.token_start < m.token_end <= len(toks)
        by_frame.setdefault(m.frame_id, []).append(m)
    for ms in by_frame.values():
        for x, y in zip(ms, ms[1:]):
            assert x.end <= y.start   # one frame never counts overlapping text twice


def test_docstring_examples():
    import doctest

    import analysis.lexicon

    assert doctest.testmod(analysis.lexicon).failed == 0
