"""SQLAlchemy tables and Alembic migrations: the local store (kiosk, station) and the server store."""
