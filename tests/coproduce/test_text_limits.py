"""No text is cut off without a word: every text box of every form has a limit sized
for real writing, the same limit in the model, the form, the box and the words the
page shows, and a longer text is refused with a message and the text kept."""

import pytest
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.test import Client
from django.urls import reverse

from coproduce.forms import FormRenderer, LimitedBoundField, shown_limit
from tests.coproduce.test_number_limits import _form_classes


def _text_fields():
    for form_name, form_class in sorted(_form_classes().items()):
        for field_name, field in form_class.base_fields.items():
            if isinstance(field, forms.CharField) and not isinstance(
                field.widget, forms.HiddenInput | forms.PasswordInput
            ):
                yield pytest.param(
                    form_class, field_name, id=f"{form_name}.{field_name}"
                )


TEXT_FIELDS = list(_text_fields())


def _model_field(form_class, name):
    model = getattr(getattr(form_class, "_meta", None), "model", None)
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def test_the_walk_finds_the_text_fields():
    assert len(TEXT_FIELDS) >= 60


@pytest.mark.parametrize(("form_class", "name"), TEXT_FIELDS)
def test_every_text_box_has_one_limit_in_model_form_box_and_words(form_class, name):
    field = form_class.base_fields[name]
    assert field.max_length, "no limit: long text would reach the database unchecked"
    model_field = _model_field(form_class, name)
    if isinstance(model_field, models.CharField | models.TextField):
        assert model_field.max_length == field.max_length
    attrs = field.widget_attrs(field.widget)
    assert int(attrs["maxlength"]) == field.max_length
    limit = shown_limit(field)
    if limit is not None:
        bound = LimitedBoundField(forms.Form(), field, name)
        assert f"Up to {limit:,} characters." in bound.help_text
        assert limit == field.max_length


@pytest.mark.parametrize(("form_class", "name"), TEXT_FIELDS)
def test_no_help_text_promises_less_than_the_limit(form_class, name):
    field = form_class.base_fields[name]
    if shown_limit(field) and field.max_length >= 1000:
        assert "sentence or two" not in str(field.help_text)


def test_the_site_renders_forms_with_the_limits_shown(settings):
    assert settings.FORM_RENDERER == "coproduce.forms.FormRenderer"
    assert FormRenderer.bound_field_class is LimitedBoundField


class _Note(forms.Form):
    text = forms.CharField(max_length=40, widget=forms.Textarea)


def test_a_text_box_shows_its_limit_and_carries_it_for_the_live_count():
    html = str(_Note()["text"])
    assert 'maxlength="40"' in html
    assert 'data-limit="40"' in html
    assert "Up to 40 characters." in _Note()["text"].help_text


def test_line_breaks_count_as_one_character_as_the_live_count_shows_them():
    form = _Note({"text": "a\r\n" * 20})  # 60 characters as sent, 40 as counted
    assert form.is_valid(), form.errors
    assert form.cleaned_data["text"] == ("a\n" * 20).strip()


def test_longer_text_is_refused_with_a_message_and_kept():
    form = _Note({"text": "x" * 41})
    assert not form.is_valid()
    assert "at most 40 characters (it has 41)" in form.errors["text"][0]
    assert "x" * 41 in str(form["text"])


@pytest.mark.django_db
def test_a_long_learning_point_is_refused_on_the_page_with_the_text_kept(
    project, facilitator
):
    client = Client()
    client.force_login(facilitator)
    text = "A lesson others could use. " * 200
    url = reverse("evaluation:learning_point_add", args=[project.slug])
    response = client.post(url, {"text": text})
    assert response.status_code == 200
    page = response.content.decode()
    assert "at most 4000 characters" in page
    assert text.strip()[:200] in page
