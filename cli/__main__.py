"""``python -m cli``: the same command line as ``dondoc`` (for supervised child processes)."""

from cli.app import main

main()
