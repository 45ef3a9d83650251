"""The deployments of ``prefect.yaml``, for ``dondoc serve``'s runner.

One description of the schedules (``prefect.yaml``) serves both modes: ``prefect deploy
--all`` for a server with workers, ``dondoc serve`` for a small committee on one machine.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def prefect_yaml_path() -> Path:
    configured = os.environ.get("DONDOC_PREFECT_YAML")
    return Path(configured) if configured else PROJECT_ROOT / "prefect.yaml"


def read_deployments(path: Path | None = None) -> list[dict[str, Any]]:
    data = yaml.safe_load((path or prefect_yaml_path()).read_text(encoding="utf-8"))
    return list(data.get("deployments") or [])


def load_flow(entrypoint: str, root: Path = PROJECT_ROOT) -> Any:
    """``flows/x.py:fn`` -> the flow object (the same import a worker does)."""
    file, _, name = entrypoint.partition(":")
    module_name = Path(file).with_suffix("").as_posix().replace("/", ".")
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    module = importlib.import_module(module_name)
    return getattr(module, name)


def runner_deployments(path: Path | None = None) -> list[Any]:
    """``RunnerDeployment`` objects with the schedules and parameters of ``prefect.yaml``."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig
    from prefect.schedules import Schedule

    found = []
    for spec in read_deployments(path):
        schedules = [
            Schedule(
                cron=s["cron"],
                timezone=s["timezone"],
                active=s.get("active", True),
                slug=s.get("slug"),
            )
            for s in spec.get("schedules") or []
            if "cron" in s
        ]
        flow = load_flow(spec["entrypoint"])
        limit = spec.get("concurrency_limit")
        found.append(
            flow.to_deployment(
                name=spec["name"],
                schedules=schedules,
                parameters=spec.get("parameters") or {},
                description=spec.get("description"),
                tags=spec.get("tags") or [],
                concurrency_limit=ConcurrencyLimitConfig(**limit) if limit else None,
            )
        )
    return found
