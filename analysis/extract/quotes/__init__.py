"""Quotations, reported speech and the speaker of every character range.

:func:`extract_quotes` finds, in one parsed document,

* **direct quotations** in straight or curly double quotes (and single quotes, which
  must pass the same tests), over one or several sentences of a paragraph, split by a cue
  (``"A," she said. "B"``: two rows, one speaker), continued into the next paragraph
  (opening quote left open at the end of a paragraph, next paragraph opening with a
  quote: the news convention), and **epigraphs** (paragraphs with role ``epigraph``,
  speaker from the following ``attribution`` paragraph);
* **reported (indirect) speech**: a cue verb with a clause (``Lavrov said that ...``,
  ``Lavrov said on 3 March 2024 that ...``, ``NATO says it ...``, ``X said the vote was
  ...``, ``As Putin noted, ...``, ``..., a senior diplomat stated``, ``The problem, she
  said, is ...``, ``according to X, ...``), and with a noun phrase for the verbs that
  report a point made or a charge (``Zakharova underscored Russia's commitment ...``,
  ``X accused Y of ...``, ``X denied the report``, ``X warned of ...``), and a possessed
  cue noun with its clause or object (``X's claim that ...``, ``her criticism of ...``). A reported
  "clause" of at most :data:`MAX_VERBLESS_REPORT_WORDS` words without a finite verb is no
  report ("In fact, our partners are saying the same thing");
* **quotes placed by the news conventions**: a quote after a clause ending in a colon
  (``Cruz continued: "..."``, also when the colon ends the paragraph before), the
  attribution after a quote whatever its verb (``"...," he continued``, ``"...?" asked the
  boy``), a paragraph that only quotes, right after a quote or a report by a known
  speaker (the speaker carries over), a quote broken by a line break (one row up to its
  closing mark: never cut at "... rules and"), and the doubled apostrophe some archives
  write for a double mark (``''We need it,'' she said``);

Each row has a ``kind`` (the analyst's filter):

==================  ======================================================================
``direct``          a quotation: the speaker's words in quotation marks
``mixed``           a report quoting part of the words: a naming cue with a quotation ("X
                    called the vote 'a great day'"), a noun-phrase report holding one, or
                    a clause holding a quoted part, even one word ("said the plan was
                    'absurd'": the speaker's word, as attribution corpora count it)
``indirect``        reported speech in the journalist's words (as before: "X said that")
``according_to``    "according to" a source: a speaker ("according to Peskov", who is
                    the speaker) or a document or data ("according to a survey by X":
                    no speaker); a quotation after it ('According to X, "..."') is
                    ``direct``; also what a document or data shows ("a poll showed X
                    ahead", "the study found that ...")
``belief``          a cognition cue: what a person believes, wants, fears or hopes ("X
                    believes that ...", "X wants to ...", "officials fear ...")
==================  ======================================================================

and names the speaker from the cue's subject (``resolution``). Where the sentence has a
dependency parse (see :mod:`.syntax`: the pipeline parses the sentences holding a
quotation mark or a cue word), the subject is read from the parse -- active, passive
agent ("was told by X"), inverted ('"...," said X'), appositive ("Algeria's ambassador,
Amar Bendjama, said": the name is the speaker, the whole phrase the mention), inherited
("X was quoted as saying", ", saying ...", "and added") -- and the patterns below are the
fallback. ``speaker_start``/``speaker_end`` give the mention at the cue
(``document.text[speaker_start:speaker_end]`` is the subject phrase: "he" in "he said",
"the ambassador", "Jeff Weaver, the campaign manager,"), ``cue_start``/``cue_end`` the
cue; a carried quote (no cue of its own) keeps the mention and cue of the quote it
follows.

* ``named``: an actor mention in the subject (the person if there is one: "Kremlin
  spokesman Dmitry Peskov" -> peskov; else the organisation or state: "NATO says"). Any
  person, organisation or state can speak: one the register does not know gets
  ``unlinked:`` + its normalised name, and so does a capitalised name the NER missed
  ("Cardin said"); a later mention of the family name alone ("Bendjama", "Fu" of "Fu
  Cong") takes the full name's id. Register persons keep their canonical ids. A
  document's subject speaks for its issuer ("The Astana Declaration of the ... SCO
  members ... emphasizes" -> SCO); "the Commission" after "the European Commission" is
  the same actor.
  A joint subject whose every conjunct names an actor ("China and Russia said ...",
  "Putin, Xi and Lula stated ...") gives the ids ";"-joined and sorted (``CHN;RUS``), as
  for joint statements; a joint speaker is never the antecedent of "he"/"she".
* ``pronoun``: he/she -> the nearest earlier person of the same gender (register
  persons' gender from :data:`DEFAULT_PERSONS` or the text's titles: "spokeswoman") in the
  same or the previous paragraph, including persons resolved earlier ("The spokeswoman
  said ... She added"). Only persons are antecedents: register persons, and spaCy PERSON
  entities of two or more words or with a title ("Mr Govorov"); a one-word PERSON entity
  is often a place or a weapon the NER mislabelled ("Bali", "Oreshnik"); "it" -> the nearest organisation or state in the same or previous
  sentence; I/we -> the document's voice when it is an actor (004: zakharova).
* ``role``: a role noun heads the subject ("the spokeswoman", "the minister", "the
  Turkish leader", "a senior Russian diplomat"): the nearest earlier person holding that
  role (register offices, :data:`DEFAULT_PERSONS`, titles in the text), else, for a
  first mention, the first such person named in this or the next paragraph (the news
  lede: "a senior Russian diplomat stated ... " then "Grushko told ..."), else the state
  named in the phrase; with no holder and no state, the role phrase itself speaks, as
  ``unlinked:`` + its words without articles ("a ministry spokesman" -> ``unlinked:ministry
  spokesman``, "officials" -> ``unlinked:officials``). "The author" is the document's
  voice. "The two powers/countries"
  and "both leaders" are the last two states or persons named, ";"-joined and sorted
  (the Beijing statement of 003 -> ``CHN;RUS``).
* ``turn``: in a transcript turn, I/we are the turn's speaker and "you" the previous
  turn's speaker; "he"/"she" in a turn never resolve to the turn's speaker.
* ``epigraph``: an epigraph's speaker from its attribution line (a person named there,
  else an organisation or state: "Concept of the Foreign Policy of the Russian
  Federation" -> RUS).
* ``none``: no speaker found (``speaker_id`` None; ``speaker_text`` keeps the subject,
  e.g. "They"). Reported clauses whose subject is no possible speaker ("The data suggest
  that") or an unresolved "it" give no row at all; nor does a speaker's own first-person
  report ("We said that ..."): that is still the narrator speaking.

:func:`speaker_spans` then partitions every sentence into spans with the speaker and the
voice of the text (``quoted`` / ``reported`` / ``narrator``), and :func:`attach_speakers`
joins those spans to any table of (doc_id, start, end) rows, e.g. frame mentions.

**Rules and model (``method``).** Every row above comes from the rules (``method``
``rule``). Attribution corpora count far more verbs than speech and belief lists hold
("slammed the plan", "defended the vote", "pushed for a recount"); a logistic model
trained on PolNeAR (:mod:`.learned`, weights as data in
``analysis/data/quotes/attribution_model.json``) reads the parsed verbs that hold no
rule cue (and the nouns, predicate adjectives and agent passives that attribute a
content without one: "X's proposal to ...", "X was wary of ...", "Y was championed by
X") and adds an ``indirect`` (or ``mixed``) row with ``method`` ``model`` for those it
accepts, with the subject as speaker (a subject that resolves to no speaker gives no
row). It never changes or removes a rule row, and never takes back what a rule turned
down: a negated verb, a first-person narrator, a verb of belief, intent or evidence. A
speech verb of the lists that gave no rule cue ("..., questioning the senator's record",
"Proponents like X urged ...") is scored like any other verb; its row, as every model
row, needs a subject that resolves to a speaker. Its rows attribute acts as much as words
("NATO ignored the formula of indivisible security": the framing term is the
narrator's), so they do not set the voice of the text (:func:`speaker_spans`), which
frame mentions and statements read. Filter ``quotes[quotes.method == "rule"]`` for the
rules' rows only.

What counts as a quotation (the rules, and why)
------------------------------------------------
Quote marks also mark scare quotes (“threats”), terms (“security guarantees”, ‘smaller
Eurasia’), titles (the statement “Joint Vision of the Eurasian Charter ...”) and mentioned
words (the words “and cooperation”). A quoted span is a quotation when

1. a cue sits **next to it**: ``said: "..."``, ``said, "..."``, ``As X said, "..."``,
   ``X: "..."``, ``"...," X said`` / ``said X`` / ``according to X`` (the quote must then
   open its sentence) -- any length; ``said that "..."`` or a bare ``say "..."`` -- at
   least 3 words or a sentence (``I say "we" because ...`` mentions a word);
2. it lies **inside a reported clause** (``Peskov stated that ... was "probably among
   the root causes ..."``) and has at least :data:`MIN_PARTIAL_WORDS` (5) words; shorter
   fragments inside reported speech are usually terms the journalist marks
   (“security guarantees”, “threats”);
3. it has **no cue** but is sentence-like (capital letter, a finite verb, final
   punctuation inside) with at least 4 words, or has at least 8 words and a finite verb;
4. it continues a quotation: the second part of a split quote, a quote continued from the
   previous paragraph, or a paragraph opening with an uncued quote right after a
   paragraph whose last sentence quoted a known speaker (the speaker carries over).

A span is never a quotation when it looks like a title or term and has no adjacent cue:
it directly follows a naming noun (statement, declaration, principle, phrase, words,
so-called, ...), or most of its words are capitalised and it has no finite verb.

Offsets and text: ``start``/``end`` index the original document text and
``text == document.text[start:end]``. The quotation marks are *not* part of ``text``, nor
is a comma just before the closing mark (``"... regions,"`` -> ``... regions``); final
``.?!`` inside the marks are kept. Multi-sentence quotes are one row per paragraph; a split
quote is one row per part, both with the same speaker and cue. Indirect rows span the
reported clause up to the end of the sentence (without the final full stop).
Matching runs on ``Sentence.clean_text`` (straight quotes) joined per paragraph, so a
quote may cross sentence boundaries; whether a mark opens or closes is read from its
context (space before and a word after: opening), then from the original curly glyph
(some sources swap “ and ”), then by alternation. Cues inside quoted spans are ignored.

Speaker ids are the actor mentions' ids (register ids, ``unlinked:<name>`` for spaCy
entities); a transcript label is matched to the register's names after its offices are
stripped ("President of Russia Vladimir Putin" -> putin, "V.Putin" -> putin, "Vice Premier
of the State Council of the People's Republic of China Ding Xuexiang" -> ``unlinked:ding
xuexiang``, see :func:`label_speaker_id`), "Question" -> ``question``, "Remark" ->
``remark``, other anonymous labels -> ``unknown``, anyone else -> ``unlinked:<name>``.

Without a parse (a ``spacy.blank`` pipeline, as below, or a sentence the selection left
unparsed) cues, subjects and clauses come from token patterns over the tagger's tags;
with one, the parse decides where it names a speaker and the patterns do the rest.

>>> import spacy
>>> from analysis.corpus import corpus_from_texts
>>> nlp = spacy.blank("en")
>>> doc = corpus_from_texts({"d": 'Peace. "We are ready to talk to everyone," Lavrov said.'})["d"]
>>> rows = extract_quotes(doc, [(s, nlp(s.clean_text)) for s in doc.sentences], [])
>>> [(r["text"], r["speaker_id"], r["cue"], r["resolution"]) for r in rows]
[('We are ready to talk to everyone', 'unlinked:lavrov', 'said', 'named')]

The stages (one module each)
----------------------------
==================  ======================================================================
``words``           the word lists, loaded once from ``analysis/data/quotes/*.yaml``
``structures``      tokens, mentions, quoted spans, cues, speakers, prose paragraphs
``paragraphs``      1. paragraphs and tokens; actor mentions and entities as possible speakers
``roles``           role nouns, register offices, persons' gender and roles
``transcripts``     turn labels -> speaker ids; the narrator of every paragraph
``direct``          2. quotation marks; 4. which quoted spans are quotations; epigraphs
``phrases``         noun phrases, finite verbs, clause starts (token patterns)
``syntax``          which sentences are parsed; subjects, complements and quote heads
                    from the dependency parse
``cues``            3. speech, cognition and naming cues, their subjects and complements
``resolve``         3b. a cue's subject -> a speaker (named/pronoun/role/turn/none)
``reported``        5. reported-speech rows and their kind
``model``           the learned attribution model's data (JSON weights, threshold, the
                    verb forms it may accept)
``learned``         5b. the verbs no cue list knows, scored by that model ("lambasted
                    the contract", "pushed for a vote"): ``indirect`` rows, ``method`` model
``extraction``      :func:`extract_quotes`: the stages in order for one document
``spans``           6. :func:`speaker_spans`: speaker and voice of every character range
``tables``          columns, rows, DataFrames and :func:`attach_speakers`
==================  ======================================================================
"""

from __future__ import annotations

from analysis.extract.quotes.direct import MIN_PARTIAL_WORDS, MIN_UNCUED_SENTENCE_WORDS, MIN_UNCUED_WORDS
from analysis.extract.quotes.extraction import extract_quotes
from analysis.extract.quotes.reported import MAX_VERBLESS_REPORT_WORDS
from analysis.extract.quotes.roles import office_roles
from analysis.extract.quotes.spans import speaker_at, speaker_spans
from analysis.extract.quotes.tables import attach_speakers, quotes_table, speaker_spans_table
from analysis.extract.quotes.transcripts import label_person_name, label_speaker_id, register_names
from analysis.extract.quotes.words import (
    ANONYMOUS_LABELS, COGNITION_LEMMAS, CUE_FORMS, CUE_LEMMAS, NAMING_LEMMAS, DEFAULT_PERSONS, DOCUMENT_NOUNS, FIRST_PERSON, NP_CUE_LEMMAS,
    EVIDENCE_LEMMAS, PRONOUN_GENDER, ROLE_COVERS, ROLE_NOUNS, SPEAKER_NOUNS, SPEAKER_SUBJECT_LEMMAS, TITLE_NOUNS,
)

__all__ = [
    # tables and their columns
    "extract_quotes", "quotes_table", "speaker_spans",
    "speaker_spans_table", "speaker_at", "attach_speakers",
    # transcript labels and roles
    "label_speaker_id", "label_person_name", "register_names", "office_roles",
    # thresholds of the rules
    "MIN_PARTIAL_WORDS", "MIN_UNCUED_SENTENCE_WORDS", "MIN_UNCUED_WORDS", "MAX_VERBLESS_REPORT_WORDS",
    "QUOTE_KINDS",
    # word lists (data/quotes/*.yaml)
    "CUE_LEMMAS", "NP_CUE_LEMMAS", "CUE_FORMS", "COGNITION_LEMMAS", "NAMING_LEMMAS", "EVIDENCE_LEMMAS",
    "SPEAKER_SUBJECT_LEMMAS", "TITLE_NOUNS", "DOCUMENT_NOUNS", "SPEAKER_NOUNS",
    "ROLE_NOUNS", "ROLE_COVERS", "DEFAULT_PERSONS", "PRONOUN_GENDER", "FIRST_PERSON", "ANONYMOUS_LABELS",
]

#: The values of ``quotes.kind`` (see the table above).
QUOTE_KINDS = ("direct", "mixed", "indirect", "according_to", "belief")
