"""Keep the search index in step with reports and incidents.

Reports are written with raw INSERTs and UPDATEs (thitsa/bulk.py) and incidents with bulk
UPDATEs, so no signal sees them; but every write, bulk ones included, moves their `updated_at`.
So `refresh()` indexes what changed since its last run: incidents whose `updated_at` is later
than the latest indexed, the reports of those incidents (whose visibility follows the
incident's), and reports (new, edited or linked elsewhere) later in (`updated_at`, id) order
than the latest indexed report. With nothing to do it costs five indexed look-ups, so the
search page runs it on every query.

Only allow-listed fields are indexed: never a witness, a report's `extra` columns or notes.
A report linked to a public incident has a second document, `PUBLIC_REPORT`, of what anyone may
read of it (its title and source, as the public API gives it): anonymous visitors search those,
never a report's text or place as its source wrote them, which may name people.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import translation
from django.utils.translation import gettext

from thitsa.exclusive import exclusive
from thitsa.incidents.models import Incident
from thitsa.incidents.taxonomy import ATTACK_MEANS, LABELS
from thitsa.reports.models import SourceReport, public_source, public_title
from thitsa.search.models import Document
from thitsa.search.terms import MYANMAR, syllable_pairs, terms

BATCH = 2000
# PostgreSQL keeps positions up to 16,383 in a tsvector: later tokens are there, all at the
# last position (a phrase of them is confirmed in the terms: POSITIONS_LOST). A tsvector holds
# at most 1 MiB, a lexeme at most 2,047 bytes: a longer one refused the whole batch, and every
# search after failed.
LAST_POSITION = 16_383
MAX_TOKENS = 100_000
MAX_VECTOR_BYTES = 1_000_000
MAX_LEXEME_BYTES = 2_046
ANALYZE_AFTER = 10_000
# PostgreSQL: a document whose tsvector lost positions (a lexeme met more than 256 times, a
# token past LAST_POSITION) holds this lexeme, and its positions_lost column (migration
# search.0014) is true: a phrase there is only known to have its words, and is confirmed in the
# document's terms (query._find), as SQLite's FTS5, which keeps every position, finds it. A
# casualty list's "၅၀၀၂၉၀ ဦး", after its 256th ဦး, was found on SQLite only. Terms never hold
# "_" (see PUBLIC_TOKEN), so no query asks for it by itself.
POSITIONS_LOST = "_§_"

_REPORT_FIELDS = (
    "id", "title", "text", "place_text", "perpetrator", "event_type", "source__name",
    "source__kind", "import_format", "incident_id", "incident__visibility", "updated_at",
)  # fmt: skip
_INCIDENT_FIELDS = (
    "id", "public_id", "summary_en", "summary_my", "event_type", "attack_means", "perpetrator",
    "targets", "weapons", "place__name_en", "place__name_my", "place__alt_names",
    "township__name_en", "township__name_my", "township__alt_names", "state__name_en",
    "state__name_my", "state__alt_names", "visibility", "merged_into_id", "updated_at",
)  # fmt: skip


@dataclass
class RefreshSummary:
    reports: int = 0
    incidents: int = 0
    seconds: float = 0.0
    complete: bool = True
    purged: bool = False  # removed words rewritten out of the index (purge_removed_words)

    def __str__(self) -> str:
        more = "" if self.complete else " (more left for the next run)"
        purged = "; removed words purged from the index" if self.purged else ""
        return (
            f"indexed {self.reports:,} reports and {self.incidents:,} incidents "
            f"in {self.seconds:.1f} s{more}{purged}"
        )


# The kind of a public report's public document (the full one is "report", staff only).
PUBLIC_REPORT = "title"
# A token in every document anonymous visitors may search, which they search for too on SQLite:
# FTS5 then finds only those, instead of every match of a common word in reports' text and
# throwing them away one by one (the anonymous p95 at 100,000 reports went from 4.8 to 7.7 ms).
# PostgreSQL has indexes of the public documents instead (migration search.0006).
# Terms never hold "_" (terms.py splits on it), so no query can ask for it by itself, and it has
# no letters, so PostgreSQL's substring search (query._find_fragments) never finds it either.
# First in the terms: PostgreSQL's tsvector keeps only the first MAX_TOKENS, and within its size.
PUBLIC_TOKEN = "_¶_"


def report_terms(r: dict) -> tuple[str, str]:
    """A report's document and its public one (title and source; a testimony's neither: its
    source's name may be a person's, see public_source): the title is cut once."""
    title, source = terms(r["title"]), _name_terms(r["source__name"] or "")
    body = terms(r["text"], r["place_text"], r["perpetrator"], r["event_type"])
    shown = title if public_title(r["source__kind"], r["title"], r["import_format"]) else ""
    public = _name_terms(public_source(r["source__kind"], r["source__name"] or ""))
    return _joined(title, body, source), _joined(shown, public)


def _joined(*parts: str) -> str:
    return " ".join(p for p in parts if p)


@lru_cache(maxsize=4096)
def _name_terms(name: str) -> str:
    return terms(name)


def incident_terms(i: dict) -> str:
    """An incident's document. Its means of attack, not ACLED's sub-event type: "drone" found
    every jet's and helicopter's strike filed as "Air/drone strike". Its places' other
    names too: "Depayin" missed the Depayin school bombing, placed in Tabayin."""
    codes = [c for field in ("targets", "weapons") for c in i[field].split(";") if c]
    if i["attack_means"]:
        codes.append(i["attack_means"])
    own = terms(
        i["public_id"], i["summary_en"], i["summary_my"], i["event_type"], i["perpetrator"],
        *(c.replace("_", " ") for c in codes), _means_words(i["attack_means"]),
        i["place__name_en"],
        i["place__name_my"], i["township__name_en"], i["township__name_my"],
        i["state__name_en"], i["state__name_my"], *other_names(i),
    )  # fmt: skip
    # As the Burmese pages name them: a reader searches for what a result showed. Not the event
    # type's label: its syllables are every place's too ("ပေါက်", Pauk township, found every
    # "ပေါက်ကွဲမှု/အဝေးမှ တိုက်ခိုက်မှု" incident, 740 of them); its means and targets say it.
    words = [_burmese_terms(LABELS[c]) for c in codes if c in LABELS]
    return _joined(own, *words)


@lru_cache(maxsize=64)
def _means_words(code: str) -> str:
    """A means of attack as reports say it ("air strike", "bombing", "jet"), its label too; not
    "air/drone", which is ACLED's word for either."""
    for means, label, words in ATTACK_MEANS:
        if means == code:
            return " ".join([label, *(w for w in words if "/" not in w)])
    return ""


def other_names(i: dict) -> list[str]:
    """The other names of an incident's place, township and state, as news spells them."""
    return [n for k in ("place", "township", "state") for n in i[f"{k}__alt_names"] or ()]


@lru_cache(maxsize=1024)  # the taxonomy's few dozen words, met by every incident
def _burmese_terms(word: str) -> str:
    """A taxonomy word (stored in English) as the Burmese pages show it, as index terms ("" if
    it has no translation)."""
    if not word:
        return ""
    with translation.override("my"):
        said = gettext(word)
    return terms(said) if said != word else ""


def _report_mark() -> tuple | None:
    """(updated_at, id) of the latest indexed report in that order: the walk goes on after it.
    One descent of the search_document_stamp index."""
    return (
        Document.objects.filter(kind="report", stamp__isnull=False)
        .order_by("-stamp", "-object_id")
        .values_list("stamp", "object_id")
        .first()
    )


def _page_after(mark: tuple | None) -> list[dict]:
    """The next BATCH reports after `mark` in (updated_at, id) order: those of the mark's moment
    first (equal stamp, later id), then later moments. Two queries that each walk the
    report_updated index from where they start. A row comparison, (updated_at, id) > (x, y),
    seeks on the stamp alone on SQLite and read every report of that moment: a bulk match
    stamps all of its links with one moment, so after a million links every search page's
    refresh read a million index entries (130 ms) to find nothing new."""
    reports = SourceReport.objects.values(*_REPORT_FIELDS)
    if mark is None:
        return list(reports.order_by("updated_at", "id")[:BATCH])
    page = list(reports.filter(updated_at=mark[0], id__gt=mark[1]).order_by("id")[:BATCH])
    if len(page) < BATCH:
        later = reports.filter(updated_at__gt=mark[0]).order_by("updated_at", "id")
        page += later[: BATCH - len(page)]
    return page


def index_incidents(ids: Iterable[int]) -> int:
    """Index (again) these incidents, and nothing else: `refresh` also re-indexes their
    reports."""
    return _index(Incident, _INCIDENT_FIELDS, _write_incidents, ids)


def index_reports(ids: Iterable[int]) -> int:
    """Index (again) these reports, and nothing else."""
    return _index(SourceReport, _REPORT_FIELDS, _write_reports, ids)


def _index(model, fields: tuple, write, ids: Iterable[int]) -> int:
    ids = sorted(set(ids))
    done = 0
    for start in range(0, len(ids), BATCH):
        done += write(model.objects.filter(id__in=ids[start : start + BATCH]).values(*fields))
    return done


def _write_reports(rows: Iterable[dict]) -> int:
    docs, shown, hidden = [], [], []
    for r in rows:
        public = r["incident__visibility"] == "public"
        words, public_words = report_terms(r)
        docs.append(("report", r["id"], r["incident_id"], public, r["updated_at"], words))
        if public:
            shown.append(
                (PUBLIC_REPORT, r["id"], r["incident_id"], True, r["updated_at"],
                 f"{PUBLIC_TOKEN} {public_words}")
            )  # fmt: skip
        else:
            hidden.append(r["id"])
    _upsert(docs + shown)
    if hidden:
        Document.objects.filter(kind=PUBLIC_REPORT, object_id__in=hidden).delete()
    return len(docs)


def _write_incidents(rows: Iterable[dict]) -> int:
    docs = []
    for i in rows:
        # A merged-away incident is only a pointer to the one it joined (its page redirects).
        public = i["visibility"] == "public" and not i["merged_into_id"]
        words = incident_terms(i)
        docs.append(
            ("incident", i["id"], i["id"], public, i["updated_at"],
             f"{PUBLIC_TOKEN} {words}" if public else words)
        )  # fmt: skip
    _upsert(docs)
    return len(docs)


def tsvector(text: str) -> str:
    """A tsvector literal for space-separated terms: PostgreSQL's parser never sees them.

    >>> tsvector("a b a")
    "'a':1,3 'b':2"
    >>> tsvector("ရွာ ကို")
    "'ရွာ':1 'ကို':2 'ရွာ ကို':1"
    """
    return _tsvector(text)[0]


def _tsvector(text: str) -> tuple[str, bool]:
    """The tsvector literal, and whether it lost positions (see POSITIONS_LOST)."""
    # Escaped once for the whole text (terms never hold a quote or backslash; this is in case).
    tokens = text.replace("\\", "\\\\").replace("'", "''").split()[:MAX_TOKENS]
    positions: dict[str, list[int]] = {}
    lost = len(tokens) > LAST_POSITION
    for n, token in enumerate(tokens, 1):
        if (at := positions.get(token)) is None:
            if len(token) > MAX_LEXEME_BYTES // 4 and len(token.encode()) > MAX_LEXEME_BYTES:
                continue  # a key or a file pasted whole: no one searches for it
            positions[token] = [min(n, LAST_POSITION)]
        elif len(at) < 256 and at[-1] < LAST_POSITION:  # PostgreSQL keeps 256 a lexeme
            at.append(min(n, LAST_POSITION))
        else:
            lost = True
    # Neighbouring Burmese syllables also as one lexeme, at the first one's position (see
    # syllable_pairs): "ရွာကို" is then one look-up, not a check of every Burmese document.
    for n, pair in syllable_pairs(tokens) if MYANMAR.search(text) else ():
        at = positions.setdefault(pair, [])
        if len(at) < 256 and (not at or at[-1] < LAST_POSITION):
            at.append(min(n + 1, LAST_POSITION))
        else:
            lost = True
    lexemes, size = [], 0
    for t, p in positions.items():
        lexeme = f"'{t}':{p[0]}" if len(p) == 1 else f"'{t}':{','.join(map(str, p))}"
        size += len(t.encode()) + 2 * len(p) + 8  # as PostgreSQL stores it, near enough
        if size > MAX_VECTOR_BYTES:
            lost = True
            break  # the words first met are kept
        lexemes.append(lexeme)
    if lost:
        lexemes.append(f"'{POSITIONS_LOST}'")
    return " ".join(lexemes), lost


def _upsert(docs: list[tuple]) -> None:
    if not docs:
        return
    stamp_field = Document._meta.get_field("stamp")
    columns = "kind, object_id, incident_pk, public, stamp, terms"
    update = (
        "incident_pk = excluded.incident_pk, public = excluded.public, stamp = excluded.stamp, "
        "terms = excluded.terms"
    )
    rows = [(*d[:4], stamp_field.get_db_prep_save(d[4], connection), d[5]) for d in docs]
    if connection.vendor == "postgresql":
        columns += ", tsv, positions_lost"
        update += ", tsv = excluded.tsv, positions_lost = excluded.positions_lost"
        marks = "%s, %s, %s, %s, %s, %s, %s::tsvector, %s"
        rows = [(*row, *_tsvector(row[5])) for row in rows]
    else:
        marks = "%s, %s, %s, %s, %s, %s"
    sql = (
        f"INSERT INTO search_document ({columns}) VALUES ({marks}) "
        f"ON CONFLICT (kind, object_id) DO UPDATE SET {update}"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def refresh(budget: int | None = None) -> RefreshSummary:
    """Index what is new or changed since the last run.

    `budget`: stop after about this many objects (the search page passes a small one so a
    visitor never waits for a large import to be indexed; the rest waits for the next run).
    One process at a time indexes (thitsa.exclusive); the search page does not wait for
    another that is indexing.
    """
    with exclusive("search index", wait=budget is None) as mine:
        if not mine:
            return RefreshSummary(complete=False)
        return _refresh(budget)


def _refresh(budget: int | None) -> RefreshSummary:
    started = time.perf_counter()
    summary = RefreshSummary()
    touched: list[int] = []
    batch: list[dict] = []

    def spent() -> bool:
        done = summary.reports + summary.incidents + len(batch)
        if budget is not None and done >= budget:
            summary.complete = False
            return True
        return False

    def flush() -> None:
        summary.incidents += _write_incidents(batch)
        touched.extend(i["id"] for i in batch)
        batch.clear()

    # Incidents first: the reports indexed after them see their current visibility.
    last_stamp = Document.objects.filter(kind="incident").aggregate(m=Max("stamp"))["m"]
    changed = Incident.objects.all()
    if last_stamp is not None:
        changed = changed.filter(updated_at__gt=last_stamp)
    mark = _report_mark()
    rows = changed.order_by("updated_at", "id").values(*_INCIDENT_FIELDS)
    for row in rows.iterator(chunk_size=BATCH):
        # Only between two stamps: the next run starts after the latest indexed stamp, so
        # incidents stamped at the same moment are indexed together or not at all.
        if batch and row["updated_at"] != batch[-1]["updated_at"]:
            if spent():
                break
            if len(batch) >= BATCH:
                flush()
        batch.append(row)
    flush()

    # Reports of changed incidents (linked now, or when last indexed), up to the mark: those
    # after it are the walk's below, and writing their later stamps here would move the mark
    # past reports not indexed yet.
    if mark is not None and touched:
        before = Q(updated_at__lt=mark[0]) | Q(updated_at=mark[0], id__lte=mark[1])
        for start in range(0, len(touched), BATCH):
            chunk = touched[start : start + BATCH]
            ids = set(
                SourceReport.objects.filter(incident_id__in=chunk).values_list("id", flat=True)
            )
            ids |= set(
                Document.objects.filter(kind="report", incident_pk__in=chunk).values_list(
                    "object_id", flat=True
                )
            )
            ids = sorted(ids)
            for at in range(0, len(ids), BATCH):
                reports = SourceReport.objects.filter(before, id__in=ids[at : at + BATCH])
                summary.reports += _write_reports(reports.values(*_REPORT_FIELDS))

    # Reports new, edited or linked elsewhere since the mark, a page at a time.
    while not spent():
        page = _page_after(mark)
        if not page:
            break
        summary.reports += _write_reports(page)
        mark = (page[-1]["updated_at"], page[-1]["id"])
    if connection.vendor == "postgresql" and summary.reports + summary.incidents >= ANALYZE_AFTER:
        # The query plans depend on the word statistics; autovacuum would gather them later.
        # VACUUM too where it may run (outside a transaction): every document indexed again
        # leaves a dead row, and the GIN indexes' pending lists, which every search reads
        # through, are merged. At 200,000 reports after a rebuild: staff p95 80 -> 21 ms.
        with connection.cursor() as cursor:
            vacuum = "" if connection.in_atomic_block else "VACUUM "
            cursor.execute(f"{vacuum}ANALYZE search_document")
    if summary.reports or summary.incidents:
        # An edited report's old words (a name a verifier took out) leave the file now. Only
        # after writing: a refresh with nothing to do stays five look-ups, and a delete purges
        # on its own commit.
        summary.purged = purge_removed_words()
    summary.seconds = time.perf_counter() - started
    return summary


def purge_removed_words() -> bool:
    """SQLite: rewrite the full-text index when words have left it since the last purge (a
    document deleted, a report's words changed; the triggers of migration search.0007 mark
    it). FTS5 only marks a deleted word as deleted, in a segment of its own, and keeps the word
    in the file until its segment is merged: a deleted testimony stayed readable there, word by
    word. 'optimize' merges every segment into one, leaving the deleted words out, and
    secure_delete zeroes the pages they were on. Returns whether it rewrote the index.

    SQLite 3.42 and later can remove words in place (FTS5's secure-delete option); Debian 12's
    3.40 cannot. On PostgreSQL a deleted row stays in its page until VACUUM reuses the space:
    the server, not the laptop, is where that is kept safe."""
    if connection.vendor != "sqlite":
        return False
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM search_purge")
        if cursor.fetchone() is None:
            return False
        cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        cursor.execute("DELETE FROM search_purge")
    if not connection.in_atomic_block:
        # The pages as they were, words and all, are still frames of the write-ahead log until
        # a checkpoint copies the new ones back; TRUNCATE then empties the log (a reader in the
        # middle of a query makes it give up, and the next checkpoint does it).
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return True


def _purge_after_commit() -> None:
    # Once for a transaction that deletes many (the admin's bulk delete sends a signal each).
    if connection.vendor == "sqlite" and not any(
        callback is purge_removed_words for _sids, callback, _robust in connection.run_on_commit
    ):
        transaction.on_commit(purge_removed_words)


def forget_report(sender, instance, **kwargs) -> None:
    """A deleted report's documents go with it (connected in apps.py): search hid them already,
    but their words, which can name people, stayed in the index until the next rebuild; now
    they leave the file too, once the delete is committed."""
    Document.objects.filter(kind__in=["report", PUBLIC_REPORT], object_id=instance.pk).delete()
    _purge_after_commit()


def forget_incident(sender, instance, **kwargs) -> None:
    """A deleted incident's document goes, and its reports, unlinked by the delete without a
    new stamp (SET_NULL is a bare UPDATE), are indexed as unlinked: staff find them, the public
    no longer."""
    Document.objects.filter(kind="incident", object_id=instance.pk).delete()
    Document.objects.filter(kind=PUBLIC_REPORT, incident_pk=instance.pk).delete()
    Document.objects.filter(kind="report", incident_pk=instance.pk).update(
        incident_pk=None, public=False
    )
    _purge_after_commit()


def rebuild() -> RefreshSummary:
    """Drop the index and build it again from every report and incident."""
    with transaction.atomic():
        Document.objects.all()._raw_delete(Document.objects.db)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                # The delete trigger has already emptied the FTS table row by row; this makes
                # sure nothing is left of an index that went out of step.
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
                # Rebuilt from the documents left: nothing deleted remains to purge.
                cursor.execute("DELETE FROM search_purge")
    return refresh()
