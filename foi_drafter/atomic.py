"""Write output files atomically: the result is either the whole new file or nothing.

A letter is written to a temporary file beside its target, created readable by
the owner only, flushed to disk, and then moved into place in one step. If
anything fails on the way, the temporary file is removed, so a half-written
letter never appears under the requested name.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from foi_drafter.errors import FoiError


def ensure_writable_target(path: Path, force: bool) -> None:
    """Refuse early, before any expensive work, if ``path`` cannot or may not be written."""
    if path.is_dir():
        raise FoiError(f"{path} is a folder; give a file name with -o")
    if not force and (path.exists() or path.is_symlink()):
        raise _already_exists(path)
    folder = path.parent
    if not folder.is_dir():
        raise FoiError(f"folder {folder} does not exist; create it or choose another name with -o")


def _already_exists(path: Path) -> FoiError:
    return FoiError(
        f"{path} already exists; use --force to overwrite it or choose another name with -o"
    )


def write_atomic(path: Path, data: bytes | str, *, force: bool = False, mode: int = 0o600) -> Path:
    """Write ``data`` (text is UTF-8 encoded) to ``path`` atomically and return ``path``.

    Without ``force`` an existing file is never replaced, even one created while
    we were writing. The file ends up with permissions ``mode`` whatever the umask.
    """
    path = Path(path)
    ensure_writable_target(path, force)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise FoiError(
            f"cannot write in {path.parent}: {exc.strerror}; choose another folder with -o"
        ) from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, mode)
        _move_into_place(temp, path, force)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        hint = (
            "close it if it is open in Word, or choose another name with -o"
            if isinstance(exc, PermissionError)
            else "check the disk has space, or choose another name with -o"
        )
        raise FoiError(f"{path} cannot be written ({exc.strerror or exc}); {hint}") from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)
    return path


def _move_into_place(temp: Path, path: Path, force: bool) -> None:
    """Rename ``temp`` to ``path``; without ``force``, fail rather than replace a file."""
    if force:
        os.replace(temp, path)
        return
    try:
        # A hard link fails if the name exists, so a file that appeared meanwhile is kept.
        os.link(temp, path)
    except FileExistsError:
        raise _already_exists(path) from None
    except OSError:
        # The file system has no hard links (e.g. FAT): check, then rename.
        ensure_writable_target(path, force)
        os.replace(temp, path)
    else:
        temp.unlink()


def _sync_folder(folder: Path) -> None:
    """Flush the folder entry of the renamed file to disk where the platform allows it."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
