"""Write a set of tables (and other files) to a folder whole or not at all, and only our own.

Three rules keep an output folder from ever costing the user a file it did not write:

* :func:`check_output_folder` refuses, before any work, an output folder that is an input
  (or holds one, or lies inside one), the current folder, the home folder or ``/``, a
  folder that cannot be written, and a non-empty folder this tool did not write (unless
  forced).
* :func:`atomic_folder` writes into a staging folder next to the target, marks it with
  :data:`MARKER_NAME` (the list of files written) and only then swaps it in; staging
  folders of killed runs are removed by the next run, never those of a live one.
* :func:`write_tables` escapes CSV cells a spreadsheet would run as a formula.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd

from analysis.errors import InputError

__all__ = [
    "atomic_folder", "check_output_folder", "csv_safe", "escape_formula",
    "FORMULA_PREFIXES", "MARKER_NAME", "read_marker", "remove_stale_staging", "TOOL_NAME",
    "write_marker",
]

MARKER_NAME = ".analysis-output.json"
"""The file that marks a folder as written by this tool (it lists the files written)."""

TOOL_NAME = "analysis"

#: Leading characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Folders the user confirmed with --force (check_output_folder(..., force=True)) in this
# process: atomic_folder may replace them even though they hold files it did not write.
_FORCED_TARGETS: set[Path] = set()

# How often the final swap is retried when concurrent runs on the same target race.
_SWAP_ATTEMPTS = 20


# --------------------------------------------------------------------------- the marker


def _version() -> str:
    from analysis import __version__

    return __version__


def _files_under(folder: Path) -> list[str]:
    """Every file (or link) below ``folder``, as sorted POSIX paths relative to it, marker excluded."""
    found: list[str] = []
    for root, dirs, files in os.walk(folder):
        base = Path(root)
        # A link to a folder is listed as an entry, never followed.
        links = [d for d in dirs if (base / d).is_symlink()]
        dirs[:] = [d for d in dirs if d not in links]
        for name in files + links:
            relative = (base / name).relative_to(folder).as_posix()
            if relative != MARKER_NAME:
                found.append(relative)
    return sorted(found)


def write_marker(folder: str | Path) -> Path:
    """Mark ``folder`` as this tool's output: :data:`MARKER_NAME` lists the files it holds.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.csv").write_text("x")
    >>> read_marker(write_marker(folder).parent)["files"]
    ['a.csv']
    """
    folder = Path(folder)
    marker = folder / MARKER_NAME
    content = {"tool": TOOL_NAME, "version": _version(), "files": _files_under(folder)}
    marker.write_text(json.dumps(content, indent=1) + "\n", encoding="utf-8")
    return marker


def read_marker(folder: str | Path) -> dict | None:
    """The marker of ``folder`` if this tool wrote it, else ``None`` (missing or foreign file).

    >>> import tempfile
    >>> read_marker(tempfile.mkdtemp()) is None
    True
    """
    path = Path(folder) / MARKER_NAME
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if (not isinstance(content, dict) or content.get("tool") != TOOL_NAME
            or not isinstance(content.get("files"), list)):
        return None
    return content


def _unlisted_file(folder: Path) -> str | None:
    """A file in ``folder`` that is neither listed in its marker nor the marker: ``None`` if all are ours.

    A folder without a (valid) marker has only foreign files, so its first file is returned.
    """
    marker = read_marker(folder)
    listed = set(marker["files"]) if marker else set()
    for relative in _files_under(folder):
        if relative not in listed:
            return relative
    if marker is None and (folder / MARKER_NAME).exists():
        return MARKER_NAME  # a foreign file that happens to carry our marker's name
    return None


def _refuse_foreign_folder(folder: Path, advice: str) -> None:
    """Raise InputError if ``folder`` holds a file this tool did not write."""
    foreign = _unlisted_file(folder)
    if foreign is not None:
        raise InputError(folder, f"--out is a folder this tool did not write (it holds {foreign!r}); {advice}")


# --------------------------------------------------------------------------- checks before any work


def _is_same_or_inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def _nearest_existing(path: Path) -> Path:
    while not os.path.lexists(path) and path != path.parent:
        path = path.parent
    return path


def check_output_folder(out: str | Path, inputs: Iterable[tuple[str, str | Path]] = (),
                        force: bool = False) -> None:
    """Refuse (:class:`~analysis.errors.InputError` naming ``out``) an unsafe output folder.

    ``inputs`` are ``(description, path)`` pairs, e.g. ``("the corpus folder", corpus)``:
    ``out`` may not equal, contain or lie inside any of them (paths are compared as given
    and with links resolved). ``out`` may also never be ``/`` nor equal or contain the
    current folder or the home folder. Its nearest existing ancestor must be a folder we
    can write to. An existing ``out`` must be empty or written by this tool (its marker
    lists every file it holds), unless ``force`` is true: then ``out`` is replaced whole
    (it is not an input, so that deletes only what it holds) and :func:`atomic_folder`
    is allowed to do so in this process.

    >>> import tempfile
    >>> parent = Path(tempfile.mkdtemp())
    >>> check_output_folder(parent / "new")  # a new folder: fine
    >>> _ = (parent / "notes").mkdir(), (parent / "notes" / "todo.txt").write_text("mine")
    >>> check_output_folder(parent / "notes")
    Traceback (most recent call last):
    ...
    analysis.errors.InputError: ...notes: --out is a folder this tool did not write (it holds 'todo.txt'); choose another folder or pass --force to replace it
    >>> check_output_folder(parent / "notes" / "sub", [("the corpus folder", parent / "notes")])
    Traceback (most recent call last):
    ...
    analysis.errors.InputError: ...sub: --out lies inside the corpus folder '...notes'
    """
    given = Path(out)
    absolute = Path(os.path.abspath(given))
    resolved = given.resolve()
    candidates = {absolute, resolved}

    if given.exists() and not given.is_dir():
        raise InputError(given, "--out exists and is not a folder")
    root = Path(absolute.anchor)
    if root in candidates:
        raise InputError(given, "--out may not be the root folder")
    for description, path in inputs:
        shown = Path(path)
        real = shown.resolve()
        for candidate in candidates:
            for protected in {Path(os.path.abspath(shown)), real}:
                if protected == candidate or protected.is_relative_to(candidate):
                    raise InputError(given, f"--out would replace {description} {str(shown)!r}")
                if candidate.is_relative_to(protected):
                    raise InputError(given, f"--out lies inside {description} {str(shown)!r}")
    for description, path in (("the current folder", Path.cwd()), ("the home folder", Path.home())):
        for protected in {Path(os.path.abspath(path)), path.resolve()}:
            if any(_is_same_or_inside(protected, candidate) for candidate in candidates):
                raise InputError(given, f"--out would replace {description} {str(path)!r}")

    # The staging folder goes next to ``out`` and ``out`` itself is renamed there.
    ancestor = _nearest_existing(absolute.parent)
    if not ancestor.is_dir():
        raise InputError(given, f"--out cannot be created: {str(ancestor)!r} is not a folder")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise InputError(given, f"--out cannot be written: no write permission in {str(ancestor)!r}")

    if given.is_symlink():
        if not force:
            raise InputError(given, "--out is a symbolic link; name the folder itself, "
                                    "or pass --force to replace the link")
    elif given.is_dir():
        if not os.access(given, os.W_OK | os.X_OK):
            raise InputError(given, "--out cannot be replaced: no write permission in it")
        if not force:
            _refuse_foreign_folder(given, "choose another folder or pass --force to replace it")
    if force:
        _FORCED_TARGETS.add(absolute)


# --------------------------------------------------------------------------- staging folders


def _staging_pattern(name: str) -> re.Pattern[str]:
    """``.NAME.PID.TOKEN.tmp`` (staging) or ``.old`` (backup); TOKEN never holds a dot."""
    return re.compile(rf"\.{re.escape(name)}\.(\d+)\.[A-Za-z0-9_]+\.(tmp|old)")


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return True  # never ours to judge: keep it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by someone else
    except OverflowError:
        return False  # not a pid this system can have
    return True


def remove_stale_staging(target: str | Path) -> list[Path]:
    """Remove staging and backup folders next to ``target`` left by runs that were killed.

    Only names of :func:`atomic_folder`'s own pattern are touched, and only when the pid
    they carry is no longer running (a concurrent run's staging folder is kept). Returns
    what was removed.

    >>> import tempfile
    >>> parent = Path(tempfile.mkdtemp())
    >>> (parent / ".out.999999999.abc.tmp").mkdir()
    >>> (parent / f".out.{os.getpid()}.abc.tmp").mkdir()
    >>> [p.name for p in remove_stale_staging(parent / "out")]
    ['.out.999999999.abc.tmp']
    """
    target = Path(os.path.abspath(target))
    pattern = _staging_pattern(target.name)
    removed: list[Path] = []
    try:
        entries = sorted(target.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None or _pid_alive(int(match.group(1))):
            continue
        if not (entry.is_symlink() or entry.is_dir()):
            continue  # we never create plain files by that name: not ours
        _discard(entry)  # a backed-up link goes, never what it points to
        removed.append(entry)
    return removed


def _new_name(target: Path, kind: str) -> Path:
    """A fresh folder next to ``target`` named ``.NAME.PID.TOKEN.kind`` (created, private)."""
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}.", suffix=f".{kind}", dir=target.parent))


def _create_parents(folder: Path) -> list[Path]:
    """Create the missing ancestors of ``folder`` (and it); return those created, deepest last."""
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    created: list[Path] = []
    for path in reversed(missing):
        try:
            path.mkdir()
        except FileExistsError:
            continue  # a concurrent run made it: not ours to remove
        created.append(path)
    return created


def _remove_created(created: list[Path]) -> None:
    for path in reversed(created):
        try:
            path.rmdir()  # only if still empty: something else may have been put there
        except OSError:
            break


def _swap_in(staging: Path, target: Path) -> Path | None:
    """Rename ``staging`` to ``target``, moving the old ``target`` to a backup; return the backup.

    Concurrent runs on one target may move it away or put theirs in place between our
    steps; each such race is retried, so every run ends with a complete folder in place.
    """
    backup: Path | None = None
    for _ in range(_SWAP_ATTEMPTS):
        if os.path.lexists(target):
            if backup is None:
                backup = _new_name(target, "old")
                backup.rmdir()
            try:
                os.replace(target, backup)
            except FileNotFoundError:
                pass  # another run moved it away first
            except OSError as exc:
                if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                    raise
                # Our backup name is taken by a previous swap of ours: move to a new one.
                _discard(backup)
                backup = None
                continue
        try:
            os.replace(staging, target)
            return backup
        except OSError as exc:
            if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                raise
            # Another run put its folder in place after we moved the old one: retry.
    raise OSError(errno.EBUSY, f"could not replace {target}: too many concurrent runs")


def _discard(path: Path | None) -> None:
    if path is None or not os.path.lexists(path):
        return
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


@contextmanager
def atomic_folder(target: str | Path, *, force: bool = False) -> Iterator[Path]:
    """Yield a staging folder next to ``target``; on success it replaces ``target``.

    The finished folder is marked with :data:`MARKER_NAME` (the files written, tool name
    and version). If the body raises, the staging folder and any parent folders created
    for it are removed and ``target`` is untouched. ``target`` is replaced only if it is
    missing, empty or marked by this tool with nothing else in it, unless ``force`` is
    true or :func:`check_output_folder` was told to force it; otherwise
    :class:`~analysis.errors.InputError` is raised. Staging folders of killed earlier
    runs are removed first (see :func:`remove_stale_staging`).

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "out"
    >>> with atomic_folder(target) as staging:
    ...     _ = (staging / "a.csv").write_text("x")
    >>> sorted(p.name for p in target.iterdir())
    ['.analysis-output.json', 'a.csv']
    """
    target = Path(os.path.abspath(target))
    created = _create_parents(target.parent)
    try:
        remove_stale_staging(target)
        staging = _new_name(target, "tmp")
    except BaseException:
        _remove_created(created)
        raise
    # mkdtemp makes the folder private (0700); give it the permissions of a normal mkdir.
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)
    try:
        yield staging
        write_marker(staging)
        if not (force or target in _FORCED_TARGETS):
            # Checked again at the end: the folder may have changed during a long run.
            if target.is_symlink():
                raise InputError(target, "--out is a symbolic link; not replacing it")
            if target.is_dir():
                _refuse_foreign_folder(target, "not replacing it")
        backup = _swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        _remove_created(created)
        raise
    _discard(backup)


# --------------------------------------------------------------------------- tables


def escape_formula(value: object) -> object:
    """A string a spreadsheet would run as a formula, with a leading apostrophe; else ``value``.

    >>> escape_formula("=HYPERLINK(\\"http://x\\")"), escape_formula("@SUM(A1)"), escape_formula("- a bullet")
    ('\\'=HYPERLINK("http://x")', "'@SUM(A1)", "'- a bullet")
    >>> escape_formula("Peace"), escape_formula(-3)
    ('Peace', -3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with formula-like strings escaped (:func:`escape_formula`) in its text columns.

    Numeric columns are left alone, so ``-3`` stays a number.

    >>> csv_safe(pd.DataFrame({"doc_id": ["=cmd", "a"], "start": [-3, 0]})).to_dict("list")
    {'doc_id': ["'=cmd", 'a'], 'start': [-3, 0]}
    """
    escaped = {}
    for column in frame.columns:
        series = frame[column]
        if (pd.api.types.is_object_dtype(series.dtype) or pd.api.types.is_string_dtype(series.dtype)
                or isinstance(series.dtype, pd.CategoricalDtype)):
            values = series.astype(object) if isinstance(series.dtype, pd.CategoricalDtype) else series
            # A plain loop first, Series.map only for a column that needs it: this runs on
            # every text cell of every table written, and map costs ten times the loop.
            if any(isinstance(v, str) and v.startswith(FORMULA_PREFIXES) for v in values.to_numpy(dtype=object)):
                escaped[column] = values.map(escape_formula)
    if not escaped:
        return frame
    safe = frame.copy()
    for column, values in escaped.items():
        safe[column] = values
    return safe
