from django.contrib import admin
from django.db import transaction

from zona.audit.log import record

from .actions import role_summary
from .models import Invitation, RoleAssignment


def _state(assignment: RoleAssignment) -> dict:
    return {
        **role_summary(assignment.role, assignment.instansi, assignment.unit),
        "user": assignment.user_id,
    }


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    """Role changes made here land in Zona's audit trail like those made on the site (Django's
    own admin log alone is not where auditors look)."""

    list_display = ["user", "role", "instansi", "unit", "granted_at"]
    list_filter = ["role", "instansi"]
    search_fields = ["user__username", "user__email", "user__last_name"]
    autocomplete_fields = ["user", "instansi", "unit"]

    def save_model(self, request, obj, form, change):
        before = None
        if change:
            stored = RoleAssignment.objects.select_related("instansi", "unit").get(pk=obj.pk)
            before = _state(stored)
        elif obj.granted_by_id is None:
            obj.granted_by = request.user
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            action = "role.changed" if change else "role.granted"
            record(request.user, action, obj, before=before, after=_state(obj), note="admin")

    def delete_model(self, request, obj):
        with transaction.atomic():
            record(request.user, "role.revoked", obj, before=_state(obj), note="admin")
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for assignment in queryset.select_related("instansi", "unit"):
                record(
                    request.user, "role.revoked", assignment, before=_state(assignment),
                    note="admin",
                )  # fmt: skip
            super().delete_queryset(request, queryset)


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
