"""The two settings of the visits work: how often assigned enterprises are visited, and how long a demand may
stay open (both kept in the data file, so every PC using it follows the same rule)."""

import json
from dataclasses import dataclass, field

from ..db.models import Setting
from ..domain.access import Permission
from ..domain.compliance import Frequency
from ..domain.visits import DEFAULT_DEADLINE_DAYS, VisitFrequency
from .audit import require
from .database import Database
from .errors import RuleViolation

RULES_KEY = "visit_rules"


@dataclass(frozen=True)
class VisitRules:
    frequency: VisitFrequency = field(default_factory=VisitFrequency)
    deadline_days: int = DEFAULT_DEADLINE_DAYS


def load_visit_rules(db: Database) -> VisitRules:
    with db.reading() as session:
        stored = session.get(Setting, RULES_KEY)
    if stored is None:
        return VisitRules()
    data = json.loads(stored.value)
    return VisitRules(VisitFrequency(Frequency(data["frequency"]), int(data["minimum"])), int(data["deadline_days"]))


def save_visit_rules(db: Database, rules: VisitRules) -> None:
    require(db, Permission.MANAGE_SETTINGS, "修改走访规则")
    if rules.frequency.minimum < 1:
        raise RuleViolation("走访次数应至少为 1 次。")
    if not 1 <= rules.deadline_days <= 365:
        raise RuleViolation("诉求办理期限应在 1 至 365 天之间。")
    value = json.dumps({"frequency": rules.frequency.frequency.value, "minimum": rules.frequency.minimum,
                        "deadline_days": rules.deadline_days}, ensure_ascii=False)
    with db.transaction() as session:
        session.merge(Setting(key=RULES_KEY, value=value))
