"""Our own Simplified-Chinese Inno Setup messages file, installer/windows/zh_CN.isl, checked on Linux.

dangjian-desktop.iss reads it as `MessagesFile: "compiler:Default.isl,zh_CN.isl"`: Inno Setup's English Default.isl
first, our translation over it. The file must have exactly the message names of Inno Setup 6.0's Default.isl, and
each translation must keep what Setup substitutes or interprets: the %1…%9 arguments, the %n line breaks, the
[name], [name/ver] and [mb] tokens, one `&` accelerator (same letter, written `浏览(&R)...`) where the English has
one, and no final period where the English has none (Setup appends it). ISCC itself only runs on Windows.
"""

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ISL = ROOT / "installer" / "windows" / "zh_CN.isl"
SCRIPT = ROOT / "installer" / "windows" / "dangjian-desktop.iss"
MESSAGES_FILE = "compiler:Default.isl,zh_CN.isl"
BOM = b"\xef\xbb\xbf"
SECTIONS = ["LangOptions", "Messages", "CustomMessages"]
LANG_OPTIONS = {"LanguageName": "简体中文", "LanguageID": "$0804", "LanguageCodePage": "0"}
# Pure format messages: they may stay without Chinese characters (a number and a unit, or an argument pattern).
FORMAT_MESSAGES = {"LastErrorMessage", "UninstallDisplayNameMark", "UninstallDisplayNameMarks", "ComponentSize1",
                   "ComponentSize2", "UninstallDisplayNameMark32Bit", "UninstallDisplayNameMark64Bit"}
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass(frozen=True)
class Facts:
    """What the English (Inno Setup 6.0 Default.isl) value of a message has; the translation must match it."""

    placeholders: tuple[str, ...] = ()  # "%1"…"%9", sorted, each as often as it occurs
    line_breaks: int = 0  # number of %n
    brackets: tuple[str, ...] = ()  # "[name]", "[name/ver]", "[mb]", sorted
    accelerator: str | None = None  # the letter after the single "&", upper case
    empty: bool = False
    final_period: bool = False  # the English ends with "." (so Setup does not append one)


# Every message in Default.isl order, separated by commas: the name, then its facts as tokens — %1…%9 (repeated when
# the English repeats it), nK (K line breaks %n), [token], &X (accelerator letter X), "empty", "." (final period).
# Derived from Inno Setup 6.0's English Default.isl (its English text is not copied here).
EXPECTED_TABLE = """
[Messages]
SetupAppTitle, SetupWindowTitle %1, UninstallAppTitle, UninstallAppFullTitle %1, InformationTitle, ConfirmTitle,
ErrorTitle, SetupLdrStartupMessage %1, LdrCannotCreateTemp, LdrCannotExecTemp, HelpTextNote empty,
LastErrorMessage %1 %2 %3 n2, SetupFileMissing %1 ., SetupFileCorrupt ., SetupFileCorruptOrWrongVer .,
InvalidParameter %1 n2, SetupAlreadyRunning ., WindowsVersionNotSupported ., WindowsServicePackRequired %1 %2 .,
NotOnThisPlatform %1 ., OnlyOnThisPlatform %1 ., OnlyOnTheseArchitectures %1 n2, MissingWOW64APIs %1 .,
WinVersionTooLowError %1 %2 ., WinVersionTooHighError %1 %2 ., AdminPrivilegesRequired .,
PowerUserPrivilegesRequired ., SetupAppRunningError %1 n2 ., UninstallAppRunningError %1 n2 .,
PrivilegesRequiredOverrideInstruction, PrivilegesRequiredOverrideTaskDialogText1 %1 .,
PrivilegesRequiredOverrideMsgBoxText1 %1 n2, PrivilegesRequiredOverrideTaskDialogText2 %1 .,
PrivilegesRequiredOverrideMsgBoxText2 %1 n2, PrivilegesRequiredOverrideAllUsers,
PrivilegesRequiredOverrideCurrentUser, PrivilegesRequiredOverrideRecommended %1, ErrorCreatingDir %1,
ErrorTooManyFilesInDir %1, ExitSetupTitle, ExitSetupMessage n4, AboutSetupMenuItem &A ., AboutSetupTitle,
AboutSetupMessage %1 %1 %2 %3 %4 n4, AboutSetupNote empty, TranslatorNote empty, ButtonBack &B, ButtonNext &N,
ButtonInstall &I, ButtonOK, ButtonCancel, ButtonYes &Y, ButtonYesToAll &A, ButtonNo &N, ButtonNoToAll &O,
ButtonFinish &F, ButtonBrowse &B ., ButtonWizardBrowse &R ., ButtonNewFolder &M, SelectLanguageTitle,
SelectLanguageLabel, ClickNext ., BeveledLabel empty, BrowseDialogTitle, BrowseDialogLabel ., NewFolderName,
WelcomeLabel1 [name], WelcomeLabel2 n2 [name/ver] ., WizardPassword, PasswordLabel1 ., PasswordLabel3 .,
PasswordEditLabel &P, IncorrectPassword ., WizardLicense, LicenseLabel ., LicenseLabel3 ., LicenseAccepted &A,
LicenseNotAccepted &D, WizardInfoBefore, InfoBeforeLabel ., InfoBeforeClickLabel ., WizardInfoAfter,
InfoAfterLabel ., InfoAfterClickLabel ., WizardUserInfo, UserInfoDesc ., UserInfoName &U, UserInfoOrg &O,
UserInfoSerial &S, UserInfoNameRequired ., WizardSelectDir, SelectDirDesc [name], SelectDirLabel3 [name] .,
SelectDirBrowseLabel ., DiskSpaceMBLabel [mb] ., CannotInstallToNetworkDrive ., CannotInstallToUNCPath .,
InvalidPath n6, InvalidDrive ., DiskSpaceWarningTitle, DiskSpaceWarning %1 %2 n2, DirNameTooLong ., InvalidDirName .,
BadDirName32 %1 n2, DirExistsTitle, DirExists %1 n4, DirDoesntExistTitle, DirDoesntExist %1 n4,
WizardSelectComponents, SelectComponentsDesc, SelectComponentsLabel2 ., FullInstallation, CompactInstallation,
CustomInstallation, NoUninstallWarningTitle, NoUninstallWarning %1 n6, ComponentSize1 %1, ComponentSize2 %1,
ComponentsDiskSpaceMBLabel [mb] ., WizardSelectTasks, SelectTasksDesc, SelectTasksLabel2 [name] .,
WizardSelectProgramGroup, SelectStartMenuFolderDesc, SelectStartMenuFolderLabel3 .,
SelectStartMenuFolderBrowseLabel ., MustEnterGroupName ., GroupNameTooLong ., InvalidGroupName ., BadGroupName %1 n2,
NoProgramGroupCheck2 &D, WizardReady, ReadyLabel1 [name] ., ReadyLabel2a ., ReadyLabel2b ., ReadyMemoUserInfo,
ReadyMemoDir, ReadyMemoType, ReadyMemoComponents, ReadyMemoGroup, ReadyMemoTasks, WizardPreparing,
PreparingDesc [name] ., PreviousInstallNotCompleted n2 [name] ., CannotContinue ., ApplicationsFound .,
ApplicationsFound2 ., CloseApplications &A, DontCloseApplications &D, ErrorCloseApplications ., WizardInstalling,
InstallingLabel [name] ., FinishedHeadingLabel [name], FinishedLabelNoIcons [name] ., FinishedLabel [name] .,
ClickFinish ., FinishedRestartLabel [name], FinishedRestartMessage n2 [name], ShowReadmeCheck, YesRadio &Y,
NoRadio &N, RunEntryExec %1, RunEntryShellExec %1, ChangeDiskTitle, SelectDiskLabel2 %1 n2 ., PathLabel &P,
FileNotInDir2 %1 %2 ., SelectDirectoryLabel ., SetupAborted n2 ., EntryAbortRetryIgnore .,
AbortRetryIgnoreChooseAction, AbortRetryIgnoreRetry, AbortRetryIgnoreProceedAnyway, AbortRetryIgnoreCancel,
StatusClosingApplications ., StatusCreateDirs ., StatusExtractFiles ., StatusCreateIcons ., StatusCreateIniEntries .,
StatusCreateRegistryEntries ., StatusRegisterFiles ., StatusSavingUninstall ., StatusRunProgram .,
StatusRestartingApplications ., StatusRollback ., ErrorInternal2 %1, ErrorFunctionFailedNoCode %1,
ErrorFunctionFailed %1 %2, ErrorFunctionFailedWithMessage %1 %2 %3 n1, ErrorExecutingProgram %1 n1,
ErrorRegOpenKey %1 %2 n1, ErrorRegCreateKey %1 %2 n1, ErrorRegWriteKey %1 %2 n1, ErrorIniEntry %1 .,
FileAbortRetryIgnore ., FileAbortRetryIgnore2 ., FileAbortRetryIgnoreSkipNotRecommended,
FileAbortRetryIgnoreProceedAnywayNotRecommended, SourceIsCorrupted, SourceDoesntExist %1, ExistingFileReadOnly .,
ExistingFileReadOnlyAbortRetryIgnore ., ExistingFileReadOnlyRetry, ExistingFileReadOnlySkip,
ErrorReadingExistingDest, FileExists n2, ExistingFileNewer n2, ErrorChangingAttr, ErrorCreatingTemp,
ErrorReadingSource, ErrorCopying, ErrorReplacingExistingFile, ErrorRestartReplace, ErrorRenamingTemp,
ErrorRegisterServer %1, ErrorRegSvr32Failed %1, ErrorRegisterTypeLib %1, UninstallDisplayNameMark %1 %2,
UninstallDisplayNameMarks %1 %2 %3, UninstallDisplayNameMark32Bit, UninstallDisplayNameMark64Bit,
UninstallDisplayNameMarkAllUsers, UninstallDisplayNameMarkCurrentUser, ErrorOpeningReadme .,
ErrorRestartingComputer ., UninstallNotFound %1 ., UninstallOpenError %1, UninstallUnsupportedVer %1,
UninstallUnknownEntry %1, ConfirmUninstall %1, UninstallOnlyOnWin64 ., OnlyAdminCanUninstall .,
UninstallStatusLabel %1 ., UninstalledAll %1 ., UninstalledMost %1 n2 ., UninstalledAndNeedsRestart %1 n2,
UninstallDataCorrupted %1, ConfirmDeleteSharedFileTitle, ConfirmDeleteSharedFile2 n2 ., SharedFileNameLabel,
SharedFileLocationLabel, WizardUninstalling, StatusUninstalling %1 ., ShutdownBlockReasonInstallingApp %1 .,
ShutdownBlockReasonUninstallingApp %1 .
[CustomMessages]
NameAndVersion %1 %2, AdditionalIcons, CreateDesktopIcon &D, CreateQuickLaunchIcon &Q, ProgramOnTheWeb %1,
UninstallProgram %1, LaunchProgram %1, AssocFileExtension %1 %2 &A, AssocingFileExtension %1 %2 .,
AutoStartProgramGroupDescription, AutoStartProgram %1, AddonHostProgramNotFound %1 n2
"""


def _facts(tokens: list[str]) -> Facts:
    fields = {"placeholders": [], "line_breaks": 0, "brackets": [], "accelerator": None, "empty": False,
              "final_period": False}
    for token in tokens:
        if re.fullmatch(r"%[1-9]", token):
            fields["placeholders"].append(token)
        elif re.fullmatch(r"n[1-9]", token):
            fields["line_breaks"] = int(token[1:])
        elif re.fullmatch(r"\[[a-z/]+\]", token):
            fields["brackets"].append(token)
        elif re.fullmatch(r"&[A-Z]", token):
            fields["accelerator"] = token[1]
        elif token == "empty":
            fields["empty"] = True
        elif token == ".":
            fields["final_period"] = True
        else:
            raise ValueError(f"unknown token {token!r} in EXPECTED_TABLE")
    return Facts(tuple(sorted(fields["placeholders"])), fields["line_breaks"], tuple(sorted(fields["brackets"])),
                 fields["accelerator"], fields["empty"], fields["final_period"])


def _parse_table(table: str) -> dict[str, dict[str, Facts]]:
    result, section = {}, None
    for line in table.strip().splitlines():
        if line.startswith("["):
            section = line.strip("[]")
            result[section] = {}
            continue
        for item in filter(None, (item.strip() for item in line.split(","))):
            name, *tokens = item.split()
            assert name not in result[section], f"{name} twice in EXPECTED_TABLE"
            result[section][name] = _facts(tokens)
    return result


EXPECTED = _parse_table(EXPECTED_TABLE)


def parse_isl(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Sections in file order, each with its (name, value) lines in order — the way Setup reads a .isl file:
    blank lines and lines starting with ";" are skipped, "[Section]" starts a section, the rest is Name=Value."""
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    for number, line in enumerate(text.split("\r\n"), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith(";"):
            continue
        header = re.fullmatch(r"\[(\w+)\]", stripped)
        if header:
            sections.append((header.group(1), []))
            continue
        name, sep, value = line.partition("=")
        assert sep and re.fullmatch(r"\w+", name), f"line {number} is not Name=Value: {line!r}"
        assert sections, f"line {number} comes before the first [section]: {line!r}"
        assert value == value.strip(), f"line {number} ({name}) has spaces around its value"
        sections[-1][1].append((name, value))
    return sections


@pytest.fixture(scope="module")
def raw() -> bytes:
    assert ISL.is_file(), f"{ISL} is missing"
    return ISL.read_bytes()


@pytest.fixture(scope="module")
def sections(raw) -> dict[str, list[tuple[str, str]]]:
    parsed = parse_isl(raw[len(BOM):].decode("utf-8"))
    names = [name for name, _ in parsed]
    assert names == SECTIONS, f"sections are {names}, expected {SECTIONS}"
    return dict(parsed)


def test_utf8_with_bom_and_crlf(raw):
    assert raw.startswith(BOM), "zh_CN.isl must start with the UTF-8 BOM (Setup reads it as UTF-8 only then)"
    text = raw[len(BOM):].decode("utf-8")  # strict: raises on invalid UTF-8
    assert "\ufeff" not in text, "a second BOM inside the file"
    assert raw.count(b"\n") == raw.count(b"\r\n") == raw.count(b"\r"), "line endings must all be CRLF"
    assert raw.endswith(b"\r\n"), "the last line must end with CRLF"
    assert "\t" not in text


def test_header_comment_says_it_is_our_own_translation(raw):
    header = raw[len(BOM):].decode("utf-8").split("\r\n[", 1)[0]
    assert header.startswith(";") and all(line.startswith(";") or not line for line in header.split("\r\n"))
    for word in ("党建工作台", "compiler:Default.isl", "English"):
        assert word in header, f"the header comment should mention {word!r}"


def test_sections_and_lang_options(sections):
    options = sections["LangOptions"]
    assert dict(options) == LANG_OPTIONS and len(options) == len(LANG_OPTIONS), (
        f"[LangOptions] must be exactly {LANG_OPTIONS} (no font overrides), got {options}")


@pytest.mark.parametrize("section", ["Messages", "CustomMessages"])
def test_message_names_match_inno_setup_6_0(sections, section):
    names = [name for name, _ in sections[section]]
    twice = sorted(name for name, count in Counter(names).items() if count > 1)
    assert not twice, f"[{section}] names given more than once: {twice}"
    expected = list(EXPECTED[section])
    assert not set(expected) - set(names), f"[{section}] missing: {sorted(set(expected) - set(names))}"
    assert not set(names) - set(expected), f"[{section}] not in Inno Setup 6.0: {sorted(set(names) - set(expected))}"
    assert names == expected, f"[{section}] names are not in Default.isl order"


@pytest.mark.parametrize(("section", "name"), [(s, n) for s, table in EXPECTED.items() for n in table])
def test_message_keeps_placeholders_and_conventions(sections, section, name):
    values = dict(sections[section])
    assert name in values, f"[{section}] {name} is missing"
    value, facts = values[name], EXPECTED[section][name]
    if facts.empty:
        assert value == "", f"{name} is empty in English and must stay empty"
        return
    assert value, f"{name} is empty"
    assert tuple(sorted(re.findall(r"%[1-9]", value))) == facts.placeholders, (
        f"{name}: arguments {sorted(re.findall(r'%[1-9]', value))}, expected {list(facts.placeholders)}")
    assert value.count("%n") == facts.line_breaks, f"{name}: {value.count('%n')} %n, expected {facts.line_breaks}"
    stray = re.findall(r"%(?![1-9n]).?", value)
    assert not stray, f"{name}: stray % sequence {stray} (only %1…%9 and %n are allowed)"
    brackets = re.findall(r"\[[^\[\]]*\]", value)
    assert tuple(sorted(brackets)) == facts.brackets, f"{name}: tokens {brackets}, expected {list(facts.brackets)}"
    assert re.sub(r"\[[^\[\]]*\]", "", value).count("[") == 0, f"{name}: unmatched bracket"
    assert re.sub(r"\[[^\[\]]*\]", "", value).count("]") == 0, f"{name}: unmatched bracket"
    assert "&&" not in value, f"{name}: '&&' (a literal ampersand) is not expected"
    if facts.accelerator:
        assert value.count("&") == 1, f"{name}: needs exactly one '&' accelerator"
        assert f"(&{facts.accelerator})" in value, f"{name}: accelerator must be written (&{facts.accelerator})"
    else:
        assert "&" not in value, f"{name}: the English has no accelerator, so no '&'"
    if name not in FORMAT_MESSAGES:
        assert CJK.search(value), f"{name} is not translated: {value!r}"
    if not facts.final_period:
        assert not value.endswith(("。", ".", "．")), f"{name}: no final period (Setup appends one): {value!r}"


def _languages_entries(script: str) -> list[str]:
    entries, section = [], None
    for line in script.splitlines():
        stripped = line.strip()
        header = re.fullmatch(r"\[(\w+)\]", stripped)
        if header:
            section = header.group(1)
        elif section == "Languages" and stripped and not stripped.startswith((";", "#", "//")):
            entries.append(stripped)
    return entries


def test_setup_script_uses_our_messages_file():
    entries = _languages_entries(SCRIPT.read_text(encoding="utf-8-sig"))
    assert len(entries) == 1, f"expected one [Languages] entry, got {entries}"
    files = re.findall(r'(?:^|;)\s*MessagesFile\s*:\s*"([^"]*)"', entries[0])
    assert files == [MESSAGES_FILE], f"[Languages] MessagesFile must be {MESSAGES_FILE!r}: {entries[0]}"
    assert (SCRIPT.parent / "zh_CN.isl").is_file(), "zh_CN.isl must sit next to the .iss (its source folder)"
