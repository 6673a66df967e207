"""Stage 3b: speaker resolution, from a cue's subject phrase to a speaker id.

:class:`SpeakerResolver` walks a document's cues in text order and names the speaker of
each subject noun phrase (``resolution`` in the ``quotes`` table):

* ``named``: an actor mention in the phrase (the person if there is one, else the
  organisation or state; a joint subject "China and Russia" gives ``CHN;RUS``; a
  document's subject speaks for its issuer; "the Commission" after "the European
  Commission" is the same actor); a capitalised name no mention covers ("Cardin") is the
  earlier person with that family name, else ``unlinked:`` + the name;
* ``pronoun``: he/she -> the nearest earlier plausible person of that gender (this or
  the previous paragraph, speakers resolved earlier included), "it" -> the nearest
  organisation or state, "they" -> the nearest earlier group of people (below) or plural
  actor name of this or the previous sentence, I/we -> the document's voice; a possessor
  his/its/their ("his claim that ...") -> whoever he/it/they would be there;
* ``role``: "the spokeswoman" -> the nearest earlier person holding the role, else the
  first one named later in this or the next paragraph (the news lede), else the state
  the phrase names, else the phrase itself (``unlinked:ministry spokesman``,
  ``unlinked:officials``); "the two powers" -> the last two states, ";"-joined; a group
  or kind of people no mention covers (a plural noun that denotes people: a NORP entity,
  a speaker or role noun, an agent noun, a noun a "who" clause describes; a partitive's
  object: "54 percent of voters") -> ``unlinked:`` + the head and its modifiers
  (``unlinked:voters``); never "nobody", "none of", "no voters";
* ``turn``: in a transcript, I/we are the turn's speaker and "you" the previous turn's;
* ``none``: nothing found (``speaker_id`` None).

Every resolved speaker is remembered (:meth:`SpeakerResolver.remember`) as an antecedent
for later pronouns and roles. :meth:`SpeakerResolver.resolve` resolves the phrase that
names the speaker (a parse's core: "Amar Bendjama") and records the offsets of the whole
mention at the cue (``Speaker.start``/``end``: "Algeria's ambassador, Amar Bendjama").
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterator, Mapping

from analysis.extract.actors import TITLE_WORDS
from analysis.corpus import Document
from analysis.extract.quotes.cues import is_document_np
from analysis.extract.quotes.roles import role_matches, roles_in
from analysis.extract.quotes.structures import Mention, ProseParagraph, Speaker, unlinked_id
from analysis.extract.quotes.syntax import parsed
from analysis.schema import UNLINKED_PREFIX
from analysis.extract.quotes.words import (
    ENTITY_ACTOR_TYPES, FIRST_PERSON, ROLE_PHRASE_SKIP, SPEAKER_NOUNS, INDEFINITE_DETERMINERS, LIST_JOINERS, NON_ACTOR_VOICES, OBJECT_PRONOUNS, PAIR_WORDS,
    PLURAL_PERSON_NOUNS, PLURAL_STATE_TYPES, POSSESSIVE_PRONOUNS, PRONOUN_GENDER, ROLE_NOUNS, SUBJECT_PRONOUNS,
    DOCUMENT_NOUNS, GROUP_WORDS, NEGATIVE_DETERMINERS, NON_PERSON_NOUN_ENDINGS, PARTITIVE_HEADS, PERSON_NOUN_ENDINGS,
    TITLE_NOUNS, names_the_speaking_state,
)

__all__ = ["SpeakerResolver"]

# With a parse, a name that only modifies a noun or follows a preposition ("the UN
# headquarters", "the agreement with Iran") is no antecedent of "it": the thing is.
_NO_ANTECEDENT_DEPS = frozenset({"compound", "pobj", "poss"})
_IT_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def _no_antecedent(para: ProseParagraph, k: int) -> bool:
    """The parse hangs the name at token ``k`` as a modifier or a preposition's object, not
    the agent of a passive ("referenced by NATO when describing what it says": NATO)."""
    t = para.tokens[k]
    if t.dep not in _NO_ANTECEDENT_DEPS:
        return False
    return not (t.dep == "pobj" and 0 <= t.head < len(para.tokens) and para.tokens[t.head].dep == "agent")


class SpeakerResolver:
    """Resolves subject noun phrases to speakers, in document order."""

    def __init__(self, document: Document, paras: list[ProseParagraph], profiles: dict[str, dict],
                 persons: Mapping[str, tuple[str | None, frozenset[str]]]) -> None:
        self.document = document
        self.paras = paras
        self.profiles = profiles
        self.persons = persons
        # Resolved speaker references usable as antecedents: (para, token, speaker).
        self.refs: list[tuple[int, int, Speaker]] = []
        self.person_ids = self._plausible_persons()
        voice = document.meta.get("voice", "") or ""
        self.doc_voice = voice if voice and voice not in NON_ACTOR_VOICES else None

    # -- helpers
    def _plausible_persons(self) -> set[str]:
        """Ids that "he"/"she" may refer to: register persons, and spaCy PERSON entities
        with at least two name words ("Amro Abdelhamid") or a title ("Mr Govorov",
        "spokeswoman X"); a one-word PERSON entity alone is often a place or a thing the
        NER mislabelled ("Bali", "Oreshnik")."""
        ok: set[str] = set()
        for para in self.paras:
            toks = para.tokens
            for m in para.mentions:
                if not m.person or not m.actor_id or m.actor_id in ok:
                    continue
                if not str(m.actor_id).startswith(UNLINKED_PREFIX) or m.method == "register":
                    ok.add(m.actor_id)
                    continue
                words = [t for t in toks[m.t0:m.t1] if t.text[:1].isalpha() and t.lower != "the"]
                prev = toks[m.t0 - 1] if m.t0 > 0 else None
                titled = prev is not None and prev.text[:1].isupper() and prev.lower in TITLE_WORDS
                prof = self.profiles.get(m.actor_id)
                if len(words) >= 2 or titled or (prof and prof["roles"]):
                    ok.add(m.actor_id)
        return ok

    def _gender(self, actor_id: str | None) -> str | None:
        if not actor_id:
            return None
        prof = self.profiles.get(actor_id)
        return prof["gender"] if prof else None

    def from_mention(self, m: Mention, resolution: str, text: str | None = None) -> Speaker:
        """The speaker a mention names (``text``: the subject's words, default the mention's)."""
        return Speaker(m.actor_id, m.name, text if text is not None else m.text, resolution,
                        self._gender(m.actor_id) if m.person else None, m.person)

    def _span_text(self, para: ProseParagraph, np_: tuple[int, int]) -> str:
        toks = para.tokens
        a, b = para.original_span(toks[np_[0]].start, toks[np_[1] - 1].end)
        return self.document.text[a:b]

    def remember(self, para: ProseParagraph, token: int, speaker: Speaker | None) -> None:
        """Keep a resolved person as an antecedent of later pronouns and roles."""
        # First/second person references ("I said", "you mentioned") are not antecedents
        # of a later "he"/"she".
        if speaker is not None and speaker.speaker_id and speaker.person and speaker.resolution != "turn" \
                and (speaker.speaker_id in self.person_ids or not speaker.speaker_id.startswith(UNLINKED_PREFIX)):
            self.refs.append((para.index, token, speaker))

    # -- antecedents
    def _person_candidates(self, para_index: int, token: int, back: int = 1) -> Iterator[Speaker]:
        """Persons mentioned (or resolved) before a position: this paragraph, then earlier."""
        for p in range(para_index, max(para_index - back, 0) - 1, -1):
            para = self.paras[p]
            items: list[tuple[int, Speaker]] = []
            for m in para.mentions:
                if m.person and not m.hint and (p < para_index or m.t1 <= token) and \
                        para.tokens[m.t0].quote < 0 and m.actor_id in self.person_ids:
                    items.append((m.t0, self.from_mention(m, "pronoun")))
            for rp, rt, sp in self.refs:
                if rp == p and (p < para_index or rt < token):
                    items.append((rt, sp))
            for _, sp in sorted(items, key=lambda x: x[0], reverse=True):
                yield sp

    def pronoun(self, para: ProseParagraph, token: int, word: str, text: str) -> Speaker:
        """The speaker a pronoun subject at ``token`` refers to."""
        word = word.lower()
        if word in FIRST_PERSON:
            if para.narrator is not None and para.narrator.resolution == "turn":
                n = para.narrator
                return Speaker(n.speaker_id, n.speaker_name, text, "turn", n.gender, True)
            if self.doc_voice:
                return Speaker(self.doc_voice, self.doc_voice, text, "pronoun")
            return Speaker(None, None, text, "none")
        if word == "you" and para.narrator is not None and para.narrator.resolution == "turn":
            # In a transcript, "you" is whoever spoke last before this turn.
            other = self.previous_turn_speaker(para)
            if other is not None:
                return Speaker(other.speaker_id, other.speaker_name, text, "turn", other.gender, True)
            return Speaker(None, None, text, "none")
        if word in PRONOUN_GENDER:
            gender = PRONOUN_GENDER[word]
            me = para.narrator.speaker_id if para.narrator is not None and para.narrator.resolution == "turn" else None
            for sp in self._person_candidates(para.index, token):
                if sp.gender and sp.gender != gender:
                    continue
                if me is not None and sp.speaker_id == me:
                    continue  # "he" in Putin's turn is not Putin
                return Speaker(sp.speaker_id, sp.speaker_name, text, "pronoun", sp.gender, True)
        if word == "it":
            toks = para.tokens
            # "it rejects ...; it promotes ...; it expands ...": every "it" of a sentence
            # stands for what the first one does.
            token = next((k for k in range(para.sent_tokens[toks[token].sent][0], token)
                          if toks[k].lower == "it" and toks[k].dep in _IT_SUBJECT_DEPS), token)
            for m in reversed([m for m in para.mentions if m.t1 <= token and not m.person and not m.hint
                               and toks[m.t0].sent >= toks[token].sent - 1
                               and not _no_antecedent(para, m.t1 - 1)]):
                return self.from_mention(m, "pronoun", text)
        if word == "they":
            group = self._group_antecedent(para, token, text)
            if group is not None:
                return group
        hint = self._hint(para, token, token + 1)
        if hint:
            return self.from_mention(hint, "pronoun", text)
        return Speaker(None, None, text, "none")

    def _group_antecedent(self, para: ProseParagraph, token: int, text: str) -> Speaker | None:
        """ "they" -> the nearest earlier plural noun of this or the previous sentence that
        names a group of people (:meth:`group`: "Environmentalists ... They argued"), with
        that group's id, or a plural actor name ("the Democrats"); none without such an
        antecedent."""
        toks = para.tokens
        first = para.sent_tokens[max(toks[token].sent - 1, 0)][0]
        for k in range(token - 1, first - 1, -1):
            t = toks[k]
            if t.tag not in {"NNS", "NNPS"} or (parsed(para, k) and t.dep == "compound"):
                continue
            mention = next((m for m in para.mentions if m.t0 <= k < m.t1 and not m.hint), None)
            if mention is not None:  # a plural actor ("the Democrats"): it is "they"
                return None if mention.person else self.from_mention(mention, "pronoun", text)
            a = k
            while parsed(para, k) and a - 1 >= first and toks[a - 1].head == k and toks[a - 1].dep in {"amod", "compound"}:
                a -= 1
            group = self.group(para, (a, k + 1), text)
            if group is not None:
                return group
        return None

    def previous_turn_speaker(self, para: ProseParagraph) -> Speaker | None:
        """The narrator of the nearest earlier paragraph spoken by someone else."""
        me = para.narrator.speaker_id if para.narrator is not None else None
        for p in range(para.index - 1, -1, -1):
            n = self.paras[p].narrator
            if n is not None and n.resolution == "turn" and n.speaker_id != me:
                return n
        return None

    def _hint(self, para: ProseParagraph, t0: int, t1: int) -> Mention | None:
        for m in para.mentions:
            if m.hint and m.t0 < t1 and t0 < m.t1 and m.actor_id and not m.actor_id.startswith(UNLINKED_PREFIX):
                return m
        return None

    def role(self, para: ProseParagraph, np_: tuple[int, int], role: str, gender: str | None, text: str) -> Speaker:
        """The person a role subject (\"the spokeswoman\") refers to, else the state it names."""
        toks = para.tokens
        if role == "author":
            if self.doc_voice:
                return Speaker(self.doc_voice, self.doc_voice, text, "role")
            return Speaker(None, None, text, "none")
        indefinite = toks[np_[0]].lower in INDEFINITE_DETERMINERS
        if not indefinite:
            # Nearest earlier person holding the role: this paragraph first, then back.
            for p in range(para.index, -1, -1):
                cands = []
                for m in self.paras[p].mentions:
                    if not m.person or m.hint or (p == para.index and m.t0 >= np_[0]):
                        continue
                    cands.append((m.t0, m))
                for rp, rt, sp in self.refs:
                    if rp == p and (p < para.index or rt < np_[0]) and sp.speaker_id in self.profiles:
                        cands.append((rt, sp))
                for _, c in sorted(cands, key=lambda x: x[0], reverse=True):
                    actor_id = c.actor_id if isinstance(c, Mention) else c.speaker_id
                    prof = self.profiles.get(actor_id or "")
                    if not prof or not role_matches(role, prof["roles"]):
                        continue
                    if gender and prof["gender"] and prof["gender"] != gender:
                        continue
                    if isinstance(c, Mention):
                        return self.from_mention(c, "role", text)
                    return Speaker(c.speaker_id, c.speaker_name, text, "role", c.gender, True)
        hint = self._hint(para, *np_)
        if hint:
            return self.from_mention(hint, "role", text)
        # Cataphora ("a senior Russian diplomat stated ... <next paragraph> Grushko told"):
        # the first person holding the role named later in this or the next paragraph.
        for p in range(para.index, min(para.index + 2, len(self.paras))):
            for m in self.paras[p].mentions:
                if not m.person or m.hint or (p == para.index and m.t0 < np_[1]):
                    continue
                prof = self.profiles.get(m.actor_id or "")
                if prof and role_matches(role, prof["roles"]) and not (
                        gender and prof["gender"] and prof["gender"] != gender):
                    return self.from_mention(m, "role", text)
        # "Russia's foreign minister" with no holder known: at least the state it names.
        states = [m for m in para.mentions if not m.person and not m.hint and m.t0 < np_[1] and np_[0] < m.t1
                  and m.actor_type != "group"]
        if states:
            return self.from_mention(states[-1], "role", text)
        return self.role_phrase(para, np_, text)

    def role_phrase(self, para: ProseParagraph, np_: tuple[int, int], text: str) -> Speaker:
        """An unnamed speaker by role ("a ministry spokesman", "officials"): the phrase
        itself is the speaker, ``unlinked:`` + its words without articles and possessive
        or quantifying words, so the same unnamed voice keeps one id in a document."""
        words = [t.lower for t in para.tokens[np_[0]:np_[1]]
                 if t.lower not in ROLE_PHRASE_SKIP and t.text[:1].isalnum()]
        if not words or para.tokens[np_[0]].lower in NEGATIVE_DETERMINERS:  # "no residents": nobody
            return Speaker(None, None, text, "none")
        return Speaker(unlinked_id(" ".join(words)), " ".join(words), text, "role", None, False)

    def plural(self, para: ProseParagraph, np_: tuple[int, int], text: str) -> Speaker | None:
        """ "the two powers", "both leaders": the last two actors of that kind, joined."""
        toks = para.tokens
        words = [t.lower for t in toks[np_[0]:np_[1]]]
        for w_i, w in enumerate(words):
            if w in PAIR_WORDS and w_i + 1 < len(words):
                noun = words[w_i + 1]
                want_person = noun in PLURAL_PERSON_NOUNS
                found: list[Mention] = []
                for p in range(para.index, max(para.index - 2, 0) - 1, -1):
                    for m in reversed(self.paras[p].mentions):
                        if m.hint or (p == para.index and m.t0 >= np_[0]) or m.person != want_person:
                            continue
                        if not want_person and m.actor_type not in PLURAL_STATE_TYPES:
                            continue
                        if m.actor_id not in {f.actor_id for f in found}:
                            found.append(m)
                        if len(found) == 2:
                            break
                    if len(found) == 2:
                        break
                if len(found) == 2:
                    ids = sorted(str(f.actor_id) for f in found)
                    return Speaker(";".join(ids), " and ".join(f.name for f in reversed(found)), text,
                                    "role", None, want_person)
        return None

    def resolve(self, para: ProseParagraph, np_: tuple[int, int], mention: tuple[int, int] | None = None) -> Speaker:
        """The speaker a subject noun phrase names, with the original offsets of its
        ``mention`` at the cue (``start``/``end``; default the phrase itself): a parse may
        resolve the core of a longer subject ("Amar Bendjama" of "Algeria's ambassador,
        Amar Bendjama,") while the mention is the whole subject."""
        speaker = self._resolve(para, np_, mention)
        toks = para.tokens
        a, b = mention or np_
        start, end = para.original_span(toks[a].start, toks[b - 1].end)
        return replace(speaker, start=start, end=end, speaker_text=self.document.text[start:end])

    def _resolve(self, para: ProseParagraph, np_: tuple[int, int], full: tuple[int, int] | None = None) -> Speaker:
        toks = para.tokens
        text = self._span_text(para, np_)
        inside = [m for m in para.mentions if m.t0 >= np_[0] and m.t1 <= np_[1] and not m.hint]
        persons = [m for m in inside if m.person]
        words = " ".join(t.lower for t in toks[np_[0]:np_[1]])
        head = toks[np_[1] - 1]
        if len(toks[np_[0]:np_[1]]) == 1 and head.lower in SUBJECT_PRONOUNS | OBJECT_PRONOUNS:
            return self.pronoun(para, np_[0], head.lower, text)
        if len(toks[np_[0]:np_[1]]) == 1 and head.lower in POSSESSIVE_PRONOUNS:
            # A possessor ("his statement that ...") is whoever the subject pronoun would be.
            return self.pronoun(para, np_[0], POSSESSIVE_PRONOUNS[head.lower], text)
        if self.names_itself(words):
            return Speaker(self.doc_voice, self.doc_voice, text, "role")
        joint = self.joint(para, np_, inside, text)
        if joint is not None:
            return joint
        roles = roles_in(words)
        # "Lavrov's deputy": a role after a possessive person is someone else.
        head_role = roles and words.endswith(tuple(r for r in ROLE_NOUNS if ROLE_NOUNS[r][0] == roles[-1][0]))
        if persons and not (head_role and persons[-1].t1 < np_[1] - 1 and toks[persons[-1].t1].lower == "'s"):
            return self.from_mention(persons[-1], "named", text)
        plural = self.plural(para, np_, text)
        if plural is not None:
            return plural
        if roles and head_role:
            role, gender = roles[-1]
            return self.role(para, np_, role, gender, text)
        if inside:
            # A document's issuer, or an organisation or state named as the subject.
            ids = []
            for m in inside:
                if m.actor_id not in ids:
                    ids.append(m.actor_id)
            if is_document_np(para, np_) and len(ids) > 1:
                return Speaker(";".join(sorted(map(str, ids))), " and ".join(m.name for m in inside),
                                text, "named")
            return self.from_mention(inside[-1], "named", text)
        hint = self._hint(para, *np_)
        if hint:
            return self.from_mention(hint, "role", text)
        # A group of people a capitalised word only modifies ("7 in 10 Liberal voters").
        group = self.group(para, np_, text, full)
        if group is not None:
            return group
        short = self.short_name(para, np_, text)
        if short is not None:
            return short
        name = self.unknown_name(para, np_)
        if name is not None:
            return name
        if head.lower in SPEAKER_NOUNS and head.pos != "PRON":
            return self.role_phrase(para, np_, text)
        return Speaker(None, None, text, "none")

    def names_itself(self, words: str) -> bool:
        """A speech naming the state that speaks by a common noun ("The Kingdom will not
        hesitate ...", "the Republic has always ..."): the speech's voice, not a place or
        an unknown body (``self_reference_nouns`` of ``nouns.yaml``)."""
        return bool(self.doc_voice) and self.document.meta.get("kind") == "speech" and names_the_speaking_state(words)

    def group(self, para: ProseParagraph, np_: tuple[int, int], text: str,
              full: tuple[int, int] | None = None) -> Speaker | None:
        """A subject that names a group or kind of people no mention covers ("voters",
        "many Republicans", "54 percent of voters", "those who attended"): ``unlinked:`` +
        the head with its modifiers, so the same group keeps one id in a document. The
        head is the parse's (else the last word); a partitive ("54 percent of", "9 in 10")
        gives the group its object; the head must be a plural noun that denotes people: a
        nationality or group entity (NORP) or a NORP modifier, a speaker or role noun, an
        agent noun by its ending (``nouns.yaml``), or a noun a "who" clause describes;
        the nouns of the word lists are read in the plural and, with a parse, as the
        head's lemma ("candidates": a candidate is a role). ``full`` is the whole subject
        when ``np_`` is its core: a partitive's object may lie in it ("54 percent" of "54
        percent of voters"). Never "nobody"/"none", a pronoun, or a subject with "no"."""
        toks = para.tokens
        a, b = np_
        fa, fb = (min(a, full[0]), max(b, full[1])) if full is not None else (a, b)
        h = b - 1
        if parsed(para, a):
            heads = [k for k in range(a, b) if not (a <= toks[k].head < b) or toks[k].head == k]
            if len(heads) != 1:
                return None
            h = heads[0]
        h = self._partitive_object(para, h, fa, fb)
        t = toks[h]
        kids = para.children[h] if parsed(para, h) and h < len(para.children) else []
        if any(toks[k].lower in NEGATIVE_DETERMINERS for k in kids) \
                or any(toks[k].lower in NEGATIVE_DETERMINERS for k in range(a, h + 1)):
            return None
        who = any(toks[k].dep == "relcl" and any(toks[j].tag in {"WP", "WP$"} for j in para.children[k]) for k in kids)
        if t.pos == "PRON" and not who:
            return None
        if t.tag not in {"NNS", "NNPS"} and not (who and t.tag == "DT"):
            return None
        low = t.lower
        if low in DOCUMENT_NOUNS or low in TITLE_NOUNS:
            return None
        # The singular too, with a parse: "candidates" is no listed word, "candidate" a role.
        lemma = (t.lemma or low).lower() if parsed(para, h) else low
        people = who or t.ent == "NORP" or low in SPEAKER_NOUNS or low in PLURAL_PERSON_NOUNS \
            or bool(roles_in(low)) or (lemma != low and (lemma in SPEAKER_NOUNS or bool(roles_in(lemma)))) \
            or any(toks[k].ent == "NORP" and toks[k].dep in {"amod", "compound"} for k in kids) \
            or (low.endswith(PERSON_NOUN_ENDINGS) and not low.endswith(NON_PERSON_NOUN_ENDINGS))
        if not people:
            return None
        # The id: the head with the modifiers directly before it ("republican primary voters").
        first = h
        while first - 1 >= a and toks[first - 1].head == h and toks[first - 1].dep in {"amod", "compound"}:
            first -= 1
        words = [x.lower for x in toks[first:h + 1] if x.lower not in ROLE_PHRASE_SKIP and x.text[:1].isalnum()]
        if not words:
            words = [low]
        if who and t.tag == "DT":
            words = ["those who " + " ".join(toks[j].lower for j in range(h + 1, b) if toks[j].text[:1].isalnum()
                                           and toks[j].tag not in {"WP", "WP$"})]
        name = " ".join(words)
        return Speaker(unlinked_id(name), name, text, "role", None, False)

    def _partitive_object(self, para: ProseParagraph, h: int, a: int, b: int) -> int:
        """The group a partitive head counts ("54 percent of voters" -> "voters", "9 in 10
        Republicans" -> "Republicans"), else ``h``."""
        toks = para.tokens
        for _ in range(2):
            t = toks[h]
            if not (t.lower in PARTITIVE_HEADS or t.lower in GROUP_WORDS or t.tag == "CD" or t.ent == "PERCENT"):
                return h
            if not parsed(para, h):
                return h
            nxt = None
            for k in para.children[h]:
                if toks[k].dep == "prep" and toks[k].lower in {"of", "in"} and a <= k < b:
                    objs = [j for j in para.children[k] if toks[j].dep == "pobj" and a <= j < b]
                    if objs:
                        nxt = objs[0]
                        break
            if nxt is None or toks[nxt].tag not in {"NNS", "NNPS", "CD"}:
                return h
            h = nxt
        return h

    def unknown_name(self, para: ProseParagraph, np_: tuple[int, int]) -> Speaker | None:
        """A subject that is a capitalised name no mention covers ("Cardin said", the NER
        missed it): the earlier person of the document with that family name (for a
        two-word name the first word may be it: "Fu" of "Fu Cong"), else the earlier
        run of capitalised names ending with it ("Mayor Ines Vidal" ... "Vidal
        continued"), else a person with an ``unlinked:`` id of the name. A capitalised
        word the tagger calls a common noun counts only when it stood in such a run."""
        toks = [t for t in para.tokens[np_[0]:np_[1]] if t.lower not in ("the", "'s", "-", ".")]
        if not toks or len(toks) > 4 or not all(t.text[:1].isupper() for t in toks):
            return None
        while toks and toks[0].text.rstrip(".").lower() in TITLE_WORDS:
            toks = toks[1:]  # "Sen. Cardin"
        if not toks:
            return None
        name = " ".join(t.text for t in toks)
        family = toks[-1].lower
        for p in range(para.index, -1, -1):
            for m in reversed(self.paras[p].mentions):
                words = m.text.lower().split()
                if m.person and not m.hint and m.actor_id and (p < para.index or m.t0 < np_[0]) \
                        and (words[-1:] == [family] or len(toks) == 1 and len(words) == 2 and words[0] == family):
                    return self.from_mention(m, "named", name)
        earlier = self._earlier_name_run(para, np_[0], family) if len(toks) == 1 else None
        if earlier is not None:
            return Speaker(unlinked_id(earlier), earlier, name, "named", None, True)
        if not all(t.tag in {"NNP", "NNPS"} or t.pos == "PROPN" or t.ent in ENTITY_ACTOR_TYPES for t in toks):
            return None
        return Speaker(unlinked_id(name), name, name, "named", None, True)

    def _earlier_name_run(self, para: ProseParagraph, before: int, family: str) -> str | None:
        """The nearest earlier run of two to four capitalised proper nouns (titles left
        out) whose last word is ``family``."""
        for p in range(para.index, -1, -1):
            toks = self.paras[p].tokens
            stop = before if p == para.index else len(toks)
            for k in range(stop - 1, 0, -1):
                if toks[k].lower != family or toks[k].tag not in {"NNP", "NNPS"}:
                    continue
                j = k
                while j - 1 >= 0 and k - j < 3 and toks[j - 1].text[:1].isupper() \
                        and toks[j - 1].tag in {"NNP", "NNPS"} and toks[j - 1].sent == toks[k].sent \
                        and toks[j - 1].text.rstrip(".").lower() not in TITLE_WORDS:
                    j -= 1
                if j < k:
                    return " ".join(t.text for t in toks[j:k + 1])
        return None

    def joint(self, para: ProseParagraph, np_: tuple[int, int], inside: list[Mention], text: str) -> Speaker | None:
        """ "China and Russia said": every conjunct names an actor -> their ids, ";"-joined
        and sorted (as for joint statements); None unless the phrase is such a list."""
        toks = para.tokens
        cuts = [k for k in range(np_[0], np_[1]) if toks[k].lower in LIST_JOINERS]
        if not any(toks[k].lower == "and" for k in cuts) or len(inside) < 2:
            return None
        bounds = [np_[0], *[c for c in cuts], np_[1]]
        picked: list[Mention] = []
        for a, b in zip(bounds, bounds[1:]):
            a = a + 1 if a in cuts else a
            part = [m for m in inside if m.t0 >= a and m.t1 <= b]
            if not part:
                if b - a <= 0:
                    continue
                return None  # "the security and stability of Russia": not a list of speakers
            persons = [m for m in part if m.person]
            picked.append(persons[-1] if persons else part[-1])
        ids = sorted({str(m.actor_id) for m in picked})
        if len(ids) < 2:
            return None
        return Speaker(";".join(ids), " and ".join(m.name for m in picked), text, "named", None, False)

    def short_name(self, para: ProseParagraph, np_: tuple[int, int], text: str) -> Speaker | None:
        """ "the Commission" after "the European Commission": the earlier actor whose
        name ends with the same capitalised word(s)."""
        toks = para.tokens[np_[0]:np_[1]]
        if not toks or toks[0].lower != "the" or len(toks) > 3 or not all(t.text[:1].isupper() for t in toks[1:]) \
                or len(toks) < 2:
            return None
        tail = " ".join(t.lower for t in toks[1:])
        for p in range(para.index, -1, -1):
            for m in reversed(self.paras[p].mentions):
                if m.hint or (p == para.index and m.t0 >= np_[0]) or m.person:
                    continue
                for name in (m.text, m.name):
                    low = " ".join(name.lower().split())
                    if low.endswith(" " + tail) and low != tail:
                        return self.from_mention(m, "named", text)
        return None

