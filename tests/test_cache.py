"""The cache of the validated shipped dataset: used only for the same bytes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import sovietdata
from sovietdata import _cache
from sovietdata.errors import DataError

DATA = os.path.join(os.path.dirname(sovietdata.__file__), "data")


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("SOVIETDATA_CACHE_DIR", str(where))
    return where


def test_shipped_data_validates_in_full() -> None:
    assert sovietdata.validate(DATA) == ()


def test_a_miss_validates_and_stores_then_a_hit_gives_equal_records(cache_dir: Path) -> None:
    first = sovietdata.Dataset(_cache.load_shipped(DATA, "test"))
    (stored,) = cache_dir.iterdir()
    assert stored.name.startswith("dataset-")
    assert stored.suffix == ".msgpack"
    second = sovietdata.Dataset(_cache.load_shipped(DATA, "test"))
    assert second == first == sovietdata.load(DATA)
    # The same order too, so that exports do not change from a first run to later ones.
    assert [r.id for r in second] == [r.id for r in first] == [r.id for r in sovietdata.load(DATA)]
    assert list(cache_dir.iterdir()) == [stored]


def test_the_key_follows_the_bytes_and_the_version() -> None:
    files = [("a.toml", b"x = 1")]
    key = _cache.fingerprint("1", files)
    assert key == _cache.fingerprint("1", list(files))
    assert key != _cache.fingerprint("2", files)
    assert key != _cache.fingerprint("1", [("a.toml", b"x = 2")])
    assert key != _cache.fingerprint("1", [("b.toml", b"x = 1")])


def test_changed_data_is_validated_again(cache_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    _cache.load_shipped(str(folder), "test")
    people = folder / "people.toml"
    people.write_text(
        people.read_text(encoding="utf-8").replace('born = "1894-04-15"', 'born = "1894-04-31"'),
        encoding="utf-8",
    )
    with pytest.raises(
        DataError, match=r"record 'khrushchev', field 'born': '1894-04-31' .*day 31 does not exist"
    ):
        _cache.load_shipped(str(folder), "test")


def test_only_the_current_entry_is_kept(cache_dir: Path, tmp_path: Path) -> None:
    cache_dir.mkdir()
    older = cache_dir / "dataset-0123456789abcdef0123456789abcdef.msgpack"
    older.write_bytes(b"an entry of older data")
    other = cache_dir / "notes.txt"
    other.write_text("not an entry", encoding="utf-8")
    _cache.load_shipped(DATA, "1")
    (first,) = cache_dir.glob("dataset-*.msgpack")
    assert first != older
    # A new version of the package: its entry replaces the one before.
    _cache.load_shipped(DATA, "2")
    (second,) = cache_dir.glob("dataset-*.msgpack")
    assert second != first
    # Changed data: the same.
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    (folder / "extra.toml").write_text("", encoding="utf-8")
    _cache.load_shipped(str(folder), "2")
    (third,) = cache_dir.glob("dataset-*.msgpack")
    assert third not in (first, second)
    assert sorted(p.name for p in cache_dir.iterdir()) == sorted([third.name, "notes.txt"])
    # A hit keeps the entry it read.
    _cache.load_shipped(str(folder), "2")
    assert list(cache_dir.glob("dataset-*.msgpack")) == [third]


def test_an_older_entry_that_cannot_be_removed_is_left(cache_dir: Path) -> None:
    stuck = cache_dir / "dataset-stuck.msgpack"
    stuck.mkdir(parents=True)  # a directory: unlink fails, and loading goes on
    records = _cache.load_shipped(DATA, "test")
    assert len(records) == len(sovietdata.dataset())
    assert len(list(cache_dir.iterdir())) == 2


def test_a_corrupt_cache_file_is_ignored(cache_dir: Path) -> None:
    _cache.load_shipped(DATA, "test")
    (stored,) = cache_dir.iterdir()
    stored.write_bytes(b"\x93not msgpack")
    assert sovietdata.Dataset(_cache.load_shipped(DATA, "test")) == sovietdata.load(DATA)


def test_an_unwritable_cache_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("SOVIETDATA_CACHE_DIR", str(blocker / "cache"))
    assert len(_cache.load_shipped(DATA, "test")) == len(sovietdata.dataset())
    assert blocker.read_text(encoding="utf-8") == "not a directory"


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOVIETDATA_CACHE_DIR", "")
    assert _cache.directory() is None
    assert len(_cache.load_shipped(DATA, "test")) == len(sovietdata.dataset())


def test_default_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SOVIETDATA_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _cache.directory() == os.path.join(str(tmp_path), "sovietdata")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert _cache.directory() == os.path.join(str(tmp_path), ".cache", "sovietdata")


def test_broken_toml_in_the_data_is_reported(cache_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    (folder / "extra.toml").write_text("[[person]\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"extra\.toml: not valid TOML"):
        _cache.load_shipped(str(folder), "test")


def test_a_failed_store_leaves_no_temporary_file(cache_dir: Path) -> None:
    names = sorted(n for n in os.listdir(DATA) if n.endswith(".toml"))
    files = [(n, Path(DATA, n).read_bytes()) for n in names]
    target = cache_dir / f"dataset-{_cache.fingerprint('test', files)}.msgpack"
    target.mkdir(parents=True)  # a directory where the file should go: the rename fails
    assert len(_cache.load_shipped(DATA, "test")) == len(sovietdata.dataset())
    assert sorted(p.name for p in cache_dir.iterdir()) == [target.name]


def test_no_home_directory_means_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOVIETDATA_CACHE_DIR", raising=False)
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)
    assert _cache.directory() is None


def test_an_interrupted_store_leaves_no_temporary_file(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        _cache.load_shipped(DATA, "test")
    assert list(cache_dir.iterdir()) == []
