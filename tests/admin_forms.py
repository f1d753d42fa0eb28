"""Post Django admin's own change form back, the way a browser would after an edit."""

from django.forms import CheckboxInput


def _values(bound_field):
    value = bound_field.value()
    if value is None:
        return []
    if isinstance(value, bool) and isinstance(bound_field.field.widget, CheckboxInput):
        return ["on"] if value else []
    if isinstance(value, (list, tuple)):
        return [str(getattr(v, "pk", v)) for v in value]
    return [str(getattr(value, "pk", value))]


def _form_data(form, data):
    for name in form.fields:
        values = _values(form[name])
        if isinstance(form[name].value(), (list, tuple)):
            data[form.add_prefix(name)] = values  # a multiple choice: always a list
        elif values:
            data[form.add_prefix(name)] = values[0]


def change_form_data(response):
    """Everything the admin change page at `response` would post unchanged: the fields, the
    inline rows and their management forms."""
    data = {}
    _form_data(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.initial_forms:
            _form_data(form, data)
        data[f"{formset.prefix}-TOTAL_FORMS"] = len(formset.initial_forms)
    data["_save"] = "Save"
    # The version the page was opened at, which a save is checked against.
    if response.context.get("opened_version"):
        data[response.context["opened_version_field"]] = str(response.context["opened_version"])
    return data


def inline_prefix(response, model):
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model is model:
            return inline.formset.prefix
    raise LookupError(model)
