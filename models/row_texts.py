"""Words for the columns of a task or unit row and for day counts, in the shared catalog:
the command line's tables, the web's lists, the spreadsheets, the Word report and the
messages all name a column the same way (Vietnamese default, English on request)."""

from models.i18n import register

register(
    {
        "col.duty": {"vi": "Nghĩa vụ", "en": "Duty"},
        "col.period": {"vi": "Kỳ", "en": "Period"},
        "col.due": {"vi": "Hạn nộp", "en": "Due"},
        "col.submitted": {"vi": "Ngày nộp", "en": "Submitted"},
        "col.compliance": {"vi": "Tỷ lệ nộp đúng hạn", "en": "On-time rate"},
        "col.id": {"vi": "Mã", "en": "ID"},
        "col.document": {"vi": "Văn bản", "en": "Document"},
        "col.title": {"vi": "Nhiệm vụ", "en": "Task"},
        "col.lead": {"vi": "Chủ trì", "en": "Lead"},
        "col.co_owners": {"vi": "Phối hợp", "en": "Co-owners"},
        "col.deadline": {"vi": "Thời hạn", "en": "Deadline"},
        "col.original_deadline": {"vi": "Thời hạn ban đầu", "en": "Original deadline"},
        "col.status": {"vi": "Tình trạng", "en": "Status"},
        "col.history": {"vi": "Lịch sử", "en": "History"},
        "col.when": {"vi": "Thời điểm", "en": "When"},
        "col.who": {"vi": "Người thực hiện", "en": "Who"},
        "col.what": {"vi": "Nội dung", "en": "What"},
        "col.note": {"vi": "Ghi chú", "en": "Note"},
        "col.days": {"vi": "Số ngày", "en": "Days"},
        "col.progress": {"vi": "Tiến độ", "en": "Progress"},
        "col.unit": {"vi": "Đơn vị", "en": "Unit"},
        "col.name": {"vi": "Tên", "en": "Name"},
        "col.total": {"vi": "Tổng", "en": "Total"},
        "col.on_time_rate": {"vi": "Tỷ lệ đúng hạn", "en": "On-time rate"},
        "col.overdue_share": {"vi": "Tỷ lệ quá hạn", "en": "Overdue share"},
        "days_overdue": {"vi": "Quá hạn {n} ngày", "en": "Overdue by {n} days"},
        "no_changes": {"vi": "không có thay đổi", "en": "no changes"},
        "days_left": {"vi": "còn {n} ngày", "en": "{n} days left"},
        "due_today": {"vi": "hết hạn hôm nay", "en": "due today"},
    }
)
