"""Texts of the command line, in the shared catalog (Vietnamese default, English on request)."""

from models.i18n import register

register(
    {
        "cli.error": {"vi": "Lỗi", "en": "Error"},
        "cli.db_upgraded": {
            "vi": "Cơ sở dữ liệu đã ở phiên bản mới nhất ({revision}).",
            "en": "The database is at the newest revision ({revision}).",
        },
        "cli.db_status": {
            "vi": "Cơ sở dữ liệu: {url}\nPhiên bản: {current} (mới nhất: {head})",
            "en": "Database: {url}\nRevision: {current} (newest: {head})",
        },
        "error.not_found": {
            "vi": "Không tìm thấy {what} «{key}».",
            "en": "No {what} «{key}» found.",
        },
        "what.task": {"vi": "nhiệm vụ", "en": "task"},
        "what.unit": {"vi": "đơn vị", "en": "unit"},
        "what.person": {"vi": "người", "en": "person"},
        "what.owner": {"vi": "đơn vị hoặc người", "en": "unit or person"},
        "what.document": {"vi": "văn bản", "en": "document"},
        "what.meeting": {"vi": "cuộc họp", "en": "meeting"},
        "what.duty_instance": {
            "vi": "kỳ nghĩa vụ (mã / đơn vị / kỳ)",
            "en": "duty period (code / unit / period)",
        },
        "col.duty": {"vi": "Nghĩa vụ", "en": "Duty"},
        "col.period": {"vi": "Kỳ", "en": "Period"},
        "col.due": {"vi": "Hạn nộp", "en": "Due"},
        "col.submitted": {"vi": "Ngày nộp", "en": "Submitted"},
        "col.compliance": {"vi": "Tỷ lệ nộp đúng hạn", "en": "On-time rate"},
        "report.duties_title": {
            "vi": "Nghĩa vụ báo cáo, tính đến {day}",
            "en": "Reporting duties as of {day}",
        },
        "error.ambiguous_owner": {
            "vi": "«{key}» vừa là mã đơn vị vừa là mã người; ghi unit:{key} hoặc person:{key}.",
            "en": "«{key}» is both a unit and a person code; write unit:{key} or person:{key}.",
        },
        "cli.saved": {"vi": "Đã lưu.", "en": "Saved."},
        "cli.task_created": {
            "vi": "Đã tạo nhiệm vụ #{id}: {title}",
            "en": "Created task #{id}: {title}",
        },
        "cli.written": {"vi": "Đã ghi {path}", "en": "Wrote {path}"},
        "cli.no_rows": {"vi": "Không có nhiệm vụ nào.", "en": "No tasks."},
        "cli.import_done": {
            "vi": "Đã nhập {file}: {summary}",
            "en": "Imported {file}: {summary}",
        },
        # Column headers
        "col.id": {"vi": "Mã", "en": "ID"},
        "col.document": {"vi": "Văn bản", "en": "Document"},
        "col.title": {"vi": "Nhiệm vụ", "en": "Task"},
        "col.lead": {"vi": "Chủ trì", "en": "Lead"},
        "col.co_owners": {"vi": "Phối hợp", "en": "Co-owners"},
        "col.deadline": {"vi": "Thời hạn", "en": "Deadline"},
        "col.original_deadline": {"vi": "Thời hạn ban đầu", "en": "Original deadline"},
        "col.status": {"vi": "Tình trạng", "en": "Status"},
        "col.days": {"vi": "Số ngày", "en": "Days"},
        "col.progress": {"vi": "Tiến độ", "en": "Progress"},
        "col.unit": {"vi": "Đơn vị", "en": "Unit"},
        "col.name": {"vi": "Tên", "en": "Name"},
        "col.total": {"vi": "Tổng", "en": "Total"},
        "col.on_time_rate": {"vi": "Tỷ lệ đúng hạn", "en": "On-time rate"},
        "col.overdue_share": {"vi": "Tỷ lệ quá hạn", "en": "Overdue share"},
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
        "error.bad_period": {
            "vi": "Kỳ «{value}» không hợp lệ: dùng 2024, 2024-H1, 2024-Q1 hoặc 2024-03.",
            "en": "Period «{value}» is not valid: use 2024, 2024-H1, 2024-Q1 or 2024-03.",
        },
        "error.bad_kind": {
            "vi": "Loại văn bản «{value}» không hợp lệ; chọn: {choices}.",
            "en": "Document kind «{value}» is not valid; choose: {choices}.",
        },
        "days_overdue": {"vi": "Quá hạn {n} ngày", "en": "Overdue by {n} days"},
        "no_changes": {"vi": "không có thay đổi", "en": "no changes"},
        "days_left": {"vi": "còn {n} ngày", "en": "{n} days left"},
        "due_today": {"vi": "hết hạn hôm nay", "en": "due today"},
    }
)
