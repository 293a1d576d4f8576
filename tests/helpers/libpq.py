"""libpq's trace, read: what a test counts on the wire to PostgreSQL."""

from __future__ import annotations


def round_trips(trace: str) -> int:
    """How many times the client waited for the server: each switch from sending (F)
    to receiving (B) in a libpq trace."""
    trips, sending = 0, False
    for line in trace.splitlines():
        direction = line.split("\t")[1] if "\t" in line else ""
        if direction == "F":
            sending = True
        elif direction == "B" and sending:
            trips += 1
            sending = False
    return trips
