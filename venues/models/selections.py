"""Selections with public voting (评选): 最美家庭, 最美庭院, 厨艺大比拼 …

Staff open a ``Selection`` with three periods — nominating, voting, 公示 (public
notice) — and its phase follows from the dates alone (``phase_on``), one table for
every page. Residents nominate (``Nomination``, with ``NominationPhoto`` through the
shared image pipeline); staff approve or refuse each nomination (its ``PIPELINE``);
residents vote (``Vote``) by the rule the selection chose; during 公示 anyone signed
in may object (``Objection``), and staff handle objections in the admin.

No double votes, whoever writes: one vote per voter, candidate and day is a unique
constraint; under the per-round rule each vote takes a numbered slot (1 … the
round's number of votes) and (selection, voter, slot) is unique, as is (voter,
candidate). A candidate's ``vote_count`` is kept with ``F()`` in the vote's own
transaction, so the selection page reads counts without counting rows.
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community_portal.models import OrderedPhoto, TimeStampedModel
from community_portal.status import StatusPipeline, reason_required


class SelectionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Selection(TimeStampedModel):
    class Phase(models.TextChoices):
        UPCOMING = "upcoming", _("Coming soon")
        NOMINATING = "nominating", _("Nominations open")
        REVIEWING = "reviewing", _("Nominations under review")
        VOTING = "voting", _("Voting open")
        NOTICE = "notice", _("Results in public notice")
        CLOSED = "closed", _("Closed")

    class VoteRule(models.TextChoices):
        DAILY = "daily", _("One vote per candidate per day")
        ROUND = "round", _("A fixed number of votes for the whole round")

    title = models.CharField(_("Title"), max_length=100)
    slug = models.SlugField(_("Slug"), max_length=60, unique=True)
    summary = models.CharField(_("Summary"), max_length=200)
    description = models.TextField(_("Rules and description"), blank=True)
    is_published = models.BooleanField(
        _("Published"),
        default=False,
        help_text=_("Residents see the selection only once it is published."),
    )
    nominations_open = models.DateField(_("Nominations open on"))
    nominations_close = models.DateField(_("Nominations close on"))
    voting_open = models.DateField(_("Voting opens on"))
    voting_close = models.DateField(_("Voting closes on"))
    notice_until = models.DateField(
        _("Public notice until"),
        help_text=_(
            "The results are in public notice (公示) after voting until this day."
        ),
    )
    vote_rule = models.CharField(
        _("Voting rule"), max_length=10, choices=VoteRule.choices, default="daily"
    )
    votes_per_round = models.PositiveSmallIntegerField(
        _("Votes per resident for the round"),
        default=3,
        help_text=_("Used with the rule of a fixed number of votes."),
    )
    own_vote_allowed = models.BooleanField(
        _("Residents may vote for their own nomination"), default=False
    )
    photo_required = models.BooleanField(_("A photo is required"), default=True)
    winner_count = models.PositiveSmallIntegerField(_("Number of winners"), default=3)

    objects = SelectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Selection")
        verbose_name_plural = _("Selections")
        ordering = ["-voting_open", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(nominations_open__lte=models.F("nominations_close"))
                & models.Q(nominations_close__lt=models.F("voting_open"))
                & models.Q(voting_open__lte=models.F("voting_close"))
                & models.Q(voting_close__lt=models.F("notice_until")),
                name="selection_periods_in_order",
                violation_error_message=_(
                    "The periods must follow each other: nominations, then voting, "
                    "then the public notice."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(votes_per_round__gte=1, winner_count__gte=1),
                name="selection_counts_positive",
                violation_error_message=_(
                    "The votes per round and the number of winners must be at least 1."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("venues:selection_detail", kwargs={"slug": self.slug})

    def phase_on(self, day: datetime.date) -> str:
        """The phase on ``day`` (a local date): the dates are the only source."""
        if day < self.nominations_open:
            return self.Phase.UPCOMING
        if day <= self.nominations_close:
            return self.Phase.NOMINATING
        if day < self.voting_open:
            return self.Phase.REVIEWING
        if day <= self.voting_close:
            return self.Phase.VOTING
        if day <= self.notice_until:
            return self.Phase.NOTICE
        return self.Phase.CLOSED

    def results_shown_on(self, day: datetime.date) -> bool:
        return self.phase_on(day) in (self.Phase.NOTICE, self.Phase.CLOSED)


class NominationQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Nomination.Status.APPROVED)

    def by_votes(self):
        return self.order_by("-vote_count", "nominee_name", "id")

    def winners_shown(self, *, day: datetime.date):
        """Winners whose results are public on ``day`` (公示 or after), best first:
        the candidates whose count is among the top ``winner_count`` of their
        selection (ties share a place). Used by the grid's page through
        ``grid.selection_nominations`` — one query."""
        better = (
            Nomination.objects.filter(
                selection=models.OuterRef("selection"),
                status=Nomination.Status.APPROVED,
                vote_count__gt=models.OuterRef("vote_count"),
            )
            .order_by()
            .values("selection")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return (
            self.approved()
            .filter(
                selection__is_published=True,
                selection__voting_close__lt=day,
                selection__notice_until__gte=day - datetime.timedelta(days=365),
                vote_count__gt=0,
            )
            .annotate(
                place=models.functions.Coalesce(
                    models.Subquery(better, output_field=models.IntegerField()), 0
                )
                + 1
            )
            .filter(place__lte=models.F("selection__winner_count"))
            .select_related("selection")
            .order_by("-selection__voting_close", "place", "id")
        )


class Nomination(TimeStampedModel):
    """A candidate of a selection: a family, a courtyard, a cook."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    PIPELINE = StatusPipeline(
        {
            Status.PENDING: {Status.APPROVED, Status.REFUSED},
            Status.APPROVED: {Status.REFUSED},
            Status.REFUSED: {Status.APPROVED},
        }
    )

    selection = models.ForeignKey(
        Selection,
        on_delete=models.CASCADE,
        related_name="nominations",
        verbose_name=_("Selection"),
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="selection_nominations_made",
        verbose_name=_("Nominated by"),
    )
    is_self = models.BooleanField(_("Nominates themselves"), default=False)
    nominee_name = models.CharField(
        _("Who is nominated"),
        max_length=60,
        help_text=_("A family, a courtyard or a cook, e.g. “3幢 王家”."),
    )
    building = models.ForeignKey(
        "grids.Building",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="selection_nominations",
        verbose_name=_("Building"),
    )
    # From the building, when the nomination is made: the grid's page shows its
    # winners through this relation.
    grid = models.ForeignKey(
        "grids.Grid",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="selection_nominations",
        verbose_name=_("Grid"),
    )
    story = models.TextField(_("Their story"), max_length=1000)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    refusal_reason = models.CharField(
        _("Reason for refusal"), max_length=200, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Decided by"),
    )
    decided_at = models.DateTimeField(_("Decided at"), null=True, blank=True)
    vote_count = models.PositiveIntegerField(_("Votes"), default=0)
    submission_key = models.UUIDField(_("Submission key"), unique=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Nomination")
        verbose_name_plural = _("Nominations")
        ordering = ["selection", "-vote_count", "id"]
        indexes = [
            models.Index(fields=["selection", "status", "-vote_count"]),
            models.Index(fields=["grid", "status"]),
        ]
        constraints = [
            reason_required(
                name="nomination_refused_with_a_reason",
                value="refused",
                reason_field="refusal_reason",
                message=_("Give a reason for refusing a nomination."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.selection} · {self.nominee_name}"

    def get_absolute_url(self) -> str:
        return f"{self.selection.get_absolute_url()}#candidate-{self.pk}"


class NominationPhoto(OrderedPhoto):
    OWNER_FIELD = "nomination"
    UPLOAD_DIR = "selections"

    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("Nomination"),
    )

    class Meta:
        verbose_name = _("Nomination photo")
        verbose_name_plural = _("Nomination photos")
        ordering = ["position", "id"]


class Vote(models.Model):
    selection = models.ForeignKey(
        Selection,
        on_delete=models.CASCADE,
        related_name="votes",
        verbose_name=_("Selection"),
    )
    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.CASCADE,
        related_name="votes",
        verbose_name=_("Candidate"),
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="selection_votes",
        verbose_name=_("Voter"),
    )
    day = models.DateField(_("Day"))
    # Under the per-round rule: which of the voter's votes this is (1 … N).
    slot = models.PositiveSmallIntegerField(_("Vote number"), null=True, blank=True)
    created_at = models.DateTimeField(_("Cast at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Vote")
        verbose_name_plural = _("Votes")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["selection", "voter", "day"])]
        constraints = [
            models.UniqueConstraint(
                fields=["voter", "nomination", "day"],
                name="vote_once_per_candidate_per_day",
                violation_error_message=_("You have already voted for them today."),
            ),
            models.UniqueConstraint(
                fields=["selection", "voter", "slot"],
                condition=models.Q(slot__isnull=False),
                name="vote_round_slot_once",
            ),
            models.UniqueConstraint(
                fields=["voter", "nomination"],
                condition=models.Q(slot__isnull=False),
                name="vote_round_once_per_candidate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomination} · {self.day}"


class Objection(TimeStampedModel):
    """A resident's objection to the results during 公示; staff handle it."""

    selection = models.ForeignKey(
        Selection,
        on_delete=models.CASCADE,
        related_name="objections",
        verbose_name=_("Selection"),
    )
    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="objections",
        verbose_name=_("Candidate"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="selection_objections",
        verbose_name=_("Raised by"),
    )
    text = models.TextField(_("Objection"), max_length=1000)
    is_handled = models.BooleanField(_("Handled"), default=False)
    staff_note = models.CharField(_("Staff note"), max_length=200, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Handled by"),
    )
    handled_at = models.DateTimeField(_("Handled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Objection")
        verbose_name_plural = _("Objections")
        ordering = ["is_handled", "-created_at"]

    def __str__(self) -> str:
        return f"{self.selection} · {self.created_at:%Y-%m-%d}"
