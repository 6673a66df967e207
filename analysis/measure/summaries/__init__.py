"""Summary tables of the notebook series: small, sorted tables computed from the corpus and the tables.

Each chapter's notebook shows a few tables that are not measures in themselves but
summaries of what the corpus and the extracted tables hold. They are library code (they
read a :class:`analysis.corpus.Corpus`, the register, the lexicon and the row tables) and
are kept out of :mod:`analysis.notebook`, which only formats and shows. One module per
chapter:

* :mod:`.corpus` (``01_corpus``): documents, dates and their precision, paragraph roles,
  pipe tables, what is not analysed, the sentence of a row;
* :mod:`.actors` (``02_actors``): mentions by type of actor, by document, by kind of
  name, surface forms, ambiguous names, roll-ups to states;
* :mod:`.frames` (``03_framing_terms``): the lexicon, rate matrices, frames by voice and
  by speaker;
* :mod:`.choices` (every notebook): the data-driven defaults of the notebooks' parameters
  (the examples, frames, groups and short titles picked from the corpus at hand);
* :mod:`.voices` (``04_voices``): quotes by speaker and resolution, words by voice, the
  speakers of a state and the groups keyness compares.

Every table comes out in a fixed order (ties broken by ids), so a notebook's outputs are
the same on every run. None of them uses the network or timeline measures.

>>> CORE_FRAMES
('indivisibility', 'reciprocity', 'non_aggression')
"""

from analysis.measure.summaries.actors import (
    AMBIGUOUS_TYPE,
    MAIN_ACTOR_TYPES,
    NOT_IN_REGISTER,
    OTHER_REGISTER,
    actor_document_matrix,
    ambiguous_mentions,
    ambiguous_names_table,
    mention_kinds_table,
    mentions_by_type,
    mentions_by_type_table,
    register_forms,
    roll_up_table,
    surface_forms,
    type_order,
)
from analysis.measure.summaries.choices import (
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
)
from analysis.measure.summaries.corpus import (
    PARAGRAPH_ROLE_ORDER,
    dates_table,
    documents_overview,
    not_analysed,
    paragraph_roles,
    pipe_tables,
    roles_of,
    with_sentence,
)
from analysis.measure.summaries.frames import (
    CORE_FRAMES,
    frame_speakers_table,
    frames_by_voice,
    frames_by_voice_table,
    lexicon_table,
    rates_matrix,
)
from analysis.measure.summaries.voices import (
    RESOLUTION_ORDER,
    VOICES,
    group_summary,
    quote_count_line,
    quotes_by_speaker,
    resolution_table,
    speaker_name,
    speakers_of_state,
    speaks_for,
    voice_groups,
    voice_table,
)

__all__ = [
    "actor_with_parent", "ambiguity_examples", "ambiguous_names_in", "example_register_entry", "frame_density", "frame_labels", "frame_seed_words",
    "frames_to_follow", "frequent_frame_term", "manifest_groups", "short_titles",
    "AMBIGUOUS_TYPE", "CORE_FRAMES", "MAIN_ACTOR_TYPES", "NOT_IN_REGISTER", "OTHER_REGISTER",
    "PARAGRAPH_ROLE_ORDER", "RESOLUTION_ORDER", "VOICES", "actor_document_matrix", "ambiguous_mentions",
    "ambiguous_names_table", "dates_table", "documents_overview", "frame_speakers_table", "frames_by_voice",
    "frames_by_voice_table", "group_summary", "lexicon_table", "mention_kinds_table", "mentions_by_type",
    "mentions_by_type_table", "not_analysed", "paragraph_roles", "pipe_tables", "quote_count_line", "quotes_by_speaker",
    "rates_matrix", "register_forms", "resolution_table", "roles_of", "roll_up_table", "speaker_name",
    "speakers_of_state", "speaks_for", "surface_forms", "type_order", "voice_groups", "voice_table",
    "with_sentence",
]
