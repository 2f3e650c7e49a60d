"""Password rules beyond Django's own validators (see AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from zxcvbn import zxcvbn

# zxcvbn's score: 3 = "safely unguessable" (about 10^8 guesses and more).
MIN_SCORE = 3


class MaximumLengthValidator:
    """Long passphrases are welcome (ASVS: at least 64 characters allowed); the cap only keeps a
    megabyte "password" from tying up the hasher."""

    def __init__(self, max_length: int = 256):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                _("This password is longer than %(max)d characters.") % {"max": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self):
        return _("Up to %(max)d characters; a passphrase of several words is best.") % {
            "max": self.max_length
        }


class GuessableValidator:
    """Refuses passwords an attacker would try early: zxcvbn bundles the 30,000 most common
    leaked passwords and English words and names, and sees through repeats, keyboard runs,
    dates and l33t. Django's own list is mostly shorter than our 15-character minimum."""

    def validate(self, password, user=None):
        inputs = [user.get_username(), user.email] if user is not None else []
        # zxcvbn reads at most 72 characters: judge the start (a repeat stays a repeat).
        result = zxcvbn(password[:72], user_inputs=[i for i in inputs if i])
        if result["score"] < MIN_SCORE:
            hint = result["feedback"]["warning"] or " ".join(result["feedback"]["suggestions"])
            raise ValidationError(
                _("This password is too easy to guess. %(hint)s") % {"hint": hint},
                code="password_guessable",
            )

    def get_help_text(self):
        return _("Not a common or leaked password, not a repeat or keyboard run.")
