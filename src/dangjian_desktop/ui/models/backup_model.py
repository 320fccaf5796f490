"""The list of backups on 备份与恢复: newest first, with what each holds; sortable by any column."""

from PySide6.QtCore import Qt

from ...services.backups import BackupInfo, BackupReason
from .sorted_rows import SortedRowsModel

COUNTED = (("organization", "党组织", "个"), ("member", "党员", "名"), ("meeting", "会议", "次"),
           ("enterprise", "企业", "家"), ("visit", "走访", "次"), ("demand", "诉求", "件"))
HEADERS = ("时间", "类型", "大小", *(label for _table, label, _unit in COUNTED))
TIME, REASON, SIZE = range(3)
FIRST_COUNT = 3
UNREADABLE = "—"
REASON_LABELS = {BackupReason.DAMAGED_BEFORE_RESTORE.value: "恢复前（已损坏的文件）"}
REASON_TIPS = {
    BackupReason.OPENED.value: "程序打开时自动保存的备份",
    BackupReason.PERIODIC.value: "使用中每隔30分钟（数据有改动时）自动保存的备份",
    BackupReason.BEFORE_IMPORT.value: "导入数据之前自动保存的备份",
    BackupReason.BEFORE_RESTORE.value: "从备份恢复之前，自动保存的当时的数据",
    BackupReason.DAMAGED_BEFORE_RESTORE.value: "恢复之前的数据文件已损坏，按原样保存在这里供专业人员查看，不能用来恢复",
    BackupReason.BEFORE_MIGRATION.value: "程序升级后第一次打开数据文件、转换数据格式之前的备份",
    BackupReason.MANUAL.value: "点“立即备份”保存的备份",
}


def size_text(size: int) -> str:
    """"850 KB", "12.4 MB"."""
    if size < 1024 * 1024:
        return f"{max(size / 1024, 1):,.0f} KB"
    return f"{size / 1024 / 1024:,.1f} MB"


def counts_text(counts: dict[str, int]) -> str:
    """"党组织 30 个、党员 812 名、会议 1,204 次 …", the tables a backup holds rows of."""
    return "、".join(f"{label} {counts[table]:,} {unit}" for table, label, unit in COUNTED if counts.get(table))


def time_text(info: BackupInfo) -> str:
    return f"{info.taken_at:%Y-%m-%d %H:%M:%S}"


class BackupTableModel(SortedRowsModel):
    HEADERS = HEADERS

    def _haystack(self, info: BackupInfo) -> str:
        return f"{time_text(info)} {info.reason}"

    def _text(self, info: BackupInfo, column: int) -> str:
        if column == TIME:
            return time_text(info)
        if column == REASON:
            return REASON_LABELS.get(info.reason, info.reason)
        if column == SIZE:
            return size_text(info.size)
        table = COUNTED[column - FIRST_COUNT][0]
        return f"{info.counts[table]:,}" if table in info.counts else UNREADABLE

    def _sort_key(self, info: BackupInfo, column: int):  # noqa: ANN202 - any comparable value
        if column == TIME:
            return info.taken_at, info.path.name
        if column == SIZE:
            return info.size
        if column >= FIRST_COUNT:
            return info.counts.get(COUNTED[column - FIRST_COUNT][0], -1)
        return self._text(info, column)

    def _role_data(self, info: BackupInfo, column: int, role: int):  # noqa: ANN202 - Qt's variant
        if role == Qt.ItemDataRole.TextAlignmentRole and column != REASON:
            return int((Qt.AlignmentFlag.AlignRight if column >= SIZE else Qt.AlignmentFlag.AlignLeft)
                       | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == REASON:
                return REASON_TIPS.get(info.reason)
            return str(info.path)
        return None
