"""Decide scores. Pure: never touches a database or the web layer."""
