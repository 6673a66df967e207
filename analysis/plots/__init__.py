"""Matplotlib figures: one call per chart, each returns a ``matplotlib.figure.Figure``.

What the package draws, one module per kind of chart:

* :mod:`analysis.plots.networks` -- co-mention networks and bar charts of their measures
  (:func:`plot_network`, :func:`plot_centrality`, :func:`plot_tie_rankings`,
  :func:`plot_degree_comparison`); node positions from :mod:`analysis.plots.layout`;
* :mod:`analysis.plots.charts` -- bar charts and heat tables of counts and rates
  (:func:`plot_words_per_document`, :func:`plot_heat_table`, :func:`plot_stacked_bars`,
  :func:`plot_keyness`);
* :mod:`analysis.plots.timelines` -- dates on a year axis (:func:`plot_reference_timeline`,
  :func:`plot_references_by_decade`, :func:`plot_agreement_dates`, :func:`decimal_year`);
* :mod:`analysis.plots.style` -- what they share: sizes, colours, the figure factory.

Conventions for every function in the package (please keep them when adding a chart):

* ``ax=None`` creates a new figure; pass an ``Axes`` to draw into an existing layout.
  Figures and axes come from :func:`analysis.plots.style._new_axes` only.
* Figures are built with ``matplotlib.figure.Figure`` directly, not ``pyplot``: nothing
  is registered in pyplot's global state, it works under the Agg backend and in scripts
  without ``plt.show()``, and a notebook shows the returned figure exactly once.
  Save with ``fig.savefig("x.png", dpi=150)``.
* Colours come from :func:`category_colors` (sorted categories -> a fixed qualitative
  palette) and the fixed maps of :mod:`analysis.plots.style`, so the same category gets
  the same colour in every chart of one graph/table. Text sizes are
  ``TITLE_SIZE``/``LABEL_SIZE``/``TICK_SIZE`` from there too.
* Charts take the tables of :mod:`analysis.measure` (and of :mod:`analysis.notebook`) and
  compute nothing the table does not show, beyond sorting and capping rows (``top``), which
  the title then says.
* Date precision (day, month, year) is :func:`analysis.dates.date_precision`.

Every name is re-exported here: ``from analysis import plots; plots.plot_network(G)``.

>>> import pandas as pd
>>> fig = plot_references_by_decade(pd.DataFrame({"decade": [1990], "references": [1]}))
>>> fig.axes[0].get_ylabel()
'Dated references'
"""

from __future__ import annotations

# Each module's ``__all__`` is what this package re-exports (kept in one place: the
# module that defines the names). The statement charts and the interactive views are
# imported from their modules (the latter needs the optional widget packages).
from analysis.plots import charts, networks, style, timelines
from analysis.plots.charts import *  # noqa: F401,F403
from analysis.plots.networks import *  # noqa: F401,F403
from analysis.plots.style import *  # noqa: F401,F403
from analysis.plots.timelines import *  # noqa: F401,F403

__all__ = [*style.__all__, *networks.__all__, *charts.__all__, *timelines.__all__]
