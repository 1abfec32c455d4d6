"""The advisers wing's addresses: the firm's consent pages (under its private link) and the adviser
workspace (under /advisers/, behind the staff sign-in). Included before the journey's, whose last
pattern takes any other word after a token as a driver code ("share" is reserved for this)."""

from django.urls import path

from . import consent, facilitated, impact, workspace

app_name = "advisers"

urlpatterns = [
    path("assessments/<str:token>/share/", consent.share, name="share"),
    path("assessments/<str:token>/shares/<uuid:share_id>/withdraw/", consent.withdraw, name="withdraw"),
    path("assessments/<str:token>/handover/", facilitated.handover, name="handover"),
    path("advisers/start/", facilitated.start, name="start"),
    path("advisers/impact/", impact.impact_page, name="impact"),
    path("advisers/", workspace.queue_page, name="queue"),
    path("advisers/firms/<uuid:share_id>/", workspace.firm, name="firm"),
    path("advisers/firms/<uuid:share_id>/notes/", workspace.add_note, name="note"),
    path("advisers/firms/<uuid:share_id>/assign/", workspace.assign, name="assign"),
    path("advisers/firms/<uuid:share_id>/report/", workspace.report_page, name="report"),
    path("advisers/firms/<uuid:share_id>/report.pdf", workspace.report_pdf, name="pdf"),
    path("advisers/firms/<uuid:share_id>/answers/", workspace.answers, name="answers"),
    path("advisers/firms/<uuid:share_id>/validate/<slug:code>/", workspace.validate, name="validate"),
    path("advisers/firms/<uuid:share_id>/export.csv", workspace.export, name="export"),
]
