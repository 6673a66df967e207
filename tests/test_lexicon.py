"""The frame lexicon: file validation, glob patterns, hyphen robustness, overlap rules."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.lexicon import (
    DEFAULT_LEXICON_PATH,
    MAX_PATTERN_CHARS,
    MAX_STARS_PER_WORD,
    FrameLexicon,
    LexiconError,
    _glob_regex,
    cached_lexicon,
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


# --------------------------------------------------------------------------- bounded globs


def _naive_glob_regex(element: str) -> re.Pattern[str]:
    """The translation used before issue 10 (one ".*" per "*"): the reference semantics."""
    if element == "*":
        return re.compile(r".*\w.*", re.DOTALL)
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c)
                              for c in element), re.DOTALL)


# (glob element, words it matches, words it does not match)
GLOB_TABLE = [
    ("indivisib*", ["indivisib", "indivisible", "indivisibility"], ["divisible", "indivisi", "xindivisible"]),
    ("*lateral", ["lateral", "unilateral", "multilateral"], ["laterally", "later"]),
    ("*secur*", ["secure", "security", "insecurity", "secur"], ["secu", "sure"]),
    ("defen?e", ["defence", "defense"], ["defene", "defenxxe", "Defence"]),
    ("?", ["a", ",", "\u00e9"], ["", "ab"]),
    ("??", ["ab"], ["a", "abc"]),
    ("a*b*c", ["abc", "aXbYc", "abbc", "acbc", "abcbc"], ["ab", "acb", "bac", "abcx"]),
    ("a**b", ["ab", "axxb"], ["a", "ba"]),
    ("*a*a", ["aa", "xaya", "aaa"], ["a", "ax", "aax"]),
    ("a*a", ["aa", "aba", "aaa"], ["a", "ab"]),
    ("ab*ba", ["abba", "abxba"], ["aba", "abab"]),
    ("*?", ["a", "ab"], [""]),
    ("**", ["", "a", ","], []),
    ("*", ["a", "peace", "x,"], [",", "", "--"]),   # a lone "*" is one word, not punctuation
    ("a.b*", ["a.b", "a.bc"], ["axb", "axbc"]),   # regex characters are literal
    ("n[o]*", ["n[o]", "n[o]x"], ["no", "nox"]),
    ("non*aggress*", ["nonaggression", "non-aggressive"], ["aggression"]),
]


@pytest.mark.parametrize("element, matching, not_matching", GLOB_TABLE, ids=[g[0] for g in GLOB_TABLE])
def test_glob_table(element, matching, not_matching):
    bounded = _glob_regex(element)
    for word in matching:
        assert bounded.fullmatch(word), (element, word)
    for word in not_matching:
        assert not bounded.fullmatch(word), (element, word)
    for word in matching + not_matching:  # and the same answers as the old translation
        assert bool(bounded.fullmatch(word)) == bool(_naive_glob_regex(element).fullmatch(word))


_GLOB_ALPHABET = "ab*?."


@settings(max_examples=500, deadline=None)
@given(st.text(_GLOB_ALPHABET, min_size=1, max_size=7), st.lists(st.text("abc.", max_size=9), max_size=8))
def test_bounded_glob_agrees_with_the_naive_regex(element, words):
    bounded, naive = _glob_regex(element), _naive_glob_regex(element)
    for word in words:
        assert bool(bounded.fullmatch(word)) == bool(naive.fullmatch(word)), (element, word)


@pytest.mark.parametrize("word, expected", [
    ("a" * 20_000, False),
    ("a" * 20_000 + "b", True),
    ("ab" * 10_000, True),
    ("a" * 11 + "b", False),   # one "a" short
    ("a" * 12 + "b", True),
])
def test_pathological_glob_is_fast(word, expected):
    """12 "*a" and a "b": the naive translation backtracks exponentially (it hung a run)."""
    element = "*a" * 12 + "*b"
    started = time.perf_counter()
    assert bool(_glob_regex(element).fullmatch(word)) is expected
    tokens = [(word, word, 0, len(word))]
    assert bool(match_pattern(tokens, element)) is expected
    assert time.perf_counter() - started < 1.0


def test_pathological_pattern_in_a_lexicon_file_is_refused(tmp_path):
    body = ("frames:\n  - id: evil\n    label: E\n    definition: d\n"
            "    patterns: ['*a*a*a*a*a*a*a*a*a*a*a*a*b']\n")
    with pytest.raises(LexiconError) as info:
        load_lexicon(write(tmp_path, body))
    assert str(info.value) == (f"{tmp_path / 'frames.yaml'}: frame 'evil': pattern "
                               f"'*a*a*a*a*a*a*a*a*a*a*a*a*b' has 13 '*' in one word (at most {MAX_STARS_PER_WORD})")
    ok = "*a" * (MAX_STARS_PER_WORD - 1) + "*"
    assert load_lexicon(write(tmp_path, body.replace("*a*a*a*a*a*a*a*a*a*a*a*a*b", ok))).frame_ids == ["evil"]
    long_pattern = "peace " * (MAX_PATTERN_CHARS // 6 + 1)
    with pytest.raises(LexiconError, match=r"frame 'evil': exclude 'peace peace.*characters long \(at most 200\)"):
        load_lexicon(write(tmp_path, body.replace("patterns: ['*a*a*a*a*a*a*a*a*a*a*a*a*b']",
                                                  f"patterns: [peace]\n    exclude: ['{long_pattern.strip()}']")))


def test_format_characters_in_patterns_are_ignored():
    assert compile_pattern("non\u200b-aggres\u00adsion").elements == ("non", "aggression")
    assert match_pattern(simple_tokenize("a non-aggression pact"), "\u2066non-aggression\u2069")


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize("content, message", [
    (b"frames: [\xff]\n", "not valid UTF-8 at byte 9 (line 1): invalid start byte"),
    (b"", "the lexicon file is empty"),
    (b"frames:\n  - id: a\n    patterns: [x\n", "4: not valid YAML: while parsing a flow sequence (from line 3)"),
    (b"frames: !!python/name:os.system\n", "1: not valid YAML: could not determine a constructor"),
    (b"- peace\n", "expected a mapping with a top-level 'frames:' list, got a list"),
])
def test_unreadable_lexicon_files_name_file_line_or_byte(tmp_path, content, message):
    path = tmp_path / "frames.yaml"
    path.write_bytes(content)
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    assert str(info.value).startswith(f"{path}:{'' if message[0].isdigit() else ' '}{message}")


def test_cached_lexicon_reports_missing_and_reloads_edits(tmp_path):
    with pytest.raises(LexiconError, match="nope.yaml: cannot read lexicon: No such file"):
        cached_lexicon(tmp_path / "nope.yaml")
    with pytest.raises(LexiconError, match="is a folder, not a lexicon file"):
        cached_lexicon(tmp_path)
    body = "frames:\n  - id: a\n    label: A\n    definition: d\n    patterns: [x*]\n"
    path = write(tmp_path, body)
    first = cached_lexicon(path)
    assert cached_lexicon(path) is first
    path.write_text(body.replace("id: a", "id: bb"), encoding="utf-8")
    assert cached_lexicon(path).frame_ids == ["bb"]
    assert cached_lexicon() is cached_lexicon(DEFAULT_LEXICON_PATH)
