"""``python -m wcmock``: the same command line as ``wcmock``, where the script is not on ``PATH``."""

from wcmock.cli import main

main(prog_name="wcmock")
