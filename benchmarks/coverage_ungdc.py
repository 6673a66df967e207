"""Register coverage on UN General Debate speeches (no gold): linked share and top unlinked names.

    python benchmarks/coverage_ungdc.py [--devsets ../shared/devsets] [--every 9]

Every ``--every``-th speech of ``ungdc_2020`` (sorted by file name) is read with its
manifest, extracted without the cache, and summarised: mentions, the share linked to the
register, and the most frequent names the register does not know.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from analysis.corpus import corpus_from_texts
from analysis.tables import extract_corpus


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devsets", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "devsets")
    parser.add_argument("--every", type=int, default=9)
    args = parser.parse_args()
    folder = args.devsets / "ungdc_2020"
    with (folder / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda r: r["file"])[:: args.every]
    texts = {r["doc_id"]: (folder / r["file"]).read_text(encoding="utf-8") for r in rows}
    meta = {r["doc_id"]: dict(r) for r in rows}
    tables = extract_corpus(corpus_from_texts(texts, meta), cache=False)
    mentions, coverage = tables["actor_mentions"], tables["register_coverage"]
    print(json.dumps({
        "speeches": len(texts),
        "mentions": len(mentions),
        "linked_share": round(float(coverage.attrs.get("linked_share", float("nan"))), 4)
        if "linked_share" in coverage.attrs else round(1 - mentions["actor_id"].str.startswith("unlinked:").mean(), 4),
        "top_unlinked": coverage.head(10)[["actor_id", "mentions"]].values.tolist(),
    }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
