"""The web under a busy morning: members open their mail and work on their tasks.

Run by ``benchmarks.bench_load`` (which starts the server and gives each simulated person
a one-time sign-in link), not by hand. Each simulated person signs in once from their own
address (sent as ``X-Forwarded-For`` through the trusted proxy, as behind nginx), then
reads the home page, the task list and a task page, and now and then records progress.
A page that answers anything but 200 — a sign-in page because a session was not found
in another worker, a 429, a 5xx — counts as an error.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

PEOPLE: list[dict[str, Any]] = json.loads(Path(os.environ["DONDOC_LOAD_PEOPLE"]).read_text())
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
PROGRESS = re.compile(r'<span id="progress">(\d+)%</span>')
_turn = itertools.count()
THINK = tuple(float(s) for s in os.environ.get("DONDOC_LOAD_THINK", "5,25").split(","))


class Person(HttpUser):
    """One member (or, one in ten, a unit's manager) reading and acting on the tasks."""

    # Reading a page, typing a note: THINK seconds between clicks (default 5-25).
    wait_time = between(*THINK)

    def on_start(self) -> None:
        self.me = PEOPLE[next(_turn) % len(PEOPLE)]
        self.client.headers["X-Forwarded-For"] = self.me["address"]
        link = f"/login/{self.me['token']}"
        with self.client.get(link, name="/login/{token}", catch_response=True) as answer:
            found = CSRF.search(answer.text)
            if answer.status_code != 200 or found is None:
                answer.failure(f"sign-in page: {answer.status_code}")
                return
        with self.client.post(
            link, data={"csrf": found[1]}, name="/login/{token} POST", catch_response=True
        ) as answer:
            self._check(answer)

    def _check(self, answer: Any) -> None:
        if answer.status_code != 200:
            # Status 0: no answer at all; the client's own error says why.
            why = f": {answer.error!r}" if getattr(answer, "error", None) else ""
            answer.failure(f"status {answer.status_code}{why}")
        elif answer.url and "/login" in answer.url:
            answer.failure("signed out: the session was not found")

    def _page(self, path: str, name: str) -> str:
        with self.client.get(path, name=name, catch_response=True) as answer:
            self._check(answer)
            return str(answer.text)

    @task(3)
    def home(self) -> None:
        self._page("/", "/")

    @task(2)
    def task_list(self) -> None:
        self._page("/tasks", "/tasks")

    @task(3)
    def task_page(self) -> None:
        self._page(f"/tasks/{self.me['task']}", "/tasks/{id}")

    @task(1)
    def progress(self) -> None:
        page = self._page(f"/tasks/{self.me['task']}", "/tasks/{id}")
        csrf, now = CSRF.search(page), PROGRESS.search(page)
        if csrf is None or now is None:
            return  # already counted as a failure by _page, or no progress form
        value = min(99, int(now[1]) + 1)
        with self.client.post(
            f"/tasks/{self.me['task']}/progress",
            data={"csrf": csrf[1], "progress": str(value), "note": "Đang làm"},
            name="/tasks/{id}/progress POST",
            catch_response=True,
        ) as answer:
            self._check(answer)
