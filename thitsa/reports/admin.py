from django import forms
from django.contrib import admin
from django.db import models
from django.utils import timezone

from thitsa.incidents.reconcile import reconcile_incidents
from thitsa.incidents.taxonomy import TARGETS, WEAPONS, UnknownCode, known_codes
from thitsa.reports import versions
from thitsa.reports.models import Source, SourceReport

# Witness is deliberately not registered and not inline: restricted fields stay out of the
# admin until access to them is gated by role and logged.


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "reliability")
    list_filter = ("kind", "reliability")
    search_fields = ("name",)


def known(table, value) -> list[str]:
    """A report's targets or weapons as typed into the admin (a JSON list), as codes."""
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise forms.ValidationError('Write a list of codes, e.g. ["school", "market"].')
    try:
        return known_codes(table, value)
    except UnknownCode as exc:
        raise forms.ValidationError(str(exc)) from None


class SourceReportForm(forms.ModelForm):
    # An unknown code would never match a figure's --target or --weapon, as at import. Only
    # what is edited is checked: an older report's unknown code blocks no other change.
    def clean_targets(self):
        return self._codes("targets", TARGETS)

    def clean_weapons(self):
        return self._codes("weapons", WEAPONS)

    def _codes(self, name: str, table):
        value = self.cleaned_data.get(name)
        return known(table, value) if name in self.changed_data else value


@admin.register(SourceReport)
class SourceReportAdmin(admin.ModelAdmin):
    form = SourceReportForm
    list_display = (
        "__str__",
        "source",
        "event_date",
        "place",
        "killed_min",
        "incident",
        "linked_by",
    )
    # By the level its place was found at: a report placed only in the district or state its
    # text names (or in none) is one a verifier may place closer.
    list_filter = (
        "import_format",
        "source__kind",
        "language",
        "place__level",
        ("place", admin.EmptyFieldListFilter),
    )
    search_fields = ("title", "url", "external_id", "place_text", "source__name")
    list_select_related = ("source", "place", "incident")
    raw_id_fields = ("place", "incident")
    readonly_fields = ("import_key", "imported_at")
    date_hierarchy = "event_date"
    show_full_result_count = False
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    # A report corrected or removed here changes its incident's counts, place and grade now,
    # not at some later match: figures are published from the incidents.
    def save_model(self, request, obj, form, change):
        was = form.initial.get("incident")
        if change:
            # Kept as an import's correction is: an older file imported again with --update
            # must not undo what a person corrected here.
            before = versions.of_report(SourceReport.objects.get(pk=obj.pk))
            if found := versions.changes(before, versions.of_report(obj)):
                correction = {
                    "at": timezone.now().isoformat(),
                    "by": request.user.get_username(),
                    "was": versions.was_in_words(found),
                    "from": versions.fingerprint(before),
                }
                obj.extra = {
                    **obj.extra,
                    "corrections": [*obj.extra.get("corrections", []), correction],
                }
        super().save_model(request, obj, form, change)
        _reconcile({was, obj.incident_id})

    def delete_model(self, request, obj):
        incident = obj.incident_id
        super().delete_model(request, obj)
        _reconcile({incident})

    def delete_queryset(self, request, queryset):
        incidents = set(queryset.values_list("incident_id", flat=True))
        super().delete_queryset(request, queryset)
        _reconcile(incidents)


def _reconcile(incidents: set) -> None:
    if incidents := sorted(pk for pk in incidents if pk is not None):
        reconcile_incidents(incidents)
