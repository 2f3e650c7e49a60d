from functools import partial

from django import forms
from django.contrib import admin, messages
from django.db import IntegrityError, models, transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from thitsa.accounts.audit import log_access
from thitsa.edits import UnchangedSinceShown
from thitsa.exclusive import exclusive
from thitsa.incidents.matching import match_reports
from thitsa.incidents.reconcile import reconcile_incidents
from thitsa.incidents.taxonomy import TARGETS, WEAPONS, UnknownCode, known_codes
from thitsa.publish.turns import WAIT_SECONDS, DeletesBetweenBulkMatches
from thitsa.reports import versions
from thitsa.reports.loading import TEXT_FIELDS, clean_fields
from thitsa.reports.models import Source, SourceReport
from thitsa.reports.records import ReportRow

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


class SourceReportForm(UnchangedSinceShown):
    # An unknown code would never match a figure's --target or --weapon, as at import. Only
    # what is edited is checked: an older report's unknown code blocks no other change.
    def clean_targets(self):
        return self._codes("targets", TARGETS)

    def clean_weapons(self):
        return self._codes("weapons", WEAPONS)

    def _codes(self, name: str, table):
        value = self.cleaned_data.get(name)
        return known(table, value) if name in self.changed_data else value

    def clean(self):
        """Burmese typed here is stored as an import stores it: Unicode in canonical order, the
        typed original kept in `extra` (a title typed on a Zawgyi phone showed as garbage on
        the site, and no search found it). A report added here gets the import key an import
        would give it: the same report imported later is found stored, and one stored
        already is not added twice."""
        cleaned = super().clean()
        # What was typed now, in one encoding, as an import cleans a report's fields.
        typed_now = {
            name: cleaned[name]
            for name in TEXT_FIELDS
            if name in self.changed_data and cleaned.get(name)
        }
        clean, originals, zawgyi = clean_fields(typed_now)
        cleaned.update(clean)
        if originals:
            kind = "zawgyi" if zawgyi else "original"
            extra = cleaned.get("extra") or {}
            cleaned["extra"] = {**extra, kind: {**extra.get(kind, {}), **originals}}
        if self.instance.pk is None and cleaned.get("source") is not None:
            key = ReportRow(
                source=cleaned["source"].name,
                import_format=cleaned.get("import_format") or "thitsa",
                external_id=cleaned.get("external_id") or "",
                url=cleaned.get("url") or "",
                event_date=cleaned.get("event_date"),
                place_text=cleaned.get("place_text") or "",
                title=cleaned.get("title") or "",
                text=cleaned.get("text") or "",
            ).import_key()
            if stored := SourceReport.objects.filter(import_key=key).first():
                raise forms.ValidationError(
                    _("This report is stored already: report %(id)s (%(report)s).")
                    % {"id": stored.pk, "report": stored}
                )
            self.instance.import_key = key
        return cleaned


@admin.register(SourceReport)
class SourceReportAdmin(DeletesBetweenBulkMatches, admin.ModelAdmin):
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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # A report's whole text (a testimony) read in the admin, as on the review pages: logged.
        if request.method == "GET" and str(object_id).isdecimal():
            log_access(request.user, "view", "report", object_id, via="admin")
        return super().change_view(request, object_id, form_url, extra_context)

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
        if change:
            super().save_model(request, obj, form, change)
        else:
            try:
                with transaction.atomic():
                    super().save_model(request, obj, form, change)
            except IntegrityError:
                # Someone saved the same report between this form's check and its save.
                stored = SourceReport.objects.filter(import_key=obj.import_key).first()
                if stored is None:
                    raise
                raise _StoredMeanwhile(stored.pk) from None
        _reconcile({was, obj.incident_id})
        # A new report, or one given the date the matcher needed.
        dated_now = obj.event_date is not None and "event_date" in form.changed_data
        if obj.incident_id is None and (not change or dated_now):
            # After the admin's transaction: the turn with bulk matches is taken outside one.
            transaction.on_commit(partial(_match_now, request, obj.pk))

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except _StoredMeanwhile as stored:
            messages.warning(
                request,
                _(
                    "This report was stored by someone else a moment ago: report %(id)s. "
                    "Nothing was added; here it is."
                )
                % {"id": stored.pk},
            )
            return redirect(reverse("admin:reports_sourcereport_change", args=[stored.pk]))

    def delete_model(self, request, obj):
        incident = obj.incident_id
        super().delete_model(request, obj)
        _reconcile({incident})

    def delete_queryset(self, request, queryset):
        incidents = set(queryset.values_list("incident_id", flat=True))
        super().delete_queryset(request, queryset)
        _reconcile(incidents)


class _StoredMeanwhile(Exception):
    """The report being added was stored by another person meanwhile (its pk)."""

    def __init__(self, pk: int):
        super().__init__(pk)
        self.pk = pk


def _match_now(request, pk: int) -> None:
    """A report added by hand is matched at once, as an import's are, unless a bulk match
    runs: then the next one (an import, `thitsa match`) matches it."""
    with exclusive("match", wait=WAIT_SECONDS) as mine:
        if not mine:
            messages.warning(
                request,
                _(
                    "Thitsa is matching a batch of imported reports right now: this report "
                    "waits unlinked for the next import or `thitsa match`."
                ),
            )
            return
        with transaction.atomic():
            summary = match_reports([pk])
    report = SourceReport.objects.select_related("incident").get(pk=pk)
    if report.incident is None:
        if summary.undated:
            messages.warning(request, _("The report has no event date: it waits unlinked."))
        return
    link = format_html(
        '<a href="{}">{}</a>',
        reverse("review-incident", args=[report.incident.public_id]),
        report.incident.public_id,
    )
    if summary.opened:
        text = _("Matched at once: the report opened a new incident, {}.")
    elif summary.review:
        text = _("Matched at once: the report joined {}, and waits in the review queue.")
    else:
        text = _("Matched at once: the report joined {}.")
    messages.success(request, format_html(text, link))


def _reconcile(incidents: set) -> None:
    if incidents := sorted(pk for pk in incidents if pk is not None):
        reconcile_incidents(incidents)
