"""Trusted custom checkers that coding questions name by dotted path (checker.function)."""
