"""The shipped question bank: YAML question files plus the trusted code they name."""
