#!/usr/bin/env python
"""Regenerate the ``states`` section of ``analysis/data/actors.yaml``.

Every state of the world is listed: the 193 UN members and the two observer states (the
Holy See, Palestine) as given by ``country_converter`` (ISO 3166-1 alpha-3 ids), plus
Kosovo (XKX) and Taiwan (TWN), marked with ``status: partially_recognised``. Names and
official names come from ``country_converter`` and ``pycountry``; demonyms, capitals and
seats of government (metonyms) and extra aliases come from the hand-curated table
``analysis/data/states_curated.csv``, because neither package has them.

Only the part of the YAML file after the ``# BEGIN GENERATED STATES`` marker is
rewritten; the hand-curated actors above it are kept byte for byte. Output is
deterministic (states sorted by id, lists in a fixed order), so a re-run without changes
to the inputs leaves the file unchanged.

Usage::

    python scripts/build_register.py            # rewrite the states section in place
    python scripts/build_register.py --check    # exit 1 if the file is out of date

To change a state (a new alias, a demonym, a capital), edit the CSV and re-run; edits made
directly in the generated section are lost at the next run.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "analysis" / "data"
YAML_PATH = DATA / "actors.yaml"
CURATED_PATH = DATA / "states_curated.csv"
MARKER = "# BEGIN GENERATED STATES"

EXTRA_STATES = {
    # id: (status, note) for states that are not UN members.
    "VAT": ("observer", None),
    "PSE": ("observer", None),
    "XKX": ("partially_recognised", None),
    "TWN": ("partially_recognised", None),
}

# Display names where the packages' short names are awkward in a table.
NAME_OVERRIDES = {
    "BRN": "Brunei",
    "COD": "DR Congo",
    "COG": "Republic of the Congo",
    "FSM": "Micronesia",
    "KNA": "Saint Kitts and Nevis",
    "LCA": "Saint Lucia",
    "VCT": "Saint Vincent and the Grenadines",
    "VAT": "Holy See",
    "TUR": "Türkiye",
    "STP": "São Tomé and Príncipe",
    "CPV": "Cabo Verde",
}


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def _strip_article(name: str) -> str:
    return name[4:] if name.lower().startswith("the ") and name[4:5].isupper() else name


def _usable(name: str | None) -> bool:
    # pycountry's "Korea, Republic of" or "Holy See (Vatican City State)" are index forms,
    # not forms that occur in running text.
    return bool(name) and "," not in name and "(" not in name


def read_curated(path: Path = CURATED_PATH) -> dict[str, dict[str, str]]:
    """The curated table, keyed by ISO3 id (raises on a duplicate id)."""
    rows: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as stream:
        for line_no, row in enumerate(csv.DictReader(stream), start=2):
            iso3 = (row.get("iso3") or "").strip()
            if not iso3:
                raise SystemExit(f"{path}:{line_no}: empty iso3")
            if iso3 in rows:
                raise SystemExit(f"{path}:{line_no}: duplicate iso3 {iso3}")
            rows[iso3] = row
    return rows


def build_states(curated: dict[str, dict[str, str]]) -> list[dict]:
    """One dict per state, sorted by id."""
    import country_converter as coco
    import pycountry

    data = coco.CountryConverter().data
    members = data[data["UNmember"].notna() | data["ISO3"].isin(list(EXTRA_STATES))]
    states = []
    for row in members.itertuples():
        iso3 = row.ISO3
        cur = curated.get(iso3)
        if cur is None:
            raise SystemExit(f"{CURATED_PATH}: no row for {iso3} ({row.name_short})")
        name = NAME_OVERRIDES.get(iso3, row.name_short)
        candidates = [row.name_short, row.name_official]
        country = pycountry.countries.get(alpha_3=iso3)
        if country is not None:
            candidates += [getattr(country, "common_name", None), getattr(country, "official_name", None),
                           country.name]
        candidates += _split(cur.get("aliases"))
        dropped = set(_split(cur.get("drop_aliases")))
        aliases: list[str] = []
        for candidate in candidates:
            if not _usable(candidate):
                continue
            candidate = _strip_article(candidate.strip())
            if candidate == name or candidate in aliases or candidate in dropped:
                continue
            aliases.append(candidate)
        if name in dropped:
            raise SystemExit(f"{CURATED_PATH}: {iso3}: the display name {name!r} cannot be dropped")
        status, _ = EXTRA_STATES.get(iso3, ("un_member", None))
        entry = {
            "id": iso3,
            "name": name,
            "type": "state",
            "aliases": sorted(aliases, key=lambda s: (unicodedata.normalize("NFKD", s).lower(), s)),
            "demonyms": _split(cur.get("demonyms")),
            "metonyms": _split(cur.get("metonyms")),
            "status": status,
        }
        if status == "un_member":
            entry["un_member_since"] = int(row.UNmember)
        note = (cur.get("note") or "").strip()
        if note:
            entry["note"] = note
        states.append(entry)
    missing = set(curated) - {s["id"] for s in states}
    if missing:
        raise SystemExit(f"{CURATED_PATH}: rows for unknown states: {sorted(missing)}")
    return sorted(states, key=lambda s: s["id"])


def _scalar(value) -> str:
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def render(states: list[dict]) -> str:
    """The generated section as YAML text (JSON-style quoting, one key per line)."""
    lines = [
        MARKER,
        "# Generated by scripts/build_register.py from country_converter, pycountry and",
        "# analysis/data/states_curated.csv. Do not edit by hand: edit the CSV and re-run.",
        "states:",
    ]
    for state in states:
        lines.append(f"  - id: {state['id']}")
        for key in ("name", "type", "aliases", "demonyms", "metonyms", "status", "un_member_since", "note"):
            if key not in state or key == "id":
                continue
            value = state[key]
            if isinstance(value, list):
                lines.append(f"    {key}: [{', '.join(_scalar(v) for v in value)}]")
            else:
                lines.append(f"    {key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def updated_text(current: str, section: str) -> str:
    """``current`` with everything from the marker on replaced by ``section``."""
    head, found, _ = current.partition(MARKER)
    if not found:
        head = current if current.endswith("\n") or not current else current + "\n"
    return head + section


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--yaml", type=Path, default=YAML_PATH)
    parser.add_argument("--curated", type=Path, default=CURATED_PATH)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file would change")
    args = parser.parse_args(argv)

    states = build_states(read_curated(args.curated))
    current = args.yaml.read_text(encoding="utf-8") if args.yaml.exists() else ""
    new = updated_text(current, render(states))
    if args.check:
        if new != current:
            print(f"{args.yaml}: states section is out of date; run scripts/build_register.py")
            return 1
        print(f"{args.yaml}: up to date ({len(states)} states)")
        return 0
    if new != current:
        args.yaml.write_text(new, encoding="utf-8")
    print(f"{args.yaml}: {len(states)} states written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
