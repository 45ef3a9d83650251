"""Texts of the directory, the duties grid and the task list's states and filters."""

from __future__ import annotations

from models.i18n import register

register(
    {
        "ContactChannel.email": {"vi": "Thư điện tử", "en": "E-mail"},
        "ContactChannel.telegram": {"vi": "Telegram", "en": "Telegram"},
        "ContactChannel.slack": {"vi": "Slack", "en": "Slack"},
        "ContactChannel.msteams": {"vi": "Microsoft Teams", "en": "Microsoft Teams"},
        "ContactChannel.google_chat": {"vi": "Google Chat", "en": "Google Chat"},
        "ContactChannel.mattermost": {"vi": "Mattermost", "en": "Mattermost"},
        "ContactChannel.zalo": {"vi": "Zalo", "en": "Zalo"},
        "ContactChannel.webhook": {"vi": "Webhook", "en": "Webhook"},
        "web.nav.directory": {"vi": "Danh bạ", "en": "Directory"},
        "web.dir.title": {"vi": "Danh bạ đơn vị và cán bộ", "en": "Units and people"},
        "web.dir.manager": {"vi": "Phụ trách", "en": "Manager"},
        "web.dir.people": {"vi": "Cán bộ", "en": "People"},
        "web.dir.none": {"vi": "Chưa có ai.", "en": "Nobody yet."},
        "web.dir.show_people": {"vi": "Xem {n} người", "en": "Show its {n} people"},
        "web.dir.hidden": {"vi": "(chỉ đơn vị và cấp trên xem)", "en": "(unit and above only)"},
        "web.dir.inactive": {"vi": "Ngừng hoạt động", "en": "Inactive"},
        "web.dir.add_person": {"vi": "Thêm cán bộ", "en": "Add a person"},
        "web.dir.edit_person": {"vi": "Sửa thông tin cán bộ", "en": "Edit a person"},
        "web.dir.add_unit": {"vi": "Thêm đơn vị", "en": "Add a unit"},
        "web.dir.edit_unit": {"vi": "Sửa đơn vị", "en": "Edit a unit"},
        "web.dir.edit": {"vi": "Sửa", "en": "Edit"},
        "web.dir.deactivate": {"vi": "Ngừng hoạt động", "en": "Deactivate"},
        "web.dir.code": {"vi": "Mã (tên đăng nhập)", "en": "Code (sign-in name)"},
        "web.dir.unit_code": {"vi": "Mã đơn vị", "en": "Unit code"},
        "web.dir.name": {"vi": "Họ và tên", "en": "Full name"},
        "web.dir.unit_name": {"vi": "Tên đơn vị", "en": "Unit name"},
        "web.dir.unit": {"vi": "Đơn vị", "en": "Unit"},
        "web.dir.parent": {"vi": "Trực thuộc", "en": "Parent unit"},
        "web.dir.kind": {"vi": "Loại đơn vị", "en": "Kind"},
        "web.dir.role": {"vi": "Vai trò", "en": "Role"},
        "web.dir.job": {"vi": "Chức vụ", "en": "Title"},
        "web.dir.language": {"vi": "Ngôn ngữ", "en": "Language"},
        "web.dir.email": {"vi": "Thư điện tử", "en": "E-mail"},
        "web.dir.telegram": {"vi": "Telegram (mã trò chuyện)", "en": "Telegram (chat id)"},
        "web.dir.save": {"vi": "Lưu", "en": "Save"},
        "web.dir.saved": {"vi": "Đã lưu.", "en": "Saved."},
        "web.dir.none_choice": {"vi": "— không —", "en": "— none —"},
        "error.code_taken": {
            "vi": "Mã «{code}» đã có; chọn mã khác hoặc sửa người/đơn vị đó.",
            "en": "Code «{code}» is taken; choose another or edit that one.",
        },
        "error.form_required": {"vi": "Cần nhập {what}.", "en": "{what} is required."},
        "web.dir.leave_title": {
            "vi": "Ngừng hoạt động: {name}",
            "en": "Deactivate: {name}",
        },
        "web.dir.leave_help": {
            "vi": "Các nhiệm vụ đang mở dưới đây cần người/đơn vị nhận lại trước khi ngừng"
            " hoạt động. Mọi thay đổi được ghi vào lịch sử nhiệm vụ.",
            "en": "The open tasks below need a successor before the person is deactivated."
            " Every change is recorded in the task's history.",
        },
        "web.dir.leave_none": {
            "vi": "Không còn nhiệm vụ đang mở.",
            "en": "No open tasks.",
        },
        "web.dir.leads": {"vi": "Chủ trì", "en": "Leads"},
        "web.dir.co_owns": {"vi": "Phối hợp", "en": "Co-owns"},
        "web.dir.successor": {"vi": "Người/đơn vị nhận lại", "en": "Successor"},
        "web.dir.people_shortened_unit": {
            "vi": "Danh bạ lớn: danh sách gồm người phụ trách các đơn vị và cán bộ của đơn vị"
            " này (thêm cán bộ vào đơn vị trước, rồi chọn ở đây).",
            "en": "A large directory: the list holds the units' managers and this unit's"
            " people (add a person to the unit first, then choose them here).",
        },
        "web.dir.people_shortened_leave": {
            "vi": "Danh bạ lớn: danh sách gồm người phụ trách các đơn vị và cán bộ cùng đơn"
            " vị; để giao cho người khác, chọn đơn vị của họ, rồi đổi người chủ trì ở trang"
            " nhiệm vụ.",
            "en": "A large directory: the list holds the units' managers and the person's"
            " unit; to hand a task to someone else, choose their unit, then change the lead"
            " on the task's page.",
        },
        "web.dir.choose": {"vi": "— chọn —", "en": "— choose —"},
        "web.dir.remove": {"vi": "— bỏ khỏi phối hợp —", "en": "— remove from co-owners —"},
        "web.dir.units_group": {"vi": "Đơn vị", "en": "Units"},
        "web.dir.people_group": {"vi": "Cán bộ", "en": "People"},
        "web.dir.confirm_leave": {
            "vi": "Bàn giao và ngừng hoạt động",
            "en": "Hand over and deactivate",
        },
        "web.dir.left": {
            "vi": "Đã ngừng hoạt động {name}; bàn giao {n} nhiệm vụ.",
            "en": "{name} deactivated; {n} tasks handed over.",
        },
        # Task list: the awaiting state, pick-list filters, counts as links
        "web.state.awaiting": {"vi": "Chờ xác nhận", "en": "Awaiting confirmation"},
        "web.filter.awaiting": {
            "vi": "Chỉ việc đã báo hoàn thành, chờ xác nhận",
            "en": "Only tasks reported done, awaiting confirmation",
        },
        "web.filter.any_unit": {"vi": "— mọi đơn vị —", "en": "— any unit —"},
        "web.filter.document_hint": {
            "vi": "Số hoặc tên văn bản",
            "en": "Document number or title",
        },
        "web.filter.view.overdue": {
            "vi": "Việc của tôi: quá hạn",
            "en": "My work: overdue",
        },
        "web.filter.view.soon": {
            "vi": "Việc của tôi: sắp đến hạn (30 ngày)",
            "en": "My work: due within 30 days",
        },
        "web.filter.period": {"vi": "Hạn trong kỳ {period}", "en": "Due in {period}"},
        "web.tasks.total": {"vi": "{n} nhiệm vụ", "en": "{n} tasks"},
        "web.home.all": {"vi": "Xem tất cả", "en": "See all"},
        "error.document_ambiguous": {
            "vi": "Có {n} văn bản khớp «{key}»; chọn một trong danh sách.",
            "en": "{n} documents match «{key}»; choose one from the list.",
        },
        "what.period": {"vi": "kỳ", "en": "period"},
        # Duties: one period at a time
        "web.duties.month": {
            "vi": "Báo cáo định kỳ tháng {month}",
            "en": "Reporting duties, {month}",
        },
        "web.duties.held_on": {"vi": "Ngày thực hiện", "en": "Date held"},
        "web.duties.prev": {"vi": "Tháng trước", "en": "Previous month"},
        "web.duties.next": {"vi": "Tháng sau", "en": "Next month"},
        "web.duties.actions": {"vi": "Ghi nhận", "en": "Record"},
    }
)
