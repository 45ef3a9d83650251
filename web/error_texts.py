"""The error pages' texts and the sign-in confirmation's (Vietnamese first, English on
request)."""

from __future__ import annotations

from models.i18n import register

register(
    {
        "web.error.bad_request": {
            "vi": "Địa chỉ không hợp lệ (một số hoặc tham số nằm ngoài phạm vi cho phép).",
            "en": "This address is not valid (a number or parameter is out of range).",
        },
        "web.error.method": {
            "vi": "Trang này không nhận loại yêu cầu đó.",
            "en": "This page does not accept that kind of request.",
        },
        "web.error.form": {
            "vi": "Biểu mẫu gửi lên không hợp lệ. Hãy tải lại trang và thử lại.",
            "en": "The form sent is not valid. Reload the page and try again.",
        },
        "web.error.server": {
            "vi": "Đã có lỗi ở máy chủ; việc của đồng chí chưa được ghi nhận. "
            "Hãy thử lại sau ít phút, hoặc báo cho văn phòng.",
            "en": "Something failed on the server; nothing was saved. "
            "Try again in a few minutes, or tell the office.",
        },
        "web.error.generic": {
            "vi": "Không thực hiện được yêu cầu.",
            "en": "The request could not be served.",
        },
        "web.error.host": {
            "vi": "Địa chỉ máy chủ không đúng. Hãy mở trang từ đường dẫn chính thức.",
            "en": "Wrong server address. Open the site from its official address.",
        },
        "web.login.confirm_as": {
            "vi": "Đường dẫn này đăng nhập vào tài khoản của đồng chí {name} ({code}). "
            "Nếu đó không phải đồng chí, đừng bấm nút: hãy đóng trang này.",
            "en": "This link signs in as {name} ({code}). If that is not you, do not press "
            "the button: close this page.",
        },
    }
)
