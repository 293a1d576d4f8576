"""The candidate kiosk: `examroom kiosk` (main.run), one widget per screen."""
