"""The CSV export's datapackage.json, validated with the Frictionless Data reference library."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from frictionless import Package, validate

import sovietdata
from sovietdata import Dataset, export

from .conftest import MINIMAL


@pytest.fixture(scope="module")
def shipped_tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("csv") / "tables"
    export.write_csv(sovietdata.dataset(), out)
    return out


def descriptor(folder: Path) -> dict[str, Any]:
    package: dict[str, Any] = json.loads((folder / "datapackage.json").read_text("utf-8"))
    return package


def test_shipped_package_is_valid(shipped_tables: Path) -> None:
    report = validate(shipped_tables / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "type", "message"])[:5]
    package = descriptor(shipped_tables)
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert package["version"] == sovietdata.__version__
    paths = [r["path"] for r in package["resources"]]
    written = sorted(p.name for p in shipped_tables.iterdir() if p.suffix == ".csv")
    assert sorted(paths) == written


def test_every_column_is_described(shipped_tables: Path) -> None:
    for resource in descriptor(shipped_tables)["resources"]:
        with (shipped_tables / resource["path"]).open(encoding="utf-8-sig", newline="") as f:
            header = next(csv.reader(f))
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == header, resource["name"]
        for field in fields:
            assert field.get("description"), (resource["name"], field["name"])
        assert resource["schema"]["primaryKey"]
        assert resource["encoding"] == "utf-8-sig"


def test_keys_and_foreign_keys(shipped_tables: Path) -> None:
    resources = {r["name"]: r["schema"] for r in descriptor(shipped_tables)["resources"]}
    assert resources["people"]["primaryKey"] == ["id"]
    assert resources["citations"]["primaryKey"] == ["record", "field"]
    assert resources["dispute_values"]["primaryKey"] == ["dispute", "index"]
    keys = {
        (name, key["fields"][0]): key["reference"].get("resource", name)
        for name, schema in resources.items()
        for key in schema.get("foreignKeys", [])
    }
    assert keys[("tenures", "person")] == "people"
    assert keys[("tenures", "office")] == "offices"
    assert keys[("elections", "tenure")] == "tenures"
    assert keys[("bodies", "parent")] == "bodies"  # within the table
    assert keys[("sources", "grade")] == "grades"
    assert keys[("citations", "source")] == "sources"
    assert keys[("dispute_values", "dispute")] == "disputes"
    assert keys[("claims", "article")] == "sources"


def test_dates_stay_text_with_derived_days(shipped_tables: Path) -> None:
    package = Package(shipped_tables / "datapackage.json")
    events = package.get_table_resource("events")
    fields = {f.name: f.type for f in events.schema.fields}
    assert (fields["date"], fields["date_earliest"], fields["date_latest"]) == (
        "string",
        "date",
        "date",
    )
    rows = {r["id"]: r for r in events.read_rows()}
    congress = sovietdata.lookup("congress-20", sovietdata.Event)
    row = rows["congress-20"]
    assert row["date"] == str(congress.date)
    assert (row["date_earliest"], row["date_latest"]) == (
        congress.date.lower(),
        congress.date.upper(),
    )
    assert isinstance(row["date_earliest"], dt.date)
    people = {r["id"]: r for r in package.get_table_resource("people").read_rows()}
    assert people["khrushchev"]["name_ru"] == "Никита Хрущёв"  # the byte order mark is read as such


def test_a_broken_reference_is_caught(shipped_tables: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    for p in shipped_tables.iterdir():
        (broken / p.name).write_bytes(p.read_bytes())
    text = (broken / "tenures.csv").read_text("utf-8-sig")
    (broken / "tenures.csv").write_text(
        text.replace(",khrushchev,", ",nobody,", 1), encoding="utf-8-sig"
    )
    report = validate(broken / "datapackage.json")
    assert not report.valid
    assert [e[0] for e in report.flatten(["type"])] == ["foreign-key"]


def test_a_package_of_ones_own_data_without_a_byte_order_mark(tmp_path: Path) -> None:
    doc = copy.deepcopy(MINIMAL)
    doc["source"][0]["title"] = '=HYPERLINK("http://example.invalid","click")'
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    ds: Dataset = sovietdata.load(path)
    out = tmp_path / "tables"
    export.write_csv(ds, out, bom=False)
    report = validate(out / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "type", "message"])
    sources = Package(out / "datapackage.json").get_table_resource("sources").read_rows()
    assert sources[0]["title"].startswith("'=HYPERLINK")
