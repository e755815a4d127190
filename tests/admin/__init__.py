"""The Django admin: who gets in, that every page answers, that lists do not grow in
queries with their rows, and that bad input is refused on its field with nothing saved.

The registry is walked, so a model registered later is covered by the access tests at
once; the change-page and query-count tests ask for a row builder in ``ROW_BUILDERS``.
"""
