from django.contrib import admin

from community_portal.admin import PortalAdminMixin, ReadOnlyMixin

from .models import Notice, OutboxMessage, PushSubscription


@admin.register(Notice)
class NoticeAdmin(ReadOnlyMixin, PortalAdminMixin, admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient__username", "recipient__name"]
    autocomplete_fields = ["recipient"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recipient")


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyMixin, PortalAdminMixin, admin.ModelAdmin):
    list_display = ["notice", "channel", "status", "attempts", "next_attempt_at"]
    list_filter = ["channel", "status"]
    search_fields = ["address", "notice__title"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("notice")


@admin.register(PushSubscription)
class PushSubscriptionAdmin(ReadOnlyMixin, PortalAdminMixin, admin.ModelAdmin):
    list_display = ["user", "user_agent", "created_at", "last_success_at"]
    search_fields = ["user__username", "user__name"]
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")
