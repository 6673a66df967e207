"""Interactive views for JupyterLab: networks to explore (ipysigma), tables to search (itables).

The static charts of :mod:`analysis.plots` are what the notebooks' regression tests compare;
the views here are for exploring, next to them:

* :func:`network_view` -- a co-mention (or any actor) network as an ipysigma widget: node
  size by ``mentions``, colour by community or by any node attribute (``type``), labels
  are the actors' names, a search box, and the positions of :func:`plot_network` (seeded:
  the same graph gives the same picture). Click a tie to read its attributes;
  :func:`with_edge_evidence` puts the first sentences behind every tie there.
* :func:`write_network_html` -- the same view as a standalone HTML page.
* :func:`interactive_table` -- a DataFrame as a sortable, searchable table (itables), with
  a table id that does not change between runs; :func:`init_interactive_tables` loads the
  table library into the page once per notebook (offline: nothing is fetched).

Widgets and interactive tables are not deterministic notebook outputs (a widget's model id
is random, the table library is a large script): tag their cells ``nbval-ignore-output``
and keep a static table (``nb.show``) beside them.

>>> import networkx as nx
>>> G = nx.Graph([("NATO", "RUS", {"count": 3})])
>>> G.nodes["NATO"].update(name="NATO", mentions=4)
>>> G.nodes["RUS"].update(name="Russia", mentions=9)
>>> view = network_view(G, color_by="name")
>>> sorted(node["attributes"]["label"] for node in view.data["nodes"])
['NATO', 'Russia']
"""

from __future__ import annotations

import hashlib
import html
import math
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.colors import to_hex

from analysis.measure.network import communities as louvain
from analysis.measure.network import edge_evidence
from analysis.plots.layout import _layout
from analysis.plots.style import OTHER_COLOR, category_colors

if TYPE_CHECKING:  # imported when a view is made: the widget libraries load a lot
    from ipysigma import Sigma
    from IPython.display import HTML

__all__ = [
    "EVIDENCE_ATTRIBUTE",
    "init_interactive_tables",
    "interactive_table",
    "network_view",
    "with_edge_evidence",
    "write_network_html",
]

#: The edge attribute that :func:`with_edge_evidence` fills and the view shows on a click.
EVIDENCE_ATTRIBUTE = "evidence"

# Pixel ranges of the widget: the largest node stays readable next to its label, the
# heaviest tie does not hide the nodes it joins.
_NODE_SIZE_RANGE = (4, 22)
_EDGE_SIZE_RANGE = (1, 8)
# The side panel (search, legend, a tie's sentences) covers the right third of the widget:
# the camera starts zoomed out and moved right, so that the whole graph is in the free part.
_CAMERA = {"x": 0.7, "y": 0.5, "ratio": 1.35, "angle": 0}


# =======================================================================================
# networks
# =======================================================================================


def _plain(value: Any) -> Any:
    """A JSON value for the widget: numpy scalars as Python numbers, NaN/None as None.

    Anything else that is not a string, number or bool becomes its text, so that an
    attribute the browser cannot read never breaks the view.
    """
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float):
        return round(value, 4)  # what the panel shows: 0.0223, not 0.02233117161371369
    if isinstance(value, (str, bool, int)):
        return value
    return str(value)


def _shorten(text: str, max_chars: int) -> str:
    text = " ".join(str(text).split())  # one line: the info panel keeps line breaks
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


def _evidence_line(number: int, row: Any, max_chars: int) -> str:
    """``[i] doc_id start-end: text``; a statement row also says who took which stance."""
    who = ""
    if all(hasattr(row, c) for c in ("actor_id", "stance", "frame_id")):
        who = f"{row.actor_id} {row.stance} {row.frame_id}: "
    text = getattr(row, "text", "")
    return (f"[{number}] {row.doc_id} {int(row.start)}-{int(row.end)}: {who}"
            f"{_shorten('' if pd.isna(text) else text, max_chars)}")


def with_edge_evidence(
    G: nx.Graph,
    mentions: pd.DataFrame | None = None,
    sentences: pd.DataFrame | None = None,
    *,
    evidence_of: Callable[[str, str], pd.DataFrame] | None = None,
    first: int = 3,
    max_chars: int = 240,
    state_of: Mapping[str, str] | None = None,
) -> nx.Graph:
    """A copy of ``G`` whose ties carry the first passages behind them, to read in the view.

    Every edge gets ``evidence`` (:data:`EVIDENCE_ATTRIBUTE`): its first ``first`` rows of
    evidence, each as ``[i] doc_id start-end: text`` (text cut at ``max_chars``), one per
    line; and ``evidence_shown`` ("3 of 12"). For a co-mention graph pass ``mentions`` and
    ``sentences``: the rows are :func:`analysis.measure.network.edge_evidence` (same unit
    and level as the graph, read from ``G.graph``; ``state_of`` is needed at state level,
    e.g. ``register.state_of``). For any other graph pass ``evidence_of(a, b)``, returning
    a table with doc_id, start, end and text (e.g. the statements behind a tie; a row with
    actor_id, stance and frame_id also says who took which stance). The offsets point
    into the original documents, so every line can be found again
    (``corpus.text_of(doc_id, start, end)``). A co-mention is not an alliance: this is
    what lets a reader see which relation a tie is.

    >>> import pandas as pd
    >>> from analysis.measure.network import build_network
    >>> text = "Russia and China met. NATO objected."
    >>> s = pd.DataFrame({"doc_id": ["d", "d"], "paragraph_id": [0, 0],
    ...                   "sentence_id": [0, 1], "start": [0, 22], "end": [21, 36],
    ...                   "text": [text[0:21], text[22:36]]})
    >>> m = pd.DataFrame({"doc_id": ["d"] * 3, "paragraph_id": [0] * 3,
    ...                   "sentence_id": [0, 0, 1], "start": [0, 11, 22], "end": [6, 16, 26],
    ...                   "text": ["Russia", "China", "NATO"], "actor_id": ["RUS", "CHN", "NATO"]})
    >>> H = with_edge_evidence(build_network(m), m, s)
    >>> H.edges["CHN", "RUS"]["evidence"], H.edges["CHN", "RUS"]["evidence_shown"]
    ('[1] d 0-21: Russia and China met.', '1 of 1')
    """
    if first < 1:
        raise ValueError("first must be >= 1")
    if evidence_of is None:
        if mentions is None or sentences is None:
            raise ValueError("pass mentions and sentences (a co-mention graph) or evidence_of")
        unit = G.graph.get("unit", "sentence")
        level = G.graph.get("level", "actor")

        def evidence_of(a: str, b: str) -> pd.DataFrame:
            return edge_evidence(mentions, sentences, a, b, unit=unit, level=level,
                                 state_of=state_of)

    H = G.copy()
    for a, b in H.edges:
        rows = evidence_of(a, b)
        # Numbered: the side panel shows a line break as a space.
        lines = [_evidence_line(i, row, max_chars)
                 for i, row in enumerate(rows.head(first).itertuples(index=False), start=1)]
        H.edges[a, b][EVIDENCE_ATTRIBUTE] = "\n".join(lines)
        H.edges[a, b]["evidence_shown"] = f"{len(lines)} of {len(rows)}"
    return H


def _community_of(G: nx.Graph, communities: pd.DataFrame | Mapping[Any, Any] | None,
                  seed: int, weight: str) -> dict[Any, Any]:
    if communities is None:
        communities, _ = louvain(G, seed=seed, weight=weight)
    if isinstance(communities, pd.DataFrame):
        return dict(zip(communities["id"], communities["community"]))
    return dict(communities)


def network_view(
    G: nx.Graph,
    *,
    color_by: str = "community",
    communities: pd.DataFrame | Mapping[Any, Any] | None = None,
    size_by: str = "mentions",
    weight: str = "count",
    layout: Literal["spring", "kamada_kawai"] = "kamada_kawai",
    seed: int = 42,
    drop_isolates: bool = True,
    height: int = 520,
    name: str | None = None,
) -> Sigma:
    """An interactive view of a network (an ipysigma widget), to explore in JupyterLab.

    * node **size** by ``size_by`` (default ``mentions``; the degree when no node has it);
    * node **colour** by ``color_by``: ``"community"`` (from ``communities``, the table of
      :func:`analysis.measure.network.communities` or a dict ``id -> community``; computed
      with ``seed`` when None) or any node attribute such as ``"type"``. The colours are
      those of :func:`analysis.plots.style.category_colors`, as in :func:`plot_network`;
    * **labels** are the ``name`` attributes; the search box finds a node by its label;
    * **positions** are those of :func:`plot_network` (seeded, component by component), so
      the view opens on the same picture as the static figure and does not move by itself;
    * tie **width** by ``weight`` (default ``count``). Clicking a tie (or a node) shows its
      attributes in the panel on the right: with :func:`with_edge_evidence`, the sentences
      behind the tie.

    Isolates are left out by default, as in the static figure. Returns the widget: the
    last expression of a cell displays it.

    >>> G = nx.Graph([("a", "b", {"count": 2}), ("b", "c", {"count": 1})])
    >>> for n, m in {"a": 1, "b": 5, "c": 2}.items():
    ...     G.nodes[n].update(name=n.upper(), mentions=m, type="state" if n != "c" else "person")
    >>> view = network_view(G, color_by="type")
    >>> view.visual_variables["nodeSize"]["attribute"], view.visual_variables["nodeColor"]["attribute"]
    ('mentions', 'type')
    >>> dict(view.visual_variables["nodeColor"]["palette"])["person"]
    '#009E73'
    """
    from ipysigma import Sigma

    H = G.copy()
    if drop_isolates and H.number_of_edges() > 0:
        H.remove_nodes_from([n for n in list(H.nodes) if H.degree(n) == 0])
    if color_by == "community":
        # Computed over all of G (like plot_network), so that the colours of the drawn part
        # match the static figure and the community tables.
        category = _community_of(G, communities, seed, weight)
    else:
        category = {n: d.get(color_by) for n, d in G.nodes(data=True)}
    # CSS colours for the browser (the palette may hold matplotlib RGBA tuples); the
    # legend lists only the categories of the nodes drawn.
    drawn = {_plain(category.get(n)) for n in H.nodes}
    palette = {_plain(c): colour if isinstance(colour, str) else to_hex(colour)
               for c, colour in category_colors(category.values()).items() if _plain(c) in drawn}

    if not any(size_by in d for _, d in H.nodes(data=True)):
        size_by = "degree"  # e.g. a statement network: no mention counts on its nodes
    positions = _layout(H, layout, seed, weight) if H.number_of_nodes() else {}

    view_graph = nx.Graph()
    for n, d in H.nodes(data=True):
        attrs = {key: _plain(value) for key, value in d.items()}
        attrs["label"] = str(d.get("name", n))
        attrs[color_by] = _plain(category.get(n))
        if size_by == "degree":
            attrs["degree"] = H.degree(n)
        # sigma draws y upwards like matplotlib: the same picture as plot_network.
        attrs["x"], attrs["y"] = (float(v) for v in positions[n])
        view_graph.add_node(str(n), **attrs)
    for u, v, d in H.edges(data=True):
        attrs = {key: _plain(value) for key, value in d.items()}
        attrs.setdefault(weight, 1)
        view_graph.add_edge(str(u), str(v), **attrs)

    return Sigma(
        view_graph,
        name=name,
        height=height,
        node_size=size_by,
        node_size_range=_NODE_SIZE_RANGE,
        node_color=color_by,
        node_color_palette=palette,
        default_node_color=OTHER_COLOR,
        max_categorical_colors=max(len(palette), 1),
        raw_node_label="label",
        edge_size=weight,
        edge_size_range=_EDGE_SIZE_RANGE,
        edge_weight=weight,
        # A click on a tie shows its attributes (count, npmi, evidence) in the side panel.
        clickable_edges=True,
        label_density=2,
        # Label small nodes too (sigma's default hides the labels of nodes drawn small); the
        # label grid (label_density per cell) still keeps a hairball's labels apart.
        label_rendered_size_threshold=3,
        camera_state=_CAMERA,
    )


def write_network_html(G: nx.Graph, path: str | Path, *, title: str | None = None,
                       **view_options: Any) -> Path:
    """Write :func:`network_view` of ``G`` as a standalone HTML page; returns the path.

    The page holds the whole graph (nodes, ties, evidence) and loads the widget code
    (require.js, the Jupyter widget manager and ipysigma) from public CDNs when it is
    opened, as ipywidgets' standalone pages do: it needs no Jupyter server, but a browser
    with internet access. ``view_options`` go to :func:`network_view`.

    >>> import tempfile
    >>> G = nx.Graph([("a", "b", {"count": 1})])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     page = write_network_html(G, Path(folder) / "view.html", title="a and b")
    ...     text = page.read_text(encoding="utf-8")
    >>> "<title>a and b</title>" in text, "application/vnd.jupyter.widget-state+json" in text
    (True, True)
    """
    from ipywidgets.embed import dependency_state, embed_minimal_html

    path = Path(path)
    view = network_view(G, **view_options)
    page_title = title if title is not None else (view.name or "Network")
    # Only this view's state: by default ipywidgets embeds every widget of the kernel.
    embed_minimal_html(str(path), views=[view], state=dependency_state([view]),
                       title=html.escape(page_title), requirejs=True)
    view.close()  # the page holds the state; the kernel need not keep the widget
    return path


# =======================================================================================
# tables
# =======================================================================================


def init_interactive_tables() -> None:
    """Load the table library into the notebook page, once, before :func:`interactive_table`.

    Offline: the library's script comes from the installed ``itables`` package and is
    stored in this cell's output (about 1 MB), so nothing is fetched from the internet. Tag
    the cell ``nbval-ignore-output``. Only the tables made with :func:`interactive_table`
    are interactive; every other DataFrame is shown as before.
    """
    import itables

    itables.init_notebook_mode(all_interactive=False, connected=False)


_TABLE_ID_RE = re.compile(r"[^A-Za-z0-9_]+")


def _table_id(frame: pd.DataFrame, name: str | None) -> str:
    """An HTML id that is the same on every run: from ``name``, else from the content."""
    if name is not None:
        slug = _TABLE_ID_RE.sub("_", name).strip("_")
        if not slug:
            raise ValueError(f"name {name!r} has no letter or digit to make a table id of")
        return f"itables_{slug}"
    digest = hashlib.sha256(frame.to_json(orient="split", date_format="iso",
                                          default_handler=str).encode("utf-8")).hexdigest()
    return f"itables_{digest[:16]}"


def interactive_table(
    frame: pd.DataFrame,
    *,
    name: str | None = None,
    columns: Iterable[str] | None = None,
    page_length: int = 10,
    caption: str | None = None,
    max_bytes: int = 2**20,
) -> HTML:
    """``frame`` as an interactive table: sort by any column, search, page through all rows.

    Use it for the long tables a reader wants to search (evidence sentences, keywords in
    context) next to the static ``nb.show`` extract. Call :func:`init_interactive_tables`
    once in the notebook first. The table id comes from ``name`` (or from the table's
    content), not from a random number, so the output is the same on every run. Tables
    larger than ``max_bytes`` are shortened by itables (it says so under the table).
    Returns an HTML object: the last expression of a cell displays it.

    >>> t = pd.DataFrame({"doc_id": ["d1"], "start": [0], "end": [21],
    ...                   "text": ["Russia and China met."]})
    >>> out = interactive_table(t, name="evidence RUS-CHN")
    >>> 'id="itables_evidence_RUS_CHN"' in out.data, out.data == interactive_table(t, name="evidence RUS-CHN").data
    (True, True)
    """
    import itables
    from IPython.display import HTML

    table = frame if columns is None else frame[list(columns)]
    table = table.reset_index(drop=True)
    body = itables.to_html_datatable(
        table, caption=caption, table_id=_table_id(table, name), connected=False,
        pageLength=page_length, maxBytes=max_bytes, showIndex=False,
        classes="display compact", style="table-layout:auto;width:100%;caption-side:bottom",
    )
    return HTML(body)
