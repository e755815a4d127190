"""The Django admin: who gets in, that every page answers, that lists do not grow in
queries with their rows, and that bad input is refused on its field with nothing saved.

The registry is walked, so a model registered later is covered by the access tests at
once; the change-page and query-count tests ask for a row builder in ``ROW_BUILDERS``.
"""

import datetime
from io import BytesIO

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.forms import MultiWidget
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from PIL import Image

from activities.models import (
    Activity,
    ActivityRecord,
    ActivitySeries,
    Audience,
    Campaign,
    Rating,
    RecordPhoto,
    Registration,
)
from community_portal.accounts.models import User
from community_portal.accounts.roles import STAFF_EDITABLE_APPS
from community_portal.permissions import Role
from grids.models import (
    Building,
    CivilityPoster,
    ConventionArticle,
    Grid,
    GridContent,
    IssueCategory,
    IssueReport,
    SortingCheck,
    VisitLog,
    VisitTopic,
)
from venues.admin import PortalAdminMixin
from venues.models import (
    Alliance,
    Matter,
    Merchant,
    Pledge,
    Programme,
    Space,
    SpacePhoto,
    Venue,
)
from volunteers.models import (
    HoursEntry,
    MerchantClerk,
    PointsEntry,
    PointsRate,
    Redemption,
    Reward,
    SeasonalService,
    ServiceCategory,
    ServiceRequest,
    ServiceRequestPhoto,
    Team,
    TeamMembership,
    Volunteer,
    VolunteerRole,
    VolunteerShift,
)

from .factories import (
    ActivityFactory,
    AllianceFactory,
    BuildingFactory,
    GridContentFactory,
    GridFactory,
    MerchantFactory,
    ProgrammeFactory,
    SpaceFactory,
    TeamFactory,
    UserFactory,
    VenueFactory,
)
from .volunteers.factories import (
    HoursEntryFactory,
    RedemptionFactory,
    RewardFactory,
    ServiceRequestFactory,
    TeamMembershipFactory,
    VolunteerFactory,
    VolunteerRoleFactory,
    VolunteerShiftFactory,
    give_points,
)

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
# Community staff may only look at users; everything outside the content apps (auth
# groups, the login-attempt log) is for superusers. The volunteer alliance's ledgers
# (applications, hours, points, redemptions, requests) are written only through
# ``volunteers.services``: staff look at them and act through admin actions.
VIEW_ONLY = {
    User,
    # Registrations change through ``activities.services`` (actions, the door);
    # ratings are the residents' own words.
    Registration,
    Rating,
    Volunteer,
    TeamMembership,
    VolunteerShift,
    HoursEntry,
    PointsEntry,
    Redemption,
    ServiceRequest,
}


def staff_access(model) -> str:
    if model in VIEW_ONLY:
        return "view"
    if model._meta.app_label in STAFF_EDITABLE_APPS:
        return "full"
    return "none"


STAFF_VISIBLE = [model for model in REGISTERED if staff_access(model) != "none"]


def admin_url(model, view: str, *args) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def jpeg(size=(64, 48), colour=(200, 30, 30)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def upload(name="photo.jpg", data=None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg() if data is None else data, "image/jpeg")


def in_chinese(message) -> str:
    """A message as the (Chinese by default) admin shows it, HTML-escaped."""
    with translation.override("zh-hans"):
        return escape(translation.gettext(str(message)))


# --- Who gets in ---------------------------------------------------------------------


def model_id(model) -> str:
    return model._meta.label_lower


@pytest.mark.parametrize("model", REGISTERED, ids=model_id)
def test_staff_reach_changelist_and_add_page_as_their_group_allows(
    client, staff_user, model
):
    client.force_login(staff_user)
    access = staff_access(model)
    changelist = client.get(admin_url(model, "changelist"))
    add = client.get(admin_url(model, "add"))
    assert changelist.status_code == (403 if access == "none" else 200)
    assert add.status_code == (200 if access == "full" else 403)


@pytest.fixture(params=["anonymous", "resident", "team_leader", "grid_worker"])
def outsider(request, client):
    if request.param != "anonymous":
        client.force_login(request.getfixturevalue(request.param))
    return client


@pytest.mark.parametrize("model", REGISTERED, ids=model_id)
def test_everyone_else_is_sent_to_the_admin_login(outsider, model):
    login = reverse("admin:login")
    for view in ("changelist", "add"):
        url = admin_url(model, view)
        response = outsider.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(f"{login}?next="), response.url


def test_the_admin_index_lists_the_content_apps_for_staff(client, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    labels = {app["app_label"] for app in response.context["app_list"]}
    assert set(STAFF_EDITABLE_APPS) | {"accounts"} <= labels
    assert "auth" not in labels


# --- Rows to look at -----------------------------------------------------------------


def build_venues(n):
    venues = VenueFactory.create_batch(n, cover=upload())
    for venue in venues:
        SpaceFactory.create_batch(2, venue=venue)
    return venues


def build_spaces(n):
    spaces = SpaceFactory.create_batch(n, cover=upload())
    for space in spaces:
        SpacePhoto.objects.create(space=space, image=upload(), caption="展厅一角")
    return spaces


def build_space_photos(n):
    return [
        SpacePhoto.objects.create(space=SpaceFactory(), image=upload(), caption=f"{i}")
        for i in range(n)
    ]


def build_alliances(n):
    alliances = AllianceFactory.create_batch(n)
    for alliance in alliances:
        ProgrammeFactory(alliance=alliance)
        MerchantFactory(alliance=alliance)
    return alliances


def build_programmes(n):
    return ProgrammeFactory.create_batch(n)


def build_pledges(n):
    pledges = [
        Pledge.objects.create(name=f"承诺{Pledge.objects.count()}") for _ in range(n)
    ]
    for pledge in pledges:
        MerchantFactory().pledges.add(pledge)
    return pledges


def build_merchants(n):
    merchants = MerchantFactory.create_batch(n)
    pledges = [
        Pledge.objects.get_or_create(name=name)[0] for name in ("诚信经营", "文明餐桌")
    ]
    for merchant in merchants:
        merchant.pledges.add(*pledges)
    return merchants


def build_grids(n):
    # There are only nine grids: the "large" list is the full nine.
    taken = set(Grid.objects.values_list("number", flat=True))
    free = [number for number in range(1, 10) if number not in taken][: min(n, 9)]
    grids = [GridFactory(number=number, cover=upload()) for number in free]
    for grid in grids:
        BuildingFactory(grid=grid)
        GridContentFactory(grid=grid)
        grid.workers.add(UserFactory(roles=[Role.GRID_WORKER]))
    return grids


def build_buildings(n):
    grids = [GridFactory(number=number) for number in (1, 2, 3)]
    start = (
        Building.objects.order_by("-number").values_list("number", flat=True).first()
        or 0
    ) + 1
    return [
        Building.objects.create(number=start + i, grid=grids[i % 3], households=20)
        for i in range(n)
    ]


def build_grid_contents(n):
    return [GridContentFactory(grid=GridFactory(number=i % 9 + 1)) for i in range(n)]


def build_convention_articles(n):
    start = ConventionArticle.objects.count() + 1
    return [
        ConventionArticle.objects.create(number=start + i, text="邻里和睦，守望相助。")
        for i in range(n)
    ]


def build_posters(n):
    return [
        CivilityPoster.objects.create(
            title=f"文明宣传画{i}",
            image=upload(),
            grid=GridFactory(number=i % 9 + 1) if i % 2 else None,
        )
        for i in range(n)
    ]


def build_teams(n):
    return [
        TeamFactory(leader=UserFactory(), alliance=AllianceFactory(), cover=upload())
        for _ in range(n)
    ]


def build_campaigns(n):
    start = Campaign.objects.count()
    campaigns = [
        Campaign.objects.create(
            name=f"中心工作{start + i}", slug=f"campaign-{start + i}"
        )
        for i in range(n)
    ]
    for campaign in campaigns:
        ActivityFactory().campaigns.add(campaign)
    return campaigns


def build_activities(n):
    campaigns = list(Campaign.objects.all()[:2])
    activities = []
    for i in range(n):
        venue = VenueFactory()
        activity = ActivityFactory(
            venue=venue,
            space=SpaceFactory(venue=venue),
            alliance=AllianceFactory(),
            grid=GridFactory(number=i % 9 + 1),
            starts_at=timezone.now() + datetime.timedelta(days=40 * i - 300),
        )
        activity.campaigns.add(*campaigns)
        _register(activity, 2)
        activities.append(activity)
    return activities


def _register(activity, n, **kwargs):
    from tests.activities.factories import RegistrationFactory

    return RegistrationFactory.create_batch(n, activity=activity, **kwargs)


def _held_activity(**kwargs):
    starts_at = timezone.now() - datetime.timedelta(days=2)
    return ActivityFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), **kwargs
    )


def build_registrations(n):
    activity = _held_activity()
    checker = UserFactory()
    registrations = _register(activity, n // 2 + 1)
    for registration in registrations:
        registration.checked_in_at = timezone.now()
        registration.checked_in_by = checker
        registration.save()
    rest = n - len(registrations)
    if rest > 0:
        registrations += _register(activity, rest, waitlisted=True)
    return registrations


def build_series(n):
    return [
        ActivitySeries.objects.create(
            title=f"悦寿宴{i}",
            frequency=ActivitySeries.Frequency.QUARTERLY,
            starts_on=datetime.date(2030, 1, 15),
            ends_on=datetime.date(2030, 12, 31),
            start_time=datetime.time(11, 0),
            strand="volunteering",
            venue=VenueFactory(),
            team=TeamFactory(),
            summary="为80岁以上老人祝寿",
        )
        for i in range(n)
    ]


def build_records(n):
    records = []
    for _ in range(n):
        activity = _held_activity()
        _register(activity, 2, checked_in_at=timezone.now())
        record = ActivityRecord.objects.create(
            activity=activity, summary="共40位居民参加。", author=UserFactory()
        )
        RecordPhoto.objects.create(record=record, image=upload())
        records.append(record)
    return records


def build_ratings(n):
    activity = _held_activity()
    return [
        Rating.objects.create(
            activity=activity, user=UserFactory(), score=i % 5 + 1, comment="很好"
        )
        for i in range(n)
    ]


def build_users(n):
    building = BuildingFactory(number=901, grid=GridFactory(number=9))
    return [
        UserFactory(roles=[Role.GRID_WORKER, Role.TEAM_LEADER], building=building)
        for _ in range(n)
    ]


def build_volunteers(n):
    volunteers = VolunteerFactory.create_batch(n)
    for volunteer in volunteers:
        give_points(volunteer, 30)
    return volunteers


def build_memberships(n):
    return TeamMembershipFactory.create_batch(n)


def build_volunteer_roles(n):
    return VolunteerRoleFactory.create_batch(n)


def build_shifts(n):
    return VolunteerShiftFactory.create_batch(n)


def build_hours(n):
    return [HoursEntryFactory(entered_by=UserFactory()) for _ in range(n)]


def build_points_rates(n):
    last = PointsRate.objects.order_by("-valid_from").first()
    start = last.valid_from if last else datetime.date(2020, 1, 1)
    return [
        PointsRate.objects.create(
            valid_from=start + datetime.timedelta(days=i + 1), points_per_hour=10
        )
        for i in range(n)
    ]


def build_points_entries(n):
    return [give_points(VolunteerFactory(), 10) for _ in range(n)]


def build_rewards(n):
    return RewardFactory.create_batch(n, image=upload())


def build_clerks(n):
    return [
        MerchantClerk.objects.create(merchant=MerchantFactory(), user=UserFactory())
        for _ in range(n)
    ]


def build_redemptions(n):
    return RedemptionFactory.create_batch(n)


def build_service_categories(n):
    start = ServiceCategory.objects.count()
    return [ServiceCategory.objects.create(name=f"服务{start + i}") for i in range(n)]


def build_service_requests(n):
    requests = ServiceRequestFactory.create_batch(n)
    for request in requests:
        ServiceRequestPhoto.objects.create(request=request, image=upload())
    return requests


def build_seasonal_services(n):
    start = SeasonalService.objects.count()
    return [
        SeasonalService.objects.create(
            season="spring",
            month=3,
            name=f"季节服务{start + i}",
            activity_keyword="学雷锋",
        )
        for i in range(n)
    ]


def _grid_work_building():
    grid = GridFactory(number=1)
    return BuildingFactory(grid=grid)


def build_visit_topics(n):
    start = VisitTopic.objects.count()
    return [VisitTopic.objects.create(name=f"走访主题{start + i}") for i in range(n)]


def build_issue_categories(n):
    start = IssueCategory.objects.count()
    return [IssueCategory.objects.create(name=f"事件类别{start + i}") for i in range(n)]


def build_visit_logs(n):
    from tests.grids.factories import VisitLogFactory

    building = _grid_work_building()
    logs = VisitLogFactory.create_batch(n, building=building)
    for log in logs:
        log.photos.create(image=upload())
    return logs


def build_issue_reports(n):
    from tests.grids.factories import IssueReportFactory

    building = _grid_work_building()
    return [
        IssueReportFactory(building=building, assignee=UserFactory()) for _ in range(n)
    ]


def build_sorting_checks(n):
    from tests.grids.factories import SortingCheckFactory

    return SortingCheckFactory.create_batch(n, building=_grid_work_building())


def build_matters(n):
    from tests.venues.factories import MatterFactory

    building = _grid_work_building()
    matters = MatterFactory.create_batch(n, building=building)
    for matter in matters:
        matter.photos.create(image=upload())
        matter.events.create(kind="raised", by_user=matter.author)
    return matters


ROW_BUILDERS = {
    Venue: build_venues,
    Space: build_spaces,
    SpacePhoto: build_space_photos,
    Alliance: build_alliances,
    Programme: build_programmes,
    Pledge: build_pledges,
    Merchant: build_merchants,
    Grid: build_grids,
    Building: build_buildings,
    GridContent: build_grid_contents,
    ConventionArticle: build_convention_articles,
    CivilityPoster: build_posters,
    Team: build_teams,
    Campaign: build_campaigns,
    Activity: build_activities,
    User: build_users,
    VisitTopic: build_visit_topics,
    IssueCategory: build_issue_categories,
    VisitLog: build_visit_logs,
    IssueReport: build_issue_reports,
    SortingCheck: build_sorting_checks,
    Matter: build_matters,
    Volunteer: build_volunteers,
    TeamMembership: build_memberships,
    VolunteerRole: build_volunteer_roles,
    VolunteerShift: build_shifts,
    HoursEntry: build_hours,
    PointsRate: build_points_rates,
    PointsEntry: build_points_entries,
    Reward: build_rewards,
    MerchantClerk: build_clerks,
    Redemption: build_redemptions,
    ServiceCategory: build_service_categories,
    ServiceRequest: build_service_requests,
    SeasonalService: build_seasonal_services,
    Registration: build_registrations,
    ActivitySeries: build_series,
    ActivityRecord: build_records,
    Rating: build_ratings,
}


def builder_for(model):
    if model not in ROW_BUILDERS:
        pytest.fail(f"Add a row builder for {model._meta.label} to ROW_BUILDERS.")
    return ROW_BUILDERS[model]


@pytest.mark.parametrize("model", STAFF_VISIBLE, ids=model_id)
def test_staff_open_the_change_page_of_every_model(client, staff_user, model):
    obj = builder_for(model)(1)[0]
    client.force_login(staff_user)
    response = client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200
    # Staff may look at a user but not change one.
    assert response.context["has_change_permission"] is (model not in VIEW_ONLY)


@pytest.mark.parametrize("model", STAFF_VISIBLE, ids=model_id)
def test_changelist_queries_do_not_grow_with_the_rows(client, staff_user, model):
    build = builder_for(model)
    client.force_login(staff_user)
    url = admin_url(model, "changelist")
    client.get(url)  # warm the per-process caches (content types, …)

    build(3)
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200
    rows_few = response.context["cl"].result_count

    build(27)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count > rows_few

    queries = "\n".join(query["sql"] for query in many.captured_queries)
    assert len(many) == len(few), f"{len(few)} → {len(many)} queries:\n{queries}"


def test_the_changelists_show_thumbnails(client, staff_user):
    venue = build_venues(1)[0]
    client.force_login(staff_user)
    response = client.get(admin_url(Venue, "changelist"))
    thumb = venue.cover.name.rsplit(".", 1)[0] + ".thumb.jpg"
    assert f'<img src="/media/{thumb}"' in response.content.decode()


def test_autocomplete_answers_staff_for_every_autocomplete_field(client, staff_user):
    client.force_login(staff_user)
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if staff_access(model) != "full":
            continue
        inline_admins = [inline(model, admin.site) for inline in model_admin.inlines]
        for owner in [model_admin, *inline_admins]:
            for field_name in owner.autocomplete_fields:
                response = client.get(
                    reverse("admin:autocomplete"),
                    {
                        "app_label": owner.model._meta.app_label,
                        "model_name": owner.model._meta.model_name,
                        "field_name": field_name,
                        "term": "",
                    },
                )
                assert response.status_code == 200, (owner.model, field_name)
                checked += 1
    assert checked >= 10


def test_grid_workers_are_chosen_among_grid_workers_only(
    client, staff_user, resident, grid_worker
):
    client.force_login(staff_user)
    response = client.get(admin_url(Grid, "add"))
    choices = response.context["adminform"].form.fields["workers"].queryset
    assert grid_worker in choices
    assert resident not in choices
    assert staff_user not in choices


# --- Users: staff look, superusers manage --------------------------------------------


def test_staff_cannot_change_a_user_or_their_groups(client, staff_user, resident):
    client.force_login(staff_user)
    url = admin_url(User, "change", resident.pk)
    response = client.post(
        url, {"username": "resident", "name": "张小明", "groups": [1, 2, 3]}
    )
    assert response.status_code == 403
    assert not resident.groups.exists()


def test_a_superuser_creates_a_user_and_assigns_a_role(client, resident):
    root = User.objects.create_superuser(
        username="root", password="pass-word-123", name="管理员"
    )
    client.force_login(root)
    response = client.post(
        admin_url(User, "add"),
        {
            "username": "liduizhang",
            "name": "李队长",
            "phone": "13812341234",
            "password1": "Lantern-Festival-2025",
            "password2": "Lantern-Festival-2025",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="liduizhang")
    assert user.name == "李队长"
    assert user.check_password("Lantern-Festival-2025")

    leader_group = Group.objects.get(name=Role.TEAM_LEADER)
    change = client.get(admin_url(User, "change", user.pk))
    form = change.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and name != "password"
    }
    data.update(
        {
            "groups": [leader_group.pk],
            "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
            "building": "",
        }
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = client.post(admin_url(User, "change", user.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(user.groups.all()) == [leader_group]


# --- Bad input ------------------------------------------------------------------------


def post_add(client, model, data):
    """POST the add form of ``model`` with ``data``, on top of the form's simple
    defaults and empty management forms for every inline (so that fields with defaults
    and inlines added later do not break these tests)."""
    url = admin_url(model, "add")
    page = client.get(url)
    assert page.status_code == 200
    full = {}
    for bound in page.context["adminform"].form:
        initial = bound.initial
        if isinstance(bound.field.widget, MultiWidget) or initial is None:
            continue
        if initial is False or initial == "":
            continue
        if initial is True:
            full[bound.html_name] = "on"
        elif isinstance(initial, int | str):
            full[bound.html_name] = str(initial)
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        full.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    full.update(data)
    return client.post(url, full)


def field_errors(response, field) -> list[str]:
    assert response.status_code == 200, "the form should come back with its errors"
    with translation.override("zh-hans"):
        return [
            str(e) for e in response.context["adminform"].form.errors.get(field, [])
        ]


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def activity_data(**overrides):
    data = {
        "title": "端午包粽子",
        "strand": "traditional_culture",
        "status": Activity.Status.DRAFT,
        "summary": "邻里一起包粽子",
        "starts_at_0": "2030-06-01",
        "starts_at_1": "09:00:00",
        "ends_at_0": "2030-06-01",
        "ends_at_1": "11:00:00",
        "audience": Audience.EVERYONE,
        "capacity": "30",
    }
    data.update(overrides)
    return data


def test_a_valid_activity_is_saved(staff_client):
    venue = VenueFactory()
    space = SpaceFactory(venue=venue)
    response = post_add(
        staff_client,
        Activity,
        activity_data(
            venue=venue.pk, space=space.pk, campaigns=[Campaign.objects.first().pk]
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    activity = Activity.objects.get()
    assert activity.space == space
    assert activity.campaigns.count() == 1


@pytest.mark.parametrize("ends_at_1", ["08:00:00", "09:00:00"])
def test_an_activity_that_ends_before_it_starts_is_refused_on_ends_at(
    staff_client, ends_at_1
):
    response = post_add(staff_client, Activity, activity_data(ends_at_1=ends_at_1))
    message = "The end must be after the start."
    assert [in_chinese(message)] == [
        escape(e) for e in field_errors(response, "ends_at")
    ]
    assert in_chinese(message) in response.content.decode()
    assert not Activity.objects.exists()


def test_a_space_of_another_venue_is_refused_on_space(staff_client):
    venue, other = VenueFactory(), VenueFactory()
    space = SpaceFactory(venue=other)
    response = post_add(
        staff_client, Activity, activity_data(venue=venue.pk, space=space.pk)
    )
    message = "The chosen space does not belong to the chosen venue."
    assert field_errors(response, "space") == [in_chinese(message)]
    assert in_chinese(message) in response.content.decode()
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {},  # nothing at all
        {"starts_at_0": "not a date", "venue": "999999", "space": "999999"},
        {"space": "SPACE"},  # a space, no venue
        {"venue": "VENUE", "space": "", "ends_at_0": "", "ends_at_1": ""},
        {"capacity": "-3", "status": "archived", "strand": "nonsense"},
    ],
)
def test_broken_activity_forms_come_back_with_errors_not_a_500(staff_client, overrides):
    space = SpaceFactory()
    data = activity_data() if overrides else {}
    for key, value in overrides.items():
        data[key] = {"SPACE": space.pk, "VENUE": space.venue_id}.get(value, value)
    response = post_add(staff_client, Activity, data)
    if overrides == {"space": "SPACE"}:
        # A space without a venue is allowed by the model: it saves.
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not Activity.objects.exists()


def test_a_building_in_no_grid_is_refused_on_grid(staff_client):
    response = post_add(staff_client, Building, {"number": "27", "grid": ""})
    message = "Every building must belong to a grid."
    assert field_errors(response, "grid") == [in_chinese(message)]
    assert not Building.objects.exists()

    grid = GridFactory(number=4)
    response = post_add(staff_client, Building, {"number": "27", "grid": grid.pk})
    assert response.status_code == 302
    assert Building.objects.get().grid == grid


def grid_data(**overrides):
    data = {
        "number": "5",
        "theme": "悦邻",
        "theme_meaning": "睦邻友好",
        "slogan": "远亲不如近邻",
        "stairwell": "悦邻楼道",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("number", ["0", "10", "-1"])
def test_a_grid_number_outside_1_to_9_is_refused_on_number(staff_client, number):
    response = post_add(staff_client, Grid, grid_data(number=number))
    message = "The grid number must be between 1 and 9."
    assert field_errors(response, "number") == [in_chinese(message)]
    assert not Grid.objects.exists()


def test_a_grid_is_saved_with_its_buildings_and_content(staff_client):
    response = post_add(
        staff_client,
        Grid,
        {
            **grid_data(),
            "buildings-TOTAL_FORMS": "2",
            "buildings-0-number": "11",
            "buildings-0-households": "24",
            "buildings-1-number": "12",
            "contents-TOTAL_FORMS": "1",
            "contents-0-kind": GridContent.Kind.FAMILY_TRADITION,
            "contents-0-title": "家风家训",
            "contents-0-body": "孝老爱亲",
            "contents-0-is_published": "on",
            "contents-0-position": "0",
            "contents-0-image": upload(),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    grid = Grid.objects.get()
    assert sorted(grid.buildings.values_list("number", flat=True)) == [11, 12]
    assert grid.contents.get().image


@pytest.mark.parametrize(
    ("inline", "why"),
    [
        (
            {
                "buildings-TOTAL_FORMS": "1",
                "buildings-0-number": "7",  # taken by another grid's building
            },
            "A building with this number already exists.",
        ),
        (
            {
                "buildings-TOTAL_FORMS": "1",
                "buildings-0-number": "11",
                "contents-TOTAL_FORMS": "1",
                "contents-0-kind": GridContent.Kind.PARTY_BUILDING,
                "contents-0-title": "党建引领",
                "contents-0-body": "……",
                "contents-0-position": "0",
                "contents-0-image": SimpleUploadedFile("x.jpg", b"no picture here"),
            },
            "This file is not a recognisable image or it is incomplete. Please upload a JPG or PNG photo.",
        ),
    ],
)
def test_an_error_in_an_inline_saves_nothing(staff_client, inline, why):
    BuildingFactory(number=7, grid=GridFactory(number=1))
    response = post_add(staff_client, Grid, {**grid_data(), **inline})
    assert response.status_code == 200
    assert in_chinese(why) in response.content.decode()
    assert Grid.objects.count() == 1  # only grid 1, made above
    assert Building.objects.count() == 1
    assert not GridContent.objects.exists()


def truncated_jpeg() -> bytes:
    buffer = BytesIO()
    Image.effect_noise((400, 400), 64).convert("RGB").save(buffer, format="JPEG")
    whole = buffer.getvalue()
    return whole[: len(whole) // 2]


def oversize_jpeg() -> bytes:
    data = jpeg()
    return data + b"\0" * (20 * 1024 * 1024 + 1 - len(data))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"GIF89a but not really" * 10,
            "This file is not a recognisable image or it is incomplete. Please upload a JPG or PNG photo.",
        ),
        (
            truncated_jpeg(),
            "This file is not a recognisable image or it is incomplete. Please upload a JPG or PNG photo.",
        ),
        (
            oversize_jpeg(),
            "The image is too large (at most %(limit)d MB). Please choose another or compress it.",
        ),
    ],
    ids=["not-an-image", "truncated", "over-20-mb"],
)
def test_a_bad_image_is_refused_on_its_field(staff_client, data, message):
    response = post_add(
        staff_client,
        CivilityPoster,
        {"title": "文明宣传画", "image": upload("poster.jpg", data), "position": "0"},
    )
    errors = field_errors(response, "image")
    assert len(errors) == 1
    with translation.override("zh-hans"):
        assert errors == [translation.gettext(message) % {"limit": 20}]
    assert escape(errors[0]) in response.content.decode()
    assert not CivilityPoster.objects.exists()

    response = post_add(
        staff_client,
        CivilityPoster,
        {"title": "文明宣传画", "image": upload("poster.jpg"), "position": "0"},
    )
    assert response.status_code == 302
    assert CivilityPoster.objects.get().image


def test_a_bad_photo_in_the_space_inline_saves_no_space(staff_client):
    venue = VenueFactory()
    response = post_add(
        staff_client,
        Space,
        {
            "venue": venue.pk,
            "name": "悦健室",
            "purpose": "社区乒乓球室",
            "position": "0",
            "photos-TOTAL_FORMS": "2",
            "photos-0-image": upload("table.jpg"),
            "photos-0-position": "0",
            "photos-1-image": upload("cut.jpg", truncated_jpeg()),
            "photos-1-position": "1",
        },
    )
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.errors[1]["image"]
    assert not formset.errors[0]
    assert not Space.objects.exists()
    assert not SpacePhoto.objects.exists()


def test_venue_with_a_duplicate_space_name_saves_nothing(staff_client):
    SpaceFactory(name="悦荟区")
    response = post_add(
        staff_client,
        Venue,
        {
            "name": "“悦立方”文化家园",
            "slug": "yue-cube",
            "kind": Venue.Kind.CULTURE_HOME,
            "summary": "六个场所合为一家",
            "position": "0",
            "spaces-TOTAL_FORMS": "2",
            "spaces-0-name": "博悦舍",
            "spaces-0-purpose": "图书室",
            "spaces-0-position": "0",
            "spaces-1-name": "悦荟区",
            "spaces-1-purpose": "邻里中心休闲场所",
            "spaces-1-position": "1",
        },
    )
    assert response.status_code == 200
    assert not Venue.objects.filter(slug="yue-cube").exists()
    assert not Space.objects.filter(name="博悦舍").exists()


def junk_for(client, model) -> dict:
    """A forged value for every choice and number field of the add form."""
    form = client.get(admin_url(model, "add")).context["adminform"].form
    junk = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelMultipleChoiceField):
            junk[name] = ["abc", "1.5"]
        elif isinstance(field, forms.ModelChoiceField | forms.ChoiceField):
            junk[name] = "abc"
        elif isinstance(field, forms.IntegerField | forms.DecimalField):
            junk[name] = "x"
    return junk


@pytest.mark.parametrize(
    "model", [m for m in REGISTERED if staff_access(m) == "full"], ids=model_id
)
@pytest.mark.parametrize("kind", ["empty", "junk"])
def test_an_empty_or_junk_add_form_comes_back_with_errors(staff_client, model, kind):
    before = model._default_manager.count()
    data = junk_for(staff_client, model) if kind == "junk" else {}
    response = post_add(staff_client, model, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert model._default_manager.count() == before


def test_every_portal_admin_and_inline_uses_the_portal_mixin():
    """Checked image uploads and safe autocomplete widgets everywhere staff work."""
    for model, model_admin in admin.site._registry.items():
        if staff_access(model) == "none":
            continue
        assert isinstance(model_admin, PortalAdminMixin), model
        for inline in model_admin.inlines:
            assert issubclass(inline, PortalAdminMixin), inline
