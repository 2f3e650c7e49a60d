"""Which page of a list an address asks for."""

from __future__ import annotations

from django.core.paginator import Page, Paginator


def page_of(paginator: Paginator, number: str | None) -> Page:
    """The page `?page=` names; before the first, the first (Django's get_page gave the last
    for ?page=-1 or 0); past the last, the last; not a number, the first."""
    try:
        wanted = int(number or 1)
    except ValueError:
        wanted = 1
    return paginator.get_page(max(1, wanted))
