"""The encrypted stream: a round trip, and every kind of damage detected."""

from __future__ import annotations

import io
import os

import pytest

from thitsa.backups.stream import (
    HEADER,
    TAG,
    BackupError,
    DamagedArchive,
    DecryptingReader,
    EncryptingWriter,
    WrongPassphrase,
)

CHUNK = 1024
FAST = 15  # the lowest scrypt cost a reader accepts


def seal(plain: bytes, passphrase: bytes = b"pass", writes: int = 3) -> bytes:
    out = io.BytesIO()
    writer = EncryptingWriter(out, passphrase, log2_n=FAST, chunk=CHUNK)
    step = max(1, len(plain) // writes)
    for i in range(0, len(plain), step):
        writer.write(plain[i : i + step])
    writer.close()
    return out.getvalue()


def unseal(sealed: bytes, passphrase: bytes = b"pass", block: int = 777) -> bytes:
    reader = DecryptingReader(io.BytesIO(sealed), passphrase)
    parts = []
    while part := reader.read(block):
        parts.append(part)
    reader.finish()
    return b"".join(parts)


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK, 5 * CHUNK + 17])
def test_it_gives_back_exactly_what_went_in(size):
    plain = os.urandom(size)
    sealed = seal(plain)
    assert unseal(sealed) == plain
    chunks = max(1, -(-size // CHUNK))  # a full last chunk is sealed as last; none is empty
    assert len(sealed) == HEADER.size + size + chunks * TAG


def test_a_wrong_passphrase_is_told_apart_from_damage():
    with pytest.raises(WrongPassphrase, match="wrong passphrase"):
        unseal(seal(b"secret rows"), b"other")


def test_an_empty_passphrase_is_refused():
    with pytest.raises(BackupError, match="empty passphrase"):
        seal(b"x", b"")


SEALED = seal(os.urandom(3 * CHUNK + 100))
FULL = CHUNK + TAG


@pytest.mark.parametrize(
    "offset",
    [
        9,  # header: scrypt r -> the derived key changes: reads as a wrong passphrase
        HEADER.size - 20,  # header: nonce prefix
        HEADER.size,  # first byte of the first chunk
        HEADER.size + FULL + 500,  # inside the second chunk
        HEADER.size + 2 * FULL - 1,  # the second chunk's tag
        len(SEALED) - 1,  # the last chunk's tag
    ],
)
def test_any_changed_byte_is_detected(offset):
    damaged = bytearray(SEALED)
    damaged[offset] ^= 0x01
    with pytest.raises(BackupError):
        unseal(bytes(damaged))


@pytest.mark.parametrize(
    "length",
    [
        HEADER.size,  # header only
        HEADER.size + 10,
        HEADER.size + FULL,  # cut at a chunk boundary: the cut-off chunk was not sealed as last
        HEADER.size + 3 * FULL,
        len(SEALED) - 1,
    ],
)
def test_a_truncated_archive_is_detected(length):
    with pytest.raises(DamagedArchive, match="damaged or truncated"):
        unseal(SEALED[:length])


def test_reordered_or_repeated_chunks_are_detected():
    body = SEALED[HEADER.size :]
    chunks = [body[i : i + FULL] for i in range(0, len(body), FULL)]
    swapped = [chunks[1], chunks[0], *chunks[2:]]
    repeated = [chunks[0], chunks[0], *chunks[1:]]
    for order in (swapped, repeated):
        with pytest.raises(DamagedArchive):
            unseal(SEALED[: HEADER.size] + b"".join(order))


def test_a_file_that_is_not_a_backup_is_named_so():
    with pytest.raises(DamagedArchive, match="not a Thitsa backup"):
        unseal(b"PK\x03\x04" + os.urandom(200))
