"""Helpers shared by the activities tests: building data through the services,
the staff pages' addresses, the admin's forms as a page fills them in."""

import datetime

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone, translation

from activities.models import Activity, Campaign, Registration
from activities.services import registration_create
from tests.factories import (
    ActivityFactory,
    AllianceFactory,
    GridFactory,
    SpaceFactory,
    UserFactory,
)


def hours(n: float) -> datetime.timedelta:
    return datetime.timedelta(hours=n)


def sign_up(activity: Activity, user=None, **kwargs) -> Registration:
    return registration_create(
        activity_id=activity.pk, user=user or UserFactory(), **kwargs
    )


def statuses(activity: Activity) -> list[tuple[str, str]]:
    return list(
        Registration.objects.filter(activity=activity)
        .order_by("id")
        .values_list("user__username", "status")
    )


def page(response) -> str:
    return response.content.decode()


def checkin_url(activity) -> str:
    return reverse("activities:checkin", kwargs={"pk": activity.pk})


def record_url(activity) -> str:
    return reverse("activities:record", kwargs={"pk": activity.pk})


SATISFACTION_URL = reverse("activities:staff_satisfaction")


def today_activity(**kwargs):
    """An activity going on now: the door is open."""
    starts_at = timezone.now() - datetime.timedelta(minutes=30)
    return ActivityFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), **kwargs
    )


def held_activity(**kwargs):
    starts_at = timezone.now() - datetime.timedelta(days=1)
    return ActivityFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), **kwargs
    )


def in_chinese(message: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(message)


def url(model, view, *args) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def run_action(client, model, action, objects, **extra):
    return client.post(
        url(model, "changelist"),
        {
            "action": action,
            ACTION_CHECKBOX_NAME: [obj.pk for obj in objects],
            "index": "0",
            **extra,
        },
        follow=True,
    )


def change_form_data(client, activity) -> dict:
    """The activity's change form as the page fills it in, with empty inlines."""
    page = client.get(url(Activity, "change", activity.pk))
    data = {}
    for bound in page.context["adminform"].form:
        value = bound.value()
        if value is None or value is False:
            continue
        if bound.name in ("starts_at", "ends_at") or bound.name.startswith(
            "registration_"
        ):
            local = timezone.localtime(getattr(activity, bound.name))
            data[f"{bound.html_name}_0"] = local.strftime("%Y-%m-%d")
            data[f"{bound.html_name}_1"] = local.strftime("%H:%M:%S")
            continue
        if bound.name == "campaigns":
            data[bound.html_name] = [str(pk) for pk in value]
            continue
        if bound.name == "cover":
            continue
        data[bound.html_name] = "on" if value is True else str(value)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(
            {
                f"{formset.prefix}-TOTAL_FORMS": str(formset.initial_form_count()),
                f"{formset.prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
                f"{formset.prefix}-MIN_NUM_FORMS": "0",
                f"{formset.prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for index, form in enumerate(formset.initial_forms):
            data[f"{formset.prefix}-{index}-id"] = str(form.instance.pk)
            data[f"{formset.prefix}-{index}-activity"] = str(activity.pk)
    return data


def add_prefix(client, activity) -> str:
    page = client.get(url(Activity, "change", activity.pk))
    prefixes = [
        inline.formset.prefix for inline in page.context["inline_admin_formsets"]
    ]
    assert len(prefixes) == 2
    return prefixes[1]


LIST_URL = reverse("activities:list")


def build_activities(count):
    campaigns = list(Campaign.objects.all()[:3])
    for index in range(count):
        space = SpaceFactory()
        activity = ActivityFactory(
            venue=space.venue,
            space=space,
            alliance=AllianceFactory(),
            grid=GridFactory(number=index % 9 + 1),
            status=Activity.Status.CANCELLED if index % 5 == 0 else "published",
            starts_at=timezone.now() + datetime.timedelta(days=1, hours=index),
        )
        activity.campaigns.set(campaigns)


def banquet() -> Activity:
    """悦寿宴, for residents aged 80 and over."""
    return ActivityFactory(title="悦寿宴", min_age=80)


CALENDAR_URL = reverse("activities:calendar")


def open_door(time_machine, activity: Activity, *, minutes: int = 5) -> None:
    """Move the clock to ``minutes`` after the start: check-in is open."""
    time_machine.move_to(activity.starts_at + datetime.timedelta(minutes=minutes))
