"""The notebook helpers: presentation only, so that notebooks stay thin and their outputs stable.

Every notebook of the series starts with a ``parameters`` cell (``corpus_dir``,
``figures_dir``), imports this package as ``nb`` and calls :func:`setup`. The package
only formats and shows:

* :mod:`.display`: :func:`show` (a small, sorted, rounded display table: what nbval
  compares, so it must be the same on every run), :func:`figure_table` (the table behind
  a chart), :func:`show_figure` / :func:`save_figure` (a figure as a PNG only, saved as
  PNG and SVG when ``figures_dir`` is set), and one-line messages;
* :mod:`.exercises`: :func:`check` checks an exercise answer and prints one line of
  feedback;
* :mod:`.leaks`: :func:`analysis.notebook.leaks.seed_leaks` finds outputs of a notebook run
  on another corpus that name the seed corpus's actors (the tests and benchmarks use it).

The tables the notebooks show are computed by the library and re-exported here so that
``nb.<name>`` keeps working: the per-chapter summary tables from
:mod:`analysis.measure.summaries` (with the data-driven defaults of the notebooks'
parameters, :mod:`analysis.measure.summaries.choices`), the frame-building aid
(:mod:`analysis.measure.frame_building`), :func:`date_precision` from :mod:`analysis.dates`, and
``register_with`` (:func:`analysis.register.load_register_with`, to try a register entry
out).

>>> import pandas as pd
>>> show(pd.DataFrame({"word": ["b", "a"], "share": [0.123456, 0.5]}), sort_by="word")
  word  share
0    a   0.50
1    b   0.12
"""

# The names of each module re-exported here are that module's ``__all__`` (one list per
# name, kept where the name is defined), plus three single functions.
from analysis.dates import date_precision
from analysis.measure import frame_building, summaries
from analysis.measure.frame_building import *  # noqa: F401,F403
from analysis.measure.network import export_network
from analysis.measure.summaries import *  # noqa: F401,F403
from analysis.notebook import display, exercises
from analysis.notebook.display import *  # noqa: F401,F403
from analysis.notebook.exercises import *  # noqa: F401,F403
from analysis.register import load_register_with as register_with

__all__ = [*summaries.__all__, *frame_building.__all__, *display.__all__, *exercises.__all__,
           "date_precision", "export_network", "register_with"]
