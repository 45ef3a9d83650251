"""Paging a list page: which rows a page asks for, whether another page follows, and
the address of each page. The one piece of paging code of the task list and the
meetings; the links are ``_pager.html``'s.

Numbered pages over OFFSET, as the task list always paged (a link names its page, and a
committee's lists are short enough): a page reads one row more than it shows, which says
whether a next page exists without counting the whole list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar
from urllib.parse import urlencode

PAGE_SIZE = 50

Row = TypeVar("Row")


def window(page: int, size: int = PAGE_SIZE) -> tuple[int, int]:
    """(limit, offset) of page ``page`` (1 first): one row more than the page shows."""
    return size + 1, (max(page, 1) - 1) * size


def split(rows: Sequence[Row], size: int = PAGE_SIZE) -> tuple[list[Row], bool]:
    """The page's rows, and whether another page follows (the extra row ``window`` read)."""
    return list(rows[:size]), len(rows) > size


def query_of(params: Mapping[str, str], *repeated: tuple[str, str]) -> str:
    """A list's filters as a query string, empty ones left out: the pager's links and
    the exports keep them."""
    pairs = [(k, v) for k, v in params.items() if v] + list(repeated)
    return urlencode(pairs)
