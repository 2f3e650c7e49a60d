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
        if not all(i.isdigit() for i in ids):
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
