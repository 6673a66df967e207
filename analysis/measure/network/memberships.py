"""Who belongs to which group, and since when: ``analysis/data/memberships.yaml``.

Statement networks compare camps: do EU and NATO members agree more among themselves
than with the rest? The camps come from facts that hold for any corpus (accession and
withdrawal dates), kept in an editable data file and checked when loaded:
:func:`load_memberships` refuses a malformed file with one line naming the file (and the
line, where YAML gives one), and :meth:`Memberships.members` answers "who belonged to
this group on that date?".

>>> memberships = load_memberships()
>>> "GBR" in memberships.members("EU", "2019-06-01"), "GBR" in memberships.members("EU", "2020-09")
(True, False)
>>> len(memberships.members("NATO", "2020-09-15"))
30
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from analysis.dates import check_iso_date
from analysis.errors import InputError
from analysis.text import read_utf8_file, yaml_error_line, yaml_error_message

__all__ = [
    "DEFAULT_MEMBERSHIPS_PATH", "Group", "Member", "Memberships", "MembershipsError",
    "load_memberships",
]

DEFAULT_MEMBERSHIPS_PATH = Path(__file__).resolve().parents[2] / "data" / "memberships.yaml"

# Register ids of groups and states: upper-case letters, digits and underscores (EU,
# NATO, G7, USA); see the id rules at the top of analysis/data/actors.yaml.
_ID_RE = re.compile(r"[A-Z][A-Z0-9_]*")


class MembershipsError(InputError, ValueError):
    """A memberships file that cannot be used: the message names the file (and line)."""


@dataclass(frozen=True)
class Member:
    """One membership: the member's register id and the ISO dates it began and ended
    (empty: from the beginning / still a member)."""

    id: str
    since: str = ""
    until: str = ""

    def holds_on(self, date: str | None) -> bool:
        """Whether the membership holds on ``date`` (an ISO date, possibly partial; a
        partial date counts as its first day; None or "": always).

        >>> Member("GBR", "1973-01-01", "2020-01-31").holds_on("2020-02")
        False
        """
        if not date:
            return True
        day = _first_day(date)
        return (not self.since or self.since <= day) and (not self.until or day <= self.until)


@dataclass(frozen=True)
class Group:
    """A group (its register id and name) and its members over time."""

    id: str
    name: str
    members: tuple[Member, ...]
    note: str = ""


def _first_day(date: str) -> str:
    """``2020-09`` -> ``2020-09-01``, ``2020`` -> ``2020-01-01`` (a full date unchanged)."""
    date = str(date).strip()
    return {4: date + "-01-01", 7: date + "-01"}.get(len(date), date)


@dataclass(frozen=True)
class Memberships:
    """The groups of a memberships file, by id."""

    groups: Mapping[str, Group]
    source: str = ""

    def members(self, group: str, date: str | None = None) -> set[str]:
        """The ids of ``group``'s members on ``date`` (all who ever belonged without one).

        >>> sorted(load_memberships().members("G7"))
        ['CAN', 'DEU', 'FRA', 'GBR', 'ITA', 'JPN', 'USA']
        """
        if group not in self.groups:
            raise KeyError(f"no group {group!r} in {self.source or 'the memberships'}; "
                           f"groups: {', '.join(sorted(self.groups))}")
        return {m.id for m in self.groups[group].members if m.holds_on(date)}

    def group_of(self, groups: Iterable[str], date: str | None = None, *,
                 label: str | None = None, include_groups: bool = False) -> dict[str, str]:
        """``actor id -> label`` for every member of any of ``groups`` on ``date``: the
        membership mapping polarisation takes. ``label`` defaults to the group ids joined
        by ``/`` (one camp made of several groups, "EU/NATO"). With ``include_groups`` the
        groups themselves are in the camp too (the EU speaks at the UN as an observer).

        >>> camp = load_memberships().group_of(["EU", "NATO"], "2020-09")
        >>> camp["USA"], camp["FRA"], "GBR" in camp, len(camp)
        ('EU/NATO', 'EU/NATO', True, 36)
        >>> "EU" in camp, "EU" in load_memberships().group_of(["EU"], include_groups=True)
        (False, True)
        """
        groups = list(groups)
        label = label or "/".join(groups)
        camp = {actor: label for group in groups for actor in sorted(self.members(group, date))}
        if include_groups:
            camp.update({group: label for group in groups})
        return camp

    def camp_of(self, actor_ids: Iterable[str], groups: Iterable[str] | None = None, date: str | None = None, *,
                state_of: Callable[[str, str | None], str | None] | None = None) -> dict[str, str]:
        """The camp of a corpus's actors: :meth:`group_of` ``groups`` (with the groups
        themselves), plus every actor of ``actor_ids`` whose state (``state_of``, e.g.
        :meth:`analysis.register.ActorRegister.state_of`: a minister counts with their
        state) is in it. Without ``groups``: the one group that most of ``actor_ids``
        belong to (itself, or through their state); ties go to the group listed first
        in the file; no group at all gives an empty camp.

        >>> m = load_memberships()
        >>> camp = m.camp_of(["RUS", "CHN", "UKR", "lavrov"], state_of=lambda a, d: {"lavrov": "RUS"}.get(a, a))
        >>> sorted(a for a in camp if a in {"RUS", "CHN", "UKR", "lavrov"}), set(camp.values())
        (['CHN', 'RUS', 'lavrov'], {'BRICS'})
        >>> m.camp_of(["FRA"], ["EU", "NATO"])["FRA"], m.camp_of(["XYZ"])
        ('EU/NATO', {})
        """
        actors = sorted(set(actor_ids))
        state = (lambda actor: state_of(actor, date)) if state_of is not None else (lambda actor: actor)
        if groups is None:
            def count(group: str) -> int:
                inside = self.members(group, date) | {group}
                return sum(1 for actor in actors if actor in inside or state(actor) in inside)
            counts = [(count(group), -order, group) for order, group in enumerate(self.groups)]
            best = max(counts, default=(0, 0, None))
            if best[0] == 0:
                return {}
            groups = [best[2]]
        camp = self.group_of(groups, date, include_groups=True)
        label = next(iter(camp.values()), "/".join(groups))
        camp.update({actor: label for actor in actors if state(actor) in camp})
        return camp


def _date_value(value: Any, where: str, source: str) -> str:
    """A YAML date (parsed by PyYAML) or an ISO string, checked, as ``YYYY-MM-DD`` text."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        check_iso_date(text)
    except ValueError as exc:
        raise MembershipsError(source, f"{where}: {text!r} is not a date ({exc})") from None
    return _first_day(text)


def _member(raw: Any, group: str, source: str) -> Member:
    if isinstance(raw, str):
        raw = {"id": raw}
    if not isinstance(raw, Mapping):
        raise MembershipsError(source, f"group {group}: a member must be an id or "
                                       f"{{id, since, until}}, got {raw!r}")
    unknown = set(raw) - {"id", "since", "until"}
    if unknown:
        raise MembershipsError(source, f"group {group}: unknown key(s) {sorted(unknown)} in a member")
    member_id = str(raw.get("id") or "").strip()
    if not _ID_RE.fullmatch(member_id):
        raise MembershipsError(source, f"group {group}: member id must be a register id such "
                                       f"as USA or NATO, got {raw.get('id')!r}")
    since = _date_value(raw.get("since"), f"group {group}, member {member_id}, since", source)
    until = _date_value(raw.get("until"), f"group {group}, member {member_id}, until", source)
    if since and until and until < since:
        raise MembershipsError(source, f"group {group}, member {member_id}: until {until} "
                                       f"is before since {since}")
    return Member(member_id, since, until)


def memberships_from_dict(data: Any, source: str = "memberships",
                          register: Container[str] | None = None) -> Memberships:
    """Validate parsed YAML (see :func:`load_memberships`); ``register``: known ids.

    >>> memberships_from_dict({"schema_version": 1, "groups": {"EU": {"members": ["FRA", "fra"]}}})
    Traceback (most recent call last):
    analysis.measure.network.memberships.MembershipsError: memberships: group EU: member id must be a register id such as USA or NATO, got 'fra'
    """
    if not isinstance(data, Mapping):
        raise MembershipsError(source, "expected a mapping with `schema_version` and `groups`")
    if data.get("schema_version") != 1:
        raise MembershipsError(source, f"schema_version must be 1, got {data.get('schema_version')!r}")
    unknown = set(data) - {"schema_version", "groups"}
    if unknown:
        raise MembershipsError(source, f"unknown top-level key(s) {sorted(unknown)}")
    raw_groups = data.get("groups")
    if not isinstance(raw_groups, Mapping) or not raw_groups:
        raise MembershipsError(source, "`groups` must be a non-empty mapping of group id -> group")
    groups: dict[str, Group] = {}
    for group_id, raw in raw_groups.items():
        group_id = str(group_id)
        if not _ID_RE.fullmatch(group_id):
            raise MembershipsError(source, f"group id must be a register id such as EU or NATO, "
                                           f"got {group_id!r}")
        if not isinstance(raw, Mapping):
            raise MembershipsError(source, f"group {group_id}: expected name and members")
        unknown = set(raw) - {"name", "note", "members"}
        if unknown:
            raise MembershipsError(source, f"group {group_id}: unknown key(s) {sorted(unknown)}")
        raw_members = raw.get("members")
        if not isinstance(raw_members, list) or not raw_members:
            raise MembershipsError(source, f"group {group_id}: `members` must be a non-empty list")
        members = tuple(_member(m, group_id, source) for m in raw_members)
        seen: set[str] = set()
        for member in members:
            # One period per member and group keeps "member on date X" a single lookup;
            # a state that left and rejoined would need a second entry type.
            if member.id in seen:
                raise MembershipsError(source, f"group {group_id}: member {member.id} listed twice")
            seen.add(member.id)
        if register is not None:
            unknown_ids = sorted(i for i in {group_id, *seen} if i not in register)
            if unknown_ids:
                raise MembershipsError(source, f"group {group_id}: id(s) not in the register: "
                                               f"{', '.join(unknown_ids)}")
        groups[group_id] = Group(group_id, str(raw.get("name") or group_id), members,
                                 " ".join(str(raw.get("note") or "").split()))
    return Memberships(groups, source)


class _TextDatesLoader(yaml.SafeLoader):
    """PyYAML's safe loader, reading dates as text: an impossible date ("2020-13-01")
    then reaches :func:`check_iso_date`, which says what is wrong, instead of failing
    inside PyYAML without a line."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_memberships(path: str | Path | None = None,
                     register: Container[str] | None = None) -> Memberships:
    """Load and validate a memberships file (default: ``analysis/data/memberships.yaml``).

    With ``register`` (the :class:`~analysis.register.ActorRegister`, or any container of
    ids), every group and member id must be one of its actors. Any problem is one
    :class:`MembershipsError` line naming the file.

    >>> import tempfile
    >>> bad = Path(tempfile.mkdtemp()) / "m.yaml"
    >>> _ = bad.write_text("schema_version: 1\\ngroups:\\n  EU:\\n    members: [{id: FRA, since: 2020-13-01}]\\n")
    >>> load_memberships(bad)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    analysis.measure.network.memberships.MembershipsError: ...m.yaml: group EU, member FRA, since: '2020-13-01' is not a date (no month 13)
    """
    path = Path(path) if path is not None else DEFAULT_MEMBERSHIPS_PATH
    text = read_utf8_file(path, "memberships", MembershipsError)
    try:
        # safe: python tags (!!python/object) are refused
        data = yaml.load(text, Loader=_TextDatesLoader)
    except yaml.YAMLError as exc:
        raise MembershipsError(path, f"not valid YAML: {yaml_error_message(exc)}",
                               line=yaml_error_line(exc)) from None
    return memberships_from_dict(data, str(path), register)
