"""The checksum header in a retzef file's user block, checked before h5py opens the file.

A damaged object header can crash libhdf5 itself, inside h5py, where no exception can be caught;
so the whole file's integrity is checked first. `retzef` writes, in the file's first 512 bytes
(an HDF5 user block, which HDF5 skips), a text header: `retzef checksum 1`, `length N` (the
bytes after the block) and `crc32 XXXXXXXX` (zlib's CRC-32 of those bytes), one per line, then
NUL bytes (docs/output.md). A file that starts with the HDF5 signature instead was written
before retzef kept a checksum: it is read, with a warning.
"""

from __future__ import annotations

import zlib

HEADER_BYTES = 512
MAGIC = b"retzef checksum "
HEADER_VERSION = 1
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
_CHUNK = 1 << 20


class ChecksumError(Exception):
    """A file whose checksum header is damaged or does not match; str() says what is wrong."""


def verify(path: str) -> bool:
    """True when the header is there and matches, False when the file has none (an older file).

    Raises ChecksumError when the file is damaged, truncated or not a retzef file, OSError when
    it cannot be read."""
    with open(path, "rb") as f:
        header = f.read(HEADER_BYTES)
        if header.startswith(HDF5_SIGNATURE):
            return False
        if not header.startswith(MAGIC):
            if len(header) < len(HDF5_SIGNATURE):
                raise ChecksumError("not an HDF5 file (empty or truncated); expected the output "
                                    "of `retzef batch`")
            raise ChecksumError("not an HDF5 file, or a damaged one: it starts with neither a "
                                "retzef checksum header nor an HDF5 signature")
        version, length, crc = _parse(header[len(MAGIC):])
        # The rest of the block is NUL bytes as written: a change there is damage too.
        text_end = 0
        try:
            for _ in range(3):
                text_end = header.index(b"\n", text_end) + 1
        except ValueError:
            text_end = len(header) + 1  # a line's end is missing: damaged
        if text_end > len(header) or header[text_end:].strip(b"\0"):
            raise ChecksumError("damaged: its checksum header has stray bytes after its three "
                                "lines")
        if version != HEADER_VERSION:
            raise ChecksumError(f"checksum header version {version}, this report reads "
                                f"{HEADER_VERSION} (written by a newer retzef?)")
        actual, actual_length = 0, 0
        while chunk := f.read(_CHUNK):
            actual = zlib.crc32(chunk, actual)
            actual_length += len(chunk)
    if actual_length != length:
        raise ChecksumError(f"damaged: {actual_length + HEADER_BYTES} bytes, expected "
                            f"{length + HEADER_BYTES} (truncated, or an incomplete copy?)")
    if actual != crc:
        raise ChecksumError("damaged: its checksum does not match (the file changed after it "
                            "was written)")
    return True


def _parse(rest: bytes) -> tuple[int, int, int]:
    lines = rest.split(b"\0", 1)[0].split(b"\n")
    try:
        version = int(lines[0])
        key_length, length = lines[1].split(b" ")
        key_crc, crc = lines[2].split(b" ")
        if key_length != b"length" or key_crc != b"crc32":
            raise ValueError
        return version, int(length), int(crc, 16)
    except (IndexError, ValueError):
        raise ChecksumError("damaged: its checksum header cannot be read") from None
