from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridsConfig(AppConfig):
    name = "grids"
    verbose_name = _("Culture grids")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from community_portal.accounts.models import Household, HouseholdMember, User
        from community_portal.private_media import register_private_photo
        from community_portal.versioned_cache import bump_receiver
        from grids.models import (
            Building,
            CivilityPoster,
            ConventionArticle,
            Grid,
            GridContent,
            SortingCheck,
        )
        from grids.selectors import (
            GRID_PAGE_CACHE,
            HOUSEHOLD_PARTICIPATION_CACHE,
            SORTING_CACHE,
            issue_photo_get,
            visit_log_photo_get,
        )

        # Photos of grid work: for staff and the grid's workers only.
        register_private_photo("visit", visit_log_photo_get)
        register_private_photo("issue", issue_photo_get)

        # The cached sums of the sorting checks (grids list, a grid's page) go stale
        # with every check saved or deleted (checks are written through ``save()``).
        bump = bump_receiver(SORTING_CACHE)
        for signal in (post_save, post_delete):
            signal.connect(bump, sender=SortingCheck, weak=False)

        # The grid pages' cached rows.
        bump_page = bump_receiver(GRID_PAGE_CACHE)
        for model in (Grid, Building, GridContent, ConventionArticle, CivilityPoster):
            for signal in (post_save, post_delete):
                signal.connect(bump_page, sender=model, weak=False)
        m2m_changed.connect(bump_page, sender=Grid.workers.through, weak=False)
        post_delete.connect(bump_page, sender=User, weak=False)

        # The per-household participation counts the grid's households and their
        # members (the check-ins are the activities app's to tell); an account
        # deleted takes its own seats with it (saving one changes nothing here).
        bump_participation = bump_receiver(HOUSEHOLD_PARTICIPATION_CACHE)
        for model in (Household, HouseholdMember, Building):
            for signal in (post_save, post_delete):
                signal.connect(bump_participation, sender=model, weak=False)
        post_delete.connect(bump_participation, sender=User, weak=False)

        def user_saved(*, created=False, update_fields=None, **kwargs):
            # A new account is nobody's worker yet (adding one is an m2m change);
            # a login saves ``last_login`` alone: no worker's card changes.
            if created:
                return
            if update_fields is None or set(update_fields) & WORKER_CARD_FIELDS:
                bump_page()

        post_save.connect(user_saved, sender=User, weak=False)


# What a grid page shows of its workers (``grids.selectors.grid_page``).
WORKER_CARD_FIELDS = {"name", "username", "phone", "is_active"}
