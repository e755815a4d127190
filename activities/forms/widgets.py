"""Widgets drawn in Python: the same markup as Django's default widget templates
(``django/forms/widgets/input.html``, ``select.html``, ``option.html``,
``attrs.html``) without a template render per field, option and attribute list.
The list page's filter form has some sixty of those on every request."""

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    # attrs.html: False leaves the attribute out, True writes its bare name.
    html = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            html.append(f" {conditional_escape(name)}")
        else:
            html.append(f' {conditional_escape(name)}="{conditional_escape(value)}"')
    return "".join(html)


class LeanInputMixin:
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        html = (
            f'<input type="{conditional_escape(widget["type"])}"'
            f' name="{conditional_escape(widget["name"])}"'
        )
        if widget["value"] is not None:
            html += f' value="{conditional_escape(widget["value"])}"'
        return mark_safe(f"{html}{_attrs(widget['attrs'])}>")  # noqa: S308 - escaped


class LeanTextInput(LeanInputMixin, forms.TextInput):
    pass


class LeanDateInput(LeanInputMixin, forms.DateInput):
    pass


class LeanNumberInput(LeanInputMixin, forms.NumberInput):
    pass


class LeanSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        html = [f'<select name="{conditional_escape(widget["name"])}"']
        html.append(f"{_attrs(widget['attrs'])}>")
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                html.append(f'<optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                html.append(
                    f'<option value="{conditional_escape(option["value"])}"'
                    f"{_attrs(option['attrs'])}>"
                    f"{conditional_escape(option['label'])}</option>"
                )
            if group_name:
                html.append("</optgroup>")
        html.append("</select>")
        return mark_safe("".join(html))  # noqa: S308 - every value is escaped
