"""The central server: FastAPI application every kiosk, station and admin PC syncs to."""
