"""Tests for analysis.text: one-for-one normalisation and the clean view's map back to the original."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sys
import unicodedata

from analysis.errors import InputError
from analysis.text import (
    CHAR_MAP,
    HOMOGLYPHS,
    INVISIBLE_CHARS,
    CleanView,
    homoglyph_fixes,
    normalise,
    read_utf8_file,
    spans_overlap,
    strip_invisible,
)


def _normalises_to(original_char: str, clean_char: str) -> bool:
    """True if ``original_char`` may become ``clean_char`` in a clean view."""
    return (original_char == clean_char or CHAR_MAP.get(original_char) == clean_char
            or HOMOGLYPHS.get(original_char) == clean_char)


# --------------------------------------------------------------------------- normalise


def test_normalise_nbsp_quotes_and_dashes():
    assert normalise("Vladimir\u00a0Putin") == "Vladimir Putin"
    assert normalise("\u201cindivisible\u201d") == '"indivisible"'
    assert normalise("Russia\u2019s") == "Russia's"
    assert normalise("\u00abquoted\u00bb") == '"quoted"'
    assert normalise("non\u2011aggression") == "non-aggression"
    assert normalise('plain "straight" quotes') == 'plain "straight" quotes'


def test_normalise_keeps_length_and_every_unchanged_character():
    text = "20th\u00a0century \u2013 \u201cpeace\u201d\u202fand\tsecurity\r\n"
    clean = normalise(text)
    assert len(clean) == len(text)
    for original, new in zip(text, clean):
        assert _normalises_to(original, new)


def test_cyrillic_a_used_as_an_english_word_is_fixed():
    # The seed 003 has "advancing the goal of \u0430 polycentric world order".
    text = "advancing the goal of \u0430 polycentric world order"
    assert homoglyph_fixes(text) == {22: "a"}
    assert normalise(text) == "advancing the goal of a polycentric world order"


def test_cyrillic_letter_inside_a_latin_word_is_fixed():
    assert normalise("Eur\u0430sian security") == "Eurasian security"
    assert normalise("\u0421ollective West") == "Collective West"


def test_russian_words_stay_russian():
    russian = "\u0430 \u0432\u043e\u0442 \u0438 \u043c\u0438\u0440"  # "а вот и мир"
    assert normalise(russian) == russian
    # A Russian word quoted in English text: it has letters that are not look-alikes.
    mixed = "the word \u043c\u0438\u0440 means peace"
    assert normalise(mixed) == mixed


def test_lone_cyrillic_letter_between_cyrillic_words_is_kept():
    text = "\u043c\u0438\u0440 \u0430 \u0432\u043e\u0439\u043d\u0430"
    assert homoglyph_fixes(text) == {}


# --------------------------------------------------------------------------- CleanView


def test_clean_view_drops_removed_spans_and_maps_back():
    original = "Peace\u00a0is indivisible.[footnoteRef:1] Yes."
    marker = original.index("[footnoteRef:1]")
    view = CleanView.build(original, 0, len(original), removed=[(marker, marker + 15)])
    assert view.text == "Peace is indivisible. Yes."
    assert original[view.to_original(view.text.index("Yes"))] == "Y"
    assert view.original_span(0, 5) == (0, 5)
    start, end = view.original_span(view.text.index("Yes"), len(view.text))
    assert original[start:end] == "Yes."


def test_clean_view_of_a_slice_uses_document_offsets():
    original = "Intro. The head of state\u00a0spoke."
    start = original.index("The")
    view = CleanView.build(original, start, len(original))
    assert view.text == "The head of state spoke."
    assert view.to_original(0) == start
    assert view.to_original(len(view.text)) == len(original)


def test_clean_view_drops_invisible_characters():
    original = "soft\u00adhyphen and zero\u200bwidth \ufeffbom"
    view = CleanView.build(original, 0, len(original))
    assert view.text == "softhyphen and zerowidth bom"
    assert not any(ch in INVISIBLE_CHARS for ch in view.text)
    for i, ch in enumerate(view.text):
        assert _normalises_to(original[view.to_original(i)], ch)


def test_clean_view_removed_spans_outside_or_overlapping_the_slice():
    original = "abc[footnoteRef:1]def ghi"
    # A removed span that starts before the slice is clipped to it.
    view = CleanView.build(original, 5, len(original), removed=[(3, 18)])
    assert view.text == "def ghi"
    assert view.to_original(0) == 18
    # Overlapping removed spans are merged.
    view = CleanView.build(original, 0, len(original), removed=[(3, 10), (8, 18)])
    assert view.text == "abcdef ghi"


def test_clean_view_when_everything_is_removed():
    original = "[footnoteRef:2]"
    view = CleanView.build(original, 0, len(original), removed=[(0, len(original))])
    assert view.text == ""
    assert view.to_original(0) == len(original)
    assert view.original_span(0, 0) == (len(original), len(original))


def test_spans_overlap():
    assert spans_overlap((2, 5), [(4, 8)])
    assert not spans_overlap((2, 4), [(4, 8)])
    assert not spans_overlap((2, 4), [])


# --------------------------------------------------------------------------- property

_PIECES = st.sampled_from([
    "Peace", "is", "indivisible", "security", "NATO", "Eurasia", "the", "of", "a",
    "\u0430", "\u0440\u0435\u0430\u0441\u0435", "\u043c\u0438\u0440", "Eur\u0430sia",
    "\u00a0", " ", "  ", "\u202f", "\u2009", "\t", "\n", "\r\n",
    "\u201c", "\u201d", "\u2018", "\u2019", '"', "'", "\u00ab", "\u00bb",
    ".", ",", "?", "!", "\u2013", "-", "\u2011", "|",
    "[footnoteRef:1]", "[footnoteRef:12]", "\u00ad", "\u200b", "\ufeff",
    "\u202e", "\u2066", "\u2069", "\u200e", "\u061c", "\u2060", "\U000e0041",
])


@st.composite
def _text_and_cuts(draw):
    text = "".join(draw(st.lists(_PIECES, max_size=40)))
    cuts = []
    if text:
        for _ in range(draw(st.integers(0, 3))):
            a = draw(st.integers(0, len(text)))
            b = draw(st.integers(a, len(text)))
            cuts.append((a, b))
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return text, cuts, start, end


@settings(max_examples=300, deadline=None)
@given(_text_and_cuts())
def test_clean_view_maps_every_character_back(case):
    text, cuts, start, end = case
    view = CleanView.build(text, start, end, removed=cuts)
    positions = [view.to_original(i) for i in range(len(view.text))]
    # Every clean character comes from an original character inside the slice, not removed,
    # not invisible, that normalises to it; and order is kept.
    assert positions == sorted(set(positions))
    for i, position in enumerate(positions):
        assert start <= position < end
        assert not any(a <= position < b for a, b in cuts)
        assert text[position] not in INVISIBLE_CHARS
        assert _normalises_to(text[position], view.text[i])
    # Nothing else is left out: kept characters are exactly the visible, non-removed ones.
    kept = [i for i in range(start, end)
            if text[i] not in INVISIBLE_CHARS and not any(a <= i < b for a, b in cuts)]
    assert positions == kept
    assert len(normalise(text)) == len(text)


def test_normalise_is_idempotent_on_the_seed_text(seed_corpus):
    for document in seed_corpus:
        once = normalise(document.text)
        assert normalise(once) == once


@pytest.mark.parametrize("char", sorted(CHAR_MAP))
def test_char_map_is_one_for_one(char):
    assert len(CHAR_MAP[char]) == 1


# --------------------------------------------------------------------------- format characters

BIDI_AND_FORMAT = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u2060\ufeff\u00ad\u200b\u200d"


def test_invisible_chars_are_every_format_character_of_this_python():
    """The written-out table covers every Cf character; the rest are unassigned here.

    Fails on a Python whose Unicode tables add a format character: extend the table.
    """
    format_chars = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}
    assert format_chars <= INVISIBLE_CHARS, sorted(f"U+{ord(c):04X}" for c in format_chars - INVISIBLE_CHARS)
    assert {unicodedata.category(c) for c in INVISIBLE_CHARS - format_chars} <= {"Cn"}
    assert set(BIDI_AND_FORMAT) <= INVISIBLE_CHARS
    # Visible text and ordinary spaces are never dropped.
    assert not INVISIBLE_CHARS & set("aZ \u00a0\u2009-.'\u2019\u0430")


@pytest.mark.parametrize("raw, start, end", [
    ("Rus\u202esia", 0, 7),
    ("\u2066Russia\u2069", 1, 7),
    ("\u200fRus\u061csia\u200e", 1, 8),
    ("R\u2060u\ufeffs\u00ads\u202ai\u202ca", 0, 11),
])
def test_bidi_controls_inside_a_name_are_dropped_with_offsets_kept(raw, start, end):
    text = f"Talks with {raw} today."
    view = CleanView.build(text, 0, len(text))
    assert view.text == "Talks with Russia today."
    clean_start = view.text.index("Russia")
    original = view.original_span(clean_start, clean_start + len("Russia"))
    assert original == (len("Talks with ") + start, len("Talks with ") + end)
    assert strip_invisible(text[original[0]:original[1]]) == "Russia"
    assert view.to_original(view.text.index("today")) == text.index("today")


def test_strip_invisible_keeps_everything_visible():
    assert strip_invisible("\u2066Rus\u202esia\u2069") == "Russia"
    assert strip_invisible("caf\u00e9 non-aggression \u0440\u0435\u0430\u0441\u0435") == \
        "caf\u00e9 non-aggression \u0440\u0435\u0430\u0441\u0435"
    assert strip_invisible(BIDI_AND_FORMAT) == ""


@pytest.mark.parametrize("content, message", [
    (b"a: caf\xe9\n", "not valid UTF-8 at byte 6 (line 1): invalid continuation byte"),
    (b"a: 1\n\n\xff\n", "not valid UTF-8 at byte 6 (line 3): invalid start byte"),
    (b"", "the register file is empty"),
    (b" \n\t\n", "the register file is empty"),
])
def test_read_utf8_file_names_file_and_byte(tmp_path, content, message):
    path = tmp_path / "data.yaml"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_utf8_file(path, "register")
    assert str(info.value) == f"{path}: {message}"


def test_read_utf8_file_folder_missing_and_good(tmp_path):
    with pytest.raises(InputError, match="is a folder, not a lexicon file"):
        read_utf8_file(tmp_path, "lexicon")
    with pytest.raises(InputError, match="cannot read lexicon: No such file"):
        read_utf8_file(tmp_path / "none.yaml", "lexicon")
    (tmp_path / "ok.yaml").write_text("name: Erdo\u011fan\n", encoding="utf-8")
    assert read_utf8_file(tmp_path / "ok.yaml", "lexicon") == "name: Erdo\u011fan\n"
