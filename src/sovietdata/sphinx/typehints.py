"""How the API pages show the package's types and values.

:class:`AliasFormatter` shows the constrained string types by name in sphinx-autodoc-typehints.
It is an instance of a small class rather than a function: Sphinx refuses to cache a function in
the configuration and would then re-read every page on every build. An instance pickles by
reference to its class and compares equal to the next build's, so a rebuild with nothing changed
reads nothing again.

:func:`readable_values` rewrites the values autodoc prints beside documented attributes, where
Python's repr of a class, a function or an enum member (``<class 'sovietdata.models.Body'>``)
would show: a book's author connects it to Sphinx's ``object-description-transform`` event.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.inspect import TypeAliasForwardRef
from sphinx_autodoc_typehints import format_annotation

#: Python's repr of a class or a function, and of an enum member.
_OBJECT_REPR = re.compile(r"<(?:class|function) '?([\w.]+?)'?(?: at 0x[0-9a-f]+)?>")
_ENUM_REPR = re.compile(r"<([A-Za-z_][\w]*\.[A-Za-z_]\w*): [^<>]*>")


@dataclass(frozen=True)
class AliasFormatter:
    """Show Annotated[str, Meta(...)] as its base type; the constraint is documented beside it."""

    def __call__(self, annotation: object, config: Config) -> str | None:
        """The reST for ``annotation``, or None to let the extension format it."""
        if isinstance(annotation, TypeAliasForwardRef):
            return f":py:data:`~{annotation.name}`"
        if typing.get_origin(annotation) is typing.Annotated:
            return str(format_annotation(typing.get_args(annotation)[0], config))
        return None


def readable(text: str) -> str:
    """``text`` with each repr of a class, function or enum member replaced by its name.

    >>> from sovietdata.sphinx.typehints import readable
    >>> readable("{<class 'sovietdata.models.Body'>: ('parent',)}")
    "{Body: ('parent',)}"
    >>> readable("{'flag': <function flag>, 'rank': <Rank.PREFERRED: 'preferred'>}")
    "{'flag': flag, 'rank': Rank.PREFERRED}"
    """
    text = _OBJECT_REPR.sub(lambda m: m.group(1).rsplit(".", 1)[-1], text)
    return _ENUM_REPR.sub(lambda m: m.group(1), text)


def readable_values(app: Sphinx, domain: str, objtype: str, contentnode: nodes.Element) -> None:
    """Rewrite the reprs in the value shown in an object's signature (see :func:`readable`)."""
    if domain != "py" or contentnode.parent is None:
        return
    for signature in contentnode.parent.findall(addnodes.desc_signature):
        for annotation in signature.findall(addnodes.desc_annotation):
            for text in list(annotation.findall(nodes.Text)):
                new = readable(str(text))
                if new != str(text):
                    text.parent.replace(text, nodes.Text(new))
