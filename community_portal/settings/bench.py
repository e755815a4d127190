"""The benchmark harness's data step: production settings plus the development tools.

``bench/run.sh`` generates its data with these (``manage.py bench_generate`` lives in
``community_portal.devtools``) and serves and measures with ``production`` itself, so
the figures are those of the settings residents get.
"""

from .production import *  # noqa: F403
from .production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "community_portal.devtools"]
