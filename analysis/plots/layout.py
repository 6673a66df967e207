"""Where the nodes of a network go: seeded layouts, one per connected component, packed in rows.

Used by :func:`analysis.plots.networks.plot_network`. Each connected component is laid out on
its own (``spring`` or ``kamada_kawai``), scaled so that its area follows its node count,
and the components are packed in rows, largest first: the same graph and seed always give
the same picture.

>>> import networkx as nx
>>> pos = _layout(nx.Graph([("a", "b"), ("c", "d"), ("d", "e")]), "spring", 0, "count")
>>> sorted(pos), pos["c"].shape
(['a', 'b', 'c', 'd', 'e'], (2,))
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import numpy as np

__all__: list[str] = []  # package-private: plot_network is the public way to use it


def _component_layout(G: nx.Graph, layout: str, seed: int,
                      weight: str) -> dict[Any, np.ndarray]:
    if G.number_of_nodes() == 1:
        return {n: np.zeros(2) for n in G}
    if layout == "spring":
        # Weighted springs pull frequent co-mentions together; a k above the default
        # spreads nodes so that labels overlap less.
        k = 2.0 / math.sqrt(G.number_of_nodes())
        return nx.spring_layout(G, seed=seed, weight=weight, k=k, iterations=300)
    if layout == "kamada_kawai":
        # kamada_kawai reads weights as *distances*; use the topology (deterministic).
        return nx.kamada_kawai_layout(G, weight=None)
    raise ValueError("layout must be 'spring' or 'kamada_kawai'")


def _layout(G: nx.Graph, layout: str, seed: int, weight: str) -> dict[Any, np.ndarray]:
    """Lay out each connected component on its own, then pack them in rows.

    A single spring layout of a disconnected graph (typical after ``backbone``) pushes
    the components far apart and squeezes each into an unreadable clump.
    """
    if layout not in ("spring", "kamada_kawai"):
        raise ValueError("layout must be 'spring' or 'kamada_kawai'")
    comps = sorted((sorted(c, key=str) for c in nx.connected_components(G)),
                   key=lambda c: (-len(c), str(c[0])))
    largest = len(comps[0])
    row_width = 2.2 * 2 if len(comps) > 1 else math.inf  # room for ~2 large components
    pos: dict[Any, np.ndarray] = {}
    x = y = row_height = 0.0
    for comp in comps:
        sub = G.subgraph(comp).copy()
        p = _component_layout(sub, layout, seed, weight)
        xy = np.array([p[n] for n in comp], dtype=float)
        xy -= xy.mean(axis=0)
        extent = np.abs(xy).max() or 1.0
        radius = math.sqrt(len(comp) / largest)  # area of a component ~ its node count
        xy = xy / extent * radius
        size = 2 * radius + 0.4  # diameter plus a gap
        if x > 0 and x + size > row_width:
            x, y, row_height = 0.0, y - row_height, 0.0
        center = np.array([x + size / 2, y - size / 2])
        for n, c in zip(comp, xy):
            pos[n] = c + center
        x += size
        row_height = max(row_height, size)
    return pos
