"""The points ledger is append-only for real: no change and no deletion in Python,
no cascade into it, no delete in the admin, and a database trigger on PostgreSQL."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from tests.conftest import requires_postgres
from tests.factories import UserFactory
from volunteers import services
from volunteers.errors import Code
from volunteers.models import HoursEntry, PointsEntry, Volunteer

from .factories import RedemptionFactory, VolunteerFactory, give_points
from .helpers import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_neither_a_line_nor_a_queryset_can_be_deleted():
    line = give_points(VolunteerFactory(), 10)
    refused(Code.LEDGER_APPEND_ONLY, line.delete)
    refused(Code.LEDGER_APPEND_ONLY, PointsEntry.objects.all().delete)
    refused(Code.LEDGER_APPEND_ONLY, PointsEntry.objects.filter(pk=line.pk).delete)
    assert PointsEntry.objects.filter(pk=line.pk).exists()


def test_deleting_a_volunteer_or_their_hours_with_ledger_lines_is_refused():
    line = give_points(VolunteerFactory(), 10)
    with pytest.raises(ProtectedError), transaction.atomic():
        Volunteer.objects.filter(pk=line.volunteer_id).delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        HoursEntry.objects.filter(pk=line.hours_entry_id).delete()
    assert PointsEntry.objects.filter(pk=line.pk).exists()


def test_deleting_the_staff_who_wrote_a_line_is_refused(staff_user):
    redemption = RedemptionFactory(points=20)
    give_points(redemption.volunteer, 20)
    services.redemption_void(redemption_id=redemption.pk, by_user=staff_user)
    returned = PointsEntry.objects.get(kind=PointsEntry.Kind.RETURNED)
    assert returned.created_by == staff_user
    with pytest.raises(ProtectedError), transaction.atomic():
        staff_user.delete()
    returned.refresh_from_db()
    assert returned.created_by == staff_user


def test_the_admin_offers_no_delete_of_ledger_lines(client, superuser):
    line = give_points(VolunteerFactory(), 10)
    client.force_login(superuser)
    changelist = client.get(reverse("admin:volunteers_pointsentry_changelist"))
    assert changelist.status_code == 200
    assert "delete_selected" not in changelist.content.decode()
    delete = reverse("admin:volunteers_pointsentry_delete", args=[line.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert PointsEntry.objects.filter(pk=line.pk).exists()


def test_deleting_a_resident_with_ledger_lines_in_the_admin_is_refused_cleanly(
    client, superuser
):
    line = give_points(VolunteerFactory(), 10)
    user = line.volunteer.user
    client.force_login(superuser)
    url = reverse("admin:accounts_user_delete", args=[user.pk])
    page = client.get(url)
    assert page.status_code == 200  # the "cannot delete, protected" page, no 500
    response = client.post(url, {"post": "yes"})
    assert response.status_code in (200, 403)
    assert PointsEntry.objects.filter(pk=line.pk).exists()
    assert Volunteer.objects.filter(user=user).exists()


@pytest.mark.postgres_only
@requires_postgres
def test_postgresql_refuses_a_raw_delete_of_ledger_lines():
    line = give_points(VolunteerFactory(), 10)
    table = PointsEntry._meta.db_table
    with (
        pytest.raises(DatabaseError, match="never deleted"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [line.pk])  # noqa: S608
    assert PointsEntry.objects.filter(pk=line.pk).exists()
