from django.urls import path

from . import privacy, views

app_name = "assessments"

urlpatterns = [
    path("", views.start, name="start"),
    path("continue/", views.continue_assessment, name="continue"),
    path("privacy/", privacy.privacy, name="privacy"),
    path("assessments/new/", views.new, name="new"),
    path("assessments/start-again/", views.start_again, name="start_again"),
    path("assessments/<str:token>/", views.resume, name="resume"),
    path("assessments/<str:token>/tasks/", views.tasks, name="tasks"),
    path("assessments/<str:token>/profile/", views.profile, name="profile"),
    path("assessments/<str:token>/saved/", views.saved, name="saved"),
    path("assessments/<str:token>/link/", views.link, name="link"),
    path("assessments/<str:token>/new-link/", views.new_link, name="new_link"),
    path("assessments/<str:token>/review/", views.review, name="review"),
    path("assessments/<str:token>/submit/", views.submit, name="submit"),
    path("assessments/<str:token>/results/", views.results, name="results"),
    path("assessments/<str:token>/report.pdf", views.report_pdf, name="report"),
    path("assessments/<str:token>/report/", views.report_page, name="report_page"),
    path("assessments/<str:token>/my-data.json", privacy.my_data, name="my_data"),
    path("assessments/<str:token>/delete/", privacy.delete, name="delete"),
    path("assessments/<str:token>/again/", views.again, name="again"),
    path("assessments/<str:token>/full/", views.full, name="full"),
    # Keep last: any other segment is a driver code (RESERVED_DRIVER_CODES keeps the two apart).
    path("assessments/<str:token>/<slug:driver>/", views.driver_page, name="driver"),
    path("assessments/<str:token>/<slug:driver>/<int:page>/", views.driver_page, name="driver_page"),
]
