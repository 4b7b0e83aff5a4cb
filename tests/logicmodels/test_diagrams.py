"""The SVG diagram: accessible, escaped, and drawn the same by WeasyPrint."""

from logicmodels import selectors
from logicmodels.diagrams import logic_model_svg
from logicmodels.models import Section
from tests.logicmodels.factories import SMALL_LINKS, SMALL_MODEL, build_version


def test_diagram_has_a_title_five_columns_items_and_an_arrow_per_link(
    project, facilitator
):
    build_version(project, author=facilitator, items=SMALL_MODEL, links=SMALL_LINKS)
    version = selectors.latest_models(project)["a-priori"]
    svg = logic_model_svg(version)
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title id=" in svg and "<desc id=" in svg
    for label in ("Context", "Inputs", "Activities", "Outputs", "Outcomes"):
        assert f">{label}</text>" in svg
    assert svg.count("<path ") == len(SMALL_LINKS)
    assert "Workshops with autistic" in svg
    assert "Not linked yet" not in svg


def test_diagram_escapes_text_and_marks_gaps_and_unanticipated_outcomes(
    project, facilitator
):
    version = build_version(
        project,
        author=facilitator,
        items={
            Section.INPUTS: ["Time <script>alert(1)</script> & money"],
            Section.OUTCOMES: [
                {
                    "text": "Staff burnout",
                    "anticipation": "unanticipated",
                    "effect": "negative",
                }
            ],
        },
    )
    svg = logic_model_svg(version)
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg and "&amp; money" in svg
    assert "Not linked yet" in svg
    assert "Unanticipated, negative" in svg
    assert 'stroke-dasharray="5 3"' in svg


def test_weasyprint_renders_the_diagram(project, facilitator):
    import io

    from pypdf import PdfReader
    from weasyprint import HTML

    build_version(project, author=facilitator, items=SMALL_MODEL, links=SMALL_LINKS)
    version = selectors.latest_models(project)["a-priori"]
    html = f"<html><body><h1>Model</h1>{logic_model_svg(version)}</body></html>"
    pdf = HTML(string=html).write_pdf()
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Activities" in text
    assert "Workshops with" in text
