"""analysis.tables.io: writing a set of tables (CSV and Parquet) and reading it back."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.output import FORMULA_PREFIXES
from analysis.tables.io import load_tables, write_partitioned, write_tables

# Cells a spreadsheet would run as formulas, one per dangerous first character (a carriage
# return has its own test below), plus harmless text and numbers (negative numbers must stay numbers).
RISKY = [prefix + "cmd|' /C calc'!A0" for prefix in FORMULA_PREFIXES if prefix != "\r"]

# Cells CSV must quote (or keep apart from missing values).
NOTES = ["Peace", None, "a, b", 'say "yes"\nand "no"', ""]


def tricky_table() -> pd.DataFrame:
    n = len(RISKY)
    return pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(n)],
        "start": np.arange(n, dtype="int64") - 3,
        "share": np.linspace(-1.5, 2.25, n),
        "text": RISKY,
        "note": [NOTES[i % len(NOTES)] for i in range(n)],
        "flag": [True, False] * (n // 2) + [True] * (n % 2),
    })


def test_write_tables_writes_csv_and_parquet_per_table(tmp_path):
    tables = {"one": tricky_table(), "two": tricky_table().head(2)}
    written = write_tables(tables, tmp_path)
    assert sorted(p.name for p in written) == ["one.csv", "one.parquet", "two.csv", "two.parquet"]
    assert all(p.parent == tmp_path and p.is_file() for p in written)
    only_csv = tmp_path / "csv"
    only_csv.mkdir()
    assert [p.name for p in write_tables(tables, only_csv, formats=("csv",))] == ["one.csv", "two.csv"]


def test_round_trip_gives_equal_tables(tmp_path):
    tables = {"tricky": tricky_table(), "empty": tricky_table().head(0)}
    write_tables(tables, tmp_path)
    back = load_tables(tmp_path)
    assert sorted(back) == sorted(tables)
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(back[name], frame, check_exact=True, obj=name)


def test_round_trip_of_the_seed_tables(seed_tables, tmp_path):
    write_tables(seed_tables, tmp_path)
    back = load_tables(tmp_path)
    assert sorted(back) == sorted(seed_tables)
    for name, frame in seed_tables.items():
        pd.testing.assert_frame_equal(back[name], frame, check_exact=True, obj=name)


def test_csv_formula_cells_are_escaped_and_parquet_keeps_them(tmp_path):
    frame = tricky_table()
    before = frame.copy()
    write_tables({"t": frame}, tmp_path)
    pd.testing.assert_frame_equal(frame, before)  # the caller's table is not changed
    with open(tmp_path / "t.csv", newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["text"] for row in rows] == ["'" + value for value in RISKY]
    assert [int(row["start"]) for row in rows] == frame["start"].tolist()  # numbers stay numbers
    assert [row["doc_id"] for row in rows] == frame["doc_id"].tolist()  # harmless text is untouched
    assert [row["note"] for row in rows] == ["" if v is None else v for v in frame["note"]]
    assert pd.read_parquet(tmp_path / "t.parquet")["text"].tolist() == RISKY


def test_every_formula_prefix_is_tried():
    assert len(RISKY) == len(FORMULA_PREFIXES) - 1 >= 5


def test_a_carriage_return_cell_survives_the_csv(tmp_path):
    frame = pd.DataFrame({"doc_id": ["a", "b"], "text": ["\rcmd", "mid\rdle"]})
    write_tables({"t": frame}, tmp_path, formats=("csv",))
    back = load_tables(tmp_path)["t"]
    assert back["doc_id"].tolist() == ["a", "b"]
    assert back["text"].tolist() == ["'\rcmd", "mid\rdle"]


def test_parquet_is_preferred_to_csv(tmp_path):
    write_tables({"t": tricky_table()}, tmp_path)
    loaded = load_tables(tmp_path)["t"]
    assert loaded["text"].tolist() == RISKY  # not the escaped CSV cells
    (tmp_path / "t.parquet").unlink()
    from_csv = load_tables(tmp_path)["t"]
    assert from_csv["text"].tolist() == ["'" + value for value in RISKY]


def test_names_select_and_order_the_tables(tmp_path):
    write_tables({"a": tricky_table(), "b": tricky_table(), "c": tricky_table()}, tmp_path)
    assert list(load_tables(tmp_path, ["c", "a"])) == ["c", "a"]
    with pytest.raises(InputError) as error:
        load_tables(tmp_path, ["a", "nope"])
    assert error.value.path == str(tmp_path) and "nope" in str(error.value)


def test_partitioned_tables_read_back_in_order(tmp_path):
    frame = tricky_table()
    write_partitioned({"t": frame}, tmp_path, parts=3)
    assert len(list((tmp_path / "t").glob("part.*.parquet"))) == 3
    pd.testing.assert_frame_equal(load_tables(tmp_path)["t"], frame, check_exact=True)


def test_missing_folder_is_an_input_error_naming_it(tmp_path):
    missing = tmp_path / "no such tables"
    with pytest.raises(InputError) as error:
        load_tables(missing)
    assert error.value.path == str(missing)
    assert str(error.value).startswith(f"{missing}: ")


def test_a_file_instead_of_a_folder_is_an_input_error_naming_it(tmp_path):
    path = tmp_path / "tables.csv"
    path.write_text("doc_id\na\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_tables(path)
    assert error.value.path == str(path)


def test_folder_without_tables_is_an_input_error_naming_it(tmp_path):
    (tmp_path / "notes.txt").write_text("not a table", encoding="utf-8")
    (tmp_path / ".hidden.csv").write_text("doc_id\na\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_tables(tmp_path)
    assert error.value.path == str(tmp_path) and "no tables" in str(error.value)
