"""One way to keep secrets out of what people and logs read: ``mask_secrets``.

Every text that may hold a URL (a database URL, an Apprise channel URL, a driver's or
Apprise's error message) goes through it before it is printed, logged, stored or put in
an artifact. It knows where each URL form keeps its secret:

- a password in the userinfo, with or without a user name (``postgresql://:pw@host``);
- a password or token in the query (``?password=``, ``?pass=``, ``?token=``...) and
  Apprise's custom headers (``json://host/path?+X-Token=...``);
- a bot token written where the host goes (``tgram://123456789:AAH.../chat``): a netloc
  whose "port" is not a number is a token, not a host;
- tokens in the path of a token-addressed chat URL (``slack://T/B/C``, ``mmost://host/tok``,
  ``msteams://team/a/b/c``, ``gchat://ws/key/token``): every segment before the target;
- ``key=value`` connection strings (``host=db password=...``), which libpq errors quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, unquote, urlsplit

MASK = "****"
_SENSITIVE_KEY = re.compile(r"(pass|secret|token|key|auth|sig|cred|webhook)", re.IGNORECASE)
# Schemes whose path only locates a resource (no token in it).
_PLAIN_PATH = {
    "http", "https", "json", "jsons", "form", "forms", "xml", "xmls", "mailto", "mailtos",
    "outbox", "file", "sqlite",
}  # fmt: skip
# Token-addressed schemes whose "host" is itself a token (slack://TokenA/TokenB/TokenC).
_TOKEN_HOST = {"slack", "msteams", "discord", "tgram", "gchat", "workflow", "workflows"}
_URL = re.compile(r"\b([a-zA-Z][a-zA-Z0-9+.-]*)://[^\s'\"<>]+")
_KEY_VALUE = re.compile(r"\b(password|passwd|pass|token|secret)\s*=\s*('[^']*'|\"[^\"]*\"|\S+)",
                        re.IGNORECASE)  # fmt: skip


def secrets_in_url(url: str) -> set[str]:
    """The parts of one URL that are secret, as written and URL-decoded."""
    found: set[str] = set()
    try:
        parts = urlsplit(url)
    except ValueError:
        return {url}
    scheme = parts.scheme.lower().split("+")[0]
    userinfo, at, hostport = parts.netloc.rpartition("@")
    if at:
        _user, colon, password = userinfo.partition(":")
        if colon:
            found.add(password)
    else:
        _host, colon, port = hostport.rpartition(":")
        if colon and not port.isdigit() and not port.startswith("{"):
            found.add(hostport)  # tgram://BOT_ID:SECRET/...: the whole bot token
    if scheme in _TOKEN_HOST and hostport and not hostport.startswith("{"):
        found.add(hostport)
    for key, value in parse_qsl(parts.query, keep_blank_values=False):
        if key.startswith(("+", "-")) or _SENSITIVE_KEY.search(key):
            found.add(value)
    if scheme not in _PLAIN_PATH and parts.scheme:
        segments = [s for s in parts.path.split("/") if s]
        found.update(s for s in segments[:-1] if not s.startswith("{"))
        if segments and len(segments[-1]) >= 16 and not segments[-1].startswith("{"):
            found.add(segments[-1])
    found |= {unquote(s) for s in found}
    return {s for s in found if len(s) >= 4 and s != MASK}


def mask_secrets(text: str, urls: Iterable[str] = ()) -> str:
    """``text`` with the secrets of every URL in it, and of ``urls``, replaced by ``****``."""
    secrets: set[str] = set()
    for url in [*urls, *(m[0] for m in _URL.finditer(text))]:
        secrets |= secrets_in_url(url)
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return _KEY_VALUE.sub(lambda m: f"{m[1]}={MASK}", text)
