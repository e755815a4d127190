"""Demo content of the "3+2+X" plan and the loader behind ``manage.py load_demo``."""
