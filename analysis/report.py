"""Execute the notebook series on a corpus and write the report (``python -m analysis report``).

``run_report(corpus_dir, out_dir)`` writes, whole or not at all::

    out_dir/
      notebooks/NN_*.ipynb   the executed notebooks (parameters rewritten as relative paths)
      html/NN_*.html         the same, as standalone HTML pages (figures embedded)
      figures/*.png, *.svg   every figure the notebooks save (analysis.notebook.show_figure)
      tables/*.csv, *.parquet every table (as ``python -m analysis tables``)

The notebooks are those of the source checkout (``<repo>/notebooks/NN_*.ipynb``, found
next to the ``analysis`` package), so ``report`` needs the repository, not only the
installed package (``pip install -e .``); ``$ANALYSIS_NOTEBOOKS_DIR`` points elsewhere.
Each notebook runs with papermill in the notebooks folder, in a kernel of the current
Python (whatever ``python3`` kernelspec is installed elsewhere), with three parameters:
``corpus_dir``, ``figures_dir`` and ``tables_dir``: the tables are built once, written to
``tables/``, and every notebook reads them there (:func:`analysis.workflow.open_tables`).

A notebook that fails stops the report with one line naming the notebook and the cell
(:class:`ReportError`, exit status 2 from the command line); nothing is written then.

:func:`execute_in_place` re-executes the repository's notebooks on the seeds and stores
them without timing metadata (``scripts/execute_notebooks.sh``), so that nbval has
deterministic outputs to compare.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import time
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

from analysis.corpus import load_corpus
from analysis.errors import InputError
from analysis.output import atomic_folder
from analysis.tables.io import write_tables
from analysis.workflow import corpus_tables

__all__ = [
    "CELL_TIMEOUT", "execute_in_place", "execute_notebook", "export_html", "failed_cell",
    "find_notebooks", "KERNEL_NAME", "main", "NOTEBOOK_PATTERN", "NOTEBOOKS_DIR",
    "notebooks_dir", "NOTEBOOKS_ENV", "output_problems", "PACKAGE_DIR", "ReportError",
    "coalesce_streams", "run_report", "tidy_executed",
]

PACKAGE_DIR = Path(__file__).resolve().parent
NOTEBOOKS_DIR = PACKAGE_DIR.parent / "notebooks"
NOTEBOOKS_ENV = "ANALYSIS_NOTEBOOKS_DIR"
NOTEBOOK_PATTERN = re.compile(r"\d\d_[\w.-]+\.ipynb")
KERNEL_NAME = "python3"
CELL_TIMEOUT = 3600  # seconds per cell


class ReportError(InputError):
    """A notebook failed (or cannot be found); the message names the notebook and cell."""


# =======================================================================================
# finding and running notebooks
# =======================================================================================


def notebooks_dir() -> Path:
    """The folder of the notebook series (``$ANALYSIS_NOTEBOOKS_DIR`` or ``<repo>/notebooks``)."""
    return Path(os.environ.get(NOTEBOOKS_ENV) or NOTEBOOKS_DIR)


def find_notebooks(folder: str | Path | None = None) -> list[Path]:
    """The series ``NN_*.ipynb`` in ``folder``, in order."""
    folder = Path(folder) if folder is not None else notebooks_dir()
    if not folder.is_dir():
        raise ReportError(folder, "notebook folder not found: `report` runs the notebooks of a "
                                  "source checkout (install with `pip install -e .` from the repository)")
    found = sorted(p for p in folder.iterdir() if NOTEBOOK_PATTERN.fullmatch(p.name) and p.is_file())
    if not found:
        raise ReportError(folder, "no notebooks named NN_*.ipynb")
    return found


def _kernel_manager_class():
    """An nbclient kernel manager that always starts ipykernel in *this* Python.

    A ``python3`` kernelspec in the user's Jupyter folders could point to another
    interpreter (without this package); this one ignores kernelspecs altogether.
    """
    from ipykernel.kernelspec import RESOURCES, get_kernel_dict
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import AsyncKernelManager

    class CurrentEnvKernelManager(AsyncKernelManager):
        @property
        def kernel_spec(self) -> KernelSpec:
            if self._kernel_spec is None:
                spec = get_kernel_dict()
                # Only errors on the terminal (not "Kernel is running over TCP without encryption"):
                # the kernel listens on localhost with a fresh key for this run.
                spec["argv"] = spec["argv"] + ["--IPKernelApp.log_level=ERROR"]
                self._kernel_spec = KernelSpec(resource_dir=RESOURCES, **spec)
            return self._kernel_spec

        async def _async_interrupt_kernel(self) -> None:
            # jupyter_client sends SIGINT before every shutdown request, to free a busy
            # kernel; ours are idle when the notebook ends, and a kernel caught between two
            # messages logged "KeyboardInterrupt caught in kernel." on the report's terminal
            # (1 run in 3). A stuck kernel still gets SIGTERM, then SIGKILL.
            if self.shutting_down:
                return
            await super()._async_interrupt_kernel()

    return CurrentEnvKernelManager


@contextmanager
def _working_folder(folder: Path | None) -> Iterator[None]:
    """Work in ``folder`` (None: stay) and come back, whatever happens."""
    if folder is None:
        yield
        return
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


_ENVIRONMENT_LOCK = threading.Lock()
_environment_users = 0


@contextmanager
def _kernel_environment() -> Iterator[None]:
    """Environment for notebook kernels: no GUI backend for matplotlib, this checkout's
    ``analysis`` package first on the path (the kernel imports the code that runs the report),
    and a fixed hash seed (a set of strings, such as a widget's ``sync_targets``, is then
    written in the same order on every run).

    Notebooks run in threads at the same time share one process environment: the first
    to enter sets it, the last to leave restores it.
    """
    global _environment_users
    names = ("MPLBACKEND", "PYTHONPATH", "PYTHONHASHSEED")
    with _ENVIRONMENT_LOCK:
        if _environment_users == 0:
            _kernel_environment.saved = {name: os.environ.get(name) for name in names}
            os.environ["MPLBACKEND"] = "Agg"
            os.environ["PYTHONHASHSEED"] = "0"
            os.environ["PYTHONPATH"] = os.pathsep.join(
                [str(PACKAGE_DIR.parent)]
                + [p for p in (_kernel_environment.saved["PYTHONPATH"] or "").split(os.pathsep) if p])
        _environment_users += 1
    try:
        yield
    finally:
        with _ENVIRONMENT_LOCK:
            _environment_users -= 1
            if _environment_users == 0:
                for name, value in _kernel_environment.saved.items():
                    if value is None:
                        os.environ.pop(name, None)
                    else:
                        os.environ[name] = value


def _first_line(source: str) -> str:
    for line in source.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            return line if len(line) <= 60 else line[:59] + "…"
    return ""


def _one_line(text: str, limit: int = 200) -> str:
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(text))  # ANSI colours of tracebacks
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Cells papermill adds to the notebook it runs or writes, which the source notebook lacks: the
# injected parameters, and (when a cell fails) a message at the top and an anchor just before
# the failing cell (papermill.execute.raise_for_execution_errors).
_ADDED_CELL_TAGS = frozenset({"injected-parameters", "papermill-error-cell-tag"})


def _has_error(cell) -> bool:
    """Whether an executed code cell failed: an error output (other than a clean
    ``sys.exit()``), or papermill's ``exception`` mark on a cell that raised without one."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            if output.get("ename") == "SystemExit" and str(output.get("evalue", "")) in ("", "0"):
                continue
            return True
    return bool(cell.get("metadata", {}).get("papermill", {}).get("exception"))


def failed_cell(executed) -> tuple[int, str] | None:
    """The first failed code cell of an executed notebook, as (its number in the source
    notebook, counted from 1 over all cells, and its source); None if no cell failed.

    Cells that papermill added (injected parameters, error markers) are not counted, so the
    number is the one a reader finds in the notebook they opened; the failing cell is found
    by its error output, not by an index that those added cells shift.

    >>> import nbformat.v4 as v4
    >>> nb = v4.new_notebook(cells=[
    ...     v4.new_markdown_cell("error", metadata={"tags": ["papermill-error-cell-tag"]}),
    ...     v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
    ...     v4.new_code_cell("x = 2", metadata={"tags": ["injected-parameters"]}),
    ...     v4.new_code_cell("y = x"),
    ...     v4.new_markdown_cell("anchor", metadata={"tags": ["papermill-error-cell-tag"]}),
    ...     v4.new_code_cell("1 / 0", outputs=[v4.new_output("error", ename="ZeroDivisionError",
    ...                                                       evalue="division by zero", traceback=[])]),
    ... ])
    >>> failed_cell(nb)
    (3, '1 / 0')
    """
    number = 0
    for cell in executed.cells:
        if _ADDED_CELL_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        number += 1
        if cell.get("cell_type") == "code" and _has_error(cell):
            return number, cell.get("source", "")
    return None


def _failure(notebook: Path, executed, exc: BaseException) -> ReportError:
    """One line naming the notebook and the cell (numbered as in the source notebook, from 1)."""
    name = f"notebooks/{notebook.name}"
    what = _one_line(f"{getattr(exc, 'ename', '')}: {getattr(exc, 'evalue', '')}".strip(": ") or exc)
    found = failed_cell(executed) if executed is not None else None
    if found is not None:
        number, source = found
        return ReportError(name, f"cell {number} (`{_first_line(source)}`) failed: {what}")
    source = getattr(exc, "source", None)  # papermill's error carries the failing cell's source
    if source:
        return ReportError(name, f"cell `{_first_line(source)}` failed: {what}")
    return ReportError(name, f"notebook failed: {_one_line(exc)}")


def execute_notebook(notebook: Path, output: Path, parameters: dict, *, quiet: bool = True,
                     timeout: int = CELL_TIMEOUT, change_dir: bool = True):
    """Execute ``notebook`` with papermill into ``output``; return the executed notebook.

    The kernel starts in the notebook's folder: papermill changes this process's working
    folder for that (and back), which is not safe from two threads at once, so notebooks
    run side by side pass ``change_dir=False`` and the caller changes it once for all.
    """
    import nbformat
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    try:
        with _kernel_environment():
            return papermill.execute_notebook(
                str(notebook), str(output), parameters=parameters, kernel_name=KERNEL_NAME,
                cwd=str(notebook.parent) if change_dir else None, progress_bar=not quiet, log_output=False,
                execution_timeout=timeout, kernel_manager_class=_kernel_manager_class(),
                record_timing=False,
            )
    except PapermillExecutionError as exc:
        executed = nbformat.read(str(output), as_version=4) if output.is_file() else None
        raise _failure(notebook, executed, exc) from None
    except (CellTimeoutError, DeadKernelError, RuntimeError) as exc:
        raise _failure(notebook, None, exc) from None


# =======================================================================================
# making executed notebooks presentable
# =======================================================================================


def _shown_corpus_dir(corpus: Path, out_dir: Path) -> str:
    """How the executed notebooks show the corpus folder, without an absolute path.

    Relative to ``out_dir/notebooks`` when the corpus lies next to the output folder (the
    notebook can then be re-run where it is: ``../../seeds`` for ``seeds`` and ``build``);
    otherwise only the folder's name.
    """
    corpus, base = corpus.resolve(), out_dir.resolve().parent
    if corpus.is_relative_to(base):
        return Path(os.path.relpath(corpus, out_dir.resolve() / "notebooks")).as_posix()
    return corpus.name


def coalesce_streams(nb):
    """Merge each cell's consecutive ``stdout`` (or ``stderr``) outputs into one.

    The kernel sends what a cell prints in pieces whenever its buffer is flushed, which
    depends on timing (two notebooks running side by side split differently): merged, the
    same prints give the same output whatever the timing (nbval compares them merged too).

    >>> from nbformat import v4
    >>> cell = v4.new_code_cell("print(1); print(2)", outputs=[
    ...     v4.new_output("stream", name="stdout", text="1\\n"), v4.new_output("stream", name="stdout", text="2\\n")])
    >>> [o.text for o in coalesce_streams(v4.new_notebook(cells=[cell])).cells[0].outputs]
    ['1\\n2\\n']
    """
    for cell in nb.cells:
        merged = []
        for output in cell.get("outputs", []):
            if (output.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                    and merged[-1].get("name") == output.get("name")):
                merged[-1]["text"] = merged[-1]["text"] + output["text"]
            else:
                merged.append(output)
        if "outputs" in cell:
            cell["outputs"] = merged
    return nb


def tidy_executed(nb, shown_parameters: dict[str, str | None]):
    """Rewrite the injected parameters cell with ``shown_parameters``; drop timing metadata.

    The executed notebook then holds no absolute path, no timestamp and no random id.
    """
    lines = ["# Parameters (injected by `python -m analysis report`; folders relative to this notebook)"]
    lines += [f"{key} = {'None' if value is None else json.dumps(value)}" for key, value in shown_parameters.items()]
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.source = "\n".join(lines)
            cell.id = "injected-parameters"  # papermill draws a random id each run
    papermill_meta = nb.metadata.get("papermill", {})
    nb.metadata["papermill"] = {"parameters": dict(shown_parameters),
                                "default_parameters": papermill_meta.get("default_parameters", {})}
    return stable_widget_ids(coalesce_streams(nb))


def stable_widget_ids(nb):
    """The notebook with its widget model ids (random on every run) replaced by ids drawn
    from their order of appearance, in the widget state and in every output and reference
    to them; the widgets still render (the state is kept whole), and two runs give the
    same bytes.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {
    ...     "state": {"5f0e2d1c9a8b4c3d2e1f0a9b8c7d6e5f": {"state": {}}}}}
    >>> list(stable_widget_ids(nb).metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"])
    ['00000000000000000000000000000001']
    """
    import nbformat

    widgets = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    state = widgets.get("state", {})
    # Number the models in an order that does not depend on their random ids: the views in
    # cell order, then the models each one refers to ("IPY_MODEL_<id>"), then the rest by content.
    ids: list[str] = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW_MIME)
            if isinstance(view, dict) and view.get("model_id") and view["model_id"] not in ids:
                ids.append(view["model_id"])
    for model_id in ids:  # grows while it is read: a breadth-first walk of the references
        for referred in re.findall(r"IPY_MODEL_([0-9a-f]{32})", json.dumps(state.get(model_id, {}), sort_keys=True)):
            if referred not in ids:
                ids.append(referred)
    ids += sorted((model_id for model_id in state if model_id not in ids),
                  key=lambda model_id: json.dumps(state[model_id], sort_keys=True))
    if not ids:
        return nb
    renamed = {model_id: f"{number:032x}" for number, model_id in enumerate(ids, start=1)}
    pattern = re.compile("|".join(re.escape(model_id) for model_id in sorted(ids, key=len, reverse=True)))
    nb = nbformat.reads(pattern.sub(lambda match: renamed[match.group(0)], nbformat.writes(nb)), as_version=4)
    widgets = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    if widgets.get("state"):  # in the new ids' order (the HTML page writes the state as it is ordered)
        widgets["state"] = dict(sorted(widgets["state"].items()))
    return nb


# JupyterLab's look, with a text alternative (``alt``) on every figure: notebooks store it in
# the PNG output's metadata (analysis.notebook.show_figure).
_HTML_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{% block data_png scoped %}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
{%- set width = output | get_metadata('width', 'image/png') -%}
{%- if width is not none %} width={{ width | escape_html }}{%- endif %}
 alt="{{ ((output | get_metadata('alt', 'image/png')) or 'Figure') | escape_html }}">
</div>
{%- endblock data_png %}
"""


def export_html(nb, path: Path, title: str) -> None:
    """Write ``nb`` as a standalone HTML page (figures embedded, with their text alternative)."""
    import jinja2
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", template_file="report.html.j2",
                            extra_loaders=[jinja2.DictLoader({"report.html.j2": _HTML_TEMPLATE})])
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    path.write_text(_stable_element_ids(body), encoding="utf-8")


# nbconvert gives each widget view's <div> a random id (uuid4), used by the script after it.
_WIDGET_DIV_ID_RE = re.compile(r'class="jupyter-widgets[^"]*" id="([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"')


def _stable_element_ids(html: str) -> str:
    """``html`` with nbconvert's random widget element ids numbered in order of appearance.

    >>> page = '<div class="jupyter-widgets x" id="54f952fd-8ed0-4496-9cc6-5526e9619298"></div>'
    >>> print(_stable_element_ids(page + "getElementById('54f952fd-8ed0-4496-9cc6-5526e9619298')"))
    <div class="jupyter-widgets x" id="widget-view-1"></div>getElementById('widget-view-1')
    """
    ids = list(dict.fromkeys(_WIDGET_DIV_ID_RE.findall(html)))
    for number, element_id in enumerate(ids, start=1):
        html = html.replace(element_id, f"widget-view-{number}")
    return html


# A widget view in an output: the model id is new on every run.
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"


def _strip_for_repository(nb) -> None:
    """Remove metadata that changes on every execution (timings, papermill records), and
    the widget views' random model ids: without the widget state (removed too) a stored
    view cannot render, so only its text line is kept."""
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("ExecuteTime", None)
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW_MIME, None)
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    coalesce_streams(nb)


_ABSOLUTE_PATH_RE = re.compile(r"(?<![\w.])(?:/(?:home|tmp|work|Users|private|var|root|mnt)/|[A-Z]:\\\\)")


def output_problems(nb, name: str) -> list[str]:
    """Things that must not be stored in a committed notebook's outputs (one line each)."""
    problems = []
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            texts = []
            if kind == "stream":
                if output.get("name") == "stderr":
                    problems.append(f"{name}: cell {number}: writes to stderr (a warning or progress bar?)")
                texts.append(output.get("text", ""))
            elif kind == "error":
                problems.append(f"{name}: cell {number}: raises {output.get('ename')}")
            else:
                for mime, value in output.get("data", {}).items():
                    if mime.startswith("text/") or mime == "application/json":
                        texts.append(value if isinstance(value, str) else str(value))
            text = "".join(texts)
            if re.search(r"<Figure size|\[<matplotlib", text):
                problems.append(f"{name}: cell {number}: stores a matplotlib repr (end with plt.show() or ';')")
            if re.search(r" at 0x[0-9a-fA-F]{6,}", text):
                problems.append(f"{name}: cell {number}: stores a memory address")
            if _ABSOLUTE_PATH_RE.search(text):
                problems.append(f"{name}: cell {number}: stores an absolute path")
    if code_cells and "parameters" not in code_cells[0].metadata.get("tags", []):
        problems.append(f"{name}: the first code cell is not tagged 'parameters'")
    return problems


def execute_in_place(paths: Sequence[str | Path] | None = None, *, timeout: int = CELL_TIMEOUT,
                     quiet: bool = False) -> list[str]:
    """Re-execute notebooks in place (default: the whole series, on their default parameters).

    Runs in the notebooks' folder with a kernel of this Python, records no timings, and
    removes papermill/timing metadata, so that re-running gives the same file. Returns the
    problems found in the stored outputs (see :func:`output_problems`); raises
    :class:`ReportError` if a notebook fails.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    notebooks = [Path(p) for p in paths] if paths else find_notebooks()
    problems: list[str] = []
    for path in notebooks:
        started = time.perf_counter()
        nb = nbformat.read(str(path), as_version=4)
        client = NotebookClient(
            nb, timeout=timeout, kernel_name=KERNEL_NAME, kernel_manager_class=_kernel_manager_class(),
            resources={"metadata": {"path": str(path.parent.resolve())}}, record_timing=False,
        )
        try:
            with _kernel_environment():
                client.execute()
        except CellExecutionError as exc:
            found = failed_cell(nb)
            where = f"cell {found[0]} (`{_first_line(found[1])}`)" if found is not None else "a cell"
            what = f"{getattr(exc, 'ename', '')}: {getattr(exc, 'evalue', '')}".strip(": ")
            raise ReportError(path.as_posix(), f"{where} failed: {_one_line(what)}") from None
        except (CellTimeoutError, DeadKernelError, RuntimeError) as exc:
            raise ReportError(path.as_posix(), f"notebook failed: {_one_line(exc)}") from None
        _strip_for_repository(nb)
        nbformat.validate(nb)
        nbformat.write(nb, str(path))
        problems += output_problems(nb, path.name)
        if not quiet:
            print(f"executed {path.name} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return problems


# =======================================================================================
# the report
# =======================================================================================


def default_jobs() -> int:
    """Notebooks run at the same time by default: two, or one on a single CPU. Each runs in
    its own kernel process and mostly waits on it; more than two gained nothing here (2 CPUs)."""
    return max(1, min(2, os.cpu_count() or 1))


def run_report(corpus_dir: str | Path, out_dir: str | Path, quiet: bool = False, *,
               notebooks: Sequence[str | Path] | None = None, nlp: bool = True,
               timeout: int = CELL_TIMEOUT, jobs: int | None = None) -> dict[str, list[Path]]:
    """Execute the notebook series on ``corpus_dir`` and write notebooks, HTML, figures, tables.

    Everything goes to a staging folder that replaces ``out_dir`` only when all notebooks
    succeeded. ``notebooks`` restricts the run to some notebooks (default: the series);
    ``nlp=False`` writes only the structure tables. ``jobs`` notebooks run at the same
    time (default :func:`default_jobs`); each reads the tables written here, so they do
    not depend on each other, and the output is the same for any ``jobs``. Returns the
    files written, by kind (paths inside ``out_dir``).
    """
    import nbformat

    corpus_dir, out_dir = Path(corpus_dir), Path(out_dir)
    corpus = load_corpus(corpus_dir, progress=not quiet)  # bad input fails here, before anything runs
    paths = [Path(p) for p in notebooks] if notebooks else find_notebooks()
    corpus_abs = corpus_dir.resolve()
    # The notebooks read the tables written here (one road), unless there are no NLP
    # tables to read (nlp=False): then each builds what it needs.
    shown = {"corpus_dir": _shown_corpus_dir(corpus_abs, out_dir), "figures_dir": "../figures",
             "tables_dir": "../tables" if nlp else None}

    def say(message: str) -> None:
        if not quiet:
            print(message, file=sys.stderr)

    written: dict[str, list[Path]] = {"tables": [], "notebooks": [], "html": [], "figures": []}
    started = time.perf_counter()
    with atomic_folder(out_dir) as staging:
        # Absolute: the notebooks run with the working folder changed (see _working_folder).
        folders = {kind: (staging / kind).resolve() for kind in written}
        for folder in folders.values():
            folder.mkdir()
        say(f"tables for {len(corpus)} documents")
        tables = corpus_tables(corpus, nlp=nlp, progress=not quiet)
        written["tables"] = write_tables(tables, folders["tables"])
        def run_one(number: int, notebook: Path) -> tuple[Path, Path]:
            t0 = time.perf_counter()
            output = folders["notebooks"] / notebook.name
            parameters = {"corpus_dir": str(corpus_abs), "figures_dir": str(folders["figures"].resolve()),
                          "tables_dir": str(folders["tables"].resolve()) if nlp else None}
            executed = execute_notebook(notebook, output, parameters, quiet=True, timeout=timeout,
                                        change_dir=not side_by_side)
            executed = tidy_executed(executed, shown)
            nbformat.write(executed, str(output))
            html = folders["html"] / f"{notebook.stem}.html"
            export_html(executed, html, notebook.stem)
            say(f"[{number}/{len(paths)}] {notebook.name} done in {time.perf_counter() - t0:.1f} s")
            return output, html

        # Side by side only when the notebooks share one folder: the working folder is the
        # process's, so it is changed once, here, for all of them (see execute_notebook).
        folders_of_notebooks = {notebook.resolve().parent for notebook in paths}
        side_by_side = len(folders_of_notebooks) == 1
        workers = (jobs or default_jobs()) if side_by_side else 1
        with _kernel_environment(), _working_folder(next(iter(folders_of_notebooks)) if side_by_side else None), \
                ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(run_one, number, notebook) for number, notebook in enumerate(paths, start=1)]
            done, _ = wait(futures, return_when=FIRST_EXCEPTION)
            for future in futures:  # the first failure (in series order) stops the report
                if future in done and future.exception() is not None:
                    for other in futures:
                        other.cancel()
                    raise future.exception()
            for future in futures:
                output, html = future.result()
                written["notebooks"].append(output)
                written["html"].append(html)
        written["figures"] = sorted(folders["figures"].iterdir())
    final = {kind: [out_dir / kind / p.name for p in files] for kind, files in written.items()}
    say(f"wrote {len(final['notebooks'])} notebooks (HTML), {len(final['figures'])} figure files and "
        f"{len(final['tables'])} table files to {out_dir} in {time.perf_counter() - started:.0f} s")
    return final


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m analysis.report [NOTEBOOK ...]``: re-execute notebooks in place."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m analysis.report",
        description="Re-execute the notebook series in place (on the seeds), without timing metadata.")
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks (default: notebooks/NN_*.ipynb)")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    try:
        problems = execute_in_place(args.notebooks or None, quiet=args.quiet)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
