"""``notice_delivered``: sent once per notice, after the commit, when it first
reached its person (a message sent, or at once when it has no channel besides the
portal). Higher apps listen to it to record their own "sent" marks (the
reminders), so this package never imports them."""

from django.dispatch import Signal

# Arguments: notice_id, key, kind.
notice_delivered = Signal()
