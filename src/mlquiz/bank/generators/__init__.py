"""Trusted generators and answer functions that bank files point to by dotted path."""
