"""Sanctions statements on UN General Debate speeches: do the congruence network's camps
separate EU/NATO members from the rest?

    python benchmarks/statements_ungdc.py [--devsets ../shared/devsets] [--frame sanctions]
        [--normalization no] [--any-voice | --all-actors] [--seed 42] [--json]

The ``statements`` table of ``ungdc_2020`` (182 speeches; the manifest's ``voice`` is each
speech's state) is built with :func:`analysis.workflow.corpus_tables` (parses cached on
disk as usual). Of the statements on ``--frame`` (default ``sanctions``), each speech's
own positions are kept: those whose actor is the speech's voice (``--any-voice`` keeps
any actor that is the voice of some speech, e.g. Cuba reported in Congo's speech, as
earlier runs did; ``--all-actors`` keeps every actor), and the DNA congruence network is
built (:func:`analysis.measure.network.statement_network`, DNA's duplicate rule,
``--normalization``). Printed:

* the statements on the frame by stance, and each state's support / opposition;
* how many speeches of each camp take a position on the frame at all (coverage: a camp
  that does not speak about the frame cannot be separated by it);
* the stance sides against the communities: on one frame the congruence network is a
  clique of the supporters and one of the opponents (joined by the actors with both
  stances), so its communities are the stance sides, and the camp figures measure how
  far the camps take opposite sides in the statements;
* the two largest Louvain communities of the congruence network (``--seed``), their
  members and how many of them are EU or NATO members on the corpus date
  (``analysis/data/memberships.yaml``; the EU itself, which speaks as an observer,
  counts with its members);
* how well the network separates EU/NATO members from the rest: the modularity of that
  two-way partition (weighted by the tie weights) and the most it could reach with the
  same tie strengths (a camp of a few actors cannot reach much), the attribute assortativity of the
  camp (networkx, unweighted), the adjusted Rand index of the two largest communities
  against the camps, and DNA's polarisation score of the partition (with the signed
  variant, :func:`analysis.measure.network.polarisation`).

A measurement, not a test: it prints figures and never fails.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from analysis.corpus import load_corpus
from analysis.measure import network as net
from analysis.workflow import corpus_tables

CAMP, REST = "EU/NATO", "rest"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devsets", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "devsets"))
    parser.add_argument("--frame", default="sanctions")
    parser.add_argument("--normalization", default="no", choices=net.statements.NORMALIZATIONS)
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--any-voice", action="store_true",
                     help="keep actors that are the voice of any speech, not only of their own")
    who.add_argument("--all-actors", action="store_true", help="keep actors that are not a speech's voice")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON only")
    args = parser.parse_args(argv)

    folder = Path(args.devsets) / "ungdc_2020"
    corpus = load_corpus(folder)
    manifest = pd.read_csv(folder / "manifest.csv", dtype=str, keep_default_na=False)
    voices = set(manifest["voice"])
    voice_of = dict(zip(manifest["doc_id"], manifest["voice"]))
    date = max(manifest["date"])
    tables = corpus_tables(corpus)
    statements = tables["statements"]
    on_frame = statements[statements["frame_id"] == args.frame]
    own = on_frame["actor_id"] == on_frame["doc_id"].map(voice_of)
    kept = (on_frame if args.all_actors else on_frame[on_frame["actor_id"].isin(voices)] if args.any_voice
            else on_frame[own])

    memberships = net.load_memberships()
    # The EU itself (an observer that speaks in the debate) belongs to its members' camp.
    camp_of = memberships.group_of(["EU", "NATO"], date, label=CAMP, include_groups=True)
    G = net.statement_network(kept, "congruence", args.normalization)
    nodes = sorted(G.nodes)
    camp = {n: camp_of.get(n, REST) for n in nodes}

    # The communities and the separation measures are the library's (notebook 07 shows the same).
    camps = net.camp_communities(G, camp_of, others=REST, seed=args.seed)
    separation = net.camp_separation(G, camp_of, others=REST, seed=args.seed)
    _, q_louvain = net.communities(G, seed=args.seed, weight="weight")
    community_of = {m: int(c) for c, ms in zip(camps["community"], camps["members"]) for m in ms.split(";")}
    largest = camps.sort_values(["actors", "community"], ascending=[False, True], kind="mergesort").head(2)
    dna = net.polarisation(kept, camp, others=None)

    stance = net.stance_table(kept)
    stance["camp"] = stance["actor_id"].map(lambda a: camp_of.get(a, REST))
    stance["community"] = stance["actor_id"].map(community_of)
    # Coverage: every speech's state, with the position it takes on the frame (if any).
    tie_of = dict(zip(stance["actor_id"], stance["tie"]))
    speaking = set(on_frame.loc[own, "actor_id"])
    coverage = pd.DataFrame({"voice": sorted(voices)})
    coverage["camp"] = coverage["voice"].map(lambda v: camp_of.get(v, REST))
    coverage["position"] = coverage["voice"].map(
        lambda v: tie_of.get(v, "neutral only" if v in speaking else "no statement"))
    coverage_table = pd.crosstab(coverage["camp"], coverage["position"], margins=True, margins_name="all")
    # On one frame the communities should be the stance sides: support (and mixed) / oppose.
    in_largest = stance[stance["community"].isin(largest["community"])]
    side = in_largest["tie"].map(lambda t: "oppose" if t == "oppose" else "support or mixed")
    sides_ari = net.statements.adjusted_rand(list(in_largest["community"]), list(side))
    figures = {
        "corpus": str(folder), "date": date, "frame": args.frame, "normalization": args.normalization,
        "statements_total": len(statements),
        "statements_on_frame": len(on_frame),
        "statements_kept": len(kept),
        "stance_on_frame": {k: int(v) for k, v in kept["stance"].value_counts().sort_index().items()},
        "actors": len(nodes), "actors_tied": separation["tied_actors"], "ties": G.number_of_edges(),
        "eu_nato_actors": sum(1 for n in nodes if camp[n] == CAMP),
        "ties_across_camps": separation["ties_across"],
        "communities_2plus": int((camps["actors"] > 1).sum()), "louvain_modularity": round(q_louvain, 4),
        "two_largest": [{"community": int(r["community"]), "size": int(r["actors"]),
                         "eu_nato": int(r[CAMP]), "rest": int(r[REST]),
                         "members": r["members"].split(";")} for r in largest.to_dict("records")],
        "camp_modularity": round(separation["camp_modularity"], 4),
        "camp_modularity_max": round(separation["camp_modularity_max"], 4),
        "camp_assortativity": round(separation["camp_assortativity"], 4),
        "adjusted_rand_two_largest_vs_camp": round(separation["adjusted_rand"], 4),
        "dna_polarisation": round(dna["polarisation"], 4),
        "signed_polarisation": round(dna["signed_polarisation"], 4),
        "adjusted_rand_two_largest_vs_stance_side": round(sides_ari, 4),
        "camp_speeches_with_position": {
            c: int(((coverage["camp"] == c) & coverage["position"].isin(["support", "oppose", "mixed"])).sum())
            for c in (CAMP, REST)},
        "camp_speeches": {c: int((coverage["camp"] == c).sum()) for c in (CAMP, REST)},
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    pd.set_option("display.width", 160)
    pd.set_option("display.max_rows", 200)
    print(json.dumps(figures, indent=2))
    print("\nPositions on the frame by camp (every speech's state; coverage):")
    print(coverage_table.to_string())
    print("\nCommunities and stance sides (the two largest communities):")
    print(pd.crosstab(in_largest["community"], in_largest["tie"]).to_string())
    print("\nCommunities and camps (all communities):")
    print(camps.to_string(index=False, max_colwidth=90))
    print("\nStance on the frame per actor (statements after DNA's duplicate rule):")
    print(stance.sort_values(["community", "camp", "actor_id"], kind="mergesort")[
        ["actor_id", "camp", "community", "support", "oppose", "neutral", "tie"]].to_string(index=False))
    print("\nStrongest ties:")
    print(net.statement_ties(G, 15).to_string(index=False))
    print("\nPolarisation blocks (EU/NATO vs rest):")
    print(net.polarisation_table(kept, {n: camp[n] for n in nodes}, others=None).round(3).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
