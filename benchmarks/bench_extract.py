"""Task extraction over the corpus in tests/documents/corpus: detection precision,
recall and F1 (a proposal matches an expected task when their sources overlap), lead,
co-owner and deadline accuracy on matched tasks, and the time per document; then the
time for a 20-page document (DOCX and PDF) made by repeating corpus sections.

    .venv/bin/python -m benchmarks.bench_extract [-v]

Documents marked ``held_out`` were written after the rules and are reported apart.
Targets (issue #27): F1 >= 0.85, lead and deadline accuracy >= 0.90, <= 2 s for 20 pages.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from documents.extract import extract_draft
from tests.documents.corpus.scoring import CORPUS, Score, directory_of, expectations, score


def _row(s: Score) -> str:
    return (
        f"{s.name:<34} {s.expected:>4} {s.proposed:>4} {s.matched:>4}"
        f" {s.precision:>6.2f} {s.recall:>6.2f} {s.f1:>6.2f}"
        f" {s.rate(s.lead_ok):>6.2f} {s.rate(s.co_ok):>6.2f} {s.rate(s.due_ok):>6.2f}"
        f" {s.seconds * 1000:>8.0f}"
    )


def run_corpus(verbose: bool) -> None:
    header = (
        f"{'document':<34} {'exp':>4} {'prop':>4} {'hit':>4} {'prec':>6} {'rec':>6} {'F1':>6}"
        f" {'lead':>6} {'co':>6} {'due':>6} {'ms/doc':>8}"
    )
    totals = {False: Score("ALL (rules written with these)"), True: Score("ALL HELD-OUT")}
    print(header)
    for held in (False, True):
        for path, spec in expectations():
            if bool(spec.get("held_out")) != held:
                continue
            data = (CORPUS / "files" / spec["file"]).read_bytes()
            directory = directory_of(spec)
            started = time.perf_counter()
            draft = extract_draft(data, spec["file"], directory)
            elapsed = time.perf_counter() - started
            result = score(path.stem, spec, draft.tasks)
            result.seconds = elapsed
            totals[held].add(result)
            print(_row(result))
            if verbose:
                for miss in result.misses:
                    print(f"    {miss}")
        count = sum(1 for _, s in expectations() if bool(s.get("held_out")) == held) or 1
        total = totals[held]
        total.seconds /= count
        print(_row(total))
        print()


def twenty_pages() -> None:
    """A long plan: the corpus's bodies repeated to 20 A4 pages, as DOCX and as PDF."""
    import tempfile

    import yaml

    from tests.documents.corpus.build_corpus import build_docx, to_pdf

    sources = sorted((CORPUS / "sources").glob("*.yaml"))
    base = yaml.safe_load(sources[0].read_text(encoding="utf-8"))
    body = []
    for path in sources:
        body += yaml.safe_load(path.read_text(encoding="utf-8"))["body"]
    spec = dict(base, body=body * 2)
    directory = directory_of({"directory": "cuc_shtt"})
    with tempfile.TemporaryDirectory() as work:
        docx_path = Path(work) / "long.docx"
        build_docx(spec, docx_path)
        to_pdf(docx_path, Path(work) / "long.pdf")
        import pdfplumber

        with pdfplumber.open(Path(work) / "long.pdf") as pdf:
            pages = len(pdf.pages)
        for path in (docx_path, Path(work) / "long.pdf"):
            data = path.read_bytes()
            runs = []
            for _ in range(3):
                started = time.perf_counter()
                draft = extract_draft(data, path.name, directory)
                runs.append(time.perf_counter() - started)
            print(
                f"{path.suffix[1:].upper():<5} {pages} pages, {len(draft.tasks)} tasks proposed:"
                f" median {sorted(runs)[1]:.2f} s (target <= 2 s)"
            )


if __name__ == "__main__":
    run_corpus("-v" in sys.argv)
    if "--no-long" not in sys.argv:
        twenty_pages()
