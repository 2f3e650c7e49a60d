from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from thitsa.burmese.normalize import typed
from thitsa.edits import UnchangedSinceShown
from thitsa.incidents.models import Incident
from thitsa.incidents.taxonomy import TARGETS, WEAPONS, UnknownCode, known_codes
from thitsa.publish.turns import DeletesBetweenBulkMatches
from thitsa.reports.models import SourceReport


class ReportInline(admin.TabularInline):
    model = SourceReport
    fields = (
        "source",
        "title",
        "event_date",
        "killed_min",
        "killed_max",
        "link_score",
        "linked_by",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        # Reports are linked by matching (or from the report's own page), not created here.
        return False


def known(table, value: str) -> str:
    """Targets or weapons as typed into the admin ("school; market"), stored ";school;market;"."""
    try:
        codes = known_codes(table, value.split(";"))
    except UnknownCode as exc:
        raise forms.ValidationError(str(exc)) from None
    return f";{';'.join(codes)};" if codes else ""


class IncidentForm(UnchangedSinceShown):
    # An unknown code would never match a figure's --target or --weapon. Only what is edited
    # is checked: an older incident's unknown code blocks no other change.
    def clean(self):
        # Burmese typed here as it is stored everywhere else: Unicode, in canonical order.
        cleaned = super().clean()
        for name in ("summary_en", "summary_my", "perpetrator"):
            if name in self.changed_data and cleaned.get(name):
                cleaned[name] = typed(cleaned[name])
        return cleaned

    def clean_targets(self):
        return self._codes("targets", TARGETS)

    def clean_weapons(self):
        return self._codes("weapons", WEAPONS)

    def clean_visibility(self):
        # As Incident.publish: an incident with no reports rests on nothing.
        value = self.cleaned_data.get("visibility")
        if (
            value == "public"
            and "visibility" in self.changed_data
            and not (self.instance.pk and self.instance.reports.exists())
        ):
            raise forms.ValidationError(
                _("This incident has no reports: link a report to it before publishing it.")
            )
        return value

    def _codes(self, name: str, table) -> str:
        value = self.cleaned_data.get(name) or ""
        return known(table, value) if name in self.changed_data else value


@admin.register(Incident)
class IncidentAdmin(DeletesBetweenBulkMatches, admin.ModelAdmin):
    form = IncidentForm
    list_display = (
        "public_id",
        "date",
        "place",
        "event_type",
        "killed_min",
        "killed_max",
        "grade",
        "source_count",
        "visibility",
    )
    list_filter = ("visibility", "grade", "event_type", "date_precision", "geo_precision")
    search_fields = ("public_id", "summary_en", "summary_my", "perpetrator", "place__name_en")
    list_select_related = ("place",)
    raw_id_fields = ("place", "township", "state")
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "date"
    inlines = [ReportInline]
    show_full_result_count = False
