"""The notebook series in the tool its readers open: JupyterLab, in a real (headless) browser.

For each notebook of ``notebooks/``: open it in JupyterLab, run all cells from the menu
(Run > Run All Cells), wait until the kernel is idle, and check what a reader would see:
no traceback or error in any output, every code cell executed, each network view drawn (a
canvas inside the ipysigma widget) and each interactive table built. A screenshot of each
notebook goes to ``build-browser/``.

JupyterLab runs on a temporary copy of ``notebooks/`` and ``seeds/``, so the checkout is
never touched (running a notebook in the browser changes nothing on disk unless it is
saved, but a copy makes that certain). Skipped, with one line, where Playwright or Chromium
is missing (``.ci/run`` installs Debian's ``chromium`` when apt is available).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

from tests.browser.helpers import SCREENSHOTS, Lab, jupyterlab, launch_options
from tests.paths import ROOT, SEEDS

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
#: The longest a notebook may take, from the click on Run All to an idle kernel.
RUN_TIMEOUT_S = 150
#: What the source of a cell calls to show a network view or an interactive table.
_VIEW_CALL = re.compile(r"\b(?:network_view|interactive\.network_view)\(")
_TABLE_CALL = re.compile(r"\binteractive_table\(")
_ERROR_TEXT = re.compile(r"Traceback \(most recent call last\)|\b[A-Z]\w*(?:Error|Exception)\b")


@pytest.fixture(scope="module")
def browser(chromium_executable):
    """Chromium, headless, for the whole module (one browser, a new page per notebook)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(**launch_options(chromium_executable))
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory) -> Lab:
    """JupyterLab on a copy of the notebooks and the seeds (``../seeds`` from a notebook)."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "kernel-ipc-*"))
    shutil.copytree(SEEDS, root / "seeds")
    with jupyterlab(root) as server:
        yield server


def _code_sources(path: Path) -> list[str]:
    notebook = nbformat.read(str(path), as_version=4)
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def _session_of(lab: Lab, notebook: str) -> dict | None:
    for session in lab.api("/api/sessions"):
        if session.get("path", "").endswith(notebook):
            return session
    return None


def _is_idle(page, lab: Lab, notebook: str) -> bool:
    """No cell waits for the kernel ("[*]") and the kernel says it is idle."""
    prompts = page.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
    session = _session_of(lab, notebook)
    state = session and session["kernel"].get("execution_state")
    return bool(prompts) and not any("*" in p for p in prompts) and state == "idle"


@dataclass
class Run:
    """One notebook to run in JupyterLab: where it is, its code, its screenshot's name."""

    relative: str  # a path under the lab's root
    sources: list[str]  # its code cells (how many views and tables to expect)
    screenshot: str | None = None  # a file stem under build-browser/, or no screenshot
    page: object = None
    started: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return Path(self.relative).name


def _start(browser, lab: Lab, run: Run) -> None:
    """Open the notebook in a new page, wait for its kernel, then Run > Run All Cells."""
    run.page = page = browser.new_page(viewport={"width": 1400, "height": 1000})
    # A workspace of its own: JupyterLab reopens nothing from another notebook.
    page.goto(f"{lab.url}/lab/workspaces/{Path(run.relative).stem}/tree/{run.relative}"
              f"?token={lab.token}")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
    # The kernel must be up before Run All, or the cells wait for it in the queue.
    deadline = time.monotonic() + 60
    while (_session_of(lab, run.name) or {}).get("kernel", {}).get("execution_state") != "idle":
        if time.monotonic() > deadline:
            raise AssertionError(f"{run.name}: no idle kernel after 60 s")
        page.wait_for_timeout(300)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    # Run All queues the cells ("[*]") within a moment; a fast notebook may be done by then.
    page.wait_for_function("""() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                              .some(p => /\\[[*0-9]+\\]/.test(p.textContent))""", timeout=10_000)
    run.started = time.monotonic()


def _check(run: Run) -> list[str]:
    """What a reader sees once the kernel is idle: the problems, one line each."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page, name, problems = run.page, run.name, []
    prompts = page.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
    if len(prompts) != len(run.sources):
        problems.append(f"{name}: {len(prompts)} code cells in the page, {len(run.sources)} in the file")
    not_run = [i for i, p in enumerate(prompts, start=1) if not re.search(r"\[\d+\]", p)]
    if not_run:
        problems.append(f"{name}: code cells {not_run} did not run")

    stderr = page.locator(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
    ).all_inner_texts()
    errors = [t for t in stderr if _ERROR_TEXT.search(t)]
    errors += [t for t in page.locator(".jp-RenderedText").all_inner_texts()
               if "Traceback (most recent call last)" in t and t not in errors]
    problems += [f"{name}: error output: {' '.join(t.split())[:600]}" for t in errors]

    views = sum(bool(_VIEW_CALL.search(s)) for s in run.sources)
    tables = sum(bool(_TABLE_CALL.search(s)) for s in run.sources)
    widgets = page.locator(".jp-OutputArea-output .ipysigma-widget")
    if views:
        with contextlib.suppress(PlaywrightTimeout):  # reported below as "0 of N drawn"
            widgets.last.locator("canvas").first.wait_for(state="attached", timeout=30_000)
        drawn = sum(w.locator("canvas").count() > 0 for w in widgets.all())
        if drawn < views:
            problems.append(f"{name}: {drawn} of {views} network views drawn")
    if tables:
        built = page.locator(".jp-OutputArea-output table.dataTable")
        with contextlib.suppress(PlaywrightTimeout):  # reported below
            built.last.wait_for(state="attached", timeout=30_000)
        if built.count() < tables:
            problems.append(f"{name}: {built.count()} of {tables} interactive tables built")

    if run.screenshot:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        if views and widgets.count():  # the first view, as a reader finds it
            widgets.first.scroll_into_view_if_needed()
            page.wait_for_timeout(500)
            widgets.first.screenshot(path=str(SCREENSHOTS / f"{run.screenshot}_network.png"))
        elif page.locator(".jp-RenderedImage").count():  # else the first figure
            page.locator(".jp-RenderedImage").first.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / f"{run.screenshot}.png"))
    return problems


def _finish(lab: Lab, run: Run) -> None:
    session = _session_of(lab, run.name)
    if session is not None:  # free the CPU for the next notebook
        lab.api(f"/api/sessions/{session['id']}", method="DELETE")
    if run.page is not None:
        run.page.close(run_before_unload=False)


def run_in_lab(browser, lab: Lab, runs: list[Run], at_once: int = 2) -> dict[str, list[str]]:
    """Run each notebook of ``runs`` in JupyterLab (Run All from the menu) and check it.

    ``at_once`` notebooks run at the same time, each in its own page and kernel (the
    machine has two cores; a kernel uses one). Returns, for each ``relative`` path, the
    problems a reader would see (one line each; empty: all is well). Every kernel is shut
    down once its notebook is checked.
    """
    pending, running = list(runs), []
    while pending or running:
        while pending and len(running) < at_once:
            run = pending.pop(0)
            try:
                _start(browser, lab, run)
                running.append(run)
            except Exception as exc:  # noqa: BLE001 - any failure to start is that notebook's problem
                run.problems.append(f"{run.name}: could not start: {' '.join(str(exc).split())[:300]}")
                _finish(lab, run)
        for run in list(running):
            timed_out = time.monotonic() - run.started > RUN_TIMEOUT_S
            if _is_idle(run.page, lab, run.name) or timed_out:
                run.problems += ([f"{run.name}: the kernel was still busy after {RUN_TIMEOUT_S} s"]
                                 if timed_out else _check(run))
                _finish(lab, run)
                running.remove(run)
        if running:
            running[0].page.wait_for_timeout(250)
    return {run.relative: run.problems for run in runs}


@pytest.fixture(scope="module")
def series_problems(browser, lab: Lab) -> dict[str, list[str]]:
    """The whole series run once, two notebooks at a time; each test reads its notebook's."""
    runs = [Run(f"notebooks/{path.name}", _code_sources(path), screenshot=path.stem)
            for path in NOTEBOOKS]
    return run_in_lab(browser, lab, runs)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_in_jupyterlab(series_problems, path: Path):
    problems = series_problems[f"notebooks/{path.name}"]
    assert not problems, "\n".join(problems)


def test_an_error_in_a_notebook_is_seen(browser, lab: Lab):
    """The checks above can fail: a notebook whose second cell raises is reported."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("counts = {'NATO': 3}"),
                      nbformat.v4.new_code_cell("counts['Russia']"),
                      nbformat.v4.new_code_cell("print('not reached')")]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    nbformat.write(notebook, str(lab.root / "broken.ipynb"))
    run = Run("broken.ipynb", _code_sources(lab.root / "broken.ipynb"))
    problems = run_in_lab(browser, lab, [run])["broken.ipynb"]
    assert any("KeyError" in p for p in problems), problems
    assert any("code cells [3] did not run" in p for p in problems), problems
