"""Register coverage on UN General Debate speeches (no gold): linked share, entity kinds,
UN organs resolved in context, and the names the register does not know.

    python benchmarks/coverage_ungdc.py [--devsets ../shared/devsets] [--every 9] [--no-setting]

Every ``--every``-th speech of ``ungdc_2020`` (sorted by file name) is read with its
manifest, parsed without the cache and its actor mentions extracted the way the
per-document kernel does (:func:`analysis.extract.actors.extract_actor_mentions` with the
document's date), with the manifest row as the document's setting unless ``--no-setting``
(the manifest's ``outlet`` names the General Assembly). Printed as JSON:

* ``mentions``, ``linked_share`` (mentions linked to the register, all kinds) and
  ``mentions_by_kind`` (actor / place / reference, with each kind's linked share);
* ``un_organs``: the references to UN organs and officials ("the Secretary-General", "the
  Security Council", "the General Assembly", "this Assembly", "our Organization") written
  in the speeches (``written``: counted in the text by a fixed pattern, this benchmark's
  own yardstick), how many of them a mention counts under the UN (``resolved``), and the
  resolved mentions by surface form;
* ``top_unlinked``: the 20 most frequent names the model found and the register lacks;
* ``candidates``: the 10 most frequent recurring capitalised names the model missed
  (``register_coverage`` rows of type ``candidate``).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

from analysis.corpus import corpus_from_texts
from analysis.extract.actors import (
    extract_actor_mentions,
    mentions_frame,
    unlinked_report,
)
from analysis.nlp import iter_parsed, load_nlp
from analysis.register import load_register
from analysis.schema import UNLINKED_PREFIX

# The organ references this benchmark looks for in the text (its yardstick, not a rule of
# the package): the organ, optionally after "the", "this", "our" or "Mr."/"Madam".
UN_ORGAN_RE = re.compile(
    r"\b(?:Secretary[-\u2013 ]General|Security Council|General Assembly|Human Rights Council"
    r"|Economic and Social Council|Secretariat)\b"
    r"|\b(?:[Tt]his|[Oo]ur|[Tt]he) (?:Assembly|Organization|Organisation)\b"
)


def un_organs(corpus, mentions: pd.DataFrame, register) -> dict:
    """Organ references written in the speeches and those counted under the UN."""
    own_forms = {"United Nations", "UN", "U.N."}
    un_rows = mentions[[register.state_of(a, "2020-09-15") == "UN" for a in mentions["actor_id"]]]
    organs = un_rows[~un_rows["text"].isin(own_forms)]
    spans: dict[str, list[tuple[int, int]]] = {}
    for row in organs.itertuples():
        spans.setdefault(row.doc_id, []).append((row.start, row.end))
    written = resolved = 0
    missed: Counter[str] = Counter()
    for document in corpus:
        for sentence in document.sentences:
            for match in UN_ORGAN_RE.finditer(sentence.text):
                start, end = sentence.start + match.start(), sentence.start + match.end()
                written += 1
                if any(s < end and start < e for s, e in spans.get(document.doc_id, ())):
                    resolved += 1
                else:
                    missed[match.group(0)] += 1
    return {
        "written": written,
        "resolved": resolved,
        "resolved_share": round(resolved / written, 4) if written else None,
        "resolved_by_form": Counter(organs["text"]).most_common(12),
        "missed_by_form": missed.most_common(8),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devsets", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "devsets")
    parser.add_argument("--every", type=int, default=9)
    parser.add_argument("--no-setting", action="store_true", help="do not pass the manifest row as the setting")
    args = parser.parse_args()
    folder = args.devsets / "ungdc_2020"
    with (folder / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda r: r["file"])[:: args.every]
    texts = {r["doc_id"]: (folder / r["file"]).read_text(encoding="utf-8") for r in rows}
    meta = {r["doc_id"]: dict(r) for r in rows}
    corpus = corpus_from_texts(texts, meta)
    register = load_register()
    nlp = load_nlp()
    found: list[dict] = []
    for document, parsed in iter_parsed(corpus, nlp, cache=False):
        found += extract_actor_mentions(parsed, register, dates=document.meta.get("date") or None,
                                        setting=None if args.no_setting else document.meta)
    mentions = mentions_frame(found)
    coverage = unlinked_report(mentions, top=20, corpus=corpus)
    unlinked = mentions["actor_id"].str.startswith(UNLINKED_PREFIX)
    by_kind = {
        kind: {"mentions": len(group), "linked_share": round(float(1 - unlinked[group.index].mean()), 4)}
        for kind, group in mentions.groupby("entity_kind")
    }
    ner = coverage[coverage["type"] != "candidate"]
    candidates = coverage[coverage["type"] == "candidate"]
    print(json.dumps({
        "speeches": len(texts),
        "setting": not args.no_setting,
        "mentions": len(mentions),
        "linked_share": round(float(coverage.attrs["linked_share"]), 4),
        "mentions_by_kind": by_kind,
        "un_organs": un_organs(corpus, mentions, register),
        "top_unlinked": ner.head(20)[["actor_id", "entity_kind", "mentions"]].values.tolist(),
        "candidates": candidates.head(10)[["name", "mentions", "documents"]].values.tolist(),
    }, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
