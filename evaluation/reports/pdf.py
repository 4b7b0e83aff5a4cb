"""HTML to PDF bytes with WeasyPrint, through the restricted fetcher."""

from dataclasses import dataclass, field


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
    document = weasyprint.HTML(
        string=html, base_url=REPORT_BASE_URL, url_fetcher=fetcher
    ).render()
    content = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    return PdfResult(
        content=content, page_count=len(document.pages), refused_urls=fetcher.refused
    )
