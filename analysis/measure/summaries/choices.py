"""Data-driven defaults for the notebooks' parameters: examples picked from the corpus at hand.

The notebooks never name an actor, a word or a frame of the seed corpus in their code.
Every such choice is a parameter whose default (``None``) is computed here from the
corpus being read, so that a user's run shows the user's actors and words:

* :func:`short_titles`: short, unique document titles for the axes of figures;
* :func:`frames_to_follow`: the frames a notebook follows (the lexicon's core frames the
  corpus uses, topped up with its most used frames), :func:`frame_density` (mentions per
  1,000 words: is the lexicon any use here?) and :func:`frequent_frame_term` (the most
  frequent matched term, a keyword-in-context example);
* :func:`actor_with_parent` (the roll-up example), :func:`example_register_entry` (an
  entry to try out with ``nb.register_with``), :func:`ambiguous_names_in` and
  :func:`ambiguity_examples` (the register's ambiguous names the corpus uses);
* :func:`manifest_groups`: the two groups keyness compares, from a manifest column.

>>> docs = pd.DataFrame({"doc_id": ["a1", "b2"], "title": ["EU and Mercosur conclude trade talks", None]})
>>> short_titles(docs, max_chars=20)
{'a1': 'EU and Mercosur…', 'b2': 'b2'}
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from analysis.lexicon import FrameLexicon, default_lexicon
from analysis.measure.summaries.frames import CORE_FRAMES
from analysis.measure.summaries.voices import speaker_name
from analysis.register import ActorRegister, load_register
from analysis.schema import NOT_IN_REGISTER_PREFIXES, is_missing

__all__ = [
    "actor_with_parent", "ambiguity_examples", "ambiguous_names_in", "example_register_entry",
    "frame_density", "frame_labels", "frame_seed_words", "frames_to_follow", "frequent_frame_term", "manifest_groups", "short_titles",
]


# =======================================================================================
# documents
# =======================================================================================


def _shorten_title(title: str, max_chars: int) -> str:
    title = " ".join(title.split())
    if len(title) <= max_chars:
        return title
    cut = title[: max_chars - 1]
    if " " in cut[max_chars // 2:]:  # end on a whole word when one is near
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–-") + "…"


def short_titles(documents: pd.DataFrame, max_chars: int = 32) -> dict[str, str]:
    """``{doc_id: short title}`` for the labels of figures: the title cut at a word to at
    most ``max_chars`` characters; the ``doc_id`` when there is no title. Two documents
    with the same short title get their ``doc_id`` added, so labels stay unique.

    >>> docs = pd.DataFrame({"doc_id": ["x", "y"], "title": ["Statement", "Statement"]})
    >>> short_titles(docs)
    {'x': 'Statement (x)', 'y': 'Statement (y)'}
    """
    shown: dict[str, str] = {}
    titles = documents["title"] if "title" in documents else pd.Series([None] * len(documents))
    for doc_id, title in zip(documents["doc_id"].astype(str), titles):
        shown[doc_id] = doc_id if is_missing(title) or not str(title).strip() else _shorten_title(str(title), max_chars)
    counts = Counter(shown.values())
    return {d: (f"{t} ({d})" if counts[t] > 1 and t != d else t) for d, t in shown.items()}


# =======================================================================================
# frames
# =======================================================================================


def frame_labels(lexicon: FrameLexicon | None = None) -> dict[str, str]:
    """``{frame id: label}`` of the lexicon, to name frames in figures (not by their ids).

    >>> frame_labels()["non_aggression"]
    'Non-aggression'
    """
    lexicon = lexicon or default_lexicon()
    return {frame.id: frame.label for frame in lexicon}


def frames_to_follow(frame_mentions: pd.DataFrame, lexicon: FrameLexicon | None = None, n: int = 3,
                     core: Sequence[str] = CORE_FRAMES) -> list[str]:
    """The ``n`` frames a notebook follows on this corpus: the ``core`` frames that it
    uses (in the lexicon's order), topped up with its most used other frames (ties by
    the lexicon's order). Frames the corpus never uses are not followed; a corpus without
    frame mentions follows none.

    >>> fm = pd.DataFrame({"frame_id": ["sanctions", "sanctions", "reciprocity", "dialogue_negotiation"]})
    >>> frames_to_follow(fm)
    ['reciprocity', 'sanctions', 'dialogue_negotiation']
    """
    lexicon = lexicon or default_lexicon()
    order = {fid: i for i, fid in enumerate(lexicon.frame_ids)}
    counts = frame_mentions["frame_id"].value_counts() if len(frame_mentions) else pd.Series(dtype=int)
    used = [f for f in core if counts.get(f, 0) > 0]
    others = sorted((f for f in counts.index if f not in used), key=lambda f: (-counts[f], order.get(f, len(order)), f))
    return (used + others)[:n]


def frame_density(frame_mentions: pd.DataFrame, documents: pd.DataFrame) -> float:
    """Frame mentions per 1,000 words of the corpus (0.0 without words).

    >>> frame_density(pd.DataFrame({"frame_id": ["a", "b"]}), pd.DataFrame({"n_words": [1500, 500]}))
    1.0
    """
    words = int(documents["n_words"].sum()) if len(documents) else 0
    return round(len(frame_mentions) / words * 1000, 3) if words else 0.0


def frequent_frame_term(frame_mentions: pd.DataFrame | None, frames: Iterable[str] | None = None,
                        texts: Iterable[str] | None = None, lexicon: FrameLexicon | None = None) -> str | None:
    """The matched term used most often (lower case; ties alphabetically), among the
    mentions of ``frames`` (None: all), or None when there is none.

    Without ``frame_mentions`` (an empty table), ``texts`` are matched with the lexicon
    here, without the language model (as notebook 00 does).

    >>> frequent_frame_term(pd.DataFrame({"frame_id": ["x", "x", "y"], "text": ["Talks", "talks", "deal"]}))
    'talks'
    >>> frequent_frame_term(None, texts=["Tariffs and sanctions.", "New sanctions."])
    'sanctions'
    """
    if frame_mentions is not None and len(frame_mentions):
        rows = frame_mentions if frames is None else frame_mentions[frame_mentions["frame_id"].isin(list(frames))]
        found = Counter(" ".join(str(t).lower().split()) for t in rows["text"])
    else:
        lexicon = lexicon or default_lexicon()
        wanted = None if frames is None else set(frames)
        found = Counter()
        for text in (texts if texts is not None else ()):
            for match in lexicon.match_text(str(text)):
                if wanted is None or match.frame_id in wanted:
                    found[" ".join(str(text)[match.start_char:match.end_char].lower().split())] += 1
    if not found:
        return None
    return min(found, key=lambda term: (-found[term], term))


def frame_seed_words(texts: Iterable[str], frame_mentions: pd.DataFrame | None = None, frame: str | None = None,
                     n: int = 2, exclude: Iterable[str] = ()) -> list[str]:
    """Seed words for the frame-building aid when the analyst gives none: the one-word
    terms of ``frame`` that the corpus uses most (in ``frame_mentions``: a demonstration
    on a corpus the lexicon fits), else the ``n`` most frequent content words of
    ``texts`` other than ``exclude`` (such as the words of the actors' names: a frame is
    about how actors are talked about, not who they are).

    >>> fm = pd.DataFrame({"frame_id": ["trade"] * 3, "text": ["Tariffs", "tariffs", "free trade"]})
    >>> frame_seed_words([], fm, frame="trade")
    ['tariffs']
    >>> frame_seed_words(["Tariffs on cars. Tariffs on beef.", "Cars again."], exclude=["beef"])
    ['cars', 'tariffs']
    """
    if frame is not None and frame_mentions is not None and len(frame_mentions):
        terms = Counter(str(t).lower() for t in frame_mentions.loc[frame_mentions["frame_id"] == frame, "text"])
        single = [t for t in terms if " " not in t and "-" not in t]
        return sorted(single, key=lambda t: (-terms[t], t))[:n]
    from analysis.measure.frame_building import frequent_words

    return frequent_words(texts, n, exclude=exclude)


# =======================================================================================
# actors
# =======================================================================================


def _register_ids(ids: Iterable[Any]) -> list[str]:
    return [str(i) for i in ids if not is_missing(i) and not str(i).startswith(NOT_IN_REGISTER_PREFIXES)]


def actor_with_parent(actors: pd.DataFrame, register: ActorRegister | None = None) -> str | None:
    """The most mentioned actor of the ``actors`` table (in its order) that rolls up to
    another actor of the register: an institution or a city with a parent, a person with
    a role or a nationality. None if there is none.

    >>> actor_with_parent(pd.DataFrame({"id": ["FRA", "EC", "EP"]}))
    'EC'
    """
    register = register or load_register()
    for actor_id in _register_ids(actors["id"] if len(actors) else []):
        up = register.state_of(actor_id)
        if up and up != actor_id and register.get(up) is not None:
            return actor_id
    return None


def _ministry_entry(register: ActorRegister, parent: str) -> str | None:
    actor = register.get(parent)
    if actor is None:
        return None
    new_id = f"{parent}_MFA"
    if register.get(new_id) is not None:
        return None
    aliases = [f"Ministry of Foreign Affairs of {actor.name}"]
    if actor.demonyms:
        aliases.append(f"{actor.demonyms[0]} Foreign Ministry")
    shown = ", ".join(f'"{a}"' for a in aliases)
    return (f"id: {new_id}\nname: Foreign Ministry of {actor.name}\ntype: institution\n"
            f"parent: {parent}\naliases: [{shown}]")


def example_register_entry(register: ActorRegister, parents: Iterable[str] | str) -> str | None:
    """A register entry (YAML, as in ``actors.yaml``) for an actor the register lacks, to
    try out with ``nb.register_with``: the foreign ministry (``<id>_MFA``) of the first of
    ``parents`` (states, most mentioned first) whose ministry the register does not know
    yet and whose entry validates against the whole register; None if there is none.

    >>> print(example_register_entry(load_register(), ["XXX", "FRA"]))
    id: FRA_MFA
    name: Foreign Ministry of France
    type: institution
    parent: FRA
    aliases: ["Ministry of Foreign Affairs of France", "French Foreign Ministry"]
    """
    from analysis.errors import InputError
    from analysis.register import load_register_with

    for parent in [parents] if isinstance(parents, str) else parents:
        entry = _ministry_entry(register, str(parent))
        if entry is None:
            continue
        try:
            load_register_with(entry)
        except (InputError, ValueError):  # a form another actor already has, and the like
            continue
        return entry
    return None


def ambiguous_names_in(register: ActorRegister, texts: Iterable[str]) -> list[str]:
    """The keys of the register's ambiguous names written in ``texts`` (as whole words,
    case-sensitive, as the register matches), most frequent first (ties by key).

    >>> ambiguous_names_in(load_register(), ["Brussels said no.", "Talks in Brussels and Brussels."])
    ['brussels']
    """
    counts: Counter[str] = Counter()
    joined = "\n".join(str(t) for t in texts)
    for amb in register.ambiguous.values():
        for form in (*amb.forms, *amb.demonyms):
            counts[amb.key] += len(re.findall(rf"(?<!\w){re.escape(form)}(?!\w)", joined))
    return sorted((k for k, c in counts.items() if c), key=lambda k: (-counts[k], k))


def ambiguity_examples(register: ActorRegister, key: str) -> dict[str, str]:
    """One-sentence documents that show how an ambiguous name is resolved: one for each
    candidate, whose sentence carries that candidate's first cue word that is not a name
    of another actor, and one without any cue (which stays ambiguous).
    ``{doc_id: text}`` for :func:`analysis.corpus.corpus_from_texts`.

    >>> examples = ambiguity_examples(load_register(), "brussels")
    >>> sorted(examples)
    ['note_1', 'note_2', 'note_3', 'note_unclear']
    >>> examples["note_unclear"]
    'Note\\n\\nBrussels issued a statement on Tuesday.'
    """
    amb = next((a for a in register.ambiguous.values() if a.key == key), None)
    if amb is None:
        raise KeyError(f"{key!r} is not an ambiguous name of the register")
    form = amb.forms[0] if amb.forms else amb.demonyms[0]
    out: dict[str, str] = {}
    for n, (candidate, cues) in enumerate(amb.candidates, start=1):
        # A cue that is itself a capitalised name would add a mention of its own actor.
        plain = [c for c in cues if c[:1].islower()] or list(cues[:1])
        cue = (f"the {plain[0]}" if plain[0][:1].islower() else plain[0]) if plain else ""
        out[f"note_{n}"] = f"Note\n\n{form} issued a statement about {cue} on Tuesday." if cue else ""
    out["note_unclear"] = f"Note\n\n{form} issued a statement on Tuesday."
    return {k: v for k, v in out.items() if v}


# =======================================================================================
# voices
# =======================================================================================


def manifest_groups(words: pd.DataFrame, documents: pd.DataFrame, column: str = "voice",
                    group: Any = None) -> tuple[pd.Series, tuple[str, str]]:
    """The two groups keyness compares: the words of the documents whose manifest
    ``column`` is ``group`` against the words of the other documents.

    ``group=None`` takes the most frequent value of the column (most documents, then
    most words, then the value). Returns the group label of each row of ``words``
    (missing where the document has no value) and the two labels. With fewer than two
    values in the column there is nothing to compare: every label is missing.

    >>> w = pd.DataFrame({"doc_id": ["a", "a", "b", "c"], "word": ["tariffs", "cars", "beef", "farms"]})
    >>> d = pd.DataFrame({"doc_id": ["a", "b", "c"], "voice": ["reporter", "reporter", "EC"], "n_words": [2, 1, 1]})
    >>> groups, labels = manifest_groups(w, d)
    >>> labels, groups.tolist()
    (('voice: reporter', 'voice: other'), ['voice: reporter', 'voice: reporter', 'voice: reporter', 'voice: other'])
    """
    values = documents.set_index(documents["doc_id"].astype(str))[column] if column in documents else pd.Series(dtype=object)
    values = values[[not is_missing(v) and str(v) != "" for v in values]].astype(str)
    if group is None and len(values):
        words_of = documents.set_index(documents["doc_id"].astype(str))["n_words"] if "n_words" in documents else None
        stats = {v: (-(values == v).sum(), -(int(words_of[values.index[values == v]].sum()) if words_of is not None else 0), v)
                 for v in values.unique()}
        group = min(stats, key=stats.get)
    shown = speaker_name(group) if column in ("voice", "speaker_id") and group is not None else str(group)
    labels = (f"{column}: {shown}", f"{column}: other")
    of_doc = words["doc_id"].astype(str).map(values)
    out = pd.Series(None, index=words.index, dtype=object)
    if values.nunique() >= 2 and group is not None:
        out[of_doc == str(group)] = labels[0]
        out[of_doc.notna() & (of_doc != str(group))] = labels[1]
    return out, labels
