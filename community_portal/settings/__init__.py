"""Settings package: ``base`` is shared; ``local``, ``production`` and ``test`` extend it.

``DJANGO_SETTINGS_MODULE`` picks one; ``manage.py`` defaults to ``local``.
"""
