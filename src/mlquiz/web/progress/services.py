"""History export (CSV, JSON), import of the JSON export, and the Anki deck of theory questions."""

from __future__ import annotations

import csv
import hashlib
import io
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction

from mlquiz.content.schema import McqQuestion, MultiSelectQuestion, NumericQuestion, Question
from mlquiz.content.variants import VariantError, make_variant, render_explanation
from mlquiz.practice.quiz import ordered_options
from mlquiz.web.bank.selectors import get_bank
from mlquiz.web.interviews.models import MockSession
from mlquiz.web.markdown import render_markdown
from mlquiz.web.practice.models import Attempt, Submission
from mlquiz.web.reviews import signals as review_signals
from mlquiz.web.reviews.models import ReviewCard, ReviewLog

FORMAT, VERSION = "mlquiz-history", 1
SKIP = {"id", "user"}


class HistoryImportError(ValueError):
    pass


def _row(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        out[name] = value.isoformat() if isinstance(value, datetime) else value
    return out


def _fields(model: type[models.Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.name not in SKIP and not isinstance(f, models.ForeignKey)
    ]


EXPORTED: tuple[tuple[str, type[models.Model], str], ...] = (
    ("attempts", Attempt, "created"),
    ("submissions", Submission, "created"),
    ("reviews", ReviewLog, "reviewed"),
    ("cards", ReviewCard, "created"),
    ("mocks", MockSession, "created"),
)


def history_json(*, user: AbstractBaseUser) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported": datetime.now(UTC).isoformat(),
        "username": user.get_username(),
    }
    for key, model, order in EXPORTED:
        fields = _fields(model)
        data[key] = [_row(o, fields) for o in model.objects.filter(user=user).order_by(order, "id")]
    return data


CSV_COLUMNS = ["when", "type", "question_id", "kind", "score", "correct", "verdict", "detail"]


def history_csv(*, user: AbstractBaseUser) -> str:
    """One row per event (answer, code submission, review, mock), oldest first."""
    rows: list[list[Any]] = []
    for a in Attempt.objects.filter(user=user):
        rows.append([a.created, "attempt", a.question_id, a.kind, a.score, a.correct, "", ""])
    for s in Submission.objects.filter(user=user):
        rows.append([s.created, f"code_{s.mode}", s.question_id, "coding", "", "", s.verdict, ""])
    for r in ReviewLog.objects.filter(user=user):
        rows.append([r.reviewed, "review", r.question_id, "", "", "", "", f"rating={r.rating}"])
    for m in MockSession.objects.filter(user=user):
        rows.append([m.created, "mock", m.mock_id, "mock", m.percent, "", "", m.status])
    rows.sort(key=lambda r: r[0])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([row[0].isoformat(), *row[1:]])
    return out.getvalue()


def _restore(model: type[models.Model], row: dict[str, Any]) -> dict[str, Any]:
    allowed = set(_fields(model))
    return {k: v for k, v in row.items() if k in allowed}


def history_import(*, user: AbstractBaseUser, data: Any) -> dict[str, int]:
    """Load another instance's JSON export into this user's history; importing twice adds
    nothing the second time (idempotency keys and timestamps identify rows)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise HistoryImportError("This is not an mlquiz history export.")
    if data.get("version") != VERSION:
        raise HistoryImportError(f"Unsupported export version {data.get('version')!r}.")
    counts = dict.fromkeys(("attempts", "submissions", "reviews", "cards", "mocks"), 0)
    try:
        with transaction.atomic(), review_signals.suppressed():
            for row in data.get("attempts") or []:
                fields = _restore(Attempt, row)
                fields["idempotency_key"] = _key("imp", row.get("idempotency_key", ""))
                created = fields.pop("created", None)
                obj, made = Attempt.objects.get_or_create(
                    user=user, idempotency_key=fields["idempotency_key"], defaults=fields
                )
                if made and created:
                    Attempt.objects.filter(pk=obj.pk).update(created=created)
                counts["attempts"] += int(made)
            for row in data.get("submissions") or []:
                fields = _restore(Submission, row)
                fields["idempotency_key"] = _key("imp", row.get("idempotency_key", ""))
                if fields.get("status") in ("queued", "running"):
                    fields["status"] = "error"
                created = fields.pop("created", None)
                sub, made = Submission.objects.get_or_create(
                    user=user, idempotency_key=fields["idempotency_key"], defaults=fields
                )
                if made and created:
                    Submission.objects.filter(pk=sub.pk).update(created=created)
                counts["submissions"] += int(made)
            for row in data.get("reviews") or []:
                fields = _restore(ReviewLog, row)
                fields["source"], fields["source_id"] = ReviewLog.Source.IMPORT, None
                _, made = ReviewLog.objects.get_or_create(
                    user=user,
                    question_id=fields["question_id"],
                    reviewed=fields["reviewed"],
                    defaults=fields,
                )
                counts["reviews"] += int(made)
            for row in data.get("cards") or []:
                fields = _restore(ReviewCard, row)
                existing = ReviewCard.objects.filter(
                    user=user, question_id=fields["question_id"]
                ).first()
                if existing is None:
                    ReviewCard.objects.create(user=user, **fields)
                    counts["cards"] += 1
                elif (existing.last_review or existing.created).isoformat() < str(
                    fields.get("last_review") or ""
                ):
                    for k, v in fields.items():
                        setattr(existing, k, v)
                    existing.save()
                    counts["cards"] += 1
            for row in data.get("mocks") or []:
                fields = _restore(MockSession, row)
                created = fields.pop("created", None)
                if MockSession.objects.filter(
                    user=user, mock_id=fields.get("mock_id"), created=created
                ).exists():
                    continue
                mock = MockSession.objects.create(user=user, **fields)
                if created:
                    MockSession.objects.filter(pk=mock.pk).update(created=created)
                counts["mocks"] += 1
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, HistoryImportError):
            raise
        raise HistoryImportError(
            f"The export is damaged: {type(exc).__name__}: {exc}"[:300]
        ) from None
    return counts


def _key(prefix: str, key: str) -> str:
    return f"{prefix}-{hashlib.sha256(str(key).encode()).hexdigest()[:40]}"


# --- Anki -------------------------------------------------------------------------------------

THEORY_KINDS = ("mcq", "multi_select", "numeric", "short_text")
MODEL_ID, DECK_ID = 1_607_392_319, 2_059_400_110


def _card_faces(question: Question) -> tuple[str, str] | None:
    front, back = render_markdown(question.prompt), render_markdown(question.explanation)
    if isinstance(question, (McqQuestion, MultiSelectQuestion)):
        options = ordered_options(question, 0)
        letters = "ABCDEFGHIJ"
        front += "<ol type='A'>" + "".join(f"<li>{render_markdown(o.text)}</li>" for o in options)
        front += "</ol>"
        right = [letters[i] for i, o in enumerate(options) if o.correct]
        back = f"<p><b>Answer: {', '.join(right)}</b></p>" + back
    elif isinstance(question, NumericQuestion):
        try:
            variant = make_variant(question, 1)
        except VariantError:
            return None
        front = render_markdown(variant.prompt)
        back = f"<p><b>Answer: {variant.answer:.6g}</b></p>" + render_markdown(
            render_explanation(question, variant)
        )
    return front, back


def anki_deck() -> bytes:
    """Every theory question as an Anki note (front: prompt, back: answer and explanation)."""
    import genanki  # type: ignore[import-untyped]

    model = genanki.Model(
        MODEL_ID,
        "mlquiz theory",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Id"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": "{{FrontSide}}<hr id=answer>{{Back}}<p><small>{{Id}}</small></p>",
            }
        ],
    )
    deck = genanki.Deck(DECK_ID, "mlquiz::ML theory")
    for question in get_bank().questions():
        if question.round != "ml_theory" or question.kind not in THEORY_KINDS:
            continue
        faces = _card_faces(question)
        if faces is None:
            continue
        guid = genanki.guid_for(question.id)
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[faces[0], faces[1], question.id],
                guid=guid,
                tags=[t.replace(" ", "_") for t in question.topics],
            )
        )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deck.apkg"
        genanki.Package(deck).write_to_file(str(path))
        return path.read_bytes()
