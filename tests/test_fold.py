"""Examples folded out of the story: ``sovietdata_fold_examples`` and the ``fold`` node."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_extension import CONF, build

STORY = """\
# A chapter

On {fact}`khrushchev-elected-first-secretary.date` the plenum chose {who}`khrushchev`.

```{doctest}
>>> sovietdata.election().date.year
1953
```

A literal block that is not an example stays as it is:

```text
plain text
```
"""


def chapter_book(tmp_path: Path, patterns: str) -> Path:
    conf = CONF + f"sovietdata_fold_examples = {patterns}\n"
    conf += 'extensions.append("sphinx.ext.doctest")\n'
    conf += 'doctest_global_setup = "import sovietdata"\n'
    (tmp_path / "conf.py").write_text(conf, encoding="utf-8")
    (tmp_path / "story").mkdir()
    (tmp_path / "story" / "one.md").write_text(STORY, encoding="utf-8")
    (tmp_path / "index.md").write_text(
        "# Book\n\n```{toctree}\nstory/one\n```\n\n" + STORY.replace("# A chapter", "## Again"),
        encoding="utf-8",
    )
    return tmp_path


def test_doctests_of_the_named_pages_fold_and_others_do_not(tmp_path: Path) -> None:
    out, warnings = build(chapter_book(tmp_path, '["story/*"]'))
    assert warnings == ""
    chapter = (out / "story" / "one.html").read_text(encoding="utf-8")
    folded = re.findall(r'<details class="sd-fold">(.*?)</details>', chapter, re.S)
    assert len(folded) == 1
    assert '<summary class="sd-fold-summary">Check it in Python</summary>' in folded[0]
    assert "election" in folded[0]
    assert "plain text" not in "".join(folded)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "sd-fold" not in index.split("<body")[1].split("</main>")[0]
    assert (out / "_static" / "fold.css").is_file()


def test_folded_examples_still_run(tmp_path: Path) -> None:
    out, warnings = build(chapter_book(tmp_path, '["story/*"]'), builder="doctest")
    assert warnings == ""
    report = (out / "output.txt").read_text(encoding="utf-8")
    assert re.search(r"^\s+2 tests$", report, re.M), report


def test_no_pattern_folds_nothing(tmp_path: Path) -> None:
    out, warnings = build(chapter_book(tmp_path, "[]"))
    assert warnings == ""
    chapter = (out / "story" / "one.html").read_text(encoding="utf-8")
    assert "<details" not in chapter
