from django import forms
from django.core.validators import MinValueValidator

from coproduce.forms import EditVersionMixin
from projects.communication.selectors import person_label
from projects.forms import DATE_WIDGET
from projects.models import InvolvementPayment
from projects.payments.services import PAYMENT_FIELDS

# Far more than one person is paid for one activity: a larger figure is a typing slip.
MAX_AMOUNT = 100_000


class MoneyField(forms.DecimalField):
    """An amount in pounds, never negative, at most MAX_AMOUNT."""

    def __init__(self, *, max_value=MAX_AMOUNT, **kwargs):
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault(
            "max_value",
            f"Enter an amount up to £{MAX_AMOUNT:,} (check for an extra digit).",
        )
        super().__init__(max_value=max_value, **kwargs)


class PaymentForm(EditVersionMixin, forms.ModelForm):
    class Meta:
        model = InvolvementPayment
        fields = list(PAYMENT_FIELDS)
        field_classes = {name: MoneyField for name in ("fee", "travel", "expenses")}
        widgets = {
            "offered_on": DATE_WIDGET,
            "claimed_on": DATE_WIDGET,
            "paid_on": DATE_WIDGET,
        }
        labels = {"offered_on": "Offered on", "claimed_on": "Claimed on"}
        help_texts = {
            "claimed_on": "Left empty, a claim is dated today.",
            "paid_on": "Only once the status is Paid.",
        }

    def __init__(self, *args, activities, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities
        self.fields["activity"].label_from_instance = lambda a: (
            f"{a.title} ({a.held_on:%d/%m/%Y})"
        )
        self.fields["stakeholder"].queryset = people
        # Only a payment whose person's details were deleted may stay without one.
        self.fields["stakeholder"].required = not (
            self.instance.pk and self.instance.stakeholder_id is None
        )
        self.fields["stakeholder"].label_from_instance = person_label
        for name in ("fee", "travel", "expenses"):
            self.fields[name].validators.append(MinValueValidator(0))
            self.fields[name].widget.attrs.update({"min": "0", "step": "0.01"})
