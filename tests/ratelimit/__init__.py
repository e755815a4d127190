"""Rate limits on writes (community_portal/ratelimit.py): sign-up per address, and the
decorator that matters and service requests use, per address and per user."""
