"""Texts of the task page's evidence, discussion and delegation parts."""

from __future__ import annotations

from models.i18n import register

register(
    {
        "web.files.title": {"vi": "Hồ sơ, minh chứng", "en": "Files and evidence"},
        "web.files.none": {"vi": "Chưa có tệp nào.", "en": "No file yet."},
        "web.files.attach": {
            "vi": "Tệp minh chứng (PDF, Word, Excel, ảnh; tối đa {n} tệp, mỗi tệp {mb} MB)",
            "en": "Evidence files (PDF, Word, Excel, images; up to {n} files, {mb} MB each)",
        },
        "web.files.by": {"vi": "{who}, {when}", "en": "{who}, {when}"},
        "web.files.on_task": {"vi": "Nhiệm vụ", "en": "Task"},
        "web.files.on_report": {"vi": "Báo cáo", "en": "Report"},
        "web.files.on_request": {"vi": "Kèm đề nghị", "en": "With a request"},
        "web.files.carried": {
            "vi": "Tệp gửi kèm báo cáo hoàn thành:",
            "en": "Files sent with this report:",
        },
        "error.web_files_too_many": {
            "vi": "Tối đa {n} tệp mỗi lần gửi.",
            "en": "At most {n} files at a time.",
        },
        "web.files.body_too_big": {
            "vi": "Dữ liệu gửi lên quá lớn (tối đa {mb} MB mỗi tệp).",
            "en": "What was sent is too large (at most {mb} MB per file).",
        },
        "web.comments.title": {"vi": "Trao đổi", "en": "Discussion"},
        "web.comments.none": {"vi": "Chưa có ý kiến nào.", "en": "No comment yet."},
        "web.comments.body": {"vi": "Ý kiến của đồng chí", "en": "Your comment"},
        "web.comments.send": {"vi": "Gửi ý kiến", "en": "Send the comment"},
        "web.parts.title": {"vi": "Phần việc giao lại", "en": "Delegated parts"},
        "web.parts.none": {"vi": "Chưa giao lại phần việc nào.", "en": "No part delegated yet."},
        "web.parts.of": {"vi": "Là phần việc của nhiệm vụ", "en": "A part of task"},
        "web.parts.rule": {
            "vi": "Tiến độ nhiệm vụ chính là trung bình tiến độ các phần việc "
            "(phần đã hoàn thành tính 100%, phần đã hủy không tính).",
            "en": "The task's progress is the mean of its parts' progress "
            "(a part done counts 100 %, a cancelled one does not count).",
        },
        "web.parts.new": {"vi": "Giao lại một phần việc", "en": "Delegate a part"},
        "web.parts.what": {"vi": "Nội dung phần việc", "en": "What is to be done"},
        "web.parts.who": {"vi": "Giao cho đồng chí", "en": "Give it to"},
        "web.parts.due": {"vi": "Thời hạn (không sau {due})", "en": "Deadline (not after {due})"},
        "web.parts.due_any": {"vi": "Thời hạn", "en": "Deadline"},
        "web.parts.send": {"vi": "Giao việc", "en": "Delegate"},
        "web.parts.done": {
            "vi": "Đã giao phần việc #{task}; người nhận sẽ được báo.",
            "en": "Part #{task} delegated; the person will be told.",
        },
        "web.parts.pick": {"vi": "Chọn người", "en": "Choose a person"},
    }
)
