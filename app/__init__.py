"""examroom: runs the day of a digital-skills certification, offline and through power cuts."""

__version__ = "0.1.0"
