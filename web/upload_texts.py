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
        "web.upload.length_required": {
            "vi": "Trình duyệt không cho biết kích thước tệp (tối đa {limit}); hãy tải lên lại"
            " bằng biểu mẫu.",
            "en": "The browser did not say how large the file is (at most {limit}); upload it"
            " again with the form.",
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
        "web.imports.problems_head": {"vi": "Lỗi trong tệp", "en": "Problems in the file"},
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
        "web.extract.title": {"vi": "Văn bản thành nhiệm vụ", "en": "Document to tasks"},
        "web.extract.help": {
            "vi": "Tải lên nghị quyết, kết luận, kế hoạch đã ký (DOCX, PDF có lớp chữ, TXT)."
            " Hệ thống đề xuất các nhiệm vụ đọc được từ văn bản; chưa ghi gì cho tới khi"
            " Văn phòng kiểm tra và bấm «Tạo các nhiệm vụ».",
            "en": "Upload the signed resolution, conclusion or plan (DOCX, PDF with a text"
            " layer, TXT). The tasks its text gives are proposed; nothing is written until"
            " the office has checked them and pressed «Create the tasks».",
        },
        "web.extract.file": {"vi": "Văn bản", "en": "Document"},
        "web.extract.read": {"vi": "Đọc văn bản", "en": "Read the document"},
        "web.extract.review_title": {
            "vi": "Kiểm tra nhiệm vụ đề xuất",
            "en": "Check the proposed tasks",
        },
        "web.extract.count": {"vi": "{count} nhiệm vụ đề xuất", "en": "{count} proposed tasks"},
        "web.extract.existing": {
            "vi": "Văn bản này đã có trong hệ thống với {count} nhiệm vụ: các nhiệm vụ mới được"
            " đánh số từ {first}, không ghi đè nhiệm vụ đã có.",
            "en": "This document is already on record with {count} task(s): new tasks are"
            " numbered from {first}; none on record is overwritten.",
        },
        "web.extract.text": {"vi": "Nội dung văn bản", "en": "The document's text"},
        "web.extract.document": {"vi": "Văn bản", "en": "Document"},
        "web.extract.doc.kind": {"vi": "Loại văn bản", "en": "Kind"},
        "web.extract.doc.number": {"vi": "Số, ký hiệu", "en": "Number"},
        "web.extract.doc.issuing_body": {"vi": "Cơ quan ban hành", "en": "Issuing body"},
        "web.extract.doc.issued_on": {"vi": "Ngày ban hành", "en": "Issued on"},
        "web.extract.doc.title": {"vi": "Trích yếu", "en": "Title"},
        "web.extract.proposal": {"vi": "Nhiệm vụ đề xuất {n}", "en": "Proposed task {n}"},
        "web.extract.keep": {"vi": "Giữ nhiệm vụ này", "en": "Keep this task"},
        "web.extract.task_title": {"vi": "Nhiệm vụ", "en": "Task"},
        "web.extract.lead": {"vi": "Chủ trì", "en": "Lead"},
        "web.extract.choose": {"vi": "— chọn —", "en": "— choose —"},
        "web.extract.units": {"vi": "Đơn vị", "en": "Units"},
        "web.extract.people": {"vi": "Cá nhân", "en": "People"},
        "web.extract.unmatched": {
            "vi": "Văn bản ghi «{text}»: chưa khớp với danh bạ, hãy chọn.",
            "en": "The document says «{text}»: not matched in the directory; choose one.",
        },
        "web.extract.unmatched_co": {
            "vi": "Phối hợp chưa khớp danh bạ: {names}",
            "en": "Co-owners not matched in the directory: {names}",
        },
        "web.extract.co_owners": {"vi": "Phối hợp", "en": "Co-owners"},
        "web.extract.deadline": {
            "vi": "Thời hạn (dd/mm/yyyy, +10 ngày làm việc, 2024-Q2; trống: thường xuyên)",
            "en": "Deadline (dd/mm/yyyy, +10 working days, 2024-Q2; blank: standing)",
        },
        "web.extract.due.date": {
            "vi": "Văn bản ghi: «{text}»",
            "en": "The document says: «{text}»",
        },
        "web.extract.due.period": {
            "vi": "Văn bản ghi: «{text}» (hạn là ngày cuối kỳ {value})",
            "en": "The document says: «{text}» (due on the last day of {value})",
        },
        "web.extract.due.relative": {
            "vi": "Văn bản ghi: «{text}» (tính từ ngày ban hành)",
            "en": "The document says: «{text}» (counted from the issue date)",
        },
        "web.extract.due.standing": {
            "vi": "Nhiệm vụ thường xuyên: không có thời hạn",
            "en": "A standing task: no deadline",
        },
        "web.extract.due.recurring": {
            "vi": "Định kỳ «{text}»: đề xuất thành nghĩa vụ báo cáo ({value})",
            "en": "Recurring «{text}»: proposed as a reporting duty ({value})",
        },
        "web.extract.due.unknown": {
            "vi": "Văn bản không nêu thời hạn",
            "en": "The document gives no deadline",
        },
        "web.extract.commit": {"vi": "Tạo các nhiệm vụ", "en": "Create the tasks"},
        "web.extract.need_title": {"vi": "Thiếu tên nhiệm vụ.", "en": "The task needs a title."},
        "web.extract.need_lead": {
            "vi": "Chưa chọn đơn vị hoặc người chủ trì.",
            "en": "Choose the lead unit or person.",
        },
        "web.extract.need_document": {
            "vi": "Văn bản cần số, ký hiệu, cơ quan ban hành và ngày ban hành.",
            "en": "The document needs its number, issuing body and date.",
        },
        "web.extract.nothing_kept": {
            "vi": "Không giữ nhiệm vụ nào: không có gì để tạo.",
            "en": "No task is kept: nothing to create.",
        },
        "web.extract.task_ref": {"vi": "Nhiệm vụ số {ref}", "en": "Task {ref}"},
        "web.extract.done_title": {"vi": "Đã tạo nhiệm vụ", "en": "Tasks created"},
        "web.extract.done": {
            "vi": "Đã ghi {count} nhiệm vụ và nghĩa vụ từ «{name}».",
            "en": "{count} task(s) and duties written from «{name}».",
        },
        "web.extract.to_document": {"vi": "Xem văn bản", "en": "Open the document"},
    }
)
