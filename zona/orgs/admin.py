from django import forms
from django.contrib import admin

from .access import can_set_thresholds
from .actions import set_eligibility_threshold, threshold_problems
from .models import (
    EligibilityThreshold,
    Instansi,
    InstansiYear,
    Pencanangan,
    PredicateAward,
    UnitKerja,
    UnitType,
    UnitYear,
)


@admin.register(UnitType)
class UnitTypeAdmin(admin.ModelAdmin):
    """The editable list of unit types (Polres, rumah sakit, KPP, …)."""

    search_fields = ["name"]


class InstansiYearInline(admin.TabularInline):
    model = InstansiYear
    extra = 0


@admin.register(Instansi)
class InstansiAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    inlines = [InstansiYearInline]
    # Changed only on the coordinator's page (validated and audited: evaluations.actions).
    readonly_fields = ["tpi_tiers"]


class UnitYearInline(admin.TabularInline):
    model = UnitYear
    extra = 0


class PredicateAwardInline(admin.TabularInline):
    model = PredicateAward
    extra = 0


@admin.register(UnitKerja)
class UnitKerjaAdmin(admin.ModelAdmin):
    list_display = ["name", "instansi", "echelon", "unit_type", "public_service"]
    list_filter = ["instansi", "echelon", "unit_type", "public_service"]
    search_fields = ["name"]
    autocomplete_fields = ["parent", "unit_type"]
    inlines = [UnitYearInline, PredicateAwardInline]


@admin.register(Pencanangan)
class PencananganAdmin(admin.ModelAdmin):
    list_display = ["instansi", "date"]


class EligibilityThresholdForm(forms.ModelForm):
    class Meta:
        model = EligibilityThreshold
        fields = ["ruleset", "target", "condition", "value", "basis"]

    def clean(self):
        data = super().clean()
        if all(data.get(f) not in (None, "") for f in ("ruleset", "target", "condition", "value")):
            problems = threshold_problems(
                data["ruleset"], data["target"], data["condition"], data["value"]
            )
            if problems:
                raise forms.ValidationError(problems)
        return data


@admin.register(EligibilityThreshold)
class EligibilityThresholdAdmin(admin.ModelAdmin):
    """Open minimums of the shipped rule sets (the RB index), set through the audited action."""

    form = EligibilityThresholdForm
    list_display = ["ruleset", "target", "condition", "value", "basis", "set_by", "set_at"]
    readonly_fields = ["set_by", "set_at"]

    def has_module_permission(self, request) -> bool:
        return can_set_thresholds(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return can_set_thresholds(request.user)

    has_add_permission = has_module_permission

    def has_change_permission(self, request, obj=None) -> bool:
        return can_set_thresholds(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a threshold is corrected, not removed: the audit trail keeps each value

    def save_model(self, request, obj, form, change) -> None:
        saved = set_eligibility_threshold(
            request.user,
            ruleset=obj.ruleset,
            target=obj.target,
            condition=obj.condition,
            value=obj.value,
            basis=obj.basis,
        )
        obj.pk, obj.set_by, obj.set_at = saved.pk, saved.set_by, saved.set_at
