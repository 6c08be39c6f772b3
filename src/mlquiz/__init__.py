"""mlquiz: practice for the machine-learning engineer interview loop."""

__version__ = "0.1.0"
