"""The message centre: a notice per event that concerns a person, and the outbox
rows that carry it by e-mail, SMS or web push (one per device the person subscribed).

Both tables carry a unique idempotency key, so the same notice can never be created,
nor the same message sent, twice.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NoticeQuerySet(models.QuerySet):
    def for_user(self, user) -> "NoticeQuerySet":
        return self.filter(recipient_id=user.pk)

    def unread(self) -> "NoticeQuerySet":
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("Registration")
        ACTIVITY = "activity", _("Activity")
        REMINDER = "reminder", _("Reminder")
        MATTER = "matter", _("Matter")
        SERVICE_REQUEST = "service_request", _("Service request")
        HOURS = "hours", _("Volunteer hours")
        VOLUNTEER = "volunteer", _("Volunteering")
        POINTS = "points", _("Points")
        BOOKING = "booking", _("Booking")
        GALLERY = "gallery", _("Gallery")
        OTHER = "other", _("Other")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("Recipient"),
    )
    kind = models.CharField(_("Kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("Title"), max_length=120)
    body = models.TextField(_("Text"), blank=True)
    url = models.CharField(_("Link"), max_length=300, blank=True)
    key = models.CharField(_("Idempotency key"), max_length=200, unique=True)
    read_at = models.DateTimeField(_("Read"), null=True, blank=True)
    # Set when the notice first reached the person outside the portal (or at once
    # when it has no other channel): what "a reminder was sent" means.
    delivered_at = models.DateTimeField(_("Delivered"), null=True, blank=True)
    created_at = models.DateTimeField(_("Created"), default=timezone.now)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"], name="notice_recipient_new"
            ),
            models.Index(fields=["recipient", "read_at"], name="notice_unread"),
        ]

    def __str__(self) -> str:
        return self.title


class OutboxMessage(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")
        PUSH = "push", _("Web push")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    notice = models.ForeignKey(
        Notice,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("Notice"),
    )
    channel = models.CharField(_("Channel"), max_length=10, choices=Channel.choices)
    # Push only: the device it goes to (gone when the device unsubscribed).
    push_subscription = models.ForeignKey(
        "PushSubscription",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("Push subscription"),
    )
    address = models.CharField(_("Recipient address"), max_length=254)
    subject = models.CharField(_("Subject"), max_length=200, blank=True)
    body = models.TextField(_("Text"))
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("Attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("Next attempt"), default=timezone.now)
    last_error = models.CharField(_("Last error"), max_length=300, blank=True)
    # Set when a worker claims the message (status "sending"); a claim older than
    # the lease is a worker that died, and the message is claimed again.
    claimed_at = models.DateTimeField(_("Claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("Sent"), null=True, blank=True)
    key = models.CharField(_("Idempotency key"), max_length=220, unique=True)
    created_at = models.DateTimeField(_("Created"), default=timezone.now)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.address}"


class PushSubscription(models.Model):
    """One browser (phone, computer) that receives this person's notices by web push:
    the push service's endpoint and the keys the payload is encrypted with."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="push_subscriptions",
        verbose_name=_("User"),
    )
    endpoint = models.URLField(_("Endpoint"), max_length=1000, unique=True)
    p256dh = models.CharField(_("Public key"), max_length=200)
    auth = models.CharField(_("Authentication secret"), max_length=100)
    user_agent = models.CharField(_("Browser"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("Created"), default=timezone.now)
    last_success_at = models.DateTimeField(_("Last delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.endpoint[:60]
