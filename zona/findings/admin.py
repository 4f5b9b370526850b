from django.contrib import admin

from .models import Finding, PerformanceRecord


class ReadOnly(admin.ModelAdmin):
    """Read-only overview: findings and records change only through the site's actions, which
    keep the follow-up trail and the audit trail."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Finding)
class FindingAdmin(ReadOnly):
    list_display = ["report_number", "report_date", "unit", "source", "title"]
    list_filter = ["source", "report_date"]
    search_fields = ["report_number", "title", "unit__name", "unit__instansi__name"]
    list_select_related = ["unit"]


@admin.register(PerformanceRecord)
class PerformanceRecordAdmin(ReadOnly):
    list_display = ["unit", "year", "outcome_oriented", "updated_at", "updated_by"]
    list_filter = ["year", "outcome_oriented"]
    search_fields = ["unit__name", "unit__instansi__name"]
    list_select_related = ["unit", "updated_by"]
