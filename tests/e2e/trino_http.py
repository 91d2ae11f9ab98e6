"""A tiny raw-HTTP client of Trino's client REST protocol, for protocol-level tests.

It POSTs a statement to /v1/statement and follows `nextUri` until it is absent, keeping
every response (status, headers, parsed body, time taken), so that tests can check each
document the server sent rather than only the rows.

The header sets below are the ones real clients send (trino-protocol.md §1.6, §3.1, §5.1).
"""

from __future__ import annotations

import http.client
import json
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

import requests

SERVER_VERSION = "466"
QUERY_ID_RE = re.compile(r"^\d{8}_\d{6}_\d{5}_[a-km-np-z2-9]{5}$")
UNBOUNDED_VARCHAR = 2147483647

ALL_CAPABILITIES = "PATH,PARAMETRIC_DATETIME,NUMBER,VARIANT,VARIANT_BINARY,SESSION_AUTHORIZATION"
PYTHON_CAPABILITIES = "NUMBER,PARAMETRIC_DATETIME,SESSION_AUTHORIZATION"
QUERY_DATA_ENCODINGS = "json+zstd,json+lz4,json"

# What the tests send by default: the Python client's capability set, a fixed time zone.
DEFAULT_HEADERS = {
    "X-Trino-User": "test",
    "X-Trino-Source": "trino-e2e-tests",
    "X-Trino-Time-Zone": "UTC",
    "X-Trino-Client-Capabilities": PYTHON_CAPABILITIES,
    "Content-Type": "text/plain; charset=utf-8",
}

# Trino JDBC driver 466+ (§1.6 JDBC column, §3.1): sent with every POST.
JDBC_HEADERS = {
    "X-Trino-User": "test",
    "X-Trino-Original-User": "test",
    "X-Trino-Source": "trino-jdbc",
    "X-Trino-Client-Capabilities": ALL_CAPABILITIES,
    "X-Trino-Transaction-Id": "NONE",
    "X-Trino-Time-Zone": "Etc/UTC",
    "X-Trino-Language": "en-US",
    "X-Trino-Query-Data-Encoding": QUERY_DATA_ENCODINGS,
    "User-Agent": f"Trino JDBC Driver/{SERVER_VERSION}",
    "Accept-Encoding": "gzip",
    "Content-Type": "text/plain; charset=utf-8",
}

# Trino CLI (§5.4): the same Java client with its own source and user agent.
CLI_HEADERS = {
    **JDBC_HEADERS,
    "X-Trino-Source": "trino-cli",
    "User-Agent": f"trino-cli/{SERVER_VERSION}",
}

# Keys that are optional in Trino's documents and must be omitted, never null (§1.8, §1.9).
OPTIONAL_KEYS = frozenset({
    "nextUri", "data", "error", "fieldName", "updateCount", "progressPercentage",
    "partialCancelUri", "updateType", "errorLocation", "failureInfo", "runningPercentage",
    "rootStage",
})


class ProtocolError(AssertionError):
    """The server broke the protocol (bad status, non-JSON body, endless query...)."""


def _reject_constant(token: str) -> Any:
    raise ValueError(f"non-standard JSON constant {token!r} (non-finite numbers must be strings)")


def strict_json(text: str | bytes) -> Any:
    """json.loads that refuses bare NaN/Infinity tokens (Python accepts them by default)."""
    return json.loads(text, parse_constant=_reject_constant)


@dataclass(frozen=True)
class NumberToken:
    """A JSON number as written on the wire, to check e.g. that doubles carry a '.'."""
    kind: str  # "int" or "float"
    text: str


def json_with_number_tokens(text: str | bytes) -> Any:
    return json.loads(
        text,
        parse_int=lambda s: NumberToken("int", s),
        parse_float=lambda s: NumberToken("float", s),
        parse_constant=_reject_constant,
    )


def find_null_optional_keys(node: Any, path: str = "$") -> Iterator[str]:
    """Yield JSON paths of OPTIONAL_KEYS whose value is null (row values in `data` are skipped)."""
    if isinstance(node, dict):
        for key, value in node.items():
            child = f"{path}.{key}"
            if key in OPTIONAL_KEYS and value is None:
                yield child
            if key != "data":
                yield from find_null_optional_keys(value, child)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from find_null_optional_keys(value, f"{path}[{index}]")


def header_lines(response: requests.Response) -> list[tuple[str, str]]:
    """Every response header line as sent (original name case, repeats kept, not comma-merged)."""
    raw = response.raw.headers
    return [(name, value) for name in dict.fromkeys(raw.keys()) for value in raw.getlist(name)]


def values_of(lines: Iterable[tuple[str, str]], name: str) -> list[str]:
    wanted = name.lower()
    return [value for key, value in lines if key.lower() == wanted]


def describe(doc: Any, limit: int = 1500) -> str:
    text = json.dumps(doc, default=str)
    return text if len(text) <= limit else text[:limit] + "..."


@dataclass
class Page:
    """One protocol response: the POST answer or one GET of a nextUri."""
    url: str
    status: int
    headers: list[tuple[str, str]]
    content: bytes
    doc: dict
    elapsed: float

    def header_values(self, name: str) -> list[str]:
        return values_of(self.headers, name)

    @property
    def next_uri(self) -> str | None:
        return self.doc.get("nextUri")


@dataclass
class QueryRun:
    """Every page of one statement, from the POST to the page without nextUri."""
    pages: list[Page] = field(default_factory=list)

    @property
    def docs(self) -> list[dict]:
        return [page.doc for page in self.pages]

    @property
    def first(self) -> dict:
        return self.pages[0].doc

    @property
    def last(self) -> dict:
        return self.pages[-1].doc

    @property
    def query_id(self) -> str:
        return self.first["id"]

    @property
    def columns(self) -> list[dict] | None:
        for doc in self.docs:
            if "columns" in doc:
                return doc["columns"]
        return None

    @property
    def column_names(self) -> list[str]:
        return [column["name"] for column in self.columns or []]

    @property
    def column_types(self) -> list[str]:
        return [column["type"] for column in self.columns or []]

    @property
    def rows(self) -> list[list]:
        return [row for doc in self.docs for row in doc.get("data", [])]

    @property
    def error(self) -> dict | None:
        for doc in self.docs:
            if "error" in doc:
                return doc["error"]
        return None

    @property
    def update_type(self) -> str | None:
        return self.last.get("updateType")

    @property
    def update_count(self) -> int | None:
        return self.last.get("updateCount")

    def header_values(self, name: str) -> list[str]:
        return [value for page in self.pages for value in page.header_values(name)]

    def final_header_values(self, name: str) -> list[str]:
        return self.pages[-1].header_values(name)

    def assert_ok(self) -> "QueryRun":
        if self.error is not None:
            raise AssertionError(
                f"query {self.query_id} failed: {self.error.get('errorName')}: "
                f"{self.error.get('message')}"
            )
        return self

    def assert_error(self, name: str, code: int, error_type: str = "USER_ERROR") -> dict:
        error = self.error
        assert error is not None, f"expected {name}, but the query succeeded: {describe(self.last)}"
        assert (error.get("errorName"), error.get("errorCode"), error.get("errorType")) == (
            name, code, error_type
        ), f"unexpected error: {describe(error)}"
        return error


class TrinoHttp:
    """Raw protocol client bound to one server. Not thread-safe: use one per thread."""

    def __init__(self, base_url: str, headers: dict[str, str] | None = None,
                 timeout: float = 30.0):
        self.base_url = base_url.rstrip("/")
        self.headers = dict(DEFAULT_HEADERS if headers is None else headers)
        self.timeout = timeout
        self.session = requests.Session()

    # -- plain HTTP -------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.base_url}{path}"

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        kwargs.setdefault("allow_redirects", False)
        return self.session.request(method, self.url(path), **kwargs)

    def raw_request(self, method: str, path: str, headers: Iterable[tuple[str, str]],
                    body: bytes = b"") -> tuple[int, list[tuple[str, str]], bytes]:
        """Send exactly these header lines (repeats allowed) with http.client."""
        parsed = urllib.parse.urlsplit(self.base_url)
        connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=self.timeout)
        try:
            connection.putrequest(method, path, skip_accept_encoding=True)
            for name, value in headers:
                connection.putheader(name, value)
            connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def merged_headers(self, headers: dict[str, str] | None = None,
                       omit: Iterable[str] = ()) -> dict[str, str]:
        merged = {**self.headers, **(headers or {})}
        dropped = {name.lower() for name in omit}
        return {name: value for name, value in merged.items() if name.lower() not in dropped}

    # -- protocol ---------------------------------------------------------------------------

    def post(self, sql: str | bytes, headers: dict[str, str] | None = None,
             omit: Iterable[str] = ()) -> requests.Response:
        body = sql.encode("utf-8") if isinstance(sql, str) else sql
        return self.request("POST", "/v1/statement", data=body,
                            headers=self.merged_headers(headers, omit))

    def page(self, response: requests.Response, started: float) -> Page:
        return make_page(response.url, response.status_code, header_lines(response),
                         response.content, time.monotonic() - started,
                         method=response.request.method)

    def start(self, sql: str, headers: dict[str, str] | None = None,
              omit: Iterable[str] = ()) -> Page:
        started = time.monotonic()
        return self.page(self.post(sql, headers, omit), started)

    def start_raw(self, sql: str, header_lines: Iterable[tuple[str, str]]) -> Page:
        """POST with exactly these header lines (e.g. a header repeated), via http.client."""
        started = time.monotonic()
        body = sql.encode("utf-8")
        status, lines, content = self.raw_request("POST", "/v1/statement", header_lines, body)
        return make_page(self.url("/v1/statement"), status, lines, content,
                         time.monotonic() - started, method="POST")

    def get_page(self, uri: str, headers: dict[str, str] | None = None) -> Page:
        started = time.monotonic()
        response = self.request("GET", uri, headers=self.merged_headers(headers))
        return self.page(response, started)

    def follow(self, first: Page, timeout: float = 60.0,
               until: Callable[[Page], bool] | None = None) -> QueryRun:
        """GET nextUri until absent (or until `until(page)` is true); returns all pages."""
        run = QueryRun([first])
        deadline = time.monotonic() + timeout
        while run.pages[-1].next_uri and not (until and until(run.pages[-1])):
            if time.monotonic() > deadline:
                self.cancel_query(run.query_id)
                raise ProtocolError(
                    f"query {run.query_id} did not finish within {timeout:.0f}s "
                    f"({len(run.pages)} pages); last: {describe(run.last)}"
                )
            run.pages.append(self.get_page(run.pages[-1].next_uri))
        return run

    def execute(self, sql: str, headers: dict[str, str] | None = None,
                omit: Iterable[str] = (), timeout: float = 60.0) -> QueryRun:
        return self.follow(self.start(sql, headers, omit), timeout=timeout)

    def rows(self, sql: str, headers: dict[str, str] | None = None) -> list[list]:
        return self.execute(sql, headers).assert_ok().rows

    def delete(self, uri: str) -> requests.Response:
        return self.request("DELETE", uri, headers=self.merged_headers())

    # -- query resource (§6.2) --------------------------------------------------------------

    def query_info(self, query_id: str) -> requests.Response:
        return self.request("GET", f"/v1/query/{query_id}", headers=self.merged_headers())

    def cancel_query(self, query_id: str) -> requests.Response:
        return self.request("DELETE", f"/v1/query/{query_id}", headers=self.merged_headers())

    def wait_for_query_state(self, query_id: str, states: Iterable[str],
                             timeout: float = 15.0) -> dict:
        wanted = set(states)
        deadline = time.monotonic() + timeout
        missing_since = None  # a query that stays unknown for 2 s will not appear
        info: Any = None
        while time.monotonic() < deadline:
            response = self.query_info(query_id)
            if response.status_code == 200:
                missing_since = None
                info = strict_json(response.content)
                if info.get("state") in wanted:
                    return info
            else:
                info = f"HTTP {response.status_code}: {response.text[:200]!r}"
                missing_since = missing_since or time.monotonic()
                if time.monotonic() - missing_since > 2.0:
                    break
            time.sleep(0.1)
        raise AssertionError(
            f"query {query_id} did not reach {sorted(wanted)} within {timeout}s; last info: "
            f"{describe(info)}"
        )


def make_page(url: str, status: int, headers: list[tuple[str, str]], content: bytes,
              elapsed: float, method: str = "GET") -> Page:
    """Validate one protocol response (HTTP 200, a JSON object) and wrap it."""
    if status != 200:
        raise ProtocolError(f"{method} {url} -> HTTP {status}: {content[:500]!r}")
    try:
        doc = strict_json(content)
    except ValueError as exc:
        raise ProtocolError(f"{method} {url}: body is not valid JSON ({exc}): {content[:500]!r}") \
            from exc
    if not isinstance(doc, dict):
        raise ProtocolError(f"{method} {url}: expected a JSON object, got {describe(doc)}")
    return Page(url=url, status=status, headers=headers, content=content, doc=doc, elapsed=elapsed)


def replace_token(uri: str, token: int) -> str:
    """The same nextUri with another token (its last path segment)."""
    base, _, last = uri.rpartition("/")
    assert last.isdigit(), f"nextUri does not end with a numeric token: {uri}"
    return f"{base}/{token}"


def uri_token(uri: str) -> int:
    return int(uri.rpartition("/")[2])


def type_signature(raw_type: str, *arguments: dict) -> dict:
    return {"rawType": raw_type, "arguments": list(arguments)}


def long_arg(value: int) -> dict:
    return {"kind": "LONG", "value": value}


def type_arg(signature: dict) -> dict:
    return {"kind": "TYPE", "value": signature}


def named_arg(signature: dict, name: str | None = None) -> dict:
    value = {"typeSignature": signature}
    if name is not None:
        value = {"fieldName": {"name": name}, **value}
    return {"kind": "NAMED_TYPE", "value": value}


def column(name: str, type_text: str, signature: dict) -> dict:
    return {"name": name, "type": type_text, "typeSignature": signature}


def simple_column(name: str, type_name: str) -> dict:
    return column(name, type_name, type_signature(type_name))
