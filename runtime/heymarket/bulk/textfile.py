"""The bytes of an input file as lines of text: its encoding decided, its digest taken, every line bounded.

An import reads its file twice, both times through :class:`TextFile`: a first pass (``scan=True``) that
decides the encoding, takes the SHA-256 of the bytes (the journal's check that a resume reads the same
file) and lets the reader count its records; then the pass that streams them. Encodings:

* A byte-order mark is honoured: UTF-8, UTF-16 (LE/BE) and UTF-32 files read as such, without the mark.
  A file without one whose first bytes alternate with NULs is UTF-16 (LE or BE).
* Otherwise, by default (``encoding="auto"``, the command's default; None and ``utf-8-sig``, the
  former default, mean the same), the file is read as UTF-8; if a byte is not UTF-8 while everything
  before it is ASCII, the file is read as Windows-1252 (what classic Outlook and Excel on Windows
  write). A file mixing UTF-8 with other bytes, or not readable as either, is refused with the
  ``--encoding`` to pass.
* An explicit encoding is used as given (a byte it cannot read is refused, with the same hint).

Lines keep their ends (``\\r\\n``, ``\\n`` or ``\\r``), as ``open(newline="")`` gives them to the
``csv`` module. A line longer than :data:`MAX_LINE` characters is refused at once (a JSON array saved as
``.csv`` is one line of any size): memory stays within a few MB whatever the file.
"""

from __future__ import annotations

import codecs
import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

from .mapping import CsvMappingError, quote_columns

MAX_LINE = 1 << 20
"""Characters in one line of an input file (a contact row is a few hundred; Outlook's header 2,000)."""
BLOCK = 1 << 20
AUTO = "auto"
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_NAMES = {"utf-8": "UTF-8", "cp1252": "Windows-1252", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16 (big-endian)"}


def wanted_encoding(encoding: str | None) -> str:
    """``auto`` for None, ``auto`` and ``utf-8-sig`` (the former default); else the codec's name, checked."""
    if encoding is None or encoding.strip().lower() in ("", AUTO, "utf-8-sig", "utf_8_sig"):
        return AUTO
    try:
        return codecs.lookup(encoding.strip()).name
    except LookupError:
        raise CsvMappingError(f"--encoding {encoding!r} is not an encoding Python knows") from None


def encoding_title(name: str) -> str:
    return _NAMES.get(name, name)


class LineTooLong(CsvMappingError):
    """A line of more than :data:`MAX_LINE` characters."""


class TextFile:
    """One input file; :meth:`lines` opens it once per call (a pass)."""

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        self.path = path
        self.wanted = wanted_encoding(encoding)
        self.encoding = self.wanted
        """The encoding read: decided by the first pass when ``wanted`` is ``auto``."""
        self.bom = False
        self.digest = ""
        """``sha256:<hex>`` of the bytes, once a scanning pass has read them all."""
        self.opens = 0

    def lines(self, *, scan: bool = False) -> Iterator[str]:
        """Every line of the file, decoded; ``scan`` also decides the encoding and takes the digest."""
        self.opens += 1
        digest = hashlib.sha256()
        with self.path.open("rb") as raw:
            block = raw.read(BLOCK)
            skip = self._start(block) if scan or self.encoding == AUTO else self._bom_length(block)
            decoder = _decoder(self.encoding)
            consumed = skip  # bytes of the file given to the decoder
            pending = ""
            line_no = 1
            ascii_so_far = True
            data = block[skip:]
            while True:
                if scan:
                    digest.update(block)
                final = not block
                buffered = decoder.getstate()[0]
                try:
                    text = decoder.decode(data, final=final)
                except UnicodeDecodeError as error:
                    full = buffered + data
                    before = full[: error.start]
                    at = consumed - len(buffered) + error.start
                    where = line_no + pending.count("\n") + before.count(b"\n")
                    fallback = scan and self.wanted == AUTO and self.encoding == "utf-8" and not self.bom
                    if not (fallback and ascii_so_far and before.isascii()):
                        raise self._undecodable(full[error.start], at, where) from None
                    # Not UTF-8, and ASCII up to here: the same text in Windows-1252 so far.
                    self.encoding = "cp1252"
                    decoder = _decoder("cp1252")
                    try:
                        text = before.decode("ascii") + decoder.decode(full[error.start :], final=final)
                    except UnicodeDecodeError as again:
                        bad = min(error.start + again.start, len(full) - 1)
                        raise self._undecodable(full[bad], at + again.start, where) from None
                if ascii_so_far and not text.isascii():
                    ascii_so_far = False
                if text or (final and pending):
                    pieces = io.StringIO(pending + text, newline="").readlines()
                    last = pieces[-1]
                    pending = "" if final or (last.endswith("\n") or last.endswith("\r\n")) else pieces.pop()
                    for line in pieces:
                        if len(line) > MAX_LINE:
                            raise self._too_long(line_no, line)
                        if line_no == 1 and line.startswith("\ufeff"):
                            line = line[1:]
                        line_no += 1
                        yield line
                    if len(pending) > MAX_LINE:
                        raise self._too_long(line_no, pending)
                if final:
                    break
                consumed += len(data)
                block = raw.read(BLOCK)
                data = block
        if scan:
            self.digest = "sha256:" + digest.hexdigest()

    # ------------------------------------------------------------------ encoding

    def _start(self, first: bytes) -> int:
        """Decide the encoding from the first block; the length of the byte-order mark to skip."""
        if self.wanted != AUTO:
            self.encoding = self.wanted
            return self._bom_length(first)
        for bom, name in _BOMS:
            if first.startswith(bom):
                self.bom = True
                self.encoding = name
                return len(bom)
        sample = first[:4096]
        if len(sample) >= 4 and sample.count(0) * 3 >= len(sample):
            self.encoding = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
            return 0
        self.encoding = "utf-8"
        return 0

    def _bom_length(self, first: bytes) -> int:
        """The mark to skip when reading in ``self.encoding`` (utf-16 and utf-32 codecs skip their own)."""
        for bom, name in _BOMS:
            if first.startswith(bom) and self.encoding == name:
                self.bom = True
                return len(bom)
        return 0

    def _undecodable(self, byte: int, at: int, line: int) -> CsvMappingError:
        if self.wanted == AUTO and self.encoding == "utf-8":
            why = "is not UTF-8 although the text before it is: the file mixes encodings"
        elif self.wanted == AUTO:
            why = "is neither UTF-8 nor Windows-1252"
        else:
            why = f"cannot be read as {encoding_title(self.encoding)}"
        hint = "--encoding latin-1" if self.encoding == "cp1252" else "--encoding cp1252"
        return CsvMappingError(
            f"byte 0x{byte:02x} at offset {at:,} (line {line:,}) {why}; pass the file's encoding, "
            f"e.g. {hint} (or --encoding utf-16, --encoding mac-roman)"
        )

    @staticmethod
    def _too_long(line: int, text: str) -> LineTooLong:
        cells = text[:400].split(",")[:3]
        return LineTooLong(
            f"line {line:,} is longer than {MAX_LINE:,} characters, which no file of contacts has "
            f"(a JSON array saved as .csv?); it starts with {quote_columns(cells, limit=2)} and more"
        )


def _decoder(encoding: str) -> codecs.IncrementalDecoder:
    return codecs.getincrementaldecoder("utf-8" if encoding == AUTO else encoding)("strict")
