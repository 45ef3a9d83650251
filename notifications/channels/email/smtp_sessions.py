"""E-mail over kept-open SMTP sessions: one connection carries many messages.

Apprise's e-mail plugin opens a connection, greets, logs in, builds the message with the
``email`` package and quits, for every message: about 8 ms of CPU each, so a morning of
5,000 digests spends most of a minute there, and the server pays for every greeting and
login too. Here the channel's Apprise URL is still the configuration, and Apprise still
parses it (the server, login, TLS mode, sender, recipients, headers, provider defaults);
a few sessions per server and login (``SessionPool``) are kept open across messages and
shared by the sending threads, and a message is written from its already-encoded parts.

A failure is classified where it happens, which Apprise cannot tell us: before the
message data left (nothing arrived: try again), a recipient refused for good, or the
data sent without a final reply (it may have arrived: ``smtp_phase`` notes that window).
A session found closed when the next message starts (the server dropped it while idle)
is opened again at once: nothing had been sent on it.
"""

from __future__ import annotations

import base64
import importlib
import re
import secrets
import smtplib
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from email.header import Header
from email.utils import format_datetime, formataddr, make_msgid
from typing import Any
from urllib.parse import unquote_plus, urlsplit

from notifications.channels.email import smtp_phase
from notifications.channels.email.smtp_phase import TrackingSMTP, TrackingSMTPSSL

MESSAGES_PER_SESSION = 50  # some providers close a session after this many; stay under
IDLE_SECONDS = 20.0  # servers drop idle sessions (often after 30-300 s); reopen before
CHECK_AFTER_SECONDS = 2.0  # a session idle this long is asked (NOOP) if it is still open
_SCHEMES = ("mailto://", "mailtos://")
_TO = re.compile(r"[?&]to=([^&#]*)")


@dataclass(frozen=True)
class EmailRoute:
    """What Apprise made of one e-mail URL: where and how to send, and to whom."""

    host: str
    port: int
    secure: str  # Apprise's secure mode: "insecure", "starttls" or "ssl"
    user: str | None = field(repr=False)
    password: str | None = field(repr=False)  # a secret: never shown
    verify: bool
    timeout: float
    sender: tuple[str | bool, str]  # (name or False, address)
    targets: tuple[tuple[str | bool, str], ...]
    cc: tuple[str, ...]
    bcc: tuple[str, ...]
    reply_to: tuple[str, ...]
    names: tuple[tuple[str, str | bool], ...]
    headers: tuple[tuple[str, str], ...]
    html: bool  # False: the URL asked for plain text only
    app_id: str
    tz: tzinfo | None = None
    pgp: bool = False  # encrypted or signed: only Apprise's plugin sends those

    @property
    def session_key(self) -> tuple[Any, ...]:
        """Messages with the same key can share one session."""
        return (self.host, self.port, self.secure, self.user, self.password, self.verify)

    def describe(self) -> str:
        return f"{self.host}:{self.port}"


_routes: dict[str, EmailRoute | None] = {}  # per URL shape: one per channel template
_MAX_SHAPES = 256


def email_route(url: str) -> EmailRoute | None:
    """The route for an e-mail URL this module can send, or None (not e-mail, not valid,
    or it asks for what only Apprise's plugin does, such as PGP): Apprise sends those.

    Parsing a URL costs Apprise most of a millisecond; a run's URLs differ only in their
    ``to=`` value, so the parse is kept per URL shape and each URL's recipients are read
    from its own ``to=``, the way Apprise reads them (checked on first use of a shape).
    """
    if not url.startswith(_SCHEMES):
        return None
    found = list(_TO.finditer(url))
    shaped = len(found) == 1 and urlsplit(url).path in ("", "/")
    if not shaped:
        return _parse(url)
    value = found[0]
    shape = url[: value.start(1)] + "\0" + url[value.end(1) :]
    if shape in _routes:
        base = _routes[shape]
        if base is None:
            return _parse(url)
        targets = _targets(value.group(1))
        return _with_targets(base, targets) if targets else None
    route = _parse(url)
    if route is not None and len(_routes) < _MAX_SHAPES:
        # A shape whose recipients we do not read exactly as Apprise did is parsed whole.
        _routes[shape] = route if _targets(value.group(1)) == route.targets else None
    return route


def _targets(value: str) -> tuple[tuple[str | bool, str], ...]:
    parse: Any = importlib.import_module("apprise.utils.parse")  # untyped
    found: list[tuple[str | bool, str]] = []
    for recipient in parse.parse_emails(unquote_plus(value)):
        result = parse.is_email(recipient)
        if result:
            found.append((result["name"] or False, result["full_email"]))
    return tuple(found)


def _with_targets(base: EmailRoute, targets: tuple[tuple[str | bool, str], ...]) -> EmailRoute:
    names = dict(base.names)
    for name, address in targets:
        names.setdefault(address, name)
    return replace(base, targets=targets, names=tuple(names.items()))


def _parse(url: str) -> EmailRoute | None:
    route = server_route(url)
    if route is None or not route.targets or route.pgp:
        return None  # encryption is Apprise's plugin's business
    return route


def server_route(url: str) -> EmailRoute | None:
    """What Apprise makes of any e-mail URL (None: not e-mail, or not valid)."""
    import apprise
    from apprise.common import NotifyFormat

    plugin: Any = apprise.Apprise.instantiate(url, suppress_exceptions=True)
    if plugin is None or not getattr(plugin, "smtp_host", None):
        return None
    return EmailRoute(
        host=plugin.smtp_host,
        port=int(plugin.port),
        secure=str(plugin.secure_mode),
        user=plugin.user,
        password=plugin.password,
        verify=bool(plugin.verify_certificate),
        timeout=float(plugin.socket_connect_timeout or 15),
        sender=(plugin.from_addr[0], plugin.from_addr[1]),
        targets=tuple((name, address) for name, address in plugin.targets),
        cc=tuple(sorted(plugin.cc)),
        bcc=tuple(sorted(plugin.bcc)),
        reply_to=tuple(sorted(plugin.reply_to)),
        names=tuple(plugin.names.items()),
        headers=tuple(plugin.headers.items()),
        html=plugin.notify_format != NotifyFormat.TEXT,
        app_id=str(plugin.app_id),
        tz=plugin.tzinfo,
        pgp=str(getattr(plugin, "pgp_mode", "no")) != "no",
    )


def compose(
    route: EmailRoute,
    to: tuple[str | bool, str],
    subject: str,
    html: str,
    text: str | None,
    eight_bit: bool = False,
) -> bytes:
    """The message as it goes on the wire: the same headers as Apprise's plugin writes,
    ``multipart/alternative`` with UTF-8 parts (text only if the URL asks).

    With ``eight_bit`` (the server announced 8BITMIME) a part whose lines all fit SMTP's
    998 octets goes as it is: a third smaller than base64 and a tenth of the lines for
    the server to read. Otherwise, base64 as Apprise writes it.
    """
    names = dict(route.names)
    lines = [f"{key}: {_header(value)}" for key, value in route.headers]
    lines += [
        f"Subject: {_header(subject)}",
        f"From: {formataddr(route.sender, charset='utf-8')}",  # type: ignore[arg-type]
        f"To: {formataddr(to, charset='utf-8')}",  # type: ignore[arg-type]
        f"Message-ID: {make_msgid(domain=route.host)}",
        f"Date: {format_datetime(datetime.now(tz=route.tz))}",
        f"X-Application: {route.app_id}",
    ]
    if route.cc:
        cc = (formataddr((names.get(a, False), a), charset="utf-8") for a in route.cc)  # type: ignore[arg-type]
        lines.append(f"Cc: {','.join(cc)}")
    if route.reply_to:
        lines.append(f"Reply-To: {','.join(route.reply_to)}")
    lines.append("MIME-Version: 1.0")
    plain = text if text is not None else _text_of(html)
    if not route.html:
        part_head, body = _part("plain", plain, eight_bit)
        return ("\r\n".join(lines + part_head) + "\r\n\r\n").encode() + body
    boundary = f"===============dondoc{secrets.token_hex(8)}=="
    lines.append(f'Content-Type: multipart/alternative; boundary="{boundary}"')
    parts = [("\r\n".join(lines) + "\r\n\r\n").encode()]
    for subtype, content in (("plain", plain), ("html", html)):
        part_head, body = _part(subtype, content, eight_bit)
        parts.append(f"--{boundary}\r\n".encode())
        parts.append(("\r\n".join(part_head) + "\r\n\r\n").encode())
        parts.append(body)
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LONGEST_LINE = 998  # octets, RFC 5321 4.5.3.1.6


def _part(subtype: str, content: str, eight_bit: bool) -> tuple[list[str], bytes]:
    """A part's headers and body: 8bit when allowed and every line fits, else base64.

    The body ends with one line break more than its content: the line break before a
    MIME boundary belongs to the boundary, and the content's own last one is kept.
    """
    head = [f'Content-Type: text/{subtype}; charset="utf-8"']
    if eight_bit:
        raw = _LINE_BREAK.sub("\r\n", content).encode()
        if len(raw) <= _LONGEST_LINE or all(
            len(line) <= _LONGEST_LINE for line in raw.split(b"\r\n")
        ):
            return [*head, "Content-Transfer-Encoding: 8bit"], raw + b"\r\n"
    body = base64.encodebytes(content.encode()).replace(b"\n", b"\r\n")
    return [*head, "Content-Transfer-Encoding: base64"], body or b"\r\n"


_ENCODED_WORD_OCTETS = 45  # base64 of 45 octets is 60 characters: a word stays under 75


def _header(value: str) -> str:
    """A header value; non-ASCII as RFC 2047 base64 words, folded, split between characters."""
    if value.isascii():
        return Header(value).encode(linesep="\r\n")
    words: list[str] = []
    chunk = b""
    for char in value:
        octets = char.encode()
        if len(chunk) + len(octets) > _ENCODED_WORD_OCTETS:
            words.append(chunk.decode())
            chunk = b""
        chunk += octets
    words.append(chunk.decode())
    return "\r\n ".join(
        "=?utf-8?b?" + base64.b64encode(word.encode()).decode() + "?=" for word in words
    )


def _text_of(html: str) -> str:
    from apprise.common import NotifyFormat

    conversion: Any = importlib.import_module("apprise.conversion")  # untyped
    return str(conversion.convert_between(NotifyFormat.HTML, NotifyFormat.TEXT, html))


class SmtpFailure(Exception):
    """Why a message was not (surely) delivered. ``kind`` as ``zalo.Verdict``'s: "retry"
    (nothing arrived: try again now), "later" (refused with a 5xx: not again within this
    run; the ledger's back-off tries later runs, then the office is told), "ambiguous"
    (may have arrived: not again within this run)."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


def open_session(route: EmailRoute) -> smtplib.SMTP:
    """Connect, secure and log in, naming the step that failed (``SmtpFailure``, "retry")."""
    where = route.describe()
    context = _context(route.verify)
    try:
        if route.secure == "ssl":
            client: smtplib.SMTP = TrackingSMTPSSL(
                route.host, route.port, timeout=route.timeout, context=context
            )
        else:
            client = TrackingSMTP(route.host, route.port, timeout=route.timeout)
    except ssl.SSLError as error:
        raise SmtpFailure("retry", f"SMTP TLS failed ({where}: {error.reason or error})") from None
    except (OSError, smtplib.SMTPException) as error:
        raise SmtpFailure("retry", f"SMTP connection failed ({where}: {error})") from None
    try:
        # Say EHLO (HELO if the server knows no ESMTP) before anything else, and again
        # after STARTTLS, which forgets the greeting: ``mail()`` never says it, and only
        # ``login()`` would, so a relay that asks no login refused every message (503).
        # The answer also tells 8BITMIME and SIZE.
        client.ehlo_or_helo_if_needed()
        if route.secure == "starttls":
            client.starttls(context=context)
            client.ehlo_or_helo_if_needed()
        if route.user and route.password:
            client.login(route.user, route.password)
    except smtplib.SMTPAuthenticationError as error:
        close_session(client)
        raise SmtpFailure(
            "retry",
            f"SMTP authentication failed (user {route.user!r} on {where}: {error.smtp_code})",
        ) from None
    except ssl.SSLError as error:
        close_session(client)
        raise SmtpFailure("retry", f"SMTP TLS failed ({where}: {error.reason or error})") from None
    except (OSError, smtplib.SMTPException) as error:
        close_session(client)
        raise SmtpFailure("retry", f"SMTP connection failed ({where}: {error})") from None
    return client


_contexts: dict[bool, ssl.SSLContext] = {}


def _context(verify: bool) -> ssl.SSLContext:
    """One TLS context per verification setting: loading the CA store costs ~20 ms."""
    context = _contexts.get(verify)
    if context is None:
        context = ssl.create_default_context()
        if not verify:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        _contexts[verify] = context
    return context


def close_session(client: smtplib.SMTP) -> None:
    try:
        client.quit()
    except (OSError, smtplib.SMTPException):
        client.close()


@dataclass
class _Session:
    client: smtplib.SMTP
    sent: int = 0
    last_used: float = field(default_factory=time.monotonic)

    @property
    def eight_bit(self) -> bool:
        return bool(self.client.has_extn("8bitmime"))

    @property
    def size_limit(self) -> int | None:
        """The largest message the server said it takes (EHLO's SIZE), if it gave one."""
        value = self.client.esmtp_features.get("size", "").strip()
        return int(value) if value.isdigit() and int(value) > 0 else None


class Sessions:
    """Open sessions, by server and login: used by one thread at a time (``SessionPool``)."""

    def __init__(self) -> None:
        self._open: dict[tuple[Any, ...], _Session] = {}

    def send(self, route: EmailRoute, subject: str, html: str, text: str | None) -> None:
        """Send one message to each of the route's targets; raise ``SmtpFailure`` if not."""
        for target in route.targets:
            smtp_phase.reset()  # a failure below is ambiguous only if this message's data left
            session = self._begin(route)
            data = compose(route, target, subject, html, text, session.eight_bit)
            try:
                self._transmit(route, session, [target[1], *route.cc, *route.bcc], data)
            except (OSError, smtplib.SMTPException) as error:
                self.discard(route.session_key)
                if smtp_phase.data_unanswered():  # the data left: the server may have it
                    raise SmtpFailure(
                        "ambiguous", f"no reply after the message data ({error})"
                    ) from None
                raise SmtpFailure(
                    "retry", f"SMTP send failed ({route.describe()}: {error})"
                ) from None

    def _begin(self, route: EmailRoute) -> _Session:
        """A session ready for MAIL FROM: the kept one if the server still has it, else new."""
        key = route.session_key
        session = self._open.get(key)
        if session is not None and time.monotonic() - session.last_used > IDLE_SECONDS:
            self.discard(key)
            session = None
        if session is not None:
            if time.monotonic() - session.last_used < CHECK_AFTER_SECONDS:
                return session
            try:
                # A round trip, worth it after a pause: a session the server dropped
                # would otherwise cost this message a failed try.
                if session.client.noop()[0] == 250:
                    return session
            except (OSError, smtplib.SMTPException):
                pass
            self.discard(key)
        session = self._open[key] = _Session(open_session(route))
        return session

    def _transmit(
        self, route: EmailRoute, session: _Session, recipients: list[str], data: bytes
    ) -> None:
        client = session.client
        options = ["BODY=8BITMIME"] if session.eight_bit else []
        limit = session.size_limit
        if limit is not None and len(data) > limit:  # refused every time: say why, now
            raise SmtpFailure(
                "later", f"message of {len(data)} bytes over the server's limit ({limit})"
            )
        if client.has_extn("size"):
            options.append(f"SIZE={len(data)}")
        code, reply = client.mail(route.sender[1], options)
        if code != 250:  # the sender's own address: a setting to fix, not a lost message
            self._reset(route.session_key)
            raise SmtpFailure("retry", f"SMTP sender refused ({code} {_text(reply)})")
        refused: list[str] = []
        permanent = True
        for recipient in recipients:
            code, reply = client.rcpt(recipient)
            if code not in (250, 251):
                refused.append(f"{recipient}: {code} {_text(reply)}")
                permanent = permanent and 500 <= code < 600
        if len(refused) == len(recipients):  # as Apprise: sent if any recipient was taken
            self._reset(route.session_key)
            kind = "later" if permanent else "retry"
            raise SmtpFailure(kind, "SMTP recipient refused (" + "; ".join(refused) + ")")
        code, reply = client.data(data)
        if code != 250:
            self._reset(route.session_key)
            kind = "later" if 500 <= code < 600 else "retry"
            raise SmtpFailure(kind, f"SMTP message refused ({code} {_text(reply)})")
        session.sent += 1
        session.last_used = time.monotonic()
        if session.sent >= MESSAGES_PER_SESSION:
            self.discard(route.session_key)

    def _reset(self, key: tuple[Any, ...]) -> None:
        """After a refusal the session stays usable once reset; if it will not, drop it."""
        session = self._open.get(key)
        if session is None:
            return
        try:
            session.client.rset()
        except (OSError, smtplib.SMTPException):
            self.discard(key)

    def discard(self, key: tuple[Any, ...]) -> None:
        session = self._open.pop(key, None)
        if session is not None:
            close_session(session.client)

    def close(self) -> None:
        for key in list(self._open):
            self.discard(key)


def _text(reply: bytes) -> str:
    return reply.decode("utf-8", "replace").strip()


class SessionPool:
    """At most ``size`` kept-open sessions to each server, shared by the sending threads:
    a thread checks one out for a message and back in after it, so a few sessions carry
    a whole run back to back. Closed together when the sending ends."""

    def __init__(self, size: int = 4) -> None:
        self.size = max(1, size)
        self._free: list[Sessions] = []
        self._all: list[Sessions] = []
        self._cond = threading.Condition()

    @contextmanager
    def checkout(self) -> Iterator[Sessions]:
        with self._cond:
            self._cond.wait_for(lambda: bool(self._free) or len(self._all) < self.size)
            if self._free:
                sessions = self._free.pop()  # the last one used: its sessions are the freshest
            else:
                sessions = Sessions()
                self._all.append(sessions)
        try:
            yield sessions
        finally:
            with self._cond:
                self._free.append(sessions)
                self._cond.notify()

    def close(self) -> None:
        with self._cond:
            for sessions in self._all:
                sessions.close()
            self._all.clear()
            self._free.clear()
