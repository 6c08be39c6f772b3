from django.urls import path

from mlquiz.web.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.review_queue, name="queue"),
    path("settings/", views.review_settings, name="settings"),
    path("override/<int:log_id>/", views.review_override, name="override"),
    path("rate/<path:question_id>/", views.review_rate, name="rate"),
]
