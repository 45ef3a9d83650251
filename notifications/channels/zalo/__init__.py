"""Zalo Official Account: an Apprise plugin (``plugin``) and its token store (``tokens``)."""
