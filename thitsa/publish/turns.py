"""A verifier's change to incidents takes its turn with bulk matches (thitsa.exclusive).

A bulk match reads the incidents and their reports once, matches in memory for minutes, then
writes. A verifier's split, merge, "not the same" or place set in between changed what it held:
a split took the public id the run had given one of its new incidents (the run's insert then
failed and none of its links were kept), and a report linked to an incident merged meanwhile
went to the merged-away incident, which figures leave out. So such a change waits a few
seconds for a run to end, and otherwise is refused with nothing changed.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from thitsa.exclusive import exclusive

# Long enough for the bulk match of a day's import to end; short enough for a web request.
WAIT_SECONDS = 10.0


def between_bulk_matches(view):
    """Run `view` (a POST that changes incidents) when no bulk match runs; the turn is held
    until its transaction has committed."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        with exclusive("match", wait=WAIT_SECONDS) as mine:
            if mine:
                return view(request, *args, **kwargs)
        messages.warning(
            request,
            _(
                "Thitsa is matching a batch of imported reports right now, so nothing was "
                "changed. Try again in a minute or two."
            ),
        )
        return redirect(_back(request))

    return wrapped


class DeletesBetweenBulkMatches:
    """ModelAdmin mixin: a deletion (one, or the list's "delete selected") takes its turn with
    bulk matches as the review views' changes do. An incident or report deleted while a run
    matched in memory made the run's write fail on its foreign key, with all its links. (Edits
    in the admin do not wait: refused, the typed form would be lost; the run reconciles what
    it touched from the stored reports.)"""

    def delete_view(self, request, object_id, extra_context=None):
        return _posts_in_turn(request, super().delete_view, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        return _posts_in_turn(request, super().changelist_view, extra_context)


def _posts_in_turn(request, view, *args):
    if request.method != "POST":
        return view(request, *args)
    return between_bulk_matches(view)(request, *args)


def _back(request) -> str:
    referer = request.META.get("HTTP_REFERER", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return "review-queue"
