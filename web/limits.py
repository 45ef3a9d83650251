"""Which web requests are limited, by what, and how many (the counting is
``models.rate_limits``, in the database: every process and host counts the same hits).

- Sign-in requests: per client address, and per person the identifier resolves to
  (however it is spelled: address in any case, or staff code), so neither many
  addresses nor many spellings get more links to one person. Text that resolves to
  nobody is limited under its hash, so an unknown address answers exactly as a known one.
- Token routes (``/login/{token}``, ``/a/``, ``/u/``, the calendar feed): every request
  per client, and refused tokens per client; past either, the token routes answer 429
  to that client until the window ends.
"""

from __future__ import annotations

import hashlib
import ipaddress

from fastapi import Request, Response
from sqlmodel import Session

from models.rate_limits import Limit, exceeded, hit, subject_of
from models.web_sessions import ADDRESS_LENGTH
from web.deps import db, message, state_of

SIGNIN_CLIENT = Limit("signin-client", 30, 900)
SIGNIN_PERSON = Limit("signin-person", 5, 900)
TOKEN_CLIENT = Limit("token-client", 300, 900)
TOKEN_REFUSED = Limit("token-refused", 20, 900)


def client_subject(request: Request) -> str:
    """The client's address; an IPv6 client by its /64, what one subscriber holds."""
    host = request.client.host if request.client else "?"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return subject_of("host", host[:ADDRESS_LENGTH])
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return subject_of("ip", str(address.ipv4_mapped))
        return subject_of("net", str(ipaddress.ip_network(f"{address}/64", strict=False)))
    return subject_of("ip", str(address))


def identifier_subject(person_id: int | None, normalised: str) -> str:
    """The sign-in limit's subject: the person, else the typed text's hash."""
    if person_id is not None:
        return f"person:{person_id}"
    return f"text:{hashlib.sha256(normalised.encode('utf-8', 'replace')).hexdigest()[:40]}"


def too_many(request: Request) -> Response:
    return message(request, None, "web.login.too_many", 429)


def token_route_refusal(request: Request) -> Response | None:
    """Count this request on a token route; the 429 page when the client is past a limit."""
    st = state_of(request)
    subject = client_subject(request)
    with db(request, records=True) as session:
        allowed = hit(session, TOKEN_CLIENT, subject, st.clock())
        allowed = allowed and not exceeded(session, TOKEN_REFUSED, subject, st.clock())
        session.commit()
    return None if allowed else too_many(request)


def count_refused_token(request: Request, session: Session) -> None:
    """A token that did not verify (forged, expired, spent, unknown): counted in the
    caller's transaction, which the caller commits."""
    hit(session, TOKEN_REFUSED, client_subject(request), state_of(request).clock())
