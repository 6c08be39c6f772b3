from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "mlquiz.web.practice"
    label = "practice"
    verbose_name = "Practice"
