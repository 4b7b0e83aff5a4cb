"""HTML to PDF bytes with WeasyPrint, through the restricted fetcher."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

# While a PDF is laid out, WeasyPrint makes millions of small objects that live
# until the end; the collector's default thresholds walk them again and again.
RENDER_GC_THRESHOLD = (50_000, 20, 100)


@dataclass
class PdfResult:
    content: bytes
    page_count: int
    refused_urls: list[str] = field(default_factory=list)


def html_to_pdf(html: str) -> PdfResult:
    # WeasyPrint takes about a second to import: only a process that renders a PDF
    # pays for it, not every web worker that loads the URLconf.
    import weasyprint

    from evaluation.reports.fetcher import REPORT_BASE_URL, StaticOnlyFetcher
    from evaluation.reports.svgtext import svg_text_in_runs

    svg_text_in_runs()
    fetcher = StaticOnlyFetcher()
    with collector_relaxed():
        document = weasyprint.HTML(
            string=html, base_url=REPORT_BASE_URL, url_fetcher=fetcher
        ).render()
        content = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    return PdfResult(
        content=content, page_count=len(document.pages), refused_urls=fetcher.refused
    )


@contextmanager
def collector_relaxed() -> Iterator[None]:
    """Run the body with everything made so far moved out of the garbage collector's
    way (``gc.freeze``, after one collection) and with rarer young-generation
    collections; both are put back afterwards."""
    before = gc.get_threshold()
    # Garbage left by building the report's context would otherwise be frozen too,
    # and kept for the whole render.
    gc.collect()
    gc.freeze()
    gc.set_threshold(*RENDER_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


# A page using the report stylesheet, its fonts (regular, bold, italic) and an SVG
# text: drawing it once loads everything the first real report would wait for.
WARM_HTML = """<!doctype html><html lang="en-GB"><head><meta charset="utf-8">
<title>Warm-up</title><link rel="stylesheet" href="{css}"></head><body>
<h1>Warm-up</h1><p>Plain, <strong>bold</strong> and <em>italic</em> text.</p>
<table><thead><tr><th scope="col">A</th></tr></thead><tbody><tr><td>1</td></tr>
</tbody></table><svg xmlns="http://www.w3.org/2000/svg" width="60" height="20"
role="img" aria-label="Warm-up"><text x="2" y="14">+1 −1</text></svg></body></html>"""


def pdf_warm() -> float:
    """Import WeasyPrint, load the fonts and draw one small page, so the first
    report a worker makes costs what later ones do. Seconds taken."""
    import time

    from django.templatetags.static import static

    from evaluation.reports.fetcher import REPORT_BASE_URL

    started = time.perf_counter()
    html_to_pdf(
        WARM_HTML.format(css=REPORT_BASE_URL.rstrip("/") + static("css/pdf.css"))
    )
    return round(time.perf_counter() - started, 3)
