"""factory_boy factories shared by every app's tests."""

import datetime
from io import BytesIO

import factory
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from activities.models import Activity, Audience
from community_portal.accounts.models import User
from community_portal.permissions import Role
from grids.models import Building, Grid, GridContent
from venues.models import Alliance, Merchant, Programme, Space, Venue
from volunteers.models import Strand, Team


def jpeg_upload(name="photo.jpg", size=(40, 30), colour=(200, 30, 30)):
    """A small, real JPEG as a browser would upload it."""
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"居民{n}号")
    phone = factory.Sequence(lambda n: f"138{n:08d}")
    password = factory.PostGenerationMethodCall("set_password", "pass-word-123")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        _add_roles(self, create, extracted)


def _add_roles(user, create, roles) -> None:
    if create and roles:
        user.groups.add(*Group.objects.filter(name__in=list(roles)))
    if create:
        user.save()


class StaffUserFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        _add_roles(self, create, [Role.STAFF] if extracted is None else extracted)


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"阵地{n}")
    slug = factory.Sequence(lambda n: f"venue-{n}")
    kind = Venue.Kind.CULTURE_HOME
    summary = "社区文化阵地"


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space

    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"场所{n}")
    purpose = "活动室"
    capacity = 30


class AllianceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alliance

    name = factory.Sequence(lambda n: f"共建单位{n}")
    slug = factory.Sequence(lambda n: f"alliance-{n}")
    summary = "共建同盟"


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    alliance = factory.SubFactory(AllianceFactory)
    name = factory.Sequence(lambda n: f"项目{n}")


class MerchantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Merchant

    alliance = factory.SubFactory(AllianceFactory)
    name = factory.Sequence(lambda n: f"商户{n}")


class GridFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grid
        django_get_or_create = ["number"]

    number = factory.Sequence(lambda n: n % 9 + 1)
    theme = factory.LazyAttribute(lambda o: f"悦{o.number}")
    theme_meaning = "主题"
    slogan = "标语"
    stairwell = factory.LazyAttribute(lambda o: f"悦{o.number}楼道")


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building
        django_get_or_create = ["number"]

    number = factory.Sequence(lambda n: n + 1)
    grid = factory.SubFactory(GridFactory)


class GridContentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GridContent

    grid = factory.SubFactory(GridFactory)
    kind = GridContent.Kind.FAMILY_TRADITION
    title = factory.Sequence(lambda n: f"家风{n}")
    body = "孝老爱亲，勤俭持家。"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"团队{n}")
    slug = factory.Sequence(lambda n: f"team-{n}")
    strand = Strand.VOLUNTEERING
    summary = "项目团队"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    title = factory.Sequence(lambda n: f"活动{n}")
    strand = Strand.MODERN_IDEAS
    venue = factory.SubFactory(VenueFactory)
    team = factory.SubFactory(TeamFactory)
    starts_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=3)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    audience = Audience.EVERYONE
    capacity = 30
    summary = "社区活动"
    status = Activity.Status.PUBLISHED
