"""Summary tables of the framing terms, for ``03_framing_terms.ipynb``: frames, rates, voices.

The frames of the lexicon (:data:`CORE_FRAMES`: the three the series is about; the others
give their context), rates per 1,000 words as a wide table for a heatmap, and who says
the frames: in which voice (the text's own narrator, reported or quoted speech) and by
which speaker. Each function returns a small table in a fixed order.

>>> fm = pd.DataFrame({"frame_id": ["reciprocity", "reciprocity", "indivisibility"],
...                    "voice": ["narrator", "quoted", "quoted"]})
>>> frames_by_voice_table(fm)
         frame_id  narrator  reported  quoted  total  others_share_%
0  indivisibility         0         0       1      1           100.0
1     reciprocity         1         0       1      2            50.0
2  non_aggression         0         0       0      0             NaN
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.lexicon import FrameLexicon, default_lexicon
from analysis.measure.summaries.voices import VOICES, speaker_name
from analysis.register import ActorRegister

__all__ = [
    "CORE_FRAMES", "frame_speakers_table", "frames_by_voice", "frames_by_voice_table", "lexicon_table",
    "rates_matrix",
]

#: The three core frames of the series (the others give their context).
CORE_FRAMES = ("indivisibility", "reciprocity", "non_aggression")


def lexicon_table(lexicon: FrameLexicon | None = None, core: Sequence[str] = CORE_FRAMES,
                  max_patterns: int = 4) -> pd.DataFrame:
    """The frames of the lexicon: id, label, core (True for the three core frames),
    definition, and the first ``max_patterns`` patterns (``+ n more``). Lexicon order.

    >>> lexicon_table()[["frame_id", "core"]].head(3).values.tolist()
    [['indivisibility', True], ['reciprocity', True], ['non_aggression', True]]
    """
    lexicon = lexicon or default_lexicon()
    rows = []
    for frame in lexicon:
        patterns = [p for p, _ in frame.patterns]
        shown = "; ".join(patterns[:max_patterns])
        if len(patterns) > max_patterns:
            shown += f"; + {len(patterns) - max_patterns} more"
        rows.append({"frame_id": frame.id, "label": frame.label, "core": frame.id in core,
                     "definition": frame.definition, "patterns": shown})
    return pd.DataFrame(rows, columns=["frame_id", "label", "core", "definition", "patterns"])


def rates_matrix(rates: pd.DataFrame, by: str, frames: Sequence[str] | None = None, *,
                 n: int | None = None, order: str = "total", words: bool = False) -> pd.DataFrame:
    """Rates per 1,000 words (``per_1000`` of :mod:`analysis.measure.rates`) as a wide table.

    Rows: the groups of ``by`` (documents, kinds, speakers); columns: ``frames`` (default:
    all, in the rates' order). ``order="total"`` sorts rows by the sum of the shown rates
    (largest first, ties by label); ``"input"`` keeps the rates' order (speakers: most
    words first). ``n`` keeps the first ``n`` rows. ``words=True`` adds the group's word
    count as a first column (drop it before drawing the rates).

    >>> r = pd.DataFrame({"kind": ["a", "a", "b", "b"], "frame_id": ["x", "y", "x", "y"],
    ...                   "words": [10, 10, 20, 20], "per_1000": [1.0, 0.0, 2.0, 3.0]})
    >>> rates_matrix(r, "kind", words=True).reset_index().values.tolist()
    [['b', 20, 2.0, 3.0], ['a', 10, 1.0, 0.0]]
    """
    table = rates if frames is None else rates[rates["frame_id"].isin(list(frames))]
    frame_order = list(frames) if frames is not None else list(dict.fromkeys(table["frame_id"]))
    groups = list(dict.fromkeys(table[by]))
    wide = table.pivot_table(index=by, columns="frame_id", values="per_1000", aggfunc="sum", dropna=False)
    wide = wide.reindex(index=groups, columns=frame_order)
    if order == "total":
        total = wide.fillna(0).sum(axis=1)
        wide = wide.loc[sorted(wide.index, key=lambda g: (-float(total[g]), str(g)))]
    elif order != "input":
        raise ValueError("order must be 'total' or 'input'")
    if n is not None:
        wide = wide.head(n)
    if words:
        counts = table.drop_duplicates(by).set_index(by)["words"]
        wide.insert(0, "words", counts.reindex(wide.index).to_numpy())
    wide.columns.name = None
    return wide


def frames_by_voice(frame_mentions: pd.DataFrame, frames: Sequence[str] = CORE_FRAMES) -> pd.DataFrame:
    """Mentions of each frame in each voice (tidy: frame_id, voice, mentions; zeros included).

    >>> fm = pd.DataFrame({"frame_id": ["reciprocity", "reciprocity"], "voice": ["narrator", "quoted"]})
    >>> frames_by_voice(fm, ["reciprocity"])
          frame_id     voice  mentions
    0  reciprocity  narrator         1
    1  reciprocity  reported         0
    2  reciprocity    quoted         1
    """
    grid = pd.MultiIndex.from_product([list(frames), list(VOICES)], names=["frame_id", "voice"])
    if len(frame_mentions):
        counts = frame_mentions.groupby(["frame_id", "voice"]).size()
    else:
        counts = pd.Series(dtype="int64")
    out = counts.reindex(grid, fill_value=0).rename("mentions").reset_index()
    return out.astype({"mentions": "int64"})


def frames_by_voice_table(frame_mentions: pd.DataFrame, frames: Sequence[str] = CORE_FRAMES) -> pd.DataFrame:
    """One row per frame: mentions as narrator, reported and quoted, total, and the share
    (%) in other people's words (reported + quoted). Frames in the given order."""
    tidy = frames_by_voice(frame_mentions, frames)
    wide = tidy.pivot_table(index="frame_id", columns="voice", values="mentions", aggfunc="sum", fill_value=0)
    wide = wide.reindex(index=list(frames), columns=list(VOICES), fill_value=0)
    wide["total"] = wide.sum(axis=1)
    others = wide["reported"] + wide["quoted"]
    wide["others_share_%"] = (100 * others / wide["total"].where(wide["total"] > 0)).round(1)
    wide.columns.name = None
    return wide.reset_index()


def frame_speakers_table(frame_mentions: pd.DataFrame, frames: Sequence[str] = CORE_FRAMES,
                         n: int = 10, register: ActorRegister | None = None) -> pd.DataFrame:
    """Who says the frames: mentions of each frame per speaker (``"(none)"`` = no speaker known),
    with the speaker's name from the register and the voices they used. Sorted by total.

    >>> fm = pd.DataFrame({"frame_id": ["reciprocity", "reciprocity", "indivisibility"],
    ...                    "voice": ["narrator", "quoted", "quoted"], "speaker_id": ["putin", "lavrov", None]})
    >>> frame_speakers_table(fm, ["reciprocity"])
      speaker_id            name  reciprocity  total    voices
    0     lavrov   Sergey Lavrov            1      1    quoted
    1      putin  Vladimir Putin            1      1  narrator
    """
    columns = ["speaker_id", "name"] + list(frames) + ["total", "voices"]
    part = frame_mentions[frame_mentions["frame_id"].isin(list(frames))] if len(frame_mentions) else frame_mentions
    if part.empty:
        return pd.DataFrame(columns=columns)
    speaker = part["speaker_id"].where(part["speaker_id"].notna() & (part["speaker_id"] != ""), "(none)")
    part = part.assign(speaker_id=speaker.astype(str))
    wide = pd.crosstab(part["speaker_id"], part["frame_id"]).reindex(columns=list(frames), fill_value=0)
    wide["total"] = wide.sum(axis=1)
    voices = part.groupby("speaker_id")["voice"].agg(
        lambda v: ", ".join(x for x in VOICES if x in set(v)))
    wide["voices"] = voices.reindex(wide.index)
    wide.columns.name = None
    wide = wide.reset_index()
    wide.insert(1, "name", [speaker_name(s, register) for s in wide["speaker_id"]])
    wide = wide.sort_values(["total", "speaker_id"], ascending=[False, True], kind="stable").head(n)
    return wide[columns].reset_index(drop=True)

