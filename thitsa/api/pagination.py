"""Cursor pagination over a stable key, so a walk sees every row once even while rows are added.

The cursor is opaque to callers (base64 of the last row's key); they follow `next`.
"""

from __future__ import annotations

import base64
import json
from urllib.parse import urlencode

from django.core.exceptions import ValidationError as BadValue
from django.db.models import Q, QuerySet

from thitsa.api.errors import ApiError

MAX_LIMIT = 500
DEFAULT_LIMIT = 100


def encode(key: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode()


def decode(cursor: str, width: int) -> list:
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii") + b"==="))
    except (ValueError, UnicodeError):
        key = None
    if (
        not isinstance(key, list)
        or len(key) != width
        or not all(
            (isinstance(k, str) and "\x00" not in k)
            or (isinstance(k, int) and not isinstance(k, bool) and abs(k) < 2**63)
            for k in key
        )
    ):
        raise ApiError("cursor", "not a cursor this API gave: follow the `next` link as given")
    return key


def page(request, qs: QuerySet, fields: tuple[str, ...], limit: int, cursor: str | None):
    """(rows, next_url): rows after `cursor` in the order of `fields` (ascending, unique)."""
    qs = qs.order_by(*fields)
    if cursor:
        key = decode(cursor, len(fields))
        try:
            after = Q()
            # (a, b) > (x, y)  <=>  a > x or (a = x and b > y)
            for i, field in enumerate(fields):
                step = Q(**{f"{field}__gt": key[i]})
                for j in range(i):
                    step &= Q(**{fields[j]: key[j]})
                after |= step
            rows = list(qs.filter(after)[: limit + 1])
        except (ValueError, TypeError, OverflowError, BadValue) as e:
            raise ApiError("cursor", "not a cursor this API gave") from e
    else:
        rows = list(qs[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    key = [_plain(_get(last, f)) for f in fields]
    params = request.GET.copy()
    params["cursor"] = encode(key)
    return rows, request.build_absolute_uri(request.path) + "?" + urlencode(params, doseq=True)


def _get(obj, field: str):
    return obj[field] if isinstance(obj, dict) else getattr(obj, field)


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
