"""``{{ value|paragraphs }}``: a long text with its paragraphs and lists kept, made
safe by the one rendering function in ``coproduce/text.py`` (pages and PDFs)."""

from django import template

from coproduce.text import text_html

register = template.Library()


@register.filter
def paragraphs(value):
    return text_html(value if value is None else str(value))
