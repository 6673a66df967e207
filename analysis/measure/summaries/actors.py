"""Summary tables of the actor mentions, for ``02_actors.ipynb``: who is named, and how.

Mentions per document and type of actor, the most mentioned register actors per document,
how each actor is named (name, alias, demonym, metonym, title), the words counted as an
actor, the register's ambiguous names and what they became, and what rolling persons and
institutions up to states adds. Each function takes the ``actor_mentions`` table (and the
register where names or roll-ups are needed) and returns a small table in a fixed order.

Mentions whose ``actor_id`` is not a register id (``unlinked:``, ``ambiguous:``; see
:data:`analysis.schema.NOT_IN_REGISTER_PREFIXES`) count in :func:`mentions_by_type` but are
left out of the tables of register actors.

The tables of actors count the mentions whose ``entity_kind`` is ``actor`` (who acts and
speaks) unless their ``kinds`` parameter says otherwise; places and references have
their own tables: :func:`references_table` (each reference or place, how often, in how
many documents, next to which actors and in whose voice) and :func:`actor_reference_matrix`
(who is named next to which reference). Tables without an ``entity_kind`` column (made
before it existed) are not filtered.

>>> m = pd.DataFrame({"doc_id": ["a", "a", "b"], "actor_type": ["state", "state", "person"],
...                   "method": ["register", "register", "ner"], "ambiguous": [False] * 3})
>>> mentions_by_type_table(m)
  doc_id  state  not in register  total
0      a      2                0      2
1      b      0                1      1
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from analysis.extract.actors import roll_up
from analysis.register import ActorRegister, load_register
from analysis.schema import NOT_IN_REGISTER_PREFIXES

__all__ = [
    "ACTOR_KINDS", "AMBIGUOUS_TYPE", "MAIN_ACTOR_TYPES", "NOT_IN_REGISTER", "OTHER_REGISTER",
    "actor_document_matrix", "actor_reference_matrix", "ambiguous_mentions", "ambiguous_names_table",
    "mention_kinds_table", "mentions_by_type", "mentions_by_type_table", "of_kinds", "references_table",
    "register_forms", "roll_up_table", "surface_forms", "type_order",
]

#: The entity kinds the tables of actors count by default.
ACTOR_KINDS = ("actor",)
#: Actor types shown on their own in per-document charts; the rest are grouped.
MAIN_ACTOR_TYPES = ("state", "igo", "person", "region", "collective")
OTHER_REGISTER = "other (in register)"
NOT_IN_REGISTER = "not in register"
AMBIGUOUS_TYPE = "ambiguous"


def _type_group(actor_type: Any, method: Any, ambiguous: Any) -> str:
    if bool(ambiguous):
        return AMBIGUOUS_TYPE
    if method == "ner":
        return NOT_IN_REGISTER
    return actor_type if actor_type in MAIN_ACTOR_TYPES else OTHER_REGISTER


def mentions_by_type(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions per document and type of actor (tidy: doc_id, actor_type, mentions).

    Types other than :data:`MAIN_ACTOR_TYPES` are grouped as ``"other (in register)"``;
    named entities the register does not know (``method == "ner"``) are
    ``"not in register"``; unresolved ambiguous names are ``"ambiguous"``.

    >>> m = pd.DataFrame({"doc_id": ["a", "a", "b"], "actor_type": ["state", "media", "person"],
    ...                   "method": ["register", "register", "ner"], "ambiguous": [False] * 3})
    >>> mentions_by_type(m).values.tolist()
    [['a', 'other (in register)', 1], ['a', 'state', 1], ['b', 'not in register', 1]]
    """
    if not len(mentions):
        return pd.DataFrame({"doc_id": pd.Series(dtype=object), "actor_type": pd.Series(dtype=object),
                             "mentions": pd.Series(dtype="int64")})
    groups = [_type_group(t, m, a) for t, m, a in
              zip(mentions["actor_type"], mentions["method"], mentions["ambiguous"])]
    table = mentions.assign(actor_type=groups).groupby(["doc_id", "actor_type"]).size()
    return table.rename("mentions").reset_index().sort_values(["doc_id", "actor_type"], kind="stable") \
        .reset_index(drop=True)


def type_order(present: Iterable[str]) -> list[str]:
    """Actor-type groups in a fixed reading order (main types, other, not in register, ambiguous).

    >>> type_order(["ambiguous", "person", "zzz", "state"])
    ['state', 'person', 'ambiguous', 'zzz']
    """
    order = list(MAIN_ACTOR_TYPES) + [OTHER_REGISTER, NOT_IN_REGISTER, AMBIGUOUS_TYPE]
    present = set(present)
    return [t for t in order if t in present] + sorted(present - set(order))


def mentions_by_type_table(mentions: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per document: mentions by type of actor, the total, and (with ``documents``)
    mentions per 1,000 words. Sorted by total, most first (ties by doc_id).

    >>> m = pd.DataFrame({"doc_id": ["a", "b", "b"], "actor_type": ["state", "state", "person"],
    ...                   "method": ["register", "register", "ner"], "ambiguous": [False] * 3})
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "n_words": [500, 1000]})
    >>> mentions_by_type_table(m, docs)
      doc_id  state  not in register  total  n_words  per_1000_words
    0      b      1                1      2     1000             2.0
    1      a      1                0      1      500             2.0
    """
    tidy = mentions_by_type(mentions)
    if tidy.empty:
        return pd.DataFrame(columns=["doc_id", "total"])
    wide = tidy.pivot_table(index="doc_id", columns="actor_type", values="mentions", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=type_order(wide.columns))
    wide["total"] = wide.sum(axis=1)
    wide.columns.name = None
    wide = wide.reset_index()
    if documents is not None:
        words = documents.set_index("doc_id")["n_words"]
        wide["n_words"] = wide["doc_id"].map(words).fillna(0).astype("int64")
        wide["per_1000_words"] = (wide["total"] * 1000 / wide["n_words"].where(wide["n_words"] > 0)).round(1)
    wide = wide.sort_values("doc_id", kind="stable").sort_values("total", ascending=False, kind="stable")
    return wide.reset_index(drop=True)


def of_kinds(mentions: pd.DataFrame, kinds: Iterable[str] | None) -> pd.DataFrame:
    """The mentions of the given entity kinds (every row for None, or for a table without
    an ``entity_kind`` column).

    >>> m = pd.DataFrame({"actor_id": ["RUS", "EURASIA"], "entity_kind": ["actor", "place"]})
    >>> of_kinds(m, ACTOR_KINDS)["actor_id"].tolist(), len(of_kinds(m, None))
    (['RUS'], 2)
    """
    if kinds is None or "entity_kind" not in mentions.columns:
        return mentions
    return mentions[mentions["entity_kind"].isin(set(kinds))]


def _linked(mentions: pd.DataFrame, kinds: Iterable[str] | None = ACTOR_KINDS) -> pd.DataFrame:
    mentions = of_kinds(mentions, kinds)
    ids = mentions["actor_id"].astype(str)
    return mentions[~ids.str.startswith(NOT_IN_REGISTER_PREFIXES)]


def actor_document_matrix(mentions: pd.DataFrame, n_actors: int = 12, n_documents: int = 10, *,
                          kinds: Iterable[str] | None = ACTOR_KINDS) -> pd.DataFrame:
    """Mentions of the most mentioned register actors (rows) in each document (columns).

    ``kinds``: the entity kinds counted (actors by default; ``("reference",)`` for the
    agreements and events, None for all).

    Rows: the ``n_actors`` actors with most mentions (ties by id), labelled by name.
    Columns: every document if there are at most ``n_documents``, otherwise the
    ``n_documents`` documents with most mentions of those actors; in doc_id order.

    >>> m = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "actor_id": ["RUS", "lavrov", "RUS", "unlinked:Smith"],
    ...                   "actor_name": ["Russia", "Sergey Lavrov", "Russia", "Smith"],
    ...                   "actor_type": ["state", "person", "state", "person"],
    ...                   "mention_kind": ["name", "name", "metonym", "name"]})
    >>> actor_document_matrix(m).to_dict("index")
    {'Russia': {'a': 1, 'b': 1}, 'Sergey Lavrov': {'a': 1, 'b': 0}}
    """
    linked = _linked(mentions, kinds)
    if linked.empty:
        return pd.DataFrame()
    counts = linked.groupby("actor_id").size()
    actors = sorted(counts.index, key=lambda a: (-counts[a], a))[:n_actors]
    part = linked[linked["actor_id"].isin(actors)]
    wide = pd.crosstab(part["actor_id"], part["doc_id"])
    if wide.shape[1] > n_documents:
        totals = wide.sum(axis=0)
        keep = sorted(wide.columns, key=lambda d: (-totals[d], d))[:n_documents]
        wide = wide[sorted(keep)]
    wide = wide.reindex(actors).fillna(0).astype("int64")
    names = linked.drop_duplicates("actor_id").set_index("actor_id")["actor_name"]
    wide.index = [names.get(a, a) for a in wide.index]
    wide.index.name = "actor"
    wide.columns.name = None
    return wide


def _form(text: Any) -> str:
    return " ".join(str(text).replace("\u2019", "'").split())


def mention_kinds_table(mentions: pd.DataFrame, n: int = 12, *,
                        kinds: Iterable[str] | None = ACTOR_KINDS) -> pd.DataFrame:
    """How the ``n`` most mentioned register actors are named: mentions by ``mention_kind``
    (of the entity ``kinds``: actors by default).

    Columns: actor_id, actor_name, one column per kind (name, alias, demonym, metonym,
    title, in that order), total. Sorted by total, most first.

    >>> m = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "actor_id": ["RUS", "lavrov", "RUS", "unlinked:Smith"],
    ...                   "actor_name": ["Russia", "Sergey Lavrov", "Russia", "Smith"],
    ...                   "actor_type": ["state", "person", "state", "person"],
    ...                   "mention_kind": ["name", "name", "metonym", "name"]})
    >>> mention_kinds_table(m)
      actor_id     actor_name  name  metonym  total
    0      RUS         Russia     1        1      2
    1   lavrov  Sergey Lavrov     1        0      1
    """
    linked = _linked(mentions, kinds)
    order = ["name", "alias", "demonym", "metonym", "title", "pronoun"]
    if linked.empty:
        return pd.DataFrame(columns=["actor_id", "actor_name"] + order[:5] + ["total"])
    wide = pd.crosstab(linked["actor_id"], linked["mention_kind"])
    present = [k for k in order if k in wide.columns] + sorted(c for c in wide.columns if c not in order)
    wide = wide.reindex(columns=present, fill_value=0)
    wide["total"] = wide.sum(axis=1)
    wide.columns.name = None
    names = linked.drop_duplicates("actor_id").set_index("actor_id")["actor_name"]
    wide.insert(0, "actor_name", [names.get(a, a) for a in wide.index])
    wide = wide.reset_index().rename(columns={"index": "actor_id"})
    wide = wide.sort_values(["total", "actor_id"], ascending=[False, True], kind="stable").head(n)
    return wide.reset_index(drop=True)


def surface_forms(mentions: pd.DataFrame, actor_id: str | None = None, n: int | None = None) -> pd.DataFrame:
    """The words in the texts that were counted as an actor: one row per (form, actor, kind).

    ``form`` is the mention's text on one line, with a straight apostrophe. Columns: form,
    actor_id, mention_kind, mentions, documents; sorted by mentions (most first), then
    form. ``actor_id`` keeps one actor.

    >>> m = pd.DataFrame({"doc_id": ["a", "a", "b"], "text": ["Moscow", "the Kremlin", "Moscow"],
    ...                   "actor_id": ["RUS"] * 3, "mention_kind": ["metonym"] * 3})
    >>> surface_forms(m).values.tolist()
    [['Moscow', 'RUS', 'metonym', 2, 2], ['the Kremlin', 'RUS', 'metonym', 1, 1]]
    """
    table = mentions if actor_id is None else mentions[mentions["actor_id"] == actor_id]
    columns = ["form", "actor_id", "mention_kind", "mentions", "documents"]
    if table.empty:
        return pd.DataFrame(columns=columns)
    table = table.assign(form=table["text"].map(_form))
    out = table.groupby(["form", "actor_id", "mention_kind"]).agg(
        mentions=("doc_id", "size"), documents=("doc_id", "nunique")).reset_index()
    out = out.sort_values(["mentions", "form", "actor_id"], ascending=[False, True, True], kind="stable")
    return out.head(n).reset_index(drop=True) if n is not None else out.reset_index(drop=True)


def register_forms(register: ActorRegister, actor_id: str) -> pd.DataFrame:
    """The forms the register lists for one actor, with the mention kind each gives.

    Generated spellings (all capitals, without accents, curly apostrophes) are not listed.

    >>> register_forms(load_register(), "NATO").head(2)
                                     form mention_kind
    0                                NATO         name
    1  North Atlantic Treaty Organization        alias
    """
    actor = register.get(actor_id)
    if actor is None:
        return pd.DataFrame(columns=["form", "mention_kind"])
    return pd.DataFrame(actor.forms(), columns=["form", "mention_kind"])


def ambiguous_names_table(register: ActorRegister, max_cues: int = 6,
                          only: Iterable[str] | None = None) -> pd.DataFrame:
    """The register's ambiguous names: each form, its candidate actors and their first cue words.

    ``only`` keeps the names with those keys (e.g. the names a corpus uses,
    :func:`analysis.measure.summaries.choices.ambiguous_names_in`); None keeps all.

    >>> table = ambiguous_names_table(load_register(), max_cues=2)
    >>> table[table["form"] == "Brussels"][["candidate", "cue_words"]].values.tolist()
    [['EU', 'EU, European Union, …'], ['NATO', 'NATO, alliance, …'], ['BEL', 'Belgium, Belgian, …']]
    """
    rows = []
    keep = None if only is None else set(only)
    for amb in register.ambiguous.values():
        if keep is not None and amb.key not in keep:
            continue
        for candidate, cues in amb.candidates:
            shown = ", ".join(cues[:max_cues]) + (", …" if len(cues) > max_cues else "")
            rows.append({"form": " / ".join(amb.forms + amb.demonyms), "candidate": candidate,
                         "candidate_name": register.name_of(candidate), "cue_words": shown})
    return pd.DataFrame(rows, columns=["form", "candidate", "candidate_name", "cue_words"])


def ambiguous_mentions(mentions: pd.DataFrame, register: ActorRegister, *, summary: bool = False) -> pd.DataFrame:
    """Every mention written as an ambiguous name (Brussels, Korea, ...) and what it became.

    ``resolved_to`` is the chosen actor id, or ``"(unresolved)"`` when the context did not
    decide (then ``candidates`` lists the possible actors). In corpus order. With
    ``summary``: one row per (text, resolved_to) with mentions and documents, most first.

    >>> m = pd.DataFrame({"doc_id": ["a", "b", "b"], "sentence_id": [0, 0, 1],
    ...                   "text": ["Brussels", "Brussels", "Moscow"],
    ...                   "actor_id": ["EU", "ambiguous:brussels", "RUS"], "ambiguous": [False, True, False],
    ...                   "candidates": ["", "EU;NATO;BEL", ""]})
    >>> ambiguous_mentions(m, load_register()).drop(columns="candidates")
      doc_id  sentence_id      text   resolved_to
    0      a            0  Brussels            EU
    1      b            0  Brussels  (unresolved)
    >>> ambiguous_mentions(m, load_register(), summary=True)
           text   resolved_to  mentions  documents
    0  Brussels  (unresolved)         1          1
    1  Brussels            EU         1          1
    """
    forms = {f for amb in register.ambiguous.values() for f in amb.forms + amb.demonyms}
    forms |= {f.upper() for f in forms}
    columns = ["doc_id", "sentence_id", "text", "resolved_to", "candidates"]
    if summary:
        columns = ["text", "resolved_to", "mentions", "documents"]
    hits = mentions[mentions["text"].map(_form).isin(forms)]
    if hits.empty:
        return pd.DataFrame(columns=columns)
    out = hits.assign(resolved_to=[("(unresolved)" if amb else a) for a, amb in zip(hits["actor_id"], hits["ambiguous"])])
    if summary:
        out = out.groupby(["text", "resolved_to"]).agg(mentions=("doc_id", "size"), documents=("doc_id", "nunique"))
        out = out.reset_index().sort_values(["mentions", "text", "resolved_to"], ascending=[False, True, True],
                                            kind="stable")
    return out[columns].reset_index(drop=True)


def _dates_of(documents: pd.DataFrame | None) -> dict[str, str] | None:
    if documents is None or "date" not in documents.columns:
        return None
    return dict(zip(documents["doc_id"], documents["date"].fillna("").astype(str)))


def roll_up_table(mentions: pd.DataFrame, register: ActorRegister | None = None, documents: pd.DataFrame | None = None,
                  n: int | None = 12, *, kinds: Iterable[str] | None = ACTOR_KINDS) -> pd.DataFrame:
    """What rolling persons and institutions up to states adds, for the ``n`` largest results.

    Uses :func:`analysis.extract.actors.roll_up` (``level="state"``) with each document's date (a
    person counts for the state they served *at that date*). Columns: actor_id, name,
    itself (mentions of the actor itself), via_persons, via_others (institutions and
    regions with a parent), total, and ``from``: the rolled-up actors with their mention
    counts, largest first. Sorted by total.

    >>> m = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "actor_id": ["RUS", "lavrov", "RUS", "unlinked:Smith"],
    ...                   "actor_name": ["Russia", "Sergey Lavrov", "Russia", "Smith"],
    ...                   "actor_type": ["state", "person", "state", "person"],
    ...                   "mention_kind": ["name", "name", "metonym", "name"]})
    >>> roll_up_table(m, load_register())
      actor_id    name  itself  via_persons  via_others  total      from
    0      RUS  Russia       2            1           0      3  lavrov 1
    """
    register = register or load_register()
    columns = ["actor_id", "name", "itself", "via_persons", "via_others", "total", "from"]
    linked = _linked(mentions, kinds)
    if linked.empty:
        return pd.DataFrame(columns=columns)
    rolled = roll_up(linked, "state", register, dates=_dates_of(documents))
    source_types = rolled["source_actor_id"].map(lambda a: register.type_of(a) or "")
    via = ["itself" if s == t else ("via_persons" if ty == "person" else "via_others")
           for s, t, ty in zip(rolled["source_actor_id"], rolled["actor_id"], source_types)]
    rolled = rolled.assign(via=via)
    wide = pd.crosstab(rolled["actor_id"], rolled["via"]).reindex(
        columns=["itself", "via_persons", "via_others"], fill_value=0)
    wide["total"] = wide.sum(axis=1)
    moved = rolled[rolled["via"] != "itself"].groupby(["actor_id", "source_actor_id"]).size()
    sources = {}
    for target, group in moved.groupby(level=0):
        items = sorted(((s, int(c)) for (_, s), c in group.items()), key=lambda kv: (-kv[1], kv[0]))
        sources[target] = ", ".join(f"{s} {c}" for s, c in items[:5]) + (", …" if len(items) > 5 else "")
    wide.columns.name = None
    wide = wide.reset_index()
    wide.insert(1, "name", wide["actor_id"].map(register.name_of))
    wide["from"] = wide["actor_id"].map(sources).fillna("")
    wide = wide.sort_values(["total", "actor_id"], ascending=[False, True], kind="stable")
    if n is not None:
        wide = wide.head(n)
    return wide[columns].reset_index(drop=True)



def _pairs_in_units(mentions: pd.DataFrame, kinds: Iterable[str], unit_keys: list[str]) -> pd.DataFrame:
    """(reference id, actor id, unit) for every unit naming both an actor and a reference."""
    refs = of_kinds(mentions, kinds)
    actors = _linked(mentions, ACTOR_KINDS) if "entity_kind" in mentions.columns else mentions.iloc[:0]
    left = refs[unit_keys + ["actor_id"]].drop_duplicates().rename(columns={"actor_id": "reference_id"})
    right = actors[unit_keys + ["actor_id"]].drop_duplicates()
    return left.merge(right, on=unit_keys)


def references_table(mentions: pd.DataFrame, documents: pd.DataFrame | None = None, *,
                     kinds: Iterable[str] = ("reference",), n_actors: int = 3) -> pd.DataFrame:
    """The references (agreements, documents, events) or, with ``kinds=("place",)``, the
    places the texts name: one row each, most mentioned first.

    Columns: id, name, type, mentions, documents, ``named_with`` (the ``n_actors`` register
    actors most often named in the same sentence, with the number of such sentences) and,
    with ``documents`` (the documents table), ``voices`` (the ``voice`` of the documents
    that name it, most frequent first: whose texts invoke it).

    >>> m = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "sentence_id": [0, 0, 0, 1],
    ...                   "actor_id": ["RUS", "HELSINKI_FINAL_ACT", "HELSINKI_FINAL_ACT", "USA"],
    ...                   "actor_name": ["Russia", "Helsinki Final Act", "Helsinki Final Act", "United States"],
    ...                   "actor_type": ["state", "agreement", "agreement", "state"],
    ...                   "entity_kind": ["actor", "reference", "reference", "actor"]})
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "voice": ["RUS_MFA", "reporter"]})
    >>> references_table(m, docs).to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'id': 'HELSINKI_FINAL_ACT', 'name': 'Helsinki Final Act', 'type': 'agreement', 'mentions': 2,
      'documents': 2, 'named_with': 'RUS 1', 'voices': 'RUS_MFA 1, reporter 1'}]
    """
    columns = ["id", "name", "type", "mentions", "documents", "named_with"] + (["voices"] if documents is not None else [])
    refs = of_kinds(mentions, kinds) if "entity_kind" in mentions.columns else mentions.iloc[:0]
    if refs.empty:
        return pd.DataFrame(columns=columns)
    grouped = refs.groupby("actor_id")
    table = pd.DataFrame({
        "id": list(grouped.groups),
        "name": grouped["actor_name"].agg(lambda v: v.mode().iloc[0]).to_list(),
        "type": grouped["actor_type"].agg(lambda v: v.mode().iloc[0]).to_list(),
        "mentions": grouped.size().to_list(),
        "documents": grouped["doc_id"].nunique().to_list(),
    })
    pairs = _pairs_in_units(mentions, kinds, ["doc_id", "sentence_id"])
    named: dict[str, str] = {}
    for ref, group in pairs.groupby("reference_id"):
        counts = group.groupby("actor_id").size()
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n_actors]
        named[ref] = ", ".join(f"{a} {int(c)}" for a, c in top)
    table["named_with"] = table["id"].map(named).fillna("")
    if documents is not None:
        voice = dict(zip(documents["doc_id"], documents["voice"].fillna("").astype(str))) if "voice" in documents else {}
        voices: dict[str, str] = {}
        for ref, group in refs.drop_duplicates(["actor_id", "doc_id"]).groupby("actor_id"):
            counts = group["doc_id"].map(lambda d: voice.get(d) or "(none)").value_counts()
            top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            voices[ref] = ", ".join(f"{v} {int(c)}" for v, c in top)
        table["voices"] = table["id"].map(voices).fillna("")
    table = table.sort_values(["mentions", "id"], ascending=[False, True], kind="stable")
    return table[columns].reset_index(drop=True)


def actor_reference_matrix(mentions: pd.DataFrame, *, kinds: Iterable[str] = ("reference",),
                           n_actors: int = 12, n_references: int = 10) -> pd.DataFrame:
    """Who is named next to which reference: sentences naming both a register actor (rows,
    by name) and a reference (columns, by name; ``kinds=("place",)`` for places).

    The ``n_actors`` and ``n_references`` with the most such sentences are kept, largest
    first (ties by name). Being named next to a reference is not always invoking it: read
    the sentences before saying so.

    >>> m = pd.DataFrame({"doc_id": ["a"] * 3, "sentence_id": [0, 0, 1],
    ...                   "actor_id": ["RUS", "HELSINKI_FINAL_ACT", "RUS"],
    ...                   "actor_name": ["Russia", "Helsinki Final Act", "Russia"],
    ...                   "entity_kind": ["actor", "reference", "actor"]})
    >>> actor_reference_matrix(m).to_dict("index")
    {'Russia': {'Helsinki Final Act': 1}}
    """
    if "entity_kind" not in mentions.columns:
        return pd.DataFrame()
    pairs = _pairs_in_units(mentions, kinds, ["doc_id", "sentence_id"])
    if pairs.empty:
        return pd.DataFrame()
    names = mentions.drop_duplicates("actor_id").set_index("actor_id")["actor_name"]
    wide = pd.crosstab(pairs["actor_id"].map(lambda a: names.get(a, a)),
                       pairs["reference_id"].map(lambda a: names.get(a, a)))
    rows = sorted(wide.index, key=lambda r: (-wide.loc[r].sum(), str(r)))[:n_actors]
    wide = wide.loc[rows]
    cols = sorted(wide.columns, key=lambda c: (-wide[c].sum(), str(c)))[:n_references]
    wide = wide[cols]
    wide = wide.loc[:, wide.sum(axis=0) > 0]
    wide.index.name, wide.columns.name = "actor", None
    return wide.astype("int64")
