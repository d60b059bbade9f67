"""The search index's English stemmer, with each word's stem worked out once per build.

Sphinx stems every word of every page as it indexes the page (with the Snowball stemmer, in
pure Python), the same word again each time it occurs: in this package's book, about thirty
thousand calls for a few thousand distinct words. :class:`SearchEnglish` gives the same stems
as Sphinx's own and remembers them, so the index it writes is the same, built sooner.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.search.en import SearchEnglish as _SphinxEnglish

__all__ = ["SearchEnglish", "setup"]


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


def setup(app: Sphinx) -> dict[str, Any]:
    """Index books in English with :class:`SearchEnglish`."""
    app.add_search_language(SearchEnglish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
