"""The demo loader's writer: create (or, refreshing, update) rows by natural key."""

from collections import Counter
from collections.abc import Callable, Iterable

from django.core.files.base import ContentFile
from django.db import models

from . import pictures


class Writer:
    """Create (or, refreshing, update) by natural key, counting what changed."""

    def __init__(self, *, refresh: bool) -> None:
        self.refresh = refresh
        self.stats: Counter[str] = Counter()
        self._paintings: dict[tuple[str, str, str], bytes] = {}

    def picture(self, *, colour: str, motif: str, seed: str, name: str):
        def make() -> ContentFile:
            key = (colour, motif, seed)
            if key not in self._paintings:
                self._paintings[key] = pictures.paint(
                    colour=colour, motif=motif, seed=seed
                )
            return ContentFile(self._paintings[key], name=f"{name}.jpg")

        return make

    @staticmethod
    def _differences(obj: models.Model, values: dict) -> list[str]:
        """Set the differing ``values`` on ``obj``; return the names of those fields."""
        dirty = []
        for name, value in values.items():
            field = obj._meta.get_field(name)
            wanted = value.pk if isinstance(value, models.Model) else value
            if getattr(obj, field.attname) != wanted:
                setattr(obj, name, value)
                dirty.append(name)
        return dirty

    def upsert(
        self,
        model: type[models.Model],
        *,
        lookup: dict,
        values: dict | None = None,
        create_values: dict | None = None,
        images: dict[str, Callable[[], ContentFile]] | None = None,
        m2m: dict[str, Iterable[models.Model]] | None = None,
    ):
        values = values or {}
        images = images or {}
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values, **(create_values or {}))
            for name, make in images.items():
                setattr(obj, name, make())
            obj.save()
            outcome = "created"
        else:
            dirty = self._differences(obj, values) if self.refresh else []
            for name, make in images.items():
                if not getattr(obj, name):
                    setattr(obj, name, make())
                    dirty.append(name)
            if dirty and any(f.name == "updated_at" for f in model._meta.fields):
                dirty.append("updated_at")
            if dirty:
                obj.save(update_fields=dirty)
            outcome = "updated" if dirty else "unchanged"
        for name, related in (m2m or {}).items():
            if outcome != "created" and not self.refresh:
                break
            manager = getattr(obj, name)
            wanted = {item.pk for item in related}
            if set(manager.values_list("pk", flat=True)) != wanted:
                manager.set(wanted)
                if outcome == "unchanged":
                    outcome = "updated"
        self.stats[outcome] += 1
        return obj
