"""Admin of the selections with public voting: staff open selections (the dates
set the phase), review nominations (approve, refuse with a reason), look at the
votes and handle the objections raised during 公示. Every change of a nomination
or an objection goes through ``venues.services``."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community_portal.admin import (
    PortalAdminMixin,
    ReadOnlyMixin,
    StaffActionMixin,
    image_preview,
)
from community_portal.errors import ServiceError

from . import services
from .models import Nomination, NominationPhoto, Objection, Selection, Vote


@admin.register(Selection)
class SelectionAdmin(PortalAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "phase",
        "nominations_open",
        "voting_open",
        "voting_close",
        "notice_until",
        "vote_rule",
        "candidate_count",
        "pending_count",
        "is_published",
    ]
    list_filter = ["is_published", "vote_rule"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "voting_open"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _candidates=Count(
                    "nominations", filter=Q(nominations__status="approved")
                ),
                _pending=Count("nominations", filter=Q(nominations__status="pending")),
            )
        )

    @admin.display(description=_("Phase"))
    def phase(self, obj):
        return Selection.Phase(obj.phase_on(timezone.localdate())).label

    @admin.display(description=_("Candidates"), ordering="_candidates")
    def candidate_count(self, obj):
        return obj._candidates

    @admin.display(description=_("Waiting for review"), ordering="_pending")
    def pending_count(self, obj):
        return obj._pending


class NominationPhotoInline(PortalAdminMixin, ReadOnlyMixin, admin.TabularInline):
    model = NominationPhoto
    fields = ["preview", "position"]
    readonly_fields = fields
    extra = 0

    @admin.display(description=_("Preview"))
    def preview(self, obj):
        return image_preview(obj.image, size=100)


class RefuseNominationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for refusal"),
        max_length=200,
        help_text=_("The resident who nominated sees it on the selection's page."),
    )


@admin.register(Nomination)
class NominationAdmin(
    StaffActionMixin, PortalAdminMixin, ReadOnlyMixin, admin.ModelAdmin
):
    list_display = [
        "nominee_name",
        "selection",
        "status",
        "vote_count",
        "grid",
        "nominated_by",
        "created_at",
    ]
    list_filter = ["status", "selection", "grid"]
    list_select_related = ["selection", "grid", "nominated_by"]
    search_fields = ["nominee_name", "story", "nominated_by__name"]
    inlines = [NominationPhotoInline]
    readonly_fields = [
        "selection",
        "nominee_name",
        "is_self",
        "building",
        "grid",
        "story",
        "nominated_by",
        "status",
        "refusal_reason",
        "decided_by",
        "decided_at",
        "vote_count",
    ]
    fields = readonly_fields
    actions = ["approve", "refuse"]

    def _run(self, request, queryset, call, label):
        done = 0
        for nomination in queryset:
            try:
                call(nomination)
            except ServiceError as error:
                self.message_user(
                    request, f"{nomination}: {error.message}", messages.WARNING
                )
            else:
                done += 1
        self.message_user(request, label % {"count": done}, messages.SUCCESS)

    @admin.action(
        description=_("Approve the selected nominations"), permissions=["staff"]
    )
    def approve(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda nomination: services.nomination_approve(
                nomination_id=nomination.pk, staff=request.user
            ),
            gettext("Nominations approved: %(count)d."),
        )

    @admin.action(
        description=_("Refuse the selected nominations (with a reason)"),
        permissions=["staff"],
    )
    def refuse(self, request, queryset):
        form = RefuseNominationForm(request.POST if "confirm" in request.POST else None)
        if "confirm" in request.POST and form.is_valid():
            reason = form.cleaned_data["reason"]
            self._run(
                request,
                queryset,
                lambda nomination: services.nomination_refuse(
                    nomination_id=nomination.pk, staff=request.user, reason=reason
                ),
                gettext("Nominations refused: %(count)d."),
            )
            return None
        return TemplateResponse(
            request,
            "admin/venues/refuse_nominations.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Refuse nominations"),
                "opts": self.model._meta,
                "objects": list(queryset.select_related("selection")),
                "form": form,
                "action": "refuse",
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(Vote)
class VoteAdmin(PortalAdminMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["nomination", "voter", "day", "slot", "created_at"]
    list_filter = ["selection", "day"]
    list_select_related = ["nomination__selection", "voter"]
    search_fields = ["nomination__nominee_name", "voter__name", "voter__username"]
    show_full_result_count = False


@admin.register(Objection)
class ObjectionAdmin(
    StaffActionMixin, PortalAdminMixin, ReadOnlyMixin, admin.ModelAdmin
):
    list_display = [
        "selection",
        "nomination",
        "author",
        "created_at",
        "is_handled",
        "staff_note",
    ]
    list_filter = ["is_handled", "selection"]
    list_select_related = ["selection", "nomination__selection", "author"]
    search_fields = ["text", "author__name", "nomination__nominee_name"]
    readonly_fields = [
        "selection",
        "nomination",
        "author",
        "text",
        "created_at",
        "is_handled",
        "staff_note",
        "handled_by",
        "handled_at",
    ]
    fields = readonly_fields
    actions = ["handle"]

    @admin.action(
        description=_("Mark the selected objections handled"), permissions=["staff"]
    )
    def handle(self, request, queryset):
        done = 0
        for objection in queryset:
            try:
                services.objection_handle(objection_id=objection.pk, staff=request.user)
            except ServiceError as error:
                self.message_user(request, error.message, messages.WARNING)
            else:
                done += 1
        self.message_user(
            request, gettext("Objections handled: %(count)d.") % {"count": done}
        )
