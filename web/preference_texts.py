"""Texts of the notification settings page, the unsubscribe page and the snooze form."""

from __future__ import annotations

from models.i18n import register

register(
    {
        "web.nav.notifications": {"vi": "Cài đặt nhắc", "en": "Reminders"},
        "web.me.notifications": {"vi": "Cài đặt nhận nhắc việc", "en": "Notification settings"},
        "web.prefs.intro": {
            "vi": "Đồng chí chọn cách hệ thống nhắc việc cho mình. Nhắc việc đến hạn, quá hạn "
            "và nhắc cấp trên (khi việc quá hạn lâu) luôn được gửi, không tắt được.",
            "en": "Choose how the system reminds you. Deadline-day and overdue reminders, and "
            "escalations to managers, are always sent and cannot be turned off.",
        },
        "web.prefs.saved": {"vi": "Đã lưu cài đặt.", "en": "Settings saved."},
        "web.prefs.co_owned": {
            "vi": "Việc phối hợp (đồng chí không chủ trì)",
            "en": "Items you only co-own (you are not the lead)",
        },
        "web.prefs.daily": {"vi": "Nhắc hằng ngày như việc chủ trì", "en": "Daily, like led items"},
        "web.prefs.weekly": {
            "vi": "Chỉ nhắc mỗi tuần một lần (buổi nhắc đầu tiên của tuần, từ thứ Hai)",
            "en": "Once a week (the first run of the week, from Monday)",
        },
        "web.prefs.channels": {"vi": "Kênh nhận nhắc việc", "en": "Channels"},
        "web.prefs.channels_help": {
            "vi": "Kênh đầu tiên được chọn là kênh chính: nhắc trước hạn, việc phối hợp và "
            "bản tổng hợp tuần chỉ gửi qua kênh chính; nhắc đến hạn, quá hạn và nhắc cấp "
            "trên gửi qua mọi kênh được chọn. Phải giữ ít nhất một kênh. Kênh chưa được "
            "cấu hình để gửi sẽ được bỏ qua, chuyển sang kênh kế tiếp.",
            "en": "The first ticked channel is the primary one: before-deadline reminders, "
            "co-owned items and the weekly digest go there only; deadline-day, overdue and "
            "escalation messages go to every ticked channel. Keep at least one. A channel "
            "the system cannot send to yet is skipped for the next one.",
        },
        "web.prefs.channel.email": {"vi": "Thư điện tử", "en": "E-mail"},
        "web.prefs.channel.telegram": {"vi": "Telegram", "en": "Telegram"},
        "web.prefs.channel.slack": {"vi": "Slack", "en": "Slack"},
        "web.prefs.channel.msteams": {"vi": "Microsoft Teams", "en": "Microsoft Teams"},
        "web.prefs.channel.google_chat": {"vi": "Google Chat", "en": "Google Chat"},
        "web.prefs.channel.mattermost": {"vi": "Mattermost", "en": "Mattermost"},
        "web.prefs.channel.zalo": {"vi": "Zalo", "en": "Zalo"},
        "web.prefs.channel.webhook": {"vi": "Hệ thống khác", "en": "Other system"},
        "web.prefs.primary": {"vi": "kênh chính", "en": "primary"},
        "web.prefs.no_channels": {
            "vi": "Chưa có kênh liên lạc nào; đề nghị văn phòng bổ sung địa chỉ thư điện tử.",
            "en": "No contact channel yet; ask the office to add your e-mail address.",
        },
        "web.prefs.up": {"vi": "Lên", "en": "Up"},
        "web.prefs.down": {"vi": "Xuống", "en": "Down"},
        "web.prefs.use": {"vi": "Nhận qua kênh này", "en": "Use this channel"},
        "web.prefs.non_essential": {
            "vi": "Nhận cả tin không thiết yếu (nhắc trước hạn, việc phối hợp, tổng hợp tuần)",
            "en": "Also receive non-essential messages (before-deadline reminders, co-owned "
            "items, the weekly digest)",
        },
        "web.prefs.non_essential_off": {
            "vi": "Đồng chí đã tắt tin không thiết yếu từ {when}.",
            "en": "You turned non-essential messages off on {when}.",
        },
        "web.prefs.snoozes": {"vi": "Việc đang tạm hoãn nhắc", "en": "Snoozed tasks"},
        "web.prefs.snoozes_help": {
            "vi": "Tạm hoãn chỉ dừng nhắc gửi cho chính đồng chí đến ngày đã chọn; cấp trên "
            "vẫn được nhắc khi việc quá hạn lâu. Đến ngày đó, hệ thống gửi lại lời nhắc "
            "đúng với tình trạng lúc ấy. Khi hạn của việc được gia hạn, việc tạm hoãn tự "
            "kết thúc. Tạm hoãn từ trang của từng nhiệm vụ.",
            "en": "A snooze stops only your own reminders until the chosen date; managers "
            "are still told when the task is long overdue. On that date you get the "
            "reminder current then. Extending the task's deadline ends the snooze. Snooze "
            "from a task's page.",
        },
        "web.prefs.no_snoozes": {"vi": "Không có việc nào.", "en": "None."},
        "web.snooze.until_short": {"vi": "đến {day}", "en": "until {day}"},
        "web.snooze.end": {"vi": "Nhắc lại từ nay", "en": "Unsnooze"},
        "web.snooze.title": {"vi": "Tạm hoãn nhắc đến ngày…", "en": "Snooze reminders until…"},
        "web.snooze.help": {
            "vi": "Chỉ dừng nhắc gửi cho đồng chí (tối đa 60 ngày); cấp trên vẫn được nhắc "
            "khi việc quá hạn lâu.",
            "en": "Stops only your own reminders (60 days at most); managers are still told "
            "when the task is long overdue.",
        },
        "web.snooze.date": {"vi": "Ngày (ngày/tháng/năm)", "en": "Date (day/month/year)"},
        "web.snooze.button": {"vi": "Tạm hoãn", "en": "Snooze"},
        "web.snooze.saved": {
            "vi": "Đã tạm hoãn nhắc việc này cho đồng chí.",
            "en": "Your reminders about this task are snoozed.",
        },
        "web.snooze.active": {
            "vi": "Đồng chí đang tạm hoãn nhắc việc này đến {day}.",
            "en": "You snoozed reminders about this task until {day}.",
        },
        "web.unsub.title": {
            "vi": "Ngừng nhận tin không thiết yếu",
            "en": "Stop non-essential messages",
        },
        "web.unsub.what": {
            "vi": "Đồng chí sẽ không nhận nhắc trước hạn, nhắc việc phối hợp và bản tổng hợp "
            "tuần nữa.",
            "en": "You will no longer receive before-deadline reminders, co-owned items and "
            "the weekly digest.",
        },
        "web.unsub.still": {
            "vi": "Nhắc việc đến hạn, quá hạn, nhắc cấp trên và nhắc đề nghị chờ đồng chí duyệt"
            " vẫn tiếp tục được gửi.",
            "en": "Deadline-day, overdue and escalation messages, and reminders of requests"
            " waiting for your decision, will still come.",
        },
        "web.unsub.confirm": {"vi": "Xác nhận ngừng nhận", "en": "Confirm"},
        "web.unsub.done": {
            "vi": "Đã tắt tin không thiết yếu.",
            "en": "Non-essential messages are off.",
        },
        "web.unsub.back_on": {
            "vi": "Muốn nhận lại? Bật trong trang cài đặt nhận nhắc việc",
            "en": "Changed your mind? Turn them back on in your notification settings",
        },
    }
)
