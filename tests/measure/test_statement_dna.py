"""DNA's definitions, worked by hand on toy statement lists: the normalisations where they
differ from their textbook namesakes, subtract, the integer qualifier, the time windows'
edges, kernel smoothing and DNA's polarisation expectation.

Each toy list is written here; the comments give the hand calculation the assertions
check (DNA's ``Exporter.computeOneModeMatrix``, ``Exporter.zeta`` / ``processTimeSlice`` and
``Polarisation.qualityAbsdiff`` of leifeld/dna).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from analysis.measure import network as net
from analysis.measure.network import statements as dna
from analysis.measure.network.statements import toy_statements


def _weights(G) -> dict[tuple[str, str], float]:
    return {tuple(sorted((u, v))): round(w, 4) for u, v, w in G.edges(data="weight")}


# A supports f and g, B supports f: congruence A-B = 1 (f+ 1 * 1), activity A 2, B 1.
#   average 1 / 1.5 = 0.6667
#   cosine, DNA's n_i * n_j: 1 / 2 = 0.5 (the Euclidean cosine would be 1 / sqrt(2) = 0.7071)
#   jaccard: m10 = A's g+ (a cell B does not use) = 1, m01 = 0, m11 = 1 * 1 -> 1 / 2 = 0.5
@pytest.mark.parametrize("normalization, expected", [
    ("no", 1.0), ("average", 0.6667), ("cosine", 0.5), ("jaccard", 0.5)])
def test_normalisations_on_unequal_activity(normalization, expected):
    s = toy_statements([("d1", "A", "f", "support"), ("d1", "A", "g", "support"), ("d1", "B", "f", "support")])
    assert _weights(net.statement_network(s, "congruence", normalization)) == {("A", "B"): expected}


# A: f+ (d1), g- (d1); B: f+ (d1), f+ (d2), g+ (d1). Congruence f+: 1 * 2 = 2; conflict on g:
# A- * B+ = 1; subtract 2 - 1 = 1; average activity (2 + 3) / 2 = 2.5: subtract 0.4, and the
# two parts are divided by the same denominator (0.8 - 0.4).
def test_subtract_by_hand():
    s = toy_statements([("d1", "A", "f", "support"), ("d1", "A", "g", "oppose"), ("d1", "B", "f", "support"),
                        ("d2", "B", "f", "support"), ("d1", "B", "g", "support")])
    G = net.statement_network(s, "subtract", "average")
    assert (G.edges["A", "B"]["value"], G.edges["A", "B"]["weight"]) == (1.0, 0.4)
    assert G.edges["A", "B"]["frames"] == "f;g"
    congruence = net.statement_network(s, "congruence", "average").edges["A", "B"]["weight"]
    conflict = net.statement_network(s, "conflict", "average").edges["A", "B"]["weight"]
    assert (congruence, conflict) == (0.8, 0.4)
    # Agreement and disagreement cancelling out leave no tie (DNA's matrix cell is 0).
    even = toy_statements([("d1", "A", "f", "support"), ("d1", "A", "g", "oppose"),
                           ("d1", "B", "f", "support"), ("d1", "B", "g", "support")])
    assert net.statement_network(even, "subtract").number_of_edges() == 0


def test_integer_qualifier_keeps_its_scale_without_opposition():
    # Only neutral and support in the data: on the fixed -1..+1 scale a support-neutral pair
    # is half agreement, half disagreement (DNA's range of the values found would be 0..1).
    s = toy_statements([("d1", "A", "f", "neutral"), ("d1", "B", "f", "support")])
    assert _weights(net.statement_network(s, "congruence", include_neutral=True)) == {("A", "B"): 0.5}
    assert _weights(net.statement_network(s, "conflict", include_neutral=True)) == {("A", "B"): 0.5}
    # Without include_neutral A has no counted statement and is no node.
    assert list(net.statement_network(s).nodes) == ["B"]
    # Two-mode combine: a neutral statement next to support leaves the tie "support".
    mixed = toy_statements([("d1", "A", "f", "neutral"), ("d2", "A", "f", "support")])
    row = net.stance_table(mixed, include_neutral=True).iloc[0]
    assert (row["combine"], row["tie"], row["subtract"]) == (1, "support", 1)


def test_window_edges_are_half_open():
    # 30-day windows from 2020-01-01: [01-01, 01-31) holds A, [01-31, 03-01) holds B and C;
    # a statement on a window's end day belongs to the next window.
    s = toy_statements([("d1", "A", "f", "support", "2020-01-01"), ("d2", "B", "f", "support", "2020-01-31"),
                        ("d3", "C", "f", "support", "2020-02-29")])
    summary = net.time_window_summary(s, 30, 30)
    assert summary[["window_start", "window_end", "statements", "ties"]].values.tolist() == [
        ["2020-01-01", "2020-01-31", 1, 0], ["2020-01-31", "2020-03-01", 2, 1]]
    series = net.time_window_networks(s, 30, 30)
    assert series[["window", "source", "target"]].values.tolist() == [[2, "B", "C"]]
    # stop limits the windows' starts, start moves the first one.
    assert len(net.time_window_summary(s, 30, 30, stop="2020-01-15")) == 1
    assert net.time_window_summary(s, 30, 30, start="2020-01-15")["window_start"].iloc[0] == "2020-01-15"


# Kernel slices, one mid-point 2020-01-11, window 40 days: A (support, 01-01) and C (oppose,
# 01-21) lie 10 days from the mid-point (d = 2 * 10 / 40 = 0.5), B (support, 01-11) on it.
#   triangular 1 - |d|: A 0.5, B 1, C 0.5
#     congruence A-B sqrt(0.5 * 1) = 0.7071; conflict A-C sqrt(0.5 * 0.5) = 0.5, B-C 0.7071
#     average: A-B 0.7071 / ((0.5 + 1) / 2) = 0.9428
#   epanechnikov 0.75 (1 - d^2): A and C 0.5625, B 0.75: A-B sqrt(0.5625 * 0.75) = 0.6495
#   gaussian: phi(0.5) = 0.35207, phi(0) = 0.39894: A-B sqrt(0.35207 * 0.39894) = 0.3748
#   uniform 0.5 each: A-B 0.5, i.e. half the unsmoothed count
KERNEL_TOY = [("d1", "A", "f", "support", "2020-01-01"), ("d2", "B", "f", "support", "2020-01-11"),
              ("d3", "C", "f", "oppose", "2020-01-21")]


def _slice(kernel: str, kind: str = "congruence", normalization: str = "no") -> dict[tuple[str, str], float]:
    table = dna.kernel_window_networks(toy_statements(KERNEL_TOY), 40, kernel=kernel, kind=kind,
                                       normalization=normalization, start="2020-01-11", stop="2020-01-11")
    assert set(table["window_mid"]) <= {"2020-01-11"}
    return {(r.source, r.target): round(r.weight, 4) for r in table.itertuples()}


def test_kernel_slices_by_hand():
    assert _slice("triangular") == {("A", "B"): 0.7071}
    assert _slice("triangular", "conflict") == {("A", "C"): 0.5, ("B", "C"): 0.7071}
    assert _slice("triangular", normalization="average") == {("A", "B"): 0.9428}
    assert _slice("epanechnikov") == {("A", "B"): 0.6495}
    assert _slice("gaussian") == {("A", "B"): 0.3748}
    assert _slice("uniform") == {("A", "B"): 0.5}
    table = dna.kernel_window_networks(toy_statements(KERNEL_TOY), 40, kernel="triangular",
                                       start="2020-01-11", stop="2020-01-11")
    assert table[["window", "window_start", "window_end"]].values.tolist()[0] == [1, "2019-12-22", "2020-01-31"]


def test_kernels_are_symmetric_around_the_mid_point():
    # DNA's code weighs a statement 10 days after the mid-point differently from one 10 days
    # before (0.75 (1 - d)^2); the textbook kernels used here do not.
    for kernel in dna.KERNELS:
        before, after = dna.kernel_weights([10, -10], 40, kernel)
        assert before == after
    assert dna.kernel_weights([0, 20, 21], 40, "epanechnikov").tolist() == [0.75, 0.0, 0.0]
    with pytest.raises(ValueError, match="kernel"):
        dna.kernel_weights([0], 40, "cosine")


def test_uniform_kernel_with_average_equals_the_plain_window():
    # Under the uniform kernel every statement in [mid - w/2, mid + w/2] weighs 0.5; the
    # average normalisation cancels it, leaving statement_network on those statements.
    rows = [("d1", "A", "f", "support", "2020-01-01"), ("d1", "B", "f", "support", "2020-01-01"),
            ("d2", "A", "g", "oppose", "2020-01-05"), ("d2", "C", "g", "support", "2020-01-05"),
            ("d3", "B", "g", "support", "2020-01-09"), ("d4", "C", "f", "oppose", "2020-03-01")]
    s = toy_statements(rows)
    for kind in ("congruence", "conflict", "subtract"):
        smoothed = dna.kernel_window_networks(s, 20, kernel="uniform", kind=kind, normalization="average",
                                              start="2020-01-05", stop="2020-01-05")
        plain = net.statement_network(s.iloc[:5], kind, "average")  # d4 lies 56 days away
        assert {(r.source, r.target): r.weight for r in smoothed.itertuples()} == pytest.approx(
            {tuple(sorted(e)): w for *e, w in plain.edges(data="weight")})


def test_kernel_series_moves_and_indents():
    s = toy_statements(KERNEL_TOY)
    mids = dna.kernel_window_networks(s, 10, step_days=5, kernel="triangular", kind="conflict")
    # Mid-points 01-01, 01-06, ..., 01-21; with a 10-day window only statements within 5 days
    # of a mid-point weigh, so no two statements (10 days apart) ever meet: no ties at all.
    assert mids.empty
    # 20 days: the triangular weight is 0 at 10 days. Mid 01-06: A, B at 5 days (0.5 each), C at
    # 15 (0); mid 01-11: A and C at 10 (0); mid 01-16: B and C at 5 days, conflict
    # sqrt(0.5 * 0.5) = 0.5. The only tie of the series is B-C in the slice of 01-16.
    wide = dna.kernel_window_networks(s, 20, step_days=5, kernel="triangular", kind="conflict")
    assert wide[["window", "window_mid", "source", "target", "weight"]].values.tolist() == [
        [4, "2020-01-16", "B", "C", 0.5]]
    indented = dna.kernel_window_networks(s, 20, step_days=5, kernel="uniform", indent=True)
    assert sorted(set(indented["window_mid"])) == ["2020-01-11"]  # 01-11 .. 01-11 (01-01 + 10, 01-21 - 10)
    with pytest.raises(ValueError, match="normalization"):
        dna.kernel_window_networks(s, 20, normalization="jaccard")


# DNA's expectation on an uneven grouping: A, B, C support f, D opposes it (one statement
# each, so average activity leaves the counts). Ordered dyads: congruence among A, B, C = 6
# (total 6), conflict between D and each of them = 6 (total 6). Groups {A, B, C} / {D}:
# within dyads W = 3 * 2 = 6, between B = 12 - 6 = 6. Expected within congruence per dyad:
# (6 / 6) * (6 / 6) = 1, observed 1: no deviation. Expected conflict per between dyad:
# (3 * 1 / 6) * (6 / 6) = 0.5, observed 1: absdiff 6 * 0.5 = 3; score 3 / (6 + 6) = 0.25.
# The expected between-group total, 6 * 0.5 = 3, is half the conflict there is.
def test_polarisation_uneven_groups_by_hand():
    s = toy_statements([("d", "A", "f", "support"), ("d", "B", "f", "support"), ("d", "C", "f", "support"),
                        ("d", "D", "f", "oppose")])
    groups = {"A": "x", "B": "x", "C": "x", "D": "y"}
    result = net.polarisation(s, groups)
    assert (result["total_congruence"], result["total_conflict"], result["absdiff"]) == (6.0, 6.0, 3.0)
    assert result["polarisation"] == 0.25
    table = net.polarisation_table(s, groups)
    assert table[["block", "dyads", "observed", "expected", "absdiff"]].values.tolist() == [
        ["within x", 6, 6.0, 6.0, 0.0], ["between x-y", 6, 6.0, 3.0, 3.0]]
    # The group of one has no within-group dyads and no block of its own.
    assert "within y" not in set(table["block"])


def test_duplicates_apply_within_windows():
    # acrossrange within each window: A's repeated support counts once per window.
    s = toy_statements([("d1", "A", "f", "support", "2020-01-01"), ("d2", "A", "f", "support", "2020-01-02"),
                        ("d2", "B", "f", "support", "2020-01-02"), ("d3", "A", "f", "support", "2020-03-01"),
                        ("d3", "B", "f", "support", "2020-03-01")])
    per_document = net.time_window_networks(s, 30, 30)
    assert per_document[["window", "value"]].values.tolist() == [[1, 2.0], [3, 1.0]]
    once = net.time_window_networks(s, 30, 30, duplicates="acrossrange")
    assert once[["window", "value"]].values.tolist() == [[1, 1.0], [3, 1.0]]
    assert math.isclose(net.statement_network(s, duplicates="acrossrange").edges["A", "B"]["value"], 1.0)


def test_event_list_is_written_as_dna_writes_it(tmp_path, monkeypatch):
    # DNA writes the time bare, numbers bare, text quoted.
    s = toy_statements([("d1", "A", "f", "support", "2020-09"), ("d1", "B", "f", "oppose", "2020-09")])
    events = net.dna_event_list(s)
    path = net.write_dna_event_list(events, tmp_path / "events.csv")
    before = path.read_text(encoding="utf-8")
    assert before.splitlines()[1].startswith('1;2020-09-01 00:00:00;"";"A";"f";1;0;10;')
    # A write that breaks off half-way (a full disk) leaves the previous file whole.
    real_write = Path.write_text

    def half_then_fail(self, text, *args, **kwargs):
        real_write(self, text[: len(text) // 2], *args, **kwargs)
        raise OSError("No space left on device")

    monkeypatch.setattr(Path, "write_text", half_then_fail)
    with pytest.raises(OSError, match="No space"):
        net.write_dna_event_list(events.iloc[:1], path)
    monkeypatch.undo()
    assert path.read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir()] == ["events.csv"]


def test_camp_modularity_has_a_ceiling():
    # Congruence A-B 1, B-C 1, C-D 1 (a path), camp {A}: strengths A 1, B 2, C 2, D 1 (total 6).
    # The partition {A} / {B, C, D} could at most reach 1 - ((1/6)^2 + (5/6)^2) = 0.2778, even
    # if every tie stayed inside the camps; observed: inside {B, C, D} 2/3 - (5/6)^2 and inside
    # {A} 0 - (1/6)^2 -> 2/3 - 26/36 = -0.0556.
    s = toy_statements([("d", "A", "f", "support"), ("d", "B", "f", "support"), ("d", "B", "g", "support"),
                        ("d", "C", "g", "support"), ("d", "C", "h", "support"), ("d", "D", "h", "support")])
    result = net.camp_separation(net.statement_network(s), {"A": "camp"})
    assert math.isclose(result["camp_modularity_max"], 1 - (1 / 36 + 25 / 36))
    assert math.isclose(result["camp_modularity"], 2 / 3 - 26 / 36)
