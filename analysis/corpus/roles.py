"""Lines -> blocks (the future paragraphs), each with its structural role.

The middle step of the structure parser. Consecutive lines are grouped into blocks (a
pipe table, i.e. a Markdown table inside the document; a parenthesis running over
lines; hard-wrapped prose), then each block gets its role from its shape and its
neighbours: transcript speaker labels, header lines, the stated date, title, byline,
epigraphs and attributions, headings, else body or list item. Blocks are plain dicts
that each pass changes in place; :func:`analysis.corpus.structure.parse_document` turns
them into paragraphs.
"""

from __future__ import annotations

import re

from analysis.corpus.footnotes import FOOTNOTE_MARKER_RE
from analysis.corpus.lines import (
    BYLINE_RE,
    LIST_BULLET_RE,
    MARKDOWN_HEADING_RE,
    NUMBERED_RE,
    SEPARATOR_RE,
    _date_line,
    _ends_sentence,
    _is_courtesy,
    _is_heading_like,
    _Line,
    _speaker_label,
)

__all__ = [
    # Underscored names are the package's own: the structure parser uses it.
    "_classify",
]


def _classify(doc_id: str, text: str, lines: list[_Line]) -> list[dict]:
    """Group lines into paragraphs and give each a role."""
    blocks: list[dict] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        raw = text[line.start:line.end]
        if raw.startswith("|") and raw.count("|") >= 2:
            j = i
            while j < len(lines) and text[lines[j].start:lines[j].end].startswith("|") and (
                j == i or not lines[j].blank_before):
                j += 1
            blocks.append({"role": "table", "lines": lines[i:j], "blank_before": line.blank_before})
            i = j
            continue
        if SEPARATOR_RE.fullmatch(raw) and not any(ch.isalnum() for ch in raw):
            blocks.append({"role": "separator", "lines": [line], "blank_before": line.blank_before})
            i += 1
            continue
        if MARKDOWN_HEADING_RE.match(raw):
            blocks.append({"role": "heading", "lines": [line], "blank_before": line.blank_before,
                           "marked": True})
            i += 1
            continue
        j = i + 1
        # A parenthesis opened on one line and closed on a following one joins the lines.
        depth = raw.count("(") - raw.count(")")
        while depth > 0 and j < len(lines) and j - i < 4 and not lines[j].blank_before:
            nxt = text[lines[j].start:lines[j].end]
            depth += nxt.count("(") - nxt.count(")")
            j += 1
        if depth != 0:
            j = i + 1
        role = "list_item" if LIST_BULLET_RE.match(raw) else "body"
        blocks.append({"role": role, "lines": lines[i:j], "blank_before": line.blank_before})
        i = j
    for index, block in enumerate(blocks):
        block["start"] = block["lines"][0].start
        block["end"] = block["lines"][-1].end
        block["text"] = text[block["start"]:block["end"]]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        block["blank_after"] = following is None or following["blank_before"]
    _find_speaker_labels(text, blocks)
    _merge_wrapped_lines(text, blocks)
    for block in blocks:
        block["text"] = text[block["start"]:block["end"]]
    _assign_front_matter(blocks)
    return blocks


def _find_speaker_labels(text: str, blocks: list[dict]) -> None:
    """Mark transcript labels ("Name: speech"), in place.

    A label on a line that reads like a heading ("Background: Why this matters now") only
    counts when the document is a transcript: two or more labelled lines, with a label that
    repeats or a labelled line of prose. A label alone on its line ("Vladimir Putin:") is
    joined with the next paragraph, which holds the speech.
    """
    candidates = []
    for index, block in enumerate(blocks):
        if block["role"] != "body":
            continue
        first = block["lines"][0]
        match = _speaker_label(text, first.start, first.end)
        if match is None:
            continue
        label = " ".join(match.group("label").split())
        alone = match.end() >= first.end and len(block["lines"]) == 1
        rest = text[match.end():block["end"]]
        short = alone or _is_heading_like(rest)
        if index == 0 and short and not alone and block["blank_after"]:
            block["not_label"] = True  # a title set off by a blank line: "Valdai Club: Plenary Session"
            continue
        candidates.append((index, match, label, alone, short))
    if not candidates:
        return
    counts: dict[str, int] = {}
    for _, _, label, _, _ in candidates:
        counts[label] = counts.get(label, 0) + 1
    transcript = len(candidates) >= 2 and (
        max(counts.values()) >= 2 or any(not short for *_, short in candidates))
    if transcript:
        found = {c[0] for c in candidates}
        for index, block in enumerate(blocks):
            if block["role"] != "body" or index in found or block.get("not_label"):
                continue
            first = block["lines"][0]
            match = _speaker_label(text, first.start, first.end, lenient=True)
            if match is not None:
                alone = match.end() >= first.end and len(block["lines"]) == 1
                candidates.append((index, match, " ".join(match.group("label").split()), alone, False))
        candidates.sort(key=lambda c: c[0])
    for index, match, label, alone, short in candidates:
        if short and not transcript:
            continue
        blocks[index]["label"] = (match.start(), match.start() + len(match.group("label").rstrip()),
                                  match.end(), label)
        blocks[index]["label_only"] = alone
    # Join a label alone on its line with the paragraph that follows it.
    merged: list[dict] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        if (previous is not None and previous.get("label_only") and block["role"] == "body"
                and "label" not in block):
            previous["end"] = block["end"]
            previous["lines"] = previous["lines"] + block["lines"]
            previous["blank_after"] = block["blank_after"]
            previous["label_only"] = False
            continue
        merged.append(block)
    blocks[:] = merged


def _merge_wrapped_lines(text: str, blocks: list[dict]) -> None:
    """Join hard-wrapped lines (fixed-width text) into paragraphs, in place.

    A text is hard-wrapped when its prose lines are all of moderate length and most lines
    followed directly by another prose line stop in mid-sentence. Then consecutive prose
    lines (no blank line between, no label or bullet opening the second) form a paragraph.
    """
    body = [b for b in blocks if b["role"] == "body" and len(b["lines"]) == 1]
    if len(body) < 3:
        return
    lengths = [b["end"] - b["start"] for b in body]
    if max(lengths) > 120 or sum(1 for n in lengths if 35 <= n <= 100) / len(lengths) < 0.6:
        return
    pairs = [
        (a, b) for a, b in zip(blocks, blocks[1:])
        if a["role"] == "body" and b["role"] == "body" and not b["blank_before"] and "label" not in b
    ]
    if len(pairs) < 2:
        return
    open_ended = sum(1 for a, _ in pairs if not _ends_sentence(a["text"]) or a["text"].rstrip()[-1:] in ",;")
    if open_ended / len(pairs) < 0.5:
        return
    # A line much shorter than the wrapping width ends its paragraph (or is a heading).
    width = sorted(lengths)[int(0.9 * (len(lengths) - 1))]
    # Wrapped lines often go on in mid-sentence, in lowercase; lines of verse start with capitals.
    if sum(1 for _, b in pairs if b["text"][:1].islower()) / len(pairs) < 0.25:
        return
    merged: list[dict] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        if (previous is not None and block["role"] == "body" and previous["role"] == "body"
                and not block["blank_before"] and "label" not in block):
            last = previous["lines"][-1]
            if last.end - last.start >= 0.6 * width:
                previous["end"] = block["end"]
                previous["lines"] = previous["lines"] + block["lines"]
                previous["blank_after"] = block["blank_after"]
                continue
        merged.append(block)
    blocks[:] = merged


def _assign_front_matter(blocks: list[dict]) -> None:
    """Header lines, stated date, title, byline, epigraphs, headings, in place."""
    # Header zone: short lines above a line that is only a date, at the very top.
    # They are header lines when a title follows the date (an embassy's page: name, opening
    # hours, date, then the title); above a date that the text follows directly, they are
    # the title and byline of an article.
    for index, block in enumerate(blocks[:6]):
        if block["role"] == "body" and "label" not in block and _date_line(block["text"]):
            above = blocks[:index]
            if all(b["role"] == "body" and len(b["text"].split()) <= 15
                   and not b["text"].rstrip().endswith(".") for b in above):
                after = blocks[index + 1] if index + 1 < len(blocks) else None
                title_follows = after is not None and after["role"] == "body" and _is_heading_like(after["text"])
                if title_follows:
                    for b in above:
                        b["role"] = "header"
                block["role"] = "date"
            break
    prose = [b for b in blocks if b["role"] == "body" and "label" not in b]
    if not prose:
        return
    # Title: the first prose line, if it looks like one and something follows it. A long
    # line still is one when a blank line sets it off and it does not end a sentence.
    first = prose[0]
    index = blocks.index(first)
    standalone = (first["blank_after"] and len(first["text"].split()) <= 30
                  and first["text"].rstrip()[-1:] not in ".!?…" and first["text"][:1].isupper()
                  and len(first["lines"]) == 1)
    if (index < 4 and index + 1 < len(blocks) and not _is_courtesy(first["text"])
            and (_is_heading_like(first["text"]) or standalone)):
        first["role"] = "title"
    # Byline/source: a parenthesised paragraph near the top, before any speaker's turn,
    # or a short "By Jane Smith" line.
    for block in blocks[:6]:
        if "label" in block:
            break
        stripped = block["text"].strip()
        if block["role"] == "body" and (
                (stripped.startswith("(") and stripped.endswith(")"))
                or (BYLINE_RE.match(stripped) and len(stripped.split()) <= 16)):
            block["role"] = "byline"
    # Epigraphs: a prose paragraph followed by its attribution, before the main text starts.
    last_attribution = -10
    for index, block in enumerate(blocks[:14]):
        if index == 0 or "label" in block:
            continue
        if block["role"] == "list_item":  # "– Maxim Litvinov": a dash, not a one-item list
            lone = all(b["role"] != "list_item" for b in blocks[index - 1:index] + blocks[index + 1:index + 2])
            if not (lone and block["text"][:1] in "—–―-"):
                continue
        elif block["role"] != "body":
            continue
        previous = blocks[index - 1]
        if previous["role"] not in ("body",) or not block["blank_before"] or "label" in previous:
            continue
        words = block["text"].split()
        starts_like_source = re.match(r"(?:From|[—–―-])\s", block["text"]) is not None
        chained = _is_heading_like(block["text"]) and index - last_attribution <= 4
        if len(words) <= 40 and not block["text"].rstrip().endswith(".") and (
            starts_like_source or chained) and len(previous["text"].split()) <= 80:
            previous["role"] = "epigraph"
            block["role"] = "attribution"
            last_attribution = index
    _assign_headings(blocks)


def _assign_headings(blocks: list[dict]) -> None:
    """Headings: short lines without final punctuation that introduce more text, in place.

    Not headings: courtesies ("Thank you"), stage directions ("(Applause.)"), lines of verse
    (three or more such lines in a row, or a line continuing one that stops mid-sentence),
    and questions, unless the document has other headings (a question in a speech or a
    transcript is part of the talk, "And what's in practice?" between sections is a heading).
    """
    def candidate(block: dict) -> bool:
        if block["role"] == "list_item":
            # A lone numbered line before prose ("2. Growing tension") is a numbered heading.
            bullet = NUMBERED_RE.match(block["text"])
            return bullet is not None and _is_heading_like(block["text"][bullet.end():])
        return (block["role"] == "body" and "label" not in block
                and _is_heading_like(block["text"]) and not _is_courtesy(block["text"]))

    flags = [candidate(b) for b in blocks]
    # Runs of three or more adjacent heading-like lines are verse or an address block.
    index = 0
    while index < len(blocks):
        if not flags[index]:
            index += 1
            continue
        end = index + 1
        while end < len(blocks) and flags[end] and not blocks[end]["blank_before"]:
            end += 1
        if end - index >= 3:
            for k in range(index, end):
                flags[k] = False
        index = end
    accepted: list[int] = []
    questions: list[int] = []
    for index, block in enumerate(blocks):
        if not flags[index]:
            continue
        if block["role"] == "list_item":
            neighbours = blocks[max(index - 1, 0):index] + blocks[index + 1:index + 2]
            if any(b["role"] == "list_item" for b in neighbours):
                continue
        following = blocks[index + 1:index + 2]
        if not following or following[0]["role"] not in ("body", "list_item", "table", "heading"):
            continue
        previous = blocks[index - 1] if index else None
        if (previous is not None and not block["blank_before"] and previous["role"] == "body"
                and index - 1 not in accepted and len(previous["text"].split()) <= 14
                and not _ends_sentence(previous["text"])):
            flags[index] = False  # continues a line that stops mid-sentence (verse)
            continue
        if FOOTNOTE_MARKER_RE.sub("", block["text"]).rstrip().endswith("?"):
            questions.append(index)
            continue
        accepted.append(index)
    for index in accepted:
        if blocks[index]["role"] == "list_item":
            blocks[index]["numbered"] = True
        blocks[index]["role"] = "heading"
    marked = any(b.get("marked") for b in blocks)
    if accepted or marked:
        in_turn = False
        for index, block in enumerate(blocks):
            if "label" in block:
                in_turn = True
            if index in questions and not in_turn:
                block["role"] = "heading"
