"""Actor mentions on the seed corpus and on synthetic sentences."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.extract.actors import (
    actors_table,
    extract_actor_mentions,
    mentions_frame,
    roll_up,
    unlinked_report,
)
from analysis.corpus import corpus_from_texts
from analysis.schema import ACTOR_MENTION_COLUMNS


@pytest.fixture(scope="module")
def seed_mentions(seed_parsed, register):
    rows = []
    for document, parsed in seed_parsed:
        rows += extract_actor_mentions(parsed, register, dates={document.doc_id: document.meta.get("date")})
    return mentions_frame(rows)


@pytest.fixture(scope="module")
def mentions_of(nlp, register):
    """Mentions of ad-hoc texts: ``mentions_of("text", date=None) -> DataFrame``."""
    from analysis.nlp import iter_parsed

    def run(text: str, date=None, institutions: str = "parent") -> pd.DataFrame:
        corpus = corpus_from_texts({"t": text})
        rows = []
        for document, parsed in iter_parsed(corpus, nlp, cache=False):
            rows += extract_actor_mentions(parsed, register, dates=date, institutions=institutions)
            for row in rows:
                assert document.text[row["start"]:row["end"]] == row["text"]
        return mentions_frame(rows)

    return run


def _sentence(seed_parsed, doc_prefix, needle):
    for document, parsed in seed_parsed:
        if document.doc_id.startswith(doc_prefix):
            for sentence, _ in parsed:
                if needle in sentence.clean_text:
                    return sentence
    raise AssertionError(f"no sentence with {needle!r} in {doc_prefix}")


def _in_sentence(mentions, sentence):
    return mentions[(mentions.doc_id == sentence.doc_id) & (mentions.sentence_id == sentence.sentence_id)]


def _pairs(frame):
    return set(zip(frame["text"], frame["actor_id"], frame["mention_kind"]))


def test_schema_and_offsets(seed_mentions, seed_corpus):
    assert list(seed_mentions.columns) == ACTOR_MENTION_COLUMNS
    assert len(seed_mentions) > 600
    for row in seed_mentions.itertuples():
        assert seed_corpus[row.doc_id].text[row.start:row.end] == row.text
    assert set(seed_mentions.method) <= {"register", "ner"}
    # issue 13: short forms resolved in their document ("the Alliance" after NATO) are a kind
    assert set(seed_mentions.mention_kind) <= {"name", "alias", "demonym", "metonym", "title", "pronoun", "institution",
                                               "short_form"}
    assert set(seed_mentions.entity_kind) == {"actor", "place", "reference"}


def test_metonyms_and_demonyms(seed_parsed, seed_mentions):
    s = _sentence(seed_parsed, "000", "Moscow views the establishment")
    # "Russian Foreign Ministry spokeswoman Maria Zakharova": the ministry (counted under
    # RUS) and the person are two mentions; "Russian" is part of the ministry's name.
    assert {("Moscow", "RUS", "metonym"), ("Russian Foreign Ministry", "RUS", "institution"),
            ("spokeswoman Maria Zakharova", "zakharova", "name")} <= _pairs(_in_sentence(seed_mentions, s))
    s = _sentence(seed_parsed, "000", "reinforces the Kremlin's unified messaging")
    assert ("Kremlin", "RUS", "metonym") in _pairs(_in_sentence(seed_mentions, s))
    s = _sentence(seed_parsed, "000", "high-level Russian officials")
    assert _pairs(_in_sentence(seed_mentions, s)) == {("Russian", "RUS", "demonym")}
    s = _sentence(seed_parsed, "004", "Kiev started shelling Donbass")
    assert {("Kiev", "UKR", "metonym"), ("Donbass", "DONBAS", "alias"), ("the West", "WEST", "name")} \
        <= _pairs(_in_sentence(seed_mentions, s))
    kyiv = seed_mentions[seed_mentions.text == "Kyiv"]
    assert len(kyiv) >= 3 and set(kyiv.actor_id) == {"UKR"}      # the statistical model says PERSON


def test_titled_persons(seed_parsed, seed_mentions):
    s = _sentence(seed_parsed, "000", "Turkish President Recep Tayyip Erdogan")
    pairs = _pairs(_in_sentence(seed_mentions, s))
    assert ("President Recep Tayyip Erdogan", "erdogan", "name") in pairs
    assert ("Turkish", "TUR", "demonym") in pairs and ("Ankara", "TUR", "metonym") in pairs
    s = _sentence(seed_parsed, "000", "Russian Foreign Minister Sergey Lavrov addressed")
    pairs = _pairs(_in_sentence(seed_mentions, s))
    assert ("Foreign Minister Sergey Lavrov", "lavrov", "name") in pairs
    assert ("Minsk Security Forum", "MINSK_CONF", "alias") in pairs
    s = _sentence(seed_parsed, "002", "Kremlin spokesman Dmitry Peskov")
    assert ("spokesman Dmitry Peskov", "peskov", "name") in _pairs(_in_sentence(seed_mentions, s))


def test_zakharova_everywhere(seed_mentions):
    zak = seed_mentions[seed_mentions.text.str.contains("Zakharova")]
    assert len(zak) >= 15 and set(zak.actor_id) == {"zakharova"}    # the model calls her ORG or NORP


def test_nbsp_and_initials(seed_mentions):
    putin = seed_mentions[seed_mentions.actor_id == "putin"]
    assert any("\u00a0" in text for text in putin.text)              # "Vladimir\u00a0Putin" in 003
    assert {"Maxim M. Litvinov", "Andrey A.\u00a0Gromyko"} <= set(seed_mentions.text)
    assert "gromyko" in set(seed_mentions.actor_id) and "litvinov" in set(seed_mentions.actor_id)


def test_longer_names_win(seed_mentions, seed_corpus):
    forum = seed_mentions[seed_mentions.actor_id == "MINSK_CONF"]
    assert len(forum) >= 4
    blr = seed_mentions[seed_mentions.actor_id == "BLR"]
    for row in forum.itertuples():
        overlapping = blr[(blr.doc_id == row.doc_id) & (blr.start < row.end) & (blr.end > row.start)]
        assert overlapping.empty
    assert "Helsinki Final Act" in set(seed_mentions[seed_mentions.actor_id == "HELSINKI_FINAL_ACT"].text)
    assert "Helsinki" not in set(seed_mentions.text)                 # Helsinki Final Act, Helsinki-era
    assert "CFE" in set(seed_mentions.actor_id) and "WARSAW_PACT" in set(seed_mentions.actor_id)


def test_brussels_is_resolved_or_marked(seed_parsed, seed_mentions):
    brussels = seed_mentions[seed_mentions.text == "Brussels"]
    assert len(brussels) == 4
    for row in brussels.itertuples():
        if row.ambiguous:
            assert row.actor_id == "ambiguous:brussels" and {"EU", "NATO"} <= set(row.candidates.split(";"))
        else:
            assert row.actor_id in {"EU", "NATO"} and row.candidates == ""
    s = _sentence(seed_parsed, "004", "Washington and Brussels rejected our draft")
    assert ("Brussels", "NATO", "metonym") in _pairs(_in_sentence(seed_mentions, s))


def test_cyrillic_letter_is_not_an_actor(seed_parsed, seed_mentions):
    s = _sentence(seed_parsed, "003", "polycentric world order, and is designed")
    assert set(_in_sentence(seed_mentions, s).actor_id) == {"EURASIA"}


def test_unnamed_title_uses_the_document_date(seed_parsed, seed_mentions):
    s = _sentence(seed_parsed, "001", "Russia's foreign minister said Moscow")
    pairs = _pairs(_in_sentence(seed_mentions, s))
    assert ("foreign minister", "lavrov", "title") in pairs and ("Russia", "RUS", "name") in pairs
    s = _sentence(seed_parsed, "001", "A senior Russian deputy foreign minister")
    assert ("Russian deputy foreign minister", "RUS", "title") in _pairs(_in_sentence(seed_mentions, s))


def test_seeds_have_almost_no_unlinked_entities(seed_mentions):
    unlinked = seed_mentions[seed_mentions.method == "ner"]
    assert len(unlinked) <= 3, unlinked[["doc_id", "text"]]


def test_states_in_synthetic_sentences(mentions_of):
    found = mentions_of(
        "Mali, Viet Nam and Côte d'Ivoire signed with Vietnam, Cote d’Ivoire and Bamako. "
        "The Holy See and the State of Palestine observed. Russia’s and Türkiye's envoys met in Hanoi.")
    ids = list(found.actor_id)
    assert ids.count("MLI") == 2 and ids.count("VNM") == 3 and ids.count("CIV") == 2
    assert {"VAT", "PSE", "RUS", "TUR"} <= set(ids)


def test_things_that_are_not_state_mentions(mentions_of):
    found = mentions_of(
        "The Washington Post reported that non-Western states and us all agree. "
        "James Jordan of the Associated Press asked Mr Jordan. The Paris Agreement was signed in May.")
    assert "USA" not in set(found.actor_id) and "WAPO" in set(found.actor_id)
    assert "WEST" not in set(found.actor_id)
    assert "JOR" not in set(found.actor_id) and "FRA" not in set(found.actor_id)


def test_title_resolution_depends_on_date(mentions_of):
    text = "The US president spoke. Later the former US president and Russia's foreign minister replied."
    dated = mentions_of(text, date="2022-06-01")
    assert ("president", "biden", "title") in _pairs(dated)
    assert ("US president", "USA", "title") in _pairs(dated)        # "former": never a person
    assert ("foreign minister", "lavrov", "title") in _pairs(dated)
    undated = mentions_of(text)
    assert not set(undated.actor_type) & {"person"}
    assert ("US president", "USA", "title") in _pairs(undated)


def test_unknown_names_are_unlinked(mentions_of):
    found = mentions_of("Finnish diplomat Pekka Haavisto met Abdoulaye Diop in Bamako on Monday.")
    unlinked = found[found.method == "ner"]
    assert "unlinked:pekka haavisto" in set(unlinked.actor_id)
    assert set(unlinked.actor_type) <= {"person", "organisation", "place", "group", "region",
                                        "facility", "event", "agreement"}
    assert {"FIN", "MLI"} <= set(found.actor_id)
    assert not found.actor_id.str.contains("monday").any()


def test_tables(seed_mentions, register):
    table = actors_table(seed_mentions, register)
    # issue 13: the table has the entity kind, and counts actors unless told otherwise
    assert list(table.columns) == ["id", "name", "type", "entity_kind", "mentions", "documents"]
    assert table.iloc[0]["id"] == "RUS" and table.iloc[0]["documents"] == 5
    assert set(table["entity_kind"]) == {"actor"} and "EURASIA" not in set(table["id"])
    everything = actors_table(seed_mentions, register, kinds=None)
    assert everything["mentions"].sum() == len(seed_mentions)
    assert {"EURASIA", "HELSINKI_FINAL_ACT"} <= set(everything["id"])
    assert set(actors_table(seed_mentions, register, kinds=("reference",))["type"]) <= {"agreement", "event"}

    rolled = roll_up(seed_mentions, "state", register, dates="2025-11-01")
    assert len(rolled) == len(seed_mentions)
    lavrov = rolled[rolled.source_actor_id == "lavrov"]
    assert len(lavrov) and set(lavrov.actor_id) == {"RUS"}
    commission = seed_mentions[seed_mentions.text == "European Commission"]
    assert len(commission) and set(zip(commission.actor_id, commission.mention_kind)) == {("EU", "institution")}
    assert set(rolled[rolled.source_actor_id == "stoltenberg"].actor_id) == {"NOR"}   # left NATO in 2024
    with pytest.raises(ValueError):
        roll_up(seed_mentions, "planet", register)

    extra = pd.DataFrame([dict(seed_mentions.iloc[0]) | {"actor_id": "unlinked:x y", "method": "ner", "text": "X Y"}] * 3)
    report = unlinked_report(pd.concat([seed_mentions, extra]), top=5)
    assert report.iloc[0]["actor_id"] == "unlinked:x y" and report.iloc[0]["mentions"] == 3
    assert 0.9 < report.attrs["linked_share"] <= 1.0


def test_national_institutions_are_not_metonyms(mentions_of, register):
    text = ("The State Duma, the Federation Council and the FSB backed the law; "
            "the Verkhovna Rada and the State Department objected, the Kremlin said.")
    # By default a named body counts for the state it belongs to ...
    counted = mentions_of(text)
    assert ("State Duma", "RUS", "institution") in _pairs(counted)
    assert ("State Department", "USA", "institution") in _pairs(counted)
    # (the body's own id stays on the row: statements use it)
    own_ids = dict(zip(counted.text, counted.institution_id))
    assert own_ids["State Duma"] == "RUS_STATE_DUMA" and own_ids["State Department"] == "USA_STATE_DEPARTMENT"
    assert counted[counted.mention_kind != "institution"].institution_id.isna().all()
    # ... and keeps its own id on request.
    found = mentions_of(text, institutions="own")
    pairs = _pairs(found)
    assert {("State Duma", "RUS_STATE_DUMA", "name"), ("Federation Council", "RUS_FEDERATION_COUNCIL", "name"),
            ("FSB", "RUS_FSB", "alias"), ("Verkhovna Rada", "UKR_RADA", "name"),
            ("State Department", "USA_STATE_DEPARTMENT", "alias")} <= pairs
    assert ("Kremlin", "RUS", "metonym") in pairs          # a building stays a metonym
    assert not set(found[found.mention_kind == "metonym"].actor_id) - {"RUS"}
    rolled = roll_up(found, "state", register)
    assert set(rolled.actor_id) == {"RUS", "UKR", "USA"}


def test_russian_foreign_ministry(mentions_of, register):
    found = mentions_of("The Russian Foreign Ministry said it. Russia's Foreign Ministry agreed. "
                        "The Russian Foreign Ministry spokeswoman added more.", date="2023-05-01",
                        institutions="own")
    assert ("Russian Foreign Ministry", "RUS_MFA", "name") in _pairs(found)
    assert ("Russia's Foreign Ministry", "RUS_MFA", "alias") in _pairs(found)
    # The office phrase "Foreign Ministry spokeswoman" starts inside the ministry's name.
    assert ("spokeswoman", "zakharova", "title") in _pairs(found)
    assert register.name_of("RUS_MFA") == "Russian Foreign Ministry" and register.state_of("RUS_MFA") == "RUS"


def test_places_named_after_a_capital_are_blocked(mentions_of):
    found = mentions_of("The Ukrainian Orthodox Church of the Moscow Patriarchate met in the Moscow Region. "
                        "She studied at Moscow State University and the Moscow Conservatory. Moscow agreed.")
    assert list(found[found.actor_id == "RUS"].text) == ["Moscow"]


def test_non_actors_are_not_unlinked_entities(mentions_of):
    found = mentions_of("The Oreshnik was tested before the New Year. Russophobia is spreading on Earth, "
                        "Peskov said after Sarmat and Kinzhal were deployed.")
    names = set(found.actor_id)
    for junk in ("oreshnik", "new year", "russophobia", "earth", "sarmat", "kinzhal"):
        assert "unlinked:" + junk not in names
    assert "peskov" in names


def test_stop_words_are_spacys_without_importing_it():
    import subprocess
    import sys

    from spacy.lang.en.stop_words import STOP_WORDS

    from analysis.text import english_stop_words

    assert english_stop_words() == frozenset(STOP_WORDS)
    # In a fresh process (a notebook kernel reading tables), the list comes without spaCy.
    probe = ("import sys; from analysis.text import english_stop_words; "
             "assert 'whereas' in english_stop_words(); print('spacy' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"
