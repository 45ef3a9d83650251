"""The documents layer: reading the office's files (resolutions, conclusion notices,
plans) into drafts people check before anything is written.

``documents`` imports ``models`` and nothing of ``cli`` or ``web``, so the command line
and the web application can both call it (one exception while the layout moves:
``documents.extract.reading`` reuses the importers' zip bounds from ``documents.bounds``).
"""
