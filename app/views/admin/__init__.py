"""`examroom admin`: centre administration (sessions, candidates, documents, finalisation,
results) and the jury's review, against the central server."""
