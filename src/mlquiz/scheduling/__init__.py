"""Spaced-repetition scheduling (FSRS) and review-queue policy. Pure: no Django."""
