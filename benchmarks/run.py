"""Run the benchmark on the three standard inputs and save the figures as JSON.

    python benchmarks/run.py [--kremlin PATH] [--out benchmarks/results]

Inputs: the seeds once, the seeds repeated 20 times, and the shared Kremlin corpus
(if present). Each run is ``python -m analysis bench ... --json``, saved as
``<out>/<input>.json`` (``<input>_n<N>.json`` with ``--n-process N``); a Markdown summary
table (as pasted into benchmarks/README.md) is printed at the end.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KREMLIN = ROOT.parent / "shared" / "corpora" / "kremlin_ukraine_2022_2025"


def run(name: str, corpus: Path, repeat: int, n_process: int | None, rounds: int, out: Path) -> dict:
    command = [sys.executable, "-m", "analysis", "bench", str(corpus), "--repeat-seeds", str(repeat),
               "--rounds", str(rounds), "--json"]
    if n_process:
        command += ["--n-process", str(n_process)]
    print("$", " ".join(command[1:]), file=sys.stderr, flush=True)
    done = subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True)
    figures = json.loads(done.stdout)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return figures


def markdown(results: dict[str, dict]) -> str:
    """One row per input: speeds, ratios, overhead, cache speed-up, memory."""
    head = ("| input | words | proc | spaCy all w/s | spaCy used w/s | extraction w/s | vs spaCy all | "
            "our code | cached 2nd run | speed-up | peak RSS extraction (growth) | peak RSS spaCy all |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for name, f in results.items():
        p, s = f["phases"], f["summary"]
        cold, warm, full, used = p["extract_cold"], p["extract_warm"], p["spacy_all"], p["spacy_used"]
        workers = f" + {cold['worker_peak_rss_mb']:.0f}/worker" if cold.get("worker_peak_rss_mb") else ""
        lines.append(
            f"| {name} | {f['words']:,} | {cold['n_process']} | {full['words_per_second']:,.0f} | "
            f"{used['words_per_second']:,.0f} | {cold['words_per_second']:,.0f} | {s['vs_spacy_all']:.2f}x | "
            f"{s['overhead']:+.1%} (cpu {s['overhead_cpu']:+.1%}) | {warm['seconds']:.2f} s | "
            f"{s['cache_speedup']:.0f}x | {cold['peak_rss_mb']:.0f} MiB ({cold['rss_growth_mb']:+.0f}){workers} | "
            f"{full['peak_rss_mb']:.0f} MiB |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kremlin", type=Path, default=KREMLIN)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument("--n-process", type=int, default=None, help="default: as `tables` chooses")
    parser.add_argument("--only", nargs="*", default=None, help="names of inputs to run")
    parser.add_argument("--rounds", type=int, default=1, help="rounds per input (each phase keeps its fastest)")
    args = parser.parse_args()
    inputs = [("seeds_x1", ROOT / "seeds", 1), ("seeds_x20", ROOT / "seeds", 20)]
    if args.kremlin.is_dir():
        inputs.append(("kremlin", args.kremlin, 1))
    results = {}
    for name, corpus, repeat in inputs:
        if args.only and name not in args.only:
            continue
        label = f"{name}_n{args.n_process}" if args.n_process else name
        results[label] = run(label, corpus, repeat, args.n_process, args.rounds, args.out)
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
