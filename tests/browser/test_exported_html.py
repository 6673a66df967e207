"""A network view written as a standalone HTML page still works: opened in headless Chromium.

Two pages: the one :func:`analysis.plots.interactive.write_network_html` writes, and a
notebook holding a view, executed like the report executes the series and exported to HTML
with the report's own exporter (``analysis.report.export_html``), as for notebook 05.
"""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest

from analysis.plots.interactive import write_network_html
from tests.browser.helpers import (
    SCREENSHOTS,
    launch_options,
    serve_widget_scripts,
    widget_scripts_or_skip,
)


def _small_network() -> nx.Graph:
    """Four actors, three ties, each tie with the sentence behind it."""
    G = nx.Graph(unit="sentence", level="actor")
    for node, name, mentions in [("RUS", "Russia", 9), ("NATO", "NATO", 5),
                                 ("BLR", "Belarus", 3), ("CHN", "China", 2)]:
        G.add_node(node, name=name, mentions=mentions, type="state")
    G.add_edge("NATO", "RUS", count=3, evidence="d1 0-40: Russia sent its proposals to NATO.")
    G.add_edge("BLR", "RUS", count=2, evidence="d2 10-52: Belarus hosted the Russian minister.")
    G.add_edge("CHN", "RUS", count=1, evidence="d3 5-30: China and Russia met in Astana.")
    return G


@pytest.fixture(scope="module")
def offline_browser(chromium_executable) -> tuple[str, dict[str, Path]]:
    """Chromium's path and the local copies of the page's scripts (or a skip, before any work)."""
    return chromium_executable, widget_scripts_or_skip()


def _open_and_check(offline_browser, html_path: Path, screenshot: str, nodes: int,
                    edges: int) -> None:
    """Open ``html_path`` offline; the widget must draw its canvas and count the graph."""
    from playwright.sync_api import sync_playwright

    executable, scripts = offline_browser
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch_options(executable))
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 700})
            page.goto(serve_widget_scripts(page, scripts, html_path))
            widget = page.locator(".ipysigma-widget")
            widget.locator("canvas").first.wait_for(state="attached", timeout=30_000)
            assert widget.locator("canvas").count() >= 1
            # The widget's own summary of what it drew: the whole graph reached the page.
            summary = " ".join(widget.inner_text().split())
            assert re.search(rf"\b{nodes} nodes {edges} edges\b", summary), summary[:300]
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / screenshot))
        finally:
            browser.close()


def test_written_network_page_renders(offline_browser, tmp_path):
    page = write_network_html(_small_network(), tmp_path / "view.html", color_by="type",
                              title="Who is mentioned with Russia")
    _open_and_check(offline_browser, page, "exported_network_view.png", nodes=4, edges=3)


def test_exported_notebook_keeps_the_view(offline_browser, tmp_path):
    """A notebook with a view, executed and exported as the report does it (notebook 05)."""
    import nbformat
    from nbclient import NotebookClient

    from analysis.report import export_html

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import networkx as nx\n"
            "from analysis.plots.interactive import network_view\n"
            "G = nx.Graph([('RUS', 'NATO', {'count': 2}), ('RUS', 'CHN', {'count': 1})])\n"
            "for n, m in {'RUS': 4, 'NATO': 2, 'CHN': 1}.items():\n"
            "    G.nodes[n].update(name=n, mentions=m, type='state')"),
        nbformat.v4.new_code_cell("network_view(G, color_by='type')"),
    ]
    # nbclient keeps the widget state in the notebook's metadata, as papermill does.
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert "application/vnd.jupyter.widget-state+json" in nb.metadata.get("widgets", {})
    html_path = tmp_path / "05_like.html"
    export_html(nb, html_path, "05_like")
    _open_and_check(offline_browser, html_path, "exported_notebook_view.png", nodes=3, edges=2)
