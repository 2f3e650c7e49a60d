"""Evidence pages: the list, one item, the upload form, downloads.

Only people who may see restricted data see an item or its original; the public may fetch only
the public copy of a published item linked to a public incident. Everything else answers 404,
as if it did not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from thitsa.accounts.audit import log_access
from thitsa.accounts.roles import can, requires
from thitsa.evidence import vault
from thitsa.evidence.forms import EvidenceForm
from thitsa.evidence.models import Evidence
from thitsa.publish.paging import page_of

PER_PAGE = 50


@requires("view_restricted")
def evidence_list(request):
    qs = Evidence.objects.only(
        "sha256", "size", "media_type", "visibility", "added_by", "added_at", "captured_at"
    )
    page_obj = page_of(Paginator(qs, PER_PAGE), request.GET.get("page"))
    return render(request, "evidence/list.html", {"page_obj": page_obj})


@csrf_exempt  # checked below, once the upload handlers are set
@requires("add_evidence")
def add(request):
    # Uploads go straight to a temporary file on disk, whatever their size: never into memory.
    request.upload_handlers = [TemporaryFileUploadHandler(request)]
    return _add(request)


@csrf_protect
def _add(request):
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        ev, created = Evidence.add(
            upload,
            name=upload.name,
            by=request.user.username,
            reports=form.cleaned_data["reports"],
            incidents=form.cleaned_data["incidents"],
        )
        if created:
            messages.success(request, _("Added to the vault as %(key)s.") % {"key": ev.key})
        else:
            messages.info(
                request,
                _("The vault already held this file (%(key)s): links added.") % {"key": ev.key},
            )
        return redirect("evidence-detail", sha=ev.sha256)
    return render(request, "evidence/add.html", {"form": form})


@requires("view_restricted")
def detail(request, sha: str):
    ev = get_object_or_404(Evidence, sha256=sha)
    log_access(request.user, "view", "evidence", ev.pk, via="page")
    context = {
        "ev": ev,
        "custody": ev.custody.all(),
        "near": ev.near_duplicates.all(),
        "reports": ev.reports.select_related("source"),
        "incidents": ev.incidents.all(),
        "can_publish": can(request.user, "publish"),
    }
    return render(request, "evidence/detail.html", context)


def download_original(request, sha: str):
    if not can(request.user, "view_restricted"):
        raise Http404
    ev = get_object_or_404(Evidence, sha256=sha)
    log_access(request.user, "download", "evidence", ev.pk, via="page")
    ev.add_custody("downloaded", request.user.username, {"file": "original", "via": "page"})
    fh = vault.open_file(vault.name_for(vault.ORIGINALS, ev.sha256))
    # Always an attachment: an original is never rendered by the browser in our origin.
    return FileResponse(
        fh,
        as_attachment=True,
        filename=ev.original_name or ev.sha256,
        content_type="application/octet-stream",
    )


def download_public(request, sha: str):
    """A public copy, by the public copy's own hash."""
    # Two items may share a public copy (one picture with and without a trailer): the copy is
    # public when any of them is, not only the first found (a published photo was a 404).
    items = list(Evidence.objects.filter(public_sha256=sha))
    if not items:
        raise Http404
    if not can(request.user, "view_restricted"):
        items = [e for e in items if e.is_public_for_anyone()]
        if not items:
            raise Http404
    ev = items[0]
    fh = vault.open_file(vault.name_for(vault.DERIVED, ev.public_sha256))
    response = FileResponse(fh, content_type=ev.public_media_type)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
@requires("publish")
def publish(request, sha: str):
    ev = get_object_or_404(Evidence, sha256=sha)
    try:
        ev.publish(request.user.username)
    except ValueError:
        messages.error(request, _("This item has no public copy: it stays restricted."))
    else:
        messages.success(request, _("Published: the public copy can now be shown."))
    return redirect("evidence-detail", sha=ev.sha256)
