"""Writing export files: one file or one directory of files, whole or not at all.

Everything is written beside its target first and renamed into place at the
end, so a failed or interrupted export leaves the target as it was; a path that
cannot be written raises :class:`WriteError` naming it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Mapping
from pathlib import Path

__all__ = ["WriteError", "write_files", "write_text"]


class WriteError(Exception):
    """An output path that cannot be written; nothing was written to it.

    >>> print(export.WriteError("out/data.json", "No such file or directory"))
    cannot write out/data.json: No such file or directory
    """

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"cannot write {self.path}: {reason}")


def _scratch(beside: Path) -> Path:
    return beside.parent / f".{beside.name}.{secrets.token_hex(6)}.tmp"


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write UTF-8 text to ``path`` whole or not at all, replacing any file there.

    The text goes to a new file beside ``path`` that is renamed over it at the
    end; :class:`WriteError` names the path if it cannot be written.
    """
    target = Path(path)
    scratch = _scratch(target)
    try:
        fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise WriteError(target, error.strerror or str(error)) from error
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(scratch, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            scratch.unlink()
        if isinstance(error, OSError):
            raise WriteError(target, error.strerror or str(error)) from error
        raise


def write_files(directory: str | os.PathLike[str], files: Mapping[str, str]) -> list[Path]:
    """Write UTF-8 ``files`` (text by file name) into ``directory``, whole or not at all.

    A directory that does not exist is created (its parent must exist); the
    files are written into a new directory beside or inside it first and moved
    into place at the end, replacing files of the same names; other files in it
    are left alone. Gives the paths written; :class:`WriteError` names the path
    if it cannot be written.
    """
    target = Path(directory)
    exists = target.is_dir()
    if target.exists() and not exists:
        raise WriteError(target, "not a directory")
    scratch = _scratch(target / "files") if exists else _scratch(target)
    try:
        os.mkdir(scratch)
    except OSError as error:
        raise WriteError(target, error.strerror or str(error)) from error
    try:
        for name, text in files.items():
            with open(scratch / name, "w", encoding="utf-8", newline="") as out:
                out.write(text)
        if exists:
            _swap_in(scratch, target, list(files))
            shutil.rmtree(scratch, ignore_errors=True)
        else:
            os.rename(scratch, target)
    except BaseException as error:
        shutil.rmtree(scratch, ignore_errors=True)
        if isinstance(error, WriteError):
            raise
        if isinstance(error, OSError):
            raise WriteError(target, error.strerror or str(error)) from error
        raise
    return [target / name for name in files]


def _swap_in(scratch: Path, target: Path, names: list[str]) -> None:
    """Move the new files from ``scratch`` into ``target``; on failure put the old ones back."""
    for name in names:
        if (target / name).is_dir():
            raise WriteError(target / name, "is a directory")
    old = scratch / ".old"
    os.mkdir(old)
    done: list[str] = []
    try:
        for name in names:
            if (target / name).exists():
                os.replace(target / name, old / name)
            done.append(name)
            os.replace(scratch / name, target / name)
    except OSError as error:
        failed = target / name
        for moved in reversed(done):
            with contextlib.suppress(OSError):
                if (old / moved).exists():
                    os.replace(old / moved, target / moved)
                else:
                    (target / moved).unlink()
        raise WriteError(failed, error.strerror or str(error)) from error
