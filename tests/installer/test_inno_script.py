"""The Windows setup script (installer/windows/dangjian-desktop.iss) checked on Linux: Inno Setup only runs on
Windows, so this parses the script the way ISCC reads it — preprocessor lines, sections, `Key=Value` directives,
`Name: value; Name: value` entries — and checks what issue 6 asks of the setup: Chinese pages, Program Files,
shortcuts, the version from the command line, clean upgrades, and an uninstall that keeps the user's data and says
so. Paths are resolved against the repository (the PyInstaller output is checked against the spec instead)."""

import ast
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath

import pytest

from dangjian_desktop import APP_NAME
from dangjian_desktop.paths import APP_DIR_NAME
from dangjian_desktop.services.running_program import MUTEX_NAME, MUTEX_NAMES

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "installer" / "windows" / "dangjian-desktop.iss"
SPEC = ROOT / "installer" / "dangjian-desktop.spec"
GUID = re.compile(r"^\{\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$")

# Inno Setup 6 [Setup] directives (a subset large enough for this script and for likely edits): a misspelt
# directive is a compile error in ISCC, here it is a test failure.
SETUP_DIRECTIVES = {
    "AllowNoIcons", "AppComments", "AppContact", "AppCopyright", "AppId", "AppModifyPath", "AppMutex", "AppName",
    "AppPublisher", "AppPublisherURL", "AppReadmeFile", "AppSupportPhone", "AppSupportURL", "AppUpdatesURL",
    "AppVerName", "AppVersion", "ArchitecturesAllowed", "ArchitecturesInstallIn64BitMode", "ChangesAssociations",
    "ChangesEnvironment", "CloseApplications", "CloseApplicationsFilter", "Compression", "CreateAppDir",
    "CreateUninstallRegKey", "DefaultDialogFontName", "DefaultDirName", "DefaultGroupName", "DisableDirPage",
    "DisableFinishedPage", "DisableProgramGroupPage", "DisableReadyPage", "DisableStartupPrompt",
    "DisableWelcomePage", "InfoAfterFile", "InfoBeforeFile", "LicenseFile", "MinVersion", "OnlyBelowVersion",
    "OutputBaseFilename", "OutputDir", "PrivilegesRequired", "PrivilegesRequiredOverridesAllowed",
    "RestartApplications", "SetupIconFile", "SetupLogging", "ShowLanguageDialog", "SignTool", "SignedUninstaller",
    "SolidCompression", "UninstallDisplayIcon", "UninstallDisplayName", "UninstallDisplaySize",
    "UsePreviousAppDir", "UsePreviousGroup", "UsePreviousLanguage", "UsePreviousSetupType", "UsePreviousTasks",
    "VersionInfoCompany", "VersionInfoCopyright", "VersionInfoDescription", "VersionInfoProductName",
    "VersionInfoProductTextVersion", "VersionInfoProductVersion", "VersionInfoTextVersion", "VersionInfoVersion",
    "WizardImageFile", "WizardSmallImageFile", "WizardStyle",
}
COMMON_PARAMETERS = {"Languages", "Components", "Tasks", "Check", "BeforeInstall", "AfterInstall", "MinVersion",
                     "OnlyBelowVersion"}
ENTRY_PARAMETERS = {
    "Languages": {"Name", "MessagesFile", "LicenseFile", "InfoBeforeFile", "InfoAfterFile"},
    "Tasks": {"Name", "Description", "GroupDescription", "Flags"} | COMMON_PARAMETERS,
    "InstallDelete": {"Type", "Name"} | COMMON_PARAMETERS,
    "UninstallDelete": {"Type", "Name"} | COMMON_PARAMETERS,
    "Files": {"Source", "DestDir", "DestName", "Flags", "Excludes", "Attribs", "Permissions", "ExternalSize",
              "FontInstall", "StrongAssemblyName"} | COMMON_PARAMETERS,
    "Icons": {"Name", "Filename", "Parameters", "WorkingDir", "HotKey", "Comment", "IconFilename", "IconIndex",
              "AppUserModelID", "Flags"} | COMMON_PARAMETERS,
    "Run": {"Filename", "Description", "Parameters", "WorkingDir", "StatusMsg", "RunOnceId", "Verb", "Flags"}
           | COMMON_PARAMETERS,
}
FLAGS = {
    "Tasks": {"checkablealone", "checkedonce", "dontinheritcheck", "exclusive", "restart", "unchecked"},
    "Files": {"ignoreversion", "recursesubdirs", "createallsubdirs", "restartreplace", "uninsneveruninstall",
              "onlyifdoesntexist", "replacesameversion", "skipifsourcedoesntexist", "sortfilesbyextension",
              "solidbreak", "uninsrestartdelete", "promptifolder", "confirmoverwrite", "external", "dontcopy"},
    "Icons": {"closeonexit", "createonlyiffileexists", "dontcloseonexit", "excludefromshowinnewinstall",
              "foldershortcut", "preventpinning", "runmaximized", "runminimized", "uninsneveruninstall",
              "useapppaths"},
    "Run": {"nowait", "postinstall", "skipifsilent", "skipifnotsilent", "runasoriginaluser", "runascurrentuser",
            "shellexec", "unchecked", "waituntilidle", "waituntilterminated", "hidewizard", "runhidden",
            "runmaximized", "runminimized", "skipifdoesntexist"},
}
DELETE_TYPES = {"files", "filesandordirs", "dirifempty"}
UNINSTALL_EVENTS = {"InitializeUninstall", "DeinitializeUninstall", "CurUninstallStepChanged",
                    "UninstallNeedRestart", "InitializeUninstallProgressForm"}


@dataclass
class InnoScript:
    preprocessor: list[str] = field(default_factory=list)  # "#..." lines, stripped, in order
    defines: dict[str, str] = field(default_factory=dict)  # #define Name "value"
    sections: dict[str, list[str]] = field(default_factory=dict)  # section name -> its lines (comments removed)

    def directives(self, section: str) -> dict[str, str]:
        """`Key=Value` lines of [Setup], [Messages], [CustomMessages] (keys may carry a `language.` prefix)."""
        result = {}
        for line in self.sections.get(section, []):
            key, sep, value = line.partition("=")
            assert sep, f"[{section}] line without '=': {line!r}"
            assert key.strip() not in result, f"[{section}] {key.strip()} given twice"
            result[key.strip()] = value.strip()
        return result

    def entries(self, section: str) -> list[dict[str, str]]:
        return [parse_entry(line) for line in self.sections.get(section, [])]

    def expand(self, text: str) -> str:
        """Substitutes ISPP inline calls {#Name}; AppVersion is what the build passes with /DAppVersion."""
        def value(match):
            name = match.group(1)
            if name == "AppVersion":
                return "0.1.0"
            assert name in self.defines, f"{{#{name}}} is used but never #define'd"
            return self.defines[name]
        return re.sub(r"\{#(\w+)\}", value, text)


def parse_entry(line: str) -> dict[str, str]:
    """`Name: "a;b"; Flags: x y` -> {"Name": "a;b", "Flags": "x y"}: quotes protect ';', "" is a quote."""
    params, pos = {}, 0
    while pos < len(line):
        match = re.compile(r"\s*(\w+)\s*:\s*").match(line, pos)
        assert match, f"bad entry parameter at {line[pos:]!r} in {line!r}"
        name, pos = match.group(1), match.end()
        if line.startswith('"', pos):
            end, value = pos + 1, []
            while True:
                quote = line.find('"', end)
                assert quote >= 0, f"unterminated quote in {line!r}"
                value.append(line[end:quote])
                if line.startswith('""', quote):
                    value.append('"')
                    end = quote + 2
                    continue
                pos = quote + 1
                break
            text = "".join(value)
        else:
            end = line.find(";", pos)
            end = len(line) if end < 0 else end
            text, pos = line[pos:end].strip(), end
        assert name not in params, f"parameter {name} given twice in {line!r}"
        params[name] = text
        rest = re.compile(r"\s*(;|$)").match(line, pos)
        assert rest, f"junk after {name} in {line!r}"
        pos = rest.end()
    return params


def parse_script(text: str) -> InnoScript:
    script, section = InnoScript(), None
    in_code = False
    for raw in text.splitlines():
        line = raw.strip()
        header = re.fullmatch(r"\[(\w+)\]", line)
        if header:
            section = header.group(1)
            assert section not in script.sections, f"section [{section}] appears twice"
            script.sections[section] = []
            in_code = section == "Code"
            continue
        if in_code:  # Pascal Script: kept verbatim
            script.sections[section].append(raw)
            continue
        if not line or line.startswith(";"):
            continue
        if line.startswith("#"):
            script.preprocessor.append(line)
            define = re.fullmatch(r'#define\s+(\w+)\s+"([^"]*)"', line)
            if define:
                script.defines[define.group(1)] = define.group(2)
            continue
        assert section is not None, f"line before any section: {line!r}"
        script.sections[section].append(line)
    return script


@pytest.fixture(scope="module")
def raw() -> bytes:
    return SCRIPT.read_bytes()


@pytest.fixture(scope="module")
def script(raw) -> InnoScript:
    return parse_script(raw.decode("utf-8-sig"))


@pytest.fixture(scope="module")
def setup(script) -> dict[str, str]:
    return {key: script.expand(value) for key, value in script.directives("Setup").items()}


def resolve(relative: str) -> Path:
    """A path in the script, relative to the script's folder (ISCC's default SourceDir), as a Linux path."""
    return (SCRIPT.parent / Path(*PureWindowsPath(relative).parts)).resolve()


def spec_names() -> dict[str, str]:
    """What the PyInstaller spec names: "program" (the first program(...) call: the windowed .exe), "COLLECT" (the
    bundle folder), and its string constants (CONSOLE_PROGRAM, ...)."""
    names = {}
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "program" and node.args and "program" not in names:
                names["program"] = ast.literal_eval(node.args[0])
            for keyword in node.keywords:
                if node.func.id == "COLLECT" and keyword.arg == "name":
                    names["COLLECT"] = ast.literal_eval(keyword.value)
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            names.update({target.id: node.value.value for target in node.targets if isinstance(target, ast.Name)})
    return names


def test_utf8_with_bom_so_every_inno_setup_6_reads_the_chinese_text(raw):
    # Before 6.3 ISCC took a script without a BOM for ANSI (the system code page) and garbled the Chinese.
    assert raw.startswith(b"\xef\xbb\xbf"), "the script must be UTF-8 with BOM"
    text = raw.decode("utf-8-sig")  # raises on invalid UTF-8
    assert APP_NAME in text and "\ufffd" not in text


def test_preprocessor_lines_balance_and_the_version_is_required(script):
    depth = 0
    for line in script.preprocessor:
        word = line.split()[0]
        assert word in {"#define", "#if", "#ifdef", "#ifndef", "#else", "#elif", "#endif", "#error", "#include"}, line
        if word in {"#if", "#ifdef", "#ifndef"}:
            depth += 1
        elif word == "#endif":
            depth -= 1
            assert depth >= 0, "#endif without #if"
    assert depth == 0, "unclosed #if"
    lines = script.preprocessor
    start = lines.index("#ifndef AppVersion")
    assert lines[start + 1].startswith("#error") and "/DAppVersion=" in lines[start + 1]
    assert lines[start + 2] == "#endif"
    # Inno Setup 6.3 introduced the x64compatible architecture identifier used below.
    assert any(re.fullmatch(r"#if Ver < EncodeVer\(6, ?3, ?0\)", line) for line in lines)


def test_setup_directives_are_known_and_complete(script, setup):
    unknown = set(script.directives("Setup")) - SETUP_DIRECTIVES
    assert not unknown, f"not Inno Setup [Setup] directives: {unknown}"
    assert GUID.fullmatch(script.directives("Setup")["AppId"]), "AppId must be a fixed GUID written {{GUID}"
    assert setup["AppName"] == APP_NAME == "党建工作台"
    assert script.directives("Setup")["AppVersion"] == "{#AppVersion}"
    assert setup["AppPublisher"]
    assert setup["DefaultDirName"] == r"{autopf}\党建工作台"
    assert setup["DefaultGroupName"] == APP_NAME
    assert setup["UsePreviousAppDir"] == "yes"
    assert setup["CloseApplications"] == "yes"
    assert setup["PrivilegesRequired"] == "admin"
    assert setup["ArchitecturesAllowed"] == setup["ArchitecturesInstallIn64BitMode"] == "x64compatible"
    assert setup["Compression"] == "lzma2/max" and setup["SolidCompression"] == "yes"
    assert setup["WizardStyle"] == "modern"
    assert setup["OutputBaseFilename"] == "dangjian-desktop-setup-0.1.0"
    assert script.directives("Setup")["OutputBaseFilename"].endswith("{#AppVersion}")
    assert resolve(setup["OutputDir"]) == ROOT / "dist"
    assert setup["UninstallDisplayIcon"] == r"{app}\dangjian-desktop.exe"


def test_setup_icon_exists_and_holds_the_usual_sizes(setup):
    icon = resolve(setup["SetupIconFile"])
    assert icon == ROOT / "resources" / "icons" / "app.ico" and icon.is_file()
    data = icon.read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1), "not an ICO file"
    sizes = set()
    for index in range(count):
        width, height, _colours, _reserved, _planes, bits, size, offset = struct.unpack_from("<BBBBHHII", data,
                                                                                             6 + 16 * index)
        assert offset + size <= len(data) and bits == 32
        sizes.add((width or 256, height or 256))
    assert {(n, n) for n in (16, 24, 32, 48, 64, 128, 256)} <= sizes


def test_bundle_source_is_the_spec_output(script):
    spec = spec_names()
    assert spec.get("program") == spec.get("COLLECT") == "dangjian-desktop"
    assert script.defines["AppExeName"] == spec["program"] + ".exe"
    assert script.defines["ConsoleExeName"] == spec["CONSOLE_PROGRAM"] == "dangjian-desktop.com"
    (bundle,) = script.entries("Files")
    source = script.expand(bundle["Source"])
    assert source.endswith("\\*")
    assert resolve(source[:-2]) == ROOT / "dist" / spec["COLLECT"], "Source must be the spec's dist folder"
    assert bundle["DestDir"] == "{app}"
    assert set(bundle["Flags"].split()) >= {"ignoreversion", "recursesubdirs", "createallsubdirs"}
    # the build stops with a clear message when PyInstaller has not run
    for program in ("AppExeName", "ConsoleExeName"):
        assert any(line.startswith("#if !FileExists(") and "BundleDir" in line and program in line
                   for line in script.preprocessor), program


def test_a_running_program_is_seen_by_setup_and_the_uninstaller(script, setup):
    # the program holds these mutexes while it runs (window or command line)
    assert setup["AppMutex"].split(",") == list(MUTEX_NAMES)
    assert script.defines["AppMutexName"] == MUTEX_NAME
    # the Restart Manager closes both programs of the bundle on upgrade
    assert {"*.exe", "*.com", "*.dll", "*.pyd"} <= set(setup["CloseApplicationsFilter"].split(","))


def test_every_source_path_in_the_repository_exists(script, setup):
    bundle = resolve(script.expand(script.defines["BundleDir"]))
    for section in ENTRY_PARAMETERS:
        for entry in script.entries(section):
            for key in ("Source", "LicenseFile", "InfoBeforeFile", "InfoAfterFile"):
                if key in entry:
                    path = script.expand(entry[key])
                    if resolve(path.rstrip("*").rstrip("\\")) == bundle:
                        continue  # built on Windows; checked against the spec above
                    assert resolve(path).exists(), f"[{section}] {key} {path} does not exist"
    assert resolve(setup["SetupIconFile"]).is_file()


def test_entries_use_known_parameters_and_flags(script):
    for section, allowed in ENTRY_PARAMETERS.items():
        for entry in script.entries(section):
            assert set(entry) <= allowed, f"[{section}] unknown parameters {set(entry) - allowed}"
            flags = set(entry.get("Flags", "").split())
            assert flags <= FLAGS.get(section, set()), f"[{section}] unknown flags {flags - FLAGS.get(section, set())}"


def test_chinese_installer_pages(script):
    (language,) = script.entries("Languages")
    assert language["Name"] == "chinesesimplified"
    # English defaults first, our own translation over them: a message a newer Inno Setup adds stays English
    # instead of stopping the build (tests/installer/test_inno_messages.py checks the translation itself)
    files = language["MessagesFile"].split(",")
    assert files == ["compiler:Default.isl", "zh_CN.isl"]
    assert resolve(files[1]).is_file()
    assert script.directives("Setup")["ShowLanguageDialog"] == "no"
    # every {cm:...} used has a Chinese custom message, and every message key carries the language's name
    custom = script.directives("CustomMessages")
    used = set(re.findall(r"\{cm:(\w+)\}", "\n".join(
        line for name in ENTRY_PARAMETERS for line in script.sections.get(name, []))))
    assert used and all(f"chinesesimplified.{name}" in custom for name in used), used
    for key, value in custom.items() | script.directives("Messages").items():
        assert key.startswith("chinesesimplified."), key
        assert re.search(r"[\u4e00-\u9fff]", value), f"{key} is not Chinese"


def test_start_menu_and_desktop_shortcuts(script):
    tasks = {task["Name"]: task for task in script.entries("Tasks")}
    assert "desktopicon" in tasks and "unchecked" not in tasks["desktopicon"].get("Flags", "").split()
    icons = [{key: script.expand(value) for key, value in icon.items()} for icon in script.entries("Icons")]
    by_name = {icon["Name"]: icon for icon in icons}
    start_menu = by_name[r"{group}\党建工作台"]
    assert start_menu["Filename"] == r"{app}\dangjian-desktop.exe" and "Tasks" not in start_menu
    desktop = by_name[r"{autodesktop}\党建工作台"]
    assert desktop["Filename"] == r"{app}\dangjian-desktop.exe" and desktop["Tasks"] == "desktopicon"
    uninstall = [icon for icon in icons if icon["Filename"] == "{uninstallexe}"]
    assert len(uninstall) == 1 and uninstall[0]["Name"].startswith("{group}\\")
    custom = script.directives("CustomMessages")
    assert custom["chinesesimplified.UninstallShortcut"] == "卸载{#AppName}"


def test_launch_after_install_is_offered(script):
    (run,) = script.entries("Run")
    assert script.expand(run["Filename"]) == r"{app}\dangjian-desktop.exe"
    assert {"postinstall", "nowait", "skipifsilent"} <= set(run["Flags"].split())
    label = re.fullmatch(r"\{cm:(\w+)\}", run["Description"]).group(1)
    assert script.expand(script.directives("CustomMessages")[f"chinesesimplified.{label}"]) == "启动党建工作台"


def test_uninstall_never_deletes_the_user_data_folder(script):
    assert "UninstallDelete" not in script.sections
    for entry in script.entries("InstallDelete"):
        assert entry["Type"] in DELETE_TYPES
        assert entry["Name"].startswith("{app}\\"), f"deletes outside the program folder: {entry['Name']}"
    code = "\n".join(script.sections.get("Code", []))
    for call in ("DelTree", "DeleteFile", "RemoveDir", "DelayDeleteFile"):
        assert call not in code, f"[Code] calls {call}"
    for line in (line for name in ENTRY_PARAMETERS for line in script.sections.get(name, [])):
        assert "localappdata" not in line.lower() and APP_DIR_NAME not in line.replace("dangjian-desktop.exe", "")


def test_uninstall_says_the_data_folder_is_kept(script):
    messages = script.directives("Messages")
    folder = rf"%LOCALAPPDATA%\{APP_DIR_NAME}"  # platformdirs user_data_dir(appauthor=False, roaming=False)
    confirm = messages["chinesesimplified.ConfirmUninstall"]
    assert "%1" in confirm and folder in confirm and "不会被删除" in confirm and "备份" in confirm
    assert rf"AppData\Local\{APP_DIR_NAME}" in confirm
    done = messages["chinesesimplified.UninstalledAll"]
    assert "%1" in done and folder in done and "没有删除" in done
    # a silent uninstall shows no message: the log records it instead
    code = "\n".join(script.sections["Code"])
    events = set(re.findall(r"^\s*(?:procedure|function)\s+(\w+)", code, re.M))
    assert events and events <= UNINSTALL_EVENTS
    assert script.defines["DataDirName"] == APP_DIR_NAME and "{localappdata}\\{#DataDirName}" in code
    assert len(re.findall(r"\bbegin\b", code, re.I)) == len(re.findall(r"\bend\b", code, re.I))


def test_upgrade_clears_the_previous_program_libraries(script):
    deleted = [entry["Name"] for entry in script.entries("InstallDelete")]
    assert deleted == [r"{app}\_internal"]  # PyInstaller 6's contents directory; the spec keeps the default
    assert "contents_directory" not in SPEC.read_text(encoding="utf-8")
