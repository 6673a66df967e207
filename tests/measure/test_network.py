"""Tests for analysis.measure.network (and the network section of analysis.plots).

Expected values are computed independently of the implementation: by hand (the arithmetic
is written out next to each number) or with a different algorithm (a pandas self-join
instead of itertools.combinations).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis.measure.network import (  # noqa: E402
    actor_frame_network,
    backbone,
    build_network,
    centrality_table,
    communities,
    disparity_table,
    edge_evidence,
    edges_table,
    export_graph,
    nodes_table,
    speaker_frame_network,
)
from tests.paths import ROOT  # noqa: E402

REPO = ROOT

NAMES = {"RUS": "Russia", "USA": "United States", "CHN": "China", "UKR": "Ukraine",
         "EU": "European Union", "NATO": "NATO", "putin": "Vladimir Putin",
         "lavrov": "Sergey Lavrov", "zelensky": "Volodymyr Zelensky"}
TYPES = {"putin": "person", "lavrov": "person", "zelensky": "person", "EU": "organisation",
         "NATO": "organisation"}


def mention_rows(spec: list[tuple[str, int, int, list[str]]]) -> pd.DataFrame:
    """actor_mentions rows from (doc_id, paragraph_id, sentence_id, [actor ids])."""
    rows = []
    for doc, par, sent, actors in spec:
        for j, a in enumerate(actors):
            start = sent * 100 + j * 10
            rows.append({"doc_id": doc, "paragraph_id": par, "sentence_id": sent,
                         "start": start, "end": start + len(NAMES.get(a, a)),
                         "text": NAMES.get(a, a), "actor_id": a,
                         "actor_name": NAMES.get(a, a), "actor_type": TYPES.get(a, "state"),
                         "mention_kind": "name", "method": "register", "ambiguous": False,
                         "candidates": ""})
    return pd.DataFrame(rows)


@pytest.fixture
def toy() -> pd.DataFrame:
    # 8 sentences with actors. USA is mentioned twice in d2/s1 (counts once for the unit).
    return mention_rows([
        ("d1", 0, 0, ["RUS", "USA"]),
        ("d1", 0, 1, ["RUS", "USA", "CHN"]),
        ("d1", 1, 2, ["RUS"]),
        ("d1", 1, 3, ["CHN"]),
        ("d2", 0, 0, ["RUS", "CHN"]),
        ("d2", 0, 1, ["USA", "USA"]),
        ("d2", 1, 2, ["UKR", "EU"]),
        ("d2", 1, 3, ["EU", "UKR"]),
    ])


def random_mentions(seed: int = 7, n_docs: int = 5, n_sent: int = 40) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    actors = ["RUS", "USA", "CHN", "UKR", "EU", "NATO", "putin", "lavrov", "zelensky"]
    spec = []
    for d in range(n_docs):
        for s in range(n_sent):
            k = int(rng.integers(0, 5))
            if k:  # with replacement: repeated mentions in a sentence happen
                spec.append((f"doc{d}", s // 5, s, list(rng.choice(actors, size=k))))
    return mention_rows(spec)


# ----------------------------------------------------------------------------- counts

def independent_counts(m: pd.DataFrame, keys: list[str]) -> dict[tuple[str, str], int]:
    """Pair counts by a self-join on the unit key (not by combinations over groups)."""
    u = m[keys + ["actor_id"]].drop_duplicates()
    pairs = u.merge(u, on=keys, suffixes=("_a", "_b"))
    pairs = pairs[pairs["actor_id_a"] < pairs["actor_id_b"]]
    return {(a, b): int(n) for (a, b), n in
            pairs.groupby(["actor_id_a", "actor_id_b"]).size().items()}


@pytest.mark.parametrize("unit,keys", [("sentence", ["doc_id", "sentence_id"]),
                                       ("paragraph", ["doc_id", "paragraph_id"]),
                                       ("document", ["doc_id"])])
def test_edge_counts_match_independent_count(unit, keys):
    m = random_mentions()
    G = build_network(m, unit=unit)
    got = {(u, v) if u < v else (v, u): c for u, v, c in G.edges(data="count")}
    assert got == independent_counts(m, keys)
    # node units: number of distinct units mentioning the actor
    units = m.drop_duplicates(keys + ["actor_id"]).groupby("actor_id").size()
    assert {n: d["units"] for n, d in G.nodes(data=True)} == units.to_dict()
    assert G.graph["n_units"] == len(m.drop_duplicates(keys))


def test_min_count_drops_rare_edges_and_keeps_nodes():
    m = random_mentions()
    full, pruned = build_network(m), build_network(m, min_count=3)
    assert set(pruned.nodes) == set(full.nodes)
    assert {(u, v) for u, v, c in full.edges(data="count") if c >= 3} == set(pruned.edges)


def test_toy_counts_documents_and_node_attributes(toy):
    G = build_network(toy)
    assert dict(((u, v), c) for u, v, c in G.edges(data="count")) == {
        ("CHN", "RUS"): 2, ("CHN", "USA"): 1, ("EU", "UKR"): 2, ("RUS", "USA"): 2}
    # CHN-RUS co-occur in d1/s1 and d2/s0 -> 2 documents; RUS-USA only in d1.
    assert G.edges["CHN", "RUS"]["documents"] == 2
    assert G.edges["RUS", "USA"]["documents"] == 1
    usa = G.nodes["USA"]
    assert (usa["name"], usa["type"], usa["mentions"], usa["units"], usa["documents"]) == (
        "United States", "state", 4, 3, 2)


def test_association_measures_by_hand(toy):
    G = build_network(toy)
    # N = 8 sentences with at least one actor.
    # Units: n_RUS = 4 (d1s0, d1s1, d1s2, d2s0), n_USA = 3 (d1s0, d1s1, d2s1),
    #        n_CHN = 3 (d1s1, d1s3, d2s0), n_UKR = n_EU = 2 (d2s2, d2s3).
    assert G.graph["n_units"] == 8
    # RUS-USA: n_ab = 2. pmi = log2(2*8 / (4*3)) = log2(4/3) = 0.415037
    #          npmi = 0.415037 / -log2(2/8) = 0.415037 / 2 = 0.207519
    #          jaccard = 2 / (4 + 3 - 2) = 0.4
    e = G.edges["RUS", "USA"]
    assert e["pmi"] == pytest.approx(0.4150375, abs=1e-6)
    assert e["npmi"] == pytest.approx(0.2075187, abs=1e-6)
    assert e["jaccard"] == pytest.approx(0.4)
    # CHN-USA: n_ab = 1. pmi = log2(1*8 / (3*3)) = log2(8/9) = -0.169925
    #          npmi = -0.169925 / -log2(1/8) = -0.169925 / 3 = -0.056642
    #          jaccard = 1 / (3 + 3 - 1) = 0.2
    e = G.edges["CHN", "USA"]
    assert e["pmi"] == pytest.approx(-0.1699250, abs=1e-6)
    assert e["npmi"] == pytest.approx(-0.0566417, abs=1e-6)
    assert e["jaccard"] == pytest.approx(0.2)
    # EU-UKR: always together. pmi = log2(2*8 / (2*2)) = 2; npmi = 2 / -log2(2/8) = 1
    e = G.edges["EU", "UKR"]
    assert (e["pmi"], e["npmi"], e["jaccard"]) == pytest.approx((2.0, 1.0, 1.0))
    # n_units override: N = 16 -> pmi(RUS, USA) = log2(2*16 / 12) = log2(8/3) = 1.415037
    G16 = build_network(toy, n_units=16)
    assert G16.edges["RUS", "USA"]["pmi"] == pytest.approx(1.4150375, abs=1e-6)
    assert G16.edges["RUS", "USA"]["jaccard"] == pytest.approx(0.4)  # N-free
    with pytest.raises(ValueError):
        build_network(toy, n_units=5)  # fewer than the 8 observed units


def test_npmi_when_pair_is_in_every_unit():
    m = mention_rows([("d", 0, 0, ["RUS", "USA"]), ("d", 0, 1, ["USA", "RUS"])])
    e = build_network(m).edges["RUS", "USA"]
    # p(a,b) = 1: pmi = log2(1 / (1*1)) = 0, npmi defined as 1 (perfect association)
    assert (e["pmi"], e["npmi"], e["jaccard"]) == (0.0, 1.0, 1.0)


def test_no_self_loops_when_actor_repeated_in_sentence():
    m = mention_rows([("d", 0, 0, ["RUS", "RUS", "USA", "RUS"])])
    G = build_network(m)
    assert nx.number_of_selfloops(G) == 0
    assert list(G.edges(data="count")) == [("RUS", "USA", 1)]
    assert G.nodes["RUS"]["mentions"] == 3 and G.nodes["RUS"]["units"] == 1


def test_state_rollup_merges_two_persons_of_one_state():
    m = mention_rows([
        ("d", 0, 0, ["putin", "lavrov"]),          # both Russia: no edge, no loop
        ("d", 0, 1, ["putin", "USA", "lavrov"]),   # RUS-USA once
        ("d", 1, 2, ["RUS", "zelensky"]),          # RUS-UKR
        ("d", 1, 3, ["NATO", "lavrov"]),           # NATO unknown to the mapping: stays
    ])
    mapping = {"putin": "RUS", "lavrov": "RUS", "zelensky": "UKR", "RUS": "RUS"}
    for state_of in (mapping, mapping.get, lambda a: mapping[a]):  # dict, callable, KeyError
        G = build_network(m, level="state", state_of=state_of)
        assert list(G.nodes) == ["NATO", "RUS", "UKR", "USA"]
        assert nx.number_of_selfloops(G) == 0
        assert dict(((u, v), c) for u, v, c in G.edges(data="count")) == {
            ("NATO", "RUS"): 1, ("RUS", "UKR"): 1, ("RUS", "USA"): 1}
        rus = G.nodes["RUS"]
        assert rus["members"] == "RUS;lavrov;putin"
        # mentions: 2 (s0) + 2 (s1) + 1 (RUS, s2) + 1 (lavrov, s3) = 6, in 4 sentences
        assert (rus["mentions"], rus["units"]) == (6, 4)
        assert (rus["name"], rus["type"]) == ("Russia", "state")  # from the RUS rows
        # UKR is never mentioned by name: id as name unless `names` is given
        assert (G.nodes["UKR"]["name"], G.nodes["UKR"]["type"]) == ("UKR", "state")
    G = build_network(m, level="state", state_of=mapping, names={"UKR": "Ukraine"})
    assert G.nodes["UKR"]["name"] == "Ukraine"
    with pytest.raises(ValueError):
        build_network(m, level="state")  # needs state_of


def test_filters_on_kind_and_ambiguity(toy):
    m = toy.copy()
    m.loc[(m.doc_id == "d1") & (m.sentence_id == 0) & (m.actor_id == "USA"),
          "mention_kind"] = "pronoun"
    m.loc[(m.doc_id == "d2") & (m.sentence_id == 0) & (m.actor_id == "CHN"),
          "ambiguous"] = True
    assert build_network(m, exclude_kinds={"pronoun"}).edges["RUS", "USA"]["count"] == 1
    assert build_network(m, drop_ambiguous=True).edges["CHN", "RUS"]["count"] == 1
    assert build_network(m).edges["RUS", "USA"]["count"] == 2


def test_deterministic_order_independent_of_row_order():
    m = random_mentions()
    G1 = build_network(m)
    G2 = build_network(m.sample(frac=1.0, random_state=3))
    assert list(G1.nodes(data=True)) == list(G2.nodes(data=True))
    assert list(G1.edges(data=True)) == list(G2.edges(data=True))
    assert list(G1.nodes) == sorted(G1.nodes)
    assert [tuple(e) for e in G1.edges] == sorted(tuple(sorted(e)) for e in G1.edges)


# --------------------------------------------------------------------------- backbone

@pytest.fixture
def star_triangle() -> nx.Graph:
    """Hub H with three leaves (weight 1), triangle H-A-B, and an isolated pair X-Y."""
    G = nx.Graph()
    for leaf in ("L1", "L2", "L3"):
        G.add_edge("H", leaf, count=1)
    G.add_edge("H", "A", count=6)
    G.add_edge("H", "B", count=1)
    G.add_edge("A", "B", count=3)
    G.add_edge("X", "Y", count=5)
    return G


# alpha_ij = (1 - w/s_i)^(k_i - 1)
# H: k = 5, s = 1+1+1+6+1 = 10 -> H-Li: 0.9^4 = 0.6561, H-A: 0.4^4 = 0.0256, H-B: 0.6561
# A: k = 2, s = 6+3 = 9        -> H-A: 1 - 6/9 = 1/3,    A-B: 1 - 3/9 = 2/3
# B: k = 2, s = 1+3 = 4        -> H-B: 1 - 1/4 = 0.75,   A-B: 1 - 3/4 = 0.25
# L1..L3, X, Y: k = 1          -> undefined (NaN): the other endpoint decides;
#                                 X-Y has no defined endpoint and is never kept.
def test_disparity_table_by_hand(star_triangle):
    t = disparity_table(star_triangle).set_index(["source", "target"])
    assert t.loc[("A", "H"), ["alpha_source", "alpha_target"]].tolist() == pytest.approx(
        [1 / 3, 0.0256])
    assert t.loc[("A", "B"), ["alpha_source", "alpha_target"]].tolist() == pytest.approx(
        [2 / 3, 0.25])
    assert t.loc[("B", "H"), ["alpha_source", "alpha_target"]].tolist() == pytest.approx(
        [0.75, 0.6561])
    assert t.loc[("H", "L1"), "alpha_source"] == pytest.approx(0.6561)
    assert math.isnan(t.loc[("H", "L1"), "alpha_target"])
    assert t.loc[("X", "Y")].isna()[["alpha_source", "alpha_target"]].all()


def edge_set(G: nx.Graph) -> set[frozenset]:
    return {frozenset(e) for e in G.edges}


@pytest.mark.parametrize("alpha,rule,expected", [
    (0.05, "or", {("H", "A")}),                    # only 0.0256 < 0.05
    (0.30, "or", {("H", "A"), ("A", "B")}),        # + min(2/3, 0.25) = 0.25
    (0.30, "and", set()),                          # H-A: max(0.0256, 1/3) >= 0.3
    (0.40, "and", {("H", "A")}),                   # 1/3 < 0.4
    (0.70, "or", {("H", "A"), ("A", "B"), ("H", "B"),   # min(0.6561, 0.75)
                  ("H", "L1"), ("H", "L2"), ("H", "L3")}),  # leaves: judged by H
    (1.00, "or", {("H", "A"), ("A", "B"), ("H", "B"),
                  ("H", "L1"), ("H", "L2"), ("H", "L3")}),  # X-Y: no test, dropped
])
def test_backbone_star_triangle(star_triangle, alpha, rule, expected):
    B = backbone(star_triangle, alpha=alpha, rule=rule)
    assert edge_set(B) == {frozenset(e) for e in expected}
    assert nx.number_of_isolates(B) == 0


def test_backbone_records_alpha_and_keeps_attributes(star_triangle):
    star_triangle.nodes["H"]["name"] = "Hub"
    B = backbone(star_triangle, alpha=0.05)
    assert B.edges["H", "A"]["alpha"] == pytest.approx(0.0256)
    assert B.edges["H", "A"]["count"] == 6
    assert B.nodes["H"]["name"] == "Hub"
    assert B.graph["backbone_alpha"] == 0.05 and B.graph["backbone_rule"] == "or"
    assert backbone(star_triangle, alpha=0.4, rule="and").edges["H", "A"]["alpha"] == (
        pytest.approx(1 / 3))
    kept = backbone(star_triangle, alpha=0.05, keep_isolates=True)
    assert set(kept.nodes) == set(star_triangle.nodes)


def test_backbone_min_count_prefilters(star_triangle):
    # min_count=2 removes weight-1 edges first: left H-A (6), A-B (3), X-Y (5).
    # H and B now have k = 1; A: k = 2, s = 9 -> H-A: 1/3, A-B: 2/3.
    assert edge_set(backbone(star_triangle, alpha=0.05, min_count=2)) == set()
    assert edge_set(backbone(star_triangle, alpha=0.5, min_count=2)) == {
        frozenset(("H", "A"))}


def test_backbone_rejects_negative_weights():
    G = nx.Graph([("a", "b", {"npmi": -0.2}), ("b", "c", {"npmi": 0.5})])
    with pytest.raises(ValueError, match="negative"):
        backbone(G, weight="npmi")


# ------------------------------------------------------------------ centrality/communities

def test_centrality_table_columns_sorting_and_distance_weights():
    # a-b and b-c are frequent (10), a-c rare (1). With distance = 1/count the shortest
    # a..c path is a-b-c (0.2 < 1), so b lies on it: betweenness(b) = 1.
    # (Reading counts as distances would give the direct edge and betweenness 0.)
    G = nx.Graph([("a", "b", {"count": 10}), ("b", "c", {"count": 10}),
                  ("a", "c", {"count": 1})])
    t = centrality_table(G)
    assert list(t.columns) == ["id", "name", "type", "mentions", "degree",
                               "weighted_degree", "betweenness", "eigenvector", "pagerank"]
    assert t["id"].tolist() == ["b", "a", "c"]   # weighted degree 20, 11, 11 (tie -> id)
    assert t["weighted_degree"].tolist() == [20, 11, 11]
    assert t.set_index("id").loc["b", "betweenness"] == 1.0
    assert t["pagerank"].sum() == pytest.approx(1.0, abs=1e-3)
    assert (t[["betweenness", "eigenvector", "pagerank"]] ==
            t[["betweenness", "eigenvector", "pagerank"]].round(4)).all().all()


def test_centrality_eigenvector_nan_without_edges():
    G = nx.Graph()
    G.add_nodes_from(["a", "b"])
    t = centrality_table(G)
    assert t["eigenvector"].isna().all() and (t["degree"] == 0).all()


def two_cliques() -> nx.Graph:
    G = nx.Graph()
    for group in (["RUS", "CHN", "IND", "KAZ"], ["USA", "EU", "NATO", "UKR"]):
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                G.add_edge(a, b, count=5)
    G.add_edge("RUS", "USA", count=1)
    G.add_node("UN")  # an isolate is its own community
    return G


def test_communities_two_cliques():
    table, q = communities(two_cliques())
    groups = table.groupby("community")["id"].apply(sorted).tolist()
    # sizes 4, 4, 1; the tie between the cliques is broken by smallest id (CHN < EU)
    assert groups == [["CHN", "IND", "KAZ", "RUS"], ["EU", "NATO", "UKR", "USA"], ["UN"]]
    # by hand: m = 12*5 + 1 = 61; each clique has internal weight 30 and degree sum 61
    # Q = 2 * (30/61 - (61/122)^2) = 0.483607
    assert q == pytest.approx(2 * (30 / 61 - 0.25), abs=1e-6)


_COMMUNITY_SCRIPT = """
import json, networkx as nx
from analysis.measure.network import communities
G = nx.les_miserables_graph()   # string node ids, many ties: sensitive to any set order
table, q = communities(G, seed=42, weight="weight")
print(json.dumps({"rows": table.values.tolist(), "q": round(q, 12)}))
"""


def test_communities_identical_across_runs_and_hash_seeds():
    table, q = communities(nx.les_miserables_graph(), seed=42, weight="weight")
    here = {"rows": table.values.tolist(), "q": round(q, 12)}
    # json round trip so that ints/floats compare the same way
    here = json.loads(json.dumps(here))
    outputs = []
    for hash_seed in ("0", "1", "4242", "random"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed,
               "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
        res = subprocess.run([sys.executable, "-c", _COMMUNITY_SCRIPT], cwd=REPO, env=env,
                             capture_output=True, text=True, timeout=120, check=True)
        outputs.append(json.loads(res.stdout))
    assert all(o == here for o in outputs)
    assert len({r[1] for r in here["rows"]}) > 1  # a non-trivial partition


# ------------------------------------------------------------------------------ frames

@pytest.fixture
def frames() -> pd.DataFrame:
    rows = [  # doc, par, sent, frame, speaker, voice
        ("d1", 0, 0, "security", "zakharova", "quoted"),
        ("d1", 0, 0, "security", "zakharova", "quoted"),   # twice in one sentence
        ("d1", 0, 1, "security", "zakharova", "reported"),
        ("d1", 0, 1, "expansion", None, "narrator"),
        ("d2", 0, 0, "expansion", "lavrov", "quoted"),
        ("d2", 1, 3, "security", "lavrov", "quoted"),
    ]
    return pd.DataFrame([{"doc_id": d, "paragraph_id": p, "sentence_id": s, "start": 0,
                          "end": 1, "text": f, "frame_id": f, "speaker_id": spk,
                          "voice": v, "actors": ""} for d, p, s, f, spk, v in rows])


def test_actor_frame_network_counts_sentences(toy, frames):
    G = actor_frame_network(toy, frames)
    assert nx.is_bipartite(G)
    assert {n: d["bipartite"] for n, d in G.nodes(data=True)}["frame:security"] == "frame"
    got = {(u, v): c for u, v, c in G.edges(data="count")}
    # security in d1/s0 (RUS, USA), d1/s1 (RUS, USA, CHN), d2/s3 (EU, UKR)
    # expansion in d1/s1 (RUS, USA, CHN), d2/s0 (RUS, CHN)
    assert got == {
        ("actor:CHN", "frame:expansion"): 2, ("actor:CHN", "frame:security"): 1,
        ("actor:EU", "frame:security"): 1, ("actor:RUS", "frame:expansion"): 2,
        ("actor:RUS", "frame:security"): 2, ("actor:UKR", "frame:security"): 1,
        ("actor:USA", "frame:expansion"): 1, ("actor:USA", "frame:security"): 2}
    assert G.nodes["frame:security"]["mentions"] == 4
    assert G.nodes["frame:security"]["units"] == 3
    assert G.nodes["actor:RUS"]["entity_id"] == "RUS"


def test_speaker_frame_network(frames):
    G = speaker_frame_network(frames, names={"zakharova": "Maria Zakharova"})
    assert nx.is_bipartite(G)
    e = G.edges["speaker:zakharova", "frame:security"]
    assert (e["count"], e["voice_quoted"], e["voice_reported"], e["documents"]) == (3, 2, 1, 1)
    assert G.edges["speaker:lavrov", "frame:security"]["count"] == 1
    assert G.nodes["speaker:zakharova"]["name"] == "Maria Zakharova"
    assert G.number_of_edges() == 3  # the unattributed expansion mention is skipped


# ---------------------------------------------------------------------------- evidence

TEXT = ("Russia and the United States met in Geneva. China was absent.\n"
        "Russia and China signed a statement.\u00a0The United States objected.")


@pytest.fixture
def evidence_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    bounds = [(0, 0, 0, 43), (0, 1, 44, 61), (1, 2, 62, 98), (1, 3, 99, 126)]
    sentences = pd.DataFrame([{"doc_id": "d", "paragraph_id": p, "sentence_id": s,
                               "start": a, "end": b, "text": TEXT[a:b]}
                              for p, s, a, b in bounds])
    rows = []
    for word, actor in (("Russia", "RUS"), ("United States", "USA"), ("China", "CHN")):
        start = TEXT.find(word)
        while start != -1:
            sent = next(r for r in bounds if r[2] <= start < r[3])
            rows.append({"doc_id": "d", "paragraph_id": sent[0], "sentence_id": sent[1],
                         "start": start, "end": start + len(word), "text": word,
                         "actor_id": actor, "actor_name": word, "actor_type": "state"})
            start = TEXT.find(word, start + 1)
    return pd.DataFrame(rows), sentences


def test_edge_evidence_sentences_slice_the_text(evidence_tables):
    m, s = evidence_tables
    assert (s["text"] == [TEXT[a:b] for a, b in zip(s["start"], s["end"])]).all()
    ev = edge_evidence(m, s, "RUS", "CHN")
    assert ev["sentence_id"].tolist() == [2]
    row = ev.iloc[0]
    assert row["text"] == TEXT[row["start"]:row["end"]] == "Russia and China signed a statement."
    assert (row["a_id"], row["a_mentions"], row["b_id"], row["b_mentions"]) == (
        "RUS", "Russia", "CHN", "China")
    # the number of evidence rows is the edge count
    G = build_network(m)
    for u, v, c in G.edges(data="count"):
        assert len(edge_evidence(m, s, u, v)) == c
    assert edge_evidence(m, s, "USA", "CHN").empty


def test_edge_evidence_paragraph_and_document_units(evidence_tables):
    m, s = evidence_tables
    ev = edge_evidence(m, s, "USA", "CHN", unit="paragraph", texts={"d": TEXT})
    assert ev["paragraph_id"].tolist() == [0, 1]
    assert all(t == TEXT[a:b] for t, a, b in zip(ev["text"], ev["start"], ev["end"]))
    # without texts the gap (an NBSP in paragraph 1) becomes a space, offsets still hold
    ev2 = edge_evidence(m, s, "USA", "CHN", unit="paragraph")
    assert ev2["text"].iloc[1] == TEXT[62:126].replace("\u00a0", " ")
    assert (ev2["text"].str.len() == ev2["end"] - ev2["start"]).all()
    assert ev2["a_mentions"].tolist() == ["United States", "United States"]
    # document unit: the sentences mentioning either actor in documents with both
    ev3 = edge_evidence(m, s, "RUS", "USA", unit="document")
    assert ev3["sentence_id"].tolist() == [0, 2, 3]
    assert ev3["b_mentions"].tolist() == ["United States", "", "United States"]


def test_evidence_rows_equal_edge_counts_at_every_level():
    m = random_mentions()
    s = m.drop_duplicates(["doc_id", "sentence_id"])[["doc_id", "paragraph_id",
                                                      "sentence_id"]].copy()
    s["start"], s["end"] = s["sentence_id"] * 100, s["sentence_id"] * 100 + 90
    s["text"] = "x" * 90
    state_of = {"putin": "RUS", "lavrov": "RUS", "zelensky": "UKR"}
    for unit in ("sentence", "paragraph"):
        for level in ("actor", "state"):
            G = build_network(m, unit=unit, level=level, state_of=state_of)
            for u, v, c in G.edges(data="count"):
                ev = edge_evidence(m, s, u, v, unit=unit, level=level, state_of=state_of)
                assert len(ev) == c, (unit, level, u, v)


def test_empty_tables_give_empty_results(tmp_path):
    m = mention_rows([]).reindex(columns=["doc_id", "paragraph_id", "sentence_id", "start",
                                          "end", "text", "actor_id", "actor_name",
                                          "actor_type", "mention_kind", "ambiguous"])
    G = build_network(m)
    assert G.number_of_nodes() == 0 and G.graph["n_units"] == 0
    assert edges_table(G).columns[:5].tolist() == ["source", "target", "source_name",
                                                   "target_name", "count"]
    assert nodes_table(G).empty and centrality_table(G).empty
    assert communities(G)[0].empty and backbone(G).number_of_nodes() == 0
    export_graph(G, tmp_path / "empty.graphml")


# ----------------------------------------------------------------------------- export

def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) if (a != a or b != b) else a == pytest.approx(b)
    return a == b


@pytest.mark.parametrize("suffix", [".gexf", ".graphml"])
def test_export_round_trip(tmp_path, toy, suffix):
    m = pd.concat([toy, mention_rows([("d3", 0, 0, ["putin", "CHN"])])], ignore_index=True)
    G = build_network(m, level="state", state_of={"putin": "RUS"})
    G = backbone(G, alpha=1.0, keep_isolates=True)  # adds float alpha attributes
    G.nodes["CHN"]["aliases"] = ["PRC", "Beijing"]      # list -> "PRC;Beijing"
    G.nodes["USA"]["note"] = None                       # None -> ""
    G.nodes["RUS"]["note"] = "speaker's state"
    G.edges["CHN", "RUS"]["score"] = np.float64(0.5)    # numpy scalar
    G.edges["RUS", "USA"]["score"] = None               # None -> NaN (numeric attribute)
    path = export_graph(G, tmp_path / f"net{suffix}")
    H = nx.read_gexf(path) if suffix == ".gexf" else nx.read_graphml(path)

    assert set(H.nodes) == set(G.nodes)
    assert {frozenset(e) for e in H.edges} == {frozenset(e) for e in G.edges}
    expected_node = {"aliases": "PRC;Beijing"}
    for n, d in G.nodes(data=True):
        h = H.nodes[n]
        for k, v in d.items():
            if k == "id" and suffix == ".gexf":
                continue  # GEXF stores it as the node id itself (checked above)
            want = expected_node.get(k, v) if n == "CHN" else v
            want = "" if want is None else want
            assert _same(h[k], want), (n, k, h.get(k), want)
    for u, v, d in G.edges(data=True):
        h = H.edges[u, v]
        for k, val in d.items():
            want = math.nan if val is None else float(val) if k == "score" else val
            assert _same(h[k], want), (u, v, k, h.get(k), want)
        assert h["weight"] == d["count"]  # for Gephi
    assert H.nodes["RUS"]["members"] == "RUS;putin"


def test_export_bipartite_and_bad_suffix(tmp_path, toy, frames):
    G = actor_frame_network(toy, frames)
    H = nx.read_gexf(export_graph(G, tmp_path / "af.gexf"))
    assert H.nodes["actor:RUS"]["bipartite"] == "actor"
    with pytest.raises(ValueError):
        export_graph(G, tmp_path / "af.json")


def test_tidy_tables(toy):
    G = build_network(toy)
    nt, et = nodes_table(G), edges_table(G)
    assert nt.columns[:6].tolist() == ["id", "name", "type", "mentions", "units", "documents"]
    assert nt["id"].tolist() == sorted(nt["id"])
    assert et.columns[:9].tolist() == ["source", "target", "source_name", "target_name",
                                       "count", "documents", "pmi", "npmi", "jaccard"]
    assert list(zip(et["source"], et["target"])) == sorted(zip(et["source"], et["target"]))
    assert (et["source"] < et["target"]).all()
    assert et.set_index(["source", "target"]).loc[("RUS", "USA"), "source_name"] == "Russia"
    assert len(et) == G.number_of_edges() and len(nt) == G.number_of_nodes()


# ------------------------------------------------------------------------------ plots

def test_plots_render(tmp_path):
    from matplotlib.figure import Figure

    from analysis.plots import plot_centrality, plot_network

    G = build_network(random_mentions())
    for kwargs in ({}, {"color_by": "community"}, {"layout": "kamada_kawai"}):
        fig = plot_network(G, **kwargs)
        assert isinstance(fig, Figure)
        fig.savefig(tmp_path / "net.png")
    fig = plot_network(backbone(G, alpha=0.3))  # disconnected components
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert "Russia" in labels
    fig = plot_centrality(centrality_table(G), measure="betweenness", top=5)
    ax = fig.axes[0]
    assert len(ax.patches) == 5 and ax.get_xlabel().startswith("Betweenness")
    fig.savefig(tmp_path / "cent.png")
    assert (tmp_path / "cent.png").stat().st_size > 0
    # empty graph: a figure with a message, no exception
    assert isinstance(plot_network(nx.Graph()), Figure)


# ------------------------------------------------------------------------------ reading a graph
# (graph_summary, top_ties, backbone_comparison, degree_comparison, community_summary,
# bipartite tables, register_only, and the 05 charts)

def test_register_only_drops_unlinked_and_ambiguous_ids():
    m = mention_rows([("d", 0, 0, ["RUS", "unlinked:volga", "ambiguous:korea", "CHN"])])
    assert sorted(build_network(m).nodes) == ["CHN", "RUS", "ambiguous:korea", "unlinked:volga"]
    G = build_network(m, register_only=True)
    assert sorted(G.nodes) == ["CHN", "RUS"] and G.number_of_edges() == 1
    fm = pd.DataFrame({"doc_id": ["d"], "paragraph_id": [0], "sentence_id": [0], "frame_id": ["f"]})
    assert sorted(actor_frame_network(m, fm, register_only=True).nodes) == ["actor:CHN", "actor:RUS", "frame:f"]


def test_graph_summary_by_hand():
    from analysis.measure.network import graph_summary

    # sentences: {RUS, USA}, {RUS, USA}, {RUS, CHN}, {EU}  -> ties RUS-USA (2), RUS-CHN (1)
    m = mention_rows([("d", 0, 0, ["RUS", "USA"]), ("d", 0, 1, ["RUS", "USA"]),
                      ("d", 0, 2, ["RUS", "CHN"]), ("d", 1, 3, ["EU"])])
    s = graph_summary(build_network(m))
    assert (s["actors"], s["ties"], s["ties_2plus"], s["isolates"], s["components"],
            s["largest_component"], s["units"]) == (4, 2, 1, 1, 1, 3, 4)
    assert s["density"] == pytest.approx(2 / 6)  # 2 of 4*3/2 possible pairs
    empty = graph_summary(nx.Graph())
    assert empty["actors"] == 0 and math.isnan(empty["density"])


def test_top_ties_ranks_filters_and_breaks_ties_stably():
    from analysis.measure.network import top_ties

    G = nx.Graph()
    G.add_edge("a", "b", count=5, npmi=0.1)
    G.add_edge("c", "d", count=1, npmi=1.0)   # rare pair: top by NPMI unless min_count
    G.add_edge("a", "c", count=3, npmi=0.5)
    G.add_edge("b", "d", count=3, npmi=0.5)
    assert top_ties(G, 2)[["source", "target"]].values.tolist() == [["a", "b"], ["a", "c"]]
    assert top_ties(G, 1, by="npmi")[["source", "target"]].values.tolist() == [["c", "d"]]
    ranked = top_ties(G, None, by="npmi", min_count=2)
    assert ranked[["source", "target"]].values.tolist() == [["a", "c"], ["b", "d"], ["a", "b"]]
    assert top_ties(nx.Graph()).empty
    with pytest.raises(ValueError):
        top_ties(G, by="nonsense")


def test_backbone_and_degree_comparison_by_hand():
    from analysis.measure.network import backbone_comparison, degree_comparison

    # hub h: strong tie to a (8), weak ties to b and c (1 each); a-b (1).
    G = nx.Graph()
    G.add_edge("h", "a", count=8)
    G.add_edge("h", "b", count=1)
    G.add_edge("h", "c", count=1)
    G.add_edge("a", "b", count=1)
    B = backbone(G, alpha=0.1)
    table = backbone_comparison(G, B, n=None)
    row = table.set_index(["source", "target"]).loc[("a", "h")]
    # alpha of a-h: min over endpoints of (1 - w/s)^(k-1): h: (1 - 8/10)^2 = 0.04; a: (1 - 8/9)^1
    assert row["alpha"] == pytest.approx(min(0.04, 1 / 9)) and bool(row["kept"])
    assert table["kept"].sum() == B.number_of_edges() == 1
    degrees = degree_comparison(G, B)
    assert degrees[["id", "ties_before", "ties_after"]].values.tolist() == [
        ["h", 3, 1], ["a", 2, 1], ["b", 2, 0], ["c", 1, 0]]
    assert degrees["kept_share"].tolist() == pytest.approx([1 / 3, 0.5, 0.0, 0.0])
    assert backbone_comparison(nx.Graph(), nx.Graph()).empty


def test_community_summary_counts_members_and_singles():
    from analysis.measure.network import community_summary

    G = nx.Graph()
    for u, v in [("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")]:
        G.add_edge(u, v, count=1)
    G.add_node("z")
    for n, k in zip("abcxyz", [5, 9, 1, 2, 2, 1]):
        G.nodes[n].update(mentions=k, name=n.upper())
    table, _ = communities(G)
    summary = community_summary(G, table, top=2)
    assert summary[["community", "actors", "mentions", "members", "internal_ties"]].values.tolist() == [
        [1, 3, 15, "B; A; …", 3], [2, 2, 4, "X; Y", 1], [0, 1, 1, "(single actors) Z", 0]]
    assert community_summary(nx.Graph(), communities(nx.Graph())[0]).empty


def test_bipartite_tables():
    from analysis.measure.network import bipartite_edges, bipartite_matrix

    am = mention_rows([("d", 0, 0, ["RUS", "NATO"]), ("d", 0, 1, ["RUS"]), ("d", 0, 2, ["USA"])])
    fm = pd.DataFrame({"doc_id": ["d"] * 4, "paragraph_id": [0] * 4, "sentence_id": [0, 1, 1, 2],
                       "frame_id": ["security", "security", "reciprocity", "security"]})
    G = actor_frame_network(am, fm)
    edges = bipartite_edges(G)
    assert edges.columns[:5].tolist() == ["actor", "actor_name", "frame", "count", "documents"]
    assert edges[["actor", "frame", "count"]].values.tolist() == [
        ["RUS", "security", 2], ["NATO", "security", 1], ["RUS", "reciprocity", 1], ["USA", "security", 1]]
    matrix = bipartite_matrix(G, top=2)
    assert matrix.index.tolist() == ["Russia", "NATO"]   # totals 3 and 1 (NATO before USA by name)
    assert matrix.columns.tolist() == ["security", "reciprocity"]
    assert matrix.values.tolist() == [[2, 1], [1, 0]]
    fm2 = fm.assign(speaker_id=["zakharova", "zakharova", None, "reporter"])
    S = speaker_frame_network(fm2, names={"zakharova": "Maria Zakharova"})
    assert bipartite_edges(S)[["speaker", "speaker_name", "frame"]].values.tolist() == [
        ["zakharova", "Maria Zakharova", "security"], ["reporter", "reporter", "security"]]  # 2, then 1
    assert bipartite_matrix(nx.Graph()).empty


def test_05_charts_render_and_survive_empty_input():
    from matplotlib.figure import Figure

    from analysis.measure.network import degree_comparison, top_ties
    from analysis.plots import plot_degree_comparison, plot_tie_rankings

    G = build_network(random_mentions())
    fig = plot_tie_rankings(top_ties(G, 5), top_ties(G, 5, by="npmi", min_count=3), min_count=3,
                            unit="sentences")
    assert [ax.get_xlabel() for ax in fig.axes] == ["Sentences mentioning both (count)", "NPMI"]
    assert len(fig.axes[0].patches) == 5
    fig = plot_degree_comparison(degree_comparison(G, backbone(G), n=4))
    assert len(fig.axes[0].patches) == 8  # two bars per actor
    empty = top_ties(nx.Graph())
    assert isinstance(plot_tie_rankings(empty, empty), Figure)
    assert isinstance(plot_degree_comparison(degree_comparison(nx.Graph(), nx.Graph())), Figure)


# --------------------------------------------------------------------------- entity kinds (issue 13)

KINDS = {"EURASIA": "place", "ABM_TREATY": "reference", "INF_TREATY": "reference"}


def kinded(spec):
    rows = mention_rows(spec)
    rows["entity_kind"] = rows["actor_id"].map(lambda a: KINDS.get(a, "actor"))
    return rows


def test_networks_count_actors_not_places_or_references():
    from analysis.measure.network import co_mention_tables

    m = kinded([("d", 0, 0, ["RUS", "ABM_TREATY", "INF_TREATY"]), ("d", 0, 1, ["RUS", "USA", "EURASIA"]),
                ("e", 0, 0, ["ABM_TREATY", "INF_TREATY"])])
    G = build_network(m)
    assert sorted(G.nodes) == ["RUS", "USA"] and list(G.edges) == [("RUS", "USA")]
    assert G.graph["n_units"] == 2                         # sentence ("e", 0) names no actor
    everything = build_network(m, entity_kinds=None)
    assert ("ABM_TREATY", "INF_TREATY") in everything.edges and "EURASIA" in everything.nodes
    assert everything.edges["ABM_TREATY", "INF_TREATY"]["count"] == 2
    ties = co_mention_tables(m)["co_mentions"]
    assert ties[["source", "target"]].values.tolist() == [["RUS", "USA"]]
    # a table made before entity kinds existed is counted whole
    assert sorted(build_network(m.drop(columns="entity_kind")).nodes) == sorted(set(m["actor_id"]))
    fm = pd.DataFrame({"doc_id": ["d"], "paragraph_id": [0], "sentence_id": [1], "frame_id": ["security"]})
    assert sorted(actor_frame_network(m, fm).nodes) == ["actor:RUS", "actor:USA", "frame:security"]


def test_actor_reference_network():
    from analysis.measure.network import actor_reference_network, bipartite_edges, bipartite_matrix

    m = kinded([("d", 0, 0, ["RUS", "ABM_TREATY", "INF_TREATY"]), ("d", 0, 1, ["RUS", "USA", "EURASIA"]),
                ("e", 0, 0, ["RUS", "ABM_TREATY"])])
    G = actor_reference_network(m)
    assert sorted(G.edges(data="count")) == [("actor:RUS", "reference:ABM_TREATY", 2),
                                             ("actor:RUS", "reference:INF_TREATY", 1)]
    assert G.nodes["reference:ABM_TREATY"]["bipartite"] == "reference"
    assert G.edges["actor:RUS", "reference:ABM_TREATY"]["documents"] == 2
    edges = bipartite_edges(G)
    assert edges.columns[:6].tolist() == ["actor", "actor_name", "reference", "reference_name", "count", "documents"]
    assert bipartite_matrix(G).loc["Russia"].to_dict() == {"ABM_TREATY": 2, "INF_TREATY": 1}
    places = actor_reference_network(m, kinds=("place",))
    assert sorted(places.edges) == [("actor:RUS", "place:EURASIA"), ("actor:USA", "place:EURASIA")]
    with pytest.raises(ValueError):
        actor_reference_network(m, kinds=("actor",))
