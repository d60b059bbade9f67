"""Examples folded out of the story: doctest blocks in a disclosure a reader opens on request.

A chapter's doctests are its proof, and they run in every ``doctest`` build wherever they sit;
but a run of Python in the middle of a paragraph interrupts the story. In the pages that the
config value ``sovietdata_fold_examples`` names (a list of ``fnmatch`` patterns of document
names, empty by default), each doctest block is put in a ``<details>`` element whose summary
names what it checks. It is closed on screen, open in print (the stylesheet and the
``beforeprint`` handler open it), and in builders other than HTML the example stays as it is.

Every example in every page keeps its lines inside its box: long lines wrap rather than run
off the right edge (the stylesheet ``fold.css``).
"""

from __future__ import annotations

import fnmatch
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

__all__ = ["SUMMARY", "fold", "fold_examples", "setup"]

#: The words on a folded example's summary line.
SUMMARY = "Check it in Python"


class fold(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """A disclosure around an example: ``<details>`` in HTML, its content alone elsewhere."""


def _visit_html(self: HTML5Translator, node: fold) -> None:
    self.body.append('<details class="sd-fold">')
    self.body.append(f'<summary class="sd-fold-summary">{self.encode(node["summary"])}</summary>')


def _depart_html(self: HTML5Translator, node: fold) -> None:
    self.body.append("</details>\n")


def _pass(self: Any, node: fold) -> None:
    """Other builders show the example itself."""


def fold_examples(app: Sphinx, doctree: nodes.document) -> None:
    """Wrap each doctest block of a page the configuration names in a :class:`fold` node."""
    patterns: list[str] = list(app.config.sovietdata_fold_examples)
    docname = app.env.docname
    if not any(fnmatch.fnmatchcase(docname, p) for p in patterns):
        return
    for block in list(doctree.findall(nodes.literal_block)):
        if block.get("testnodetype") != "doctest":
            continue
        parent = block.parent
        if parent is None or isinstance(parent, fold):
            continue
        wrapper = fold(summary=SUMMARY)
        block.replace_self(wrapper)
        wrapper += block


def setup(app: Sphinx) -> None:
    """Register the ``fold`` node, the config value and the stylesheet of examples."""
    app.add_config_value("sovietdata_fold_examples", [], "env", types=frozenset({list, tuple}))
    app.add_node(
        fold,
        html=(_visit_html, _depart_html),
        latex=(_pass, _pass),
        text=(_pass, _pass),
        man=(_pass, _pass),
        texinfo=(_pass, _pass),
    )
    app.connect("doctree-read", fold_examples)
    app.add_css_file("fold.css")
