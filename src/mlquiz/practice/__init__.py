"""Pure practice-session logic shared by the terminal and the web (no I/O, no Django)."""
