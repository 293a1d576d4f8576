"""Qt widgets only. Views call services and react to their signals; they never open a
database session or an HTTP connection themselves."""
