"""The ``json`` format: the dataset as JSON, losslessly, so that it loads back.

Named ``json_format`` rather than ``json`` so that it is never mistaken for the
standard library's :mod:`json` (which the export formats use) when read or imported.
"""

from __future__ import annotations

from sovietdata import Dataset
from sovietdata.export.shared import dumps

__all__ = ["to_json"]


def to_json(ds: Dataset) -> str:
    """The dataset as JSON text, losslessly: :meth:`~sovietdata.Dataset.to_builtins` encoded.

    One array per section of the data format, dates as EDTF strings.
    :func:`sovietdata.load` reads a file of this text back into an equal dataset,
    so ``sovietdata validate`` passes on it.

    >>> import pathlib, tempfile, sovietdata
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "data.json"
    >>> _ = path.write_text(export.to_json(sovietdata.dataset()), encoding="utf-8")
    >>> sovietdata.load(path) == sovietdata.dataset()
    True
    """
    return dumps(ds.to_builtins())
