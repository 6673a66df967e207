"""Measures over the tables: rates per 1,000 words (:mod:`.rates`), distinctive words
(:mod:`.keyness`), dated references (:mod:`.timeline`) and co-mention networks
(:mod:`.network`). Each takes DataFrames (the tables) and returns DataFrames or graphs;
none parses text.
"""

__all__: list[str] = []
