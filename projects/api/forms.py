import datetime as dt

from django import forms
from django.utils import timezone

from projects.forms import DATE_WIDGET
from projects.models import TokenScope


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What it is for",
        max_length=100,
        help_text="For example “Power BI report on the programme”.",
    )
    scope = forms.ChoiceField(
        label="What it may do",
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text="Read only is enough for Power BI and Excel.",
    )
    expires_on = forms.DateField(
        label="Stops working after",
        widget=DATE_WIDGET,
        help_text="At most a year from today.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + dt.timedelta(days=90)
