"""Telling the author of a matter, and everyone who seconded it, that staff
accepted, answered or resolved it: a notice each (``community_portal.notices``),
created inside the service's transaction."""

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from community_portal.accounts.models import User
from community_portal.notices.models import Notice
from community_portal.notices.services import notice_send

from .models import MatterEvent

TITLES = {
    MatterEvent.Kind.ACCEPTED: lambda: _("Your matter was accepted: %(title)s"),
    MatterEvent.Kind.REPLY: lambda: _("Your matter has an answer: %(title)s"),
    MatterEvent.Kind.RESOLVED: lambda: _("Your matter was resolved: %(title)s"),
}


def matter_told(*, event: MatterEvent) -> None:
    matter = event.matter
    people = User.objects.filter(
        Q(pk=matter.author_id) | Q(matter_seconds__matter_id=matter.pk)
    ).distinct()
    with translation.override(settings.LANGUAGE_CODE):
        title = TITLES[event.kind]() % {"title": matter.title}
        for person in people.order_by("pk"):
            notice_send(
                recipient=person,
                kind=Notice.Kind.MATTER,
                key=f"matter_event:{event.pk}:{person.pk}",
                title=title,
                body=event.text,
                url=matter.get_absolute_url(),
            )
