from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import mark_safe

from hnb_monitor import history
from hnb_monitor.choices import Capability
from hnb_monitor.money import format_money

register = template.Library()


@register.filter
def money(value, arg=""):
    """Whole pounds with brackets for negatives; `|money:"£"` adds the pound sign."""
    if value is None or value == "":
        return "–"
    return format_money(value, symbol=arg == "£")


@register.filter
def narrative(text: str):
    """Officers' text as the paper sets it: '- ' lines become a bulleted list."""
    if not text:
        return ""
    html = []
    items: list[str] = []

    def flush():
        if items:
            html.append(
                '<ul class="govuk-list govuk-list--bullet">'
                + format_html_join("", "<li>{}</li>", ((item,) for item in items))
                + "</ul>"
            )
            items.clear()

    for block in text.replace("\r\n", "\n").split("\n"):
        line = block.strip()
        if line.startswith(("- ", "• ")):
            items.append(line[2:].strip())
        elif line:
            flush()
            html.append(f'<p class="govuk-body">{conditional_escape(line)}</p>')
        else:
            flush()
    flush()
    return mark_safe("".join(html))


@register.filter
def thousands(value):
    """£000 as the council's tables print them: 63,001,000 -> 63,001; (2,700) if negative."""
    if value is None or value == "":
        return "–"
    return format_money(Decimal(value) / 1000)


@register.filter
def can(membership, capability: str) -> bool:
    """`{% if request.membership|can:"edit_targets" %}`: templates ask what a member may do,
    never which role they hold."""
    if membership is None:
        return False
    if capability not in Capability.values:
        raise template.TemplateSyntaxError(f"Unknown capability {capability!r}")
    return membership.can(capability)


@register.filter(name="user_name")
def user_name_filter(user) -> str:
    """A person as colleagues know them, the same words as every page and history."""
    return history.user_name(user)


@register.filter
def important_messages(messages) -> list:
    """Every message but the successes: they share one "Important" banner, since two
    banners of the same name are two landmarks a screen reader cannot tell apart."""
    return [message for message in messages if message.level_tag != "success"]


@register.filter
def clock(moment) -> str:
    """A time as GOV.UK writes it, in the council's time zone: "2pm", "2:30pm"."""
    if moment is None:
        return "–"
    local = timezone.localtime(moment)
    hour = str(local.hour % 12 or 12) + (f":{local:%M}" if local.minute else "")
    return f"{hour}{'am' if local.hour < 12 else 'pm'}"
