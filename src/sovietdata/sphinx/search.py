"""The search index: each word's stem worked out once per build, and a rebuild's index whole.

Sphinx stems every word of every page as it indexes the page (with the Snowball stemmer, in
pure Python), the same word again each time it occurs: in this package's book, about thirty
thousand calls for a few thousand distinct words. :class:`SearchEnglish` gives the same stems
as Sphinx's own and remembers them, so the index it writes is the same, built sooner.

A rebuild writes only the pages that changed, and Sphinx takes the rest of the search index
from the one it wrote last, except its index entries (a glossary's terms, ``index``
directives): those of the pages not written again were lost, and a glossary term found by
search after ``make html`` was not found after a second one. :func:`keep_index_entries` takes
them from the last index too, so a rebuild writes the index a cold build writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.search import js_index
from sphinx.search.en import SearchEnglish as _SphinxEnglish

__all__ = ["SearchEnglish", "keep_index_entries", "setup"]


class SearchEnglish(_SphinxEnglish):
    """Sphinx's English search language, remembering the stem of each word it was given."""

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self._stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        """The stem of ``word``, as Sphinx's English stemmer gives it."""
        try:
            return self._stems[word]
        except KeyError:
            stem = self._stems[word] = super().stem(word)
            return stem


def keep_index_entries(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """Give the search index the index entries of the pages this build did not write again.

    They are read from the index the last build wrote (still in place: the new one is written
    after the pages), in the order a cold build lists them. Connected to
    ``html-collect-pages``; it adds no page.
    """
    indexer = getattr(app.builder, "indexer", None)
    entries = getattr(indexer, "_index_entries", None)
    titles = getattr(indexer, "_titles", None)
    filename = getattr(app.builder, "searchindex_filename", None)
    if not (isinstance(entries, dict) and isinstance(titles, dict) and filename):
        return []  # not an HTML builder with a search index (or Sphinx keeps it otherwise)
    missing: dict[str, list[tuple[str, str, str]]] = {d: [] for d in titles if d not in entries}
    if missing:
        try:
            last = js_index.loads((Path(app.outdir) / filename).read_text("utf-8"))
            docnames, found = last["docnames"], last.get("indexentries", {})
        except (OSError, ValueError, KeyError, TypeError):
            return []  # no index yet, or not one Sphinx wrote
        for entry, places in found.items():
            for index, target, main in places:
                if docnames[index] in missing:
                    missing[docnames[index]].append((entry, target, "main" if main else ""))
        merged = {**entries, **{docname: sorted(kept) for docname, kept in missing.items()}}
        entries.clear()
        entries.update(sorted(merged.items()))  # as a cold build writes them: by page name
    return []


def setup(app: Sphinx) -> dict[str, Any]:
    """Index books in English with :class:`SearchEnglish`; keep a rebuild's index entries."""
    app.add_search_language(SearchEnglish)
    app.connect("html-collect-pages", keep_index_entries)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
