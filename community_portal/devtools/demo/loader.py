"""The demo loader: writes everything in ``content`` in one transaction.

Rows are found by their natural keys (slugs, numbers, names, titles). Missing rows
are created; existing ones are left as they are (``make run`` loads the demo on every
start, and edits made while trying the portal must survive that), unless ``refresh``
asks to put their values back. Either way only differing values are saved, so a second
run writes nothing, and images that are already set are never drawn again. The
schedule is computed from calendar rules (festival dates from lunar-python, "second
Saturday", "first month of the quarter"), never from offsets to today, so a run on a
later day finds the same titles on the same dates and only adds the months that have
come into the window.

One module per part, in the order they load: ``places`` (venues, grids, alliances),
``people`` (accounts, teams), ``schedule`` (activities), ``work`` (volunteers, grid
work, matters), ``gallery`` (works, exhibitions, bookings), ``households``,
``selections`` (the selections with public voting), ``lived_in`` (residents at the
past activities, ratings, records, volunteers' hours, history); ``writer`` writes
the rows.
"""

from django.db import transaction

from grids.models import Building
from venues.models import Merchant, Space

from . import content
from .gallery import load_bookings, load_gallery
from .households import load_households
from .lived_in import load_lived_in
from .people import load_accounts, load_teams
from .places import load_alliances, load_grids, load_venues
from .schedule import load_activities
from .selections import load_selections
from .work import load_grid_work, load_volunteers
from .writer import Writer


def demo_load(*, stdout=None, refresh: bool = False) -> dict:
    """Load what is missing of the demo (with ``refresh``, also put edited demo rows
    back to their demo values); return counts and the accounts."""
    writer = Writer(refresh=refresh)

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message)

    with transaction.atomic():
        venues = load_venues(writer)
        say(f"Venues: {len(venues)}, spaces: {Space.objects.count()}")
        grids = load_grids(writer)
        say(f"Grids: {len(grids)}, buildings: {Building.objects.count()}")
        alliances = load_alliances(writer)
        say(f"Alliances: {len(alliances)}, merchants: {Merchant.objects.count()}")
        users = load_accounts(writer, grids=grids)
        say(f"Demo accounts: {len(users)}")
        teams = load_teams(writer, users=users, alliances=alliances)
        say(f"Teams: {len(teams)}")
        activities = load_activities(
            writer, venues=venues, grids=grids, alliances=alliances, teams=teams
        )
        say(f"Activities: {len(activities)}")
        volunteers = load_volunteers(users=users, teams=teams)
        say(f"Volunteers: {volunteers}")
        grid_work = load_grid_work(writer, users=users, grids=grids)
        say(f"Grid work entries and matters: {grid_work}")
        works = load_gallery(writer, users=users, teams=teams, grids=grids)
        say(f"Gallery works: {works}")
        bookings = load_bookings(users=users)
        say(f"Bookings made: {bookings}")
        households = load_households(writer)
        say(f"Households: {households}")
        selections = load_selections(writer, users=users)
        say(f"Selections' candidates: {selections}")
        lived_in = load_lived_in(writer, users=users)
        say(f"Registrations of past activities: {lived_in}")

    return {
        "created": writer.stats["created"],
        "updated": writer.stats["updated"],
        "unchanged": writer.stats["unchanged"],
        "venues": len(venues),
        "grids": len(grids),
        "alliances": len(alliances),
        "teams": len(teams),
        "activities": len(activities),
        "password": content.DEMO_PASSWORD,
        "accounts": [
            (username, label)
            for username, _name, label, _role, _extra in content.ACCOUNTS
        ],
    }
