"""The audit page's filters (a GET form: bad values re-display with a message)."""

from django import forms

from coproduce import history

DATE = forms.DateInput(attrs={"type": "date"})


class AuditFilterForm(forms.Form):
    user = forms.TypedChoiceField(
        label="Who", required=False, coerce=int, empty_value=None
    )
    model = forms.ChoiceField(label="What", required=False)
    action = forms.ChoiceField(
        label="Action",
        required=False,
        choices=[("", "Any action"), *history.Action.choices],
    )
    date_from = forms.DateField(label="From", required=False, widget=DATE)
    date_to = forms.DateField(label="To", required=False, widget=DATE)

    def __init__(self, *args, people=(), object_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "Anyone")] + [
            (user.pk, user.get_full_name() or user.get_username()) for user in people
        ]
        self.fields["model"].choices = [("", "Anything"), *object_types]
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if select else "form-control"

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to", "The end date must be on or after the start date."
            )
        return data

    def filters(self) -> dict:
        """The valid filters, for ``selectors.audit_events``."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "user_id": data.get("user"),
            "model": data.get("model") or "",
            "action": data.get("action") or "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }
