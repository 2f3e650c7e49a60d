"""The search page: one box, results with the matches marked. Anonymous visitors find only
public incidents and the reports linked to them; documenters, verifiers and admins find
everything."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from thitsa.accounts.audit import log_access
from thitsa.accounts.roles import can
from thitsa.burmese.zawgyi import force_unicode, looks_zawgyi
from thitsa.publish.templatetags.publish import num
from thitsa.search.index import refresh
from thitsa.search.query import PER_PAGE, search
from thitsa.search.terms import MAX_PHRASES, TooManyPhrases, syllable_start, unicode_text

MAX_QUERY = 200

# A visitor never waits for a large import to be indexed: each search indexes at most this
# many new or changed objects (`thitsa search --refresh` does the rest at once).
REFRESH_BUDGET = 2000
MAX_PAGE = 50


def search_page(request):
    # Control characters go (a NUL was written into the page); a query past the box's 200
    # characters (typed into the address) is cut between syllables, not inside one.
    query = "".join(c for c in request.GET.get("q", "") if c >= " ").strip()
    if len(query) > MAX_QUERY:
        query = query[: syllable_start(query, MAX_QUERY, -1)].strip()
    try:
        page = min(MAX_PAGE, max(1, int(request.GET.get("page", 1))))
    except ValueError:
        page = 1
    # Where the page starts in the index's order, as the previous page's Next link says: a
    # page filled past entries left out of it (see thitsa.search.query.search) ends beyond
    # page × 20, and the next must not show its last hits again.
    try:
        start = min(MAX_PAGE * PER_PAGE * 2, max(0, int(request.GET["start"])))
    except (KeyError, ValueError):
        start = (page - 1) * PER_PAGE
    staff = can(request.user, "view_restricted")
    # A query typed in Zawgyi is searched as Unicode: say so, and echo it back as searched
    # (the page is Unicode; the Zawgyi bytes read as garbage there). The box keeps it as typed.
    zawgyi = bool(query) and looks_zawgyi(query)
    searched = unicode_text(query, query=True) if zawgyi else query
    results = error = None
    if query:
        refresh(budget=REFRESH_BUDGET)
        try:
            results = search(query, public_only=not staff, limit=PER_PAGE, offset=start)
        except TooManyPhrases as e:
            error = _(
                "Search for at most %(max)s words or quoted phrases: this search has %(n)s. "
                "Put words that belong together in quotes, or leave some out."
            ) % {"max": num(MAX_PHRASES), "n": num(e.count)}
        if results and results.read_as_zawgyi:
            zawgyi, searched = True, unicode_text(force_unicode(query), query=True)
        restricted = sum(1 for hit in results.hits if not hit.public) if results else 0
        if restricted:
            # How many restricted records were shown, never the query (it may name someone).
            log_access(request.user, "search", "results", f"{restricted} restricted", via="page")
    return render(
        request,
        "search/search.html",
        {
            "query": query,
            "searched": searched,
            "zawgyi": zawgyi,
            "error": error,
            "results": results,
            "hits": [(hit, hit.url(staff, admin=request.user.is_staff)) for hit in results.hits]
            if results
            else [],
            "page": page,
            "previous": page - 1 if page > 1 else None,
            "next": page + 1 if results and results.more and page < MAX_PAGE else None,
            # Page 50 of a common word ended with no Next and no word that more matched.
            "beyond": bool(results and results.more and page >= MAX_PAGE),
            "next_start": results.next_offset if results else None,
        },
    )
