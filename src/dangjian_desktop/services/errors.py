"""Errors a service raises for the user to read: the message is Chinese and says what to do."""


class ServiceError(Exception):
    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class NotFound(ServiceError):
    pass


class RuleViolation(ServiceError):
    """The action breaks a rule (e.g. deleting a branch that still has members)."""


class AccessDenied(ServiceError):
    """The acting user's role lacks the permission (services/audit.require logs the attempt)."""
