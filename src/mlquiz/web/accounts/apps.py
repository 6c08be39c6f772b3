from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mlquiz.web.accounts"
    label = "accounts"
    verbose_name = "Accounts"
