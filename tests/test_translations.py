"""Every catalogue (project locale/ and each app's <app>/locale/) is complete for pt-BR and en,
compiled from its current .po, and holds every string the code marks for translation."""

import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

pytestmark = pytest.mark.slow  # subprocesses

ROOT = Path(__file__).resolve().parent.parent
APPS = settings.PORTAL_APPS  # scripts/messages.sh reads the same list
LANGUAGES = ["pt_BR", "en"]


def catalogue_dir(scope: str) -> Path:
    return ROOT / "locale" if scope == "portal" else ROOT / scope / "locale"


def existing_scopes() -> list[str]:
    # An app whose issue has not started has no catalogue yet.
    return [s for s in ["portal", *APPS] if (catalogue_dir(s) / "pt_BR/LC_MESSAGES/django.po").exists()]


CATALOGUES = [(scope, lang) for scope in existing_scopes() for lang in LANGUAGES]


def po_path(scope: str, lang: str) -> Path:
    return catalogue_dir(scope) / lang / "LC_MESSAGES" / "django.po"


def key(entry) -> tuple:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


@pytest.mark.parametrize(("scope", "lang"), CATALOGUES, ids=[f"{s}-{lang}" for s, lang in CATALOGUES])
def test_catalogue_is_complete_and_not_fuzzy(scope, lang):
    po = polib.pofile(str(po_path(scope, lang)))

    empty = [e.msgid for e in po if not e.obsolete and not e.translated() and "fuzzy" not in e.flags]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not empty, f"{po_path(scope, lang)}: untranslated: {empty}"
    assert not fuzzy, f"{po_path(scope, lang)}: fuzzy: {fuzzy}"


@pytest.mark.parametrize(("scope", "lang"), CATALOGUES, ids=[f"{s}-{lang}" for s, lang in CATALOGUES])
def test_mo_is_compiled_from_the_current_po(scope, lang):
    po_file = po_path(scope, lang)
    mo_file = po_file.with_suffix(".mo")
    assert mo_file.exists(), f"{mo_file} missing: run scripts/messages.sh {scope}"
    po = polib.pofile(str(po_file))
    mo = polib.mofile(str(mo_file))

    def translations(catalogue):
        result = {}
        for entry in catalogue:
            if entry.obsolete or "fuzzy" in entry.flags:
                continue
            value = tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr
            # msgfmt leaves out empty entries (the test above reports those).
            if any(v for _, v in value) if entry.msgid_plural else value:
                result[key(entry)] = value
        return result

    assert translations(mo) == translations(po), f"{mo_file} is stale: run scripts/messages.sh {scope}"


def extracted_msgids(scope: str, work: Path) -> set[tuple]:
    """Extract the scope's marked strings into `work` the way scripts/messages.sh does."""
    if scope == "portal":
        (work / "portal").symlink_to(ROOT / "portal")
        (work / "templates").mkdir()
        for entry in (ROOT / "templates").iterdir():
            if entry.name not in APPS:
                (work / "templates" / entry.name).symlink_to(entry)
    else:
        (work / scope).symlink_to(ROOT / scope)
        if (ROOT / "templates" / scope).is_dir():
            (work / "templates").mkdir()
            (work / "templates" / scope).symlink_to(ROOT / "templates" / scope)
    (work / "locale").mkdir()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "pt_BR",
            "--symlinks",
            "--no-obsolete",
            "--ignore=*/locale/*",
            "--ignore=*/migrations/*",
        ],
        cwd=work,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    extracted = work / "locale/pt_BR/LC_MESSAGES/django.po"
    if not extracted.exists():
        return set()
    return {key(e) for e in polib.pofile(str(extracted))}


@pytest.mark.parametrize("scope", existing_scopes())
def test_no_marked_string_is_missing_from_the_catalogue(scope, tmp_path):
    extracted = extracted_msgids(scope, tmp_path)

    for lang in LANGUAGES:
        catalogued = {key(e) for e in polib.pofile(str(po_path(scope, lang))) if not e.obsolete}
        missing = sorted(msgid for _, msgid, _ in extracted - catalogued)
        assert not missing, f"{po_path(scope, lang)} lacks {missing}: run scripts/messages.sh {scope}"
