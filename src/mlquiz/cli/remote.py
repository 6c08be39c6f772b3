"""A small client for mlquiz's JSON API (``/api``), so the terminal can practise on a server.

Standard library only (urllib): the CLI must not need more to talk to its own server.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

TIMEOUT_SECONDS = 30


class ApiError(Exception):
    """The server could not be reached or refused the request; the message says why."""


class ApiClient:
    def __init__(self, base_url: str, token: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token

    def login(self, username: str, password: str) -> str:
        """Exchange a username and password for an API token (and keep it)."""
        data = self.post(
            "/api/auth/token",
            {"username": username, "password": password, "name": "mlquiz practice"},
        )
        self.token = str(data["token"])
        return self.token

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        query = urllib.parse.urlencode(params or {}, doseq=True)
        return self._send("GET", path + (f"?{query}" if query else ""), None)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self._send("POST", path, body)

    def _send(self, method: str, path: str, body: dict[str, Any] | None) -> Any:
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(
            self.base_url + path, data=data, headers=headers, method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            raise ApiError(f"{exc.code} from the server: {_detail(exc)}") from None
        except urllib.error.URLError as exc:
            raise ApiError(f"cannot reach {self.base_url}: {exc.reason}") from None
        except (TimeoutError, json.JSONDecodeError) as exc:
            raise ApiError(f"bad answer from {self.base_url}: {exc}") from None


def _detail(exc: urllib.error.HTTPError) -> str:
    try:
        payload = json.loads(exc.read() or b"{}")
    except (json.JSONDecodeError, OSError):
        return exc.reason or "error"
    detail = payload.get("detail") if isinstance(payload, dict) else None
    return str(detail) if detail else str(exc.reason)
