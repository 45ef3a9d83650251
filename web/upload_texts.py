"""Texts of the pages that bring files in and send documents out (imports, reports,
resolution to tasks). Registered by importing this module from those routes."""

from __future__ import annotations

from models.i18n import register

register(
    {
        "web.upload.too_big": {
            "vi": "Tệp quá lớn: tối đa {limit}. Không có gì được ghi.",
            "en": "The file is too large: at most {limit}. Nothing was written.",
        },
        "web.upload.no_file": {
            "vi": "Chưa chọn tệp để tải lên.",
            "en": "No file was chosen to upload.",
        },
        "web.nav.imports": {"vi": "Nhập tệp", "en": "Import"},
        "web.nav.extract": {"vi": "Văn bản → nhiệm vụ", "en": "Document → tasks"},
        "web.nav.reports": {"vi": "Báo cáo", "en": "Reports"},
        "web.imports.title": {"vi": "Nhập tệp", "en": "Import files"},
        "web.imports.upload": {"vi": "Tải tệp lên", "en": "Upload a file"},
        "web.imports.help": {
            "vi": "Bước 1: tải tệp lên để xem trước chính xác những gì sẽ được ghi; chưa ghi"
            " gì. Bước 2: bấm «Ghi vào hệ thống». Có một lỗi là không ghi gì cả.",
            "en": "Step 1: upload the file to preview exactly what will be written; nothing is"
            " written yet. Step 2: press «Write it». One error and nothing is written.",
        },
        "web.imports.kind": {"vi": "Loại tệp", "en": "Kind of file"},
        "web.imports.kind.minutes": {
            "vi": "Biên bản họp (YAML)",
            "en": "Meeting minutes (YAML)",
        },
        "web.imports.kind.tasks": {
            "vi": "Danh sách nhiệm vụ (XLSX, CSV)",
            "en": "Task list (XLSX, CSV)",
        },
        "web.imports.kind.duty-submissions": {
            "vi": "Nộp báo cáo định kỳ (XLSX, CSV)",
            "en": "Duty submissions (XLSX, CSV)",
        },
        "web.imports.file": {"vi": "Tệp", "en": "File"},
        "web.imports.preview": {"vi": "Tải lên và xem trước", "en": "Upload and preview"},
        "web.imports.templates": {"vi": "Mẫu để điền", "en": "Templates to fill in"},
        "web.imports.template.tasks": {
            "vi": "Mẫu danh sách nhiệm vụ (XLSX, có danh sách chọn)",
            "en": "Task list template (XLSX, with drop-downs)",
        },
        "web.imports.template.duty-submissions": {
            "vi": "Mẫu nộp báo cáo định kỳ (XLSX)",
            "en": "Duty submissions template (XLSX)",
        },
        "web.imports.minutes_help": {
            "vi": "Biên bản họp (YAML): xem mẫu và giải thích trong tài liệu «Định dạng tệp»"
            " (docs/file-formats.md).",
            "en": "Meeting minutes (YAML): see the example and explanation in «File formats»"
            " (docs/file-formats.md).",
        },
        "web.imports.preview_title": {"vi": "Xem trước khi ghi", "en": "Preview"},
        "web.imports.problems": {
            "vi": "{count} lỗi: chưa ghi gì. Sửa tệp rồi tải lên lại.",
            "en": "{count} error(s): nothing was written. Fix the file and upload it again.",
        },
        "web.imports.did_you_mean": {"vi": "Có phải là", "en": "Did you mean"},
        "web.imports.fix_and_upload": {
            "vi": "Tải lên tệp đã sửa:",
            "en": "Upload the corrected file:",
        },
        "web.imports.will_write": {
            "vi": "Những gì sẽ được ghi",
            "en": "What will be written",
        },
        "web.imports.commit": {"vi": "Ghi vào hệ thống", "en": "Write it"},
        "web.imports.cancel": {"vi": "Hủy", "en": "Cancel"},
        "web.imports.done_title": {"vi": "Đã nhập tệp", "en": "File imported"},
        "web.imports.done": {
            "vi": "Đã ghi toàn bộ tệp «{name}».",
            "en": "The whole of «{name}» was written.",
        },
        "web.imports.another": {"vi": "Nhập tệp khác", "en": "Import another file"},
        "web.imports.col.place": {"vi": "Vị trí", "en": "Where"},
        "web.imports.col.field": {"vi": "Trường", "en": "Field"},
        "web.imports.col.problem": {"vi": "Lỗi", "en": "Problem"},
        "web.imports.col.entity": {"vi": "Loại", "en": "Kind"},
        "web.imports.col.record": {"vi": "Bản ghi", "en": "Record"},
        "web.imports.col.state": {"vi": "Kết quả", "en": "Result"},
        "web.imports.state.new": {"vi": "Mới", "en": "New"},
        "web.imports.state.changed": {"vi": "Thay đổi", "en": "Changed"},
        "web.imports.state.unchanged": {"vi": "Không đổi", "en": "Unchanged"},
        "web.imports.entity.units": {"vi": "Đơn vị", "en": "Unit"},
        "web.imports.entity.people": {"vi": "Người", "en": "Person"},
        "web.imports.entity.meetings": {"vi": "Cuộc họp", "en": "Meeting"},
        "web.imports.entity.documents": {"vi": "Văn bản", "en": "Document"},
        "web.imports.entity.tasks": {"vi": "Nhiệm vụ", "en": "Task"},
        "web.imports.entity.duties": {"vi": "Nghĩa vụ báo cáo", "en": "Duty"},
        "web.imports.entity.submissions": {"vi": "Lần nộp", "en": "Submission"},
        "web.reports.title": {"vi": "Báo cáo", "en": "Reports"},
        "web.reports.period_report": {
            "vi": "Báo cáo định kỳ (Word) và phụ lục (Excel)",
            "en": "Periodic report (Word) and its appendix (Excel)",
        },
        "web.reports.period_help": {
            "vi": "Như lệnh «dondoc report period». Khi kỳ đã hết hạn số liệu, số liệu được"
            " chốt ở lần soạn đầu tiên; các lần sau giữ số liệu đó và nêu những gì đã thay đổi.",
            "en": "As «dondoc report period» drafts it. Once the period's data window has"
            " closed, the first draft freezes its figures; later drafts keep them and list"
            " what changed.",
        },
        "web.reports.period": {"vi": "Kỳ báo cáo", "en": "Period"},
        "web.reports.on": {"vi": "Ngày soạn", "en": "Drafted on"},
        "web.reports.number": {
            "vi": "Số, ký hiệu (để trống nếu chưa có)",
            "en": "Number (leave blank if not yet given)",
        },
        "web.reports.download_docx": {
            "vi": "Tải báo cáo (.docx)",
            "en": "Download the report (.docx)",
        },
        "web.reports.download_appendix": {
            "vi": "Tải phụ lục (.xlsx)",
            "en": "Download the appendix (.xlsx)",
        },
        "web.reports.compliance": {
            "vi": "Tỷ lệ nộp báo cáo đúng hạn (Excel)",
            "en": "Duties delivered on time (Excel)",
        },
        "web.reports.compliance_help": {
            "vi": "Theo từng đơn vị: các kỳ nghĩa vụ kết thúc trong kỳ đã chọn, theo tình trạng.",
            "en": "Per unit: the duty periods ending in the chosen period, by status.",
        },
        "web.reports.download_compliance": {"vi": "Tải bảng (.xlsx)", "en": "Download (.xlsx)"},
        "web.reports.file.report": {"vi": "Báo cáo {period}", "en": "Report {period}"},
        "web.reports.file.appendix": {
            "vi": "Phụ lục báo cáo {period}",
            "en": "Report appendix {period}",
        },
        "web.reports.file.compliance": {
            "vi": "Tỷ lệ nộp báo cáo {period}",
            "en": "Duties on time {period}",
        },
    }
)
