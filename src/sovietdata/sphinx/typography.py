"""Typography of the book's text: number ranges take an en dash, as the book's own prose does.

Titles, summaries and notes in the data, docstrings and hand-written pages all reach a page as
text; wherever two numbers are joined by a hyphen as a range (``1953-1964``, ``pp. 271-306``,
``3-7 September``), the page shows an en dash (``1953–1964``). The data keeps what it says.

Left as written: code and literal text, addresses, ISO dates (``1953-09-07``, ``1953-09``),
ids (``congress-20``), names such as ``ISO 8601-2``, and quotations (``sd-quote``), which are
verbatim.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

__all__ = ["RANGE", "EnDashRanges", "en_dash_ranges", "setup"]

#: Two numbers joined by a hyphen as a range; not an ISO date (the second part a month such as
#: ``09``), an id (``congress-20``), a version or a standard's part number (``ISO 8601-2``).
RANGE = re.compile(r"(?<![\w./:-])(?<!ISO )(\d{1,4})-(?!0\d)(\d{1,4})(?![\w/-])")

#: Elements whose text is never changed: code, literals, math, raw output.
_VERBATIM = (
    nodes.literal,
    nodes.literal_block,
    nodes.doctest_block,
    nodes.raw,
    nodes.math,
    nodes.math_block,
    nodes.comment,
)


def en_dash_ranges(text: str) -> str:
    """``text`` with every number range's hyphen turned into an en dash.

    >>> from sovietdata.sphinx.typography import en_dash_ranges
    >>> en_dash_ranges("In 1953-1964, pp. 12-15; not 1953-09-07 or congress-20.")
    'In 1953–1964, pp. 12–15; not 1953-09-07 or congress-20.'
    """
    return RANGE.sub(r"\1–\2", text)


def _verbatim(node: nodes.Node) -> bool:
    parent: nodes.Node | None = node.parent
    while parent is not None:
        if isinstance(parent, (*_VERBATIM, addnodes.desc_signature)):
            return True
        if isinstance(parent, nodes.Element) and "sd-quote" in parent.get("classes", ()):
            return True
        if isinstance(parent, nodes.reference) and parent.get("refuri") == parent.astext():
            return True
        parent = parent.parent
    return False


class EnDashRanges(SphinxPostTransform):
    """Turn the hyphen of every number range in a page's text into an en dash."""

    default_priority = 900

    def run(self, **kwargs: Any) -> None:
        """Rewrite each text node that holds a range, outside code, addresses and quotations."""
        for text in list(self.document.findall(nodes.Text)):
            value = str(text)
            if "-" not in value or not RANGE.search(value) or _verbatim(text):
                continue
            parent = text.parent
            if parent is not None:
                parent.replace(text, nodes.Text(en_dash_ranges(value)))


def setup(app: Sphinx) -> None:
    """Register the transform for every builder."""
    app.add_post_transform(EnDashRanges)
