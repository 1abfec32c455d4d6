"""Admin for adviser organisations and their advisers.

Superusers create organisations and manage everything. An organisation's lead (a staff user whose
membership has the lead flag) sees only their own organisation and manages its advisers: they add
staff users of the Adviser group who belong to no organisation yet, change who leads, and remove
members; they cannot change the organisation's name, regions or programmes, nor create users
(only superusers manage users). Firms' data is never here: the workspace (/advisers/) shows it.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from ..models import Adviser, AdviserOrganisation, Region

ADVISER_GROUP = "Adviser"


def lead_organisation(request):
    """The organisation the request's user leads, or None."""
    adviser = Adviser.objects.filter(user_id=request.user.pk, is_lead=True).first()
    return adviser.organisation_id if adviser else None


class OrganisationForm(forms.ModelForm):
    regions = forms.MultipleChoiceField(
        choices=Region.choices, required=False, widget=forms.CheckboxSelectMultiple, help_text=_("None: the whole UK.")
    )

    class Meta:
        model = AdviserOrganisation
        fields = ["name", "regions", "programmes", "inbox", "is_demo"]


class AdviserInline(admin.TabularInline):
    model = Adviser
    fields = ["user", "is_lead"]
    extra = 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            # Staff of the Adviser group who belong to no organisation (and this one's own members).
            organisation = request.resolver_match.kwargs.get("object_id")
            members = Q(adviser__isnull=True) | Q(adviser__organisation_id=organisation)
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(members, is_staff=True, is_active=True, groups__name=ADVISER_GROUP)
                .distinct()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_view_permission(self, request, obj=None):
        # obj is the organisation (None when the admin asks for the inline's queryset): the
        # organisation admin itself lets a lead reach only their own.
        lead = lead_organisation(request)
        return request.user.is_superuser or (lead is not None and (obj is None or obj.pk == lead))

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission


@admin.register(AdviserOrganisation)
class AdviserOrganisationAdmin(admin.ModelAdmin):
    form = OrganisationForm
    list_display = ["name", "where", "inbox", "advisers_count", "is_demo"]
    list_filter = ["is_demo"]
    search_fields = ["name", "inbox"]
    filter_horizontal = ["programmes"]
    inlines = [AdviserInline]

    @admin.display(description=_("regions"))
    def where(self, obj):
        return ", ".join(str(name) for name in obj.region_names())

    @admin.display(description=_("advisers"))
    def advisers_count(self, obj):
        return obj.adviser_count

    def get_queryset(self, request):
        queryset = super().get_queryset(request).annotate(adviser_count=Count("advisers"))
        return queryset if request.user.is_superuser else queryset.filter(pk=lead_organisation(request))

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.is_superuser else ["name", "regions", "programmes", "inbox", "is_demo"]

    def has_module_permission(self, request):
        return request.user.is_superuser or lead_organisation(request) is not None

    def has_view_permission(self, request, obj=None):
        lead = lead_organisation(request)
        return request.user.is_superuser or (lead is not None and (obj is None or obj.pk == lead))

    has_change_permission = has_view_permission

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
