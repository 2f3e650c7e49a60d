from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thitsa.reports.crypto import EncryptedTextField

SOURCE_KINDS = [
    ("media", _("media")),
    ("cso", _("civil-society group")),
    ("government", _("government")),
    ("armed_group", _("armed group")),
    ("un", _("UN")),
    ("witness", _("witness")),
    ("social_media", _("social media")),
    ("dataset", _("dataset")),
]
# Sources whose reports were never published by themselves (a testimony, a group's own field
# notes): no public surface shows their words, their link or their exact point, and nothing
# built from them (an incident's summary or point) shows these either.
UNPUBLISHED_KINDS = frozenset({"witness", "cso"})
# What the public (the tokenless API, the public report export) never reads of any report,
# whatever its source: a local channel's post names people and houses as a testimony does.
RESTRICTED_FIELDS = (
    "external_id", "import_format", "text", "event_date", "event_date_precision", "place_text",
    "place_score", "place_candidates", "latitude", "longitude", "event_type", "targets",
    "weapons", "perpetrator", "responsibility", "casualty_forms", "credibility", "link_score",
    "linked_by", "imported_at",
)  # fmt: skip

# Imports whose text is a dataset's notes on the event (ACLED's `notes`, UCDP's), published by
# the dataset as its description: the only report text an incident's public summary may take.
TEXT_PUBLISHED_FORMATS = frozenset({"acled", "ucdp"})


# Imports whose title is the first line of the report's text (a Telegram post has no headline):
# as restricted as the text.
TITLE_FROM_TEXT_FORMATS = frozenset({"telegram"})


def public_title(source_kind: str, title: str, import_format: str = "") -> str:
    """A report's title as the public may see it. A testimony's title is the field team's words
    about one person ("Daw Hla, whose son was shot at the well"): none. A group's own report is
    its field notes, titled for its team ("Drone strike on Sein Kone clinic (internal)": the
    village that the incident's public place leaves out): none; what the group publishes is
    imported from its publication. A Telegram post's "title" is its first line, its words:
    none."""
    if source_kind in UNPUBLISHED_KINDS or import_format in TITLE_FROM_TEXT_FORMATS:
        return ""
    return title


def public_published_at(source_kind: str, when):
    """When a report was published, as the public may see it: a testimony's or a group's own
    report was never published, and its time is when the witness spoke or the form was sent
    (a Kobo submission's, to the second): none."""
    return None if source_kind in UNPUBLISHED_KINDS else when


def public_source(source_kind: str, name: str) -> str:
    """A source's name as the public may see it. A witness source is a person, or is named for
    where the team met them ("Depayin field interviews (witness)"), and a documenter may name
    it after the person: "a witness" instead, on every page, export and API answer."""
    return gettext("a witness") if source_kind == "witness" else name


def public_url(source_kind: str, url: str) -> str:
    """A report's link as the public may see it: a web link of a published source, else none
    (a javascript: or file path from an import; a recorded testimony's address)."""
    if source_kind in UNPUBLISHED_KINDS or not url.startswith(("https://", "http://")):
        return ""
    return url


# Admiralty scale for the source's reliability.
# In a report's `extra`: when ACLED's revision of its event stopped naming its outlet. Such a
# report is doubtful ("improbable": shown, never counted) and is no longer one of the
# incident's sources, until a revision names the outlet again.
WITHDRAWN = "withdrawn"
WITHDRAWN_CREDIBILITY = 5


def withdrawn_among(reports) -> set[int]:
    """The ids of `reports` (rows with id, import_format and credibility) that ACLED withdrew:
    only doubtful ACLED reports can be, so the rest cost no query."""
    doubtful = [
        r["id"]
        for r in reports
        if r["import_format"] == "acled" and r["credibility"] == WITHDRAWN_CREDIBILITY
    ]
    if not doubtful:
        return set()
    return set(
        SourceReport.objects.filter(pk__in=doubtful, extra__has_key=WITHDRAWN).values_list(
            "pk", flat=True
        )
    )


RELIABILITY = [
    ("A", _("A: completely reliable")),
    ("B", _("B: usually reliable")),
    ("C", _("C: fairly reliable")),
    ("D", _("D: not usually reliable")),
    ("E", _("E: unreliable")),
    ("F", _("F: reliability cannot be judged")),
]
RESPONSIBILITY = [
    ("", _("not stated")),
    ("claimed", _("the perpetrator claims or accepts it")),
    ("denied", _("the accused denies it")),
    ("blamed_other", _("blames another party")),
]
DATE_PRECISIONS = [
    ("day", _("day")),
    ("week", _("week")),
    ("month", _("month")),
    ("year", _("year")),
]


class Source(models.Model):
    """An outlet, channel, group or dataset that publishes reports."""

    name = models.CharField(_("name"), max_length=200, unique=True, help_text=_("e.g. Myanmar Now"))
    kind = models.CharField(_("kind"), max_length=20, choices=SOURCE_KINDS, default="media")
    reliability = models.CharField(_("reliability"), max_length=1, choices=RELIABILITY, default="F")

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        was = Source.objects.filter(pk=self.pk).values("name", "kind").first() if self.pk else None
        super().save(*args, **kwargs)
        if was and (was["name"], was["kind"]) != (self.name, self.kind):
            # What the public may read and find of its reports goes with its kind (a witness's
            # titles are never public) and its name: the search index and everything else
            # that follows reports' changes takes them again.
            self.reports.update(updated_at=timezone.now())


class SourceReport(models.Model):
    """One account of an event by one source, as imported; incidents are built from these."""

    import_key = models.CharField(
        _("import key"),
        max_length=64,
        unique=True,
        help_text=_("Stable id from the natural key (source + external id, or url, or content)."),
    )
    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="reports"
    )
    external_id = models.CharField(_("id at the source"), max_length=200, blank=True)
    import_format = models.CharField(_("import format"), max_length=20, default="thitsa")
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    published_at = models.DateTimeField(_("published by the source"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    text = models.TextField(_("text"), blank=True)

    event_date = models.DateField(_("event date"), null=True, blank=True)
    event_date_precision = models.CharField(
        _("event date precision"), max_length=5, choices=DATE_PRECISIONS, default="day", blank=True
    )
    place_text = models.CharField(_("place as written"), max_length=500, blank=True)
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    place_score = models.FloatField(_("place score"), null=True, blank=True)
    place_candidates = models.JSONField(
        _("other possible places"),
        default=list,
        blank=True,
        help_text=_("Other P-codes the place text could mean, with scores."),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    event_type = models.CharField(_("event type"), max_length=60, blank=True)
    targets = models.JSONField(_("targets"), default=list, blank=True)
    weapons = models.JSONField(_("weapons"), default=list, blank=True)
    perpetrator = models.CharField(_("perpetrator"), max_length=200, blank=True)
    responsibility = models.CharField(
        _("responsibility"),
        max_length=12,
        choices=RESPONSIBILITY,
        blank=True,
        default="",
        help_text=_("What the report says about who did it: claimed, denied, blamed_other"),
    )

    # Casualties as ranges; *_form records how the source wrote it ("20-25", "40+", ...).
    killed_min = models.PositiveIntegerField(_("killed (at least)"), null=True, blank=True)
    killed_max = models.PositiveIntegerField(_("killed (at most)"), null=True, blank=True)
    injured_min = models.PositiveIntegerField(_("injured (at least)"), null=True, blank=True)
    injured_max = models.PositiveIntegerField(_("injured (at most)"), null=True, blank=True)
    killed_children_min = models.PositiveIntegerField(
        _("children killed (at least)"), null=True, blank=True
    )
    killed_children_max = models.PositiveIntegerField(
        _("children killed (at most)"), null=True, blank=True
    )
    injured_children_min = models.PositiveIntegerField(
        _("children injured (at least)"), null=True, blank=True
    )
    injured_children_max = models.PositiveIntegerField(
        _("children injured (at most)"), null=True, blank=True
    )
    casualty_forms = models.JSONField(_("casualty figures as written"), default=dict, blank=True)
    credibility = models.PositiveSmallIntegerField(
        _("credibility"), default=6, help_text=_("1 (confirmed) to 6 (cannot be judged)")
    )
    extra = models.JSONField(
        _("other columns"), default=dict, blank=True, help_text=_("Unknown columns, kept as given.")
    )

    incident = models.ForeignKey(
        "incidents.Incident",
        verbose_name=_("incident"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        # The (incident, event_date) index serves every lookup by incident: a second index on
        # the column alone only cost each bulk link one more index write.
        db_index=False,
    )
    link_score = models.FloatField(_("match score"), null=True, blank=True)
    linked_by = models.CharField(_("linked by"), max_length=100, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    # Moves on with every write, bulk ones included (thitsa/bulk.py stamps auto_now fields):
    # the search index finds edited and re-linked reports by it.
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["event_date", "id"]
        verbose_name = _("source report")
        verbose_name_plural = _("source reports")
        indexes = [
            models.Index(fields=["incident", "event_date"]),
            # The search index walks changed reports in (updated_at, id) order: one bulk link
            # stamps thousands with the same moment, so the id breaks the tie in the index.
            models.Index(fields=["updated_at", "id"], name="report_updated"),
        ]

    def __str__(self) -> str:
        # Never a report's words, nor a witness's or a post's title: __str__ is what the
        # admin's log keeps of a deleted report ("Recent actions"), after its words are gone.
        title = public_title(self.source.kind, self.title, self.import_format)
        return f"{self.source}: {title or gettext('report %(id)s') % {'id': self.pk}}"

    def link_to(self, incident, score: float | None, by: str) -> None:
        self.incident = incident
        self.link_score = score
        self.linked_by = by
        self.save(update_fields=["incident", "link_score", "linked_by", "updated_at"])


class Witness(models.Model):
    """Restricted: who told us, and how to reach them. Encrypted at rest; never published."""

    report = models.OneToOneField(
        SourceReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="witness"
    )
    name = EncryptedTextField(_("name"), blank=True)
    contact = EncryptedTextField(_("contact"), blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("witness")
        verbose_name_plural = _("witnesses")

    def __str__(self) -> str:
        # Never the name: __str__ ends up in logs and admin breadcrumbs.
        return gettext("witness of report %(report)s") % {"report": self.report_id}
