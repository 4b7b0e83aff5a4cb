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
    way (``gc.freeze``) and with rarer young-generation collections; both are put
    back afterwards."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*RENDER_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
