"""Search the index: a query becomes phrases (thitsa/search/terms.py), the database finds the
documents that hold all of them, newest first, and each hit is shown with its matches marked.

Newest first rather than by relevance: with a million reports a common word matches hundreds
of thousands, and ranking them all costs seconds; in id order both databases stop after a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from thitsa.burmese.zawgyi import (
    SPELLED_THRESHOLD,
    force_unicode,
    looks_zawgyi,
    zawgyi_probability,
    zawgyi_spelled,
)
from thitsa.incidents.models import Incident
from thitsa.incidents.taxonomy import LABELS
from thitsa.reports.models import (
    UNPUBLISHED_KINDS,
    SourceReport,
    public_published_at,
    public_source,
    public_title,
)
from thitsa.search.index import POSITIONS_LOST, PUBLIC_REPORT, PUBLIC_TOKEN, other_names
from thitsa.search.terms import (
    LATIN,
    Phrase,
    excerpt,
    matcher,
    parse_query,
    spans,
    syllable_pairs,
    unicode_text,
)

PER_PAGE = 20


@dataclass
class Hit:
    kind: str  # "report" or "incident"
    id: int
    public: bool
    incident: str  # the incident's public id ("" for an unlinked report)
    title: str
    snippet: str
    title_marks: list[tuple[int, int]] = field(default_factory=list)
    snippet_marks: list[tuple[int, int]] = field(default_factory=list)
    source: str = ""
    date: str = ""

    @property
    def title_html(self) -> SafeString:
        return marked(self.title, self.title_marks)

    @property
    def snippet_html(self) -> SafeString:
        return marked(self.snippet, self.snippet_marks)

    @property
    def meta(self) -> list[str]:
        """Source, date and (for a report) its incident, those that are known."""
        linked = self.incident if self.kind == "report" else ""
        return [x for x in (self.source, self.date, linked) if x]

    def url(self, staff: bool = False, admin: bool = False) -> str:
        if not self.incident:
            # A report in no incident has a page in the admin only: a documenter or verifier
            # was sent to a sign-in form from it (found by a reviewer of the interface).
            return reverse("admin:reports_sourcereport_change", args=[self.id]) if admin else ""
        # `staff`: the viewer may see restricted records (a documenter, verifier or admin).
        if self.public:
            return reverse("incident-detail", args=[self.incident])
        return reverse("review-incident", args=[self.incident]) if staff else ""

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "id": self.id,
            "incident": self.incident or None,
            "public": self.public,
            "title": self.title,
            "snippet": self.snippet,
            "title_matches": [list(m) for m in self.title_marks],
            "matches": [list(m) for m in self.snippet_marks],
            "source": self.source or None,
            "date": self.date or None,
        }


@dataclass
class Results:
    query: str
    phrases: list[Phrase]
    hits: list[Hit]
    more: bool  # another page follows
    # Where the next page starts in the index's order: past this page's hits and any entries
    # left out between them (a record deleted or withdrawn since it was indexed).
    next_offset: int = 0
    # The query was searched as Zawgyi converted: the detector said so, or the text as typed
    # found nothing and its Zawgyi reading did (see `search`). The page and the API say so.
    read_as_zawgyi: bool = False


def marked(text: str, marks: list[tuple[int, int]]) -> SafeString:
    """Text as HTML with <mark> around the matches: every piece of the text is escaped, and
    the only markup is ours."""
    out, at = [], 0
    for start, end in marks:
        if start < at:
            continue
        out.append(escape(text[at:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        at = end
    out.append(escape(text[at:]))
    return mark_safe("".join(out))


def search(query: str, public_only: bool = True, limit: int = PER_PAGE, offset: int = 0) -> Results:
    """Reports and incidents that hold every phrase of the query.

    `public_only` (anonymous visitors): only public incidents and reports linked to them, and
    of those reports only what the public may read (title and source, not their text).
    """
    phrases = parse_query(query)
    if not phrases:
        return Results(query, [], [], False, offset)
    # Read as Zawgyi by parse_query already (the page and the API say so), or below.
    zawgyi = looks_zawgyi(query)
    found, at = _page(phrases, public_only, limit, offset)
    if at == offset and not zawgyi and _maybe_zawgyi(query):
        # Short Zawgyi is often valid Unicode too: "ရွိ" (ရှိ), "မွ" (မှ) and "ပြဲ" (ပွဲ) show no
        # Zawgyi spelling, "မဂၤလာပါ" one too short for the detector to be sure, and they found
        # nothing. So when the text as typed finds nothing, its Zawgyi reading (if another) is
        # searched; Unicode that finds something (ဗြဟ္မာ, a rare stack) is searched as typed.
        # A later page asks the typed reading's first, as the first page did.
        other = parse_query(force_unicode(query))
        if other and other != phrases and not (offset and _find(phrases, public_only, 1, 0)):
            found_other, at_other = _page(other, public_only, limit, offset)
            if at_other > offset:
                phrases, zawgyi, found, at = other, True, found_other, at_other
    more = len(found) > limit
    next_offset = found[limit][0] if more else at
    hits = [hit for _n, hit in found[:limit]]
    return Results(query, phrases, hits, more, next_offset, zawgyi)


def _maybe_zawgyi(query: str) -> bool:
    """Whether a query the detector is unsure of may be Zawgyi: it shows a Zawgyi spelling, or
    the detector leans to Zawgyi. Unicode with a wrong vowel or medial (မျေ for မြေ) scores
    near nought, and finds nothing, as the skeleton of a word should."""
    return zawgyi_spelled(query) or zawgyi_probability(query) > SPELLED_THRESHOLD


def _page(
    phrases: list[Phrase], public_only: bool, limit: int, offset: int
) -> tuple[list[tuple[int, Hit]], int]:
    """(place in the index's order, hit) of up to limit + 1 hits from `offset` on, and where
    the entries read end (`offset` when none were).

    The index may hold entries a visitor is not shown (see _hits): a page is filled from the
    entries after them, and "more" means a hit to show follows, never only such entries (an
    empty page with a next one counted a withdrawn incident's entries for anyone)."""
    # PostgreSQL: an all-Latin query that finds no whole word is looked for inside words with
    # the trigram indexes ("bayin" in "Tabayin": a name romanised joined or apart). SQLite's
    # FTS5 index has no such reading; the README says so.
    find = _find
    found: list[tuple[int, Hit]] = []
    at, want = offset, limit + 1
    for _round in range(MAX_ROUNDS):
        rows = find(phrases, public_only, want, at)
        if not rows and at == offset and connection.vendor == "postgresql" and _fragments(phrases):
            find = _find_fragments
            rows = find(phrases, public_only, want, at)
        found += [(at + n, hit) for n, hit in _hits(rows, phrases, public_only)]
        at += len(rows)
        if len(found) > limit or len(rows) < want:
            break
    return found, at


# Rounds of fetching a page when entries are left out: a page of hits after this many pages of
# left-out entries is not looked for (the index is refreshed on every search; only a long
# import holding its lock leaves it behind).
MAX_ROUNDS = 5


def fts5_query(phrases: list[Phrase]) -> str:
    """'"ကျောင်း ကို" AND "bomb" *': phrases of whole tokens, a Latin word's end open."""
    return " AND ".join(
        "({})".format(" OR ".join(f'"{f}"' for f in p.forms))
        if p.forms
        else '"{}"{}'.format(" ".join(p.tokens).replace('"', '""'), " *" if p.prefix else "")
        for p in phrases
    )


def ts_query(phrases: list[Phrase]) -> str:
    """A tsquery literal, "'ကျောင်း ကို' & 'bomb':*" (no parser, as the tsvector).

    Neighbouring Burmese syllables are asked for as the pair lexemes the tsvector holds
    (thitsa.search.terms.syllable_pairs), chained by their distance: "ဒဏ်ရာရ" is
    "'ဒဏ် ရာ' <-> 'ရာ ရ'", a look-up of two rare lexemes instead of three common ones. A
    document that lost positions (index.POSITIONS_LOST) matches a chain by holding its lexemes
    anywhere: `_find` confirms the phrase in its terms.
    """

    def lexeme(token: str) -> str:
        return "'{}'".format(token.replace("\\", "\\\\").replace("'", "''"))

    parts = []
    for p in phrases:
        if p.forms:
            parts.append("({})".format(" | ".join(lexeme(f) for f in p.forms)))
            continue
        units = [(at, lexeme(unit)) for at, unit in _units(p)]
        if p.prefix and units[-1][0] == len(p.tokens) - 1:
            # The last word is Latin (only Latin words get a prefix): never in a pair.
            units[-1] = (units[-1][0], units[-1][1] + ":*")
        chain = units[0][1]
        for (before, _), (at, unit) in pairwise(units):
            chain += (" <-> " if at - before == 1 else f" <{at - before}> ") + unit
        if len(units) > 1:
            anywhere = " & ".join(unit for _at, unit in units)
            chain = f"{chain} | {lexeme(POSITIONS_LOST)} & {anywhere}"
        parts.append(f"({chain})")
    return " & ".join(parts)


def _units(p: Phrase) -> list[tuple[int, str]]:
    """(index, lexeme) of the lexemes the tsvector holds a phrase's tokens as, in order: the
    pairs of neighbouring Burmese syllables, and the tokens in no pair."""
    pairs = syllable_pairs(p.tokens)
    paired = {n for at, _pair in pairs for n in (at, at + 1)}
    return sorted(pairs + [(n, t) for n, t in enumerate(p.tokens) if n not in paired])


def _confirmed(phrases: list[Phrase]) -> tuple[str, list[str]]:
    """PostgreSQL: the condition that a document that lost positions holds each phrase of more
    than one lexeme as a run of its terms (as FTS5 finds it), and its parameters; ("", []) when
    the tsvector alone answers. Only those documents' terms are read: the column is in the row,
    while the tsvector and the terms of a long document are stored apart from it."""
    needles = [
        " {}{}".format(" ".join(p.tokens), "" if p.prefix else " ")
        for p in phrases
        if not p.forms and len(_units(p)) > 1
    ]
    if not needles:
        return "", []
    runs = " AND ".join(["strpos(' ' || d.terms || ' ', %s) > 0"] * len(needles))
    return f" AND (NOT d.positions_lost OR ({runs}))", needles


def _which(public_only: bool) -> str:
    """The documents a search reads: anonymous visitors the public ones, with a public report's
    public document instead of its whole text; others every full document."""
    if public_only:
        return " AND d.public AND d.kind <> 'report'"
    return f" AND d.kind <> '{PUBLIC_REPORT}'"


def _find(phrases: list[Phrase], public_only: bool, limit: int, offset: int) -> list[tuple]:
    public = _which(public_only)
    if connection.vendor == "postgresql":
        # No public token here: the public documents have indexes of their own (migration
        # search.0006), which only the public condition itself selects.
        confirmed, needles = _confirmed(phrases)
        return _newest_first(
            f"d.tsv @@ %s::tsquery{confirmed}{public}",
            f"ts_match_vq(d.tsv, %s::tsquery){confirmed}{public}",
            [ts_query(phrases), *needles], limit, offset, public_only,
        )  # fmt: skip
    sql = (
        "SELECT d.kind, d.object_id, d.public FROM search_fts "
        "JOIN search_document d ON d.id = search_fts.rowid "
        f"WHERE search_fts MATCH %s{public} ORDER BY search_fts.rowid DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        query = fts5_query(phrases) + (f' AND "{PUBLIC_TOKEN}"' if public_only else "")
        cursor.execute(sql, [query, limit, offset])
        return cursor.fetchall()


# PostgreSQL: "newest first, a page" has two good plans, and the planner cannot tell them apart
# for a word it has no statistics on (every rare word): walk the primary key backwards until a
# page matches (fast for common words, a full scan for rare ones), or take every match from the
# GIN index and sort (fast for rare words, slow for common ones). So ask the index first, for at
# most RARE matches; only when there are more, walk backwards (a page is then close at hand).
# The walk spells the condition as a function call (`walk`), which no index serves: given the
# operator, the planner would take every match from the GIN index and sort whenever it guesses
# the phrase rare, and it multiplies the frequencies of a phrase's words as if they were
# independent, so it guesses every common phrase rare (ဒဏ်ရာရသည်: 115 rows guessed, 6,622 in
# 100,000 documents, all read and sorted for a page).
RARE = 2000


def _newest_first(
    where: str, walk: str, params: list, limit: int, offset: int, public_only: bool
) -> list[tuple]:
    with connection.cursor() as cursor:
        ask = f"SELECT d.id FROM search_document d WHERE {where} LIMIT %s"
        if public_only:
            ids = _from_public_indexes(cursor, ask, [*params, RARE + 1])
        else:
            cursor.execute(ask, [*params, RARE + 1])
            ids = [row[0] for row in cursor.fetchall()]
        if len(ids) <= RARE:
            page = sorted(ids, reverse=True)[offset : offset + limit]
            cursor.execute(
                "SELECT d.kind, d.object_id, d.public FROM search_document d "
                "WHERE d.id = ANY(%s) ORDER BY d.id DESC",
                [page],
            )
        else:
            cursor.execute(
                "SELECT d.kind, d.object_id, d.public FROM search_document d "
                f"WHERE {walk} ORDER BY d.id DESC LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
        return cursor.fetchall()


def _from_public_indexes(cursor, sql: str, params: list) -> list[int]:
    """The public documents' matches, from their own indexes. The planner estimates a word's
    share of public documents by its share of all documents (it keeps no statistics per
    index), so for a word common in reports' text and rare in what the public may read it
    expects a page of public matches early in the table and scans all of it instead; here it
    may only read the index."""
    with transaction.atomic(using=connection.alias):
        cursor.execute(
            "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'), "
            "set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)"
        )
        seqscan, indexscan, _, _ = cursor.fetchone()
        cursor.execute(sql, params)
        ids = [row[0] for row in cursor.fetchall()]
        # Back as they were: inside a caller's transaction, these would last until its end.
        cursor.execute(
            "SELECT set_config('enable_seqscan', %s, true), "
            "set_config('enable_indexscan', %s, true)",
            [seqscan, indexscan],
        )
    return ids


def _fragments(phrases: list[Phrase]) -> list[str]:
    """The words of an all-Latin query of single words, for a substring search."""
    words = [p.tokens[0] for p in phrases if len(p.tokens) == 1]
    if len(words) != len(phrases) or not all(
        LATIN.match(w) and w.isalpha() and len(w) >= 3 for w in words
    ):
        return []
    return words


def _find_fragments(
    phrases: list[Phrase], public_only: bool, limit: int, offset: int
) -> list[tuple]:
    """PostgreSQL, when whole words found nothing: words as substrings of words ("bayin" finds
    "Tabayin"), served by the trigram index."""
    words = _fragments(phrases)
    likes = " AND ".join(["d.terms LIKE %s"] * len(words))
    walk = " AND ".join(["textlike(d.terms, %s)"] * len(words))
    public = _which(public_only)
    like = [
        "%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for w in words
    ]
    return _newest_first(likes + public, walk + public, like, limit, offset, public_only)


def _hits(rows: list[tuple], phrases: list[Phrase], public_only: bool) -> list[tuple[int, Hit]]:
    """(position in `rows`, hit) in the order found, built from allow-listed fields of the
    reports and incidents themselves: a row deleted since it was indexed drops out, and so,
    for anonymous visitors, does one whose incident stopped being public since (whatever the
    index says)."""
    report_ids = [oid for kind, oid, _p in rows if kind in ("report", PUBLIC_REPORT)]
    incident_ids = [oid for kind, oid, _p in rows if kind == "incident"]
    reports = {
        r["id"]: r
        for r in SourceReport.objects.filter(id__in=report_ids).values(
            "id", "title", "text", "place_text", "published_at", "event_date", "source__name",
            "source__kind", "import_format", "incident__public_id", "incident__visibility",
        )
    }  # fmt: skip
    incidents = {
        i["id"]: i
        for i in Incident.objects.filter(id__in=incident_ids).values(
            "id", "public_id", "date", "summary_en", "summary_my", "event_type", "perpetrator",
            "place__name_en", "place__name_my", "township__name_en", "township__name_my",
            "state__name_en", "state__name_my", "visibility", "merged_into_id", "targets",
            "weapons", "attack_means", "place__alt_names", "township__alt_names",
            "state__alt_names",
        )
    }  # fmt: skip
    pattern = matcher(phrases)
    hits = []
    for n, (kind, oid, public) in enumerate(rows):
        r = reports.get(oid) if kind in ("report", PUBLIC_REPORT) else None
        i = incidents.get(oid) if kind == "incident" else None
        if public_only and not (
            (kind == PUBLIC_REPORT and r and r["incident__visibility"] == "public")
            # A merged-away incident is only a pointer now: its public page redirects.
            or (
                kind == "incident" and i and i["visibility"] == "public" and not i["merged_into_id"]
            )
        ):
            continue
        if kind == PUBLIC_REPORT and r:
            # What the public API gives of a report: no text, no place as written, no event date.
            published = public_published_at(r["source__kind"], r["published_at"])
            published = published and timezone.localtime(published)
            title = unicode_text(public_title(r["source__kind"], r["title"], r["import_format"]))
            source = public_source(r["source__kind"], r["source__name"])
            hit = Hit("report", oid, public, r["incident__public_id"] or "",
                      title or source, "", source=source,
                      date=published.date().isoformat() if published else "")  # fmt: skip
        elif kind == "report" and r:
            # A testimony's words are not public in a public incident either: the hit says so,
            # and a search that shows them is logged.
            public = public and r["source__kind"] not in UNPUBLISHED_KINDS
            title = unicode_text(r["title"]) or unicode_text(r["text"])[:120]
            body = unicode_text(" · ".join(x for x in (r["text"], r["place_text"]) if x))
            # The day in Myanmar, as the report's own page shows it.
            published = r["published_at"] and timezone.localtime(r["published_at"])
            when = published.date() if published else r["event_date"]
            hit = Hit("report", oid, public, r["incident__public_id"] or "", title, body,
                      source=r["source__name"], date=when.isoformat() if when else "")  # fmt: skip
        elif kind == "incident" and i:
            # The reader's script where the gazetteer has it; a township that is the place
            # itself once ("Tabayin, Sagaing", not "Tabayin, Tabayin, Sagaing").
            names = [
                (i[f"{k}__name_en"], i[f"{k}__name_my"]) for k in ("place", "township", "state")
            ]
            burmese = get_language() == "my"
            place = ", ".join(
                dict.fromkeys((my if burmese and my else en) for en, my in names if en)
            )
            title = f"{i['public_id']}: {place}" if place else i["public_id"]
            # Each part as itself: a summary typed in Zawgyi read the whole line as Zawgyi,
            # and converting it garbled the gazetteer's and the translations' Unicode. The type
            # in the reader's words, as the incident pages give it.
            body = " · ".join(
                x
                for x in (unicode_text(i["summary_en"]), unicode_text(i["summary_my"]),
                          i["place__name_my"], i["event_type"] and gettext(i["event_type"]),
                          unicode_text(i["perpetrator"]))
                if x
            )  # fmt: skip
            hit = Hit("incident", oid, public, i["public_id"], title, body,
                      date=i["date"].isoformat())  # fmt: skip
        else:
            continue
        hit.title_marks = spans(hit.title, pattern)
        found = spans(hit.snippet, pattern)
        if i and not hit.title_marks and not found:
            # Found by its kind, targets, weapons or means (indexed in both languages), or by
            # its place's name in the other script or another spelling ("Depayin" for Tabayin),
            # which the result did not show: a hit with nothing marked left the reader guessing.
            if told := " · ".join(filter(None, (_taxonomy_words(i, pattern),
                                                _place_words(i, pattern)))):  # fmt: skip
                hit.snippet = f"{hit.snippet} · {told}" if hit.snippet else told
                found = spans(hit.snippet, pattern)
        hit.snippet, hit.snippet_marks = excerpt(hit.snippet, found)
        hits.append((n, hit))
    return hits


def _place_words(i: dict, pattern) -> str:
    """The names of the incident's places, in either script or as news spells them, that the
    query matches."""
    names = [
        i[f"{k}__name_{lang}"] for k in ("place", "township", "state") for lang in ("en", "my")
    ]
    shown = [n for n in dict.fromkeys(filter(None, [*names, *other_names(i)])) if spans(n, pattern)]
    return " · ".join(shown)


def _taxonomy_words(i: dict, pattern) -> str:
    """The incident's type, targets, weapons and means that the query matches, in the words of
    either language it matched them in."""
    codes = [c for field in ("targets", "weapons") for c in i[field].split(";") if c]
    codes += [i["attack_means"]] if i["attack_means"] else []
    words = [i["event_type"], *(LABELS[c] for c in codes if c in LABELS)]
    shown = []
    for word in filter(None, words):
        for language in ("en", "my"):
            with translation.override(language):
                said = gettext(word)
            if spans(said, pattern) and said not in shown:
                shown.append(said)
    return " · ".join(shown)
