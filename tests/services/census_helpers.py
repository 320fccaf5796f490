"""Small builders for the officer, enterprise, visit, demand and coverage service tests (all through the services).

    officer(db, "王指导")                         → id
    enterprise(db, "美团外卖城东站", industry="外卖") → id (a valid credit code from its number)
    visit(db, officer_id, enterprise_id, date(2025, 4, 20), problems=("停车难",)) → id
"""

from datetime import date

from dangjian_desktop.domain.credit_code import credit_check_char
from dangjian_desktop.domain.enterprises import EnterpriseRecord
from dangjian_desktop.domain.visits import VisitRecord
from dangjian_desktop.services.enterprises import save_enterprise
from dangjian_desktop.services.officers import OfficerInfo, save_officer
from dangjian_desktop.services.visits import save_visit

FAR_FUTURE = date(2099, 12, 31)  # "today" for visits saved in any year the tests pick
_numbers = iter(range(1, 100_000))


def credit_code(number: int) -> str:
    first17 = f"91370102MA3{number:06d}"
    return first17 + credit_check_char(first17)


def officer(db, name: str, **fields) -> int:
    return save_officer(db, OfficerInfo(None, name, **fields))


def enterprise(db, name: str, *, industry: str = "快递", officer_id: int | None = None,
               assigned_on: date | None = None, **fields) -> int:
    values = dict(credit_code=credit_code(next(_numbers)), industry=industry, employees=30, employees_under_35=20,
                  party_members=1)
    values.update(fields)
    return save_enterprise(db, EnterpriseRecord(name, **values), officer_id=officer_id, assigned_on=assigned_on)


def visit(db, officer_id: int, enterprise_id: int, day: date, *, problems: tuple[str, ...] = (), user: str = "",
          today: date = FAR_FUTURE, **fields) -> int:
    values = dict(findings="与站长座谈，了解经营和党员情况。", met_person="孙站长")
    values.update(fields)
    return save_visit(db, VisitRecord(officer_id, enterprise_id, day, problems=problems, **values), user=user,
                      today=today)
