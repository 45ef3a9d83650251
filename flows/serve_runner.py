"""The runner of ``dondoc serve``: registers prefect.yaml's deployments on the local
server (``PREFECT_API_URL``) and executes their scheduled runs, in this process."""

from __future__ import annotations

import argparse

from flows.prefect_env import quiet_defaults


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=2)
    args = parser.parse_args()
    quiet_defaults()
    from prefect import serve

    from flows.deployments import runner_deployments

    # Schedules stay active when this process stops: a restart must not skip a day.
    serve(*runner_deployments(), limit=args.limit, pause_on_shutdown=False)


if __name__ == "__main__":
    main()
