"""Helpers behind notebooks 02-04: actor tables, frame tables, voices, keyness groups, charts.

``seed_tables`` is the session fixture of tests/conftest.py (every table of the seeds).
"""

from __future__ import annotations


import pandas as pd
import pytest
from matplotlib.figure import Figure

import analysis.notebook
import analysis.plots
from analysis import plots
from analysis.measure import keyness
from analysis import notebook as nb
from analysis.corpus import documents_table
from analysis.measure.rates import span_words, speaker_word_counts, words_by_voice
from analysis.register import RegisterError, load_register
from tests.doctests import failed_examples


def test_docstring_examples():
    assert failed_examples(analysis.notebook) == 0
    assert failed_examples(analysis.plots) == 0


# ---------------------------------------------------------------------------- 02 actors


def test_mentions_by_type_adds_up(seed_tables, seed_corpus):
    mentions = seed_tables["actor_mentions"]
    tidy = nb.mentions_by_type(mentions)
    assert tidy["mentions"].sum() == len(mentions)
    wide = nb.mentions_by_type_table(mentions, documents_table(seed_corpus))
    assert wide["total"].sum() == len(mentions)
    assert wide["total"].is_monotonic_decreasing
    assert set(tidy["actor_type"]) <= set(plots.ACTOR_TYPE_COLORS)


def test_actor_document_matrix_and_kinds(seed_tables):
    mentions = seed_tables["actor_mentions"]
    matrix = nb.actor_document_matrix(mentions, n_actors=5, n_documents=3)
    assert matrix.shape == (5, 3)
    assert matrix.index[0] == "Russia"
    kinds = nb.mention_kinds_table(mentions, n=3)
    assert kinds["actor_id"].tolist()[0] == "RUS"
    kind_columns = [c for c in kinds.columns if c not in ("actor_id", "actor_name", "total")]
    assert (kinds[kind_columns].sum(axis=1) == kinds["total"]).all()


def test_surface_forms_of_russia_include_metonyms(seed_tables):
    forms = nb.surface_forms(seed_tables["actor_mentions"], "RUS")
    assert {"Russia", "Moscow"} <= set(forms["form"])
    assert forms.loc[forms["form"] == "Moscow", "mention_kind"].tolist() == ["metonym"]
    assert forms["mentions"].is_monotonic_decreasing


def test_roll_up_table_moves_persons_to_their_state(seed_tables, seed_corpus):
    register = load_register()
    mentions = seed_tables["actor_mentions"]
    table = nb.roll_up_table(mentions, register, documents_table(seed_corpus), n=None)
    rus = table.set_index("actor_id").loc["RUS"]
    assert rus["via_persons"] > 0 and "zakharova" in rus["from"]
    assert (table["itself"] + table["via_persons"] + table["via_others"] == table["total"]).all()
    # Actor counts count what acts and speaks (entity kind "actor"; issue 13), all of it.
    linked = mentions[~mentions["actor_id"].str.startswith(("unlinked:", "ambiguous:"))
                      & (mentions["entity_kind"] == "actor")]
    assert table["total"].sum() == len(linked)


def test_ambiguous_mentions_and_register_trial(seed_tables):
    register = load_register()
    found = nb.ambiguous_mentions(seed_tables["actor_mentions"], register)
    assert set(found["text"]) == {"Brussels"}
    summary = nb.ambiguous_mentions(seed_tables["actor_mentions"], register, summary=True)
    assert summary["mentions"].sum() == len(found)
    trial = nb.register_with("id: TEST_INST\nname: Test Institute\ntype: institution\nparent: RUS\n")
    assert trial.state_of("TEST_INST") == "RUS"
    assert load_register().get("TEST_INST") is None  # nothing written
    with pytest.raises(RegisterError):
        nb.register_with("id: TEST_X\nname: Test\ntype: institution\nparent: NOWHERE\n")


# ---------------------------------------------------------------------------- 03 frames


def test_frames_by_voice_counts_every_core_mention(seed_tables):
    fm = seed_tables["frame_mentions"]
    table = nb.frames_by_voice_table(fm)
    core = fm[fm["frame_id"].isin(nb.CORE_FRAMES)]
    assert table["total"].sum() == len(core)
    assert (table[list(nb.VOICES)].sum(axis=1) == table["total"]).all()
    speakers = nb.frame_speakers_table(fm, n=100)
    assert speakers["total"].sum() == len(core)


def test_lexicon_table_marks_the_core_frames():
    table = nb.lexicon_table()
    assert table.loc[table["core"], "frame_id"].tolist() == list(nb.CORE_FRAMES)


# ---------------------------------------------------------------------------- 04 voices


def test_span_words_agree_with_speaker_word_counts(seed_tables, seed_corpus):
    words = span_words(seed_tables["speaker_spans"], seed_corpus)
    assert len(words) == documents_table(seed_corpus)["n_words"].sum()
    by_speaker = words_by_voice(words, by=["speaker_id"]).set_index("speaker_id")["n_words"]
    reference = speaker_word_counts(seed_tables["speaker_spans"], seed_corpus).set_index("speaker_id")["n_words"]
    pd.testing.assert_series_equal(by_speaker.sort_index(), reference.sort_index(), check_names=False)
    voices = nb.voice_table(words).set_index("doc_id")
    assert voices.loc["003_2a18997b5bd812c8", "narrator_speaker"] == "RUS_MFA"
    assert voices.loc["000_7d7a01f1c81f0d76", "narrator_speaker"] == "reporter"


def test_official_voice_needs_an_office_not_a_nationality():
    register = load_register()
    assert nb.speaks_for("zakharova", "RUS", register)
    assert not nb.speaks_for("karaganov", "RUS", register)   # Russian, but no office
    assert not nb.speaks_for("zelenskyy", "RUS", register)
    assert nb.speakers_of_state(["reporter", "RUS_MFA", "putin"], register, also=["RUS_MFA"]) == ["RUS_MFA", "putin"]


def test_keyness_groups_on_the_seeds(seed_tables, seed_corpus):
    words = span_words(seed_tables["speaker_spans"], seed_corpus)
    labels = ("official", "other")
    official = nb.speakers_of_state(words["speaker_id"].unique(), also=["RUS_MFA"])
    groups = nb.voice_groups(words, official, labels)
    assert groups[words["speaker_id"] == "(none)"].isna().all()
    summary = nb.group_summary(words, groups)
    assert summary["words"].sum() == groups.notna().sum()
    result = keyness.keyness_by_group(words["word"], groups, labels).set_index("term")
    assert result.loc["eurasia", "z"] > 0 > result.loc["sanctions", "z"]
    top = keyness.top_terms(result.reset_index(), 5, labels=labels)
    assert top["side"].tolist() == ["official"] * 5 + ["other"] * 5
    empty = keyness.keyness_by_group(words["word"], pd.Series(["official"] * len(words)), labels)
    assert empty.empty and keyness.top_terms(empty, 5).empty


# ---------------------------------------------------------------------------- charts


@pytest.mark.parametrize("empty", [False, True])
def test_charts_are_figures_with_titles(empty):
    tidy = pd.DataFrame({"doc": ["a", "a", "b"], "voice": ["quoted", "narrator", "narrator"], "words": [5, 10, 30]})
    matrix = pd.DataFrame({"x": [1.0, 0.0]}, index=["r1", "r2"])
    top = pd.DataFrame({"side": ["A", "B"], "term": ["one", "two"], "z": [2.5, -1.0]})
    if empty:
        tidy, matrix, top = tidy.iloc[:0], matrix.iloc[:0], top.iloc[:0]
    figures = [
        plots.plot_stacked_bars(tidy, "doc", "voice", "words", title="Words"),
        plots.plot_heat_table(matrix, title="Heat"),
        plots.plot_keyness(top, ("A", "B"), title="Keyness"),
    ]
    for fig in figures:
        assert isinstance(fig, Figure)
        assert nb.describe_figure(fig) != "Chart: untitled"
        fig.canvas.draw()  # renders without error


def test_stacked_bars_from_a_wide_table():
    wide = pd.DataFrame({"name": ["a", "b"], "direct": [1, 5], "indirect": [2, 0]})
    fig = plots.plot_stacked_bars(wide, "name", ["direct", "indirect"], "quotes", title="Quotes")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["b", "a"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["direct", "indirect"]


@pytest.mark.parametrize("pattern", ["indivisib*", "non_aggression", "EU", "peace is indivisible", "?u*", "nato_expansion"])
def test_kwic_skips_only_documents_without_a_possible_match(seed_corpus, monkeypatch, pattern):
    from analysis.extract import frames

    fast = frames.kwic(seed_corpus, pattern, window=4)
    monkeypatch.setattr(frames, "_required_checks", lambda patterns: None)  # tokenise every document
    slow = frames.kwic(seed_corpus, pattern, window=4)
    pd.testing.assert_frame_equal(pd.DataFrame(fast), pd.DataFrame(slow))


def test_kwic_prefilter_checks():
    from analysis.extract.frames import _may_match, _required_checks

    assert _required_checks(["*"]) is None
    eu = _required_checks(["EU"])
    assert _may_match("The EU said", eu) and not _may_match("Europe said", eu)
    assert _may_match("equal and indivisible security", _required_checks(["indivisib*"]))
    assert _may_match("non\u2011aggression", _required_checks(["non-aggression"]))
