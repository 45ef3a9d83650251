"""Benchmark: Zalo OA messages through the zalo:// plugin to the local OA API receiver.

Prints medians of messages per second and the ratio against the plain way (one
``requests.post`` after another with the same JSON and header):
- unthrottled (``rate=0``) with the sender's thread pool: the plugin's own cost;
- with the default throttle (5 messages/s per OA): what an office sees, bound by design.

    .venv/bin/python -m benchmarks.bench_zalo [--messages 300] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os

import requests

from benchmarks.bench_reminders import median_seconds
from notifications.channels.zalo import plugin as zalo
from notifications.config import NotifyConfig
from notifications.sender import Message, send_all
from tests.peers import ZALO_TOKEN, ZaloSink, zalo_server


def _messages(sink: ZaloSink, count: int, rate: float) -> list[Message]:
    config = NotifyConfig(channels={"zalo": sink.url(rate=rate)})
    urls = [config.url_for("zalo", str(10**15 + n)) for n in range(count)]
    return [
        Message(u, "Nhắc việc", f"<p>Việc {n}: hạn 15/03/2024</p>") for n, u in enumerate(urls) if u
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--throttled", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with zalo_server() as sink:
        os.environ[zalo.API_ENV] = sink.api()
        redactor = NotifyConfig(channels={"zalo": sink.url()}).redactor()
        fast = _messages(sink, args.messages, rate=0)

        def plain() -> None:
            with requests.Session() as session:
                for n in range(args.messages):
                    session.post(
                        sink.api() + zalo.SEND_PATH,
                        data=json.dumps(
                            {"recipient": {"user_id": str(10**15 + n)}, "message": {"text": "x"}}
                        ),
                        headers={"access_token": ZALO_TOKEN, "Content-Type": "application/json"},
                        timeout=10,
                    )

        t_plugin = median_seconds(
            lambda: send_all(fast, concurrency=16, redactor=redactor), args.repeat
        )
        t_plain = median_seconds(plain, args.repeat)
        print(
            f"zalo:// unthrottled, 16 threads: {args.messages / t_plugin:.0f} messages/s "
            f"(median of {args.repeat}); plain sequential requests.post "
            f"{args.messages / t_plain:.0f} messages/s; ratio {t_plain / t_plugin:.2f}x"
        )
        slow = _messages(sink, args.throttled, rate=zalo.DEFAULT_RATE)
        t_throttled = median_seconds(
            lambda: send_all(slow, concurrency=16, redactor=redactor), args.repeat
        )
        print(
            f"zalo:// default throttle ({zalo.DEFAULT_RATE:g}/s per OA), 16 threads: "
            f"{args.throttled / t_throttled:.1f} messages/s for {args.throttled} messages"
        )
        expected = args.messages * (2 * args.repeat) + args.throttled * args.repeat
        print(f"receiver took {len(sink.messages)} of {expected} messages (none lost)")


if __name__ == "__main__":
    main()
