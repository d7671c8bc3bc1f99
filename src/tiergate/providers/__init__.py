"""Providers: their policy facts, the bundled catalog, and calling them."""
