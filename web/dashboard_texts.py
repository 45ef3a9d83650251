"""Texts of the leaders' pages: the dashboard, its charts and the year-end emulation."""

from __future__ import annotations

from models.i18n import register

register(
    {
        "web.nav.dashboard": {"vi": "Tổng hợp", "en": "Dashboard"},
        "dash.title": {"vi": "Tổng hợp tình hình thực hiện", "en": "Committee at a glance"},
        "dash.heading": {"vi": "Nhiệm vụ có hạn trong {period}", "en": "Tasks due in {period}"},
        "dash.as_of": {
            "vi": "Tình trạng tính đến ngày {day}. Bấm vào một con số để xem đúng các nhiệm vụ đó.",
            "en": "Status as of {day}. Select a number to see exactly those tasks.",
        },
        "dash.picker": {"vi": "Chọn kỳ", "en": "Choose the period"},
        "dash.period": {"vi": "Kỳ", "en": "Period"},
        "dash.kind.month": {"vi": "Tháng", "en": "Months"},
        "dash.kind.quarter": {"vi": "Quý", "en": "Quarters"},
        "dash.kind.half": {"vi": "6 tháng", "en": "Half-years"},
        "dash.kind.year": {"vi": "Năm", "en": "Years"},
        "dash.kind.custom": {"vi": "Khoảng tùy chọn (từ ngày – đến ngày)", "en": "Custom range"},
        "dash.from": {"vi": "Từ ngày", "en": "From"},
        "dash.to": {"vi": "Đến ngày", "en": "To"},
        "dash.show": {"vi": "Xem", "en": "Show"},
        "dash.count_link": {
            "vi": "{n} nhiệm vụ {status} của {unit}",
            "en": "{n} tasks {status} of {unit}",
        },
        "dash.chart.trend": {
            "vi": "Nhiệm vụ theo tình trạng qua các kỳ",
            "en": "Tasks by status over the periods",
        },
        "dash.chart.ranking": {
            "vi": "Xếp hạng đơn vị theo tỷ lệ hoàn thành đúng hạn",
            "en": "Units ranked by on-time completion",
        },
        "dash.chart.nothing": {"vi": "Chưa có nhiệm vụ hoàn thành.", "en": "Nothing done yet."},
        "dash.chart.table": {"vi": "Số liệu của biểu đồ", "en": "The chart's figures"},
        "dash.chart.svg": {"vi": "Tải biểu đồ (SVG)", "en": "Download the chart (SVG)"},
        "dash.export": {"vi": "Tải bảng (XLSX)", "en": "Download the table (XLSX)"},
        "dash.emulation": {"vi": "Thi đua cuối năm", "en": "Year-end emulation"},
        "dash.filter.due": {"vi": "Hạn trong khoảng", "en": "Deadline between"},
        "dash.filter.from": {"vi": "từ", "en": "from"},
        "dash.filter.to": {"vi": "đến", "en": "to"},
        "error.dashboard_range_missing": {
            "vi": "Khoảng tùy chọn cần cả ngày bắt đầu và ngày kết thúc (dd/mm/yyyy).",
            "en": "A custom range needs both a start and an end date (dd/mm/yyyy).",
        },
        "emu.page": {"vi": "Thi đua cuối năm", "en": "Year-end emulation"},
        "emu.year": {"vi": "Năm", "en": "Year"},
        "emu.live": {
            "vi": "Số liệu tạm tính đến ngày {day}; sẽ được chốt sau ngày {end}.",
            "en": "Provisional figures as of {day}; frozen after {end}.",
        },
        "emu.frozen": {
            "vi": "Số liệu đã chốt tại ngày {end} (lưu ngày {on}); sửa đổi sau đó"
            " không làm thay đổi bảng.",
            "en": "Figures frozen at {end} (stored on {on}); later edits do not change them.",
        },
        "emu.units": {"vi": "Đơn vị", "en": "Units"},
        "emu.people": {
            "vi": "Cá nhân (nhiệm vụ trực tiếp chủ trì)",
            "en": "People (tasks they lead)",
        },
        "emu.rules": {"vi": "Cách tính điểm", "en": "How the score is computed"},
        "emu.rules.intro": {
            "vi": "Điểm = tổng (số lượng × trọng số). Văn phòng đặt trọng số trong tệp"
            " emulation.toml.",
            "en": "Score = sum of (count × weight). The office sets the weights in emulation.toml.",
        },
        "emu.shown": {
            "vi": "Đang hiện {n} trên {total} người (điểm cao trước).",
            "en": "Showing {n} of {total} people (highest score first).",
        },
        "emu.everyone": {"vi": "Hiện tất cả", "en": "Show everyone"},
        "emu.none": {"vi": "Không có số liệu.", "en": "No figures."},
        "emu.weight.on_time": {"vi": "Hoàn thành đúng hạn", "en": "Done on time"},
        "emu.weight.late": {"vi": "Hoàn thành trễ hạn", "en": "Done late"},
        "emu.weight.overdue": {"vi": "Quá hạn", "en": "Overdue"},
        "emu.weight.in_progress": {"vi": "Đang thực hiện", "en": "In progress"},
        "emu.weight.duty_on_time": {"vi": "Báo cáo đúng hạn", "en": "Duty on time"},
        "emu.weight.duty_missed": {"vi": "Báo cáo trễ/chưa nộp", "en": "Duty late or missed"},
        "emu.weight.explanation": {"vi": "Yêu cầu giải trình", "en": "Explanation requested"},
    }
)
