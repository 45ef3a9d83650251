"""Texts of the account's sessions and sign-in log (``/me``, ``/signins``)."""

from __future__ import annotations

from models.i18n import register

register(
    {
        "web.me.sessions": {"vi": "Phiên đăng nhập đang mở", "en": "Signed-in sessions"},
        "web.me.sessions_help": {
            "vi": "Mỗi trình duyệt đã đăng nhập là một phiên. Phiên tự kết thúc sau {idle} "
            "phút không dùng, và {hours} giờ sau khi đăng nhập. Thấy phiên lạ, hãy đăng "
            "xuất mọi nơi.",
            "en": "Each signed-in browser is a session. A session ends after {idle} minutes "
            "unused, and {hours} hours after sign-in. If you see one you do not know, sign "
            "out everywhere.",
        },
        "web.me.this_session": {"vi": "phiên này", "en": "this session"},
        "web.me.signout_everywhere": {"vi": "Đăng xuất mọi nơi", "en": "Sign out everywhere"},
        "web.me.signin_log": {"vi": "Nhật ký đăng nhập", "en": "Sign-in log"},
        "web.me.everyones_log": {
            "vi": "Nhật ký đăng nhập của mọi người",
            "en": "Everyone's sign-in log",
        },
        "web.session.started": {"vi": "Đăng nhập lúc", "en": "Signed in"},
        "web.session.last_seen": {"vi": "Dùng gần nhất", "en": "Last used"},
        "web.session.address": {"vi": "Địa chỉ", "en": "Address"},
        "web.session.browser": {"vi": "Trình duyệt", "en": "Browser"},
        "web.session.when": {"vi": "Thời điểm", "en": "When"},
        "web.session.event": {"vi": "Sự kiện", "en": "Event"},
        "web.session.person": {"vi": "Người", "en": "Person"},
        "web.signin.requested": {
            "vi": "Yêu cầu gửi đường dẫn đăng nhập",
            "en": "Sign-in link asked for",
        },
        "web.signin.limited": {
            "vi": "Yêu cầu đường dẫn bị từ chối (quá nhiều lần)",
            "en": "Sign-in link refused (too many requests)",
        },
        "web.signin.signed_in": {"vi": "Đăng nhập", "en": "Signed in"},
        "web.signin.signed_out": {"vi": "Đăng xuất", "en": "Signed out"},
        "web.signin.signed_out_all": {"vi": "Đăng xuất mọi nơi", "en": "Signed out everywhere"},
        "web.signin.none": {"vi": "Chưa có sự kiện nào.", "en": "Nothing yet."},
    }
)
