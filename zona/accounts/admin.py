from django.contrib import admin

from .models import Invitation, RoleAssignment


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "instansi", "unit", "granted_at"]
    list_filter = ["role", "instansi"]
    search_fields = ["user__username", "user__email", "user__last_name"]
    autocomplete_fields = ["user", "instansi", "unit"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are sent and accepted through the site, which audits them."""

    list_display = ["email", "role", "instansi", "unit", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "full_name"]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
