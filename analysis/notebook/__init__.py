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

from analysis.dates import date_precision
from analysis.measure.network import export_network
from analysis.measure.frame_building import frequent_words, lexicon_snippet, propose_terms
from analysis.measure.summaries import (
    actor_with_parent,
    ambiguity_examples,
    ambiguous_names_in,
    example_register_entry,
    frame_density,
    frame_labels,
    frame_seed_words,
    frames_to_follow,
    frequent_frame_term,
    manifest_groups,
    short_titles,
    AMBIGUOUS_TYPE,
    CORE_FRAMES,
    MAIN_ACTOR_TYPES,
    NOT_IN_REGISTER,
    OTHER_REGISTER,
    PARAGRAPH_ROLE_ORDER,
    RESOLUTION_ORDER,
    VOICES,
    actor_document_matrix,
    ambiguous_mentions,
    ambiguous_names_table,
    dates_table,
    documents_overview,
    frame_speakers_table,
    frames_by_voice,
    frames_by_voice_table,
    group_summary,
    lexicon_table,
    mention_kinds_table,
    mentions_by_type,
    mentions_by_type_table,
    not_analysed,
    paragraph_roles,
    pipe_tables,
    quote_count_line,
    quotes_by_speaker,
    rates_matrix,
    register_forms,
    resolution_table,
    roles_of,
    roll_up_table,
    speaker_name,
    speakers_of_state,
    speaks_for,
    surface_forms,
    type_order,
    voice_groups,
    voice_table,
    with_sentence,
)
from analysis.notebook.display import (
    FIGURE_DPI,
    FIGURES_ENV,
    describe_figure,
    example_row,
    figure_png,
    figure_table,
    nothing_to_show,
    p_value,
    pick_tie,
    register_coverage_line,
    save_figure,
    setup,
    show,
    show_figure,
)
from analysis.notebook.exercises import check, first_value, is_correct, most_common
from analysis.register import load_register_with as register_with

__all__ = [
    "actor_with_parent", "ambiguity_examples", "ambiguous_names_in", "example_register_entry", "frame_density", "frame_labels", "frame_seed_words",
    "frames_to_follow", "frequent_frame_term", "frequent_words", "lexicon_snippet", "manifest_groups",
    "propose_terms", "short_titles",
    "AMBIGUOUS_TYPE", "CORE_FRAMES", "FIGURES_ENV", "FIGURE_DPI", "MAIN_ACTOR_TYPES", "NOT_IN_REGISTER",
    "OTHER_REGISTER", "PARAGRAPH_ROLE_ORDER", "RESOLUTION_ORDER", "VOICES", "actor_document_matrix",
    "ambiguous_mentions", "ambiguous_names_table", "check", "date_precision", "dates_table",
    "describe_figure", "documents_overview", "example_row", "export_network", "figure_png", "figure_table",
    "first_value", "frame_speakers_table", "frames_by_voice", "frames_by_voice_table", "group_summary",
    "is_correct", "lexicon_table", "mention_kinds_table", "mentions_by_type", "mentions_by_type_table",
    "most_common", "not_analysed", "nothing_to_show", "p_value", "paragraph_roles", "pick_tie", "pipe_tables",
    "quotes_by_speaker", "rates_matrix", "register_coverage_line", "register_forms", "register_with",
    "resolution_table", "roles_of", "roll_up_table", "save_figure", "setup", "show", "show_figure",
    "speaker_name", "speakers_of_state", "speaks_for", "surface_forms", "type_order", "voice_groups",
    "voice_table", "with_sentence",
]
