"""The pretix side of ``make bench-peer``: one organizer, one event, 20 products.

Run with pretix's own environment and settings (``bench/peer/run.sh`` does)::

    PRETIX_CONFIG_FILE=.../pretix.cfg DJANGO_SETTINGS_MODULE=pretix.settings \
        bench/peer/.venv/bin/python bench/peer/setup_pretix.py

Idempotent: the organizer ``bench``, its event ``community`` (live, public, a month
from now, two categories), 20 products (4 of them free) each with a quota of its own
of 50 to 240 places, a tax rule, bank transfer on, all made or brought up to date
through pretix's models, the way its event wizard and quick setup make them. Prints
the event's path.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import django
from i18nfield.strings import LazyI18nString

ORGANIZER = "bench"
EVENT = "community"
PRODUCTS = 20
CATEGORIES = ("Workshops", "Talks and visits")


def _text(value: str) -> LazyI18nString:
    return LazyI18nString({"en": value})


def main() -> None:
    django.setup()
    from django.db import transaction
    from django_scopes import scopes_disabled

    with scopes_disabled(), transaction.atomic():
        _build()


def _build() -> None:
    from django.conf import settings
    from django.utils.timezone import now
    from pretix.base.models import (
        Event,
        Item,
        ItemCategory,
        Organizer,
        Quota,
        TaxRule,
    )

    organizer, _ = Organizer.objects.get_or_create(
        slug=ORGANIZER, defaults={"name": "Community bench organizer"}
    )
    start = (now() + dt.timedelta(days=30)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    event = Event.objects.filter(organizer=organizer, slug=EVENT).first()
    created = event is None
    if created:
        event = Event(organizer=organizer, slug=EVENT)
    event.name = _text("Community practice day")
    event.currency = "EUR"
    event.date_from = start
    event.date_to = start + dt.timedelta(hours=8)
    event.location = _text("Community centre, 1 Example Road")
    event.live = True
    event.is_public = True
    event.presale_start = None
    event.presale_end = None
    event.save()
    if created:
        # What pretix's event wizard does for a new event (control/views/main.py).
        plugins = settings.PRETIX_PLUGINS_DEFAULT.split(",")
        event.set_active_plugins(plugins, allow_restricted=plugins)
        event.save(update_fields=["plugins"])
        event.checkin_lists.create(name="Default", all_products=True)
        event.set_defaults()
    event.settings.set("timezone", "UTC")
    event.settings.set("locale", "en")
    event.settings.set("locales", ["en"])
    event.settings.set("payment_banktransfer__enabled", True)
    event.settings.set("payment_banktransfer_bank_details_type", "other")
    event.settings.set("payment_banktransfer_bank_details", _text("Bench bank"))
    event.settings.set("show_quota_left", True)

    tax, _ = TaxRule.objects.get_or_create(
        event=event, name=_text("VAT"), defaults={"rate": Decimal("19.00")}
    )
    categories = []
    for position, name in enumerate(CATEGORIES):
        category, _ = ItemCategory.objects.get_or_create(
            event=event, position=position, defaults={"name": _text(name)}
        )
        categories.append(category)

    for number in range(1, PRODUCTS + 1):
        name = f"Product {number:02d}"
        item = Item.objects.filter(event=event, internal_name=name).first() or Item(
            event=event, internal_name=name
        )
        item.name = _text(f"Session {number:02d}: community practice workshop")
        item.description = _text(
            f"Hands-on session number {number}, two hours, all ages welcome."
        )
        item.category = categories[number % len(categories)]
        item.default_price = Decimal(0 if number % 5 == 0 else 5 + number)
        item.tax_rule = tax
        item.admission = True
        item.active = True
        item.position = number
        item.save()
        quota = Quota.objects.filter(event=event, name=name).first() or Quota(
            event=event, name=name
        )
        quota.size = 40 + 10 * number
        quota.save()
        quota.items.set([item])
    event.cache.clear()
    print(
        json.dumps(
            {
                "path": f"/{organizer.slug}/{event.slug}/",
                "products": Item.objects.filter(event=event, active=True).count(),
                "quotas": Quota.objects.filter(event=event).count(),
                "created": created,
            }
        )
    )


if __name__ == "__main__":
    main()
