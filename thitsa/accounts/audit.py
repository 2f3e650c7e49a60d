"""The access log: who read which restricted record, and when. Never the data itself."""

from __future__ import annotations


def log_access(
    user, action: str, object_type: str, object_id, via: str = "", username: str = ""
) -> None:
    """Record that `user` did `action` ('view', 'download', ...) on one restricted object.

    Only the object's type and id go in: the log must be safe to show to an auditor.
    """
    from thitsa.accounts.models import AccessLog

    AccessLog.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        username=username or getattr(user, "username", "") or "",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        via=via,
    )
