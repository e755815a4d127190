"""A row builder per model the staff see: ``builder_for(model)(n)`` makes n rows
with what the change list and change page show (photos, related rows)."""

import pytest

from . import accounts, activities, grids, venues, volunteers

ROW_BUILDERS = {
    **venues.ROW_BUILDERS,
    **grids.ROW_BUILDERS,
    **volunteers.ROW_BUILDERS,
    **activities.ROW_BUILDERS,
    **accounts.ROW_BUILDERS,
}


def builder_for(model):
    if model not in ROW_BUILDERS:
        pytest.fail(f"Add a row builder for {model._meta.label} to ROW_BUILDERS.")
    return ROW_BUILDERS[model]
