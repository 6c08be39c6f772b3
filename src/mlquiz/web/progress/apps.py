from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "mlquiz.web.progress"
    label = "progress"
    verbose_name = "Progress"
