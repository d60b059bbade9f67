"""A cache of the validated shipped dataset, so that later processes skip parsing TOML.

The key is a hash of every data file's bytes, of the code that validates them and
of the versions involved: a cached copy is only ever used for exactly the bytes
that passed validation before. A hit is still decoded by msgspec into the typed
records, so the types are checked again; only the cross-record rules are not
re-run. The cache lives in ``$SOVIETDATA_CACHE_DIR``, else
``$XDG_CACHE_HOME/sovietdata``, else ``~/.cache/sovietdata``; setting
``SOVIETDATA_CACHE_DIR`` to an empty string turns it off. It keeps only the
current entry: storing a new one removes the older entries (``dataset-*.msgpack``)
of the same folder, so it does not grow as the data or the package change. Any
failure to read or write it falls back to a full load.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence

import msgspec

try:
    # hashlib's own BLAKE2; importing hashlib would also load OpenSSL, a few milliseconds
    # of every start for a hash that does not need it.
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter without the module
    from hashlib import blake2b

from sovietdata import _loader
from sovietdata.errors import Problem
from sovietdata.models import Record

_CODE = ("_loader.py", "models.py", "edtf.py", "_cache.py")


def directory() -> str | None:
    """Where the cache is kept, or None when it is turned off."""
    configured = os.environ.get("SOVIETDATA_CACHE_DIR")
    if configured is not None:
        return configured or None
    home = os.path.expanduser("~")
    if home == "~":  # no home directory: no cache rather than one in the working directory
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(home, ".cache")
    return os.path.join(base, "sovietdata")


def _read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def fingerprint(version: str, files: Sequence[tuple[str, bytes]]) -> str:
    """A key for these data files as read by this version of the code."""
    digest = blake2b(digest_size=16)
    here = os.path.dirname(__file__)
    for part in (version, msgspec.__version__):
        digest.update(part.encode() + b"\0")
    for name in _CODE:
        digest.update(_read(os.path.join(here, name)))
    for name, data in files:
        digest.update(name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def load_shipped(folder: str, version: str) -> list[Record]:
    """The records of the data files in ``folder``, from the cache when it has them."""
    names = sorted(n for n in os.listdir(folder) if n.endswith(".toml"))
    files = [(name, _read(os.path.join(folder, name))) for name in names]
    cache = directory()
    key = fingerprint(version, files)
    path = os.path.join(cache, f"dataset-{key}.msgpack") if cache else None
    if path is not None:
        try:
            data = _read(path)
            bundle = msgspec.msgpack.decode(data, type=_loader.DataFile, dec_hook=_loader.dec_hook)
        except (OSError, msgspec.DecodeError):
            pass
        else:
            return [r for name in _loader.SECTIONS for r in getattr(bundle, name)]
    problems: list[Problem] = []
    documents = []
    for name, data in files:
        where = os.path.join(folder, name)
        document = _loader.decode(where, data, problems)
        if document is not None:
            documents.append((where, document))
    found, records = _loader.check(documents)
    records = _loader.build(problems + found, records)
    if path is not None:
        _store(path, records)
    return records


def _store(path: str, records: list[Record]) -> None:
    by_section: dict[str, list[Record]] = {name: [] for name in _loader.SECTIONS}
    kinds = {kind: name for name, kind in _loader.SECTIONS.items()}
    for record in records:
        by_section[kinds[type(record)]].append(record)
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "wb") as f:
            f.write(msgspec.msgpack.encode(by_section, enc_hook=str))
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if not isinstance(error, OSError):
            raise
        return
    _remove_older(path)


def _remove_older(path: str) -> None:
    """Remove every entry of the cache folder but ``path``, the current one."""
    folder, current = os.path.split(path)
    with contextlib.suppress(OSError):
        for name in os.listdir(folder):
            if name != current and name.startswith("dataset-") and name.endswith(".msgpack"):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, name))
