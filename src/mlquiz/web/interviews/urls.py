from django.urls import path

from mlquiz.web.interviews import views

app_name = "interviews"
urlpatterns = [
    path("", views.mock_list, name="list"),
    path("start/<path:mock_id>/", views.mock_start, name="start"),
    path("<int:session_id>/", views.mock_take, name="take"),
    path("<int:session_id>/draft/", views.mock_draft, name="draft"),
    path("<int:session_id>/answer/", views.mock_answer, name="answer"),
    path("<int:session_id>/end-round/", views.mock_end_zone, name="end_zone"),
    path("<int:session_id>/state/", views.mock_state, name="state"),
    path("<int:session_id>/report/", views.mock_report_page, name="report"),
]
