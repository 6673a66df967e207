"""Exercise checks for the notebooks: compare an answer with the expected one, print one line.

Each exercise cell ends with ``check(answer, expected)``. The comparison is forgiving in
the ways a reader's answer differs without being wrong (case and spaces of a string,
rounding of a number, the order of a set), and the feedback is one printed line, so the
cell's output is the same on every run. :func:`first_value` and :func:`most_common` give
the expected answer from a table, also on a corpus where the table is empty.

>>> check(3, 3)
Correct.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import pandas as pd

__all__ = ["check", "first_value", "is_correct", "most_common"]


def _normalise(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    if isinstance(value, (set, frozenset)):
        return frozenset(_normalise(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_normalise(v) for v in value]
    if isinstance(value, pd.Series):
        return [_normalise(v) for v in value.tolist()]
    if hasattr(value, "item") and not isinstance(value, (list, tuple)):  # numpy scalar
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value


def _matches(answer: Any, expected: Any, tolerance: float) -> bool:
    answer, expected = _normalise(answer), _normalise(expected)
    if isinstance(expected, bool) or isinstance(answer, bool):
        return answer is expected or answer == expected
    if isinstance(expected, (int, float)) and isinstance(answer, (int, float)):
        return math.isclose(answer, expected, rel_tol=0, abs_tol=tolerance)
    if isinstance(expected, frozenset) and isinstance(answer, list):
        return frozenset(answer) == expected
    if isinstance(expected, list) and isinstance(answer, frozenset):
        return answer == frozenset(expected)
    return answer == expected


def check(answer: Any, expected: Any, *, tolerance: float = 1e-6, hint: str | None = None) -> None:
    """Check an exercise answer and print one line of feedback.

    Strings are compared without case and extra spaces, numbers within ``tolerance``,
    a set matches a list with the same items in any order. ``answer is None`` means
    "not answered yet". Returns nothing, so the cell shows only the printed line
    (use :func:`is_correct` for the bare comparison).

    >>> check(None, 5)
    No answer yet: replace None with your answer and run the cell again.
    >>> check(" MOSCOW", "moscow")
    Correct.
    >>> check(4, 5, hint="count the rows, not the columns")
    Not yet: 4 is not the expected answer. Hint: count the rows, not the columns.
    """
    if answer is None:
        print("No answer yet: replace None with your answer and run the cell again.")
    elif is_correct(answer, expected, tolerance=tolerance):
        print("Correct.")
    else:
        message = f"Not yet: {answer!r} is not the expected answer."
        if hint:
            hint = hint.strip()
            message += f" Hint: {hint}" + ("" if hint[-1] in ".!?" else ".")
        print(message)


def is_correct(answer: Any, expected: Any, *, tolerance: float = 1e-6) -> bool:
    """The comparison :func:`check` makes, as a boolean.

    >>> is_correct({"b", "a"}, ["a", "b"]), is_correct(2.0000001, 2), is_correct("x", "y")
    (True, True, False)
    """
    return _matches(answer, expected, tolerance)


def first_value(table: pd.DataFrame | None, column: str, default: Any = None) -> Any:
    """``table[column]`` of the first row, or ``default`` when the table is empty
    (for exercise checks that must also run on a corpus where the table is empty).

    >>> first_value(pd.DataFrame({"x": [3, 4]}), "x"), first_value(pd.DataFrame({"x": []}), "x")
    (3, None)
    """
    if table is None or not len(table):
        return default
    value = table[column].iloc[0]
    return value.item() if hasattr(value, "item") else value


def most_common(values: Iterable[Any]) -> Any:
    """The most frequent value (ties: the smallest), or None for no values.

    >>> most_common([2014, 2022, 2014, 2022, 1997]), most_common([])
    (2014, None)
    """
    counts = pd.Series(list(values), dtype=object).value_counts()
    if counts.empty:
        return None
    best = min(v for v in counts.index if counts[v] == counts.max())
    return best.item() if hasattr(best, "item") else best
