"""Telling the approver that a request waits for them: one e-mail when it is made,
through the configured e-mail channel, with the task page's address. From the next day
the morning digest reminds them until they decide (``planner.plan_request_reminders``);
both name the reason and the link in the same words (``render``'s texts)."""

from __future__ import annotations

from html import escape

from sqlmodel import Session, col, select

from models.i18n import format_date, register, t
from models.org import ContactChannel, ContactTarget, Person
from models.requests import RequestKind, TaskRequest
from models.tasks import Task
from notifications.config import NotifyConfig
from notifications.sender import Message, Outcome, send_all


def notify_approver(
    session: Session, config: NotifyConfig, request: TaskRequest, approver_id: int, page: str
) -> Outcome:
    approver = session.get(Person, approver_id)
    asker = session.get(Person, request.requested_by_id)
    task = session.get(Task, request.task_id)
    address = session.exec(
        select(ContactTarget.address)
        .where(
            ContactTarget.person_id == approver_id,
            ContactTarget.channel == ContactChannel.EMAIL,
            col(ContactTarget.active),
        )
        .order_by(col(ContactTarget.id))
    ).first()
    url = config.url_for("email", address) if address else None
    if approver is None or asker is None or task is None or url is None:
        return Outcome(False, "approver has no working e-mail channel", permanent=True)
    lang = approver.language
    if request.kind is RequestKind.EXTENSION:
        assert request.new_due_on is not None
        asked = t("ask.extension", lang, date=format_date(request.new_due_on))
    else:
        assert request.completed_on is not None
        asked = t("ask.completion", lang, date=format_date(request.completed_on))
    lines = [
        t("signin.greeting", lang, name=approver.full_name),
        t("ask.body", lang, who=asker.full_name, what=asked, task=f"#{task.id} «{task.title}»"),
    ]
    if request.note:
        lines.append(t("notify.request.note", lang, note=request.note))  # as in the digest
    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    body += f'<p><a href="{escape(page)}">{escape(t("notify.link.decide", lang))}</a></p>'
    message = Message(url, t("ask.subject", lang, task=task.id), body)
    (outcome,) = send_all(
        [message],
        concurrency=1,
        redactor=config.redactor(),
        retries=config.send_retries,
        backoff=config.retry_backoff_seconds,
    )
    return outcome


register(
    {
        "ask.subject": {
            "vi": "[Đôn đốc] Đề nghị chờ đồng chí duyệt (nhiệm vụ #{task})",
            "en": "[dondoc] A request waits for your decision (task #{task})",
        },
        "ask.body": {
            "vi": "Đồng chí {who} {what} cho nhiệm vụ {task}.",
            "en": "{who} {what} for task {task}.",
        },
        "ask.extension": {
            "vi": "đề nghị gia hạn đến {date}",
            "en": "asks for an extension to {date}",
        },
        "ask.completion": {
            "vi": "báo cáo đã hoàn thành ngày {date}",
            "en": "reports it done on {date}",
        },
    }
)
