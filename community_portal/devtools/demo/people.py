"""The demo's people: one account per role, and the project teams."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import (
    check_password,
    is_password_usable,
    make_password,
)
from django.contrib.auth.models import Group

from community_portal.permissions import Role
from grids.models import Building, Grid
from venues.models import Alliance
from volunteers.models import Team

from . import content
from .writer import Writer


def load_accounts(writer: Writer, *, grids: dict[int, Grid]) -> dict:
    User = get_user_model()
    users = {}
    for username, name, _label, role, extra in content.ACCOUNTS:
        values = {
            "name": name,
            "is_active": True,
            "is_staff": False,
            "is_superuser": False,
            **extra,
        }
        if "building" in values:
            values["building"] = Building.objects.get(number=values["building"])
        groups = [Group.objects.get_or_create(name=role)[0]] if role else []
        user = writer.upsert(
            User, lookup={"username": username}, values=values, m2m={"groups": groups}
        )
        users[username] = user
    _set_demo_password(users.values(), writer=writer)
    _load_grid_workers(writer, grids=grids, gridworker=users["gridworker"])
    return users


def _load_grid_workers(writer: Writer, *, grids: dict[int, Grid], gridworker) -> None:
    """A worker for every grid: the demo account on grid 1, and on the others
    people who cannot sign in (an unusable password), each with a phone."""
    User = get_user_model()
    role = Group.objects.get_or_create(name=Role.GRID_WORKER)[0]
    workers = {1: gridworker}
    for number, (name, phone) in content.GRID_WORKERS.items():
        workers[number] = writer.upsert(
            User,
            lookup={"username": f"demo-gridworker-{number}"},
            values={"name": name, "phone": phone},
            create_values={"password": make_password(None), "is_active": True},
            m2m={"groups": [role]},
        )
    for number, worker in workers.items():
        grid = grids[number]
        if not grid.workers.filter(pk=worker.pk).exists():
            grid.workers.add(worker)


def _set_demo_password(users: Iterable, *, writer: Writer) -> None:
    """Give new demo accounts (refreshing: every demo account whose password changed)
    the printed password, hashing as little as possible: one hash shared by all
    accounts, and each distinct stored hash checked once."""
    works: dict[str, bool] = {}
    encoded = None
    for user in users:
        # New accounts have an empty password, which Django counts as "usable".
        had_password = bool(user.password) and is_password_usable(user.password)
        if user.password not in works:
            works[user.password] = had_password and (
                not writer.refresh
                or check_password(content.DEMO_PASSWORD, user.password)
            )
        if not works[user.password]:
            # A fresh hash only when needed: hashing salts anew, a changed value.
            encoded = encoded or make_password(content.DEMO_PASSWORD)
            user.password = encoded
            user.save(update_fields=["password"])
            if had_password:
                writer.stats["updated"] += 1


def load_teams(
    writer: Writer, *, users: dict, alliances: dict[str, Alliance]
) -> dict[str, Team]:
    teams = {}
    for position, data in enumerate(content.TEAMS, start=1):
        alliance = alliances[data["alliance"]] if data.get("alliance") else None
        teams[data["slug"]] = writer.upsert(
            Team,
            lookup={"slug": data["slug"]},
            values={
                "name": data["name"],
                "strand": data["strand"],
                "summary": data["summary"],
                "description": data.get("description", data["summary"]),
                "leader": users[data["leader"]] if data.get("leader") else None,
                "alliance": alliance,
                "is_active": True,
                "position": position,
            },
            images={
                "cover": writer.picture(
                    colour=data["colour"],
                    motif=data["motif"],
                    seed=data["slug"],
                    name=f"team-{data['slug']}",
                )
            },
        )
    return teams
