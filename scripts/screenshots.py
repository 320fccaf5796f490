"""Screenshots of every page and the main dialogs, on the demo street, at 1366×768 (for the README).

    QT_QPA_PLATFORM=offscreen PYTHONPATH=src python scripts/screenshots.py docs/screenshots

Works on temporary data files and temporary settings: nothing of the user's own is read or changed.
"""

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from dangjian_desktop.services.database import Database, open_database  # noqa: E402
from dangjian_desktop.services.demo import load_demo  # noqa: E402
from dangjian_desktop.services.members import delete_members, list_members  # noqa: E402
from dangjian_desktop.services.organizations import list_organizations  # noqa: E402
from dangjian_desktop.services.rosters import export_roster_xlsx, write_roster_pdf  # noqa: E402
from dangjian_desktop.ui.app import create_main_window, prepare_application  # noqa: E402

SIZE = (1366, 768)


def settle(milliseconds: int = 400) -> None:
    """Let queued work (background loads, rendering, layout) finish."""
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def save(widget: QWidget, folder: Path, name: str) -> Path:
    settle()
    path = folder / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise OSError(f"无法保存 {path}")
    print(path)
    return path


def busiest_branch(db: Database) -> int:
    counts = {}
    for member in list_members(db):
        counts[member.branch_id] = counts.get(member.branch_id, 0) + 1
    return max(counts, key=counts.get)


def messy_roster(db: Database, branch_id: int, path: Path) -> Path:
    """A branch's roster as Excel with a few typical mistakes typed in, to show every row status."""
    import openpyxl

    export_roster_xlsx(db, path, org_id=branch_id, masked=False)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    header_row, columns = next((cell.row, {c.value: c.column for c in row if c.value})
                               for row in sheet.iter_rows() for cell in row[:1]
                               if any(c.value == "公民身份号码" for c in row))
    first = header_row + 1
    id_column, phone_column = columns["公民身份号码"], columns.get("联系电话")
    number = str(sheet.cell(first + 1, id_column).value)
    sheet.cell(first + 1, id_column).value = number[:17] + ("0" if number[17] != "0" else "1")  # wrong check digit
    sheet.cell(first + 3, id_column).value = float(sheet.cell(first + 3, id_column).value[:17] + "0")  # Excel number
    if phone_column:
        phone = str(sheet.cell(first + 5, phone_column).value or "13812345678")
        sheet.cell(first + 5, phone_column).value = f"+86 {phone[:3]}-{phone[3:7]}-{phone[7:]}"
    book.save(path)
    return path


def sample_photo(text: str, colour: str) -> bytes:
    """A JPEG with a coloured background and a word, standing in for a meeting photo."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    image = QImage(1200, 800, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    painter = QPainter(image)
    font = QFont()
    font.setPixelSize(90)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, 1200, 800), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPG")
    return bytes(data)


def meeting_screens(window: QWidget, db: Database, branch_id: int, folder: Path) -> None:
    """组织生活 on the busiest branch, and a draft record with leave reasons and two photos."""
    from dataclasses import replace

    from dangjian_desktop.domain.meetings import MeetingType, Photo, RecordStatus
    from dangjian_desktop.services.meetings import get_meeting, list_meetings
    from dangjian_desktop.ui.dialogs.meeting_dialog import MeetingDialog

    window.show_page(window.meetings_page)
    window.meetings_page.records.select_organization(branch_id)
    save(window, folder, "meetings")
    meetings = list_meetings(db, branch_ids=[branch_id])
    chosen = max(meetings, key=lambda m: (m.leave > 0, m.status == RecordStatus.DRAFT,
                                          m.type == MeetingType.PARTY_CONGRESS))
    photos = (Photo(None, "会场.jpg", "支部书记领学", sample_photo("会场", "#8E2A2A")),
              Photo(None, "合影.jpg", "全体党员合影", sample_photo("合影", "#2E5E8E")))
    dialog = MeetingDialog(window, db, replace(get_meeting(db, chosen.id), photos=photos))
    dialog.show()
    save(dialog, folder, "meeting-dialog")
    dialog.tabs.setCurrentWidget(dialog.photos)
    save(dialog, folder, "meeting-dialog-photos")
    dialog.done(0)


def enterprise_screens(window: QWidget, db: Database, folder: Path) -> None:
    """企业与走访 (each tab), 诉求台账, and the visit and demand dialogs."""
    from dangjian_desktop.services.demands import list_demands
    from dangjian_desktop.services.visits import list_visits
    from dangjian_desktop.ui.dialogs.demand_dialog import DemandDialog
    from dangjian_desktop.ui.dialogs.visit_dialog import VisitDialog

    window.show_page(window.enterprises_page)
    page = window.enterprises_page
    for panel, name in ((page.dashboard, "dashboard"), (page.enterprises, "enterprises"), (page.visits, "visits"),
                        (page.officers, "officers")):
        page.tabs.setCurrentWidget(panel)
        settle(600)
        save(window, folder, name)
    window.show_page(window.demands_page)
    settle(600)
    save(window, folder, "demands")
    visit = next(v for v in list_visits(db) if v.demands >= 2)
    dialog = VisitDialog(db, window, visit_id=visit.id)
    dialog.show()
    save(dialog, folder, "visit-dialog")
    dialog.close()
    demand = next(d for d in list_demands(db) if d.status == "办理中")
    dialog = DemandDialog(db, window, demand.id, handling=True)
    dialog.show()
    save(dialog, folder, "demand-dialog")
    dialog.close()


def backup_screens(window: QWidget, db: Database, work: Path, folder: Path) -> None:
    """备份与恢复 with a few weeks of backups, 数据检查 finding a broken reference, the damaged-file dialog at
    start-up, and the weekly reminder to keep a copy off this PC."""
    import shutil
    from datetime import date, datetime, timedelta

    from dangjian_desktop.services.backups import BackupReason, backup_folder, make_backup
    from dangjian_desktop.services.integrity import full_check, quick_check
    from dangjian_desktop.ui.auto_backups import remind_offsite_copy
    from dangjian_desktop.ui.dialogs.check_dialog import CheckResultDialog
    from dangjian_desktop.ui.dialogs.damaged_file_dialog import DamagedFileDialog

    latest = make_backup(db, BackupReason.OPENED)
    now = datetime.now().replace(microsecond=0)
    history = [(timedelta(hours=2), "定时"), (timedelta(hours=20), "导入前"), (timedelta(days=1, hours=3), "打开时"),
               *((timedelta(days=days, hours=1), "打开时") for days in range(2, 9)),
               *((timedelta(weeks=weeks), "定时") for weeks in (2, 3, 4))]
    for ago, reason in history:
        stamp = now - ago
        shutil.copyfile(latest.path, backup_folder(db.path) / f"{db.path.stem}-{stamp:%Y%m%d-%H%M%S}-{reason}.db")
    make_backup(db, BackupReason.MANUAL)
    window.show_page(window.backup_page)
    settle(800)
    save(window, folder, "backups")

    reminder = remind_offsite_copy(window, db, date.today())
    if reminder is not None:
        save(reminder, folder, "offsite-reminder")
        reminder.done(0)

    damaged_path = work / "damaged" / "党建数据.db"
    damaged_path.parent.mkdir()
    shutil.copyfile(latest.path, damaged_path)
    copy = open_database(damaged_path)
    make_backup(copy, BackupReason.OPENED)
    with copy.engine.connect() as connection:   # a reference broken behind the program's back
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.exec_driver_sql("UPDATE member SET branch_id = 99999 WHERE id IN (3, 17)")
        connection.commit()
    check = CheckResultDialog(window, full_check(copy), lambda: None)
    check.show()
    save(check, folder, "data-check")
    check.close()
    copy.close()
    data = bytearray(damaged_path.read_bytes())
    data[len(data) // 2:len(data) // 2 + 8192] = b"\xde\xad\xbe\xef" * 2048
    damaged_path.write_bytes(bytes(data))
    dialog = DamagedFileDialog(damaged_path, quick_check(damaged_path))
    dialog.show()
    settle(1500)
    save(dialog, folder, "damaged-file")
    dialog.reject()


def account_screens(window: QWidget, db: Database, empty: Database, folder: Path) -> None:
    """The first administrator, a refused login, 账号管理 with its dialogs, 修改密码, and the locked window."""
    from PySide6.QtGui import QPainter

    from dangjian_desktop.domain.access import Role
    from dangjian_desktop.services.accounts import LoginRefused, add_account, create_first_admin, log_in
    from dangjian_desktop.ui.dialogs.first_admin_dialog import FirstAdminDialog
    from dangjian_desktop.ui.dialogs.login_dialog import LoginDialog

    admin_password, password = "Dangjian#2025", "Qingdao-2025"
    first = FirstAdminDialog(empty)
    first.user_name.setText("admin")
    first.full_name.setText("王建华")
    first.new_password.password.setText(admin_password)
    first.new_password.repeat.setText(admin_password[:-2])
    first.show()
    save(first, folder, "first-admin")
    first.close()
    create_first_admin(db, "admin", admin_password, "王建华")
    for user, name, role in (("zhangsan", "张三", Role.OPERATOR), ("lisi", "李四", Role.READ_ONLY),
                             ("zhaoshen", "赵审", Role.AUDITOR)):
        add_account(db, user, name, role, password)
    for _attempt in range(5):
        try:
            log_in(db, "lisi", "wrong")
        except LoginRefused:
            pass
    login = LoginDialog(db, window)
    login.user_name.setText("zhangsan")
    login.password.setText("wrong")
    login.log_in()
    login.show()
    save(login, folder, "login")
    login.close()
    log_in(db, "admin", admin_password)
    window.apply_role()
    accounts = window.account_menu.manage_accounts()
    save(accounts, folder, "accounts")
    add = accounts.add_account()
    add.user_name.setText("wangwu")
    add.full_name.setText("王五")
    add.new_password.password.setText("Wangwu2025")
    save(add, folder, "account-add")
    add.done(0)
    accounts.done(0)
    change = window.account_menu.change_password()
    change.old_password.setText(admin_password)
    change.new_password.password.setText("Newer#2025")
    change.new_password.repeat.setText("Newer#2025")
    save(change, folder, "password-change")
    change.done(0)
    lock = window.account_menu.idle_lock.lock()
    settle()
    shot = window.grab()            # the blanked window with the lock dialog over it, as the user sees them
    painter = QPainter(shot)
    dialog = lock.grab()
    painter.drawPixmap((shot.width() // round(shot.devicePixelRatio()) - lock.width()) // 2,
                       (shot.height() // round(shot.devicePixelRatio()) - lock.height()) // 2, dialog)
    painter.end()
    shot.save(str(folder / "locked.png"))
    print(folder / "locked.png")
    lock.password.setText(admin_password)
    lock.unlock()


def audit_screens(db: Database, work: Path, folder: Path) -> None:
    """审计日志 as the 审计员 sees it after some work — an edit, exports with and without whole numbers, a print,
    numbers shown, an export refused to a 只读 user — and the edit's entry in full."""
    from dataclasses import replace

    from dangjian_desktop.domain.access import Actor, Role, machine_name
    from dangjian_desktop.services import audit
    from dangjian_desktop.services.members import get_member, save_member
    from dangjian_desktop.ui.pages.audit_page import AuditPage

    machine = machine_name()
    audit.set_actor(db, Actor("zhangsan", Role.OPERATOR, machine))
    member = get_member(db, list_members(db)[5].id)
    save_member(db, replace(member, phone="13905310000", work_unit=member.work_unit + "（已调岗）"))
    export_roster_xlsx(db, work / "花名册.xlsx", org_id=member.branch_id)
    export_roster_xlsx(db, work / "花名册（完整号码）.xlsx", org_id=member.branch_id, masked=False)
    write_roster_pdf(db, work / "花名册.pdf", org_id=member.branch_id)
    audit.reveal_full_numbers(db, f"花名册：{member.branch_name}")
    audit.set_actor(db, Actor("lisi", Role.READ_ONLY, machine))
    try:
        export_roster_xlsx(db, work / "只读导出.xlsx")
    except audit.AccessDenied:
        pass
    audit.set_actor(db, Actor("zhaoshen", Role.AUDITOR, machine))
    page = AuditPage(db)
    page.resize(*SIZE)
    page.show()
    settle(1500)
    save(page, folder, "audit")
    page.table.selectRow(next(row for row in range(page.model.rowCount())
                              if page.model.record_at(row).entry.action == "修改"))
    dialog = page.open_selected()
    save(dialog, folder, "audit-entry")
    dialog.close()
    page.close()


def main(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="dangjian-shots-"))
    app = QApplication(sys.argv)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "settings"))
    prepare_application(app)

    from dangjian_desktop.ui.dialogs.first_start_dialog import FirstStartDialog

    empty = open_database(work / "empty.db")
    first_start = FirstStartDialog(empty)
    first_start.show()
    save(first_start, folder, "first-start")
    first_start.close()

    db = open_database(work / "demo.db")
    load_demo(db)
    window = create_main_window(db)
    window.resize(*SIZE)
    window.show()
    for page, name in zip((window.home_page, window.roster_page, window.data_page), ("home", "roster", "data")):
        window.show_page(page)
        save(window, folder, name)

    branch_id = busiest_branch(db)
    window.show_organization(branch_id)
    save(window, folder, "roster-branch")

    from dangjian_desktop.ui.dialogs.member_dialog import MemberDialog

    rare = next((m for m in list_members(db) if any(ch in "䶮𠈌堃喆赟" for ch in m.name)),
                list_members(db, branch_id)[0])
    member_dialog = MemberDialog(window, db, record=rare)
    member_dialog.show()
    save(member_dialog, folder, "member-dialog")
    member_dialog.close()

    from dangjian_desktop.services.member_import import preview_member_import
    from dangjian_desktop.ui.dialogs.import_dialog import ImportPreviewDialog

    roster_file = messy_roster(db, branch_id, work / "花名册（待导入）.xlsx")
    target = open_database(work / "import-target.db")
    load_demo(target)
    delete_members(target, [m.id for m in list_members(target, branch_id)])
    import_dialog = ImportPreviewDialog(window, target, preview_member_import(target, roster_file))
    import_dialog.resize(*SIZE)
    import_dialog.show()
    save(import_dialog, folder, "import-preview")
    import_dialog.close()

    from dangjian_desktop.ui.dialogs.pdf_preview import PdfPreviewDialog

    branch_name = next(o.name for o in list_organizations(db) if o.id == branch_id)
    pdf_path = work / "花名册.pdf"
    write_roster_pdf(db, pdf_path, org_id=branch_id)
    preview = PdfPreviewDialog(window, pdf_path, f"{branch_name}花名册")
    preview.resize(*SIZE)
    preview.show()
    settle(800)
    save(preview, folder, "print-preview")
    preview.close()
    meeting_screens(window, db, branch_id, folder)
    enterprise_screens(window, db, folder)
    backup_screens(window, db, work, folder)
    account_screens(window, db, empty, folder)
    audit_screens(db, work, folder)
    window.close()
    for database in (empty, db, target):
        database.close()
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("用法：python scripts/screenshots.py 输出文件夹", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(Path(sys.argv[1])))
