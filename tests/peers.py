"""Real peers on loopback: an SMTP server set up each way offices run mail (a relay that
asks no login, STARTTLS without a login, a login), an HTTP webhook receiver, and a
receiver speaking the Zalo Official Account API's request and response shapes (Zalo's
own servers cannot be reached from here).

Every SMTP peer keeps aiosmtpd's default HELO rule, as Postfix with
``smtpd_helo_required``, Exchange and the large providers do: MAIL before EHLO/HELO is
refused with 503.
"""

from __future__ import annotations

import email
import email.policy
import json
import socket
import ssl
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

SMTP_USER = "dondoc"
SMTP_PASSWORD = "Sm7p-Pa55w0rd-do-not-leak"
WEBHOOK_TOKEN = "Hook-T0ken-9f8e7d6c5b4a-do-not-leak"
ZALO_TOKEN = "Zalo-OA-Acc3ss_T0ken.9f8e7d6c5b4a-do-not-leak"
ZALO_APP_ID = "4321098765432109876"
ZALO_APP_SECRET = "Zalo-App-S3cret-do-not-leak"
ZALO_REFRESH = "Zalo-Refresh-T0ken-0-do-not-leak"


@contextmanager
def closed_port() -> Iterator[int]:
    """A loopback port where nobody listens, for as long as the block runs: a socket is
    bound to it but never listens, so a connection is refused and no other process (nor
    the kernel, for an outgoing connection) can take the port meanwhile."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        yield int(holder.getsockname()[1])


def free_port() -> int:
    """A port free now, for a server in another process (``prefect server``, ``dondoc
    serve``) that cannot be handed a bound socket nor report the port it bound. Servers in
    this process bind port 0 and are asked for their port instead (never use this for
    them): between this call and the other process's bind, the port could be taken."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# The ways an office's mail server is reached: the relay on the office network that takes
# mail from the tracker's address without a login; the same with STARTTLS; a mailbox
# with a login (a provider's submission port, or an Exchange account).
SMTP_MODES = ("plain", "starttls", "login")


class _Controller(Controller):
    """aiosmtpd's controller on the port the system chose (bind to 0, then ask)."""

    def _trigger_server(self) -> None:
        server: Any = self.server  # bound by now: start() calls this once it listens
        self.port = server.sockets[0].getsockname()[1]
        super()._trigger_server()  # type: ignore[no-untyped-call]


@dataclass
class SmtpSink:
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    mode: str = "login"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 OK"

    def url(self) -> str:
        """The channel's Apprise URL for this peer, as an office would write it."""
        return smtp_url(self.port, self.mode)

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if m["To"] == address]

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()


def authenticate(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = auth_data.login == SMTP_USER.encode() and auth_data.password == SMTP_PASSWORD.encode()
    return AuthResult(success=ok, handled=False)  # a refusal answers 535, as real servers do


def smtp_url(port: int, mode: str = "login") -> str:
    """An Apprise e-mail URL for a peer on loopback, with ``{address}`` for the recipient."""
    tail = f"smtp=127.0.0.1&port={port}&from=dondoc@example.com&to={{address}}"
    if mode == "plain":  # the office relay: no login, no TLS
        return f"mailto://example.com?{tail}"
    if mode == "starttls":  # the relay's certificate is its own: not checked here
        return f"mailtos://example.com?{tail}&mode=starttls&verify=no"
    return f"mailto://{SMTP_USER}:{SMTP_PASSWORD}@example.com?{tail}"


_tls: ssl.SSLContext | None = None


def _tls_context() -> ssl.SSLContext:
    """A server context with a self-signed certificate for 127.0.0.1, made once."""
    global _tls
    if _tls is None:
        import datetime
        import tempfile

        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID

        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
        now = datetime.datetime.now(datetime.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .sign(key, hashes.SHA256())
        )
        with tempfile.TemporaryDirectory() as folder:
            cert_path, key_path = f"{folder}/cert.pem", f"{folder}/key.pem"
            with open(cert_path, "wb") as out:
                out.write(cert.public_bytes(serialization.Encoding.PEM))
            with open(key_path, "wb") as out:
                out.write(
                    key.private_bytes(
                        serialization.Encoding.PEM,
                        serialization.PrivateFormat.PKCS8,
                        serialization.NoEncryption(),
                    )
                )
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(cert_path, key_path)
        _tls = context
    return _tls


@contextmanager
def serving_smtp(handler: Any, port: int = 0, mode: str = "login", **extra: Any) -> Iterator[int]:
    """A real SMTP server on loopback set up as ``mode`` (see ``SMTP_MODES``), its events
    handled by ``handler``; aiosmtpd's default HELO rule in every mode. ``extra`` goes to
    aiosmtpd (``data_size_limit``, announced as SIZE). Yields its port (0: one the system
    chooses, taken when the server binds it)."""
    options: dict[str, Any] = dict(extra)
    if mode == "login":
        options.update(authenticator=authenticate, auth_require_tls=False)
    elif mode == "starttls":  # the relay insists on TLS before it takes mail
        options.update(tls_context=_tls_context(), require_starttls=True)
    controller = _Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        ready_timeout=30,  # a busy machine may take a while to start it
        **options,
    )
    controller.start()
    try:
        yield int(controller.port)
    finally:
        controller.stop()


@contextmanager
def smtp_server(port: int = 0, mode: str = "login") -> Iterator[SmtpSink]:
    sink = SmtpSink(port, mode=mode)
    with serving_smtp(sink, port, mode) as sink.port:
        yield sink


@dataclass
class WebhookSink:
    port: int
    posts: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self) -> str:
        # The token travels as a header; Apprise's privacy mode does not mask it.
        return f"json://127.0.0.1:{self.port}/hook/{{address}}?+X-Token={WEBHOOK_TOKEN}"

    def to(self, address: str) -> list[dict[str, Any]]:
        with self.lock:
            return [p for p in self.posts if p["path"] == f"/hook/{address}"]

    def clear(self) -> None:
        with self.lock:
            self.posts.clear()


@contextmanager
def webhook_server() -> Iterator[WebhookSink]:
    sink = WebhookSink(0)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            with sink.lock:
                sink.posts.append({"path": self.path, "token": self.headers.get("X-Token"), **body})
            self.send_response(200)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    sink.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield sink
    finally:
        server.shutdown()
        server.server_close()


# Answers a test can script (in order, one per request) instead of the normal one.
ZALO_FAILURES: dict[str, tuple[int, dict[str, Any]]] = {
    "invalid_token": (200, {"error": -216, "message": "Access token is invalid"}),
    "not_follower": (200, {"error": -213, "message": "User has not followed OA"}),
    "rate_limit": (200, {"error": -32, "message": "Exceed rate limit"}),
    "quota": (200, {"error": -211, "message": "Out of quota"}),
    "unknown": (200, {"error": -999, "message": "Something new"}),
    "http_500": (500, {"error": -1, "message": "Internal error"}),
}


@dataclass
class ZaloSink:
    """What the OA API checks and answers: the ``access_token`` header, the JSON shape,
    followers only, at most 2,000 characters; error codes on request."""

    port: int
    followers: set[str] | None = None  # None: every user id follows the OA
    messages: list[dict[str, str]] = field(default_factory=list)
    requests: int = 0
    script: list[str] = field(default_factory=list)  # ZALO_FAILURES keys, "slow" or "ok"
    release: threading.Event = field(default_factory=threading.Event)  # ends "slow" waits
    lock: threading.Lock = field(default_factory=threading.Lock)
    # OAuth: the access tokens the API accepts, and the one refresh token that works
    valid_tokens: set[str] = field(default_factory=lambda: {ZALO_TOKEN})
    refresh_token: str = ZALO_REFRESH
    refreshes: int = 0

    def api(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, rate: float = 0) -> str:
        """A channel template; rate 0 turns the plugin's throttle off for fast tests."""
        return f"zalo://{{address}}?token={ZALO_TOKEN}&rate={rate}"

    def to(self, user_id: str) -> list[str]:
        with self.lock:
            return [m["text"] for m in self.messages if m["user_id"] == user_id]

    def fail_next(self, *answers: str) -> None:
        with self.lock:
            self.script.extend(answers)

    def store_url(self, rate: float = 0) -> str:
        """A channel template whose tokens live in DONDOC_HOME and are refreshed."""
        return f"zalo://{{address}}?app={ZALO_APP_ID}&secret={ZALO_APP_SECRET}&rate={rate}"

    def expire_tokens(self) -> None:
        with self.lock:
            self.valid_tokens.clear()

    def refresh(self, secret: str | None, form: dict[str, str]) -> dict[str, Any]:
        """Zalo's ``/v4/oa/access_token``: a new pair; the refresh token is single use."""
        with self.lock:
            if (
                secret != ZALO_APP_SECRET
                or form.get("app_id") != ZALO_APP_ID
                or form.get("grant_type") != "refresh_token"
                or form.get("refresh_token") != self.refresh_token
            ):
                return {
                    "error": -14014,
                    "error_name": "Invalid refresh token",
                    "error_description": "Refresh token is invalid or has been used",
                }
            self.refreshes += 1
            access = f"Zalo-OA-Acc3ss-r{self.refreshes}-do-not-leak"
            self.refresh_token = f"Zalo-Refresh-T0ken-{self.refreshes}-do-not-leak"
            self.valid_tokens = {access}
            return {
                "access_token": access,
                "refresh_token": self.refresh_token,
                "expires_in": "90000",
            }

    def answer(self, token: str | None, body: bytes) -> tuple[int, dict[str, Any], bool]:
        """(HTTP status, JSON answer, wait for ``release`` first)."""
        if token not in self.valid_tokens:
            return 200, {"error": -216, "message": "Access token is invalid"}, False
        try:
            payload = json.loads(body)
            user_id = payload["recipient"]["user_id"]
            text = payload["message"]["text"]
        except (ValueError, KeyError, TypeError):
            return 200, {"error": -201, "message": "Parameters are invalid"}, False
        if not isinstance(user_id, str) or not isinstance(text, str) or not text:
            return 200, {"error": -201, "message": "Parameters are invalid"}, False
        if len(text.encode("utf-16-le")) // 2 > 2000:
            return 200, {"error": -201, "message": "Text is over 2000 characters"}, False
        with self.lock:
            self.requests += 1
            scripted = self.script.pop(0) if self.script else None
            if scripted in ZALO_FAILURES:
                status, reply = ZALO_FAILURES[scripted]
                return status, reply, False
            if self.followers is not None and user_id not in self.followers:
                return 200, ZALO_FAILURES["not_follower"][1], False
            message_id = f"{len(self.messages) + 1:032x}"
            self.messages.append({"user_id": user_id, "text": text, "message_id": message_id})
        data = {"message_id": message_id, "user_id": user_id}
        return 200, {"error": 0, "message": "Success", "data": data}, scripted == "slow"


@contextmanager
def zalo_server() -> Iterator[ZaloSink]:
    sink = ZaloSink(0)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if self.path == "/v4/oa/access_token":
                form = dict(urllib.parse.parse_qsl(body.decode()))
                status, reply, slow = 200, sink.refresh(self.headers.get("secret_key"), form), False
            elif self.path != "/v3.0/oa/message/cs":
                status, reply, slow = 404, {"error": 404, "message": "Not found"}, False
            else:
                status, reply, slow = sink.answer(self.headers.get("access_token"), body)
            if slow:
                sink.release.wait(60)  # the client has given up long before
            data = json.dumps(reply).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # a client that gave up waiting

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    sink.port = int(server.server_address[1])
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield sink
    finally:
        sink.release.set()
        server.shutdown()
        server.server_close()


def body_of(message: EmailMessage, kind: str = "plain") -> str:
    part = message.get_body((kind,))
    assert part is not None, f"no {kind} part"
    return str(part.get_content())
