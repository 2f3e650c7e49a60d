"""The API's answers are JSON whatever refuses a request: Django's own refusals (a method the
address does not take, a body too large, too many fields) came as HTML pages."""

from __future__ import annotations

import json

from django.http import HttpResponse

PREFIX = "/api/"
_SAID = {
    400: "bad request: the body or query string could not be read (too large, too many "
    "fields, or malformed)",
    413: "the request is too large",
}


def json_refusals(get_response):
    def middleware(request):
        if not request.path.startswith(PREFIX):
            return get_response(request)
        head = request.method == "HEAD"
        if head:
            # HEAD is GET without the body (the server drops it), as for every other page.
            request.method = "GET"
        response = get_response(request)
        if head:
            request.method = "HEAD"
        status = response.status_code
        if status < 400 or response.get("Content-Type", "").startswith("application/json"):
            return response
        if status == 405:
            allowed = response.get("Allow", "")
            detail = f"method {request.method} not allowed here" + (
                f": use {allowed}" if allowed else ""
            )
        else:
            detail = _SAID.get(status, response.reason_phrase.lower())
        answer = HttpResponse(
            json.dumps({"detail": detail}), status=status, content_type="application/json"
        )
        if "Allow" in response:
            answer["Allow"] = response["Allow"]
        return answer

    return middleware
