"""Reports without an event date: the matcher leaves them out of every incident (a date is how
it finds candidates), and `thitsa match` says they wait for review. Here a verifier reads each
and gives the date its text tells; the report is then matched like any other."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from thitsa.accounts.audit import log_access
from thitsa.accounts.roles import requires
from thitsa.burmese.dates import parse_date
from thitsa.incidents.matching import match_reports
from thitsa.publish.paging import page_of
from thitsa.publish.review_views import REPORT_FIELDS, incident_link, refused_to, undated
from thitsa.publish.templatetags.publish import dated_long
from thitsa.publish.turns import between_bulk_matches
from thitsa.reports.records import written_day

PER_PAGE = 25


class DateForm(forms.Form):
    report = forms.IntegerField(widget=forms.HiddenInput)
    when = forms.CharField(label=gettext_lazy("Event date"), max_length=100)

    def clean(self):
        data = super().clean()
        report = undated().filter(pk=data.get("report")).first()
        if report is None:
            raise forms.ValidationError(
                _("This report has a date or an incident already; nothing changed.")
            )
        when = data.get("when", "")
        # The day it was published where it was written ("yesterday" is from that day).
        published = written_day(report.published_at) if report.published_at else None
        parsed = parse_date(when, published)
        if parsed is None:
            raise forms.ValidationError(
                _("“%(text)s” is not a date: write it as 2025-05-12, 12 May 2025 or May 2025.")
                % {"text": when}
            )
        day, precision = parsed
        if day > date.today() + timedelta(days=1):  # Yangon is ahead of most servers
            raise forms.ValidationError(_("%(day)s is in the future.") % {"day": day})
        data.update(report=report, day=day, precision=precision)
        return data


@requires("verify")
def dates(request):
    reports = undated().select_related("source").only(*REPORT_FIELDS).order_by("published_at", "id")
    page_obj = page_of(Paginator(reports, PER_PAGE), request.GET.get("page"))
    if shown := len(page_obj.object_list):
        # The reports' own words, restricted ones' too: reading is logged.
        log_access(
            request.user, "list", "dates to give", f"page {page_obj.number}: {shown}", via="page"
        )
    return render(request, "publish/review/dates.html", {"page_obj": page_obj})


@requires("verify")
@require_POST
@between_bulk_matches
def date_set(request):
    form = DateForm(request.POST)
    back = request.POST.get("back") or ""
    target = back if back.startswith("/review/dates/") else "review-dates"
    if not form.is_valid():
        return refused_to(request, form, target)
    report, day, precision = (form.cleaned_data[k] for k in ("report", "day", "precision"))
    # In one transaction, the match too: this view holds the turn (between_bulk_matches),
    # and a match outside a transaction waits for the turn itself.
    with transaction.atomic():
        report.event_date, report.event_date_precision = day, precision
        report.save(update_fields=["event_date", "event_date_precision", "updated_at"])
        LogEntry.objects.log_actions(
            request.user.pk, [report], CHANGE,
            f"event date set to {day} ({precision}) by the dates to give", single_object=True,
        )  # fmt: skip
        match_reports([report.pk])
    report.refresh_from_db()
    messages.success(
        request,
        format_html(
            _("Report {} is dated {} and was matched: {}."),
            report.pk,
            dated_long(day, precision),
            incident_link(report.incident),
        ),
    )
    return redirect(target)
