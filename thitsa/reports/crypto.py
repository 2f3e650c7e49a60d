"""AES-GCM encryption for restricted fields; the key lives in THITSA_HOME/keys, not the database."""

from __future__ import annotations

import base64
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import models

from thitsa.home import home_dir, read_or_create_key

_PREFIX = "aesgcm:"


class FieldKeyMissing(RuntimeError):
    """Witnesses are stored encrypted, and this home has no key to read them."""


def _key() -> bytes:
    env = os.environ.get("THITSA_FIELD_KEY")
    if env:
        return bytes.fromhex(env)
    if not (home_dir() / "keys" / "field_key").exists() and _witnesses_stored():
        # A home restored from a backup whose key was given by THITSA_FIELD_KEY (not in the
        # archive): a new key was made at the first witness read, which then failed, and the
        # witnesses added after were sealed under a key the old ones do not open.
        raise FieldKeyMissing(
            "witnesses are stored encrypted, and this home has no field key: set "
            "THITSA_FIELD_KEY (or put keys/field_key back) as on the machine they came from; "
            "no new key is made while witnesses wait to be read"
        )
    return read_or_create_key("field_key", 32)


def _witnesses_stored() -> bool:
    from thitsa.reports.models import Witness

    return Witness.objects.exists()


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

    def value_to_string(self, obj):
        # What serializers write (`dumpdata`): sealed, so a dump names no one without the key.
        value = self.value_from_object(obj)
        return encrypt(value) if value else value

    def to_python(self, value):
        # A sealed value comes back from a dump (`loaddata`); without this it would be sealed twice.
        if isinstance(value, str) and value.startswith(_PREFIX):
            return decrypt(value)
        return super().to_python(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(value)
