"""The web workers' listening socket, as TCP: without it every keep-alive answer of
``dondoc web --workers N`` waited ~40 ms.

For several workers uvicorn binds the listener itself (``Config.bind_socket``) with the
socket's ``proto`` left at 0, and accepted connections inherit it; asyncio sets
``TCP_NODELAY`` only on sockets that say ``IPPROTO_TCP``. So Nagle's algorithm stayed on:
an answer written in two parts (the headers, then the page) held its second part for the
client's delayed acknowledgement. Measured: the home page 54-60 ms on two workers against
13-18 ms on one, the server's own time 9-12 ms in both (uvicorn issue #3149, open in
0.54). One worker is unaffected: uvicorn gives asyncio a host and port, and asyncio's
listener says TCP.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


def as_tcp(sock: socket.socket) -> socket.socket:
    """The same descriptor, re-wrapped so that it says ``IPPROTO_TCP`` (an Internet
    stream socket; any other is returned as it is)."""
    internet = sock.family in (socket.AF_INET, socket.AF_INET6)
    if not internet or sock.type != socket.SOCK_STREAM or sock.proto == socket.IPPROTO_TCP:
        return sock
    return socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())


@contextmanager
def tcp_listeners() -> Iterator[None]:
    """While uvicorn runs: the sockets it binds for its workers come back as TCP."""
    from uvicorn.config import Config

    bind: Callable[[Any], socket.socket] = Config.bind_socket

    def bind_tcp(config: Any) -> socket.socket:
        return as_tcp(bind(config))

    Config.bind_socket = bind_tcp  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        Config.bind_socket = bind  # type: ignore[method-assign,assignment]
