"""Background jobs: code grading runs here, off the request thread (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from mlquiz.web.practice.services import submission_grade


@task(queue_name="grading")
def grade_code_submission(submission_id: int) -> str:
    return submission_grade(submission_id=submission_id)
