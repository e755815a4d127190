"""Factories for registrations. Service tests build registrations through
``activities.services`` instead; this one is for model and queryset tests."""

import factory
from django.utils import timezone

from activities.models import Registration
from tests.factories import ActivityFactory, UserFactory


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    activity = factory.SubFactory(ActivityFactory)
    user = factory.SubFactory(UserFactory)
    status = Registration.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)

    class Params:
        waitlisted = factory.Trait(
            status=Registration.Status.WAITLISTED,
            confirmed_at=None,
            waitlisted_at=factory.LazyFunction(timezone.now),
        )
        cancelled = factory.Trait(
            status=Registration.Status.CANCELLED,
            cancelled_at=factory.LazyFunction(timezone.now),
        )
