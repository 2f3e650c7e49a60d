"""An admin form saves only over the record as its page showed it.

Django's admin writes back every field of its form. A page opened before a verifier's split,
merge, grade or publication on the review pages (or before a bulk match reconciled the
incident) wrote the old incident, merge, grade and counts back when someone saved a typo fix
in the title, undoing the verifier's act with no one told. The page now carries a
fingerprint of the fields it shows; a save over a record whose fields have changed since is
refused, and the person opens the page again.
"""

from __future__ import annotations

import hashlib
import json

from django import forms
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

SEEN = "shown_as"


class UnchangedSinceShown(forms.ModelForm):
    shown_as = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial[SEEN] = self.fingerprint()

    def fingerprint(self) -> str:
        """The form's fields as stored now."""
        names = [name for name in self.fields if name != SEEN]
        values = model_to_dict(self.instance, fields=names)
        text = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def clean(self):
        cleaned = super().clean()
        shown = self.data.get(self.add_prefix(SEEN), "")
        if self.instance.pk is not None and shown != self.fingerprint():
            raise forms.ValidationError(
                _(
                    "Someone changed this record since this page was opened (a verifier's "
                    "split, merge, grade or publication, or a match): nothing was saved, so "
                    "as not to undo it. Copy your change, open the page again and make it "
                    "there."
                ),
                code="stale",
            )
        return cleaned
