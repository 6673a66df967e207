"""Issue 13 in the actor mentions: entity kinds, short forms resolved in their document,
common words that are no names, and the discovery of names the register lacks."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.corpus import corpus_from_texts
from analysis.extract.actors import (
    CANDIDATE_TYPE,
    actors_table,
    extract_actor_mentions,
    mentions_frame,
    unlinked_report,
)
from analysis.register import ENTITY_KINDS


@pytest.fixture(scope="module")
def read(nlp, register):
    """``read(text, meta=None, institutions="parent") -> (mentions, corpus)`` for one document."""
    from analysis.nlp import iter_parsed

    def run(text: str, meta: dict | None = None, institutions: str = "parent", texts: dict | None = None):
        corpus = corpus_from_texts(texts or {"t": text}, {k: meta or {} for k in (texts or {"t": text})})
        rows = []
        for document, parsed in iter_parsed(corpus, nlp, cache=False):
            rows += extract_actor_mentions(parsed, register, dates=document.meta.get("date") or None,
                                           institutions=institutions, setting=document.meta)
            for row in rows:
                assert document.text[row["start"]:row["end"]] == row["text"] or row["doc_id"] != document.doc_id
        return mentions_frame(rows), corpus

    return run


def _found(mentions: pd.DataFrame) -> list[tuple[str, str, str]]:
    return list(zip(mentions["text"], mentions["actor_id"], mentions["mention_kind"]))


# --------------------------------------------------------------------------- entity kinds


def test_every_row_has_an_entity_kind(read):
    mentions, _ = read("Russia and Belarus invoked the Helsinki Final Act in Eurasia after the Second World War. "
                       "Talks in Minsk went on, and Minsk agreed. In Minsk's view, Moscow and the Kremlin are right.")
    assert list(mentions.columns)[8:10] == ["actor_type", "entity_kind"]
    assert set(mentions["entity_kind"]) <= set(ENTITY_KINDS)
    kinds = dict(zip(zip(mentions["text"], mentions["start"]), mentions["entity_kind"]))
    by_text: dict[str, list[str]] = {}
    for (text, _), kind in sorted(kinds.items(), key=lambda kv: kv[0][1]):
        by_text.setdefault(text, []).append(kind)
    assert by_text["Russia"] == ["actor"] and by_text["Eurasia"] == ["place"]
    assert by_text["Helsinki Final Act"] == ["reference"] and by_text["Second World War"] == ["reference"]
    # A capital after a locative word is the place; as the subject it is the government.
    assert by_text["Minsk"] == ["place", "actor", "actor"]                # "in Minsk's view": a view
    assert by_text["Moscow"] == ["actor"] and by_text["Kremlin"] == ["actor"]
    assert set(mentions[mentions["text"] == "Minsk"]["actor_id"]) == {"BLR"}  # the id stays


def test_names_the_model_finds_get_the_kind_of_their_label(read):
    mentions, _ = read("Finnish diplomat Pekka Haavisto flew from Kenosha to Tromsø for the Arctic Frontiers "
                       "conference.")
    unlinked = mentions[mentions["method"] == "ner"]
    kinds = dict(zip(unlinked["actor_id"], unlinked["entity_kind"]))
    assert kinds["unlinked:pekka haavisto"] == "actor"
    assert {kinds[k] for k in kinds if kinds[k] != "actor"} <= {"place", "reference"}
    places = {k for k, v in kinds.items() if v == "place"}
    assert places and places <= {"unlinked:kenosha", "unlinked:tromsø"}


def test_a_dateline_is_no_mention(read):
    mentions, corpus = read("EU tariffs\n\nBRUSSELS, 14 March 2025 \u2013 The European Commission imposed tariffs.")
    assert "BRUSSELS" not in set(mentions["text"])
    assert corpus["t"].meta["dateline"] == "BRUSSELS" and corpus["t"].meta["date"] == "2025-03-14"


# --------------------------------------------------------------------------- short forms


def test_short_forms_refer_back_to_the_long_form(read):
    mentions, _ = read("The European Commission proposed tariffs. The Commission said so on Friday. "
                       "The UN Security Council met. The Council was split. "
                       "The Russian Foreign Ministry objected. The Ministry called it theft. "
                       "NATO ministers met. The Alliance agreed.")
    found = _found(mentions)
    assert ("Commission", "EU", "institution") in found
    assert ("Council", "UN", "institution") in found
    assert ("Ministry", "RUS", "institution") in found
    assert ("Alliance", "NATO", "short_form") in found
    own, _ = read("The Russian Foreign Ministry objected. The Ministry called it theft.", institutions="own")
    assert ("Ministry", "RUS_MFA", "short_form") in _found(own)


def test_the_latest_long_form_decides(read):
    mentions, _ = read("The European Council met in March. The Council agreed. Later the UN Security Council "
                       "met. The Council was split.")
    councils = mentions[mentions["text"] == "Council"]
    assert councils["actor_id"].tolist() == ["EU", "UN"]


def test_short_forms_without_context_are_no_mentions(read):
    mentions, _ = read("The Commission said so. The Council agreed. The Alliance grew. "
                       "The Security Council met and the Secretary-General spoke to this Assembly.")
    linked = mentions[mentions["method"] == "register"]  # (the model may still call "Assembly" a name)
    assert not set(linked["text"]) & {
        "Commission", "Council", "Alliance", "Security Council", "Secretary-General", "Assembly"}


def test_other_names_are_not_short_forms(read):
    mentions, _ = read("The European Commission met. The Commission on the Status of Women and the Council of "
                       "Europe met. The Peace Commission of Colombia too.")
    assert ("Council of Europe", "COE") in set(zip(mentions["text"], mentions["actor_id"]))
    assert "Commission" not in set(mentions["text"])


UN_SPEECH = ("Mr. President,\nIt is an honour to address this august Assembly. The Security Council must be "
             "reformed. I thank the Secretary-General for his leadership. Our Organization is 75 years old, "
             "and the principles of the Charter guide us. The General Assembly and the Human Rights Council "
             "must act.")


def test_un_organs_resolve_in_a_un_setting(read):
    mentions, _ = read(UN_SPEECH, meta={"outlet": "United Nations General Assembly", "date": "2020-09"})
    found = set(_found(mentions))
    assert {("Assembly", "UN", "institution"), ("Security Council", "UN", "institution"),
            ("Secretary-General", "guterres", "title"), ("Organization", "UN", "short_form"),
            ("Charter", "UN_CHARTER", "short_form"), ("General Assembly", "UN", "institution"),
            ("Human Rights Council", "UN", "institution")} <= found
    own, _ = read(UN_SPEECH, meta={"setting": "UNGA", "date": "2020-09"}, institutions="own")
    assert ("Assembly", "UNGA", "short_form") in set(_found(own))
    assert ("Security Council", "UNSC", "short_form") in set(_found(own))


def test_un_organs_resolve_after_the_un_is_named(read):
    mentions, _ = read("The United Nations turns 75. " + UN_SPEECH.split("\n", 1)[1])
    found = set(_found(mentions))
    assert ("Security Council", "UN", "institution") in found
    assert ("Secretary-General", "UN", "title") in found          # no date: the office, not a person
    assert ("Organization", "UN", "short_form") in found


def test_another_organisation_in_another_setting(read):
    mentions, _ = read("The Secretary General opened the meeting. The Council of the Alliance agreed.",
                       meta={"setting": "NATO", "date": "2020-05-01"})
    assert ("Secretary General", "stoltenberg", "title") in set(_found(mentions))
    mentions, _ = read("The Secretary General opened the meeting.", meta={"setting": "NATO", "date": "2025-03-01"})
    assert ("Secretary General", "rutte", "title") in set(_found(mentions))


def test_spelling_variants_and_group_forms(read):
    mentions, _ = read("Türkiye, Turkiye, Côte d'Ivoire and Cote d'Ivoire spoke for the Group of 77 and the "
                       "Group of 20; the G20 and the G77 replied. ECOWAS, SADC, IGAD, CARICOM, Mercosur, the Arab "
                       "League and the Non-Aligned Movement met.")
    ids = mentions["actor_id"].tolist()
    assert ids.count("TUR") == 2 and ids.count("CIV") == 2 and ids.count("G20") == 2 and ids.count("G77") == 2
    assert {"ECOWAS", "SADC", "IGAD", "CARICOM", "MERCOSUR", "LAS", "NON_ALIGNED"} <= set(ids)


# --------------------------------------------------------------------------- common words, discovery


def test_common_words_are_no_persons_and_name_shapes_are_kept(read):
    mentions, _ = read("German election\n\nBERLIN (Reuters) \u2013 Turnout was high. The AfD gained. "
                       "Observers said the vote was calm.")
    assert "Turnout" not in set(mentions["text"])
    assert "unlinked:afd" in set(mentions["actor_id"])


ELECTION = {
    "a": "German election\n\nBERLIN (Reuters) \u2013 Turnout was high. The far-right Alternative for Germany (AfD) "
         "gained. Furthermore, the Greens lost seats. Voters backed the Alternative for Germany in the east.",
    "b": "Coalition talks\n\nBERLIN, 25 February 2025 \u2013 Furthermore, the AfD was excluded. Leaders of the "
         "Alternative for Germany protested, and the AfD said it would wait.",
}


def test_the_coverage_report_shows_what_the_model_missed(read):
    mentions, corpus = read("", texts=ELECTION)
    report = unlinked_report(mentions, corpus=corpus)
    assert list(report.columns) == ["actor_id", "name", "type", "entity_kind", "mentions", "documents", "example",
                                    "example_sentence"]
    assert (report["example_sentence"] != "").all()
    candidates = report[report["type"] == CANDIDATE_TYPE]
    assert "Alternative for Germany" in set(candidates["name"])
    row = candidates[candidates["name"] == "Alternative for Germany"].iloc[0]
    assert row["mentions"] == 3 and row["documents"] == 2 and "Alternative for Germany" in row["example_sentence"]
    assert not {"Furthermore", "Turnout", "Voters", "Leaders"} & set(candidates["name"])
    # without the corpus: no sentences to show, and nothing discovered
    assert (unlinked_report(mentions)["type"] != CANDIDATE_TYPE).all()


def test_actor_tables_count_actors_by_default(read):
    mentions, _ = read("Russia and Belarus invoked the Helsinki Final Act in Eurasia. Russia agreed.")
    assert set(actors_table(mentions)["id"]) == {"RUS", "BLR"}
    assert set(actors_table(mentions, kinds=("reference",))["id"]) == {"HELSINKI_FINAL_ACT"}
    assert set(actors_table(mentions, kinds=("place",))["id"]) == {"EURASIA"}
    assert actors_table(mentions, kinds=None)["mentions"].sum() == len(mentions)


def test_the_setting_keeps_its_own_short_form(read):
    text = ("The World Health Organization has led the response. We support the Organization and its "
            "Secretary-General in this hour.")
    mentions, _ = read(text, meta={"outlet": "United Nations General Assembly"})
    assert ("Organization", "UN", "short_form") in set(_found(mentions))
    mentions, _ = read(text)  # no setting: the name it refers back to
    assert ("Organization", "WHO", "short_form") in set(_found(mentions))
