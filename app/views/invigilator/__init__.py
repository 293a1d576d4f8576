"""The invigilator station (espace surveillant)."""
