"""``{% workbench_counts as queues %}``: the workbench's queue counts for the admin
index (counts only, no rows), or an empty list for someone with no workbench."""

from django import template

from community_portal.pages import workbench as workbench_selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def workbench_counts(context) -> list:
    request = context.get("request")
    user = getattr(request, "user", None)
    scope = workbench_selectors.workbench_scope(user=user) if user else None
    if scope is None:
        return []
    return workbench_selectors.workbench(scope=scope, limit=0)
