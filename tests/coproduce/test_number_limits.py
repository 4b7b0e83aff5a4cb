"""Every number a form takes has a sensible maximum, so a huge number gets a clear
message on the form instead of a database error (an HTTP 500 that loses the text)."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator

import evaluation
import logicmodels
import projects

# PostgreSQL's integer column holds at most this.
DB_INTEGER_MAX = 2_147_483_647
NUMBER_FIELDS = (forms.IntegerField, forms.FloatField, forms.DecimalField)


def _form_classes():
    found = {}
    for package in (projects, logicmodels, evaluation):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if not info.name.rsplit(".", 1)[-1] == "forms":
                continue
            module = importlib.import_module(info.name)
            for name, value in vars(module).items():
                if (
                    inspect.isclass(value)
                    and issubclass(value, forms.BaseForm)
                    and value.__module__ == module.__name__
                ):
                    found[f"{module.__name__}.{name}"] = value
    return found


def _number_fields():
    return list(_walk_number_fields())


def _walk_number_fields():
    for form_name, form_class in sorted(_form_classes().items()):
        for field_name, field in form_class.base_fields.items():
            if isinstance(field, NUMBER_FIELDS):
                yield pytest.param(field, id=f"{form_name}.{field_name}")


def test_the_walk_finds_the_number_fields():
    assert len(_number_fields()) >= 5


@pytest.mark.parametrize("field", _number_fields())
def test_every_number_field_has_a_maximum_the_database_can_hold(field):
    limits = [
        v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)
    ]
    assert limits, "no maximum"
    assert min(limits) <= DB_INTEGER_MAX


@pytest.mark.parametrize("field", _number_fields())
def test_one_past_the_database_limit_gets_a_clear_message(field):
    with pytest.raises(ValidationError) as caught:
        field.clean(str(DB_INTEGER_MAX + 1))
    message = " ".join(caught.value.messages)
    limit = min(
        v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)
    )
    # The message says what the most is.
    assert str(limit) in message or f"{limit:,}" in message
