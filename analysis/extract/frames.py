"""Frame mentions from parsed sentences, and keyword-in-context (KWIC) views.

``extract_frame_mentions`` turns ``(Sentence, spaCy Doc)`` pairs into ``frame_mentions``
rows with offsets into the *original* document text. ``kwic`` shows any glob pattern,
phrase or frame of the lexicon in context, with or without the spaCy model.

>>> kw = kwic("Peace is indivisible. Security is indivisible too.", "indivisib*", window=2)
>>> kw[["from", "pre", "keyword", "post"]].values.tolist()
[[3, 'Peace is', 'indivisible', '. Security'], [7, 'Security is', 'indivisible', 'too .']]
>>> print(kw)
[text1, 3]    Peace is | indivisible | . Security
[text1, 7] Security is | indivisible | too .

How ``kwic`` relates to quanteda's ``kwic()`` and textacy's ``keyword_in_context()``:

* Like quanteda: the window counts *tokens* (punctuation is a token), ``pre``/``post``
  are tokens joined by single spaces, ``from``/``to`` are 1-based token positions in the
  document, windows run across sentence boundaries within a document but never across
  documents, patterns are case-insensitive globs (``*``, ``?``), rows are sorted by
  document then position, and a ``pattern`` column says which pattern matched. The
  tests reproduce the expected outputs of quanteda's own test suite.
* Unlike quanteda: a pattern with spaces is a *phrase* (quanteda needs ``phrase()``);
  a pattern may be a frame id of the lexicon (then the frame's patterns, excludes and
  longest-match rule apply; pass a list, ``["sanctions"]``, to search the word itself);
  hyphenated words are one token as in quanteda's default ``tokens()``, but patterns
  also match their parts ("aggression" finds "non-aggression", and "non aggression"
  finds it too); a lone ``*`` does not match punctuation; there is no regex valuetype.
  We add ``sentence_id`` and ``start``/``end`` offsets into the original text.
* Unlike textacy: textacy windows count *characters* and match a regex on the raw
  string (so "aggress" would match inside words); here windows count tokens and
  patterns match whole tokens.
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import pandas as pd

from analysis.schema import FRAME_MATCH_COLUMNS
from analysis.lexicon import (
    FrameLexicon,
    Match,
    PatternMatcher,
    Token,
    _is_joiner,
    _pattern_elements,
    compile_pattern,
    default_lexicon,
    simple_tokenize,
    tokens_from_doc,
)

__all__ = [
    "attach_actors", "extract_frame_mentions", "frame_mentions_table", "kwic",
    "KWIC_COLUMNS", "KwicFrame", "style_kwic",
]

#: Columns of the rows :func:`extract_frame_mentions` returns.
KWIC_COLUMNS = [
    "doc_id", "sentence_id", "start", "end", "from", "to", "pre", "keyword", "post", "pattern",
]


def _pair(item: Any) -> tuple[Any, Any]:
    """Accept ``(sentence, doc)`` tuples or objects with ``.sentence`` and ``.doc``."""
    if isinstance(item, tuple) and len(item) == 2:
        return item
    return item.sentence, item.doc


# --------------------------------------------------------------------------- mentions


def extract_frame_mentions(
    parsed: Iterable[Any],
    lexicon: FrameLexicon | None = None,
    *,
    include_pattern: bool = False,
) -> list[dict[str, Any]]:
    """Frame mentions in parsed sentences, with offsets into the original text.

    ``parsed`` yields ``(Sentence, Doc)`` pairs where the Doc was built from
    ``sentence.clean_text``. Each row: doc_id, paragraph_id, sentence_id, start, end
    (``document.text[start:end] == text``), text, frame_id (and the matched ``pattern``
    if asked). speaker_id, voice and actors are joined later (:func:`analysis.extract.quotes.attach_speakers`,
    :func:`attach_actors`).

    >>> import spacy
    >>> from analysis.corpus import corpus_from_texts
    >>> nlp = spacy.blank("en")
    >>> corpus = corpus_from_texts({"d": "We offer mutual non\\u2011aggression guarantees."})
    >>> rows = extract_frame_mentions((s, nlp(s.clean_text)) for s in corpus.sentences)
    >>> [(r["frame_id"], r["text"]) for r in rows]
    [('reciprocity', 'mutual'), ('non_aggression', 'non\\u2011aggression'), ('security_guarantees', 'guarantees')]
    """
    lexicon = lexicon or default_lexicon()
    rows: list[dict[str, Any]] = []
    for item in parsed:
        sentence, doc = _pair(item)
        for m in lexicon.match_tokens(tokens_from_doc(doc)):
            start, end = sentence.original_span(m.start, m.end)
            row = {
                "doc_id": sentence.doc_id,
                "paragraph_id": sentence.paragraph_id,
                "sentence_id": sentence.sentence_id,
                "start": start,
                "end": end,
                "text": sentence.text[start - sentence.start:end - sentence.start],
                "frame_id": m.frame_id,
            }
            if include_pattern:
                row["pattern"] = m.pattern
            rows.append(row)
    return rows


def frame_mentions_table(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Rows from :func:`extract_frame_mentions` as a DataFrame with stable columns."""
    cols = FRAME_MATCH_COLUMNS + (["pattern"] if rows and "pattern" in rows[0] else [])
    return pd.DataFrame(list(rows), columns=cols)


def attach_actors(frame_mentions: pd.DataFrame, actor_mentions: pd.DataFrame) -> pd.DataFrame:
    """Add ``actors``: the ";"-joined sorted actor ids mentioned in the same sentence.

    >>> fm = pd.DataFrame({"doc_id": ["d", "d"], "sentence_id": [0, 1]})
    >>> am = pd.DataFrame({"doc_id": ["d", "d", "d"], "sentence_id": [0, 0, 0],
    ...                    "actor_id": ["russia", "nato", "russia"]})
    >>> attach_actors(fm, am)["actors"].tolist()
    ['nato;russia', '']
    """
    out = frame_mentions.copy()
    if not len(out):
        out["actors"] = pd.Series(dtype=object)
        return out
    if len(actor_mentions):
        am = actor_mentions.dropna(subset=["actor_id"])
        am = am[am["actor_id"].astype(str) != ""]
        joined = (
            am.groupby(["doc_id", "sentence_id"])["actor_id"]
            .agg(lambda ids: ";".join(sorted(set(map(str, ids)))))
        )
        keys = pd.MultiIndex.from_frame(out[["doc_id", "sentence_id"]])
        out["actors"] = joined.reindex(keys).fillna("").to_numpy()
    else:
        out["actors"] = ""
    return out


# --------------------------------------------------------------------------- kwic


@dataclass
class _Segment:
    """One sentence (or one whole string) ready for kwic."""

    doc_id: str
    sentence_id: int
    clean: str
    tokens: list[Token]
    span: Callable[[int, int], tuple[int, int]]  # clean span -> original span


def _identity_span(start: int, end: int) -> tuple[int, int]:
    return start, end


_LETTER_RUN_RE = re.compile(r"[^\W_]{3,}")

def _required_checks(patterns: Iterable[str]) -> list[list[Any]] | None:
    """For each pattern, what any text it matches must contain (see :func:`_may_match`).

    A literal element ("security", "eu") must occur as a whole word (not inside a longer
    run of letters); a glob element ("indivisib*") must contain its literal runs of 3+
    letters. ``None`` when some pattern requires nothing (a lone ``*``): then no
    document can be skipped. Used to skip documents before tokenising them; the check is
    looser than the matcher, never stricter.
    """
    required: list[list[Any]] = []
    for pattern in patterns:
        checks: list[Any] = []
        for element in _pattern_elements(pattern):
            element = element.lower()
            if "*" in element or "?" in element:
                checks.extend(_LETTER_RUN_RE.findall(element))
            elif any(ch.isalnum() for ch in element) and element not in ("'s", "s"):
                checks.append(re.compile(r"(?<![^\W_])" + re.escape(element) + r"(?![^\W_])"))
        if not checks:
            return None
        required.append(checks)
    return required


def _may_match(text: str, required: list[list[Any]] | None) -> bool:
    if required is None:
        return True
    lower = text.lower()
    return any(all((c in lower) if isinstance(c, str) else (c.search(lower) is not None) for c in checks)
               for checks in required)


def _segments_from_source(source: Any, case_insensitive: bool,
                          required: list[list[Any]] | None = None) -> Iterator[tuple[str, list[_Segment]]]:
    """Yield ``(doc_id, segments)`` per document from any supported kwic source.

    Documents tokenised here (not those parsed by spaCy, whose lemmas may differ from the
    surface) are skipped when their text lacks a run of letters every match needs
    (``required``, see :func:`_required_checks`): they would give no row.
    """

    def from_sentence(s: Any, tokens: list[Token] | None = None) -> _Segment:
        toks = tokens if tokens is not None else simple_tokenize(
            s.clean_text, case_insensitive=case_insensitive)
        return _Segment(s.doc_id, s.sentence_id, s.clean_text, toks, s.original_span)

    def grouped(segments: Iterable[_Segment]) -> Iterator[tuple[str, list[_Segment]]]:
        current: list[_Segment] = []
        for seg in segments:
            if current and seg.doc_id != current[0].doc_id:
                yield current[0].doc_id, current
                current = []
            current.append(seg)
        if current:
            yield current[0].doc_id, current

    def from_text(doc_id: str, text: str) -> tuple[str, list[_Segment]]:
        toks = simple_tokenize(text, case_insensitive=case_insensitive) if _may_match(text, required) else []
        return doc_id, [_Segment(doc_id, 0, text, toks, _identity_span)]

    def from_document(document: Any) -> tuple[str, list[_Segment]] | None:
        if not _may_match(" ".join(s.clean_text for s in document.sentences), required):
            return None
        return document.doc_id, [from_sentence(s) for s in document.sentences]

    if isinstance(source, str):
        yield from_text("text1", source)
        return
    if isinstance(source, Mapping):
        for doc_id, text in source.items():
            yield from_text(str(doc_id), text)
        return
    if hasattr(source, "doc_id") and hasattr(source, "sentences"):  # one Document
        found = from_document(source)
        if found is not None:
            yield found
        return
    if hasattr(source, "sentences") and not isinstance(source, (list, tuple)):  # a Corpus
        for document in source:
            found = from_document(document)
            if found is not None:
                yield found
        return
    items = list(source)
    if not items:
        return
    first = items[0]
    if isinstance(first, str):  # a list of texts, named like quanteda's text1, text2, ...
        for n, text in enumerate(items, start=1):
            yield from_text(f"text{n}", text)
    elif hasattr(first, "clean_text"):  # Sentence objects
        yield from grouped(from_sentence(s) for s in items)
    elif isinstance(first, tuple) and len(first) == 2 and hasattr(first[0], "sentences"):
        # iter_parsed() output: (document, [(sentence, doc), ...]) per document
        for document, pairs in items:
            yield document.doc_id, [
                from_sentence(s, tokens_from_doc(doc, case_insensitive=case_insensitive))
                for s, doc in map(_pair, pairs)
            ]
    else:  # (Sentence, Doc) pairs from the parser
        pairs = [_pair(item) for item in items]
        yield from grouped(
            from_sentence(s, tokens_from_doc(doc, case_insensitive=case_insensitive))
            for s, doc in pairs
        )


def _display_groups(tokens: Sequence[Token]) -> list[int]:
    """Group index of every token: a hyphenated word split by spaCy is one display token."""
    group_of: list[int] = []
    g = -1
    for i in range(len(tokens)):
        joined = i > 0 and (_is_joiner(tokens, i) or _is_joiner(tokens, i - 1))
        if not joined:
            g += 1
        group_of.append(g)
    return group_of


def kwic(
    source: Any,
    pattern: str | Sequence[str],
    window: int = 5,
    case_insensitive: bool = True,
    *,
    lexicon: FrameLexicon | None = None,
) -> "KwicFrame":
    """Keyword in context, in the manner of quanteda's ``kwic()``.

    ``source`` is a Corpus, a Document or Sentences (tokenised without the model), or
    ``(Sentence, Doc)`` pairs or ``iter_parsed()`` output (spaCy tokens, so lemma
    patterns work), or a string, a list of strings (named text1, text2, ... as in
    quanteda) or a ``{doc_id: text}`` mapping. ``pattern`` is a glob
    (``"indivisib*"``), a phrase (``"peace is indivisible"``), a frame id of the lexicon
    (``"non_aggression"``), or a list of globs/phrases. ``window`` counts tokens on each
    side, across sentences of the same document. Columns: doc_id, sentence_id, start,
    end (original offsets of the keyword), from, to (1-based token positions in the
    document), pre, keyword, post, pattern.

    >>> kw = kwic(" ".join("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), "D")
    >>> kw[["from", "to", "pre", "keyword", "post"]].values.tolist()
    [[4, 4, 'A B C', 'D', 'E F G H I']]
    """
    if window < 0:
        raise ValueError("window must be >= 0")
    lexicon = lexicon or default_lexicon()
    frame_mode = isinstance(pattern, str) and pattern in lexicon
    if frame_mode:
        case_insensitive = True  # the lexicon is compiled lower-case
        matcher = None
    else:
        patterns = [pattern] if isinstance(pattern, str) else list(dict.fromkeys(pattern))
        if not patterns:
            raise ValueError("no pattern given")
        matcher = PatternMatcher(
            compile_pattern(p, case_insensitive=case_insensitive) for p in patterns)

    patterns_needed = [p for p, _ in lexicon[pattern].patterns] if frame_mode else patterns
    rows: list[dict[str, Any]] = []
    for doc_id, segments in _segments_from_source(source, case_insensitive, _required_checks(patterns_needed)):
        # Display tokens of the whole document: (text, segment, clean start, clean end).
        # Original offsets are computed only for keywords (mapping every token is slow).
        display: list[tuple[str, _Segment, int, int]] = []
        seg_matches: list[tuple[_Segment, list[int], int, list[Match]]] = []
        for seg in segments:
            group_of = _display_groups(seg.tokens)
            offset = len(display)
            n_groups = (group_of[-1] + 1) if group_of else 0
            bounds: list[list[int]] = [[-1, -1] for _ in range(n_groups)]
            for tok, g in zip(seg.tokens, group_of):
                if bounds[g][0] < 0:
                    bounds[g][0] = tok[2]
                bounds[g][1] = tok[3]
            for cs, ce in bounds:
                display.append((seg.clean[cs:ce], seg, cs, ce))
            if frame_mode:
                found = lexicon.match_tokens(seg.tokens, frames=[pattern])
            else:
                found = matcher.match(seg.tokens)
            seg_matches.append((seg, group_of, offset, found))
        for seg, group_of, offset, found in seg_matches:
            seen: set[tuple[int, int, str]] = set()
            for m in found:
                first = offset + group_of[m.token_start]
                last = offset + group_of[m.token_end - 1]
                key = (first, last, m.pattern)
                if key in seen:
                    continue
                seen.add(key)
                start, end = seg.span(display[first][2], display[last][3])
                rows.append({
                    "doc_id": doc_id,
                    "sentence_id": seg.sentence_id,
                    "start": start,
                    "end": end,
                    "from": first + 1,
                    "to": last + 1,
                    "pre": " ".join(t[0] for t in display[max(0, first - window):first]),
                    "keyword": " ".join(t[0] for t in display[first:last + 1]),
                    "post": " ".join(t[0] for t in display[last + 1:last + 1 + window]),
                    "pattern": pattern if frame_mode else m.pattern,
                })
    doc_order: dict[str, int] = {}
    for r in rows:
        doc_order.setdefault(r["doc_id"], len(doc_order))
    rows.sort(key=lambda r: (doc_order[r["doc_id"]], r["from"], r["to"], r["pattern"]))
    frame = KwicFrame(rows, columns=KWIC_COLUMNS)
    return frame.astype({"sentence_id": "int64", "start": "int64", "end": "int64",
                         "from": "int64", "to": "int64"})


def style_kwic(kw: pd.DataFrame) -> "pd.io.formats.style.Styler":
    """A notebook view of a kwic table: ``pre`` right-aligned so keywords line up."""
    view = pd.DataFrame(kw)
    # A fixed uuid keeps the HTML identical between runs (stored notebook outputs are
    # compared); every kwic table shares the same styles, so shared ids do no harm.
    styler = view.style.set_uuid("kwic").hide(axis="index")
    cell = {"white-space": "nowrap", "font-family": "monospace"}
    styler = styler.set_properties(subset=["pre"], **{"text-align": "right", **cell})
    styler = styler.set_properties(
        subset=["keyword"], **{"text-align": "center", "font-weight": "bold", **cell})
    styler = styler.set_properties(subset=["post"], **{"text-align": "left", **cell})
    return styler


class KwicFrame(pd.DataFrame):
    """A DataFrame that prints like quanteda's kwic: ``[doc, from:to] pre | keyword | post``.

    It is an ordinary DataFrame otherwise (filter, sort, ``to_parquet``). In a notebook
    it renders as a table with right-aligned ``pre`` (:func:`style_kwic`); use
    ``pd.DataFrame(kw)`` or ``kw.to_string()`` for the plain table.
    """

    _metadata: list[str] = []

    @property
    def _constructor(self) -> type:
        return KwicFrame

    def _is_kwic(self) -> bool:
        return {"doc_id", "from", "to", "pre", "keyword", "post"} <= set(self.columns)

    def _repr_html_(self) -> str | None:
        if not self._is_kwic():
            return super()._repr_html_()
        limit = pd.get_option("display.max_rows") or len(self)
        shown = self.head(limit)
        html = style_kwic(shown).to_html()
        if len(self) > limit:
            html += f"<p>{len(self) - limit} more rows of {len(self)}</p>"
        return html

    def __repr__(self) -> str:
        if not self._is_kwic():
            return super().__repr__()
        if len(self) == 0:
            return "kwic with 0 rows"
        limit = pd.get_option("display.max_rows") or len(self)
        shown = self.head(limit)
        labels = [
            f"[{d}, {f}]" if f == t else f"[{d}, {f}:{t}]"
            for d, f, t in zip(shown["doc_id"], shown["from"], shown["to"])
        ]
        lw = max(map(len, labels))
        pw = max(map(len, shown["pre"]))
        lines = [
            f"{lab:<{lw}} {pre:>{pw}} | {kw} | {post}".rstrip()
            for lab, pre, kw, post in zip(labels, shown["pre"], shown["keyword"], shown["post"])
        ]
        if len(self) > limit:
            lines.append(f"... {len(self) - limit} more rows of {len(self)}")
        return "\n".join(lines)

    __str__ = __repr__
