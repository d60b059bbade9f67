"""What lets the book rebuild quickly, and that it gives the same book: the stylesheet trimming
kept between builds, the compiled templates kept, the stemmer remembering stems, and a
one-page edit reading that page alone."""

from __future__ import annotations

import gc
import io
import pickle
import runpy
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import pytest
from sphinx.application import Sphinx
from sphinx.search.en import SearchEnglish as SphinxEnglish
from sphinx.util.docutils import docutils_namespace

from sovietdata.sphinx.search import SearchEnglish
from tests.book import DOCS

CSS = ".kept{a:1}.gone{b:2}.later{c:3}@media (min-width:9px){.later{d:4}}#here{e:5}"


@pytest.fixture(scope="module")
def conf() -> dict[str, Any]:
    """The book's docs/conf.py, run as Sphinx runs it."""
    return runpy.run_path(str(DOCS / "conf.py"))


def trim_cache(conf: dict[str, Any], folder: Path) -> Any:
    out = folder / "html"
    out.mkdir(exist_ok=True)
    return conf["_TrimCache"](folder / conf["TRIM_CACHE"], out)


def test_a_kept_trim_is_the_fresh_trim(conf: dict[str, Any], tmp_path: Path) -> None:
    purge_css = conf["purge_css"]
    for words in ({"kept", "here"}, {"kept", "later"}, set()):
        cache = trim_cache(conf, tmp_path)
        assert cache.purge("a.css", CSS, words) == purge_css(CSS, words)
        cache.save(set())
        again = trim_cache(conf, tmp_path)  # read back from the file
        assert again.purge("a.css", CSS, words) == purge_css(CSS, words)


def test_a_stylesheet_is_trimmed_again_only_when_a_word_it_names_changes(
    conf: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = trim_cache(conf, tmp_path)
    first = cache.purge("a.css", CSS, {"kept", "prose"})
    assert ".later" not in first
    trims: list[str] = []
    purge_css = conf["purge_css"]
    globals_ = conf["_TrimCache"].purge.__globals__

    def counted(css: str, words: Any) -> str:
        trims.append(css)
        return str(purge_css(css, words))

    monkeypatch.setitem(globals_, "purge_css", counted)
    # A word of the prose that no selector names: the kept trim serves.
    assert cache.purge("a.css", CSS, {"kept", "prose", "sentence"}) == first
    assert trims == []
    # A page now uses a class the stylesheet names: its rules come back.
    later = cache.purge("a.css", CSS, {"kept", "prose", "later"})
    assert ".later{c:3}" in later
    assert "@media (min-width:9px){.later{d:4}}" in later
    assert len(trims) == 1
    # The stylesheet itself changed: trimmed afresh.
    assert ".new{f:6}" in cache.purge("a.css", CSS + ".new{f:6}", {"kept", "later", "new"})
    assert len(trims) == 2


def test_a_broken_trim_cache_is_rebuilt(conf: dict[str, Any], tmp_path: Path) -> None:
    (tmp_path / conf["TRIM_CACHE"]).write_bytes(b"not a pickle")
    cache = trim_cache(conf, tmp_path)
    assert cache.purge("a.css", CSS, {"kept"}) == conf["purge_css"](CSS, {"kept"})
    cache.save(set())
    with (tmp_path / conf["TRIM_CACHE"]).open("rb") as file:
        assert pickle.load(file)[0] == conf["_TRIM_VERSION"]


def test_words_are_found_again_only_in_files_that_changed(
    conf: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "html"
    out.mkdir()
    page = out / "page.html"
    page.write_text('<p class="alpha">beta</p>', "utf-8")
    known: dict[bytes, frozenset[str]] = {}
    seen: set[bytes] = set()
    words = conf["_used_words"](out, known, seen)
    assert {"alpha", "beta"} <= words
    assert words == conf["used_words"](out)
    (digest,) = seen
    known[digest] = frozenset({"remembered"})  # the words kept for these very bytes
    assert "remembered" in conf["_used_words"](out, known, set())
    page.write_text('<p class="gamma">beta</p>', "utf-8")  # new bytes: read again
    words = conf["_used_words"](out, known, set())
    assert "gamma" in words
    assert "remembered" not in words


def test_compiled_templates_are_kept_for_the_next_build(
    conf: dict[str, Any], tmp_path: Path
) -> None:
    loader = jinja2.DictLoader({"page.html": "<p>{{ title }}</p>"})

    def builder() -> SimpleNamespace:
        environment = jinja2.Environment(loader=loader, autoescape=True)
        templates = SimpleNamespace(environment=environment)
        return SimpleNamespace(builder=SimpleNamespace(templates=templates), doctreedir=tmp_path)

    first = builder()
    conf["keep_compiled_templates"](first)
    environment = first.builder.templates.environment
    assert environment.get_template("page.html").render(title="One") == "<p>One</p>"
    assert any((tmp_path / conf["TEMPLATE_CACHE"]).iterdir())

    second = builder()
    conf["keep_compiled_templates"](second)
    environment = second.builder.templates.environment

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    environment.compile = no_compiling
    assert environment.get_template("page.html").render(title="Two") == "<p>Two</p>"
    # A builder without page templates (doctest) is left alone.
    conf["keep_compiled_templates"](SimpleNamespace(builder=SimpleNamespace(), doctreedir=tmp_path))


def test_the_stemmer_gives_sphinxs_stems_and_works_each_out_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    words = ["elected", "elections", "Secretary", "secretaries", "running", "elected", "ran"]
    ours, sphinx = SearchEnglish({}), SphinxEnglish({})
    assert [ours.stem(w) for w in words] == [sphinx.stem(w) for w in words]
    calls: list[str] = []
    original = SphinxEnglish.stem

    def counted(self: SphinxEnglish, word: str) -> str:
        calls.append(word)
        return original(self, word)

    monkeypatch.setattr(SphinxEnglish, "stem", counted)
    fresh = SearchEnglish({})
    for word in words * 3:
        fresh.stem(word)
    assert sorted(calls) == sorted(set(words))


def test_editing_one_page_rereads_that_page_alone(tmp_path: Path) -> None:
    conf = 'extensions = ["myst_parser", "sovietdata.sphinx"]\nexclude_patterns = ["_build"]\n'
    (tmp_path / "conf.py").write_text(conf, "utf-8")
    index = "# One\n\n{fact}`khrushchev`\n\n```{toctree}\ntwo\nthree\n```\n"
    (tmp_path / "index.md").write_text(index, "utf-8")
    (tmp_path / "two.md").write_text("# Two\n\n{fact}`malenkov`\n", "utf-8")
    (tmp_path / "three.md").write_text("# Three\n\n{who}`beria`\n", "utf-8")

    def build() -> list[str]:
        read: list[str] = []
        with docutils_namespace():  # registrations end with the build, as in a new process
            app = Sphinx(
                tmp_path,
                tmp_path,
                tmp_path / "_build" / "html",
                tmp_path / "_build" / "doctrees",
                "html",
                status=io.StringIO(),
                warning=io.StringIO(),
                warningiserror=True,
            )
            app.connect("env-before-read-docs", lambda app, env, names: read.extend(names))
            app.build()
        return sorted(read)

    assert build() == ["index", "three", "two"]
    assert build() == []
    with (tmp_path / "two.md").open("a", encoding="utf-8") as page:
        page.write("\nOne more sentence.\n")
    assert build() == ["two"]
    assert "One more sentence." in (tmp_path / "_build" / "html" / "two.html").read_text("utf-8")


def test_a_rebuild_writes_the_search_index_a_cold_build_writes(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    conf = 'extensions = ["myst_parser", "sovietdata.sphinx"]\nexclude_patterns = ["_build"]\n'
    (src / "conf.py").write_text(conf, "utf-8")
    index = "# One\n\n{fact}`khrushchev`\n\n```{toctree}\nterms\nthree\n```\n"
    (src / "index.md").write_text(index, "utf-8")
    glossary = "# Terms\n\n```{glossary}\nPlenum\n  A meeting of the whole committee.\n```\n"
    (src / "terms.md").write_text(glossary, "utf-8")
    (src / "three.md").write_text("# Three\n\n{who}`beria`\n", "utf-8")

    def index_of(out: str) -> str:
        with docutils_namespace():
            Sphinx(
                src,
                src,
                tmp_path / out,
                tmp_path / f"{out}-doctrees",
                "html",
                status=io.StringIO(),
                warning=io.StringIO(),
                warningiserror=True,
            ).build()
        return (tmp_path / out / "searchindex.js").read_text("utf-8")

    cold = index_of("html")
    assert '"plenum"' in cold  # the glossary's term, an index entry
    assert index_of("html") == cold  # nothing changed
    with (src / "three.md").open("a", encoding="utf-8") as page:
        page.write("\nOne more sentence.\n")
    assert index_of("html") == index_of("fresh")  # one page written again, and a cold build


def test_the_collector_runs_less_while_the_book_builds_and_as_before_after(
    conf: dict[str, Any],
) -> None:
    before = gc.get_threshold()
    conf["collect_less"](None, None)
    try:
        assert gc.get_threshold() == conf["GC_THRESHOLD"]
        assert gc.get_threshold()[0] > before[0]
    finally:
        conf["collect_as_before"](None, None)
    assert gc.get_threshold() == before
    conf["collect_as_before"](None, None)  # once more, as after a failed start: no change
    assert gc.get_threshold() == before
