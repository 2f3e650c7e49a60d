"""AES-GCM encryption for restricted fields; the key lives in THITSA_HOME/keys, not the database."""

from __future__ import annotations

import base64
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import models

from thitsa.home import read_or_create_key

_PREFIX = "aesgcm:"


def _key() -> bytes:
    env = os.environ.get("THITSA_FIELD_KEY")
    return bytes.fromhex(env) if env else read_or_create_key("field_key", 32)


def encrypt(plain: str) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(_key()).encrypt(nonce, plain.encode(), None)
    return _PREFIX + base64.b64encode(nonce + sealed).decode()


def decrypt(token: str) -> str:
    raw = base64.b64decode(token[len(_PREFIX) :])
    return AESGCM(_key()).decrypt(raw[:12], raw[12:], None).decode()


class EncryptedTextField(models.TextField):
    """Text stored as AES-GCM ciphertext; Python sees plain text."""

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(value)
