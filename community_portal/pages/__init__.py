"""Pages that compose several apps: the home page and a resident's "my activities".

The top layer beside ``community_portal.devtools``: it may import every app; no app
imports it.
"""
