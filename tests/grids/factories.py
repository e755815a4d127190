"""Factories for the grid pages' tests that tests/factories.py does not have."""

import factory
from django.utils import timezone

from grids.models import CivilityPoster, ConventionArticle


class ConventionArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConventionArticle

    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"文明公约第{n + 1}条")


class CivilityPosterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CivilityPoster

    title = factory.Sequence(lambda n: f"文明宣传画{n}")
    image = factory.django.ImageField(width=16, height=12, color="blue")


# --- Grid work (entries are normally made through grids.services) ----------------------


def _topic():
    from grids.models import VisitTopic

    return VisitTopic.objects.get_or_create(name="养老关爱")[0]


def _category():
    from grids.models import IssueCategory

    return IssueCategory.objects.get_or_create(name="安全隐患")[0]


class GridEntryFactory(factory.django.DjangoModelFactory):
    building = factory.SubFactory("tests.factories.BuildingFactory")
    grid = factory.LazyAttribute(lambda o: o.building.grid)
    author = factory.SubFactory("tests.factories.UserFactory")
    submission_key = factory.Faker("uuid4", cast_to=None)


class VisitLogFactory(GridEntryFactory):
    class Meta:
        model = "grids.VisitLog"

    visited_on = factory.LazyFunction(timezone.localdate)
    unit = "2-301"
    topic = factory.LazyFunction(_topic)
    notes = "走访独居老人，身体状况良好。"


class IssueReportFactory(GridEntryFactory):
    class Meta:
        model = "grids.IssueReport"

    category = factory.LazyFunction(_category)
    description = "楼道堆放杂物，存在消防隐患。"


class SortingCheckFactory(GridEntryFactory):
    class Meta:
        model = "grids.SortingCheck"

    checked_on = factory.LazyFunction(timezone.localdate)
    households_checked = 20
    households_correct = 15
    households_aware = 18
