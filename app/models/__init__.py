"""SQLAlchemy tables and Alembic migrations.

The local store (kiosk, station) and the server store.
"""
