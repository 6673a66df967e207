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

# Each chapter's module lists its public names in ``__all__``; this package re-exports
# exactly those (networkx's ``algorithms`` does the same), so a new table is exported by
# adding it to its own module's ``__all__`` and nowhere else.
from analysis.measure.summaries import actors, choices, corpus, frames, voices
from analysis.measure.summaries.actors import *  # noqa: F401,F403
from analysis.measure.summaries.choices import *  # noqa: F401,F403
from analysis.measure.summaries.corpus import *  # noqa: F401,F403
from analysis.measure.summaries.frames import *  # noqa: F401,F403
from analysis.measure.summaries.voices import *  # noqa: F401,F403

__all__ = [*actors.__all__, *choices.__all__, *corpus.__all__, *frames.__all__, *voices.__all__]
