"""How sphinx-autodoc-typehints shows the package's constrained string types.

The formatter is an instance of a small class rather than a function: Sphinx refuses to cache
a function in the configuration and would then re-read every page on every build. An instance
pickles by reference to its class and compares equal to the next build's, so a rebuild with
nothing changed reads nothing again.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass

from sphinx.config import Config
from sphinx.util.inspect import TypeAliasForwardRef
from sphinx_autodoc_typehints import format_annotation


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
