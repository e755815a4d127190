"""Staff export matters and issue reports from the admin as CSV: formula-safe,
with the resolution time."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.grids.factories import IssueReportFactory
from tests.venues.factories import MatterFactory

pytestmark = pytest.mark.django_db


def export(client, changelist: str, ids) -> list[list[str]]:
    response = client.post(
        reverse(changelist),
        {"action": "export_csv", "_selected_action": [str(pk) for pk in ids]},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


def test_matters_export_with_days_to_resolve_and_formulas_defused(client, staff_user):
    matter = MatterFactory(title="=HYPERLINK(1)", status="resolved")
    created = timezone.now() - datetime.timedelta(days=3)
    type(matter).objects.filter(pk=matter.pk).update(
        created_at=created, resolved_at=created + datetime.timedelta(hours=36)
    )
    other = MatterFactory()
    client.force_login(staff_user)
    rows = export(client, "admin:venues_matter_changelist", [matter.pk])
    assert len(rows) == 2  # the header and the one selected
    header, row = rows
    assert len(set(header)) == len(header)
    assert row[2] == "'=HYPERLINK(1)"
    assert row[11] == "1.5"
    assert str(other.pk) not in [r[0] for r in rows[1:]]


def test_issue_reports_export_lists_the_selected(client, staff_user):
    report = IssueReportFactory(description="+cmd")
    IssueReportFactory()
    client.force_login(staff_user)
    rows = export(client, "admin:grids_issuereport_changelist", [report.pk])
    header, row = rows
    assert len(rows) == 2
    assert len(set(header)) == len(header)
    assert row[0] == str(report.pk)
    assert row[13] == "'+cmd"
    assert row[12] == ""  # not resolved: no resolution time
