from django.contrib import admin

from .models import Evaluation, InstansiDeadline, NationalDeadline


@admin.register(NationalDeadline)
class NationalDeadlineAdmin(admin.ModelAdmin):
    """The national deadline of each year (31 May unless set here, e.g. 30 June 2022)."""

    list_display = ["year", "date", "note"]


@admin.register(InstansiDeadline)
class InstansiDeadlineAdmin(admin.ModelAdmin):
    list_display = ["instansi", "year", "date"]
    list_filter = ["year"]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    """Read-only overview: evaluations change only through the site's actions, which audit."""

    list_display = ["unit", "year", "target", "stage", "framework", "decided_predicate"]
    list_filter = ["year", "stage", "target"]
    search_fields = ["unit__name", "unit__instansi__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
