"""Use cases. Each function owns its transaction, takes plain values and returns plain dataclasses."""
