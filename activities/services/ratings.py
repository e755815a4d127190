"""Ratings (评价) of activities by residents who attended."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community_portal.accounts.models import User
from community_portal.errors import ServiceError

from ..errors import Code
from ..models import Activity, Rating, Registration
from .common import get_activity

RATING_WINDOW = datetime.timedelta(days=14)
RATING_COMMENT_MAX_LENGTH = 500


def rating_create(
    *, activity_id: int, user: User, score: int, comment: str = ""
) -> Rating:
    """A resident who was checked in rates the activity, once, from its end until
    ``RATING_WINDOW`` later."""
    activity = get_activity(activity_id)
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise ServiceError(Code.INVALID_SCORE, _("Please choose from 1 to 5 stars."))
    comment = comment.strip()
    if len(comment) > RATING_COMMENT_MAX_LENGTH:
        raise ServiceError(
            Code.COMMENT_TOO_LONG,
            _("Please keep the comment to %(count)s characters.")
            % {"count": RATING_COMMENT_MAX_LENGTH},
        )
    if activity.status == Activity.Status.CANCELLED:
        raise ServiceError(
            Code.ACTIVITY_CANCELLED, _("This activity has been cancelled.")
        )
    attended = (
        user.is_authenticated
        and Registration.objects.checked_in()
        .filter(activity_id=activity.pk, user_id=user.pk)
        .exists()
    )
    if not attended:
        raise ServiceError(
            Code.NOT_ATTENDED,
            _("Only residents who were checked in at this activity can rate it."),
        )
    now = timezone.now()
    if now < activity.ends_at:
        raise ServiceError(
            Code.NOT_ENDED, _("You can rate this activity once it has ended.")
        )
    if now > activity.ends_at + RATING_WINDOW:
        raise ServiceError(
            Code.RATING_CLOSED,
            _("Ratings are taken for %(days)s days after an activity.")
            % {"days": RATING_WINDOW.days},
        )
    if Rating.objects.filter(activity_id=activity.pk, user_id=user.pk).exists():
        raise _already_rated()
    try:
        with transaction.atomic():
            return Rating.objects.create(
                activity=activity, user=user, score=score, comment=comment
            )
    except IntegrityError:
        # Two submissions at once: the unique constraint lets only one through.
        raise _already_rated() from None


def _already_rated() -> ServiceError:
    return ServiceError(Code.ALREADY_RATED, _("You have already rated this activity."))
