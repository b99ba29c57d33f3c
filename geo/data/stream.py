"""A large GeoJSON FeatureCollection read in batches, never whole (``db load`` of a million).

:func:`geo.data.io.read_features` parses a file into memory at once, which a million
activities turn into gigabytes. Here ijson's C parser walks the file and hands out its
features a batch at a time: memory follows the batch, not the file. The file's own
problems (not JSON, not a FeatureCollection, a foreign CRS, no feature, too many) are the
same as :func:`read_features` names, and so are its features: numbers as floats, NaN and
Infinity refused as they are not JSON. One difference: the C parser holds no integer past
a signed 64-bit one, and such a file is refused here (no field of ours takes one).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import ijson

from geo.data.io import WHOLE_FILE, foreign_crs, too_big
from geo.data.problems import Problem
from geo.data.schema import MAX_FEATURES, MAX_STREAMED_BYTES

BATCH = 20_000
"""Features per batch by default: a few tens of MB of Python objects at a time."""


class FileProblem(Exception):
    """The file itself cannot be read on: its problem, found part-way through."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


# A JSON escape of half a UTF-16 pair with no other half: not text. The whole-file reader
# keeps it for validation to name; the C parser would put "?" in its place.
_LONE_SURROGATE = re.compile(
    rb"(?<!\\)\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})(?<!\\)\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)
_CONTEXT = 12  # bytes of an escape pair: what a match needs to see around its start


class _LoneSurrogate(Exception):
    pass


class _Counted(io.RawIOBase):
    """A binary file that counts the bytes read from it (how far the parser has come).

    It also refuses a lone UTF-16 surrogate escape, which the parser would quietly replace.
    An escape near the end of a read is looked at in the next one, when what follows it
    is there too.
    """

    def __init__(self, raw: BinaryIO):
        self._raw = raw
        self.done = 0
        self._tail = b""  # the end of the last read: context, then starts not looked at
        self._seen = 0  # how many of its first bytes were looked at as starts

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self._raw.readinto(buffer) or 0
        self.done += n
        chunk = self._tail + bytes(memoryview(buffer)[:n])
        stop = len(chunk) if not n else max(self._seen, len(chunk) - _CONTEXT)
        for found in _LONE_SURROGATE.finditer(chunk):
            if self._seen <= found.start() < stop:
                raise _LoneSurrogate(found.group().decode("ascii"))
        self._tail = chunk[-2 * _CONTEXT :]
        self._seen = len(self._tail) - (len(chunk) - stop)
        return n


class FeatureBatches:
    """The features of ``path`` in lists of at most ``size``; :attr:`done` bytes read so far.

    :meth:`problems` checks the file as a whole first (its size, JSON, type, CRS); iterate
    only when it found none. A problem met later (the file ends half-way, a feature past
    :data:`MAX_FEATURES`, no feature at all) raises :class:`FileProblem`.
    """

    def __init__(self, path: Path, size: int):
        self.path = path
        self.size = size
        self.total = path.stat().st_size if path.exists() else 0
        self._file: _Counted | None = None

    @property
    def done(self) -> int:
        """Bytes of the file the parser has read."""
        return self._file.done if self._file else 0

    def _problem(self, field: str, message: str) -> Problem:
        return Problem(self.path.name, WHOLE_FILE, field, message)

    def problems(self) -> list[Problem]:
        """What is wrong with the file as a whole, read from its top-level members."""
        big = too_big(self.path, MAX_STREAMED_BYTES)
        if big:
            return [self._problem("-", big)]
        if self.path.exists() and not self.total:
            return [self._problem("-", "file is empty")]
        try:
            # One pass of the C parser per member: it builds the value named, nothing else.
            kind, crs = (self._member(name) for name in ("type", "crs"))
            features = self._opening("features") if kind == "FeatureCollection" else None
        except FileNotFoundError:
            return [self._problem("-", f"file not found in {self.path.parent}")]
        except OSError as exc:
            return [self._problem("-", f"cannot be read: {exc}")]
        except ijson.JSONError as exc:
            return [self._problem("-", _not_read(exc, "not valid JSON"))]
        except (UnicodeDecodeError, ValueError) as exc:
            return [self._problem("-", f"cannot be read: {_reason(exc)}")]
        if kind != "FeatureCollection":
            return [self._problem("-", "not a GeoJSON FeatureCollection")]
        foreign = foreign_crs(crs)
        if foreign:
            return [self._problem("crs", foreign)]
        if features != "start_array":
            # As the whole-file reader says: an object's members are not features.
            return [self._problem("-", "'features' is not a list")]
        return []

    def _opening(self, name: str) -> str | None:
        """The parser's first event of the top-level member ``name`` (``start_array``...).

        It stops there: a collection's ``features`` come early, its coordinates after. Each
        event before it passes through Python: a file that puts a large member first, or
        has no ``features``, costs a slower pass.
        """
        with self.path.open("rb") as fh:
            return next((event for prefix, event, _ in ijson.parse(fh) if prefix == name), None)

    def _member(self, name: str):
        with self.path.open("rb") as fh:
            return next(iter(ijson.items(fh, name, use_float=True)), None)

    def __iter__(self) -> Iterator[list[dict]]:
        batch: list[dict] = []
        count = 0
        with self.path.open("rb", buffering=0) as raw:
            self._file = _Counted(raw)
            reader = io.BufferedReader(self._file, buffer_size=1 << 16)
            try:
                for feature in ijson.items(reader, "features.item", use_float=True):
                    count += 1
                    if count > MAX_FEATURES:
                        raise FileProblem(
                            self._problem("-", f"too many features (more than {MAX_FEATURES})")
                        )
                    batch.append(feature)
                    if len(batch) >= self.size:
                        yield batch
                        batch = []
            except ijson.JSONError as exc:
                message = _not_read(exc, "not valid JSON", f" after feature {count}")
                raise FileProblem(self._problem("-", message)) from None
            except _LoneSurrogate as exc:
                message = (
                    f"holds a character that is not text (a lone UTF-16 surrogate, {exc}) "
                    f"after feature {count}"
                )
                raise FileProblem(self._problem("-", message)) from None
            except (UnicodeDecodeError, ValueError) as exc:
                message = f"cannot be read after feature {count}: {_reason(exc)}"
                raise FileProblem(self._problem("-", message)) from None
        if batch:
            yield batch
        if not count:
            raise FileProblem(self._problem("-", "holds no feature"))


def _not_read(exc: Exception, said: str, where: str = "") -> str:
    """Why the parser stopped: a number too large for it (valid JSON) or not JSON at all."""
    if str(exc).partition("\n")[0].endswith("integer overflow"):  # yajl quotes the file after
        return f"holds an integer beyond a signed 64-bit one{where}"
    truncated = " (truncated?)" if where else ""
    return f"{said}{where}{truncated}: {_reason(exc)}"


def _reason(exc: Exception) -> str:
    """The parser's message on one line, cut short (it may quote a long stretch of the file)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"
