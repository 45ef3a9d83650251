"""The texts of the at-risk badge and the explanation panel (``web.risk_views``)."""

from __future__ import annotations

from models.i18n import register

register(
    {
        "web.risk.title": {
            "vi": "Cảnh báo, không thay đổi tình trạng chính thức",
            "en": "A warning; the official status is unchanged",
        },
        "error.explain_not_allowed": {
            "vi": "Chỉ lãnh đạo cấp trên của nhiệm vụ hoặc văn phòng theo dõi"
            " được yêu cầu giải trình.",
            "en": "Only a manager above the task or the tracking office"
            " may request an explanation.",
        },
        "error.explain_not_lead": {
            "vi": "Chỉ người chủ trì nhiệm vụ được trả lời yêu cầu giải trình.",
            "en": "Only the task's lead may answer an explanation request.",
        },
        "web.carry.docx": {"vi": "Tải về (DOCX)", "en": "Download (DOCX)"},
        "web.carry.count": {
            "vi": "Nhiệm vụ chuyển tiếp ({n})",
            "en": "Tasks carried over ({n})",
        },
        "web.carry.new_due": {
            "vi": "Thời hạn mới (nếu điều chỉnh)",
            "en": "New deadline (if changed)",
        },
        "error.carry_decision": {
            "vi": "Chọn quyết định của hội nghị.",
            "en": "Choose the meeting's decision.",
        },
        "web.explain.title": {"vi": "Giải trình", "en": "Written explanations"},
        "web.explain.asked": {
            "vi": "{who} yêu cầu giải trình ngày {day} (nhiệm vụ {reason}); hạn trả lời {due}",
            "en": "{who} asked for an explanation on {day} (task {reason}); due {due}",
        },
        "web.explain.answered": {
            "vi": "{who} đã giải trình ngày {day}:",
            "en": "{who} explained on {day}:",
        },
        "web.explain.waiting": {"vi": "Chưa trả lời", "en": "Not answered yet"},
        "web.explain.late": {"vi": "Quá hạn trả lời", "en": "Answer overdue"},
        "web.explain.ask": {"vi": "Yêu cầu giải trình", "en": "Request an explanation"},
        "web.explain.ask_help": {
            "vi": "Người chủ trì nhận yêu cầu, được nhắc đến khi trả lời; quá hạn"
            " 3 ngày thì báo lên lãnh đạo.",
            "en": "The lead is asked and reminded until they answer; three days past the"
            " due date, the managers above are told.",
        },
        "web.explain.due": {"vi": "Hạn trả lời", "en": "Answer due"},
        "web.explain.note": {"vi": "Nội dung yêu cầu", "en": "What to explain"},
        "web.explain.answer": {"vi": "Nội dung giải trình", "en": "Your explanation"},
        "web.explain.answer_help": {
            "vi": "Ghi nội dung giải trình; có thể đính kèm văn bản, bảng số liệu làm căn cứ.",
            "en": "Write your explanation; you may attach documents or tables as evidence.",
        },
        "web.explain.files_label": {"vi": "Kèm giải trình", "en": "With an explanation"},
        "web.explain.send": {"vi": "Gửi yêu cầu", "en": "Send the request"},
        "web.explain.send_answer": {"vi": "Gửi giải trình", "en": "Send the explanation"},
        "web.explain.sent": {
            "vi": "Đã gửi yêu cầu giải trình; người chủ trì sẽ được nhắc.",
            "en": "The request was sent; the lead will be reminded.",
        },
        "web.explain.thanks": {
            "vi": "Đã ghi nhận giải trình.",
            "en": "Your explanation was recorded.",
        },
    }
)
