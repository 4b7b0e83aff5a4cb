from django import forms

from coproduce.forms import EditVersionMixin
from projects.models import MAX_RETENTION_MONTHS, Programme


class ErasureConfirmForm(forms.Form):
    confirm = forms.CharField(
        label="Type the person's name to confirm",
        max_length=200,
        help_text="This makes sure the right person is erased.",
    )


class PersonalDataSettingsForm(EditVersionMixin, forms.ModelForm):
    retention_months = forms.IntegerField(
        label=Programme._meta.get_field("retention_months").verbose_name.capitalize(),
        help_text=Programme._meta.get_field("retention_months").help_text,
        required=False,
        min_value=1,
        max_value=MAX_RETENTION_MONTHS,
        error_messages={
            "min_value": "Keep personal data for at least one month.",
            "max_value": f"Choose {MAX_RETENTION_MONTHS} months (20 years) or fewer.",
            "invalid": "Write a whole number of months, such as 24.",
        },
    )

    class Meta:
        model = Programme
        fields = ["closed_on", "retention_months", "erased_quotes"]
        widgets = {
            "closed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "erased_quotes": forms.RadioSelect,
        }
        error_messages = {
            "closed_on": {"invalid": "Write the date as day, month and year."},
        }
