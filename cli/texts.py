"""Texts of the command line, in the shared catalog (Vietnamese default, English on request).

The column names and day counts every door and document shares are in ``models.row_texts``.
"""

import models.row_texts  # noqa: F401  (the shared column names, for the command line's tables)
from models.i18n import register

register(
    {
        "cli.db_compacted": {
            "vi": "Đã dọn {rows} dòng nhật ký gửi đã xong (cũ hơn {days} ngày, về việc đã đóng).",
            "en": "Removed {rows} settled delivery-log rows "
            "(older than {days} days; closed items).",
        },
        "cli.db_upgraded": {
            "vi": "Cơ sở dữ liệu đã ở phiên bản mới nhất ({revision}).",
            "en": "The database is at the newest revision ({revision}).",
        },
        "cli.db_status": {
            "vi": "Cơ sở dữ liệu: {url}\nPhiên bản: {current} (mới nhất: {head})",
            "en": "Database: {url}\nRevision: {current} (newest: {head})",
        },
        "report.duties_title": {
            "vi": "Nghĩa vụ báo cáo, tính đến {day}",
            "en": "Reporting duties as of {day}",
        },
        "cli.saved": {"vi": "Đã lưu.", "en": "Saved."},
        "cli.task_created": {
            "vi": "Đã tạo nhiệm vụ #{id}: {title}",
            "en": "Created task #{id}: {title}",
        },
        "cli.progress_saved": {
            "vi": "Nhiệm vụ #{id}: tiến độ {percent}%.",
            "en": "Task #{id}: progress {percent}%.",
        },
        "cli.completed": {
            "vi": "Nhiệm vụ #{id} hoàn thành ngày {on}.",
            "en": "Task #{id} done on {on}.",
        },
        "cli.reopened": {"vi": "Đã mở lại nhiệm vụ #{id}.", "en": "Task #{id} reopened."},
        "cli.cancelled": {
            "vi": "Đã hủy nhiệm vụ #{id} từ ngày {on}.",
            "en": "Task #{id} cancelled as of {on}.",
        },
        "cli.restored": {"vi": "Đã khôi phục nhiệm vụ #{id}.", "en": "Task #{id} restored."},
        "cli.extended": {
            "vi": "Nhiệm vụ #{id} được gia hạn đến {to}.",
            "en": "Task #{id} extended to {to}.",
        },
        "cli.meeting_saved": {
            "vi": "Đã ghi cuộc họp #{id} «{title}» ngày {on}.",
            "en": "Recorded meeting #{id} «{title}» of {on}.",
        },
        "cli.document_saved": {
            "vi": "Đã ghi văn bản {number} của {body}.",
            "en": "Recorded document {number} of {body}.",
        },
        "error.cli_moment": {
            "vi": "«{value}» không phải thời điểm; ghi YYYY-MM-DDTHH:MM, vd 2024-03-22T07:30.",
            "en": "«{value}» is not a time; write YYYY-MM-DDTHH:MM, e.g. 2024-03-22T07:30.",
        },
        "error.bad_choice": {
            "vi": "«{value}» không hợp lệ cho {field}; chọn: {choices}.",
            "en": "«{value}» is not valid for {field}; choose: {choices}.",
        },
        "cli.written": {"vi": "Đã ghi {path}", "en": "Wrote {path}"},
        "cli.files_written": {"vi": "Đã ghi {n} tệp vào {path}", "en": "Wrote {n} files to {path}"},
        "cli.import_done": {
            "vi": "Đã nhập {file}: {summary}",
            "en": "Imported {file}: {summary}",
        },
        # Column headers
        "report.overdue_title": {
            "vi": "Nhiệm vụ quá hạn tính đến {day}: {shown}/{total}",
            "en": "Overdue tasks as of {day}: {shown} of {total}",
        },
        "report.due_soon_title": {
            "vi": "Nhiệm vụ sắp đến hạn tính từ {day}: {shown}/{total}",
            "en": "Tasks falling due from {day}: {shown} of {total}",
        },
        "report.units_title": {
            "vi": "Tình hình thực hiện theo đơn vị, kỳ {period}, tính đến {day}",
            "en": "Follow-up by unit, period {period}, as of {day}",
        },
    }
)
