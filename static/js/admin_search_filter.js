// The admin's search-box filter (community_portal/admin.py SearchRelatedFilter):
// choosing a result opens the changelist filtered to it, from its first page.
'use strict';
(function () {
    const $ = window.django && window.django.jQuery;
    if (!$) {
        return;
    }
    $(function () {
        $('.search-related-filter').on('change', function () {
            const value = this.value;
            if (!value) {
                return;
            }
            const url = new URL(window.location.href);
            url.searchParams.set(this.dataset.filterParam, value);
            url.searchParams.delete('p');
            window.location.assign(url.toString());
        });
    });
})();
