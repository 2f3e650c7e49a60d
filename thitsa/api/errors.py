"""Every error is JSON naming what was wrong: {"detail": "...", "errors": [{"parameter", ...}]}."""

from __future__ import annotations

from ninja.errors import AuthenticationError, HttpError, ValidationError


class ApiError(HttpError):
    """A bad parameter (422 by default) or a refusal, with the parameter it is about."""

    def __init__(self, parameter: str, message: str, status: int = 422) -> None:
        super().__init__(status, message)
        self.parameter = parameter
        self.message = message


def install(api) -> None:
    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        body = {"detail": f"{exc.parameter}: {exc.message}" if exc.parameter else exc.message}
        if exc.parameter:
            body["errors"] = [{"parameter": exc.parameter, "message": exc.message}]
        return api.create_response(request, body, status=exc.status_code)

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        errors = []
        for e in exc.errors:
            loc = [str(part) for part in e.get("loc", ())]
            # ("query", "since") -> since; the input value is never echoed back.
            name = loc[1] if len(loc) > 1 else (loc[0] if loc else "")
            errors.append({"parameter": name, "in": loc[0] if loc else "", "message": e["msg"]})
        detail = "; ".join(f"{e['parameter']}: {e['message']}" for e in errors) or "bad request"
        return api.create_response(request, {"detail": detail, "errors": errors}, status=422)

    @api.exception_handler(AuthenticationError)
    def unauthorised(request, exc: AuthenticationError):
        message = str(exc) or "authentication failed"
        response = api.create_response(request, {"detail": message}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="thitsa"'
        return response
