"""One router per area; each route depends on exactly one role (see deps.py)."""
