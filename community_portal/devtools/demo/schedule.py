"""The demo's activities, on dates computed from calendar rules."""

import datetime
from collections.abc import Iterator

from django.utils import timezone

from activities.models import Activity, Campaign
from grids.models import Grid
from venues.models import Alliance, Space, Venue
from volunteers.models import Team

from . import content, dates
from .writer import Writer

QUARTER_NUMERALS = "一二三四"


def occurrences(
    series: content.Series, *, today: datetime.date
) -> Iterator[tuple[datetime.date, dict]]:
    """The dates of ``series`` that the demo holds, with the values for its title."""
    start, end = dates.demo_window(today=today)
    kind = series.rule[0]
    if kind in ("festival", "annual"):
        for year in (today.year - 1, today.year, today.year + 1):
            if kind == "festival":
                day = dates.festival_date(name=series.rule[1], year=year)
            else:
                day = datetime.date(year, series.rule[1], series.rule[2])
            if year == today.year or start <= day <= end:
                yield day, {"year": year}
    elif kind == "quarterly":
        _kind, month_of_quarter, weekday, n = series.rule
        for year, quarter in dates.quarters_between(start=start, end=end):
            month = (quarter - 1) * 3 + month_of_quarter
            day = dates.nth_weekday(year=year, month=month, weekday=weekday, n=n)
            yield day, {"year": year, "quarter": QUARTER_NUMERALS[quarter - 1]}
    else:
        # Regular sessions take a break on the festivals: the festival team has the day.
        festival_days = {
            dates.festival_date(name=name, year=year)
            for year in (start.year, end.year)
            for name in dates.FESTIVALS
        }
        for year, month in dates.months_between(start=start, end=end):
            if kind == "monthly_day":
                day = datetime.date(year, month, series.rule[1])
            else:
                day = dates.nth_weekday(
                    year=year, month=month, weekday=series.rule[1], n=series.rule[2]
                )
            if start <= day <= end and day not in festival_days:
                yield day, {"year": year, "month": month}


def _rotating_grid(series: content.Series, day: datetime.date) -> int:
    # Each rotating series starts from its own grid, so they do not all meet.
    offset = sum(map(ord, series.key))
    return (day.year * 12 + day.month + offset) % 9 + 1


def load_activities(
    writer: Writer,
    *,
    venues: dict[str, Venue],
    grids: dict[int, Grid],
    alliances: dict[str, Alliance],
    teams: dict[str, Team],
) -> list[Activity]:
    now = timezone.now()
    today = timezone.localdate(now)
    zone = timezone.get_default_timezone()
    campaigns = {campaign.slug: campaign for campaign in Campaign.objects.all()}
    wanted = {slug for series in content.ALL_SERIES for slug in series.campaigns}
    if missing := wanted - set(campaigns):
        # They come from a data migration, so a flushed database lacks them.
        raise LookupError(
            f"Central-work campaigns {sorted(missing)} are missing. The migration "
            "activities 0002 creates them; after `manage.py flush`, start from a new "
            "database (make distclean) or add them again in the admin."
        )
    spaces = {space.name: space for space in Space.objects.all()}
    team_colours = {data["slug"]: data["colour"] for data in content.TEAMS}
    venue_colours = {data["slug"]: data["colour"] for data in content.VENUES}
    activities = []
    for series in content.ALL_SERIES:
        colour = (
            series.colour
            or team_colours.get(series.team or "")
            or venue_colours.get(series.venue or "", "#7f8c8d")
        )
        for day, title_values in occurrences(series, today=today):
            hour, minute = map(int, series.start.split(":"))
            starts_at = datetime.datetime.combine(
                day, datetime.time(hour, minute), tzinfo=zone
            )
            grid = None
            location = series.location
            if series.grid == "rotate":
                grid = grids[_rotating_grid(series, day)]
            elif series.grid:
                grid = grids[series.grid]
            if grid and not location:
                location = f"{grid.number}号网格{grid.stairwell}"
            values = {
                "strand": series.strand,
                "venue": venues[series.venue] if series.venue else None,
                "space": spaces[series.space] if series.space else None,
                "grid": grid,
                "location": location,
                "team": teams[series.team] if series.team else None,
                "alliance": alliances[series.alliance] if series.alliance else None,
                "starts_at": starts_at,
                "ends_at": starts_at + datetime.timedelta(minutes=series.minutes),
                "audience": series.audience,
                "capacity": series.capacity,
                "summary": series.summary,
                "description": series.description,
                "min_age": series.min_age,
                "max_companions": series.max_companions,
            }
            create_values = {}
            if day.month in series.cancelled_months:
                values["status"] = Activity.Status.CANCELLED
                values["cancellation_reason"] = content.CANCELLATION_REASON
            elif series.drafts_ahead and starts_at > now + datetime.timedelta(
                days=content.DRAFT_DAYS_AHEAD
            ):
                # Only when created: staff publish drafts, a later run must not undo it.
                create_values["status"] = Activity.Status.DRAFT
            else:
                create_values["status"] = Activity.Status.PUBLISHED
            activities.append(
                writer.upsert(
                    Activity,
                    lookup={"title": series.title.format(**title_values)},
                    values=values,
                    create_values=create_values,
                    images={
                        "cover": writer.picture(
                            colour=colour,
                            motif=series.motif,
                            seed=series.key,
                            name=f"activity-{series.key}-{day:%Y%m%d}",
                        )
                    },
                    m2m={"campaigns": [campaigns[slug] for slug in series.campaigns]},
                )
            )
    return activities
