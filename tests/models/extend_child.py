"""``dondoc task extend`` in its own process, in rounds started at once with its siblings.

Imports first; then, for each round, says it is ready, waits for the parent's "go" file
for that round and runs the real CLI: the processes hit the database together, as
clerks on several machines would. Prints one JSON line per round.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from cli.app import app


def main() -> None:
    folder, name, dates = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
    runner = CliRunner()
    for round_number, new_due in enumerate(dates):
        (folder / f"ready-{round_number}-{name}").touch()
        go = folder / f"go-{round_number}"
        while not go.exists():
            time.sleep(0.001)
        args = ["task", "extend", "1", "--to", new_due, "--reason", f"to {new_due}"]
        result = runner.invoke(app, [*args, "--approved-by", "long", "--on", "2024-12-01"])
        line = {"exit": result.exit_code, "output": result.output, "to": new_due}
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
