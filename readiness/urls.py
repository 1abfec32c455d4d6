from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Manufacturing Readiness administration")
admin.site.site_title = _("Manufacturing Readiness admin")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("assessments.urls")),
]
