from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Manufacturing Readiness administration"
admin.site.site_title = "Manufacturing Readiness admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("assessments.urls")),
]
