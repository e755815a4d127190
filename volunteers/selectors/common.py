"""What the reads of the alliance share."""

from ..models import Team, TeamMembership, Volunteer, VolunteerRole


def activity_manager():
    """The activities manager, for the few reads that start from activities no
    volunteers row reaches (the hub, the leader's desk, an activity's call for
    volunteers): the model class through the relation field, since volunteers sits
    below that app and never imports it."""
    return VolunteerRole._meta.get_field("activity").related_model.objects


def published_status():
    return VolunteerRole._meta.get_field("activity").related_model.Status.PUBLISHED


def team_ids_of(user) -> list[int]:
    """The teams a user is an approved member of, or leads."""
    member_of = (
        TeamMembership.objects.approved()
        .filter(volunteer__user_id=user.pk, volunteer__status=Volunteer.Status.APPROVED)
        .values_list("team_id", flat=True)
    )
    led = Team.objects.filter(leader_id=user.pk).values_list("pk", flat=True)
    return sorted(set(member_of) | set(led))
