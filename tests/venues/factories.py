"""Factories for the venue pages' tests that tests/factories.py does not have."""

import factory

from tests.factories import SpaceFactory
from venues.models import Pledge, SpacePhoto


class SpacePhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpacePhoto

    space = factory.SubFactory(SpaceFactory)
    image = factory.django.ImageField(width=16, height=12, color="red")
    caption = factory.Sequence(lambda n: f"照片{n}")


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge
        django_get_or_create = ["name"]

    name = factory.Iterator(["诚信经营", "文明餐桌"])


class MatterFactory(factory.django.DjangoModelFactory):
    """A matter made directly (tests of the service make theirs through it)."""

    class Meta:
        model = "venues.Matter"

    title = factory.Sequence(lambda n: f"说事{n}：楼道灯不亮")
    description = "三单元楼道灯坏了一周，晚上出入不便。"
    category = "facilities"
    author = factory.SubFactory("tests.factories.UserFactory")
    submission_key = factory.Faker("uuid4", cast_to=None)
