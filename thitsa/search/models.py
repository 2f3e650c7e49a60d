from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

KINDS = [
    ("report", _("report")),
    ("incident", _("incident")),
    # What anyone may read of a report linked to a public incident (thitsa/search/index.py).
    ("title", _("public report")),
]


class Document(models.Model):
    """What the search index holds for one report or incident: its text as search terms
    (see thitsa/search/terms.py) and whether anonymous visitors may find it.

    The full-text index itself is not a Django field: on SQLite an FTS5 table over `terms`
    (kept in step by triggers), on PostgreSQL a `tsv` tsvector column and a trigram index
    (see the migration). Built by thitsa/search/index.py, never by hand.
    """

    kind = models.CharField(max_length=8, choices=KINDS)
    object_id = models.BigIntegerField()
    # The incident the report was linked to (or the incident itself) when indexed: when that
    # incident changes, this document is indexed again.
    incident_pk = models.BigIntegerField(null=True, blank=True, db_index=True)
    public = models.BooleanField(
        default=False, help_text=_("A public incident, or a report linked to one.")
    )
    # The report's or incident's updated_at when indexed: later changes are found by it.
    stamp = models.DateTimeField(null=True, blank=True)
    terms = models.TextField()

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_object")
        ]
        # The latest indexed (stamp, object id) of a kind in one descent (thitsa/search/index.py).
        indexes = [
            models.Index(fields=["kind", "stamp", "object_id"], name="search_document_stamp")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
