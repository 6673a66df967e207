"""Corpus inputs that used to crash or pass silently (issue 10, part 3).

Each bad input is tried through the real command line (``tables --no-nlp``) in a
subprocess: exit status 2, one line on stderr starting ``error: `` that names the file and
the line or byte, no traceback, no output folder, and the inputs unchanged. Library-level
tests cover the splitting of very long paragraphs and the warning about skipped entries.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from analysis.corpus import (
    SENTENCE_MAX_CHARS,
    SENTENCIZER_CHUNK,
    SKIPPED_NAMES_SHOWN,
    CorpusError,
    load_corpus,
    parse_document,
    read_manifest,
)
from analysis.dates import check_iso_date
from tests.cli_helpers import run_cli, assert_bad_input_refused







def _text(folder: Path, name: str, text: str = "Peace is indivisible. It is.\n") -> None:
    (folder / name).write_text(text, encoding="utf-8")


def _manifest(folder: Path, content: str) -> None:
    (folder / "manifest.csv").write_text(content, encoding="utf-8")


def _with_manifest(content: str):
    return lambda d: (_text(d, "a.txt"), _text(d, "b.txt"), _manifest(d, content))


def _link_out(folder: Path, manifest: bool) -> None:
    _text(folder, "a.txt")
    _text(folder.parent, "secret.txt", "Not part of the corpus.\n")
    (folder / "leak.txt").symlink_to(folder.parent / "secret.txt")
    if manifest:
        _manifest(folder, "doc_id,file\na,a.txt\nleak,leak.txt\n")


def _link_dir_out(folder: Path) -> None:
    _text(folder, "a.txt")
    (folder.parent / "elsewhere").mkdir()
    _text(folder.parent / "elsewhere", "x.txt")
    (folder / "sub").symlink_to(folder.parent / "elsewhere")
    _manifest(folder, "doc_id,file\na,a.txt\nx,sub/x.txt\n")


HEADER = "doc_id,file,title,date,date_basis\n"

BAD_INPUTS = {
    # A quoted cell never closed swallowed every row after it: document b was lost.
    "manifest_unterminated_quote": (
        _with_manifest(HEADER + 'a,a.txt,"Peace,2025-01-01,stated\nb,b.txt,B,2025-01-02,stated\n'),
        ["manifest.csv:2:", "quoted field is never closed"]),
    "manifest_stray_quote": (
        _with_manifest(HEADER + 'a,a.txt,"Peace"talks,2025-01-01,stated\n'),
        ["manifest.csv:2:", "malformed CSV"]),
    "manifest_nul_in_cell": (
        _with_manifest(HEADER + "a,a.txt,A,2025-01-01,stated\nb,b\x00.txt,B,,\n"),
        ["manifest.csv:3:", "NUL byte at byte"]),
    "manifest_more_cells_than_header": (
        _with_manifest(HEADER + "a,a.txt,A,2025-01-01,stated,reporter\n"),
        ["manifest.csv:2:", "6 cells but the header has 5"]),
    "manifest_impossible_month": (
        _with_manifest(HEADER + "a,a.txt,A,2025-12-01,stated\nb,b.txt,B,2025-13-45,stated\n"),
        ["manifest.csv:3:", "'2025-13-45'", "no month 13"]),
    "manifest_impossible_day": (
        _with_manifest(HEADER + "a,a.txt,A,2023-02-29,stated\n"),
        ["manifest.csv:2:", "'2023-02-29'", "February 2023 has 28 days"]),
    "manifest_date_in_words": (
        _with_manifest(HEADER + "a,a.txt,A,yesterday,stated\n"),
        ["manifest.csv:2:", "'yesterday'", "not an ISO date"]),
    "manifest_basis_without_date": (
        _with_manifest(HEADER + "a,a.txt,A,,stated: the header line\n"),
        ["manifest.csv:2:", "says stated but date is empty"]),
    "manifest_unknown_basis_with_date": (
        _with_manifest(HEADER + "a,a.txt,A,2025-01-01,unknown\n"),
        ["manifest.csv:2:", "says unknown but date is '2025-01-01'"]),
    "manifest_basis_word": (
        _with_manifest(HEADER + "a,a.txt,A,2025-01-01,guessed from the URL\n"),
        ["manifest.csv:2:", "must start with stated, inferred or unknown"]),
    "nul_after_8_kib": (
        lambda d: (d / "a.txt").write_bytes(b"Peace is indivisible.\n" * 500 + b"\x00tail\n"),
        ["a.txt:", "binary file", "byte 11000", "line 501"]),
    "only_unicode_whitespace": (
        lambda d: (_text(d, "good.txt"), _text(d, "blank.txt", "\u00a0\u2003\u3000\n\u200b\ufeff\n")),
        ["blank.txt:", "file is empty"]),
    "word_of_a_million_characters": (
        lambda d: _text(d, "blob.txt", "Title line\n\nSome text then " + "A" * 1_000_000 + " end.\n"),
        ["blob.txt:", "1000000 characters without a space", "byte 27", "line 3"]),
    "link_out_without_manifest": (
        lambda d: _link_out(d, manifest=False),
        ["leak.txt:", "symbolic link points outside the corpus folder", "secret.txt"]),
    "link_out_with_manifest": (
        lambda d: _link_out(d, manifest=True),
        ["leak.txt:", "symbolic link points outside the corpus folder", "secret.txt"]),
    "linked_folder_out_with_manifest": (
        _link_dir_out, ["sub:", "symbolic link points outside the corpus folder", "elsewhere"]),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_one_line_exit_2_nothing_written(tmp_path, case):
    setup, expected = BAD_INPUTS[case]
    assert_bad_input_refused(tmp_path, setup, expected, "--quiet")


def test_link_out_is_refused_with_the_same_message_with_or_without_manifest(tmp_path):
    messages = []
    for manifest in (False, True):
        corpus = tmp_path / f"corpus_{manifest}"
        corpus.mkdir()
        _link_out(corpus, manifest)
        with pytest.raises(CorpusError) as info:
            load_corpus(corpus)
        messages.append(str(info.value).replace(corpus.name, "CORPUS"))
    assert messages[0] == messages[1]


def test_link_inside_the_corpus_is_read(tmp_path):
    _text(tmp_path, "a.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    assert [d.doc_id for d in load_corpus(tmp_path)] == ["a", "b"]


# --------------------------------------------------------------------------- manifest, library level


def test_manifest_quote_opened_later_names_its_line(tmp_path):
    _text(tmp_path, "a.txt")
    _manifest(tmp_path, 'doc_id,file,title\na,a.txt,"A, with a comma"\nb,b.txt,"B\nc,c.txt,C\n')
    with pytest.raises(CorpusError, match=r"manifest.csv:3: quoted field is never closed"):
        read_manifest(tmp_path)


def test_manifest_quoted_cells_over_several_lines_are_still_fine(tmp_path):
    _text(tmp_path, "a.txt")
    _manifest(tmp_path, 'doc_id,file,title\na,a.txt,"Two\nlines, and ""quotes"""\n')
    (row,) = read_manifest(tmp_path)
    assert row["title"] == 'Two\nlines, and "quotes"'


def test_manifest_date_without_basis_is_stated(tmp_path):
    _text(tmp_path, "a.txt")
    _text(tmp_path, "b.txt")
    _manifest(tmp_path, HEADER + "a,a.txt,A,2025-12,\nb,b.txt,B,,\n")
    corpus = load_corpus(tmp_path)
    assert (corpus["a"].meta["date"], corpus["a"].meta["date_basis"]) == ("2025-12", "stated")
    assert (corpus["b"].meta["date"], corpus["b"].meta["date_basis"]) == ("", "unknown")


@pytest.mark.parametrize("value", ["2024-02-29", "2025-12", "1997", "2025-01-31"])
def test_check_iso_date_accepts(value):
    assert check_iso_date(value) == value


@pytest.mark.parametrize("value", ["2025-13-45", "2025-00", "2025-04-31", "2023-02-29", "0000",
                                   "25-01-01", "2025/01/01", "2025-1-1", "yesterday", " 2025", ""])
def test_check_iso_date_refuses(value):
    with pytest.raises(ValueError):
        check_iso_date(value)


# --------------------------------------------------------------------------- long paragraphs


def _one_paragraph(n_chars: int, sentence_every: int) -> str:
    """One line of ``n_chars`` characters; a full stop and a capital every ``sentence_every`` words."""
    words = "the guarantees of indivisible security were discussed at length by the delegations".split()
    parts, length, index = [], 0, 0
    while length < n_chars:
        word = words[index % len(words)]
        if sentence_every and index % sentence_every == 0:
            word = word.capitalize()
        if sentence_every and index % sentence_every == sentence_every - 1:
            word += "."
        parts.append(word)
        length += len(word) + 1
        index += 1
    return " ".join(parts)[:n_chars]


@pytest.mark.parametrize("sentence_every", [0, 20, 4000])  # no full stop; ordinary; 30,000-char sentences
def test_a_paragraph_over_spacys_max_length_is_split_exactly(sentence_every):
    text = "Title\n\n" + _one_paragraph(1_200_000, sentence_every) + "\n"
    document = parse_document("long", text)
    assert len(document.paragraphs) == 2 and document.paragraphs[1].end - document.paragraphs[1].start > 1_000_000
    assert document.sentences
    assert max(len(s.clean_text) for s in document.sentences) <= SENTENCE_MAX_CHARS
    for sentence in document.sentences:
        assert text[sentence.start:sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
    # Nothing of the paragraph is lost between the pieces: only whitespace separates them.
    body = [s for s in document.sentences if s.paragraph_id == 1]
    for previous, following in zip(body, body[1:]):
        assert text[previous.end:following.start].strip() == ""
    assert body[0].start == document.paragraphs[1].start and body[-1].end == document.paragraphs[1].end


def test_chunked_sentencizer_finds_the_same_sentences_as_one_pass():
    # 60 sentences (with an abbreviation to repair), repeated past the chunk size: the
    # sentences of every copy are those of the copy read alone.
    unit = " ".join(f"The guarantees no. {i} were discussed by Mr. Lavrov at length." for i in range(60))
    short = parse_document("short", unit)
    long = parse_document("long", " ".join([unit] * 40))
    assert len(long.text) > SENTENCIZER_CHUNK
    assert len(short.sentences) == 60
    assert [s.text for s in long.sentences] == [s.text for s in short.sentences] * 40


def test_a_three_megabyte_line_loads_in_seconds(tmp_path):
    _text(tmp_path, "scraped.txt", _one_paragraph(3_000_000, 20))
    started = time.perf_counter()
    document = load_corpus(tmp_path)["scraped"]
    elapsed = time.perf_counter() - started
    assert len(document.sentences) > 10_000
    assert elapsed < 30, elapsed  # about 3 s on this 2-core machine; minutes before the fix


def test_a_long_run_without_spaces_is_refused_with_its_byte_offset():
    text = "Caf\u00e9 text. " + "x" * (SENTENCE_MAX_CHARS + 1) + " end.\n"
    with pytest.raises(CorpusError, match=r"^blob: 10001 characters without a space at byte 12 \(line 1\)"):
        parse_document("blob", text)
    # A run of exactly the limit is still accepted, cut off from its neighbours.
    document = parse_document("ok", "Some text " + "y" * SENTENCE_MAX_CHARS + " end")
    assert "y" * SENTENCE_MAX_CHARS in [s.text for s in document.sentences]


# --------------------------------------------------------------------------- skipped entries


def _folder_with_extras(folder: Path) -> None:
    _text(folder, "a.txt")
    _text(folder, "B.TXT")
    _text(folder, "notes.md")
    (folder / "sub").mkdir()
    _text(folder / "sub", "c.txt")
    (folder / "gone.txt").symlink_to(folder / "missing.txt")


def test_skipped_entries_are_named_in_one_warning(tmp_path, caplog):
    _folder_with_extras(tmp_path)
    with caplog.at_level(logging.WARNING, logger="analysis.corpus"):
        corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus] == ["a"]
    assert [r.getMessage() for r in caplog.records] == [
        f"warning: {tmp_path}: skipped 4 entries not read as documents: "
        "B.TXT, gone.txt (broken link), notes.md, sub/"]


def test_skipped_entries_are_truncated(tmp_path, caplog):
    _text(tmp_path, "a.txt")
    for number in range(SKIPPED_NAMES_SHOWN + 3):
        _text(tmp_path, f"extra_{number:02d}.csv")
    with caplog.at_level(logging.WARNING, logger="analysis.corpus"):
        load_corpus(tmp_path)
    (record,) = caplog.records
    assert record.getMessage().endswith("extra_09.csv, and 3 more")
    assert f"skipped {SKIPPED_NAMES_SHOWN + 3} entries" in record.getMessage()


def test_no_warning_with_a_manifest_or_without_extras(tmp_path, caplog):
    _folder_with_extras(tmp_path)
    _manifest(tmp_path, "doc_id,file\na,a.txt\n")
    plain = tmp_path / "plain"
    plain.mkdir()
    _text(plain, "a.txt")
    with caplog.at_level(logging.WARNING, logger="analysis.corpus"):
        load_corpus(tmp_path)
        load_corpus(plain)
    assert caplog.records == []


def test_cli_shows_the_skipped_entries_warning_as_one_line(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _folder_with_extras(corpus)
    result = run_cli("tables", str(corpus), "--out", str(tmp_path / "out"), "--no-nlp", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"warning: {corpus}: skipped 4 entries not read as documents: "
        "B.TXT, gone.txt (broken link), notes.md, sub/"]
    assert (tmp_path / "out" / "documents.csv").is_file()


def test_library_reports_nul_in_a_manifest_cell_with_its_line(tmp_path):
    _text(tmp_path, "a.txt")
    (tmp_path / "manifest.csv").write_bytes(b"doc_id,file\na,a.txt\nb,b\x00.txt\n")
    with pytest.raises(CorpusError, match=r"manifest.csv:3: NUL byte at byte 23$"):
        load_corpus(tmp_path)


def test_a_loop_of_links_is_skipped_as_broken(tmp_path, caplog):
    _text(tmp_path, "a.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    with caplog.at_level(logging.WARNING, logger="analysis.corpus"):
        assert [d.doc_id for d in load_corpus(tmp_path)] == ["a"]
    assert caplog.records[0].getMessage().endswith("skipped 1 entry not read as documents: loop.txt (broken link)")
