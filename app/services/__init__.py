"""Use cases, no widgets (QtCore signals at most): what the kiosk, the station and the
administration do, and the clients of the central server (docs/architecture.md)."""
