"""Summary tables of who speaks, for ``04_voices.ipynb``: quotes, voices, speakers of a state.

Quotes per speaker and by how their speaker was found, each document's words by voice
(:data:`VOICES`: the text's own narrator, reported and quoted speech), which speakers
speak for a state in an official capacity (:func:`speaks_for`: the state, its
institutions, and the persons who held their roles; nationality alone is not enough),
and the two groups of speakers whose words keyness compares. Speakers are named from the
register (:func:`speaker_name`).

>>> speaker_name("lavrov"), speaker_name("unlinked:John Smith"), speaker_name("CHN;RUS")
('Sergey Lavrov', 'John Smith', 'China and Russia')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from analysis.register import ActorRegister, load_register
from analysis.schema import is_missing

__all__ = [
    "KIND_COLUMNS", "METHOD_ORDER", "RESOLUTION_ORDER", "VOICES", "quote_count_line", "group_summary", "quotes_by_speaker", "method_table", "resolution_table", "speaker_name",
    "speakers_of_state", "speaks_for", "voice_groups", "voice_table",
]

#: Display order of voices: the text's own narrator, then reported and quoted speech.
VOICES = ("narrator", "reported", "quoted")
#: Row order of :func:`resolution_table`: how a quote's speaker was found.
RESOLUTION_ORDER = ("named", "pronoun", "role", "turn", "epigraph", "none")
#: Row order of :func:`method_table`: the rules' rows, then the learned model's.
METHOD_ORDER = ("rule", "model")


def speaker_name(speaker_id: Any, register: ActorRegister | None = None) -> str:
    """A readable name for a speaker id: the register's name, else the id without its
    ``unlinked:`` prefix (``"reporter"``, ``"question"`` stay as they are).

    >>> speaker_name("reporter"), speaker_name(None), speaker_name("")
    ('reporter', '(none)', '(none)')
    """
    if is_missing(speaker_id) or speaker_id == "":
        return "(none)"
    if register is None:
        register = load_register()
    text = str(speaker_id)
    if ";" in text:
        return " and ".join(speaker_name(part, register) for part in text.split(";"))
    actor = register.get(text)
    return actor.name if actor is not None else text.split(":", 1)[-1]


def quotes_by_speaker(quotes: pd.DataFrame, n: int | None = 15,
                      register: ActorRegister | None = None,
                      methods: Iterable[str] | None = ("rule",)) -> pd.DataFrame:
    """Quotes per speaker: speaker_id, name, direct, mixed, indirect, other (what is
    ``according_to`` a source and ``belief``), total (every quote row counted; most first).

    Quotes without a resolved speaker are counted as ``"(unresolved)"``. Only the rows
    whose ``method`` is in ``methods`` count (default: the rules' rows, quotations and
    reports of speech and belief; the learned model's rows attribute acts as well,
    "Bangladesh provided shelter", so they are no answer to who is quoted; ``None``: every
    row). A table without a ``method`` column counts whole.

    >>> q = pd.DataFrame({"speaker_id": ["lavrov", "lavrov", None, "putin", "putin"],
    ...                   "kind": ["direct", "indirect", "direct", "direct", "mixed"],
    ...                   "resolution": ["named", "pronoun", "none", "named", "named"]})
    >>> quotes_by_speaker(q)
         speaker_id            name  direct  mixed  indirect  other  total
    0        lavrov   Sergey Lavrov       1      0         1      0      2
    1         putin  Vladimir Putin       1      1         0      0      2
    2  (unresolved)    (unresolved)       1      0         0      0      1
    >>> q["method"] = ["rule", "model", "rule", "rule", "rule"]
    >>> quotes_by_speaker(q)["total"].tolist(), quotes_by_speaker(q, methods=None)["total"].tolist()
    ([2, 1, 1], [2, 2, 1])
    """
    columns = ["speaker_id", "name", *KIND_COLUMNS, "total"]
    if methods is not None and "method" in quotes.columns:
        quotes = quotes[quotes["method"].isin(list(methods))]
    if not len(quotes):
        return pd.DataFrame(columns=columns)
    speaker = quotes["speaker_id"].where(quotes["speaker_id"].notna() & (quotes["speaker_id"] != ""),
                                         "(unresolved)").astype(str)
    wide = _kinds_by(speaker, quotes["kind"])
    wide.index.name = "speaker_id"
    wide = wide.reset_index()
    wide.insert(1, "name", ["(unresolved)" if s == "(unresolved)" else speaker_name(s, register)
                            for s in wide["speaker_id"]])
    wide = wide.sort_values(["total", "speaker_id"], ascending=[False, True], kind="stable")
    return (wide.head(n) if n is not None else wide)[columns].reset_index(drop=True)


def quote_count_line(quotes: pd.DataFrame, n_documents: int) -> str:
    """One line: how many quote rows, of which kind (in :data:`KIND_COLUMNS` order, other
    kinds by name), in how many documents.

    >>> q = pd.DataFrame({"kind": ["direct", "mixed", "indirect", "indirect", "belief"]})
    >>> quote_count_line(q, 3)
    '5 quotes (1 direct, 1 mixed, 2 indirect, 1 belief) in 3 documents'
    """
    counts = quotes["kind"].astype(str).value_counts() if len(quotes) else pd.Series(dtype=int)
    order = [k for k in KIND_COLUMNS if k in counts.index] + sorted(k for k in counts.index if k not in KIND_COLUMNS)
    kinds = ", ".join(f"{counts[k]:,} {k}" for k in order)
    return f"{len(quotes):,} quotes" + (f" ({kinds})" if kinds else "") + f" in {n_documents:,} documents"


#: The kind columns of :func:`quotes_by_speaker` and :func:`resolution_table`: the quote
#: kinds an analyst tells apart first; ``other`` counts the rest (``according_to``, ``belief``).
KIND_COLUMNS = ("direct", "mixed", "indirect", "other")


def _kinds_by(key: pd.Series, kinds: pd.Series) -> pd.DataFrame:
    """Counts of quote kinds per ``key`` value in :data:`KIND_COLUMNS`, and their ``total``."""
    grouped = kinds.astype(str).where(kinds.astype(str).isin(KIND_COLUMNS[:-1]), "other")
    wide = pd.crosstab(key, grouped).reindex(columns=list(KIND_COLUMNS), fill_value=0)
    wide["total"] = wide.sum(axis=1)
    wide.columns.name = None
    return wide


def resolution_table(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quotes by how their speaker was found (``resolution``) and kind
    (:data:`KIND_COLUMNS`, and the total).

    Rows in :data:`RESOLUTION_ORDER` (other values follow, sorted).

    >>> q = pd.DataFrame({"speaker_id": ["lavrov", "lavrov", None, "putin"],
    ...                   "kind": ["direct", "indirect", "direct", "belief"],
    ...                   "resolution": ["named", "pronoun", "none", "named"]})
    >>> resolution_table(q)
      resolution  direct  mixed  indirect  other  total
    0      named       1      0         0      1      2
    1    pronoun       0      0         1      0      1
    2       none       1      0         0      0      1
    """
    order = list(RESOLUTION_ORDER)
    if not len(quotes):
        return pd.DataFrame(columns=["resolution", *KIND_COLUMNS, "total"])
    wide = _kinds_by(quotes["resolution"], quotes["kind"])
    present = [r for r in order if r in wide.index] + sorted(r for r in wide.index if r not in order)
    wide = wide.reindex(present)
    wide.index.name = "resolution"
    return wide.reset_index()


def method_table(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quotes by what found them (``method``: the rules or the learned attribution
    model) and kind (:data:`KIND_COLUMNS`, and the total), in :data:`METHOD_ORDER`.

    >>> q = pd.DataFrame({"kind": ["direct", "indirect", "indirect", "belief"],
    ...                   "method": ["rule", "model", "rule", "rule"]})
    >>> method_table(q)
      method  direct  mixed  indirect  other  total
    0   rule       1      0         1      1      3
    1  model       0      0         1      0      1
    """
    if not len(quotes):
        return pd.DataFrame(columns=["method", *KIND_COLUMNS, "total"])
    wide = _kinds_by(quotes["method"], quotes["kind"])
    order = list(METHOD_ORDER)
    wide = wide.reindex([m for m in order if m in wide.index] + sorted(m for m in wide.index if m not in order))
    wide.index.name = "method"
    return wide.reset_index()


def voice_table(words: pd.DataFrame) -> pd.DataFrame:
    """Per document: whose voice the running text is in, and how its words split by voice.

    ``words`` is :func:`analysis.measure.rates.span_words`. Columns: doc_id, narrator_speaker (the
    speaker of most narrator words: the manifest's ``voice``, or the main speaker of a
    transcript), narrator, reported, quoted (words), total, and quoted_or_reported_% .

    >>> w = pd.DataFrame({"doc_id": ["a"] * 5 + ["b"] * 2,
    ...                   "voice": ["narrator"] * 3 + ["quoted", "reported"] + ["narrator"] * 2,
    ...                   "speaker_id": ["RUS_MFA"] * 3 + ["lavrov", "putin"] + ["(none)"] * 2})
    >>> voice_table(w).values.tolist()
    [['a', 'RUS_MFA', 3, 1, 1, 5, 40.0], ['b', '(none)', 2, 0, 0, 2, 0.0]]
    """
    columns = ["doc_id", "narrator_speaker", *VOICES, "total", "quoted_or_reported_%"]
    if not len(words):
        return pd.DataFrame(columns=columns)
    wide = pd.crosstab(words["doc_id"], words["voice"]).reindex(columns=list(VOICES), fill_value=0)
    wide["total"] = wide.sum(axis=1)
    wide["quoted_or_reported_%"] = (100 * (wide["reported"] + wide["quoted"]) / wide["total"]).round(1)
    narr = words[words["voice"] == "narrator"].groupby(["doc_id", "speaker_id"]).size().rename("n").reset_index()
    narr = narr.sort_values(["doc_id", "n", "speaker_id"], ascending=[True, False, True], kind="stable")
    main = narr.drop_duplicates("doc_id").set_index("doc_id")["speaker_id"]
    wide.columns.name = None
    wide = wide.reset_index()
    wide.insert(1, "narrator_speaker", wide["doc_id"].map(main).fillna("(none)"))
    return wide[columns].sort_values("doc_id", kind="stable").reset_index(drop=True)


def speaks_for(actor_id: str, state: str, register: ActorRegister) -> bool:
    """True if ``actor_id`` speaks for ``state`` in an official capacity: the state itself,
    one of its institutions (an ``institution`` whose parent chain leads to the state), or
    a person who held a role of the state or of one of its institutions (at any date).
    Nationality alone is not enough: a Russian journalist or expert does not speak for Russia.

    >>> from analysis.register import load_register
    >>> r = load_register()
    >>> [speaks_for(a, "RUS", r) for a in ("RUS", "lavrov", "karaganov", "NATO")]
    [True, True, False, False]
    """
    actor = register.get(actor_id)
    if actor is None:
        return False
    if actor.type == "state":
        return actor.id == state
    if actor.type == "institution":
        return register.state_of(actor.id) == state
    if actor.type == "person":
        for role in actor.affiliation:
            holder = register.get(role.state)
            if role.state == state or (holder is not None and holder.type == "institution"
                                        and register.state_of(role.state) == state):
                return True
    return False


def speakers_of_state(speaker_ids: Iterable[Any], register: ActorRegister | None = None, state: str = "RUS",
                      also: Iterable[str] = ()) -> list[str]:
    """The speaker ids that speak for ``state`` (:func:`speaks_for`), plus the ids in
    ``also`` (e.g. a manifest voice the register does not know, such as ``RUS_MFA``).
    A joint speaker ("CHN;RUS") counts if one of its parts does. Sorted.

    >>> speakers_of_state(["putin", "reporter", "NATO", "RUS", "CHN;RUS", "lavrov", "karaganov"])
    ['CHN;RUS', 'RUS', 'lavrov', 'putin']
    """
    if register is None:
        register = load_register()
    also = set(also)
    out = set()
    for sid in speaker_ids:
        if is_missing(sid):
            continue
        parts = str(sid).split(";")
        if any(p in also or speaks_for(p, state, register) for p in parts):
            out.add(str(sid))
    return sorted(out)


def voice_groups(words: pd.DataFrame, group_a: Iterable[str], labels: tuple[str, str],
                 exclude: Iterable[str] = ("(none)",)) -> pd.Series:
    """The group label of each word row: ``labels[0]`` if its speaker is in ``group_a``,
    ``labels[1]`` for every other known speaker, missing for speakers in ``exclude``
    (by default words whose speaker is unknown).

    >>> w = pd.DataFrame({"doc_id": ["a"] * 5 + ["b"] * 2,
    ...                   "voice": ["narrator"] * 3 + ["quoted", "reported"] + ["narrator"] * 2,
    ...                   "speaker_id": ["RUS_MFA"] * 3 + ["lavrov", "putin"] + ["(none)"] * 2})
    >>> voice_groups(w, ["lavrov", "putin"], ("Russia", "others")).tolist()
    ['others', 'others', 'others', 'Russia', 'Russia', None, None]
    """
    group_a, exclude = set(group_a), set(exclude)
    speaker = words["speaker_id"].astype(str)
    out = pd.Series(labels[1], index=words.index, dtype=object)
    out[speaker.isin(group_a)] = labels[0]
    out[speaker.isin(exclude)] = None
    return out


def group_summary(words: pd.DataFrame, groups: pd.Series, register: ActorRegister | None = None,
                  max_speakers: int = 6) -> pd.DataFrame:
    """Words per group of speakers and the speakers with most words in each (for keyness).

    ``groups`` is :func:`voice_groups`; rows whose group is missing are left out. Sorted
    by group label.

    >>> w = pd.DataFrame({"doc_id": ["a"] * 5 + ["b"] * 2,
    ...                   "voice": ["narrator"] * 3 + ["quoted", "reported"] + ["narrator"] * 2,
    ...                   "speaker_id": ["RUS_MFA"] * 3 + ["lavrov", "putin"] + ["(none)"] * 2})
    >>> group_summary(w, voice_groups(w, ["lavrov", "putin"], ("Russia", "others")))
        group  words  speakers  documents main_speakers (words)
    0  Russia      2         2          1     lavrov 1, putin 1
    1  others      3         1          1             RUS_MFA 3
    """
    rows = []
    data = words.assign(_group=groups).dropna(subset=["_group"])
    for label, part in data.groupby("_group", sort=False):
        counts = part["speaker_id"].value_counts()
        ranked = sorted(counts.index, key=lambda s: (-counts[s], s))
        shown = ", ".join(f"{s} {counts[s]:,}" for s in ranked[:max_speakers])
        if len(ranked) > max_speakers:
            shown += f", + {len(ranked) - max_speakers} more"
        rows.append({"group": label, "words": len(part), "speakers": len(ranked),
                     "documents": int(part["doc_id"].nunique()), "main_speakers (words)": shown})
    out = pd.DataFrame(rows, columns=["group", "words", "speakers", "documents", "main_speakers (words)"])
    return out.sort_values("group", kind="stable").reset_index(drop=True)

