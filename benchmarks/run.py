"""Run the benchmark on the three standard inputs, save the figures as JSON, fill the README.

    python benchmarks/run.py [--kremlin PATH] [--out benchmarks/results] [--rounds N] [--n-process N]
    python benchmarks/run.py --readme-only [--before DIR]     # only rewrite README.md from the JSON

Inputs: the seeds once, the seeds repeated 20 times, and the shared Kremlin corpus
(if present). Each run is ``python -m analysis bench ... --json``, saved as
``<out>/<input>.json`` (``<input>_n<N>.json`` with ``--n-process N``); a Markdown summary
table is printed at the end. Then the sections of ``benchmarks/README.md`` between
``<!-- NAME -->`` and ``<!-- /NAME -->`` (RESULTS_AUTO, RESULTS_N1, GOALS, MEMORY, COMMIT)
are rewritten from the JSON files in ``--out``; ``--before DIR`` names JSON files of an
earlier run to show memory before/after. Nothing else of the README is touched.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KREMLIN = ROOT.parent / "shared" / "corpora" / "kremlin_ukraine_2022_2025"
README = ROOT / "benchmarks" / "README.md"
INPUTS = ("seeds_x1", "seeds_x20", "kremlin")


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
    """One row per input: speeds, ratios, overhead, parser share, cached reruns, memory."""
    head = ("| input | words | proc | spaCy all w/s | spaCy used w/s | extraction w/s | vs spaCy all | "
            "parser read | our code | cached extraction | `tables` cold -> rerun | rerun speed-up | "
            "peak RSS extraction (growth) | peak RSS spaCy all | others |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for name, f in results.items():
        p, s = f["phases"], f["summary"]
        cold, warm, full, used = p["extract_cold"], p["extract_warm"], p["spacy_all"], p["spacy_used"]
        workers = f" + {cold['worker_peak_rss_mb']:.0f}/worker" if cold.get("worker_peak_rss_mb") else ""
        parsed = f"{s['parsed_word_share']:.0%} of words" if "parsed_word_share" in s else "all"
        if "rerun_speedup" in s:
            sample = f.get("command_corpus", {})
            on = f" ({sample['words'] // 1000}k-word sample)" if sample.get("sampled") else ""
            command = f"{p['tables_cold']['seconds']:.1f} s -> {p['tables_warm']['seconds']:.2f} s{on}"
            rerun = f"{s['rerun_speedup']:.1f}x"
        else:
            command, rerun = "-", "-"
        others = max(r.get("others_cores") or 0.0 for r in p.values())
        lines.append(
            f"| {name} | {f['words']:,} | {cold['n_process']} | {full['words_per_second']:,.0f} | "
            f"{used['words_per_second']:,.0f} | {cold['words_per_second']:,.0f} | {s['vs_spacy_all']:.2f}x | "
            f"{parsed} | {s['overhead']:+.1%} (cpu {s['overhead_cpu']:+.1%}) | {warm['seconds']:.2f} s "
            f"({s['cache_speedup']:.0f}x) | {command} | {rerun} | "
            f"{cold['peak_rss_mb']:.0f} MiB ({cold['rss_growth_mb']:+.0f}){workers} | {full['peak_rss_mb']:.0f} MiB | "
            f"up to {others:.1f} |"
        )
    return "\n".join(lines)


def _load(folder: Path, suffix: str = "") -> dict[str, dict]:
    found = {}
    for name in INPUTS:
        path = folder / f"{name}{suffix}.json"
        if path.is_file():
            found[name] = json.loads(path.read_text(encoding="utf-8"))
    return found


def goals_table(results: dict[str, dict], rerun: dict | None = None) -> str:
    """The figures issue 14 asks for, each against its goal. ``rerun``: the figures of a
    bench run of the `tables` phases alone on the Kremlin corpus (``kremlin_rerun.json``),
    used when the full Kremlin run is missing."""
    rows = ["| goal | measured | |", "|---|---|---|"]

    def mark(ok: bool) -> str:
        return "ok" if ok else "**missed**"

    kremlin, x20, x1 = results.get("kremlin"), results.get("seeds_x20"), results.get("seeds_x1")
    source = kremlin if kremlin and "rerun_speedup" in kremlin["summary"] else rerun
    if source and "rerun_speedup" in source["summary"]:
        s, p = source["summary"], source["phases"]
        cold, warm = p["tables_cold"], p["tables_warm"]
        rows.append(f"| `tables` rerun, nothing changed, >= 20x faster than cold (Kremlin sample: "
                    f"{source['command_corpus']['documents']} transcripts, {source['command_corpus']['words']:,} words; "
                    f"whole command) | {cold['seconds']:.1f} s -> {warm['seconds']:.2f} s = {s['rerun_speedup']:.1f}x "
                    f"(CPU {cold['cpu_seconds']:.1f} s -> {warm['cpu_seconds']:.2f} s; others "
                    f"{cold.get('others_cores', 0):.1f}/{warm.get('others_cores', 0):.1f}) | "
                    f"{mark(s['rerun_speedup'] >= 20)} |")
    for name, goal, label in ((x20, 1.0, "seeds x20 (many short documents)"), (kremlin, 1.5, "full Kremlin corpus")):
        if name:
            s = name["summary"]
            rows.append(f"| {label} >= {goal}x bare spaCy's full default pipeline (selective parse included: the "
                        f"parser read {s.get('parsed_word_share', 1):.0%} of the words) | {s['vs_spacy_all']:.2f}x | "
                        f"{mark(s['vs_spacy_all'] >= goal)} |")
    if x1 and "rerun_speedup" in x1["summary"]:
        p = x1["phases"]
        rows.append(f"| `tables` on the seeds, cold / warm (whole command) | {p['tables_cold']['seconds']:.1f} s / "
                    f"{p['tables_warm']['seconds']:.2f} s | |")
    return "\n".join(rows)


def memory_table(results: dict[str, dict], before: dict[str, dict]) -> str:
    """Peak RSS of the main process (and the largest worker), after and, if given, before."""
    rows = ["| input | phase | peak RSS now | before |", "|---|---|---|---|"]
    for name, f in results.items():
        for phase in ("spacy_all", "extract_cold", "extract_warm", "tables_cold", "tables_warm"):
            r = f["phases"].get(phase)
            if r is None:
                continue
            old = (before.get(name) or {}).get("phases", {}).get(phase)
            worker = f" (+{r['worker_peak_rss_mb']:.0f}/worker)" if r.get("worker_peak_rss_mb") else ""
            then = f"{old['peak_rss_mb']:.0f} MiB" if old else "-"
            rows.append(f"| {name} | {phase} | {r['peak_rss_mb']:.0f} MiB{worker} | {then} |")
    return "\n".join(rows)


def commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" with uncommitted changes" if dirty else "")


def fill_readme(readme: Path, sections: dict[str, str]) -> None:
    """Replace each ``NAME`` placeholder line, or the text between ``<!-- NAME -->`` and
    ``<!-- /NAME -->``, by ``sections[NAME]`` (kept between such markers for the next run)."""
    text = readme.read_text(encoding="utf-8")
    for name, body in sections.items():
        block = f"<!-- {name} -->\n{body}\n<!-- /{name} -->"
        marked = re.compile(rf"<!-- {name} -->\n.*?\n<!-- /{name} -->", re.S)
        if marked.search(text):
            text = marked.sub(lambda _: block, text)
        elif name == "COMMIT":
            text = text.replace("`COMMIT`", f"`{sections[name]}`")
        else:
            text = re.sub(rf"^{name}$", lambda _: block, text, flags=re.M)
    readme.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kremlin", type=Path, default=KREMLIN)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument("--n-process", type=int, default=None, help="default: as `tables` chooses")
    parser.add_argument("--only", nargs="*", default=None, help="names of inputs to run")
    parser.add_argument("--rounds", type=int, default=1, help="rounds per input (each phase keeps its fastest)")
    parser.add_argument("--readme-only", action="store_true", help="do not measure: fill README.md from --out")
    parser.add_argument("--before", type=Path, default=None, help="JSON files of an earlier run (memory before)")
    parser.add_argument("--readme", type=Path, default=README)
    args = parser.parse_args()
    if not args.readme_only:
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
    auto, one = _load(args.out), _load(args.out, "_n1")
    sections = {"COMMIT": commit()}
    if auto:
        sections["RESULTS_AUTO"] = markdown(auto)
        rerun = args.out / "kremlin_rerun.json"
        sections["GOALS"] = goals_table(auto, json.loads(rerun.read_text(encoding="utf-8")) if rerun.is_file() else None)
        sections["MEMORY"] = memory_table(auto, _load(args.before) if args.before else {})
    if one:
        sections["RESULTS_N1"] = markdown(one)
    if args.readme.is_file():
        fill_readme(args.readme, sections)
    return 0


if __name__ == "__main__":
    sys.exit(main())
