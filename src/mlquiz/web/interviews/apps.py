from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "mlquiz.web.interviews"
    label = "interviews"
    verbose_name = "Mock interviews"
