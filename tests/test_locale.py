"""The translation catalogs under ``locale/``.

The compiled ``.mo`` files are committed (``make run`` needs no gettext), so they can fall
behind their ``.po`` sources; the Chinese catalog must translate every string of the code.
Everything is read in pure Python (polib and the standard library's gettext); only the
comparison with the code needs GNU gettext, for ``makemessages``.
"""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = BASE_DIR / "locale"
CATALOGS = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))
CHINESE = LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po"
HOW_TO_FIX = "run `make messages`, translate, and commit the .po and .mo files"

# The same list as MESSAGES_IGNORE in the Makefile: keep the two in step.
MESSAGES_IGNORE = [
    "--ignore=.venv",
    "--ignore=node_modules",
    "--ignore=tests",
    "--ignore=bench",
    "--ignore=docs",
    "--ignore=static",
    "--ignore=staticfiles",
    "--ignore=media",
]
# Left out of the copy that makemessages reads: not code, large, or the catalogs.
NOT_COPIED_TOP = {
    ".git",
    ".venv",
    "bench",
    "docs",
    "locale",
    "media",
    "static",
    "staticfiles",
    "tests",
    ".env",
    "db.sqlite3",
}
NOT_COPIED_ANYWHERE = {"__pycache__", "node_modules", ".pytest_cache", ".ruff_cache"}


def not_copied(directory: str, names: list[str]) -> set[str]:
    skipped = NOT_COPIED_ANYWHERE.intersection(names)
    if Path(directory) == BASE_DIR:
        skipped |= NOT_COPIED_TOP.intersection(names)
        skipped |= {name for name in names if name.startswith("db.sqlite3")}
    return skipped


def entry_key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def compiled_translation(
    mo: gettext.GNUTranslations, entry: polib.POEntry, n: int | None = None
) -> str:
    if entry.msgid_plural:
        if entry.msgctxt:
            return mo.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
        return mo.ngettext(entry.msgid, entry.msgid_plural, n)
    if entry.msgctxt:
        return mo.pgettext(entry.msgctxt, entry.msgid)
    return mo.gettext(entry.msgid)


def plural_count(po: polib.POFile) -> int:
    rule = po.metadata.get("Plural-Forms", "nplurals=2;")
    return int(rule.split("nplurals=", 1)[1].split(";", 1)[0])


def is_translated(entry: polib.POEntry, plurals: int) -> bool:
    """Translated and checked: every plural form the language has (msgstr[1] of a
    one-form language such as Chinese may stay empty, as msgfmt allows)."""
    if entry.obsolete or entry.fuzzy:
        return False
    if entry.msgid_plural:
        return all(entry.msgstr_plural.get(index) for index in range(plurals))
    return bool(entry.msgstr)


def has_no_translation(entry: polib.POEntry) -> bool:
    if entry.obsolete:
        return False
    texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
    return entry.fuzzy or not any(texts)


def stale_entries(po_path: Path) -> list[str]:
    """Where the ``.mo`` beside ``po_path`` disagrees with it; empty when in step."""
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return [f"{mo_path.name} is missing"]
    po = polib.pofile(str(po_path))
    plurals = plural_count(po)
    with mo_path.open("rb") as mo_file:
        mo = gettext.GNUTranslations(mo_file)

    problems = []
    for entry in po:
        if is_translated(entry, plurals):
            if entry.msgid_plural:
                # Every plural form the catalog's rule can pick, each checked once.
                forms = {mo.plural(n): n for n in range(200)}
                for index, n in sorted(forms.items()):
                    expected = entry.msgstr_plural[index]
                    found = compiled_translation(mo, entry, n)
                    if found != expected:
                        problems.append(
                            f"{entry_key(entry)!r}[{index}]: .po says {expected!r},"
                            f" .mo has {found!r}"
                        )
            elif (found := compiled_translation(mo, entry)) != entry.msgstr:
                problems.append(
                    f"{entry_key(entry)!r}: .po says {entry.msgstr!r}, .mo has {found!r}"
                )
        elif has_no_translation(entry):
            # msgfmt leaves fuzzy and empty entries out: a .mo that has one is old.
            found = compiled_translation(mo, entry, 1 if entry.msgid_plural else None)
            if found not in (entry.msgid, entry.msgid_plural):
                problems.append(
                    f"{entry_key(entry)!r} is not translated: .mo has {found!r}"
                )
    return problems


def test_the_catalogs_exist():
    assert CHINESE.exists(), f"no Chinese catalog at {CHINESE}: {HOW_TO_FIX}"


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda path: path.parts[-3])
def test_compiled_catalog_is_in_step_with_its_source(po_path):
    problems = stale_entries(po_path)

    assert not problems, (
        f"{po_path.relative_to(BASE_DIR)} and its .mo disagree ({HOW_TO_FIX}):\n"
        + "\n".join(problems[:50])
    )


def test_chinese_catalog_is_complete():
    if not CHINESE.exists():
        pytest.fail(f"no Chinese catalog at {CHINESE}: {HOW_TO_FIX}")
    po = polib.pofile(str(CHINESE))
    live = [entry for entry in po if not entry.obsolete]
    fuzzy = [entry.msgid for entry in live if entry.fuzzy]
    untranslated = [
        entry.msgid for entry in live if not entry.fuzzy and not is_translated(entry, 1)
    ]

    assert live, "the Chinese catalog translates nothing"
    assert po.metadata.get("Plural-Forms", "").startswith("nplurals=1;")
    assert not fuzzy, f"fuzzy (unchecked) in zh_Hans ({HOW_TO_FIX}): {fuzzy[:50]}"
    assert not untranslated, (
        f"untranslated in zh_Hans ({HOW_TO_FIX}): {untranslated[:50]}"
    )


def test_chinese_catalog_has_every_string_of_the_code(tmp_path):
    """makemessages over a copy of the code finds nothing the catalog lacks."""
    tools = ("xgettext", "msgmerge", "msguniq")
    if missing_tools := [tool for tool in tools if not shutil.which(tool)]:
        message = f"GNU gettext is not installed (no {', '.join(missing_tools)})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}: CI must compare the catalog with the code")
        pytest.skip(f"{message}: apt-get install gettext to compare catalog and code")
    if not CHINESE.exists():
        pytest.fail(f"no Chinese catalog at {CHINESE}: {HOW_TO_FIX}")

    source = tmp_path / "source"
    shutil.copytree(BASE_DIR, source, ignore=not_copied, symlinks=True)
    (source / "locale").mkdir()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "community_portal.settings.test",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans"]
        + MESSAGES_IGNORE,
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr

    found = polib.pofile(str(source / "locale/zh_Hans/LC_MESSAGES/django.po"))
    committed = {entry_key(e) for e in polib.pofile(str(CHINESE)) if not e.obsolete}
    missing = sorted({entry_key(entry) for entry in found} - committed)

    assert not missing, (
        f"{len(missing)} string(s) of the code are not in {CHINESE.relative_to(BASE_DIR)}"
        f" ({HOW_TO_FIX}):\n" + "\n".join(missing[:50])
    )


# The checker itself, on throw-away catalogs: it must see a stale .mo.


def write_catalog(directory: Path, translations: dict[str, str]) -> Path:
    po = polib.POFile()
    po.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": "zh_Hans",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    for msgid, msgstr in translations.items():
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    po.append(
        polib.POEntry(
            msgid="%(count)s activity",
            msgid_plural="%(count)s activities",
            msgstr_plural={0: "%(count)s 个活动"},
        )
    )
    po.append(polib.POEntry(msgctxt="verb", msgid="Sign up", msgstr="报名"))
    path = directory / "django.po"
    po.save(str(path))
    po.save_as_mofile(str(path.with_suffix(".mo")))
    return path


def test_checker_accepts_a_catalog_compiled_from_its_source(tmp_path):
    po_path = write_catalog(tmp_path, {"Activities": "活动", "Venues": "阵地"})

    assert stale_entries(po_path) == []


def test_checker_reports_a_changed_translation(tmp_path):
    po_path = write_catalog(tmp_path, {"Activities": "活动", "Venues": "阵地"})
    po = polib.pofile(str(po_path))
    po.find("Venues").msgstr = "文化阵地"
    po.find("%(count)s activity").msgstr_plural = {0: "%(count)s 项活动"}
    po.save()

    problems = stale_entries(po_path)

    assert len(problems) == 2
    assert "'Venues'" in problems[0] + problems[1]


def test_checker_reports_a_new_string_and_a_fuzzy_one(tmp_path):
    po_path = write_catalog(tmp_path, {"Activities": "活动"})
    po = polib.pofile(str(po_path))
    po.append(polib.POEntry(msgid="Grids", msgstr="网格"))
    po.find("Activities").flags.append("fuzzy")
    po.save()

    problems = stale_entries(po_path)

    assert any("'Grids'" in problem for problem in problems)
    assert any("'Activities' is not translated" in problem for problem in problems)


def test_checker_reports_a_missing_mo(tmp_path):
    po_path = write_catalog(tmp_path, {"Activities": "活动"})
    po_path.with_suffix(".mo").unlink()

    assert stale_entries(po_path) == ["django.mo is missing"]
