"""The credit the datasets behind the figures ask for, given for those actually loaded."""

from __future__ import annotations

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

# Import format -> what its licence asks a publisher to say.
DATASETS = {
    "ucdp": _("Events: UCDP GED (CC BY 4.0), Sundberg & Melander 2013"),
    "acled": _("Events: ACLED, Armed Conflict Location & Event Data Project (acleddata.com)"),
}
# Seconds a process keeps the answer: a format never imported is a scan of the reports.
REMEMBERED = 600
KEY = "thitsa-datasets-loaded"


def datasets_loaded() -> list[str]:
    """The import formats of `DATASETS` that some stored report came from. Every page credited
    UCDP, loaded or not, and none ACLED, whose events and notes the pages then showed."""
    loaded = cache.get(KEY)
    if loaded is None:
        from thitsa.reports.models import SourceReport

        loaded = [
            fmt for fmt in DATASETS if SourceReport.objects.filter(import_format=fmt).exists()
        ]
        cache.set(KEY, loaded, REMEMBERED)
    return loaded


def forget_datasets() -> None:
    cache.delete(KEY)


def dataset_credits() -> list[str]:
    return [DATASETS[fmt] for fmt in datasets_loaded()]
