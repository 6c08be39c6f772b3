"""Question-bank files -> validated objects: schema, loader, validator, numeric variants."""
