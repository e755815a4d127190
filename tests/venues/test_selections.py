"""The selections' rules, through the services: the phases from the dates,
nominating (a photo where required), reviewing, voting by either rule (never
twice, never outside the voting period, never for one's own nomination where the
rules forbid it), objecting during 公示, and the winners on their grid's page."""

import datetime
import uuid

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from community_portal.errors import ServiceError
from tests.factories import BuildingFactory, GridFactory, UserFactory, jpeg_upload
from tests.venues.selection_helpers import candidate, selection_in
from venues import services
from venues.errors import Code
from venues.models import Nomination, NominationPhoto, Objection, Selection, Vote

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _refused(code, call, **kwargs):
    with pytest.raises(ServiceError) as caught:
        call(**kwargs)
    assert caught.value.code == code, caught.value
    return caught.value


@pytest.mark.parametrize(
    "phase", ["upcoming", "nominating", "reviewing", "voting", "notice", "closed"]
)
def test_the_phase_follows_from_the_dates(phase):
    selection = selection_in(phase)
    assert selection.phase_on(timezone.localdate()) == phase


def test_the_periods_must_follow_each_other():
    today = timezone.localdate()
    with pytest.raises(IntegrityError), transaction.atomic():
        selection_in("voting", voting_open=today - 20 * DAY)


# --- nominating ----------------------------------------------------------------------


def _nominate(selection, user, **overrides):
    values = {
        "selection_id": selection.pk,
        "user": user,
        "nominee_name": "5幢 李家",
        "story": "三代同堂，孝老爱亲。",
        "submission_key": uuid.uuid4(),
    }
    values.update(overrides)
    return services.nomination_create(**values)


def test_a_resident_nominates_a_neighbour_with_photos(media_root):
    grid = GridFactory(number=3)
    building = BuildingFactory(number=5, grid=grid)
    selection = selection_in("nominating", photo_required=True)
    resident = UserFactory()
    nomination, created = _nominate(
        selection, resident, building=building, photos=[jpeg_upload()]
    )
    assert created
    assert nomination.status == Nomination.Status.PENDING
    assert nomination.grid_id == grid.pk
    assert nomination.photos.count() == 1
    # The same form sent twice is one nomination.
    again, created = _nominate(
        selection, resident, submission_key=nomination.submission_key
    )
    assert (again.pk, created) == (nomination.pk, False)


def test_a_nomination_without_a_photo_where_one_is_required_saves_nothing():
    selection = selection_in("nominating", photo_required=True)
    error = _refused(
        Code.PHOTO_REQUIRED, _nominate, selection=selection, user=UserFactory()
    )
    assert error.field == "photos"
    assert not Nomination.objects.exists()


def test_a_disguised_image_is_refused_and_nothing_is_saved(media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    selection = selection_in("nominating", photo_required=True)
    fake = SimpleUploadedFile("family.jpg", b"not an image at all", "image/jpeg")
    error = _refused(
        "bad_photo", _nominate, selection=selection, user=UserFactory(), photos=[fake]
    )
    assert error.field == "photos"
    assert not Nomination.objects.exists()
    assert not NominationPhoto.objects.exists()


@pytest.mark.parametrize("phase", ["upcoming", "reviewing", "voting", "notice"])
def test_nominations_are_taken_only_while_nominations_are_open(phase):
    selection = selection_in(phase)
    _refused(Code.NOT_NOMINATING, _nominate, selection=selection, user=UserFactory())


def test_an_unpublished_selection_takes_no_nomination():
    selection = selection_in("nominating", is_published=False)
    _refused(
        Code.SELECTION_NOT_FOUND, _nominate, selection=selection, user=UserFactory()
    )


# --- reviewing -----------------------------------------------------------------------


def test_staff_approve_and_refuse_with_a_reason(staff_user):
    selection = selection_in("reviewing")
    one = candidate(selection, status="pending")
    two = candidate(selection, status="pending")
    services.nomination_approve(nomination_id=one.pk, staff=staff_user)
    _refused(
        Code.REASON_MISSING,
        services.nomination_refuse,
        nomination_id=two.pk,
        staff=staff_user,
        reason="  ",
    )
    services.nomination_refuse(
        nomination_id=two.pk, staff=staff_user, reason="照片不是本人庭院"
    )
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.status == "approved" and one.decided_by == staff_user
    assert two.status == "refused" and two.refusal_reason == "照片不是本人庭院"


def test_a_resident_cannot_review(resident):
    nomination = candidate(selection_in("reviewing"), status="pending")
    _refused(
        Code.REVIEW_NOT_ALLOWED,
        services.nomination_approve,
        nomination_id=nomination.pk,
        staff=resident,
    )


# --- voting --------------------------------------------------------------------------


def test_one_vote_per_candidate_per_day():
    selection = selection_in("voting")
    nominee = candidate(selection)
    voter = UserFactory()
    now = timezone.now()
    services.vote_cast(nomination_id=nominee.pk, user=voter, now=now)
    _refused(
        Code.ALREADY_VOTED,
        services.vote_cast,
        nomination_id=nominee.pk,
        user=voter,
        now=now,
    )
    services.vote_cast(nomination_id=nominee.pk, user=voter, now=now + DAY)
    nominee.refresh_from_db()
    assert nominee.vote_count == 2 == Vote.objects.filter(nomination=nominee).count()


def test_a_fixed_number_of_votes_per_round():
    selection = selection_in("voting", vote_rule="round", votes_per_round=2)
    first, second, third = (candidate(selection) for _ in range(3))
    voter = UserFactory()
    services.vote_cast(nomination_id=first.pk, user=voter)
    _refused(
        Code.ALREADY_VOTED,
        services.vote_cast,
        nomination_id=first.pk,
        user=voter,
        now=timezone.now() + DAY,
    )
    services.vote_cast(nomination_id=second.pk, user=voter)
    _refused(Code.NO_VOTES_LEFT, services.vote_cast, nomination_id=third.pk, user=voter)
    assert list(
        Vote.objects.filter(voter=voter).order_by("slot").values_list("slot", flat=True)
    ) == [1, 2]


@pytest.mark.parametrize("phase", ["nominating", "reviewing", "notice", "closed"])
def test_no_vote_outside_the_voting_period(phase):
    nominee = candidate(selection_in(phase))
    _refused(
        Code.NOT_VOTING,
        services.vote_cast,
        nomination_id=nominee.pk,
        user=UserFactory(),
    )
    assert not Vote.objects.exists()


def test_no_vote_for_ones_own_nomination_where_the_rules_forbid_it():
    resident = UserFactory()
    forbidden = candidate(selection_in("voting"), by=resident)
    _refused(
        Code.OWN_NOMINATION,
        services.vote_cast,
        nomination_id=forbidden.pk,
        user=resident,
    )
    allowed = candidate(selection_in("voting", own_vote_allowed=True), by=resident)
    services.vote_cast(nomination_id=allowed.pk, user=resident)


@pytest.mark.parametrize("status", ["pending", "refused"])
def test_no_vote_for_a_nomination_not_approved(status):
    nominee = candidate(selection_in("voting"), status=status)
    _refused(
        Code.NOMINATION_NOT_FOUND,
        services.vote_cast,
        nomination_id=nominee.pk,
        user=UserFactory(),
    )


def test_the_constraint_refuses_a_second_vote_written_past_the_service():
    selection = selection_in("voting")
    nominee = candidate(selection)
    voter = UserFactory()
    today = timezone.localdate()
    Vote.objects.create(selection=selection, nomination=nominee, voter=voter, day=today)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(
            selection=selection, nomination=nominee, voter=voter, day=today
        )
    Vote.objects.create(
        selection=selection,
        nomination=candidate(selection),
        voter=voter,
        day=today,
        slot=1,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(
            selection=selection,
            nomination=candidate(selection),
            voter=voter,
            day=today,
            slot=1,
        )


# --- 公示 and the grid's page ----------------------------------------------------------


def test_objections_are_taken_during_the_public_notice():
    selection = selection_in("notice")
    nominee = candidate(selection)
    resident = UserFactory()
    services.objection_create(
        selection_id=selection.pk,
        user=resident,
        text="票数有刷票嫌疑",
        nomination_id=nominee.pk,
    )
    assert Objection.objects.get().nomination == nominee
    _refused(
        Code.NOT_IN_NOTICE,
        services.objection_create,
        selection_id=selection_in("voting").pk,
        user=resident,
        text="太早了",
    )


def test_staff_handle_an_objection(staff_user):
    selection = selection_in("notice")
    objection = services.objection_create(
        selection_id=selection.pk, user=UserFactory(), text="请核实"
    )
    services.objection_handle(
        objection_id=objection.pk, staff=staff_user, note="已核实"
    )
    objection.refresh_from_db()
    assert objection.is_handled and objection.staff_note == "已核实"


def test_the_winners_appear_on_their_grids_page(client):
    grid = GridFactory(number=4, theme="悦邻")
    selection = selection_in("notice", title="最美家庭", winner_count=2)
    for name, votes in [("4幢 陈家", 30), ("4幢 周家", 20), ("4幢 吴家", 10)]:
        candidate(selection, name=name, grid=grid, vote_count=votes)
    # Still voting: not shown.
    candidate(selection_in("voting"), name="4幢 郑家", grid=grid, vote_count=99)
    winners = list(grid.selection_nominations.winners_shown(day=timezone.localdate()))
    assert [(w.nominee_name, w.place) for w in winners] == [
        ("4幢 陈家", 1),
        ("4幢 周家", 2),
    ]
    text = client.get(f"/grids/{grid.number}/").content.decode()
    assert "4幢 陈家" in text and "4幢 周家" in text
    assert "4幢 吴家" not in text and "4幢 郑家" not in text


def test_selection_is_listed_with_its_phase():
    selection = selection_in("voting")
    assert selection.phase_on(selection.voting_open) == Selection.Phase.VOTING
    assert selection.phase_on(selection.voting_close + DAY) == Selection.Phase.NOTICE
