"""Pure domain logic: entities, enums, validation and rules. No Qt, no SQL."""
