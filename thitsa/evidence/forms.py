from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thitsa.incidents.models import Incident
from thitsa.reports.models import SourceReport


def split_ids(value: str) -> list[str]:
    return [part for part in value.replace(",", " ").split() if part]


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A photo, video, audio recording or document. Large files are fine."),
    )
    reports = forms.CharField(
        label=_("Report ids"), help_text=_("One or more, separated by commas, e.g. 123, 456")
    )
    incidents = forms.CharField(
        label=_("Incident ids"),
        required=False,
        help_text=_("Optional, e.g. MMR-2025-000123"),
    )

    def clean_reports(self):
        ids = split_ids(self.cleaned_data["reports"])
        if not all(i.isdecimal() for i in ids):
            raise forms.ValidationError(_("Report ids are numbers, e.g. 123."))
        found = list(SourceReport.objects.filter(pk__in=ids))
        missing = sorted(set(ids) - {str(r.pk) for r in found})
        if missing:
            raise forms.ValidationError(
                _("No such report: %(ids)s"), params={"ids": ", ".join(missing)}
            )
        return found

    def clean_incidents(self):
        ids = split_ids(self.cleaned_data["incidents"])
        found = list(Incident.objects.filter(public_id__in=ids))
        missing = sorted(set(ids) - {i.public_id for i in found})
        if missing:
            raise forms.ValidationError(
                _("No such incident: %(ids)s"), params={"ids": ", ".join(missing)}
            )
        return found

    def clean(self):
        cleaned = super().clean()
        # A browser never fills a file input in again, so when another field is wrong the
        # redrawn form has lost the chosen file: say so at the file, naming it. (Keeping the
        # upload on the server instead would hold bytes outside the vault's custody log behind
        # a token, to save one more pick of the file.)
        upload = cleaned.get("file")
        if upload is not None and self.errors:
            self.add_error(
                "file",
                _(
                    "Choose the file again (%(name)s): the browser cannot keep it when the form "
                    "comes back with an error."
                )
                % {"name": upload.name},
            )
        return cleaned
