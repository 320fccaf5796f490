"""SQLAlchemy models, the engine and migrations: the only package that speaks SQL."""
