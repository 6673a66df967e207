"""The actor register: validation, roll-up, patterns and the generated states section."""

from __future__ import annotations

import json
import re
import sys

import pytest

from analysis.register import (
    DEFAULT_PATH,
    RegisterError,
    kind_of_label,
    label_for,
    load_register,
    parse_register,
)
from tests.paths import ROOT

MINIMAL = """
actors:
  - id: RUS
    name: Russia
    type: state
    demonyms: [Russian]
  - id: lavrov
    name: Sergey Lavrov
    type: person
    nationality: RUS
    affiliation:
      - {state: RUS, office: foreign_minister, start: 2004-03-09}
"""


def test_default_register_loads_and_is_cached(register):
    assert register.path == DEFAULT_PATH
    assert load_register() is register
    assert re.fullmatch(r"[0-9a-f]{12}", register.version)
    assert register.get("RUS").name == "Russia"
    assert register.get("nope") is None


def test_every_un_member_and_observer_is_a_state(register):
    coco = pytest.importorskip("country_converter")
    data = coco.CountryConverter().data
    members = set(data.loc[data["UNmember"].notna(), "ISO3"])
    assert len(members) == 193
    states = {a.id for a in register if a.type == "state"}
    assert members <= states
    assert {"VAT", "PSE", "XKX", "TWN", "SUN"} <= states
    assert register.get("XKX").status == "partially_recognised"
    assert register.get("PSE").status == "observer"


def test_every_state_has_a_demonym(register):
    ambiguous_demonyms = {cand for amb in register.ambiguous.values() if amb.demonyms
                          for cand in amb.candidate_ids}
    missing = [a.id for a in register if a.type == "state" and a.status != "observer"
               and not a.demonyms and a.id not in ambiguous_demonyms]
    assert missing == []


def test_curated_names_of_tricky_states(register):
    forms = register.surface_index()
    for text, actor_id in [("Viet Nam", "VNM"), ("Vietnam", "VNM"), ("Türkiye", "TUR"), ("Turkey", "TUR"),
                           ("Turkiye", "TUR"), ("DPRK", "PRK"), ("North Korea", "PRK"),
                           ("Republic of Korea", "KOR"), ("South Korea", "KOR"), ("Iran", "IRN"),
                           ("Russian Federation", "RUS"), ("United States of America", "USA"),
                           ("Republic of Belarus", "BLR"), ("Côte d'Ivoire", "CIV"), ("Cote d'Ivoire", "CIV"),
                           ("Ivory Coast", "CIV"), ("Kyiv", "UKR"), ("Kiev", "UKR"), ("Kremlin", "RUS"),
                           ("White House", "USA"), ("Beijing", "CHN"), ("Ankara", "TUR"), ("Minsk", "BLR"),
                           ("CSCE", "OSCE"), ("the West", "WEST"), ("Westerners", "WEST"),
                           ("Zelensky", "zelenskyy"), ("Zelenskiy", "zelenskyy"), ("Erdoğan", "erdogan"),
                           ("Erdogan", "erdogan"), ("MOSCOW", "RUS"), ("The West", "WEST")]:
        assert forms.get(text, ("?",))[0] == actor_id, text
    assert forms["Russian"] == ("RUS", "demonym")
    assert forms["Moscow"] == ("RUS", "metonym")
    assert forms["Brussels"] == ("ambiguous:brussels", "metonym")


def test_patterns_are_case_sensitive_plain_data(register):
    patterns = register.ruler_patterns()
    json.dumps(patterns)  # plain data, storable in a spaCy config or a JSONL file
    strings = {p["pattern"] for p in patterns if isinstance(p["pattern"], str)}
    assert "US" in strings and "us" not in strings
    assert "May" not in strings and "Chad" in strings
    ids = {p["id"] for p in patterns if p["label"] != "ACTOR_BLOCKED"}
    assert all(i in register or i.startswith("ambiguous:") for i in ids)
    assert {kind_of_label(p["label"]) for p in patterns} - {None} <= {"name", "alias", "demonym", "metonym", "title"}
    assert label_for("demonym") == "ACTOR_DEMONYM" and kind_of_label("ACTOR_DEMONYM") == "demonym"
    assert kind_of_label("PERSON") is None


def test_state_of_follows_dated_roles_and_parents(register):
    assert register.state_of("RUS") == "RUS"
    assert register.state_of("lavrov") == "RUS"
    assert register.state_of("EC") == "EU"                       # institution -> parent
    assert register.state_of("KURSK") == "RUS"                  # region -> parent
    assert register.state_of("NATO") == "NATO"                  # IGOs are their own top level
    assert register.state_of("stoltenberg", "2020-05-01") == "NATO"
    assert register.state_of("stoltenberg", "2025-06-01") == "NOR"
    assert register.state_of("stoltenberg") == "NOR"            # no date: nationality
    assert register.state_of("rutte", "2023-01-01") == "NLD"
    assert register.state_of("rutte", "2025-01-01") == "NATO"
    assert register.state_of("unlinked:foo") is None


def test_office_holders_by_date(register):
    assert register.office_holders("USA", "president", "2022-06-01") == ["biden"]
    assert register.office_holders("USA", "president", "2025-03-01") == ["trump"]
    assert register.office_holders("RUS", "foreign_minister", "2025-12-01") == ["lavrov"]
    assert register.office_holders("DEU", "chancellor", "2021-12-08") == ["scholz"]   # end is exclusive
    assert len(register.office_holders("RUS", "deputy_foreign_minister", "2025-12-01")) > 1
    assert register.office_holders("RUS", "president", None) == []


def test_to_frame(register):
    frame = register.to_frame()
    assert {"id", "name", "type", "parent", "aliases", "demonyms", "metonyms", "roles"} <= set(frame.columns)
    assert frame["id"].is_unique and len(frame) == len(register)


@pytest.mark.parametrize("edit, message", [
    (lambda t: t + "  - id: RUS\n    name: Again\n    type: state\n", "actor 'RUS': duplicate id"),
    (lambda t: t.replace("type: state", "type: country"), "actor 'RUS': unknown type 'country'"),
    (lambda t: t.replace("start: 2004-03-09", "start: 2004-13-45"), "actor 'lavrov', role 1: bad date"),
    (lambda t: t.replace("start: 2004-03-09", "start: 2004-03-09, end: 2001-01-01"), "ends (2001-01-01) before"),
    (lambda t: t.replace("nationality: RUS", "nationality: XYZ"), "nationality 'XYZ' is not in the register"),
    (lambda t: t.replace("demonyms: [Russian]", "demonyms: [Russian, Sergey Lavrov]"), "also a form of"),
    (lambda t: t.replace("id: lavrov", "id: Lavrov"), "person ids are lower-case"),
])
def test_validation_errors_name_file_and_actor(tmp_path, edit, message):
    path = tmp_path / "actors.yaml"
    path.write_text(edit(MINIMAL), encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_register(path)
    assert isinstance(info.value, RegisterError)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_minimal_register_and_version_tracks_content(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    first = load_register(path)
    assert first.state_of("lavrov", "2010-01-01") == "RUS"
    path.write_text(MINIMAL.replace("[Russian]", "[Russian, Russians]"), encoding="utf-8")
    second = load_register(path)
    assert second.version != first.version
    assert "Russians" in second.surface_index()


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(RegisterError, match="cannot read register"):
        load_register(tmp_path / "none.yaml")
    with pytest.raises(RegisterError, match="not valid YAML"):
        parse_register("actors: [", tmp_path / "bad.yaml")


def test_generated_states_section_is_up_to_date():
    pytest.importorskip("country_converter")
    pytest.importorskip("pycountry")
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_register
    finally:
        sys.path.pop(0)
    states = build_register.build_states(build_register.read_curated())
    current = DEFAULT_PATH.read_text(encoding="utf-8")
    assert build_register.updated_text(current, build_register.render(states)) == current
    assert [s["id"] for s in states] == sorted(s["id"] for s in states)


def test_ruler_in_spacy(nlp):
    doc = nlp("Russia’s envoy and the US met in Moscow; us and May are not countries.")
    found = {(e.text, e.ent_id_) for e in doc.ents if e.label_.startswith("ACTOR_")}
    assert ("Russia", "RUS") in found and ("US", "USA") in found and ("Moscow", "RUS") in found
    assert not any(text in ("us", "May") for text, _ in found)
    assert nlp.pipe_names.index("actor_ruler") < nlp.pipe_names.index("ner")


def test_national_bodies_are_institutions_places_are_metonyms(register):
    forms = register.surface_index()
    for form, actor_id in [("State Duma", "RUS_STATE_DUMA"), ("Federation Council", "RUS_FEDERATION_COUNCIL"),
                           ("Federal Assembly", "RUS_FEDERAL_ASSEMBLY"), ("FSB", "RUS_FSB"),
                           ("Verkhovna Rada", "UKR_RADA"), ("Russian Foreign Ministry", "RUS_MFA"),
                           ("State Department", "USA_STATE_DEPARTMENT")]:
        assert forms[form][0] == actor_id and forms[form][1] in ("name", "alias"), form
        assert register.type_of(actor_id) == "institution"
    assert register.state_of("RUS_MFA") == register.state_of("RUS_FSB") == "RUS"
    assert register.state_of("UKR_RADA") == "UKR" and register.name_of("RUS_MFA") == "Russian Foreign Ministry"
    for form, state in [("Kremlin", "RUS"), ("White House", "USA"), ("Pentagon", "USA"), ("Bankova", "UKR")]:
        assert forms[form] == (state, "metonym")
    # No state keeps a named body among its metonyms.
    for actor in register:
        if actor.type == "state":
            assert not {"State Duma", "FSB", "Rada", "State Department", "Bundestag"} & set(actor.metonyms)


def test_blocking_heads_after_a_capital(nlp):
    doc = nlp("The Moscow Patriarchate, the Moscow Region and Moscow State University are not Russia; Moscow is.")
    ents = [(e.text, e.label_) for e in doc.ents if e.label_.startswith("ACTOR_")]
    assert ("Moscow", "ACTOR_METONYM") in ents
    assert [t for t, label in ents if label == "ACTOR_METONYM"] == ["Moscow"]


@pytest.mark.parametrize("content, message", [
    (b"actors:\n  - id: RUS\n    name: \xffRussia\n", ": not valid UTF-8 at byte 30 (line 3): invalid start byte"),
    (b"", ": the register file is empty"),
    (b"actors:\n  - id: RUS\n    name: [Russia\n", ":4: not valid YAML: while parsing a flow sequence (from line 3): "
                                                   "expected ',' or ']', but got '<stream end>'"),
    (b"actors: !!python/object/apply:os.system [true]\n", ":1: not valid YAML: could not determine a constructor"),
    (b"- RUS\n", ": the register must be a mapping with 'actors' (and 'states'), got a list"),
    (b"states: {RUS: Russia}\n", ": section 'states' must be a list"),
])
def test_unreadable_register_files_name_file_line_or_byte(tmp_path, content, message):
    path = tmp_path / "actors.yaml"
    path.write_bytes(content)
    with pytest.raises(RegisterError) as info:
        load_register(path)
    assert str(info.value).startswith(f"{path}{message}"), str(info.value)
    assert "\n" not in str(info.value)


def test_register_folder_is_a_clear_error(tmp_path):
    with pytest.raises(RegisterError, match="is a folder, not a register file"):
        load_register(tmp_path)


def test_format_characters_in_register_forms_are_dropped(tmp_path):
    """A name pasted with a bidi mark would never match the clean text: it is cleaned."""
    path = tmp_path / "actors.yaml"
    path.write_text(MINIMAL.replace("name: Russia", "name: \u2066Rus\u00adsia\u2069")
                    .replace("[Russian]", "[\"Russian\u200e\"]"), encoding="utf-8")
    register = load_register(path)
    assert register.get("RUS").name == "Russia"
    assert register.get("RUS").demonyms == ("Russian",)
    assert {"Russia", "Russian"} <= set(register.surface_index())
    assert not any(ch in text for text in register.surface_index() for ch in "\u2066\u2069\u00ad\u200e")
    # Ids are not cleaned: an invisible character there is an error that shows it.
    path.write_text(MINIMAL.replace("id: RUS", "id: RU\u202eS"), encoding="utf-8")
    with pytest.raises(RegisterError, match=r"actor 'RU\\u202eS': ids of state actors|state ids"):
        load_register(path)


# --------------------------------------------------------------------------- issue 13


def test_every_entry_has_an_entity_kind_from_its_type(register):
    from analysis.register import ENTITY_KINDS, KNOWN_TYPES, load_entity_kinds

    kinds = load_entity_kinds()
    assert set(kinds.register_types) == KNOWN_TYPES
    for actor in register:
        assert actor.entity_kind in ENTITY_KINDS
        assert actor.entity_kind == kinds.of_type(actor.type), actor.id  # no entry overrides its type today
    assert {register.kind_of(a) for a in ("RUS", "NATO", "putin", "EC", "WEST", "WAPO")} == {"actor"}
    assert {register.kind_of(a) for a in ("EURASIA", "EUROPE", "BLACK_SEA", "NORD_STREAM")} == {"place"}
    assert {register.kind_of(a) for a in ("HELSINKI_FINAL_ACT", "UN_CHARTER", "WWII", "MINSK_CONF")} == {"reference"}
    assert register.kind_of("ambiguous:brussels") == "actor" and register.kind_of("unlinked:x") is None
    assert "entity_kind" in register.to_frame().columns


def test_an_entry_may_set_its_entity_kind(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text(MINIMAL + "  - id: DONBAS\n    name: Donbas\n    type: region\n    entity_kind: actor\n",
                    encoding="utf-8")
    assert load_register(path).kind_of("DONBAS") == "actor"
    path.write_text(MINIMAL + "  - id: DONBAS\n    name: Donbas\n    type: region\n    entity_kind: thing\n",
                    encoding="utf-8")
    with pytest.raises(RegisterError, match="actor 'DONBAS': unknown entity_kind 'thing'"):
        load_register(path)


@pytest.mark.parametrize("extra, message", [
    ("    context: NOWHERE\n", "context 'NOWHERE' is not in the register"),
    ("    context_offices: [emperor]\n", "context office 'emperor' is not in 'offices'"),
    ("    short_forms: [\"\"]\n", "'short_forms' must be a list of non-empty strings"),
])
def test_short_form_fields_are_validated(tmp_path, extra, message):
    path = tmp_path / "actors.yaml"
    path.write_text("offices:\n  president: [President]\n" + MINIMAL
                    + "  - id: UN\n    name: United Nations\n    type: igo\n" + extra, encoding="utf-8")
    with pytest.raises(RegisterError, match=re.escape(message)):
        load_register(path)


def test_regional_organisations_and_group_forms(register):
    forms = register.surface_index()
    for text, actor_id in [("ECOWAS", "ECOWAS"), ("Economic Community of West African States", "ECOWAS"),
                           ("SADC", "SADC"), ("IGAD", "IGAD"), ("CARICOM", "CARICOM"), ("Mercosur", "MERCOSUR"),
                           ("MERCOSUR", "MERCOSUR"), ("Arab League", "LAS"), ("League of Arab States", "LAS"),
                           ("African Union", "AU"), ("Organization of American States", "OAS"), ("ASEAN", "ASEAN"),
                           ("Pacific Islands Forum", "PIF"), ("SAARC", "SAARC"), ("East African Community", "EAC"),
                           ("Group of 20", "G20"), ("G20", "G20"), ("G-20", "G20"), ("Group of Twenty", "G20"),
                           ("Group of 77", "G77"), ("G77", "G77"), ("Group of 77 and China", "G77"),
                           ("Non-Aligned Movement", "NON_ALIGNED"), ("Group of Seven", "G7"),
                           ("UN Security Council", "UNSC"), ("United Nations General Assembly", "UNGA")]:
        assert forms.get(text, ("?",))[0] == actor_id, text
    assert register.state_of("UNSC") == register.state_of("UNGA") == "UN"   # organs count for the UN
    assert register.type_of("ECOWAS") == "igo" and register.kind_of("ECOWAS") == "actor"


def test_short_forms_are_no_patterns_but_an_index(register):
    from analysis.register import form_tokens

    strings = {p["pattern"] for p in register.ruler_patterns() if isinstance(p["pattern"], str)}
    assert not {"Commission", "Council", "Security Council", "Secretary-General", "Alliance", "the Alliance"} & strings
    index = register.short_forms()
    keys = {tokens: {c.key for c in cands} for tokens, cands in index.items()}
    assert {"EC|Commission", "AU_COMMISSION|Commission"} <= keys[("Commission",)]
    assert {"UNSC", "EU|Council", "NATO|Council"} <= keys[("Council",)]
    assert {"UNSC"} <= keys[form_tokens("Security Council")]
    assert {"UN#secretary_general", "NATO#secretary_general"} <= keys[form_tokens("Secretary-General")]
    assert {"UN"} <= keys[("Organization",)] and {"NATO"} <= keys[("Alliance",)]
    assert {"UNGA"} <= keys[("Assembly",)] and "UN_CHARTER" in keys[("Charter",)]
    assert register.anchors("UNSC") == ("UN",) and register.anchors("UN_CHARTER") == ("UN",)
    assert register.lookup("United Nations General Assembly") == "UNGA" and register.lookup("RUS_MFA") == "RUS_MFA"
    assert register.lookup("the United Nations") == "UN" and register.lookup("") is None


def test_the_ruler_adds_the_vocabulary_of_common_words(nlp):
    from analysis.register import COMMON_WORDS_TABLE

    table = nlp.vocab.lookups.get_table(COMMON_WORDS_TABLE)
    assert "turnout" in table and "election" in table and "zakharova" not in table


# The register's token patterns are tried only in sentences holding one of their first
# words (register.FirstTokenFilter): the entities must be those of the unfiltered matcher.
FILTER_SENTENCES = [
    "The Kremlin-style reply came late.",
    "Officials in Moscow said the Moscow Metro stays open.",
    "Nobody in the room mentioned any capital.",
    "Paris and the Paris Agreement were both discussed.",
    "",
]


def test_first_token_filter_finds_what_the_matcher_finds(nlp):
    from analysis.register import FirstTokenFilter

    ruler = nlp.get_pipe("actor_ruler")
    assert isinstance(ruler.matcher, FirstTokenFilter) and ruler.matcher.first_orths
    for text in FILTER_SENTENCES:
        doc = nlp.make_doc(text)
        assert list(ruler.matcher(doc)) == list(ruler.matcher.matcher(doc))


def test_first_token_filter_skips_sentences_without_first_words(nlp):
    ruler = nlp.get_pipe("actor_ruler")
    doc = nlp.make_doc("Nobody in the room mentioned any capital.")
    assert ruler.matcher.first_orths.isdisjoint(t.orth for t in doc)
    assert ruler.matcher(doc) == []


def test_first_token_filter_is_off_for_other_first_tokens_and_after_new_patterns():
    import spacy
    from spacy.matcher import Matcher

    from analysis.register import FirstTokenFilter

    blank = spacy.blank("en")
    by_lower = [{"label": "X", "pattern": [{"LOWER": "kremlin"}, {"ORTH": "style"}]}]
    assert FirstTokenFilter(Matcher(blank.vocab), by_lower, blank.vocab.strings).first_orths is None
    by_text = [{"label": "X", "pattern": [{"ORTH": "Kremlin"}, {"ORTH": "style"}]}]
    matcher = Matcher(blank.vocab)
    matcher.add("X", [by_text[0]["pattern"]])
    wrapped = FirstTokenFilter(matcher, by_text, blank.vocab.strings)
    assert wrapped(blank("a new style")) == []
    wrapped.add("Y", [[{"ORTH": "new"}, {"ORTH": "style"}]])  # the index would be stale now
    assert wrapped.first_orths is None and len(wrapped(blank("a new style"))) == 1


def test_register_with_an_entry_reads_its_dates_as_the_file_does():
    import datetime as dt

    from analysis.register import load_register_with

    entry = ("id: testenvoy\nname: Test Envoy\ntype: person\nnationality: RUS\n"
             "affiliation:\n  - {state: RUS, office: foreign_minister, start: 2031-01-02}\n")
    trial = load_register_with(entry)
    assert trial.get("testenvoy").name == "Test Envoy"
    assert "testenvoy" in trial.office_holders("RUS", "foreign_minister", dt.date(2032, 5, 1))
    assert "testenvoy" not in trial.office_holders("RUS", "foreign_minister", dt.date(2030, 5, 1))
    assert load_register().get("testenvoy") is None


def test_loaded_files_are_the_same_object_through_any_path(tmp_path):
    from analysis.text import FileCache

    original = tmp_path / "words.txt"
    original.write_text("peace security", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(original)
    words = FileCache(lambda path: path.read_text(encoding="utf-8").split())
    first = words(original)
    assert words(link) is first and words(str(tmp_path / "." / "words.txt")) is first
    original.write_text("peace security guarantees", encoding="utf-8")
    assert words(link) == ["peace", "security", "guarantees"]
