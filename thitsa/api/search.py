"""/search: the site's search (one box, English or Burmese, Unicode or Zawgyi) for scripts."""

from __future__ import annotations

from urllib.parse import urlencode

from ninja import Query, Router

from thitsa.accounts.audit import log_access
from thitsa.api import schemas
from thitsa.api.errors import ApiError
from thitsa.api.incidents import restricted_ok
from thitsa.search.index import refresh
from thitsa.search.query import search
from thitsa.search.terms import TooManyPhrases
from thitsa.search.views import REFRESH_BUDGET

router = Router(tags=["search"])

# Newest first, a page at a time: deeper than this a query should say more instead.
MAX_OFFSET = 1000


@router.get("/search", response={200: schemas.SearchResults, 401: schemas.Message,
                                 422: schemas.Problem})  # fmt: skip
def search_records(
    request,
    q: str = Query(..., min_length=1, max_length=200, description="words, e.g. ဒီပဲယင်း ကျောင်း"),
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    """Reports and incidents holding every word of `q`, the most recently added or changed
    first (not by the events' dates), with the matches as
    [start, end) character ranges of `title` and `snippet`. Without a token: public incidents
    and what the public may read of their reports (title and source, never the text)."""
    if any(ord(c) < 32 for c in q):
        raise ApiError("q", "control characters are not allowed")
    refresh(budget=REFRESH_BUDGET)
    staff = restricted_ok(request)
    try:
        results = search(q, public_only=not staff, limit=limit, offset=offset)
    except TooManyPhrases as e:
        raise ApiError("q", str(e)) from e
    restricted = sum(1 for hit in results.hits if not hit.public)
    if restricted:
        # How many restricted records were shown, never the query (it may name someone).
        log_access(request.auth, "search", "results", f"{restricted} restricted", via="api")
    following = None
    if results.more and results.next_offset <= MAX_OFFSET:
        params = {"q": q, "limit": limit, "offset": results.next_offset}
        following = request.build_absolute_uri(request.path) + "?" + urlencode(params)
    return schemas.SearchResults(
        query=q,
        phrases=[str(p) for p in results.phrases],
        read_as_zawgyi=results.read_as_zawgyi,
        results=[schemas.SearchHit(**hit.as_json()) for hit in results.hits],
        next=following,
        more=results.more,
    )
