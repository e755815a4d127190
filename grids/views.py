"""Placeholder views; the resident pages are being built."""

from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("")


venue_list = venue_detail = alliance_list = alliance_detail = _todo
grid_list = grid_detail = team_list = team_detail = _todo
activity_list = activity_detail = _todo
