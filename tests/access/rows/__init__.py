"""``MATRIX``: one row per URL pattern name, gathered from the rows of each app."""

from tests.access.row import Row

from . import activities, grids, portal, venues, volunteers

MATRIX: dict[str, Row] = {
    **portal.ROWS,
    **venues.ROWS,
    **grids.ROWS,
    **volunteers.ROWS,
    **activities.ROWS,
}
