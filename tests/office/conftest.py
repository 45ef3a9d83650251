"""The real command line, as in ``tests/cli``."""

from tests.cli.conftest import dondoc

__all__ = ["dondoc"]
