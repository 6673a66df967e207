"""Bad ``--register`` / ``--lexicon`` files: one line naming the file, exit 2, nothing written.

Each case runs the real command line as a subprocess on a one-document corpus, so what
is checked is what a user sees: the exit status, the single ``error:`` line on stderr
(file, and line or byte where there is one), no traceback, and no output folder.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from tests.cli_helpers import run_cli


GOOD_REGISTER = "actors:\n  - id: RUS\n    name: Russia\n    type: state\n"
GOOD_LEXICON = "frames:\n  - id: peace\n    label: Peace\n    definition: d\n    patterns: [peace*]\n"




@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "talks.txt").write_text("Talks in Moscow\n\nRussia proposed peace talks on Monday.\n",
                                      encoding="utf-8")
    return folder


def _write(folder: Path, name: str, content: bytes | None) -> Path:
    """A data file ``name`` under ``folder``: bytes, a folder (``b"<dir>"``) or nothing (None)."""
    path = folder / name
    if content == b"<dir>":
        path.mkdir()
        (path / "inside.yaml").write_text(GOOD_REGISTER, encoding="utf-8")
    elif content is not None:
        path.write_bytes(content)
    return path


# (case, file content, expected message after "error: <file>") for both options.
COMMON_CASES = [
    ("missing", None, ": cannot read {what}: No such file or directory"),
    ("folder", b"<dir>", ": is a folder, not a {what} file"),
    ("empty", b"", ": the {what} file is empty"),
    ("blank", b"  \n\n", ": the {what} file is empty"),
    ("latin1", "# caf\u00e9\n".encode("latin-1") + b"x: 1\n", ": not valid UTF-8 at byte 5 (line 1): invalid continuation byte"),
    ("bad_byte_line3", b"a: 1\nb: 2\nc: \xff\n", ": not valid UTF-8 at byte 13 (line 3): invalid start byte"),
    ("unclosed", b"a: 1\nb: [1, 2\n",
     ":3: not valid YAML: while parsing a flow sequence (from line 2): expected ',' or ']', but got '<stream end>'"),
    ("bad_indent", b"a:\n  b: 1\n c: 2\n", ":3: not valid YAML: "),
    ("python_tag", b"a: !!python/object/apply:os.system ['echo hacked']\n",
     ":1: not valid YAML: could not determine a constructor for the tag "
     "'tag:yaml.org,2002:python/object/apply:os.system'"),
]
REGISTER_CASES = COMMON_CASES + [
    ("list", b"- RUS\n- UKR\n", ": the register must be a mapping with 'actors' (and 'states'), got a list"),
    ("scalar", b"just words\n", ": the register must be a mapping with 'actors' (and 'states'), got a str"),
    ("actors_not_list", b"actors: 5\n", ": section 'actors' must be a list"),
    ("actor_not_mapping", b"actors: [RUS]\n", ": actors[0]: an actor must be a mapping, got str"),
]
LEXICON_CASES = COMMON_CASES + [
    ("list", b"- peace\n", ": expected a mapping with a top-level 'frames:' list, got a list"),
    ("no_frames", b"patterns: [peace]\n", ": expected a top-level 'frames:' list"),
    ("frame_not_mapping", b"frames: [peace]\n", ": frame #1: expected a mapping with id, label, definition, patterns"),
    ("pathological_glob", b"frames:\n  - id: evil\n    label: E\n    patterns: ['*a*a*a*a*a*a*a*a*a*a*a*a*b']\n",
     ": frame 'evil': pattern '*a*a*a*a*a*a*a*a*a*a*a*a*b' has 13 '*' in one word (at most 6)"),
    ("too_long", b"frames:\n  - id: long\n    label: L\n    patterns: ['" + b"a" * 250 + b"']\n",
     ": frame 'long': pattern 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'... is 250 characters long (at most 200)"),
]


def _check_refused(corpus: Path, option: str, name: str, content: bytes | None, expected: str) -> None:
    what = option.lstrip("-")
    data_file = _write(corpus.parent, f"{name}.yaml", content)
    out = corpus.parent / "out"
    result = run_cli("tables", str(corpus), "--out", str(out), "--quiet", option, str(data_file),
                     cwd=corpus.parent)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: {data_file}" + expected.format(what=what)), lines[0]
    assert not out.exists()


@pytest.mark.parametrize("name, content, expected", REGISTER_CASES, ids=[c[0] for c in REGISTER_CASES])
def test_bad_register_is_one_line_and_exit_2(corpus: Path, name: str, content: bytes | None, expected: str) -> None:
    _check_refused(corpus, "--register", name, content, expected)


@pytest.mark.parametrize("name, content, expected", LEXICON_CASES, ids=[c[0] for c in LEXICON_CASES])
def test_bad_lexicon_is_one_line_and_exit_2(corpus: Path, name: str, content: bytes | None, expected: str) -> None:
    _check_refused(corpus, "--lexicon", name, content, expected)


def test_good_files_are_accepted(corpus: Path) -> None:
    """The same harness with valid files succeeds, so the refusals above are about the files."""
    register = _write(corpus.parent, "register.yaml", GOOD_REGISTER.encode("utf-8"))
    lexicon = _write(corpus.parent, "lexicon.yaml", GOOD_LEXICON.encode("utf-8"))
    out = corpus.parent / "out"
    result = run_cli("tables", str(corpus), "--out", str(out), "--quiet", "--register", str(register),
                     "--lexicon", str(lexicon), cwd=corpus.parent)
    assert result.returncode == 0, result.stderr
    frames = pd.read_csv(out / "frame_mentions.csv")
    assert frames["frame_id"].tolist() == ["peace"]
    assert set(pd.read_csv(out / "actor_mentions.csv")["actor_id"]) == {"RUS"}


def test_format_characters_never_reach_actor_ids(tmp_path: Path) -> None:
    """Bidi controls and other invisible characters inside names: clean ids, original offsets."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    text = ("Talks in Moscow\n\nOfficials of Rus\u202esia met officials from \u2066Ukraine\u2069 on Monday. "
            "Ambassador Vol\u200edemar Zor\u2060gat spoke to reporters about NA\ufeffTO.\n")
    (folder / "bidi.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("tables", str(folder), "--out", str(out), "--quiet", "--no-cache", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    mentions = pd.read_csv(out / "actor_mentions.csv")
    by_text = dict(zip(mentions["text"], mentions["actor_id"]))
    assert by_text["Rus\u202esia"] == "RUS"
    assert by_text["Ukraine"] == "UKR"  # the isolates around it are outside the span
    assert by_text["NA\ufeffTO"] == "NATO"
    assert by_text["Vol\u200edemar Zor\u2060gat"] == "unlinked:voldemar zorgat"
    for row in mentions.itertuples():
        assert text[row.start:row.end] == row.text  # offsets point into the original
        assert row.actor_id.isprintable() and str(row.actor_name).isprintable()
