"""The ``mlquiz`` command: one module per subcommand, glued together in :mod:`.main`."""
