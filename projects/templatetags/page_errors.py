"""The "Error: " start of a page title when the page shows a form with problems
(WCAG 2.4.2 and 3.3.1), worked out in one place for every page: base.html and the
public participant frame put {% error_title_prefix %} in front of their title block."""

from django import template
from django.forms import BaseForm, BaseFormSet

register = template.Library()

# Forms sit in the context directly, in a list (formsets, lists of forms), or in a list
# of pairs such as (theme, form); looking deeper would only walk page data.
SEARCH_DEPTH = 2


def _shows_errors(value, depth: int = 0) -> bool:
    # Only forms the view has already validated count (_errors is None until then):
    # asking an unchecked bound form for .errors would validate it here, with queries.
    if isinstance(value, BaseForm):
        return value._errors is not None and bool(value._errors)
    if isinstance(value, BaseFormSet):
        return value._errors is not None and value.total_error_count() > 0
    if depth < SEARCH_DEPTH and isinstance(value, (list, tuple)):
        return any(_shows_errors(item, depth + 1) for item in value)
    return False


def page_has_errors(context) -> bool:
    """True when the page re-displays a form with errors. A page whose problems are
    not in a form (the participant's "check your answers") sets page_has_errors."""
    if context.get("page_has_errors"):
        return True
    return any(
        _shows_errors(value) for layer in context.dicts for value in layer.values()
    )


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    return "Error: " if page_has_errors(context) else ""
