"""Recognise dates written in running text and turn them into ISO strings.

>>> parse_date("15 december / 2022")
'2022-12-15'
>>> parse_date("December 15, 2022")
'2022-12-15'
>>> [(m.text, m.iso) for m in find_dates("signed in May 1997 and on 29 February 2024")]
[('May 1997', '1997-05'), ('29 February 2024', '2024-02-29')]
>>> date_precision("1997-05")
'month'

ISO strings here have three precisions: ``YYYY-MM-DD`` (day), ``YYYY-MM`` (month) and
``YYYY`` (year). :func:`date_precision` is the one place that tells them apart: the
timeline measures and the plots use it rather than counting characters or dashes.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

__all__ = [
    "MONTHS", "DateMatch", "find_dates", "parse_date", "date_from_filename", "check_iso_date",
    "date_precision", "date_status",
]

MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    MONTHS[calendar.month_name[_number].lower()] = _number
    MONTHS[calendar.month_abbr[_number].lower()] = _number
MONTHS["sept"] = 9

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[6-9]|20)\d{2})"
_SEP = r"[\s\u00a0]*[/,]?[\s\u00a0]*"

_PATTERNS = [
    # 15 December 2022, 15 december / 2022, 15 Dec. 2022, 5th of May 2022
    re.compile(rf"\b{_DAY}[\s\u00a0]+(?:of[\s\u00a0]+)?{_MONTH}{_SEP}{_YEAR}\b", re.IGNORECASE),
    # December 15, 2022
    re.compile(rf"\b{_MONTH}[\s\u00a0]+{_DAY},?{_SEP}{_YEAR}\b", re.IGNORECASE),
    # 2022-12-15
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>0[1-9]|1[0-2])-(?P<day>[0-3]\d)\b"),
    # 15.12.2022
    re.compile(r"\b(?P<day>[0-3]?\d)\.(?P<month>0?[1-9]|1[0-2])\.(?P<year>(?:19|20)\d{2})\b"),
    # May 1997 / Feb 2022 (month precision)
    re.compile(rf"\b{_MONTH}[\s\u00a0]+{_YEAR}\b", re.IGNORECASE),
]


@dataclass(frozen=True)
class DateMatch:
    """A date found in a text: its span, surface text and ISO value (day or month precision)."""

    start: int
    end: int
    text: str
    iso: str


def _to_iso(groups: dict[str, str | None]) -> str | None:
    year = int(groups["year"])  # type: ignore[arg-type]
    month_raw = groups["month"] or ""
    month = int(month_raw) if month_raw.isdigit() else MONTHS.get(month_raw.lower().rstrip("."))
    if month is None:
        return None
    day_raw = groups.get("day")
    if not day_raw:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, int(day_raw)).isoformat()
    except ValueError:
        return None


def find_dates(text: str) -> list[DateMatch]:
    """Find explicit dates (with a year) in ``text``, longest first where they overlap."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if any(span[0] < e and s < span[1] for s, e in taken):
                continue
            iso = _to_iso(match.groupdict())
            taken.append(span)  # an impossible date ("31 June 2022") is not read as "June 2022"
            if iso is None:
                continue
            found.append(DateMatch(span[0], span[1], match.group(0), iso))
    return sorted(found, key=lambda d: d.start)


def parse_date(text: str) -> str | None:
    """Parse ``text`` that is essentially one date; return ISO or None."""
    stripped = text.strip().strip("()[].,")
    matches = find_dates(stripped)
    if len(matches) != 1:
        return None
    match = matches[0]
    rest = (stripped[: match.start] + stripped[match.end :]).strip(" ,/-\u00a0")
    return match.iso if len(rest) <= 3 else None


_FILENAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_]?(0[1-9]|1[0-2])[-_]?(0[1-9]|[12]\d|3[01])(?!\d)")


def date_from_filename(name: str) -> str | None:
    """A date written in a file name (``kremlin_20220221_67828.txt`` -> ``2022-02-21``)."""
    match = _FILENAME_DATE.search(name)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
    except ValueError:
        return None


_ISO_DATE_RE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")


def check_iso_date(value: str) -> str:
    """Return ``value`` if it is a real ISO date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``).

    Raises ``ValueError`` saying what is wrong otherwise: the manifest's ``date`` column is
    taken as the document's date, so a typo must not pass as a stated date.

    >>> check_iso_date("2024-02-29"), check_iso_date("2025-12"), check_iso_date("1997")
    ('2024-02-29', '2025-12', '1997')
    >>> check_iso_date("2025-13-45")
    Traceback (most recent call last):
    ValueError: no month 13
    >>> check_iso_date("2023-02-29")
    Traceback (most recent call last):
    ValueError: February 2023 has 28 days
    >>> check_iso_date("yesterday")
    Traceback (most recent call last):
    ValueError: not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)
    """
    match = _ISO_DATE_RE.fullmatch(value)
    if match is None:
        raise ValueError("not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")
    year = int(match.group("year"))
    if year < 1:
        raise ValueError("no year 0")
    if match.group("month") is None:
        return value
    month = int(match.group("month"))
    if not 1 <= month <= 12:
        raise ValueError(f"no month {month}")
    if match.group("day") is None:
        return value
    day = int(match.group("day"))
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        raise ValueError(f"{calendar.month_name[month]} {year} has {days_in_month} days")
    return value


def date_precision(date: str) -> str:
    """``day``, ``month``, ``year`` or ``unknown`` for an ISO date such as ``2025-12``.

    Only the form is read (surrounding whitespace ignored), not whether the date exists:
    :func:`check_iso_date` does that. Anything else, a timestamp or an empty string
    included, is ``unknown``.

    >>> [date_precision(d) for d in ("2025-10-30", "2025-12", "2025", "")]
    ['day', 'month', 'year', 'unknown']
    >>> date_precision(" 1997-05 "), date_precision("1997-5"), date_precision(None)
    ('month', 'unknown', 'unknown')
    """
    match = _ISO_DATE_RE.fullmatch((date or "").strip())
    if match is None:
        return "unknown"
    if match.group("day") is not None:
        return "day"
    return "month" if match.group("month") is not None else "year"


def date_status(date_basis: str) -> str:
    """``stated``, ``inferred`` or ``unknown``: the word before the first colon of ``date_basis``.

    >>> date_status("inferred: date in the file name"), date_status(""), date_status("stated")
    ('inferred', 'unknown', 'stated')
    """
    word = (date_basis or "").split(":", 1)[0].strip().lower()
    return word if word in ("stated", "inferred") else "unknown"
