from django.urls import path

from mlquiz.web.progress import views

app_name = "progress"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.json", views.export_json, name="export_json"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("theory.apkg", views.export_anki, name="export_anki"),
    path("import/", views.import_json, name="import_json"),
    path("stats/", views.question_stats, name="stats"),
]
