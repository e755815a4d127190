"""The demo's places: the venues and their spaces, the grids and buildings, the
alliances."""

import datetime

from grids.models import Building, CivilityPoster, ConventionArticle, Grid, GridContent
from venues.models import (
    Alliance,
    Merchant,
    Pledge,
    Programme,
    Space,
    SpacePhoto,
    Venue,
)

from . import content
from .writer import Writer


def load_venues(writer: Writer) -> dict[str, Venue]:
    venues = {}
    for position, data in enumerate(content.VENUES, start=1):
        venues[data["slug"]] = writer.upsert(
            Venue,
            lookup={"slug": data["slug"]},
            values={
                "name": data["name"],
                "kind": data["kind"],
                "summary": data["summary"],
                "description": data["description"],
                "position": position,
                "address": data["address"],
                "office_phone": data["office_phone"],
            },
            images={
                "cover": writer.picture(
                    colour=data["colour"],
                    motif=data["motif"],
                    seed=data["slug"],
                    name=f"venue-{data['slug']}",
                )
            },
        )
    cube = venues["yue-cube"]
    for position, data in enumerate(content.SPACES, start=1):
        space = writer.upsert(
            Space,
            lookup={"name": data["name"]},
            values={
                "venue": cube,
                "purpose": data["purpose"],
                "description": data["description"],
                "opening_hours": data["opening_hours"],
                "capacity": data["capacity"],
                "location": data["location"],
                "position": position,
                "shows_gallery": data["name"] == "悦珍阁",
                **_booking_values(data["name"]),
            },
            images={
                "cover": writer.picture(
                    colour=data["colour"],
                    motif=data["motif"],
                    seed=data["name"],
                    name=f"space-{position}",
                )
            },
        )
        for number, caption in enumerate(data["photos"], start=1):
            writer.upsert(
                SpacePhoto,
                lookup={"space": space, "caption": caption},
                values={"position": number},
                images={
                    "image": writer.picture(
                        colour=data["colour"],
                        motif=data["motif"],
                        seed=caption,
                        name=f"space-{position}-photo-{number}",
                    )
                },
            )
    return venues


def load_grids(writer: Writer) -> dict[int, Grid]:
    grids = {}
    for data in content.GRIDS:
        number = data["number"]
        grids[number] = writer.upsert(
            Grid,
            lookup={"number": number},
            values={
                "theme": data["theme"],
                "theme_meaning": data["theme_meaning"],
                "slogan": data["slogan"],
                "stairwell": data["stairwell"],
                "description": (
                    f"{number}号网格以“{data['theme']}”为主题，打造{data['stairwell']}，"
                    f"倡导{data['theme_meaning']}。{data['slogan']}。"
                ),
            },
            images={
                "cover": writer.picture(
                    colour=data["colour"],
                    motif=data["motif"],
                    seed=data["theme"],
                    name=f"grid-{number}",
                )
            },
        )
    for number in content.BUILDING_NUMBERS:
        writer.upsert(
            Building,
            lookup={"number": number},
            values={
                "grid": grids[content.grid_of_building(number)],
                "households": content.households_of_building(number),
            },
        )
    for number, entries in content.GRID_CONTENTS.items():
        for position, (kind, title, body) in enumerate(entries, start=1):
            writer.upsert(
                GridContent,
                lookup={"grid": grids[number], "title": title},
                values={
                    "kind": kind,
                    "body": body,
                    "is_published": True,
                    "position": position,
                },
            )
    for number, text in enumerate(content.CONVENTION_ARTICLES, start=1):
        writer.upsert(
            ConventionArticle, lookup={"number": number}, values={"text": text}
        )
    for position, (title, colour, motif, grid_number) in enumerate(
        content.POSTERS, start=1
    ):
        writer.upsert(
            CivilityPoster,
            lookup={"title": title},
            values={
                "grid": grids[grid_number] if grid_number else None,
                "is_published": True,
                "position": position,
            },
            images={
                "image": writer.picture(
                    colour=colour, motif=motif, seed=title, name=f"poster-{position}"
                )
            },
        )
    return grids


def load_alliances(writer: Writer) -> dict[str, Alliance]:
    alliances = {}
    for position, data in enumerate(content.ALLIANCES, start=1):
        alliances[data["slug"]] = writer.upsert(
            Alliance,
            lookup={"slug": data["slug"]},
            values={
                "name": data["name"],
                "summary": data["summary"],
                "description": data["description"],
                "address": data["address"],
                "position": position,
            },
            images={
                "cover": writer.picture(
                    colour=data["colour"],
                    motif=data["motif"],
                    seed=data["slug"],
                    name=f"alliance-{data['slug']}",
                )
            },
        )
    for position, data in enumerate(content.PROGRAMMES, start=1):
        writer.upsert(
            Programme,
            lookup={"alliance": alliances[data["alliance"]], "name": data["name"]},
            values={
                "summary": data["summary"],
                "description": data["description"],
                "location": data["location"],
                "position": position,
            },
            images={
                "cover": writer.picture(
                    colour=data["colour"],
                    motif=data["motif"],
                    seed=data["name"],
                    name=f"programme-{position}",
                )
            },
        )
    pledges = {
        name: writer.upsert(Pledge, lookup={"name": name}, values={"description": text})
        for name, text in content.PLEDGES
    }
    for name, business, location, pledge_names in content.MERCHANTS:
        writer.upsert(
            Merchant,
            lookup={"alliance": alliances["youpin"], "name": name},
            values={"business": business, "location": location, "is_active": True},
            m2m={"pledges": [pledges[pledge] for pledge in pledge_names]},
        )
    return alliances


def _booking_values(name: str) -> dict:
    """The booking settings of a space of 悦立方 (times as ``datetime.time``)."""
    values = dict(content.SPACE_BOOKING.get(name, {}))
    for key in ("opens_at", "closes_at"):
        if key in values:
            values[key] = datetime.time.fromisoformat(values[key])
    return values
