"""Command line: ``python -m analysis tables|report|bench ...``.

Bad input ends with one line on stderr naming the file (and line or byte) and exit
status 2, never a traceback; nothing is written in that case.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path
from typing import Iterator, Sequence

from analysis.cache import CacheFolder, OutputCache
from analysis.corpus import load_corpus, read_sources
from analysis.errors import InputError
from analysis.nlp import installed_model_meta
from analysis.output import atomic_folder, check_output_folder

# The commands' heavier modules are imported where they are used: `report` and `bench`
# (and the Dask path) by their own command, the extraction and the table writer only when
# the output cache has no entry. A cached `tables` rerun thus imports neither networkx
# nor the extraction code (issue 14: together about half a second of a one-second rerun).

__all__ = ["build_parser", "DEFAULT_CORPUS", "FORCE_HELP", "main", "PACKAGE_DIR"]

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_CORPUS = PACKAGE_DIR.parent / "seeds"
FORCE_HELP = ("replace --out even if it holds files this tool did not write (never an input, "
              "the current folder or the home folder)")


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to document the commands in the README)."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Political discourse analysis: actors, framing terms, voices, co-mention networks.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    tables = commands.add_parser("tables", help="parse a corpus and write every table as CSV and Parquet")
    tables.add_argument("corpus_dir", type=Path, help="folder of .txt files (with an optional manifest.csv)")
    tables.add_argument("--out", type=Path, required=True, help="output folder (replaced whole on success)")
    tables.add_argument("--force", action="store_true", help=FORCE_HELP)
    tables.add_argument("--quiet", action="store_true", help="no progress bar")
    tables.add_argument("--no-nlp", action="store_true", help="structure only (documents, paragraphs, sentences, footnotes, tables)")
    tables.add_argument("--no-cache", action="store_true", help="do not read or write the caches (sentence segmentation, parses, extracted rows, tables)")
    tables.add_argument("--n-process", type=_positive_int, default=None,
                        help="worker processes (default: 1 for small corpora, one per CPU for large ones)")
    tables.add_argument("--register", type=Path, default=None, help="actor register YAML (default: the packaged one)")
    tables.add_argument("--lexicon", type=Path, default=None, help="frame lexicon YAML (default: the packaged one)")
    tables.add_argument("--dask", action="store_true",
                        help="run on Dask (local cluster of 2 processes, or --scheduler); "
                             "writes one folder of Parquet parts per table")
    tables.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="Dask scheduler address, e.g. tcp://host:8786 (implies --dask)")
    tables.add_argument("--npartitions", type=_positive_int, default=None,
                        help="Dask partitions (with --dask; default 4 per worker)")

    report = commands.add_parser("report", help="execute the notebook series and write HTML, figures and tables")
    report.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus folder (default: the seeds)")
    report.add_argument("--out", type=Path, default=Path("build"), help="output folder (default: build/)")
    report.add_argument("--force", action="store_true", help=FORCE_HELP)
    report.add_argument("--quiet", action="store_true", help="no progress output")
    report.add_argument("--jobs", type=_positive_int, default=None,
                        help="notebooks run at the same time (default: 2, or 1 on a single CPU)")

    bench = commands.add_parser("bench", help="benchmark extraction against bare spaCy (prints figures)")
    bench.add_argument("corpus_dir", type=Path, nargs="?", default=DEFAULT_CORPUS)
    bench.add_argument("--repeat-seeds", type=_positive_int, default=1,
                       help="repeat the corpus N times (for the small seed corpus)")
    bench.add_argument("--n-process", type=_positive_int, default=None,
                       help="worker processes for the extraction (default: as `tables` chooses)")
    bench.add_argument("--rounds", type=_positive_int, default=1,
                       help="repeat the measurements N times and keep each phase's fastest (default 1)")
    bench.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser


def _manifest_files(corpus_dir: Path) -> Iterator[str]:
    """The ``file`` column of ``corpus_dir/manifest.csv``, read loosely.

    Only to protect those files from ``--out``: a malformed manifest is reported by
    ``load_corpus`` later, with the line at fault, so parse errors are ignored here.
    """
    manifest = corpus_dir / "manifest.csv"
    try:
        with manifest.open(encoding="utf-8", errors="replace", newline="") as handle:
            for row in csv.DictReader(handle):
                name = row.get("file")
                # A NUL cannot name a file; load_corpus reports the cell with its line.
                if isinstance(name, str) and name.strip() and "\x00" not in name:
                    yield name.strip()
    except (OSError, csv.Error):
        return


def _corpus_inputs(corpus_dir: Path) -> Iterator[tuple[str, Path]]:
    """The corpus folder, the real files behind links inside it, and the files its manifest names."""
    yield "the corpus folder", corpus_dir
    if not corpus_dir.is_dir():
        return  # load_corpus reports it
    for root, dirs, files in os.walk(corpus_dir):
        for name in dirs + files:
            path = Path(root) / name
            if path.is_symlink():
                # Everything else in the folder is covered by the folder itself; a link's
                # real file may live anywhere.
                try:
                    target = path.resolve()
                except (OSError, RuntimeError):  # a link loop: load_corpus reports it
                    continue
                yield f"the file behind the corpus link {str(path)!r}, which is", target
        dirs[:] = [d for d in dirs if not (Path(root) / d).is_symlink()]
    for name in _manifest_files(corpus_dir):
        yield "the file named in manifest.csv", corpus_dir / name


def _check_out_folder(args: argparse.Namespace, corpus_dir: Path, *extra: tuple[str, Path]) -> None:
    """Refuse an unsafe ``--out`` before any work: see ``analysis.output.check_output_folder``."""
    inputs = [*_corpus_inputs(corpus_dir), ("the analysis package", PACKAGE_DIR), *extra]
    for option in ("register", "lexicon"):
        path = getattr(args, option, None)
        if path is not None:
            inputs.append((f"the --{option} file", path))
    check_output_folder(args.out, inputs, force=args.force)


def _run_tables(args: argparse.Namespace) -> int:
    _check_out_folder(args, args.corpus_dir)  # before any work: a bad --out costs nothing
    if args.dask or args.scheduler:
        return _run_tables_dask(args)
    sources = read_sources(args.corpus_dir)  # every file read and checked first
    outputs, key, cache = _output_cache(args, sources)
    if outputs is not None and key is not None:
        stored = outputs.load(key)
        if stored is not None:  # nothing changed since a run wrote these files: write them again
            documents, files = stored
            with atomic_folder(args.out) as staging:
                for name, data in files:
                    (staging / name).write_bytes(data)
            _report_written(args, len(files), documents)
            return 0
    from analysis.tables.io import write_tables
    from analysis.workflow import corpus_tables

    corpus = load_corpus(args.corpus_dir, progress=not args.quiet, cache=cache, sources=sources)
    tables = corpus_tables(
        corpus,
        nlp=not args.no_nlp,
        progress=not args.quiet,
        cache=cache,
        n_process=args.n_process,
        register_path=args.register,
        lexicon_path=args.lexicon,
    )
    with atomic_folder(args.out) as staging:
        written = write_tables(tables, staging)
        if outputs is not None and key is not None:
            outputs.save(key, staging, [path.name for path in written], documents=len(corpus))
    _report_written(args, len(written), len(corpus))
    return 0


def _output_cache(args: argparse.Namespace, sources: list[tuple[str, Path, dict[str, str], str]],
                  ) -> tuple[OutputCache | None, str | None, bool]:
    """The output cache of this run, the key of its files, and whether the other caches
    may be used (not when the cache folder itself is unusable: its one warning has been
    printed here). ``(None, None, cache)`` when there is no output cache to use."""
    if args.no_cache:
        return None, None, False
    folder = CacheFolder()
    if not folder.prepare():  # the folder itself: every cache is off (one warning printed)
        return None, None, False
    if not folder.prepare("outputs"):  # only outputs/: the other caches still work
        return None, None, True
    settings = {"nlp": not args.no_nlp}
    outputs = OutputCache(folder)
    try:
        key = outputs.key(((doc_id, meta, text) for doc_id, _, meta, text in sources),
                          settings=settings, files=[args.register, args.lexicon],
                          model_meta=installed_model_meta() if not args.no_nlp else None)
    except OSError:  # an unreadable --register or --lexicon: the run reports it, with its name
        return None, None, True
    return outputs, key, True


def _report_written(args: argparse.Namespace, files: int, documents: int) -> None:
    if not args.quiet:
        print(f"wrote {files} files for {documents} documents to {args.out}", file=sys.stderr)


def _run_tables_dask(args: argparse.Namespace) -> int:
    if args.no_nlp:
        raise InputError(args.corpus_dir, "--dask runs the NLP extraction; drop --no-nlp")
    from analysis.tables.workers import DaskNotInstalled
    from analysis.workflow import write_tables_with_dask

    try:
        written = write_tables_with_dask(
            args.corpus_dir, args.out, scheduler=args.scheduler, npartitions=args.npartitions,
            cache=not args.no_cache, register_path=args.register, lexicon_path=args.lexicon,
            progress=not args.quiet,
        )
    except DaskNotInstalled as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(f"wrote {len(written)} tables as folders of Parquet parts to {args.out}", file=sys.stderr)
    return 0


def _run_report(args: argparse.Namespace) -> int:
    from analysis.report import notebooks_dir, run_report

    _check_out_folder(args, args.corpus, ("the notebook folder", notebooks_dir()))
    run_report(args.corpus, args.out, quiet=args.quiet, jobs=args.jobs)
    return 0


def _run_bench(args: argparse.Namespace) -> int:
    from analysis.bench import run_benchmark

    run_benchmark(args.corpus_dir, repeat=args.repeat_seeds, n_process=args.n_process, rounds=args.rounds,
                  json_output=args.json)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = build_parser().parse_args(argv)
    runners = {"tables": _run_tables, "report": _run_report, "bench": _run_bench}
    try:
        return runners[args.command](args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
