from django import forms

from editing.models import Suggestion


class HoneypotForm(forms.ModelForm):
    """A field people never see (hidden by the stylesheet) and bots fill in."""

    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_bot(self):
        return bool(self.cleaned_data.get("website"))


def reply_email_field():
    return forms.EmailField(
        label="Your email (optional)",
        required=False,
        max_length=254,
        help_text="Only if you would like an editor to reply. It is never shown on the site.",
    )


class SuggestEditForm(HoneypotForm):
    message = forms.CharField(
        label="What is wrong or missing?",
        max_length=2000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="For example a changed name, a program that has ended, a wrong sponsor.",
    )
    email = reply_email_field()

    class Meta:
        model = Suggestion
        fields = ["message", "email"]


class ProposeProgramForm(HoneypotForm):
    program_name = forms.CharField(label="Name of the program", max_length=200)
    message = forms.CharField(
        label="What does it do, and who is it for?",
        max_length=2000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    link = forms.URLField(
        label="Where can we read about it? (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="A page of the program or its office, so an editor can check the facts.",
    )
    email = reply_email_field()

    class Meta:
        model = Suggestion
        fields = ["program_name", "message", "link", "email"]
