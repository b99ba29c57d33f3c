"""Translations: every marked message is translated, every page runs in every language."""

import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from geo.i18n import LOCALE_DIR, format_period, is_rtl, translator
from tests import ROOT
from tests.apptest import PAGES, open_page

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def marked_messages() -> set[str]:
    found = set()
    for folder in ("geo", "ui", "pages"):
        for _, _, message, _, _ in extract_from_dir(
            ROOT / folder, keywords={"t": None, "N_": None}, comment_tags=()
        ):
            found.add(message)
    for _, _, message, _, _ in extract_from_dir(
        ROOT, method_map=[("app.py", "python")], keywords={"t": None, "N_": None}
    ):
        found.add(message)
    return found


@pytest.fixture(scope="module")
def messages():
    found = marked_messages()
    assert len(found) > 100  # the extraction itself works
    return found


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_every_message_is_translated(messages, lang):
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = {m.id: m for m in read_po(fh) if m.id}
    missing = sorted(m for m in messages if m not in catalog)
    untranslated = sorted(m for m in messages if m in catalog and not catalog[m].string)
    fuzzy = sorted(m for m in messages if m in catalog and catalog[m].fuzzy)
    assert (missing, untranslated, fuzzy) == ([], [], []), "run `make messages`, then translate"
    for message in messages:
        translated = catalog[message].string
        assert set(PLACEHOLDER.findall(translated)) == set(PLACEHOLDER.findall(message)), message


def test_translator_and_formats():
    assert translator("fr")("Overview") != "Overview"
    assert translator("ar")("Overview") != "Overview"
    assert translator("xx")("Overview") == "Overview"
    assert format_period("2021-09-07", "2021-09-07", "fr") == "7 sept. 2021"
    assert "سبتمبر" in format_period("2021-09-07", "2021-09-07", "ar")
    assert is_rtl("ar") and not is_rtl("en")


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
@pytest.mark.parametrize("name", PAGES)
def test_every_page_runs_in_every_language(name, lang):
    at = open_page(name, lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    title = at.title[0].value
    if lang == "ar":
        assert re.search("[\u0600-\u06ff]", title), title
    if lang == "fr":
        assert title == translator("fr")(title) or title != "", title


def test_french_interface_strings():
    at = open_page("app.py", lang="fr", years="2008")
    assert at.title[0].value == translator("fr")("North Africa: smuggling routes and the response")
    assert any(
        c.value.startswith(translator("fr")("Showing: {caption}").split("{")[0]) for c in at.caption
    )
    assert "en 2008" in " ".join(c.value for c in at.caption)


def test_every_data_text_has_its_translations():
    """Each free English text of the shipped data (the schema's list) in French and Arabic."""
    from geo.data.dataset import load_dataset
    from geo.data.schema import SPECS, translated_fields

    data = load_dataset()
    assert set(translated_fields()) >= {"events", "hubs", "routes", "projects"}
    missing = []
    for name, fields in translated_fields().items():
        frame = data.projects if name == "projects" else data.table(name)
        if name in data.layers:
            frame = data.layer(name)
        assert len(frame), name  # a layer dropped whole would pass unnoticed
        for row in frame.to_dict("records"):
            for field in fields:
                english, text = row.get(field.translation_of), row.get(field.name)
                if isinstance(english, str) and english.strip():
                    if not (isinstance(text, str) and text.strip()):
                        missing.append(f"{SPECS[name].filename}: {row.get('id')}: {field.name}")
    problems = [str(p) for p in data.problems if "translat" in p.message]
    assert (missing, problems) == ([], [])
