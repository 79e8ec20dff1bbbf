"""One module per ``foi-draft`` subcommand; see :mod:`foi_drafter.cli`."""
