"""Helpers that more than one export format uses, under public names.

The format modules import what they share from here, never a private name of
one another, so each format can change its own private helpers freely.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["Json", "dumps"]

#: A JSON object as Python builds it: what the JSON formats render before encoding.
Json = dict[str, Any]


def dumps(document: object) -> str:
    """A JSON document as the text every JSON format writes: UTF-8 as is, indented, one newline.

    >>> print(dumps({"name": "Хрущёв"}), end="")
    {
      "name": "Хрущёв"
    }
    """
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
