; 党建工作台 — Windows 安装程序（Inno Setup 6.3 或更高版本）
;
; 把 PyInstaller 生成的单文件夹程序 dist\dangjian-desktop\ 打成一个安装程序
; dist\dangjian-desktop-setup-<版本>.exe。版本号在编译时传入：
;
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 installer\windows\dangjian-desktop.iss
;
; 完整的构建步骤见 installer\README.md 的“Windows 安装程序”一节。
; 本文件是带 BOM 的 UTF-8：Inno Setup 6.3 之前的版本只有见到 BOM 才按 UTF-8 读中文。
;
; Builds the Windows setup from the PyInstaller one-folder bundle. The version is passed on the ISCC command line
; (/DAppVersion=X.Y.Z, the [project] version of pyproject.toml). Relative paths below are relative to this
; script's folder (the default SourceDir). tests/installer/test_inno_script.py checks this script on Linux.

#if Ver < EncodeVer(6, 3, 0)
  #error 需要 Inno Setup 6.3 或更高版本（x64compatible 架构标识从 6.3 起才有）。 Inno Setup 6.3 or later is required.
#endif

#ifndef AppVersion
  #error 没有给出版本号：请用 ISCC /DAppVersion=0.1.0 编译（版本号见 pyproject.toml）。 Pass the version: ISCC /DAppVersion=0.1.0
#endif

#define AppName "党建工作台"
#define AppPublisher "党建工作台项目组"
#define AppExeName "dangjian-desktop.exe"
#define ConsoleExeName "dangjian-desktop.com"
; 程序运行期间持有的互斥量（src/dangjian_desktop/services/running_program.py）：安装和卸载据此发现程序还开着。
#define AppMutexName "dangjian-desktop-running"
#define BundleDir "..\..\dist\dangjian-desktop"
#define DataDirName "dangjian-desktop"

; PyInstaller 的输出必须先存在，否则给出明确的提示而不是一串找不到文件的错误。
#if !FileExists(AddBackslash(SourcePath) + BundleDir + "\" + AppExeName)
  #error 找不到 dist\dangjian-desktop\dangjian-desktop.exe：请先在仓库根目录运行 pyinstaller installer\dangjian-desktop.spec --distpath dist --workpath build\pyinstaller --noconfirm
#endif

; 命令行版 dangjian-desktop.com（自检、导入等子命令在命令提示符里输出、返回退出码）由同一个 spec 生成。
#if !FileExists(AddBackslash(SourcePath) + BundleDir + "\" + ConsoleExeName)
  #error 找不到 dist\dangjian-desktop\dangjian-desktop.com：请用本仓库的 installer\dangjian-desktop.spec 重新生成程序文件夹（见 installer\README.md 第 3 步）。
#endif

[Setup]
; AppId 永远不要改：升级安装靠它找到并替换旧版本。 Never change the AppId: upgrades find the old install by it.
AppId={{AA9642FC-6EF6-4FF4-A9D1-1C8B995A33F5}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
AppCopyright=Copyright © {#AppPublisher}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} 安装程序
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
UsePreviousAppDir=yes
UsePreviousGroup=yes
DisableProgramGroupPage=yes
DisableWelcomePage=no
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6.9 supports Windows 10 1809 (build 17763) and later.
MinVersion=10.0.17763
; 程序（窗口版和命令行版）运行时持有这个互斥量：安装和卸载一开始就见到它，请用户先关闭程序（不强行关闭，
; 以免丢掉正在填写的内容），而不是替换或删除到一半失败。
; Setup and the uninstaller (which has no Restart Manager) see a running copy by this mutex and ask the user to close it.
AppMutex={#AppMutexName},Global\{#AppMutexName}
; 其他仍占用程序文件的进程（例如正在预览的资源管理器）由 Windows 重启管理器请其关闭，不会替换正在使用的文件。
; Any other process holding files of the program folder is asked to close through the Restart Manager.
CloseApplications=yes
CloseApplicationsFilter=*.exe,*.com,*.dll,*.pyd
RestartApplications=no
SetupIconFile=..\..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
OutputDir=..\..\dist
OutputBaseFilename=dangjian-desktop-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
; 可选的代码签名：ISCC /DSign "/Ssigntool=signtool.exe sign /fd SHA256 /tr http://timestamp.digicert.com /td SHA256 /f 证书.pfx /p 密码 $f" ...
; Optional code signing of the setup and its uninstaller (see installer\README.md).
#ifdef Sign
SignTool=signtool
SignedUninstaller=yes
#endif

[Languages]
; 先读英文的 Default.isl，再用本项目自己翻译的 zh_CN.isl 覆盖：新版 Inno Setup 增加而这里还没有的条目显示英文，
; 不会让编译失败。 Our own translation overrides the English defaults; messages a newer Inno Setup adds stay English.
Name: "chinesesimplified"; MessagesFile: "compiler:Default.isl,zh_CN.isl"

[Messages]
; 卸载前的确认和卸载完成的提示都说明：用户数据不会被删除。 The uninstall confirmation and the final message both say
; that the user's data folder is kept. %1 is the program name; %n is a line break.
chinesesimplified.ConfirmUninstall=您确定要卸载 %1 吗？%n%n您的数据不会被删除：数据文件、自动备份和日志保存在%n%LOCALAPPDATA%\dangjian-desktop%n（即 C:\Users\您的用户名\AppData\Local\dangjian-desktop），卸载后仍原样保留。以后重新安装即可继续使用。
chinesesimplified.UninstalledAll=%1 已从您的电脑中卸载。%n%n您的数据文件和备份仍保存在 %LOCALAPPDATA%\dangjian-desktop，没有删除。如果确定不再需要，可以在确认已另存备份后手动删除这个文件夹。

[CustomMessages]
chinesesimplified.DesktopIconTask=在桌面上创建“{#AppName}”快捷方式
chinesesimplified.ShortcutsGroup=快捷方式：
chinesesimplified.LaunchAfterInstall=启动{#AppName}
chinesesimplified.UninstallShortcut=卸载{#AppName}
chinesesimplified.ShortcutComment=街道党建工作的离线桌面程序

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIconTask}"; GroupDescription: "{cm:ShortcutsGroup}"

[InstallDelete]
; 升级时先清掉旧版本的程序库（只是程序文件夹 {app}\_internal，不是用户数据）：新旧版本的 Qt 插件、DLL 不能混在一起。
; On upgrade, remove the previous bundle's library folder so that no stale Qt plugin or DLL of the old version stays.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Comment: "{cm:ShortcutComment}"
Name: "{group}\{cm:UninstallShortcut}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Comment: "{cm:ShortcutComment}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchAfterInstall}"; Flags: nowait postinstall skipifsilent

; 没有 [UninstallDelete]：卸载只删除安装时放进去的程序文件，用户数据文件夹 %LOCALAPPDATA%\dangjian-desktop 不动。
; There is deliberately no [UninstallDelete] section: the user's data folder is never touched.

[Code]
{ 静默卸载（/SILENT、/VERYSILENT）时不弹窗，把“数据已保留”写进卸载日志，供管理员查看。
  A silent uninstall shows no message boxes; it records that the data folder was kept in the uninstall log. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usPostUninstall then
    Log('User data folder kept (not deleted): ' + ExpandConstant('{localappdata}\{#DataDirName}'));
end;
