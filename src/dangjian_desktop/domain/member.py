"""A party member as every layer sees it, and the roster rules of DESIGN §4."""

from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum

from .contact import normalize_phone
from .dates import add_years, years_between
from .enums import MemberCategory, MobileDirection, PartyStatus
from .idcard import check_id_number


@dataclass(frozen=True)
class MemberRecord:
    """One member. `id` is None until stored; branch/group are given by id and, for display, by name."""

    name: str
    id_number: str
    category: str = MemberCategory.FULL
    branch_id: int | None = None
    branch_name: str = ""
    group_id: int | None = None
    group_name: str = ""
    sex: str = ""
    ethnicity: str = ""
    birth_date: date | None = None
    education: str = ""
    joined_on: date | None = None
    confirmed_on: date | None = None
    status: str = PartyStatus.NORMAL
    work_unit: str = ""
    phone: str = ""
    address: str = ""
    is_mobile: bool = False
    mobile_direction: str = ""
    mobile_place: str = ""
    mobile_reason: str = ""
    is_lost_contact: bool = False
    dual_report_community: str = ""
    note: str = ""
    joined_branch_on: date | None = None
    id: int | None = None

    def with_changes(self, **changes) -> "MemberRecord":
        """dataclasses.replace without re-running __init__ over all 26 fields: imports of 50,000 rows call it
        several times per row, and replace() was their largest single cost."""
        if not changes.keys() <= _RECORD_FIELDS:
            raise TypeError(f"MemberRecord has no field(s) {sorted(changes.keys() - _RECORD_FIELDS)}")
        copy = object.__new__(MemberRecord)
        copy.__dict__.update(self.__dict__, **changes)
        return copy

    def age(self, today: date) -> int | None:
        return years_between(self.birth_date, today) if self.birth_date else None

    def party_age(self, today: date) -> int | None:
        """党龄 counts from 转正 (DESIGN §7); a probationary member has none yet."""
        if self.category != MemberCategory.FULL or not self.confirmed_on:
            return None
        return max(years_between(self.confirmed_on, today), 0)


_RECORD_FIELDS = frozenset(f.name for f in fields(MemberRecord))
_CATEGORIES = frozenset(MemberCategory)
_STATUSES = frozenset(PartyStatus)
_DIRECTIONS = frozenset(MobileDirection)


class Severity(StrEnum):
    FIXED = "fixed"      # a value was normalised or upgraded; the row is fine
    WARNING = "warning"  # accepted, but a person should look at it
    ERROR = "error"      # the row cannot be accepted as it is


@dataclass(frozen=True)
class FieldIssue:
    field: str
    message: str
    severity: Severity


@dataclass
class CheckedMember:
    record: MemberRecord
    issues: list[FieldIssue] = field(default_factory=list)

    @property
    def has_error(self) -> bool:
        return any(i.severity is Severity.ERROR for i in self.issues)


def check_member(record: MemberRecord, today: date | None = None) -> CheckedMember:
    """Normalise a record and list what is wrong with it, field by field (keys as in MemberRecord)."""
    today = today or date.today()
    issues: list[FieldIssue] = []

    def issue(name: str, message: str, severity: Severity = Severity.ERROR) -> None:
        issues.append(FieldIssue(name, message, severity))

    name = "".join(record.name.split())
    if not name:
        issue("name", "姓名不能为空")

    idc = check_id_number(record.id_number, today)
    changes: dict = {"name": name, "id_number": idc.number}
    if idc.error:
        issue("id_number", idc.error)
    else:
        for warning in idc.warnings:
            issue("id_number", warning, Severity.WARNING)
        if record.birth_date and record.birth_date != idc.birth_date:
            issue("birth_date", f"出生日期与身份证号不一致，已按身份证号改为 {idc.birth_date:%Y-%m-%d}",
                  Severity.WARNING)
        if record.sex and record.sex != idc.sex:
            issue("sex", f"性别与身份证号不一致，已按身份证号改为{idc.sex}", Severity.WARNING)
        changes.update(birth_date=idc.birth_date, sex=str(idc.sex))

    category = record.category
    if not category and record.confirmed_on:
        category = MemberCategory.FULL
        issue("category", "人员类别为空，有转正时间，按正式党员处理", Severity.FIXED)
    if category not in _CATEGORIES:
        issue("category", "人员类别应为“正式党员”或“预备党员”")
    changes["category"] = str(category)

    birth = changes.get("birth_date")
    if record.joined_on is None:
        issue("joined_on", "入党时间不能为空")
    else:
        if record.joined_on > today:
            issue("joined_on", "入党时间不能晚于今天")
        elif birth and record.joined_on < add_years(birth, 18):
            issue("joined_on", f"入党时间 {record.joined_on:%Y-%m-%d} 早于18周岁生日，请核对")
    if category == MemberCategory.FULL and record.joined_on:
        if record.confirmed_on is None:
            issue("confirmed_on", "正式党员缺少转正时间", Severity.WARNING)
        elif record.confirmed_on < add_years(record.joined_on, 1):
            issue("confirmed_on", "转正时间应在入党时间满1年之后")
        elif record.confirmed_on > today:
            issue("confirmed_on", "转正时间不能晚于今天")
    if category == MemberCategory.PROBATIONARY and record.confirmed_on:
        issue("confirmed_on", "预备党员不应填写转正时间")

    if record.status and record.status not in _STATUSES:
        issue("status", "党籍状态应为：" + "、".join(PartyStatus))
    changes["status"] = str(record.status or PartyStatus.NORMAL)

    phone, phone_error = normalize_phone(record.phone)
    if phone_error:
        issue("phone", phone_error)
    elif phone != record.phone.strip():
        issue("phone", f"联系电话已整理为 {phone}", Severity.FIXED)
    changes["phone"] = phone

    if record.mobile_direction and record.mobile_direction not in _DIRECTIONS:
        issue("mobile_direction", "流动方向应为“流出”或“流入”")
    if record.mobile_direction and not record.is_mobile:
        changes["is_mobile"] = True
    return CheckedMember(record.with_changes(**changes), issues)
