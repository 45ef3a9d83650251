"""Run a command on a real pseudo-terminal of a chosen width, as a person at a terminal would.

Rich lays out for a terminal only when its output is one; a pipe or a test runner's
stream gets whole lines instead. So what a person sees at 80 columns is only seen here.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import termios

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def run_in_terminal(argv: list[str], *, columns: int, timeout: float = 300) -> str:
    """The text a terminal ``columns`` wide shows for ``argv`` (colours removed)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["TERM"] = "xterm"
    child = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    chunks: list[bytes] = []
    try:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        child.wait(timeout=timeout)
    finally:
        os.close(master)
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, b"".join(chunks).decode("utf-8", "replace")
    text = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    return _ANSI.sub("", text)
