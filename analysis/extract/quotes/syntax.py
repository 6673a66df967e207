"""Which sentences the dependency parser reads: those that may hold a quotation or speech.

The parser roughly doubles the time spaCy takes, and only the quote finder reads its
output (who is the subject of "said", which clause is what was said). So the pipeline
parses a sentence with the parser only when :data:`NEEDS_SYNTAX` says so: the sentence
holds a quotation mark, or a word that can be a speech or cognition cue ("said",
"according", "statement" ...; the cue lists of ``data/quotes/cues.yaml``). Every other
sentence gets the tagger, lemmatizer and entity recogniser only; its tags and entities
are the same either way, so the other tables do not depend on the choice.

The selection is part of the parse cache's key (:attr:`CueSentences.version`, a hash
of the rule and its word lists), so editing a cue list never reuses a cached parse made
without syntax for a sentence that now needs it.

>>> NEEDS_SYNTAX("“We are ready,” he said."), NEEDS_SYNTAX("The talks resumed on Monday.")
(True, False)
>>> NEEDS_SYNTAX("According to the ministry, 40 people died.")
True
"""

from __future__ import annotations

import hashlib
import re

from analysis.extract.quotes.words import CUE_FORMS, NOUN_CUES, verb_forms

__all__ = ["CueSentences", "NEEDS_SYNTAX", "QUOTATION_MARKS"]

# Straight and typographic double and single quotation marks, guillemets, low-9 marks.
QUOTATION_MARKS = "\"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2018\u2019\u201a\u201b\u2039\u203a'"
_WORD = re.compile(r"[^\W\d_]+")
# Bump when the rule below changes (the word lists are hashed on their own).
_RULE_VERSION = "1"


class CueSentences:
    """A sentence needs syntax when it holds a quotation mark or a possible cue word.

    ``cue_words`` are lower-case word forms; an apostrophe counts only between letters
    of a word ("it's") when it is not a quotation mark, so ``'`` is in
    :data:`QUOTATION_MARKS` but "it's" alone does not select a sentence.
    """

    def __init__(self, cue_words: frozenset[str]) -> None:
        self.cue_words = cue_words
        digest = hashlib.sha256(_RULE_VERSION.encode())
        for word in sorted(cue_words):
            digest.update(word.encode("utf-8") + b"\x00")
        digest.update(QUOTATION_MARKS.encode("utf-8"))
        self.version = digest.hexdigest()[:12]

    def __call__(self, text: str) -> bool:
        for index, char in enumerate(text):
            if char in QUOTATION_MARKS:
                inside_word = (char in "'\u2019" and 0 < index < len(text) - 1
                               and text[index - 1].isalpha() and text[index + 1].isalpha())
                if not inside_word:
                    return True
        return any(word.lower() in self.cue_words for word in _WORD.findall(text))


NEEDS_SYNTAX = CueSentences(frozenset(CUE_FORMS) | frozenset(form for noun in NOUN_CUES for form in (noun, noun + "s"))
                            | frozenset({"according"}) | frozenset(verb_forms("quote")))
