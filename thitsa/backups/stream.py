"""The encrypted stream of a backup: scrypt -> AES-256-GCM over fixed-size chunks.

Layout (integers big-endian):

    header  b"THITSABK" | version u8 | log2(n) u8 | r u8 | p u8 | chunk size u32 |
            salt 16 | nonce prefix 8 | passphrase check 16
    chunks  AES-GCM(plain), nonce = prefix | counter u32, associated data = header | last u8

Every chunk but the last holds exactly `chunk size` plain bytes; the last holds 0 to `chunk size`
and is sealed with last=1. A cut at a chunk boundary, a dropped, repeated or reordered chunk, and
any changed byte (the header's too) fail authentication. Scrypt gives 48 bytes: the AES key and a
check value kept in the header, so a wrong passphrase is told apart from a damaged archive.
"""

from __future__ import annotations

import os
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"THITSABK"
VERSION = 1
HEADER = struct.Struct(">8sBBBBI16s8s16s")
CHUNK = 1 << 20
LOG2_N = 17  # 128 MiB of memory and about half a second per guess
TAG = 16
# A header may not ask for more than this (a forged one could otherwise demand gigabytes).
MAX_LOG2_N = 22
MAX_CHUNK = 64 << 20


class BackupError(Exception):
    """A backup or restore cannot go on; the message says why and what to do."""


class WrongPassphrase(BackupError):
    pass


class DamagedArchive(BackupError):
    pass


def _derive(passphrase: bytes, salt: bytes, log2_n: int, r: int, p: int) -> tuple[bytes, bytes]:
    out = Scrypt(salt=salt, length=48, n=2**log2_n, r=r, p=p).derive(passphrase)
    return out[:32], out[32:]


def _nonce(prefix: bytes, counter: int) -> bytes:
    if counter >= 2**32:
        raise BackupError("archive too large: more than 2**32 chunks")
    return prefix + counter.to_bytes(4, "big")


class EncryptingWriter:
    """A write-only file object: what is written comes out encrypted into `out`."""

    def __init__(
        self, out: BinaryIO, passphrase: bytes, *, log2_n: int = LOG2_N, chunk: int = CHUNK
    ):
        if not passphrase:
            raise BackupError("an empty passphrase is refused")
        salt, self._prefix = os.urandom(16), os.urandom(8)
        r, p = 8, 1
        key, check = _derive(passphrase, salt, log2_n, r, p)
        self.header = HEADER.pack(MAGIC, VERSION, log2_n, r, p, chunk, salt, self._prefix, check)
        self._aead, self._out, self._chunk = AESGCM(key), out, chunk
        self._buf = bytearray()
        self._counter = 0
        self.bytes_out = len(self.header)
        out.write(self.header)

    def _seal(self, plain: bytes, last: bool) -> None:
        sealed = self._aead.encrypt(
            _nonce(self._prefix, self._counter), plain, self.header + bytes([last])
        )
        self._out.write(sealed)
        self._counter += 1
        self.bytes_out += len(sealed)

    def write(self, data) -> int:
        self._buf += data
        # Strictly more than a chunk: the last chunk is sealed by close(), never here.
        while len(self._buf) > self._chunk:
            self._seal(bytes(self._buf[: self._chunk]), last=False)
            del self._buf[: self._chunk]
        return len(data)

    def close(self) -> None:
        """Seal the last chunk (possibly empty); `out` stays open."""
        if self._buf is not None:
            self._seal(bytes(self._buf), last=True)
            self._buf = None


class DecryptingReader:
    """A read-only file object over an archive; raises WrongPassphrase before giving any byte,
    DamagedArchive as soon as a chunk fails its check."""

    def __init__(self, src: BinaryIO, passphrase: bytes):
        self._src = src
        head = self._read_exact(HEADER.size)
        if len(head) < HEADER.size or not head.startswith(MAGIC):
            raise DamagedArchive("not a Thitsa backup (no THITSABK header)")
        magic, version, log2_n, r, p, chunk, salt, prefix, check = HEADER.unpack(head)
        if version != VERSION:
            raise DamagedArchive(f"backup format version {version}: this Thitsa reads {VERSION}")
        if not (15 <= log2_n <= MAX_LOG2_N and 1 <= r <= 32 and 1 <= p <= 16):
            raise DamagedArchive("the archive's header asks for impossible scrypt parameters")
        if not 1024 <= chunk <= MAX_CHUNK:
            raise DamagedArchive("the archive's header names an impossible chunk size")
        key, expected = _derive(passphrase, salt, log2_n, r, p)
        if expected != check:
            raise WrongPassphrase("wrong passphrase (nothing was written)")
        self.header, self._prefix, self._chunk = head, prefix, chunk
        self._aead = AESGCM(key)
        self._counter = 0
        self._plain = memoryview(b"")
        self._pending = self._read_exact(chunk + TAG)
        self._done = False

    def _read_exact(self, size: int) -> bytes:
        parts, left = [], size
        while left:
            part = self._src.read(left)
            if not part:
                break
            parts.append(part)
            left -= len(part)
        return b"".join(parts)

    def _next_chunk(self) -> bool:
        if self._done:
            return False
        sealed = self._pending
        if len(sealed) < self._chunk + TAG:
            last, self._pending = True, b""
        else:
            # A full chunk is the last one only when nothing follows it.
            self._pending = self._read_exact(self._chunk + TAG)
            last = not self._pending
        try:
            plain = self._aead.decrypt(
                _nonce(self._prefix, self._counter), sealed, self.header + bytes([last])
            )
        except InvalidTag:
            raise DamagedArchive(
                f"the archive is damaged or truncated: chunk {self._counter} (at byte "
                f"{HEADER.size + self._counter * (self._chunk + TAG):,}) fails its check"
            ) from None
        self._counter += 1
        self._done = last
        self._plain = memoryview(plain)
        return True

    def read(self, size: int = -1) -> bytes:
        out = []
        while size < 0 or size > 0:
            if not self._plain and not self._next_chunk():
                break
            take = len(self._plain) if size < 0 else min(size, len(self._plain))
            out.append(bytes(self._plain[:take]))
            self._plain = self._plain[take:]
            if size > 0:
                size -= take
        return b"".join(out)

    def finish(self) -> None:
        """Read (and authenticate) to the end: proves the archive was not cut after the data
        a reader stopped at."""
        while self._next_chunk():
            pass
