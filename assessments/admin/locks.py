"""How the admin shows a version lock: the models decide what is locked; here it is only shown."""

from django.contrib import messages
from django.utils.translation import gettext as _


class VersionLockAdmin:
    """For admins of VersionedContent models: locked fields are read-only on a locked version, and a
    POST that tries to change them hears that the change was ignored (not "changed successfully")."""

    def version_of(self, obj):
        return obj.version() if obj is not None else None

    def locked_fields(self, obj):
        version = self.version_of(obj)
        return list(self.model.LOCKED_FIELDS) if version and version.is_locked else []

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.locked_fields(obj)]

    def save_model(self, request, obj, form, change):
        ignored = [
            str(self.model._meta.get_field(f).verbose_name)
            for f in self.locked_fields(obj)
            if f in request.POST and request.POST[f] != str(getattr(obj, self.model._meta.get_field(f).attname))
        ]
        if ignored:
            message = _("These fields are locked on a published version, so your changes to them were ignored: %s.")
            self.message_user(request, message % ", ".join(ignored), messages.WARNING)
        super().save_model(request, obj, form, change)
