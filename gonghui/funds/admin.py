from django.contrib import admin

from gonghui.funds.models import DuesPlan, DuesReceipt, ShareRule


@admin.register(DuesPlan)
class DuesPlanAdmin(admin.ModelAdmin):
    list_display = ("org", "year", "amount")
    list_filter = ("year",)


@admin.register(DuesReceipt)
class DuesReceiptAdmin(admin.ModelAdmin):
    list_display = ("employer_name", "credit_code", "month", "amount", "county", "preparatory")
    list_filter = ("month", "preparatory")
    search_fields = ("employer_name", "credit_code")
    raw_id_fields = ("org",)

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        # Receipts are the tax office's: a correction is a new import, not an edit.
        return False


@admin.register(ShareRule)
class ShareRuleAdmin(admin.ModelAdmin):
    list_display = ("province_code", "year", "shares")
