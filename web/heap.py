"""A web worker's start-up heap, set aside from the garbage collector.

A worker holds about 190,000 objects once its modules are imported (FastAPI, SQLAlchemy,
the routes, the templates). Python's full collection walks all of them: 90-190 ms a
time at the 1M-task benchmark under 200 people, a dozen times in two minutes, with
every request of that worker standing still meanwhile. None of them will ever be
garbage, so they are frozen (``gc.freeze``, the permanent generation) once the worker
has built them; what the requests allocate is still collected as before.
"""

from __future__ import annotations

import gc

from jinja2 import Environment


def settle(env: Environment) -> None:
    """Compiles every template (the first page of each kind would, under load) and
    freezes what the worker has built so far."""
    for name in env.list_templates():
        env.get_template(name)
    gc.collect()
    gc.freeze()
