"""What importing the package and running the command import: only what the path needs.

Each check runs in a fresh interpreter and reads ``sys.modules`` there.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sovietdata
from sovietdata import cli, export

#: Modules the shipped data's path does not need: the terminal layout, the TOML parser
#: (a validated copy is read from the cache), OpenSSL's hashes, the calendar and pathlib,
#: the command line, the text layer and every export format.
NOT_FOR_LOADING = (
    "rich",
    "tomllib",
    "_hashlib",
    "calendar",
    "pathlib",
    "argparse",
    "sovietdata.cli",
    "sovietdata.text",
    "sovietdata.export",
)

FORMAT_MODULES = sorted(
    f"sovietdata.export.{name}"
    for name in (
        "csv_format",
        "datapackage",
        "files",
        "json_format",
        "jsonld_format",
        "schema",
        "shared",
        "timelinejs_format",
        "wikidata_format",
    )
)


def imported(code: str, cache: Path, *, wanted: tuple[str, ...] | list[str]) -> list[str]:
    """Which of ``wanted`` are in ``sys.modules`` after ``code`` runs in a fresh interpreter."""
    names = list(wanted)
    probe = (
        f"{code}\nimport sys, json\nprint(json.dumps([m for m in {names!r} if m in sys.modules]))"
    )
    env = {**os.environ, "SOVIETDATA_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env
    )
    found: list[str] = json.loads(done.stdout.splitlines()[-1])
    return found


LOAD = "import sovietdata; sovietdata.dataset()"


def test_loading_from_the_cache_imports_only_what_it_needs(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    # A first run validates the data files: it parses TOML, and keeps the result.
    assert imported(LOAD, cache, wanted=["tomllib"]) == ["tomllib"]
    assert len(list(cache.glob("dataset-*.msgpack"))) == 1
    # Later runs read the cache.
    assert imported(LOAD, cache, wanted=NOT_FOR_LOADING) == []


def test_the_first_load_needs_no_more_than_toml(tmp_path: Path) -> None:
    found = imported(LOAD, tmp_path / "cache", wanted=NOT_FOR_LOADING)
    assert found == ["tomllib"]


def test_the_package_imports_no_export_format(tmp_path: Path) -> None:
    code = "import sovietdata.export as e; e.REGISTRY; e.FORMATS; e.Format; e.DataFile"
    assert imported(code, tmp_path, wanted=FORMAT_MODULES) == []


@pytest.mark.parametrize(
    ("code", "modules"),
    [
        ("e.to_json", ["sovietdata.export.json_format", "sovietdata.export.shared"]),
        (
            "e.BOM",
            ["sovietdata.export.csv_format", "sovietdata.export.files", "sovietdata.export.shared"],
        ),
        ("e.DATE_PATTERN", ["sovietdata.export.schema", "sovietdata.export.shared"]),
        ("from sovietdata.export import WriteError", ["sovietdata.export.files"]),
        (
            "e.timelinejs_format",
            ["sovietdata.export.shared", "sovietdata.export.timelinejs_format"],
        ),
        (
            "import sovietdata; e.render(sovietdata.dataset(), 'timelinejs')",
            ["sovietdata.export.shared", "sovietdata.export.timelinejs_format"],
        ),
    ],
)
def test_a_format_is_imported_when_first_used(
    code: str, modules: list[str], tmp_path: Path
) -> None:
    found = imported(f"import sovietdata.export as e; {code}", tmp_path, wanted=FORMAT_MODULES)
    assert found == sorted(modules)


@pytest.mark.parametrize("argv", [["show"], ["show", "beria"], ["timeline"], ["claims"]])
def test_the_command_imports_no_export_format_for_other_commands(
    argv: list[str], tmp_path: Path
) -> None:
    code = f"import sovietdata.cli; sovietdata.cli.main({argv!r})"
    wanted = [*FORMAT_MODULES, "pathlib", "rich", "shutil"]
    assert imported(code, tmp_path, wanted=wanted) == []


@pytest.mark.parametrize("columns", [None, "30", "200", "0", "-5", "wide"])
def test_the_help_is_laid_out_as_wide_as_shutil_says(
    columns: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert cli._columns() == shutil.get_terminal_size().columns
    # The help, as argparse lays it out with shutil's width.
    parser = cli.build_parser()
    show = parser.parse_args(["show"]).command_parser
    for each in (parser, show):
        text = each.format_help()
        each.formatter_class = argparse.RawDescriptionHelpFormatter
        assert each.format_help() == text


def test_the_export_command_imports_its_format(tmp_path: Path) -> None:
    code = "import sovietdata.cli; sovietdata.cli.main(['export', '--format', 'json'])"
    found = imported(code, tmp_path, wanted=FORMAT_MODULES)
    assert found == ["sovietdata.export.json_format", "sovietdata.export.shared"]


def test_every_public_name_of_export_is_there() -> None:
    for name in export.__all__:
        assert name in dir(export)
        assert getattr(export, name) is not None
    for module in ("csv_format", "jsonld_format", "wikidata_format"):
        assert module in dir(export)
        assert getattr(export, module).__name__ == f"sovietdata.export.{module}"
    assert export.ID_PREFIX == export.jsonld_format.ID_PREFIX == "urn:sovietdata:"
    assert export.CSV_TABLES is export.csv_format.CSV_TABLES
    with pytest.raises(AttributeError, match="has no attribute 'to_xml'"):
        export.to_xml  # type: ignore[attr-defined]  # noqa: B018


def test_the_registry_gives_the_formats_own_functions() -> None:
    ds = sovietdata.dataset()
    json_format = export.REGISTRY["json"]
    assert isinstance(json_format, export.FileFormat)
    assert json_format.render(ds) == export.to_json(ds)
    assert "sovietdata.export.json_format.to_json" in repr(json_format.render)
    wikibase = export.REGISTRY["wikibase"]
    assert wikibase.report is not None
    assert wikibase.report(ds) == export.wikidata_report(ds, "wikibase")
    assert "wikidata_report(ds, 'wikibase')" in repr(wikibase.report)
