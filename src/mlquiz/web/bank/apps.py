from django.apps import AppConfig


class BankConfig(AppConfig):
    name = "mlquiz.web.bank"
    label = "bank"
    verbose_name = "Question bank"
