"""``sovietdata.sphinx`` as any author uses it: small books of its own, built strictly.

The books are built in this process (so the extension's code counts for coverage) with
warnings as errors, in temporary folders: one on the shipped data using every role and
directive, the example book of the how-to page (an author's file beside the shipped data),
one on an author's data alone, and books whose data or keys are wrong.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from sphinx.application import Sphinx
from sphinx.errors import ConfigError, SphinxWarning
from sphinx.util.docutils import docutils_namespace

import sovietdata
from sovietdata import export
from sovietdata.sphinx import data as bookdata
from sovietdata.sphinx.markup import record_anchor
from tests.book import DOCS

CONF = 'extensions = ["myst_parser", "sovietdata.sphinx"]\nexclude_patterns = ["_build"]\n'

EVERYTHING = """\
# Everything

On {fact}`khrushchev-elected-first-secretary.date` the {fact}`cc-plenum|lower` chose
{fact}`khrushchev` ({who}`khrushchev`), in {fact}`khrushchev-elected-first-secretary.date|month`
of {fact}`khrushchev-elected-first-secretary.date|year`.{cite}`khrushchev-elected-first-secretary`
The plenum began on {fact}`cc-plenum-1953-09.date|start`.{cite}`cc-plenum-1953-09`

```{factcard}
```

```{claims}
:summary:
```

```{claims}
```

```{disputes}
```

```{whoswho}
```

```{data-glossary}
```

```{grades}
```

```{check-counts}
```

```{corrections}
```

```{datafigure} timeline
:start: 1953
:end: 1956
```

```{datafigure} succession
```

## Sources

```{page-sources}
```

## The format

```{data-fields}
```

## Bibliography

```{bibliography}
```
"""


def build(src: Path, *, builder: str = "html") -> tuple[Path, str]:
    """Build a book in ``src`` strictly; the output folder and what Sphinx warned."""
    out = src / "_build" / builder
    warnings = io.StringIO()
    # Each build registers its nodes and roles afresh, as sphinx-build does in a new process.
    with docutils_namespace():
        app = Sphinx(
            src,
            src,
            out,
            src / "_build" / "doctrees",
            builder,
            status=io.StringIO(),
            warning=warnings,
            warningiserror=True,
            exception_on_warning=True,
        )
        app.build()
    return out, warnings.getvalue()


def book(tmp_path: Path, index: str, conf: str = CONF) -> Path:
    """A book of one page in ``tmp_path``, with this configuration."""
    (tmp_path / "conf.py").write_text(conf, encoding="utf-8")
    (tmp_path / "index.md").write_text(index, encoding="utf-8")
    return tmp_path


def test_a_book_on_the_shipped_data_with_every_role_and_directive(tmp_path: Path) -> None:
    out, warnings = build(book(tmp_path, EVERYTHING))
    assert warnings == ""
    page = (out / "index.html").read_text(encoding="utf-8")
    election = sovietdata.election()
    assert election.date.text() in page
    assert "the plenum of the Central Committee" in page
    assert "September 1953" in page
    assert f'id="{sovietdata.claims()[0].id}"' in page
    assert 'id="grade-primary"' in page
    assert 'id="source-rgani-2021"' in page
    assert "(primary)" in page  # the grade in a note
    corrections = sovietdata.dataset().corrections
    assert f'id="{record_anchor(corrections[0])}"' in page
    assert page.count('class="sdf sdf-wide"') == 2  # two figures, each drawn wide and narrow
    assert page.count('class="sdf sdf-narrow"') == 2
    images = sorted(p.name for p in (out / "_images").iterdir())
    assert len(images) == 2
    assert all(name.endswith(".svg") for name in images)
    assert (out / "_static" / "sovietdata.css").is_file()
    # The format's tables come from the record types: every section, every field.
    for section, kind in export.json_schema()["$defs"]["DataFile"]["properties"].items():
        assert f'id="format-{section}"' in page, section
        record = kind["items"]["$ref"].rsplit("/", 1)[-1]
        for field in export.json_schema()["$defs"][record]["properties"]:
            assert f'<span class="pre">{field}</span>' in page, (section, field)


def test_the_example_book_of_the_how_to_page(tmp_path: Path) -> None:
    example = shutil.copytree(DOCS / "guide" / "example-book", tmp_path / "example")
    out, warnings = build(example)
    assert warnings == ""
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "7 September 1953" in page
    assert "A plenum of the Central Committee made Khrushchev First Secretary" in page
    assert 'id="claim-lecture-claim-plenum"' in page
    # Without a bibliography page, source names are plain text, not broken links.
    assert 'href="#source-' not in page


OWN = """\
[[source]]
id = "diary"
kind = "book"
grade = "primary"
title = "A diary"

[[person]]
id = "writer"
name = "Anna Writer"
name_ru = "Анна Писатель"
born = "1901-02-03"
summary = "She kept the diary."
citations = [{ source = "diary", page = "1" }]
"""


def test_a_book_on_the_authors_data_alone(tmp_path: Path) -> None:
    conf = CONF + 'sovietdata_data = ["own.toml"]\nsovietdata_shipped = False\n'
    src = book(tmp_path, "# Mine\n\n{fact}`writer` was born on {fact}`writer.born`.\n", conf)
    (src / "own.toml").write_text(OWN, encoding="utf-8")
    out, warnings = build(src)
    assert warnings == ""
    page = re.sub(r"<[^>]+>", "", (out / "index.html").read_text("utf-8"))
    assert "Anna Writer was born on 3 February 1901." in page


def test_a_bad_data_file_stops_the_build_naming_file_record_and_field(tmp_path: Path) -> None:
    conf = CONF + 'sovietdata_data = ["own.toml"]\n'
    src = book(tmp_path, "# Mine\n", conf)
    (src / "own.toml").write_text(
        OWN.replace('born = "1901-02-03"', 'born = "1901-02-30"'), "utf-8"
    )
    with pytest.raises(ConfigError) as raised:
        build(src)
    message = str(raised.value)
    assert "the book's data does not load: 1 problem" in message
    assert f"{src / 'own.toml'}: record 'writer', field 'born'" in message
    assert "day 30 does not exist in February 1901" in message


@pytest.mark.parametrize(
    ("conf", "message"),
    [
        ('sovietdata_data = "own.toml"\n', "`sovietdata_data' has type `str'; expected `list'"),
        ('sovietdata_data = ["own.toml", 3]\n', "sovietdata_data must be a list of paths"),
        ("sovietdata_shipped = False\n", "sovietdata_data names no files"),
    ],
)
def test_a_configuration_that_names_no_data(tmp_path: Path, conf: str, message: str) -> None:
    with pytest.raises((ConfigError, SphinxWarning), match=message):
        build(book(tmp_path, "# Mine\n", CONF + conf))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{fact}`kruschev`", "no record with id 'kruschev'; did you mean 'khrushchev'"),
        ("{who}`cc-plenum`", "'cc-plenum' is a Body, not a Person"),
        ("{cite}`nobody`", "no record with id 'nobody'"),
        ("{fact}`khrushchev.born|weekday`", "unknown format 'weekday'"),
    ],
)
def test_a_wrong_key_fails_the_build_with_the_key_named(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(SphinxWarning, match=message):
        build(book(tmp_path, f"# Page\n\nSee {text}.\n"))


def test_claims_of_an_article_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(SphinxWarning, match="no source with id 'nowhere' for :article:"):
        build(book(tmp_path, "# Page\n\n```{claims}\n:article: nowhere\n```\n"))


def test_the_fingerprint_follows_the_data_and_the_package_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "package"
    (package / "data").mkdir(parents=True)
    (package / "data" / "one.toml").write_text(OWN, encoding="utf-8")
    (package / "text.py").write_text("WORDS = 'old'\n", encoding="utf-8")
    monkeypatch.setattr(bookdata, "PACKAGE", package)
    monkeypatch.setattr(bookdata, "DATA_FILES", package / "data")

    class Config:
        sovietdata_data: tuple[str, ...] = ()
        sovietdata_shipped = True

    first = bookdata.fingerprint(Config)  # type: ignore[arg-type]
    assert bookdata.fingerprint(Config) == first  # type: ignore[arg-type]
    (package / "text.py").write_text("WORDS = 'new'\n", encoding="utf-8")
    second = bookdata.fingerprint(Config)  # type: ignore[arg-type]
    assert second != first
    (package / "data" / "one.toml").write_text(OWN + "\n", encoding="utf-8")
    assert bookdata.fingerprint(Config) != second  # type: ignore[arg-type]


def test_an_incremental_build_renders_a_changed_value_on_every_page(tmp_path: Path) -> None:
    # Built, the data edited, built again into the same folders: no page keeps the old value,
    # the page that names it and the one that does not alike.
    conf = CONF + 'sovietdata_data = ["own.toml"]\nsovietdata_shipped = False\n'
    src = book(tmp_path, "# Mine\n\n{fact}`writer.born`\n\n```{toctree}\ntwo\n```\n", conf)
    (src / "two.md").write_text("# Two\n\nNo fact here.\n", "utf-8")
    (src / "own.toml").write_text(OWN, encoding="utf-8")
    out, _ = build(src)
    assert "3 February 1901" in (out / "index.html").read_text("utf-8")
    (src / "own.toml").write_text(OWN.replace("1901-02-03", "1902-03-04"), encoding="utf-8")
    out, warnings = build(src)
    assert warnings == ""
    page = (out / "index.html").read_text("utf-8")
    assert "4 March 1902" in page
    assert "3 February 1901" not in page


def test_an_incremental_build_rereads_every_page_when_the_package_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = book(tmp_path, "# One\n\n{fact}`khrushchev`\n\n```{toctree}\ntwo\n```\n")
    (src / "two.md").write_text("# Two\n\n{fact}`malenkov`\n", "utf-8")
    build(src)
    seen: list[str] = []
    original = bookdata.fingerprint
    monkeypatch.setattr(bookdata, "fingerprint", lambda config: original(config) + "-changed")
    with docutils_namespace():  # registrations end with the build, as in a new process
        app = Sphinx(
            src,
            src,
            src / "_build" / "html",
            src / "_build" / "doctrees",
            "html",
            status=io.StringIO(),
            warning=io.StringIO(),
        )
        app.connect("env-before-read-docs", lambda app, env, docnames: seen.extend(docnames))
        app.build()
    assert sorted(seen) == ["index", "two"]
