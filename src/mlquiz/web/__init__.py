"""The Django web layer: thin views over the pure cores (content, grading, practice)."""
