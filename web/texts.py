"""The web application's own texts (Vietnamese first, English on request)."""

from __future__ import annotations

import models.row_texts  # noqa: F401  (column and day-count texts shared with every door)
from models.i18n import register

register(
    {
        "web.app": {"vi": "Theo dõi thực hiện nghị quyết", "en": "Resolution follow-up"},
        "web.nav.label": {"vi": "Điều hướng chính", "en": "Main navigation"},
        "web.nav.pages": {"vi": "Các trang kết quả", "en": "Result pages"},
        "web.nav.home": {"vi": "Việc của tôi", "en": "My work"},
        "web.nav.tasks": {"vi": "Nhiệm vụ", "en": "Tasks"},
        "web.nav.duties": {"vi": "Báo cáo định kỳ", "en": "Reporting duties"},
        "web.nav.me": {"vi": "Tài khoản", "en": "Account"},
        "web.nav.me_page": {"vi": "Thông tin tài khoản", "en": "My account"},
        "web.nav.files": {"vi": "Văn phòng", "en": "Office"},
        "web.nav.logout": {"vi": "Đăng xuất", "en": "Sign out"},
        "web.date.placeholder": {"vi": "dd/mm/yyyy", "en": "dd/mm/yyyy"},
        "web.date.title": {
            "vi": "Ngày, tháng, năm: ví dụ 30/06/2026",
            "en": "Day, month, year: for example 30/06/2026",
        },
        "web.role.member": {"vi": "Đảng viên", "en": "Member"},
        "web.role.manager": {"vi": "Lãnh đạo đơn vị", "en": "Unit manager"},
        "web.role.office": {"vi": "Văn phòng theo dõi", "en": "Tracking office"},
        "web.role.admin": {"vi": "Quản trị", "en": "Administrator"},
        # Sign-in
        "web.login.title": {"vi": "Đăng nhập", "en": "Sign in"},
        "web.login.help": {
            "vi": "Nhập địa chỉ thư điện tử (hoặc mã cán bộ). Hệ thống sẽ gửi "
            "một đường dẫn đăng nhập dùng một lần.",
            "en": "Enter your e-mail address (or staff code). We will send you a "
            "one-time sign-in link.",
        },
        "web.login.identifier": {"vi": "Thư điện tử hoặc mã", "en": "E-mail or code"},
        "web.login.send": {"vi": "Gửi đường dẫn đăng nhập", "en": "Send me a sign-in link"},
        "web.login.sent": {
            "vi": "Nếu địa chỉ này có trong danh bạ, một đường dẫn đăng nhập đã được gửi "
            "tới hộp thư. Đường dẫn dùng được một lần trong 15 phút.",
            "en": "If this address is in the directory, a sign-in link is on its way. "
            "It works once, within 15 minutes.",
        },
        "web.login.too_many": {
            "vi": "Quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.",
            "en": "Too many requests. Please try again in a few minutes.",
        },
        "web.login.confirm": {
            "vi": "Bấm nút dưới đây để đăng nhập.",
            "en": "Press the button below to sign in.",
        },
        "web.login.bad_link": {
            "vi": "Đường dẫn không hợp lệ, đã hết hạn hoặc đã được dùng. "
            "Hãy yêu cầu một đường dẫn mới.",
            "en": "This link is invalid, expired or already used. Ask for a new one.",
        },
        "web.csrf": {
            "vi": "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Hãy tải lại trang.",
            "en": "Your session expired or the form is invalid. Reload the page.",
        },
        "web.not_found": {
            "vi": "Không tìm thấy trang, hoặc đồng chí không có quyền xem.",
            "en": "Not found, or not yours to see.",
        },
        "web.back_home": {"vi": "Về trang chính", "en": "Back to my work"},
        # Home
        "web.home.title": {"vi": "Việc của tôi", "en": "My work"},
        "web.home.overdue": {"vi": "Quá hạn", "en": "Overdue"},
        "web.home.due_soon": {"vi": "Sắp đến hạn (30 ngày)", "en": "Due within 30 days"},
        "web.home.none": {"vi": "Không có việc nào.", "en": "Nothing here."},
        "web.home.waiting": {"vi": "Đề nghị chờ đồng chí duyệt", "en": "Waiting for your decision"},
        "web.home.units": {
            "vi": "Tình hình các đơn vị quý {quarter}/{year} (nhiệm vụ có hạn trong quý)",
            "en": "Units, Q{quarter} {year} (tasks due in the quarter)",
        },
        "web.home.hello": {"vi": "Xin chào đồng chí {name}", "en": "Hello, {name}"},
        # Task list
        "web.tasks.title": {"vi": "Danh sách nhiệm vụ", "en": "Tasks"},
        "web.filter.unit": {"vi": "Đơn vị (gồm cấp dưới)", "en": "Unit (with sub-units)"},
        "web.filter.person": {"vi": "Cán bộ", "en": "Person"},
        "web.filter.person_hint": {"vi": "Gõ tên để tìm", "en": "Type a name to search"},
        "web.filter.document": {"vi": "Văn bản", "en": "Document"},
        "web.filter.status": {"vi": "Tình trạng", "en": "Status"},
        "web.filter.as_of": {"vi": "Tính đến ngày", "en": "As of"},
        "web.filter.q": {"vi": "Tìm kiếm", "en": "Search"},
        "web.filter.apply": {"vi": "Lọc", "en": "Filter"},
        "web.export": {"vi": "Xuất {fmt}", "en": "Export {fmt}"},
        "web.page.prev": {"vi": "← Trang trước", "en": "← Previous"},
        "web.page.next": {"vi": "Trang sau →", "en": "Next →"},
        "web.page.n": {"vi": "Trang {n}", "en": "Page {n}"},
        # Task page
        "web.task.document": {"vi": "Văn bản", "en": "Document"},
        "web.task.deadline": {"vi": "Thời hạn hiện hành", "en": "Deadline in force"},
        "web.task.original": {"vi": "Thời hạn ban đầu", "en": "Original deadline"},
        "web.task.history": {"vi": "Quá trình thực hiện", "en": "History"},
        "web.task.requests": {"vi": "Đề nghị", "en": "Requests"},
        "web.task.actions": {"vi": "Cập nhật", "en": "Act on it"},
        "web.task.progress": {"vi": "Báo cáo tiến độ", "en": "Report progress"},
        "web.task.note": {"vi": "Ghi chú", "en": "Note"},
        "web.task.done": {"vi": "Báo cáo hoàn thành", "en": "Report it done"},
        "web.task.done_on": {"vi": "Ngày hoàn thành", "en": "Completed on"},
        "web.task.extend": {"vi": "Đề nghị gia hạn", "en": "Ask for an extension"},
        "web.task.new_due": {"vi": "Thời hạn đề nghị", "en": "New deadline"},
        "web.task.reason": {"vi": "Lý do", "en": "Reason"},
        "web.task.send": {"vi": "Gửi", "en": "Send"},
        "web.task.approve": {"vi": "Đồng ý", "en": "Approve"},
        "web.task.reject": {"vi": "Không đồng ý / trả lại", "en": "Refuse / send back"},
        "web.task.decision_note": {
            "vi": "Ý kiến (bắt buộc khi trả lại)",
            "en": "Comment (needed to refuse)",
        },
        "web.task.read_only": {
            "vi": "Đồng chí chỉ được xem nhiệm vụ này.",
            "en": "You can see this task but not change it.",
        },
        "web.task.closed": {"vi": "Nhiệm vụ đã kết thúc.", "en": "This task is closed."},
        "web.task.saved": {"vi": "Đã ghi nhận.", "en": "Saved."},
        "web.task.asked_by": {"vi": "Người đề nghị", "en": "Asked by"},
        "web.task.completion_note": {"vi": "Ghi chú hoàn thành", "en": "Completion note"},
        "web.task.none": {"vi": "Chưa có.", "en": "None yet."},
        "web.what": {"vi": "Nội dung", "en": "What"},
        # Documents, units, duties
        "web.document.issued": {"vi": "Ngày ban hành", "en": "Issued on"},
        "web.document.body": {"vi": "Cơ quan ban hành", "en": "Issued by"},
        "web.unit.manager": {"vi": "Người phụ trách", "en": "Manager"},
        "web.unit.subunits": {"vi": "Đơn vị trực thuộc", "en": "Sub-units"},
        "web.unit.tasks": {"vi": "Nhiệm vụ của đơn vị", "en": "The unit's tasks"},
        "web.unit.confirm": {
            "vi": "Báo cáo hoàn thành phải được lãnh đạo xác nhận",
            "en": "Reported completions need a manager's confirmation",
        },
        "web.save": {"vi": "Lưu", "en": "Save"},
        "web.duties.submit": {"vi": "Ghi nhận đã nộp", "en": "Record as submitted"},
        "web.duties.waive": {"vi": "Miễn nộp", "en": "Waive"},
        "web.duties.reference": {"vi": "Số/ký hiệu văn bản", "en": "Reference"},
        "web.duties.none": {"vi": "Không có nghĩa vụ nào.", "en": "No duties."},
        # Account
        "web.me.title": {"vi": "Tài khoản", "en": "Account"},
        "web.me.language": {"vi": "Ngôn ngữ", "en": "Language"},
        "web.me.calendar": {"vi": "Lịch thời hạn cá nhân", "en": "Personal deadline calendar"},
        "web.me.calendar_help": {
            "vi": "Thêm địa chỉ này vào ứng dụng lịch (Google Calendar, Outlook, điện thoại) "
            "để thấy thời hạn các việc của mình. Giữ bí mật địa chỉ này.",
            "en": "Subscribe to this address in a calendar app to see your deadlines. "
            "Keep it secret.",
        },
        "web.me.calendar_new": {"vi": "Tạo địa chỉ mới", "en": "Make a new address"},
        "web.me.calendar_revoke": {"vi": "Thu hồi địa chỉ", "en": "Revoke the address"},
        "web.me.calendar_active": {
            "vi": "Đang có một địa chỉ lịch. Tạo địa chỉ mới sẽ vô hiệu hóa địa chỉ cũ.",
            "en": "A calendar address is active. Making a new one disables the old one.",
        },
        "web.me.calendar_shown_once": {
            "vi": "Địa chỉ chỉ hiện một lần — hãy sao chép ngay:",
            "en": "Shown only once — copy it now:",
        },
        "web.me.role": {"vi": "Vai trò", "en": "Role"},
        # One-click
        "web.oneclick.done": {
            "vi": "Xác nhận nhiệm vụ này đã hoàn thành?",
            "en": "Confirm that this task is done?",
        },
        "web.oneclick.progress": {"vi": "Cập nhật tiến độ", "en": "Report progress"},
        "web.oneclick.extend": {"vi": "Đề nghị gia hạn", "en": "Ask for an extension"},
        "web.oneclick.confirm": {"vi": "Xác nhận", "en": "Confirm"},
        "web.oneclick.ok": {"vi": "Đã ghi nhận. Cảm ơn đồng chí.", "en": "Recorded. Thank you."},
        "web.oneclick.waiting_extension": {
            "vi": "Đã gửi đề nghị gia hạn, chờ lãnh đạo duyệt.",
            "en": "Your extension request waits for a manager's decision.",
        },
        "web.oneclick.waiting": {
            "vi": "Đã gửi báo cáo hoàn thành, chờ lãnh đạo xác nhận.",
            "en": "Your completion report waits for a manager's confirmation.",
        },
    }
)
