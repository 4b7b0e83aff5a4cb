"""Long texts people write, shown with their paragraphs and simple lists kept.

One function turns what someone typed into HTML, for pages and PDFs alike
(``{{ text|paragraphs }}`` from ``projects/templatetags/text.py``). It reads a small,
safe part of Markdown: blank lines between paragraphs, a single line break kept as a
break, ``-`` or ``1.`` lists, ``*emphasis*`` and ``**strong**``, and ``[links](https://...)``.
Everything else (headings, code, pictures, tables, raw HTML) stays as the plain text
that was typed. HTML in the text is never passed through: markdown-it escapes it, and
nh3 then keeps only the few tags and link addresses listed here, so nothing a user
writes can run a script or load anything on a page.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# Text limits, sized for real writing. Models give their text fields one of these as
# max_length; the form takes it from there and the page shows it and counts against
# it (coproduce.forms.LimitedBoundField).
NAME_LIMIT = 200  # a title or a name
TEXT_LIMIT = 4_000  # a paragraph or several: a learning point, a note, a reflection
LONG_TEXT_LIMIT = 20_000  # thousands of words: a section of a case study's story

ALLOWED_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_markdown = (
    MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False})
    .disable(
        [
            "code",
            "fence",
            "blockquote",
            "hr",
            "reference",
            "html_block",
            "heading",
            "lheading",
            "backticks",
            "image",
            "html_inline",
            "autolink",
            "entity",
        ]
    )
    .enable(["list", "emphasis", "link", "newline", "paragraph"])
)


def text_html(text: str | None) -> SafeString:
    """``text`` as safe HTML paragraphs and lists (an empty string for no text)."""
    if not text or not text.strip():
        return mark_safe("")
    html = _markdown.render(text.replace("\r\n", "\n"))
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )
    return mark_safe(cleaned.strip())  # noqa: S308 - sanitised by nh3 just above
