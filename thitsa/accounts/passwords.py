"""Password rules beyond Django's own validators (see AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from zxcvbn import zxcvbn

# zxcvbn's score: 3 = "safely unguessable" (about 10^8 guesses and more).
MIN_SCORE = 3

# Every sentence zxcvbn's feedback can say (zxcvbn/feedback.py, 4.5). It marks them for the
# standard library's gettext, which has no catalogue here, so they come out in English: ours
# translates them. A sentence a later zxcvbn adds stays English until it is added here and to
# the .po (tests/accounts/test_password_hints.py says which).
ZXCVBN_FEEDBACK = frozenset(
    {
        gettext_noop("Use a few words, avoid common phrases."),
        gettext_noop("No need for symbols, digits, or uppercase letters."),
        gettext_noop("Add another word or two. Uncommon words are better."),
        gettext_noop("Straight rows of keys are easy to guess."),
        gettext_noop("Short keyboard patterns are easy to guess."),
        gettext_noop("Use a longer keyboard pattern with more turns."),
        gettext_noop('Repeats like "aaa" are easy to guess.'),
        gettext_noop('Repeats like "abcabcabc" are only slightly harder to guess than "abc".'),
        gettext_noop("Avoid repeated words and characters."),
        gettext_noop('Sequences like "abc" or "6543" are easy to guess.'),
        gettext_noop("Avoid sequences."),
        gettext_noop("Recent years are easy to guess."),
        gettext_noop("Avoid recent years."),
        gettext_noop("Avoid years that are associated with you."),
        gettext_noop("Dates are often easy to guess."),
        gettext_noop("Avoid dates and years that are associated with you."),
        gettext_noop("This is a top-10 common password."),
        gettext_noop("This is a top-100 common password."),
        gettext_noop("This is a very common password."),
        gettext_noop("This is similar to a commonly used password."),
        gettext_noop("A word by itself is easy to guess."),
        gettext_noop("Names and surnames by themselves are easy to guess."),
        gettext_noop("Common names and surnames are easy to guess."),
        gettext_noop("Capitalization doesn't help very much."),
        gettext_noop("All-uppercase is almost as easy to guess as all-lowercase."),
        gettext_noop("Reversed words aren't much harder to guess."),
        gettext_noop("Predictable substitutions like '@' instead of 'a' don't help very much."),
    }
)


def hint(feedback: dict) -> str:
    """zxcvbn's warning, or else its suggestions, in the page's language."""

    def say(sentence: str) -> str:
        return _(sentence) if sentence in ZXCVBN_FEEDBACK else sentence

    if feedback["warning"]:
        return say(feedback["warning"])
    return " ".join(say(s) for s in feedback["suggestions"])


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
            raise ValidationError(
                _("This password is too easy to guess. %(hint)s")
                % {"hint": hint(result["feedback"])},
                code="password_guessable",
            )

    def get_help_text(self):
        return _("Not a common or leaked password, not a repeat or keyboard run.")
