"""DNA-style statement networks (analysis.measure.network.statements), the DNA event list
and the memberships file, on a statement list worked out by hand.

The toy corpus: three dated documents, each a few sentences written for these tests, and
the statements an extraction would read in them (the columns of the ``statements``
table agreed for issue 16). Every offset points into the document text.
"""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest

from analysis.measure import network as net
from analysis.measure.network.memberships import MembershipsError, load_memberships
from analysis.register import load_register
from analysis.schema import STATEMENT_COLUMNS

# doc_id -> (date, sentences); each statement below names its sentence, actor, frame
# words, stance and cue words.
DOCUMENTS = {
    "d1": ("2020-01-10", [
        "Avalon supports the sanctions against the junta.",
        "Avalon again supports the sanctions, its minister said.",
        "Brettonia also supports the sanctions.",
        "Caledonia rejects the sanctions as illegal.",
    ]),
    "d2": ("2020-03-05", [
        "Avalon welcomes the sanctions.",
        "Caledonia condemns the sanctions.",
        "Brettonia defends the sovereignty of every state.",
        "Caledonia upholds the sovereignty of every state.",
    ]),
    "d3": ("2020-07-20", [
        "Brettonia now opposes the sanctions.",
        "Avalon mentioned sovereignty.",
    ]),
}
NAMES = {"A": "Avalon", "B": "Brettonia", "C": "Caledonia"}
# (doc_id, sentence index, actor, frame id, frame words, stance, cue words)
STATEMENTS = [
    ("d1", 0, "A", "sanctions", "sanctions", "support", "supports"),
    ("d1", 1, "A", "sanctions", "sanctions", "support", "supports"),  # repeated in d1
    ("d1", 2, "B", "sanctions", "sanctions", "support", "supports"),
    ("d1", 3, "C", "sanctions", "sanctions", "oppose", "rejects"),
    ("d2", 0, "A", "sanctions", "sanctions", "support", "welcomes"),
    ("d2", 1, "C", "sanctions", "sanctions", "oppose", "condemns"),
    ("d2", 2, "B", "sovereignty", "sovereignty", "support", "defends"),
    ("d2", 3, "C", "sovereignty", "sovereignty", "support", "upholds"),
    ("d3", 0, "B", "sanctions", "sanctions", "oppose", "opposes"),
    ("d3", 1, "A", "sovereignty", "sovereignty", "neutral", ""),
]


def _texts() -> dict[str, str]:
    return {doc: " ".join(sentences) for doc, (_, sentences) in DOCUMENTS.items()}


def _sentences() -> pd.DataFrame:
    rows = []
    for doc, (_, sentences) in DOCUMENTS.items():
        start = 0
        for i, sentence in enumerate(sentences):
            rows.append({"doc_id": doc, "paragraph_id": 0, "sentence_id": i, "start": start,
                         "end": start + len(sentence), "text": sentence})
            start += len(sentence) + 1
    return pd.DataFrame(rows)


def _statements() -> pd.DataFrame:
    sentences = _sentences().set_index(["doc_id", "sentence_id"])
    rows = []
    for doc, index, actor, frame, words, stance, cue in STATEMENTS:
        sentence = sentences.loc[(doc, index)]
        frame_at = sentence["start"] + sentence["text"].index(words)
        cue_at = sentence["start"] + sentence["text"].index(cue) if cue else None
        rows.append({
            "doc_id": doc, "paragraph_id": 0, "sentence_id": index, "start": int(sentence["start"]),
            "end": int(sentence["end"]), "frame_id": frame, "frame_start": int(frame_at),
            "frame_end": int(frame_at + len(words)), "frame_text": words, "actor_id": actor,
            "actor_name": NAMES[actor], "actor_role": "voice", "stance": stance,
            "cue": cue or None, "cue_start": cue_at, "cue_end": None if cue_at is None else cue_at + len(cue),
            "method": "support_verb" if stance == "support" else "oppose_verb" if stance == "oppose" else "default",
            "confidence": 0.9, "date": DOCUMENTS[doc][0], "quote_id": None})
    return pd.DataFrame(rows, columns=STATEMENT_COLUMNS)


@pytest.fixture()
def statements() -> pd.DataFrame:
    return _statements()


def test_offsets_point_into_the_documents(statements):
    texts = _texts()
    for row in statements.itertuples():
        assert texts[row.doc_id][row.frame_start:row.frame_end] == row.frame_text
        if row.cue:
            assert texts[row.doc_id][int(row.cue_start):int(row.cue_end)] == row.cue


# Hand calculation, DNA's "document" duplicate rule, neutral statements left out:
#   A: sanctions+ in d1 (the repeat in d1 counts once) and d2          -> x[A, sanc, +] = 2
#   B: sanctions+ (d1), sanctions- (d3), sovereignty+ (d2)             -> 1, 1, 1
#   C: sanctions- (d1, d2), sovereignty+ (d2)                          -> 2, 1
# congruence = sum over frames and stances of x_i * x_j:
#   A-B: sanctions+ 2*1 = 2                                             -> 2
#   A-C: no shared (frame, stance)                                      -> no tie
#   B-C: sanctions- 1*2 + sovereignty+ 1*1                              -> 3
# conflict = sum over frames of x_i+ * x_j- + x_i- * x_j+:
#   A-B: 2*1 = 2;  A-C: 2*2 = 4;  B-C: 1*2 (B+ C-) + 1*0 = 2
# subtract = congruence - conflict: A-B 0 (no tie), A-C -4, B-C 1
def _weights(G: nx.Graph) -> dict[tuple[str, str], float]:
    return {tuple(sorted((u, v))): round(w, 4) for u, v, w in G.edges(data="weight")}


def test_congruence_conflict_subtract_by_hand(statements):
    assert _weights(net.statement_network(statements, "congruence")) == {("A", "B"): 2.0, ("B", "C"): 3.0}
    assert _weights(net.statement_network(statements, "conflict")) == {
        ("A", "B"): 2.0, ("A", "C"): 4.0, ("B", "C"): 2.0}
    assert _weights(net.statement_network(statements, "subtract")) == {("A", "C"): -4.0, ("B", "C"): 1.0}


def test_nodes_and_tie_frames(statements):
    G = net.statement_network(statements, "congruence")
    assert G.nodes["A"]["name"] == "Avalon"
    assert (G.nodes["B"]["statements"], G.nodes["B"]["support"], G.nodes["B"]["oppose"]) == (3, 2, 1)
    assert G.edges["B", "C"]["frames"] == "sanctions;sovereignty"
    assert G.edges["A", "B"]["frames"] == "sanctions"


# Normalisations of the congruence network (activity n: A 2, B 3, C 3):
#   average: A-B 2 / ((2+3)/2) = 0.8;   B-C 3 / ((3+3)/2) = 1.0
#   cosine (DNA: n_i * n_j): A-B 2/6 = 0.3333;  B-C 3/9 = 0.3333
#   jaccard over (frame, stance) cells: A-B m10 0, m01 = B's sanctions- + sovereignty+ = 2,
#     m11 = 2*1 = 2 -> 2/4 = 0.5;  B-C m10 = B's sanctions+ = 1, m01 0, m11 = 1*2 + 1*1 = 3 -> 3/4
@pytest.mark.parametrize("normalization, expected", [
    ("no", {("A", "B"): 2.0, ("B", "C"): 3.0}),
    ("average", {("A", "B"): 0.8, ("B", "C"): 1.0}),
    ("cosine", {("A", "B"): 0.3333, ("B", "C"): 0.3333}),
    ("jaccard", {("A", "B"): 0.5, ("B", "C"): 0.75}),
])
def test_normalisations(statements, normalization, expected):
    G = net.statement_network(statements, "congruence", normalization)
    assert _weights(G) == expected
    assert G.graph["normalization"] == normalization


def test_conflict_average(statements):
    # A-B 2/2.5, A-C 4/2.5, B-C 2/3
    assert _weights(net.statement_network(statements, "conflict", "average")) == {
        ("A", "B"): 0.8, ("A", "C"): 1.6, ("B", "C"): 0.6667}


def test_duplicate_rule(statements):
    # Counting all rows, A supports the sanctions 3 times: A-B congruence 3*1, A-C conflict 3*2.
    everything = net.statement_network(statements, "subtract", duplicates="include")
    assert _weights(everything) == {("A", "C"): -6.0, ("B", "C"): 1.0}
    assert _weights(net.statement_network(statements, "congruence", duplicates="include"))[("A", "B")] == 3.0
    # Once in the whole corpus: A sanctions+ 1, C sanctions- 1 -> A-C conflict 1.
    assert _weights(net.statement_network(statements, "conflict", duplicates="acrossrange"))[("A", "C")] == 1.0
    assert len(net.prepare_statements(statements)) == 8  # 10 rows - 1 repeat - 1 neutral
    with pytest.raises(ValueError, match="duplicates"):
        net.prepare_statements(statements, duplicates="week")


def test_neutral_only_when_asked(statements):
    # With neutral: stances -1/0/+1; A's neutral sovereignty statement against B's and C's
    # support weighs 1 - 1/2 = 0.5 in congruence and 0.5 in conflict.
    G = net.statement_network(statements, "congruence", include_neutral=True)
    assert _weights(G) == {("A", "B"): 2.5, ("A", "C"): 0.5, ("B", "C"): 3.0}
    conflict = net.statement_network(statements, "conflict", include_neutral=True)
    assert _weights(conflict)[("A", "C")] == 4.5
    assert "A" in net.statement_network(statements).nodes  # A still has support statements
    assert net.statement_network(statements).nodes["A"]["neutral"] == 0


def test_unknown_stance_refused(statements):
    statements.loc[0, "stance"] = "agree"
    with pytest.raises(ValueError, match="unknown stance"):
        net.statement_network(statements)


def test_two_mode_combine(statements):
    table = net.stance_table(statements)
    ties = {(r.actor_id, r.frame_id): (r.support, r.oppose, r.combine, r.tie) for r in table.itertuples()}
    assert ties == {
        ("A", "sanctions"): (2, 0, 1, "support"),
        ("B", "sanctions"): (1, 1, 3, "mixed"),
        ("C", "sanctions"): (0, 2, 2, "oppose"),
        ("B", "sovereignty"): (1, 0, 1, "support"),
        ("C", "sovereignty"): (1, 0, 1, "support"),
    }
    G = net.actor_frame_stances(statements, include_neutral=True)
    assert G.edges["actor:A", "frame:sovereignty"]["tie"] == "neutral"
    assert G.edges["actor:B", "frame:sanctions"]["subtract"] == 0
    matrix = net.stance_matrix(table)
    assert matrix.loc["Caledonia", "sanctions"] == -2 and matrix.loc["Avalon", "sanctions"] == 2


# Windows of 90 days moving by 90 days from 2020-01-10: [01-10, 04-09) holds d1 and d2,
# [04-09, 07-08) nothing, [07-08, 10-06) d3 (B's opposition; A's neutral statement is
# not counted). In window 1: congruence A-B 2*1, B-C sovereignty 1*1; B has not yet
# turned against the sanctions.
def test_time_window_series(statements):
    series = net.time_window_networks(statements, window_days=90, step_days=90, kind="congruence")
    assert series[["window", "window_start", "window_end"]].drop_duplicates().values.tolist() == [
        [1, "2020-01-10", "2020-04-09"]]
    assert {(r.source, r.target): r.weight for r in series.itertuples()} == {("A", "B"): 2.0, ("B", "C"): 1.0}
    summary = net.time_window_summary(statements, window_days=90, step_days=90)
    assert summary[["window", "window_start", "documents", "statements", "actors", "ties"]].values.tolist() == [
        [1, "2020-01-10", 2, 7, 3, 2], [2, "2020-04-09", 0, 0, 0, 0], [3, "2020-07-08", 1, 1, 1, 0]]
    # With groups, each window gets its polarisation (NaN where it has no ties to compare).
    grouped = net.time_window_summary(statements, 365, 365, groups={"A": "west", "B": "west", "C": "east"})
    assert grouped["polarisation"].tolist() == [net.polarisation(
        statements, {"A": "west", "B": "west", "C": "east"})["polarisation"]]
    # One window covering everything gives the whole network.
    whole = net.time_window_networks(statements, window_days=365, step_days=365, kind="conflict")
    assert {(r.source, r.target): r.weight for r in whole.itertuples()} == {
        ("A", "B"): 2.0, ("A", "C"): 4.0, ("B", "C"): 2.0}


def test_undated_statements_are_in_no_window(statements):
    statements["date"] = ""
    assert net.time_window_summary(statements, 30, 30).empty


# Polarisation (DNA's qualityAbsdiff) on two camps: W and X support the frame, Y and Z
# oppose it; average activity normalisation (every actor has 1 statement, so weights are
# the raw counts). Ordered dyads: congruence W-X, X-W, Y-Z, Z-Y = 1 each (total 4);
# conflict between the camps, 8 ordered dyads of 1 (total 8). Grouping {W,X} / {Y,Z}:
# 4 within-group dyads, 8 between; expected within-group congruence per dyad
# (2/4) * (4/4) = 0.5, expected conflict per between-group dyad (2*2/8) * (8/8) = 0.5;
# absdiff = 4 * |1 - 0.5| + 8 * |1 - 0.5| = 6; score 6 / (4 + 8) = 0.5.
# The grouping {W,Y} / {X,Z} deviates as much (every |difference| is 0.5 again): DNA's
# score is 0.5 too, while the signed differences are -0.5 * 4 + (4 * 1 - 8 * 0.5) = -2,
# i.e. -2/12.
def test_polarisation_by_hand():
    camps = net.statements.toy_statements([("d", "W", "f", "support"), ("d", "X", "f", "support"),
                                           ("d", "Y", "f", "oppose"), ("d", "Z", "f", "oppose")])
    given = net.polarisation(camps, {"W": "west", "X": "west", "Y": "east", "Z": "east"})
    assert (given["total_congruence"], given["total_conflict"], given["absdiff"]) == (4.0, 8.0, 6.0)
    assert given["polarisation"] == 0.5 and given["signed_polarisation"] == 0.5
    crossed = net.polarisation(camps, {"W": "a", "Y": "a", "X": "b", "Z": "b"})
    assert crossed["polarisation"] == 0.5
    assert math.isclose(crossed["signed_polarisation"], -2 / 12)
    table = net.polarisation_table(camps, {"W": "west", "X": "west", "Y": "east", "Z": "east"})
    assert table[["block", "dyads", "observed", "expected"]].values.tolist() == [
        ["within east", 2, 2.0, 1.0], ["within west", 2, 2.0, 1.0], ["between east-west", 8, 8.0, 4.0]]
    # Without groups: the congruence network's communities are the two camps.
    found = net.polarisation(camps)
    assert found["grouping"] == "communities" and found["groups"] == 2
    assert found["signed_polarisation"] == 0.5


def test_polarisation_others_and_empty(statements):
    result = net.polarisation(statements, {"A": "camp"}, others="rest")
    assert (result["groups"], result["actors"]) == (2, 3)
    assert net.polarisation(statements, {"A": "camp"}, others=None)["actors"] == 1
    assert math.isnan(net.polarisation(statements.iloc[:0], {})["polarisation"])


def test_statement_evidence(statements):
    sentences = _sentences()
    agree = net.statement_evidence(statements, "A", "B", sentences=sentences)
    # A's three support rows (the repeat is listed: it is evidence, though counted once) and B's one.
    assert agree["actor_id"].tolist() == ["A", "A", "A", "B"]
    assert set(agree["relation"]) == {"agree"} and set(agree["frame_id"]) == {"sanctions"}
    assert agree["text"].iloc[0] == "Avalon supports the sanctions against the junta."
    texts = _texts()
    for row in agree.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.text
        assert texts[row.doc_id][int(row.cue_start):int(row.cue_end)] == row.cue
    disagree = net.statement_evidence(statements, "A", "B", kind="conflict")
    assert disagree[["actor_id", "stance", "doc_id"]].values.tolist()[-1] == ["B", "oppose", "d3"]
    every = net.statement_evidence(statements, kind="subtract")
    assert {(r.source, r.target) for r in every.itertuples()} == {("A", "B"), ("A", "C"), ("B", "C")}


def test_dna_event_list_read_back(statements, tmp_path):
    documents = pd.DataFrame({"doc_id": ["d1", "d2", "d3"], "title": ["First", "Second", "Third"],
                              "kind": ["speech"] * 3, "outlet": ["Assembly"] * 3})
    events = net.dna_event_list(statements, documents=documents, sentences=_sentences(), persons={"B"})
    assert list(events.columns) == net.DNA_EVENT_COLUMNS
    assert len(events) == 9  # the neutral statement has no place in DNA's boolean agreement
    path = net.write_dna_event_list(events, tmp_path / "events.csv")
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith('"statement_id";"time";"person";"organization";"concept";"agreement"')
    back = net.read_dna_event_list(path)
    assert back["agreement"].tolist() == [1, 1, 1, 0, 1, 0, 1, 1, 0]
    assert back["person"].tolist()[2] == "Brettonia" and back["organization"].tolist()[0] == "Avalon"
    assert back["text"].tolist()[3] == "Caledonia rejects the sanctions as illegal."
    assert back["time"].tolist()[0] == "2020-01-10 00:00:00"
    assert back["document_title"].tolist()[-1] == "Third"
    assert back[["start_position", "stop_position"]].values.tolist() == events[
        ["start_position", "stop_position"]].values.tolist()


def test_network_files_read_back(statements, tmp_path):
    written = net.export_statement_networks(statements, tmp_path, "average")
    assert set(written["network"]) == {"congruence", "conflict", "subtract", "two_mode"}
    assert len(written) == 8
    G = net.statement_network(statements, "conflict", "average")
    for reader, suffix in ((nx.read_graphml, "graphml"), (nx.read_gexf, "gexf")):
        back = reader(tmp_path / f"statements_conflict.{suffix}")
        assert sorted(back.edges()) == sorted(G.edges()) or {tuple(sorted(e)) for e in back.edges()} == {
            tuple(sorted(e)) for e in G.edges()}
        assert math.isclose(float(back.edges["A", "C"]["weight"]), 1.6)
        two_mode = reader(tmp_path / f"statements_two_mode.{suffix}")
        assert two_mode.edges["actor:B", "frame:sanctions"]["tie"] == "mixed"
    for row in written.itertuples():
        expected = (net.actor_frame_stances(statements) if row.network == "two_mode"
                    else net.statement_network(statements, row.network, "average"))
        assert (row.nodes, row.ties) == (expected.number_of_nodes(), expected.number_of_edges())


def test_memberships_file():
    memberships = load_memberships(register=load_register())
    assert memberships.members("EU", "2020-09") == memberships.members("EU", "2020-09-15")
    assert len(memberships.members("EU", "2020-09")) == 27
    assert "GBR" in memberships.members("EU", "2019-12-31")
    assert "FIN" not in memberships.members("NATO", "2023-04-03")
    assert "FIN" in memberships.members("NATO", "2023-04-04")
    with pytest.raises(KeyError, match="no group 'ASEAN'"):
        memberships.members("ASEAN")


@pytest.mark.parametrize("text, message", [
    ("schema_version: 1\ngroups:\n  EU:\n    members: [FRA, FRA]\n", "group EU: member FRA listed twice"),
    ("schema_version: 1\ngroups:\n  EU:\n    members: [{id: FRA, since: 2020-02-30}]\n",
     "'2020-02-30' is not a date (February 2020 has 29 days)"),
    ("schema_version: 1\ngroups:\n  EU:\n    members: [{id: FRA, since: 2020-01-01, until: 2019-01-01}]\n",
     "until 2019-01-01 is before since 2020-01-01"),
    ("schema_version: 1\ngroups:\n  EU:\n    members: [ATLANTIS]\n", "id(s) not in the register: ATLANTIS"),
    ("schema_version: 1\ngroups:\n  EU:\n    members: [FRA\n", "not valid YAML"),
    ("schema_version: 2\ngroups: {}\n", "schema_version must be 1"),
    ("schema_version: 1\ngroups:\n  EU:\n    name: EU\n", "`members` must be a non-empty list"),
])
def test_bad_memberships_file_is_one_line(tmp_path, text, message):
    path = tmp_path / "memberships.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MembershipsError) as caught:
        load_memberships(path, register=load_register())
    line = str(caught.value)
    assert "\n" not in line and line.startswith(str(path)) and message in line


def test_polarisation_needs_two_groups(statements):
    # Everyone in one camp: no between-group dyads, nothing to compare.
    alone = net.polarisation(statements, {"A": "camp", "B": "camp", "C": "camp"})
    assert alone["groups"] == 1 and math.isnan(alone["polarisation"])


def test_charts_draw_the_tables(statements):
    from analysis.plots import statements as charts

    conflict = net.statement_network(statements, "conflict")
    fig = charts.plot_statement_network(conflict, groups={"A": "west", "B": "west"})
    # Every tie of a conflict network is drawn in the colour of disagreement.
    from matplotlib.collections import LineCollection

    [lines] = [c for c in fig.axes[0].collections if isinstance(c, LineCollection)]
    assert len(lines.get_segments()) == conflict.number_of_edges() == 3
    red = tuple(int(charts.STANCE_COLORS["disagree"][k:k + 2], 16) / 255 for k in (1, 3, 5))
    assert all(tuple(round(x, 4) for x in c[:3]) == tuple(round(x, 4) for x in red) for c in lines.get_colors())
    matrix = net.stance_matrix(net.stance_table(statements))
    cells = [t.get_text() for t in charts.plot_stance_matrix(matrix).axes[0].texts]
    assert "-2" in cells and "+2" in cells  # Caledonia against, Avalon for the sanctions
    summary = net.time_window_summary(statements, 90, 90)
    assert len(charts.plot_window_series(summary).axes[0].lines[0].get_xdata()) == 3
    blocks = net.polarisation_table(statements, {"A": "west", "B": "west"}, others="rest")
    labels = [t.get_text() for t in charts.plot_polarisation(blocks).axes[0].get_yticklabels()]
    assert labels == [f"{b} ({c})" for b, c in zip(blocks["block"], blocks["compared"])]


def test_seed_statements(seed_tables, seed_corpus):
    """The real table of the seeds goes through every view, and the evidence points into
    the documents."""
    statements = seed_tables["statements"]
    assert list(statements.columns) == STATEMENT_COLUMNS
    decided = statements[statements["stance"].isin(["support", "oppose"])]
    G = net.statement_network(statements, "subtract", "average")
    assert set(G.nodes) == set(decided["actor_id"])
    evidence = net.statement_evidence(statements, kind="subtract")
    for row in evidence.head(20).itertuples():
        sentence = seed_corpus.text_of(row.doc_id, row.start, row.end)
        assert seed_corpus.text_of(row.doc_id, row.frame_start, row.frame_end) in sentence
    assert len(net.dna_event_list(statements)) == len(decided)
    assert net.stance_table(statements)["statements"].sum() == len(net.prepare_statements(statements))


def test_camp_separation_by_hand(statements):
    # Congruence ties A-B 2 and B-C 3 (see above); camp {A}: the partition {A} / {B, C}.
    # Modularity with m = 5, strengths A 2, B 5, C 3: inside {A} 0 - (2/10)^2 = -0.04,
    # inside {B, C} 3/5 - (8/10)^2 = -0.04 -> -0.08. Both ties of A's camp cross to the rest.
    G = net.statement_network(statements, "congruence")
    result = net.camp_separation(G, {"A": "west"})
    assert math.isclose(result["camp_modularity"], -0.08)
    assert (result["tied_actors"], result["camp_actors"], result["ties"], result["ties_across"]) == (3, 1, 2, 1)
    table = net.camp_communities(G, {"A": "west"})
    assert table["actors"].sum() == 3 and list(table.columns) == ["community", "actors", "rest", "west", "members"]
    assert math.isnan(net.camp_separation(G, {})["camp_modularity"])  # one side only
