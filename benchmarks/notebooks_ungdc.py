"""The whole notebook series on the UN General Debate speeches of 2020: errors and seed words.

    python benchmarks/notebooks_ungdc.py [--devsets ../shared/devsets] [--out build/notebooks_ungdc] [--jobs N]

Runs every notebook ``notebooks/NN_*.ipynb`` under papermill on ``ungdc_2020`` (182
speeches with ``manifest.csv``) exactly as ``python -m analysis report`` does (the tables
built once, the notebooks reading them), into ``--out`` (under ``build/``, not committed;
replaced on every run). Then reads every executed notebook and prints, as JSON:

* ``seconds`` (the whole report, tables included) and ``notebooks``;
* ``errors``: outputs that are errors or warnings (stderr), by notebook and cell;
* ``seed_leaks``: outputs that name an actor, person or framing term of the seed corpus
  (``tests/data/seed_terms.yaml``) that these speeches do not contain
  (:func:`analysis.notebook.leaks.seed_leaks`).

A failing notebook stops the report; the line naming the notebook and cell is printed
and the exit status is 1. The shared folder is only read: nothing is copied from it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import nbformat
import yaml

from analysis.corpus import load_corpus
from analysis.errors import InputError
from analysis.notebook.leaks import seed_leaks
from analysis.report import run_report

ROOT = Path(__file__).resolve().parents[1]
SEED_TERMS = ROOT / "tests" / "data" / "seed_terms.yaml"


def _errors(book) -> list[str]:
    found = []
    for number, cell in enumerate(book.cells, start=1):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            if output.get("output_type") == "error":
                found.append(f"cell {number}: {output.get('ename')}: {output.get('evalue', '')[:200]}")
            elif output.get("name") == "stderr":
                found.append(f"cell {number}: stderr: {' '.join(str(output.get('text', '')).split())[:200]}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devsets", type=Path, default=ROOT.parent / "shared" / "devsets")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "notebooks_ungdc")
    parser.add_argument("--jobs", type=int, default=None, help="notebooks at a time (default: the report's)")
    args = parser.parse_args(argv)
    corpus_dir = args.devsets / "ungdc_2020"
    terms = yaml.safe_load(SEED_TERMS.read_text(encoding="utf-8"))["terms"]

    started = time.perf_counter()
    try:
        written = run_report(corpus_dir, args.out, quiet=True, jobs=args.jobs)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started

    corpus_text = " ".join(d.text for d in load_corpus(corpus_dir).documents)
    errors, leaks = {}, {}
    for path in written["notebooks"]:
        book = nbformat.read(path, as_version=4)
        if found := _errors(book):
            errors[path.stem] = found
        if found := seed_leaks(book, terms, corpus_text):
            leaks[path.stem] = found
    print(json.dumps({"corpus": "ungdc_2020", "documents": len(load_corpus(corpus_dir)),
                      "notebooks": [p.stem for p in written["notebooks"]], "seconds": round(seconds, 1),
                      "errors": errors, "seed_leaks": leaks}, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
