from django.contrib import admin

from .models import Strategy


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    """The five strategies are data: names and explanations may be corrected, not added to."""

    list_display = ("number", "code", "name_id", "name_en")
    readonly_fields = ("number", "code")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
