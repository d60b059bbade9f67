"""Which data a book renders, loaded once per configuration, and when pages must be re-read.

A book renders the shipped dataset unless its ``conf.py`` says otherwise:

``sovietdata_data``
    A list of data files or folders of the author's own (paths relative to the
    configuration directory, or absolute). Empty by default.
``sovietdata_shipped``
    Whether the shipped dataset is loaded beside them (default ``True``). With
    ``False`` and no files of one's own, the build stops with a configuration error.

The files go through the same validation as :func:`sovietdata.load`; a bad file stops
the build with a :class:`sphinx.errors.ConfigError` naming each file, record and field.
"""

from __future__ import annotations

import hashlib
import weakref
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError

import sovietdata
from sovietdata.errors import DataError

__all__ = ["DATA_FILES", "PACKAGE", "dataset", "fingerprint", "paths", "setup"]

#: The folder of the installed package: its code decides how facts are written.
PACKAGE = Path(sovietdata.__file__).parent
#: The shipped data folder.
DATA_FILES = sovietdata.SHIPPED_DATA

_loaded: dict[tuple[str, ...], sovietdata.Dataset] = {}
# The dataset of each build's environment, set once as the build starts: the roles and
# directives ask for it many times a page, and need not look at the files again.
_of_env: weakref.WeakKeyDictionary[BuildEnvironment, sovietdata.Dataset] = (
    weakref.WeakKeyDictionary()
)


def paths(config: Config) -> tuple[Path, ...]:
    """The data files and folders a configuration names, shipped data first, as absolute paths.

    Raises:
        ConfigError: ``sovietdata_data`` is not a list of paths, or names no data at all.

    """
    own: Any = config.sovietdata_data
    if isinstance(own, str | Path) or not all(isinstance(p, str | Path) for p in own):
        raise ConfigError(f"sovietdata_data must be a list of paths, not {own!r}")
    found = tuple(Path(p).resolve() for p in own)
    if config.sovietdata_shipped:
        found = (DATA_FILES, *found)
    if not found:
        raise ConfigError("sovietdata_shipped is False and sovietdata_data names no files")
    return found


def _files(where: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for path in where:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix in {".toml", ".json"})
        else:
            files.append(path)
    return files


def _stamp(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return f"{path}:missing"
    return f"{path}:{stat.st_mtime_ns}:{stat.st_size}"


def _load(config: Config) -> sovietdata.Dataset:
    where = paths(config)
    # Keyed by the files and their state, so an edited file is read again in the same process.
    key = tuple(_stamp(p) for p in (*where, *_files(where)))
    if key not in _loaded:
        try:
            _loaded[key] = (
                sovietdata.dataset() if where == (DATA_FILES,) else sovietdata.load(*where)
            )
        except DataError as error:
            count = len(error.problems)
            lines = [f"the book's data does not load: {count} problem{'s' * (count != 1)}"]
            lines += (f"  {p}" for p in error.problems)
            raise ConfigError("\n".join(lines)) from None
    return _loaded[key]


def dataset(env: BuildEnvironment) -> sovietdata.Dataset:
    """The dataset the book of this environment renders (loaded on first use, then kept).

    Raises:
        ConfigError: the configured data does not load; the message names every problem.

    """
    found = _of_env.get(env)
    if found is None:
        found = _of_env[env] = _load(env.config)
    return found


def fingerprint(config: Config) -> str:
    """A hash of the data a book renders and of the package code that writes it.

    When it changes, every page is read again, so no page keeps an old value or an old
    wording (a change to how a date is written in words changes the fingerprint too).
    """
    digest = hashlib.blake2b(digest_size=16)
    files = [*_files(paths(config)), *sorted(PACKAGE.rglob("*.py"))]
    for file in files:
        try:
            data = file.read_bytes()
        except OSError:
            data = b"(unreadable)"  # reported when the data is loaded
        digest.update(str(file).encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def _resolve(app: Sphinx, config: Config) -> None:
    """Make the configured paths absolute, relative to the configuration directory."""
    own: Any = config.sovietdata_data
    if isinstance(own, list | tuple):
        config.sovietdata_data = [
            str((Path(app.confdir) / p).resolve()) if isinstance(p, str | Path) else p for p in own
        ]


def _check(app: Sphinx) -> None:
    """Load the data as the build starts, so a bad file stops it before any page is read."""
    _of_env[app.env] = _load(app.config)


def _outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Re-read every page when the data or the package code changed since the last build."""
    current = fingerprint(app.config)
    if getattr(env, "sovietdata_fingerprint", None) == current:
        return []
    env.sovietdata_fingerprint = current  # type: ignore[attr-defined]
    return sorted(env.found_docs - added - removed)


def setup(app: Sphinx) -> None:
    """Register the configuration values and the hooks that load the data and re-read pages."""
    app.add_config_value("sovietdata_data", [], "env", types=frozenset({list, tuple}))
    app.add_config_value("sovietdata_shipped", True, "env", types=frozenset({bool}))
    app.connect("config-inited", _resolve)
    app.connect("builder-inited", _check)
    app.connect("env-get-outdated", _outdated)
