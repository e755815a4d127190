"""Template helpers of the resident activity pages."""

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import dateformat, formats, timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from activities.models import Activity, Registration
from activities.services.common import age_rule_message, age_rule_text
from community_portal.templatetags.portal import thumb_url

register = template.Library()


@register.filter
def can_self_cancel(registration: Registration) -> bool:
    """Whether the resident may still give up this place themselves: a waitlist
    place always, a seat until the activity's cut-off, never once checked in
    (``services.registration_cancel`` has the same rules and decides)."""
    if registration.is_checked_in:
        return False
    if registration.status == Registration.Status.WAITLISTED:
        return True
    return (
        registration.status == Registration.Status.CONFIRMED
        and timezone.now() < registration.activity.cancellation_deadline
    )


@register.filter
def age_refusal(activity: Activity, user) -> str:
    """Why this signed-in resident cannot sign up because of the age rules
    ("限80岁以上"), shown before the tap instead of a refusal after it; ``""``
    when they may (or nobody is signed in, or no birth year is known)."""
    if not getattr(user, "is_authenticated", False):
        return ""
    return age_rule_message(activity, user) or ""


@register.filter
def age_refusal_for(activity: Activity, member) -> str:
    """The same for a household member (known by birth year), or ``""``."""
    return age_rule_message(activity, member) or ""


@register.filter
def age_rule(activity: Activity) -> str:
    """The activity's age rule in words, or ``""``."""
    return age_rule_text(activity)


@register.simple_tag
def filter_field(field) -> str:
    """A filter of the list page: its label and its widget (``partials/filter_field.html``
    without an include per field)."""
    return format_html(
        '<label class="form-label" for="{}">{}</label>{}',
        field.id_for_label,
        field.label,
        field,
    )


# --- the activity card --------------------------------------------------------------
#
# Drawn in Python rather than through ``activity_item.html``'s includes: a list of
# cards is the hottest markup of the resident pages. The markup and the strings are
# the template's own (the same msgids); ``activity_item.html`` calls this tag, so
# every page that includes it (or ``activity_list.html``) keeps its context:
# ``activity`` (with ``seats_left`` and ``waitlist_count`` when it shows seats, and
# its venue and space), ``level`` (the heading level, 3 by default) and ``user``.

_url_heads: dict[tuple, str] = {}


def _detail_url(pk: int) -> str:
    """``activity.get_absolute_url()`` without a ``reverse()`` per card: the
    address up to the number, once per language and script prefix."""
    key = (get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, get_language())
    head = _url_heads.get(key)
    if head is None:
        head = reverse("activities:detail", kwargs={"pk": 1}).removesuffix("1/")
        _url_heads[key] = head
    return f"{head}{pk}/"


def _date(value, date_format: str) -> str:
    return conditional_escape(dateformat.format(value, date_format))


@register.filter
def activity_url(activity: Activity) -> str:
    """``{{ activity|activity_url }}``: ``get_absolute_url()`` without a
    ``reverse()`` per activity."""
    return _detail_url(activity.pk)


def activity_when(activity: Activity) -> str:
    """``partials/when.html`` in Python: "周五, 12月 4 14:00–16:00"."""
    start = timezone.localtime(activity.starts_at)
    end = timezone.localtime(activity.ends_at)
    date_format = gettext("D, M j")
    text = f"{dateformat.format(start, date_format)} {start:%H:%M}–"
    if start.date() != end.date():
        text += f"{dateformat.format(end, date_format)} "
    return conditional_escape(f"{text}{end:%H:%M}")


@register.filter
def activity_where(activity: Activity) -> str:
    """``partials/where.html`` in Python (venue · space · location)."""
    separator = '<span aria-hidden="true"> · </span>'
    parts = []
    if activity.venue_id:
        parts.append(conditional_escape(activity.venue.name))
    if activity.space_id:
        parts.append(conditional_escape(activity.space.name))
    if activity.location:
        parts.append(conditional_escape(activity.location))
    return mark_safe(separator.join(parts))  # noqa: S308 - every part is escaped


def _activity_seats(activity: Activity) -> str:
    """``partials/seats.html`` in Python."""
    left, waiting = activity.seats_left, getattr(activity, "waitlist_count", 0)
    if left > 0 and not waiting:
        text = ngettext("%(seats)s seat left", "%(seats)s seats left", left) % {
            "seats": left
        }
        return f'<span class="seats">{text}</span>'
    if waiting:
        text = ngettext(
            "Full · %(waiting)s person on the waitlist",
            "Full · %(waiting)s people on the waitlist",
            waiting,
        ) % {"waiting": waiting}
    else:
        text = gettext("Full · you can join the waitlist")
    return f'<span class="seats is-full">{text}</span>'


def activity_card_html(activity: Activity, *, level=None, user=None) -> str:
    """One ``<li class="activity-item">`` of an activity list."""
    level = level or 3
    cancelled = activity.is_cancelled
    start = timezone.localtime(activity.starts_at)
    html = [
        f'<li class="activity-item{" is-cancelled" if cancelled else ""}">',
        '<div class="activity-date" aria-hidden="true">',
        f'<span class="month">{_date(start, gettext("M"))}</span>',
        f'<span class="day">{start.day}</span>',
        f'<span class="weekday">{_date(start, "D")}</span>',
        "</div>",
        '<div class="activity-body">',
        f'<h{level} class="activity-title">'
        f'<a href="{_detail_url(activity.pk)}">{conditional_escape(activity.title)}</a>'
        f"</h{level}>",
    ]
    if cancelled:
        html.append(
            f'<p class="mb-1"><span class="badge-cancelled">{gettext("Cancelled")}'
            "</span></p>"
        )
    elif activity.status == Activity.Status.DRAFT:
        html.append(
            f'<p class="mb-1"><span class="badge-draft">{gettext("Draft")}</span></p>'
        )
    html.append('<p class="activity-meta">')
    html.append(
        f'<span><span class="visually-hidden">{gettext("When:")}</span>'
        f"{activity_when(activity)}</span>"
    )
    if activity.venue_id or activity.space_id or activity.location:
        html.append(
            f'<span><span class="visually-hidden">{gettext("Where:")}</span>'
            f"{activity_where(activity)}</span>"
        )
    if activity.audience != "everyone":
        audience = conditional_escape(activity.get_audience_display())
        html.append(
            f"<span>{gettext('For: %(audience)s') % {'audience': audience}}</span>"
        )
    coming = not cancelled and not activity.is_past
    if coming:
        refusal = age_refusal(activity, user)
        if refusal:
            html.append(
                f'<span class="badge-ineligible">{conditional_escape(refusal)}</span>'
            )
        if getattr(activity, "seats_left", None) is not None:
            html.append(_activity_seats(activity))
    html.append("</p></div>")
    if activity.cover:
        html.append(
            f'<img class="activity-thumb" src="{conditional_escape(thumb_url(activity.cover))}"'
            ' alt="" loading="lazy" decoding="async" width="96" height="72">'
        )
    html.append("</li>")
    return mark_safe("".join(html))  # noqa: S308 - every value above is escaped


@register.simple_tag(takes_context=True)
def activity_card(context, activity=None, level=None) -> str:
    """``{% activity_card %}``: the card of ``activity`` (the context's when not
    given) at heading ``level``, for the context's ``user``."""
    if activity is None:
        activity = context.get("activity")
    if level is None:
        level = context.get("level")
    return activity_card_html(activity, level=level, user=context.get("user"))


# --- a registration's heading on 我的 and the signed-in home -------------------------
#
# Drawn in Python, as the card is: 我的 lists up to twenty past seats, and an include
# each cost more than the rest of the page.


@register.simple_tag
def registration_heading(registration: Registration) -> str:
    """The activity's title (linked), when and where, and whose seat it is."""
    activity = registration.activity
    starts = timezone.localtime(activity.starts_at)
    ends = timezone.localtime(activity.ends_at)
    parts = [
        format_html(
            '<h3 class="h5 card-title"><a href="{}">{}</a></h3>',
            _detail_url(activity.pk),
            activity.title,
        ),
        format_html(
            '<p class="mb-1"><time datetime="{}">{} {}–{}</time></p>',
            starts.isoformat(),
            formats.date_format(starts, "DATE_FORMAT"),
            f"{starts:%H:%M}",
            f"{ends:%H:%M}",
        ),
    ]
    place = activity.space if activity.space_id else activity.venue
    if place or activity.location:
        parts.append(
            format_html(
                '<p class="mb-2 text-muted">{} {}</p>',
                str(place) if place else "",
                activity.location,
            )
        )
    if registration.member_id:
        parts.append(
            format_html(
                '<p class="fw-bold mb-2">{}</p>',
                gettext("Seat of %(name)s (your household)")
                % {"name": registration.member.name},
            )
        )
    return format_html_join("", "{}", ((part,) for part in parts))
