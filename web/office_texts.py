"""The tracking office's pages: meetings, documents, tasks typed in rows, and the office's
changes to a task (Vietnamese first, English on request)."""

from __future__ import annotations

from models.i18n import register

register(
    {
        "web.nav.office": {"vi": "Hội nghị / Văn bản", "en": "Meetings / Documents"},
        "MeetingKind.regular": {"vi": "Họp định kỳ", "en": "Regular meeting"},
        "MeetingKind.review_conference": {"vi": "Hội nghị tổng kết", "en": "Review conference"},
        "MeetingKind.extraordinary": {"vi": "Họp bất thường", "en": "Extraordinary meeting"},
        "MeetingKind.thematic": {"vi": "Sinh hoạt chuyên đề", "en": "Thematic meeting"},
        "MeetingKind.other": {"vi": "Khác", "en": "Other"},
        "AttendeeRole.chair": {"vi": "Chủ trì", "en": "Chair"},
        "AttendeeRole.speaker": {"vi": "Phát biểu", "en": "Speaker"},
        "AttendeeRole.attendee": {"vi": "Dự họp", "en": "Attendee"},
        "AttendeeRole.guest": {"vi": "Khách mời", "en": "Guest"},
        # Meetings
        "web.meetings.title": {"vi": "Hội nghị, cuộc họp", "en": "Meetings"},
        "web.meetings.new": {"vi": "Thêm cuộc họp", "en": "Add a meeting"},
        "web.meetings.edit": {"vi": "Sửa cuộc họp", "en": "Edit the meeting"},
        "web.meetings.year": {"vi": "Năm họp", "en": "Year held"},
        "web.meetings.year_hint": {"vi": "ví dụ 2024", "en": "e.g. 2024"},
        "web.meetings.year_error": {
            "vi": "Năm gồm 4 chữ số, ví dụ 2024; đang hiện mọi năm.",
            "en": "A year is 4 digits, e.g. 2024; showing every year.",
        },
        "web.meetings.none": {"vi": "Chưa có cuộc họp nào.", "en": "No meeting yet."},
        "web.meetings.documents": {"vi": "{n} văn bản", "en": "{n} document(s)"},
        "web.meeting.kind": {"vi": "Loại cuộc họp", "en": "Kind"},
        "web.meeting.held_on": {"vi": "Ngày họp", "en": "Held on"},
        "web.meeting.title": {"vi": "Tên cuộc họp", "en": "Title"},
        "web.meeting.place": {"vi": "Địa điểm", "en": "Place"},
        "web.meeting.unit": {"vi": "Cấp ủy, đơn vị tổ chức", "en": "Held by"},
        "web.meeting.chair": {"vi": "Chủ trì", "en": "Chair"},
        "web.meeting.attendees": {"vi": "Thành phần dự họp", "en": "Attendees"},
        "web.meeting.documents": {"vi": "Văn bản ban hành", "en": "Documents adopted"},
        "web.meeting.add_document": {"vi": "Thêm văn bản", "en": "Add a document"},
        # Documents
        "web.documents.new": {"vi": "Thêm văn bản", "en": "Add a document"},
        "web.documents.edit": {"vi": "Sửa văn bản", "en": "Edit the document"},
        "web.document.kind": {"vi": "Loại văn bản", "en": "Kind"},
        "web.document.number": {"vi": "Số, ký hiệu", "en": "Number"},
        "web.document.title": {"vi": "Trích yếu", "en": "Title"},
        "web.document.meeting": {"vi": "Cuộc họp", "en": "Meeting"},
        "web.document.add_tasks": {"vi": "Thêm nhiệm vụ", "en": "Add tasks"},
        "web.document.none": {"vi": "Chưa có văn bản nào.", "en": "No document yet."},
        "web.document.saved": {
            "vi": "Đã lưu văn bản. Nhập các nhiệm vụ của văn bản dưới đây.",
            "en": "Document saved. Enter its tasks below.",
        },
        # Tasks in rows
        "web.entry.title": {"vi": "Nhiệm vụ của {document}", "en": "Tasks of {document}"},
        "web.entry.help": {
            "vi": "Mỗi dòng một nhiệm vụ. Dòng để trống được bỏ qua. Nếu một dòng có lỗi, "
            "không nhiệm vụ nào được ghi; lỗi hiện ngay cạnh trường cần sửa.",
            "en": "One task a row; blank rows are skipped. If any row has a problem, no "
            "task is written; each problem is shown beside its field.",
        },
        "web.entry.row": {"vi": "Nhiệm vụ {n}", "en": "Task {n}"},
        "web.entry.ref": {"vi": "Số thứ tự", "en": "Number"},
        "web.entry.task_title": {"vi": "Nội dung nhiệm vụ", "en": "Task"},
        "web.entry.lead": {"vi": "Chủ trì (đơn vị hoặc người)", "en": "Lead (unit or person)"},
        "web.entry.lead_hint": {
            "vi": "Gõ vài chữ của tên để chọn.",
            "en": "Type part of a name to choose.",
        },
        "web.entry.co_owners": {"vi": "Phối hợp", "en": "Co-owners"},
        "web.entry.co_owners_hint": {
            "vi": "Chọn nhiều: giữ Ctrl (máy tính) hoặc chạm từng mục (điện thoại).",
            "en": "Several: hold Ctrl (computer) or tap each (phone).",
        },
        "web.entry.units": {"vi": "Đơn vị", "en": "Units"},
        "web.entry.people": {"vi": "Cá nhân", "en": "People"},
        "web.entry.deadline": {"vi": "Thời hạn", "en": "Deadline"},
        "web.entry.due_kind": {"vi": "Cách ghi thời hạn", "en": "Deadline given as"},
        "web.entry.kind.date": {"vi": "Một ngày cụ thể", "en": "A date"},
        "web.entry.kind.relative": {
            "vi": "Sau N ngày (làm việc) kể từ ngày ban hành",
            "en": "N (working) days after issue",
        },
        "web.entry.kind.period": {
            "vi": "Cuối tháng / quý / 6 tháng / năm",
            "en": "End of a month / quarter / half / year",
        },
        "web.entry.kind.standing": {
            "vi": "Thường xuyên (không có hạn)",
            "en": "Standing (no deadline)",
        },
        "web.entry.due_on": {"vi": "Ngày", "en": "Date"},
        "web.entry.due_in": {"vi": "Số ngày", "en": "Days"},
        "web.entry.due_in_hint": {
            "vi": "Ví dụ: +10 ngày làm việc, +30 ngày",
            "en": "For example: +10 working days, +30 days",
        },
        "web.entry.due_period": {"vi": "Kỳ", "en": "Period"},
        "web.entry.choose": {"vi": "— chọn —", "en": "— choose —"},
        "web.entry.add_row": {"vi": "Thêm dòng", "en": "Add a row"},
        "web.entry.save": {"vi": "Lưu các nhiệm vụ", "en": "Save the tasks"},
        "web.entry.refused": {
            "vi": "Chưa ghi gì: {n} lỗi cần sửa (xem cạnh từng trường).",
            "en": "Nothing written: {n} problem(s) to fix (see beside each field).",
        },
        "web.entry.saved": {"vi": "Đã giao {n} nhiệm vụ.", "en": "{n} task(s) assigned."},
        "web.entry.choose_document": {
            "vi": "Chọn văn bản để thêm nhiệm vụ",
            "en": "Choose the document to add tasks to",
        },
        # The office's changes to a task
        "web.office.title": {
            "vi": "Văn phòng: điều chỉnh nhiệm vụ",
            "en": "Office: change the task",
        },
        "web.office.edit": {
            "vi": "Sửa nội dung, thời hạn, phối hợp",
            "en": "Edit title, deadline, co-owners",
        },
        "web.office.deadline_hint": {
            "vi": "Sửa thời hạn ghi sai (không phải gia hạn). Để trống: nhiệm vụ thường xuyên.",
            "en": "Correct a mistyped deadline (not an extension). Blank: a standing task.",
        },
        "web.office.lead": {"vi": "Giao lại cho đơn vị/người khác", "en": "Reassign the lead"},
        "web.office.new_lead": {"vi": "Chủ trì mới", "en": "New lead"},
        "web.office.cancel": {"vi": "Hủy nhiệm vụ", "en": "Cancel the task"},
        "web.office.restore": {
            "vi": "Khôi phục nhiệm vụ đã hủy",
            "en": "Restore the cancelled task",
        },
        "web.office.reopen": {
            "vi": "Mở lại nhiệm vụ đã hoàn thành",
            "en": "Reopen the completed task",
        },
        "web.office.decided_on": {"vi": "Ngày quyết định", "en": "Date decided"},
        "web.office.decided_hint": {
            "vi": "Để trống nếu là hôm nay; ví dụ ngày cuộc họp đã quyết định.",
            "en": "Leave empty for today; e.g. the day of the meeting that decided it.",
        },
        "web.office.reason": {"vi": "Lý do (bắt buộc)", "en": "Reason (required)"},
        "web.office.unchanged": {"vi": "Không có gì thay đổi.", "en": "Nothing changed."},
    }
)
