"""Pieces shared by the kiosk, the station and the administration screens."""
