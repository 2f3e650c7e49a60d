from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thitsa.evidence import media, scrub, vault

VISIBILITY = [("restricted", _("restricted")), ("public", _("public"))]
GENESIS = ""  # the "previous hash" of an item's first custody entry


class Evidence(models.Model):
    """One file in the vault, keyed by the SHA-256 of its bytes.

    Restricted fields (never on public pages): original_name, metadata, captured_at, lat, lon.
    """

    sha256 = models.CharField(
        _("SHA-256"), max_length=64, unique=True, help_text=_("hex digest of the original")
    )
    size = models.PositiveBigIntegerField(_("size in bytes"))
    media_type = models.CharField(
        _("media type"), max_length=100, help_text=_("sniffed from the content, e.g. image/jpeg")
    )
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    metadata = models.JSONField(_("metadata as read"), default=dict, blank=True)
    captured_at = models.DateTimeField(_("captured at"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    public_sha256 = models.CharField(
        _("public copy's SHA-256"),
        max_length=64,
        blank=True,
        help_text=_("hex digest of the public copy; blank when none"),
    )
    public_media_type = models.CharField(_("public copy's media type"), max_length=100, blank=True)
    phash = models.CharField(
        _("perceptual hash"), max_length=16, blank=True, db_index=True, help_text=_("images only")
    )
    near_duplicates = models.ManyToManyField(
        "self", verbose_name=_("near-duplicates"), blank=True, symmetrical=True
    )
    reports = models.ManyToManyField(
        "reports.SourceReport",
        verbose_name=_("linked reports"),
        blank=True,
        related_name="evidence",
    )
    incidents = models.ManyToManyField(
        "incidents.Incident",
        verbose_name=_("linked incidents"),
        blank=True,
        related_name="evidence",
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=VISIBILITY, default="restricted"
    )
    added_by = models.CharField(_("added by"), max_length=150)
    added_at = models.DateTimeField(_("added on"), default=timezone.now)
    # The hash of the last custody entry: deleting the newest entries breaks this link.
    custody_head = models.CharField(
        _("last custody entry's hash"), max_length=64, blank=True, default=GENESIS
    )

    class Meta:
        ordering = ["-added_at", "-id"]
        verbose_name = _("evidence item")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return f"{self.key} ({self.media_type})"

    @property
    def key(self) -> str:
        return vault.key(self.sha256)

    @property
    def kind(self) -> str:
        return media.kind_of(self.media_type)

    @property
    def public_key(self) -> str:
        return vault.key(self.public_sha256) if self.public_sha256 else ""

    @classmethod
    def add(cls, fh, *, name: str, by: str, reports=(), incidents=()) -> tuple[Evidence, bool]:
        """Store a file and record it; the same bytes again give the same item, links merged.

        Returns (item, created).
        """
        stored = vault.store(fh, vault.ORIGINALS)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    ev, created = cls.objects.get_or_create(
                        sha256=stored.sha256,
                        defaults={
                            "size": stored.size,
                            "media_type": media.sniff(stored.head),
                            "original_name": (name or "")[-255:],
                            "added_by": by,
                        },
                    )
            except IntegrityError:  # the same bytes, added at the same moment elsewhere
                ev, created = cls.objects.get(sha256=stored.sha256), False
            ev.reports.add(*reports)
            ev.incidents.add(*incidents)
            links = {
                "reports": sorted(r.pk for r in reports),
                "incidents": sorted(i.public_id for i in incidents),
            }
            if created:
                ev.add_custody("added", by, {"name": ev.original_name, "size": ev.size,
                                             "media_type": ev.media_type, **links})  # fmt: skip
                ev.examine(by)
            else:
                ev.add_custody("added again", by, {"name": (name or "")[-255:], **links})
        return ev, created

    def examine(self, by: str) -> None:
        """Read the metadata, make the public copy, compute the pHash and find near-duplicates."""
        with vault.open_file(vault.name_for(vault.ORIGINALS, self.sha256)) as fh:
            meta = media.read_metadata(fh, self.media_type, settings.TIME_ZONE)
            self.metadata, self.captured_at = meta.tags, meta.captured_at
            self.lat, self.lon = meta.lat, meta.lon
            if self.media_type in media.IMAGE_TYPES:
                fh.seek(0)
                self.phash = scrub.phash(fh)
            fh.seek(0)
            self._derive_public_copy(fh, by)
        self.save()
        if self.phash:
            near = self.find_near_duplicates()
            if near:
                self.near_duplicates.add(*near)
                self.add_custody("near duplicates", by, {"of": [e.key for e in near]})

    def _derive_public_copy(self, fh, by: str, again: bool = False) -> None:
        try:
            copy = scrub.public_copy(fh, self.media_type, self.sha256)
        except Exception as e:  # a damaged file gets no public copy; say why in the log
            copy = None
            detail = {"error": f"{type(e).__name__}"}
            if isinstance(e, scrub.CannotScrub):
                detail["why"] = str(e)  # the scrubber's own words, never the file's
            self.add_custody("public copy failed", by, detail)
        if copy is None:
            # Made again and failed: the copy made before is no longer vouched for.
            self.public_sha256 = self.public_media_type = ""
            return
        data, out_type, how = copy
        stored = vault.store(io.BytesIO(data), vault.DERIVED)
        if again and stored.sha256 == self.public_sha256:
            return
        detail = {"copy": "public", "sha256": stored.sha256, "media_type": out_type, "how": how}
        if again:
            detail["was"] = self.public_sha256
        self.public_sha256, self.public_media_type = stored.sha256, out_type
        self.add_custody("derived", by, detail)  # again: "was" names the copy it replaces

    def remake_public_copy(self, by: str) -> bool:
        """Make the public copy again with today's scrubber (PDFs lost less before it took
        attached files, annotations' authors and embedded photos' EXIF); True if it changed.
        The copy made before is no longer served (its address answers 404)."""
        before = self.public_sha256
        with vault.open_file(vault.name_for(vault.ORIGINALS, self.sha256)) as fh:
            self._derive_public_copy(fh, by, again=True)
        self.save(update_fields=["public_sha256", "public_media_type"])
        return self.public_sha256 != before

    def find_near_duplicates(self, threshold: int = scrub.NEAR_DUPLICATE_DISTANCE):
        # A scan over every image's pHash: fine for tens of thousands of images.
        others = Evidence.objects.exclude(pk=self.pk).exclude(phash="").only("sha256", "phash")
        return [e for e in others if scrub.distance(self.phash, e.phash) <= threshold]

    def derived_hashes(self) -> set[str]:
        found = {self.public_sha256} if self.public_sha256 else set()
        for entry in self.custody.filter(action="derived"):
            if isinstance(entry.detail, dict) and entry.detail.get("sha256"):
                found.add(entry.detail["sha256"])
        return found

    def add_custody(self, action: str, by: str, detail: dict | None = None) -> CustodyEntry:
        """Append one entry to this item's custody log, chained to the one before."""
        with transaction.atomic():
            # Lock the item: two appends at once must not both take the same place in the chain.
            head = (
                Evidence.objects.select_for_update()
                .filter(pk=self.pk)
                .values_list("custody_head", flat=True)
                .get()
            )
            last = self.custody.order_by("-seq").first()
            entry = CustodyEntry(
                evidence=self,
                seq=(last.seq + 1) if last else 1,
                at=timezone.now(),
                actor=by,
                action=action,
                detail=detail or {},
                previous_hash=head,
            )
            entry.entry_hash = entry.compute_hash()
            entry.save()
            Evidence.objects.filter(pk=self.pk).update(custody_head=entry.entry_hash)
            self.custody_head = entry.entry_hash
        return entry

    def custody_problems(self) -> list[str]:
        """What is wrong with this item's custody chain (an empty list: it is intact)."""
        problems = []
        previous = GENESIS
        expected_seq = 1
        for entry in self.custody.order_by("seq", "pk"):
            where = f"custody entry {entry.seq}"
            if entry.seq != expected_seq:
                problems.append(f"{where}: expected entry {expected_seq} (deleted or reordered)")
            if entry.previous_hash != previous:
                problems.append(f"{where}: does not follow the entry before it")
            if entry.compute_hash() != entry.entry_hash:
                problems.append(f"{where}: its content or stored hash was changed")
            previous = entry.entry_hash
            expected_seq = entry.seq + 1
        if previous != self.custody_head:
            problems.append("custody log: its last entry is not the one recorded (entries removed)")
        logged = self.custody.filter(action="derived").values_list("detail", flat=True)
        if self.public_sha256 and not any(
            isinstance(d, dict) and d.get("sha256") == self.public_sha256 for d in logged
        ):
            problems.append(f"public copy {self.public_key} was not derived in its custody log")
        if self.visibility == "public" and not self.custody.filter(action="published").exists():
            problems.append("public, but its custody log has no publication")
        return problems

    def publish(self, by: str) -> None:
        """Make the public copy public (a verifier's act, logged)."""
        if not self.public_sha256:
            raise ValueError(f"{self.key} has no public copy ({self.media_type} stays restricted)")
        with transaction.atomic():
            self.visibility = "public"
            self.save(update_fields=["visibility"])
            self.add_custody("published", by, {"sha256": self.public_sha256})

    def is_public_for_anyone(self) -> bool:
        return (
            self.visibility == "public"
            and bool(self.public_sha256)
            and self.incidents.filter(visibility="public").exists()
        )


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValueError("custody entries are append-only")

    def delete(self):
        raise ValueError("custody entries are append-only")


class CustodyEntry(models.Model):
    """One event in an item's life: added, derived, published, downloaded... Written once."""

    evidence = models.ForeignKey(
        Evidence, verbose_name=_("evidence item"), on_delete=models.PROTECT, related_name="custody"
    )
    seq = models.PositiveIntegerField(_("entry number"))
    at = models.DateTimeField(_("time"))
    actor = models.CharField(_("done by"), max_length=150)
    action = models.CharField(
        _("action"), max_length=40, help_text=_("e.g. added, derived, published")
    )
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    previous_hash = models.CharField(_("previous entry's hash"), max_length=64, blank=True)
    entry_hash = models.CharField(_("entry hash"), max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["evidence", "seq"]
        verbose_name = _("custody entry")
        verbose_name_plural = _("custody log")
        constraints = [
            models.UniqueConstraint(fields=["evidence", "seq"], name="custody_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.seq}. {self.at:%Y-%m-%d %H:%M} {self.actor} {self.action}"

    def canonical(self) -> bytes:
        """The entry as canonical JSON: sorted keys, no spaces, UTC time to the microsecond.

        The item's key is part of it, so an entry cannot be moved to another item's log.
        """
        fields = {
            "evidence": vault.key(self.evidence.sha256),
            "seq": self.seq,
            "at": self.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "actor": self.actor,
            "action": self.action,
            "detail": self.detail,
            "previous_hash": self.previous_hash,
        }
        return json.dumps(
            fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("custody entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("custody entries are append-only")
