from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "mlquiz.web.reviews"
    label = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from mlquiz.web.reviews import signals  # noqa: F401  (connects the grading hooks)
