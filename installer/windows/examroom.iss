; examroom for Windows: Inno Setup 6.3+ script (per-machine install, 64-bit).
; Build: see installer/windows/README.md (PyInstaller on Windows, then ISCC):
;   ISCC.exe /DAppVersion=0.1.0 installer\windows\examroom.iss
; Silent install on a lab PC:
;   examroom-setup-0.1.0.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /MODE=kiosk
;     /SERVER=https://examroom.example.org /ROOM="Salle 208" [/LANG=fr] [/KIOSKUSER=eleve]
;     [/FORCECLOSE]
; What it does:
; - installs the one-folder bundle (dist\examroom) into C:\Program Files\examroom;
; - writes C:\ProgramData\examroom\config.toml (mode, server_url, room, language, data_dir)
;   when a /MODE, /SERVER, /ROOM or /LANG is given or no config exists yet (an old file is
;   kept as config.toml.bak), and sets the machine-wide EXAMROOM_CONFIG to it (so that a
;   user's own config file cannot override the PC's: EXAMROOM_CONFIG comes first);
; - data in C:\ProgramData\examroom\data, writable by the local group Users;
; - mode kiosk: a scheduled task "examroom kiosk" that starts the kiosk at log-on (of
;   /KIOSKUSER, or of any member of Users) through kiosk-session.ps1, which restarts it after
;   a crash; the task itself is also set to restart on failure;
; - refuses to install or uninstall while examroom runs (unless /FORCECLOSE: then the task is
;   ended and the processes killed; the kiosk is built to survive a kill mid-answer);
; - uninstall removes the program, the task and the variable, and deletes the data folder
;   only if examroom-check-synced.exe says every answer reached the server.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\examroom"
#endif
#define AppName "examroom"
#define TaskName "examroom kiosk"
#if VER < EncodeVer(6,3,0)
  #error Inno Setup 6.3 or newer is required (x64compatible, SaveStringsToUTF8FileWithoutBOM)
#endif

[Setup]
; NEVER change AppId: upgrades find the installed version by it.
AppId={{7F58675A-C4CE-4EDC-B02F-CFBCC7A66AB5}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=examroom developers
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=examroom-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesEnvironment=yes
; A named mutex the app would create while it runs (see README: not created yet, the
; running-process check in [Code] is what refuses today).
AppMutex=examroom-running,Global\examroom-running
CloseApplications=no
RestartApplications=no
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\examroom.exe
SetupLogging=yes
LicenseFile=..\..\LICENSE

[Languages]
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
fr.Running=examroom est en cours d'exécution sur ce PC. Fermez-le (le surveillant quitte la borne avec le mot de passe de session), puis réessayez.
en.Running=examroom is running on this PC. Close it (the invigilator leaves the kiosk with the session password), then try again.
fr.BadParam=Paramètre invalide : %1
en.BadParam=Invalid parameter: %1
fr.DataKept=Les données locales de %1 n'ont pas toutes été envoyées au serveur : le dossier est conservé.
en.DataKept=The local data in %1 has not all reached the server: the folder is kept.
fr.Invigilator=Espace surveillant
en.Invigilator=Invigilator station
fr.Admin=Administration
en.Admin=Administration

[Dirs]
Name: "{commonappdata}\examroom"
Name: "{commonappdata}\examroom\data"; Permissions: users-modify; Flags: uninsneveruninstall

[InstallDelete]
; An upgrade must not mix the libraries of two versions.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "kiosk-session.ps1"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\examroom\{cm:Invigilator}"; Filename: "{app}\examroomw.exe"; Parameters: "invigilator"; WorkingDir: "{app}"
Name: "{autoprograms}\examroom\{cm:Admin}"; Filename: "{app}\examroomw.exe"; Parameters: "admin"; WorkingDir: "{app}"

[Registry]
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: string; ValueName: "EXAMROOM_CONFIG"; ValueData: "{commonappdata}\examroom\config.toml"; Flags: uninsdeletevalue

[UninstallRun]
Filename: "{sys}\schtasks.exe"; Parameters: "/Delete /TN ""{#TaskName}"" /F"; Flags: runhidden; RunOnceId: "DeleteKioskTask"

[Code]
var
  DeleteDataOnUninstall: Boolean;

function ConfigPath(): String;
begin
  Result := ExpandConstant('{commonappdata}\examroom\config.toml');
end;

function DataPath(): String;
begin
  Result := ExpandConstant('{commonappdata}\examroom\data');
end;

function Param(const Name: String): String;
begin
  Result := Trim(ExpandConstant('{param:' + Name + '|}'));
end;

function HasSwitch(const Name: String): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(ParamStr(I), '/' + Name) = 0 then
      Result := True;
end;

{ TOML basic string: backslashes and quotes escaped. }
function TomlString(const S: String): String;
var
  R: String;
begin
  R := S;
  StringChangeEx(R, '\', '\\', True);
  StringChangeEx(R, '"', '\"', True);
  Result := '"' + R + '"';
end;

{ The value of `mode = "..."` in an existing config file, '' if none. }
function ModeInConfig(): String;
var
  Lines: TArrayOfString;
  I, P: Integer;
  L: String;
begin
  Result := '';
  if not LoadStringsFromFile(ConfigPath(), Lines) then
    Exit;
  for I := 0 to GetArrayLength(Lines) - 1 do
  begin
    L := Trim(Lines[I]);
    if (Copy(L, 1, 4) = 'mode') and (Pos('=', L) > 0) then
    begin
      L := Trim(Copy(L, Pos('=', L) + 1, Length(L)));
      StringChangeEx(L, '"', '', True);
      StringChangeEx(L, '''', '', True);
      P := Pos('#', L);
      if P > 0 then
        L := Trim(Copy(L, 1, P - 1));
      Result := L;
      Exit;
    end;
  end;
end;

function EffectiveMode(): String;
begin
  Result := LowerCase(Param('MODE'));
  if Result = '' then
    Result := ModeInConfig();
  if Result = '' then
    Result := 'kiosk';
end;

function IsRunning(const ExeName: String): Boolean;
var
  Locator, Service, Found: Variant;
begin
  Result := False;
  try
    Locator := CreateOleObject('WbemScripting.SWbemLocator');
    Service := Locator.ConnectServer('.', 'root\CIMV2');
    Found := Service.ExecQuery('SELECT ProcessId FROM Win32_Process WHERE Name = ''' + ExeName + '''');
    Result := Found.Count > 0;
  except
    Log('WMI query failed: ' + GetExceptionMessage);
  end;
end;

function AppRunning(): Boolean;
begin
  Result := IsRunning('examroom.exe') or IsRunning('examroomw.exe');
end;

procedure ForceClose();
var
  RC: Integer;
begin
  Exec(ExpandConstant('{sys}\schtasks.exe'), '/End /TN "{#TaskName}"', '', SW_HIDE, ewWaitUntilTerminated, RC);
  Exec(ExpandConstant('{sys}\taskkill.exe'), '/F /IM powershell.exe /FI "WINDOWTITLE eq examroom*"', '', SW_HIDE, ewWaitUntilTerminated, RC);
  Exec(ExpandConstant('{sys}\taskkill.exe'), '/F /T /IM examroomw.exe', '', SW_HIDE, ewWaitUntilTerminated, RC);
  Exec(ExpandConstant('{sys}\taskkill.exe'), '/F /T /IM examroom.exe', '', SW_HIDE, ewWaitUntilTerminated, RC);
  Sleep(1000);
end;

{ True when examroom is not running (any more); False: refuse. }
function EnsureNotRunning(): Boolean;
begin
  Result := True;
  while AppRunning() do
  begin
    if HasSwitch('FORCECLOSE') then
    begin
      Log('examroom is running: /FORCECLOSE given, ending it');
      ForceClose();
      Result := not AppRunning();
      Exit;
    end;
    Log('examroom is running: refusing');
    if SuppressibleMsgBox(CustomMessage('Running'), mbError, MB_RETRYCANCEL, IDCANCEL) <> IDRETRY then
    begin
      Result := False;
      Exit;
    end;
  end;
end;

function ValidParams(var Error: String): Boolean;
var
  Mode, Server, Lang: String;
begin
  Result := False;
  Mode := LowerCase(Param('MODE'));
  Server := Param('SERVER');
  Lang := LowerCase(Param('LANG'));
  if (Mode <> '') and (Mode <> 'kiosk') and (Mode <> 'invigilator') and (Mode <> 'admin') then
  begin
    Error := '/MODE=' + Mode + ' (kiosk, invigilator, admin)';
    Exit;
  end;
  if (Server <> '') and (Pos('http://', LowerCase(Server)) <> 1) and (Pos('https://', LowerCase(Server)) <> 1) then
  begin
    Error := '/SERVER=' + Server + ' (http://... or https://...)';
    Exit;
  end;
  if (Lang <> '') and (Lang <> 'fr') and (Lang <> 'en') then
  begin
    Error := '/LANG=' + Lang + ' (fr, en)';
    Exit;
  end;
  Result := True;
end;

function InitializeSetup(): Boolean;
var
  Error: String;
begin
  Result := ValidParams(Error);
  if not Result then
  begin
    Log('bad parameter: ' + Error);
    SuppressibleMsgBox(FmtMessage(CustomMessage('BadParam'), [Error]), mbCriticalError, MB_OK, IDOK);
    Exit;
  end;
  Result := EnsureNotRunning();
end;

procedure WriteConfig();
var
  Lines: TArrayOfString;
  Mode, Server, Room, Lang: String;
begin
  Mode := EffectiveMode();
  Server := Param('SERVER');
  Room := Param('ROOM');
  Lang := LowerCase(Param('LANG'));
  if FileExists(ConfigPath()) then
  begin
    if (Param('MODE') = '') and (Server = '') and (Room = '') and (Lang = '') then
    begin
      Log('keeping the existing ' + ConfigPath());
      Exit;
    end;
    CopyFile(ConfigPath(), ConfigPath() + '.bak', False);
  end;
  if Lang = '' then
    Lang := 'fr';
  SetArrayLength(Lines, 12);
  Lines[0] := '# examroom configuration of this PC, written by the installer ({#AppVersion}).';
  Lines[1] := '# Keys: docs/deploy.md. Re-run the installer with /MODE= /SERVER= /ROOM= to rewrite it.';
  Lines[2] := 'mode = ' + TomlString(Mode);
  if Server <> '' then
    Lines[3] := 'server_url = ' + TomlString(Server)
  else
    Lines[3] := '# server_url = "http://127.0.0.1:8470"';
  Lines[4] := 'data_dir = ' + TomlString(DataPath());
  Lines[5] := 'language = ' + TomlString(Lang);
  Lines[6] := 'room = ' + TomlString(Room);
  Lines[7] := '# relay_port = 8471';
  Lines[8] := '';
  Lines[9] := '# Restore software (Deep Freeze...): keep the data_dir folder thawed/excluded,';
  Lines[10] := '# or answers recorded before a reboot are lost.';
  Lines[11] := '';
  if not SaveStringsToUTF8FileWithoutBOM(ConfigPath(), Lines, False) then
    RaiseException('cannot write ' + ConfigPath());
  Log('wrote ' + ConfigPath() + ' (mode ' + Mode + ')');
end;

function XmlEscape(const S: String): String;
begin
  Result := S;
  StringChangeEx(Result, '&', '&amp;', True);
  StringChangeEx(Result, '<', '&lt;', True);
  StringChangeEx(Result, '>', '&gt;', True);
  StringChangeEx(Result, '"', '&quot;', True);
end;

procedure CreateKioskTask();
var
  Xml: TArrayOfString;
  XmlPath, User, Principal, Trigger, Command, Args: String;
  RC: Integer;
begin
  User := Param('KIOSKUSER');
  if User <> '' then
  begin
    Trigger := '<LogonTrigger><Enabled>true</Enabled><UserId>' + XmlEscape(User) + '</UserId></LogonTrigger>';
    Principal := '<Principal id="Author"><UserId>' + XmlEscape(User) + '</UserId><LogonType>InteractiveToken</LogonType><RunLevel>LeastPrivilege</RunLevel></Principal>';
  end
  else
  begin
    { Any member of the local group Users (S-1-5-32-545), in its own session. }
    Trigger := '<LogonTrigger><Enabled>true</Enabled></LogonTrigger>';
    Principal := '<Principal id="Author"><GroupId>S-1-5-32-545</GroupId><RunLevel>LeastPrivilege</RunLevel></Principal>';
  end;
  Command := ExpandConstant('{sys}\WindowsPowerShell\v1.0\powershell.exe');
  Args := '-NoProfile -NonInteractive -ExecutionPolicy Bypass -WindowStyle Hidden -File "' +
    ExpandConstant('{app}\kiosk-session.ps1') + '" -Config "' + ConfigPath() + '"';
  SetArrayLength(Xml, 1);
  Xml[0] :=
    '<?xml version="1.0" encoding="UTF-8"?>' + #13#10 +
    '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">' + #13#10 +
    '  <RegistrationInfo><Description>examroom: starts the candidate kiosk at log-on and restarts it after a crash.</Description></RegistrationInfo>' + #13#10 +
    '  <Triggers>' + Trigger + '</Triggers>' + #13#10 +
    '  <Principals>' + Principal + '</Principals>' + #13#10 +
    '  <Settings>' + #13#10 +
    '    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>' + #13#10 +
    '    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>' + #13#10 +
    '    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>' + #13#10 +
    '    <AllowHardTerminate>true</AllowHardTerminate>' + #13#10 +
    '    <StartWhenAvailable>true</StartWhenAvailable>' + #13#10 +
    '    <IdleSettings><StopOnIdleEnd>false</StopOnIdleEnd><RestartOnIdle>false</RestartOnIdle></IdleSettings>' + #13#10 +
    '    <AllowStartOnDemand>true</AllowStartOnDemand>' + #13#10 +
    '    <Enabled>true</Enabled>' + #13#10 +
    '    <Hidden>false</Hidden>' + #13#10 +
    '    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>' + #13#10 +
    '    <Priority>4</Priority>' + #13#10 +
    '    <RestartOnFailure><Interval>PT1M</Interval><Count>999</Count></RestartOnFailure>' + #13#10 +
    '  </Settings>' + #13#10 +
    '  <Actions Context="Author"><Exec><Command>' + XmlEscape(Command) + '</Command><Arguments>' +
    XmlEscape(Args) + '</Arguments><WorkingDirectory>' + XmlEscape(ExpandConstant('{app}')) +
    '</WorkingDirectory></Exec></Actions>' + #13#10 +
    '</Task>';
  XmlPath := ExpandConstant('{tmp}\examroom-kiosk-task.xml');
  { schtasks reads UTF-8 task files with a BOM. }
  SaveStringsToUTF8File(XmlPath, Xml, False);
  if Exec(ExpandConstant('{sys}\schtasks.exe'), '/Create /F /TN "{#TaskName}" /XML "' + XmlPath + '"',
          '', SW_HIDE, ewWaitUntilTerminated, RC) and (RC = 0) then
    Log('scheduled task "{#TaskName}" created')
  else
    RaiseException('schtasks /Create failed (exit ' + IntToStr(RC) + ')');
end;

procedure DeleteKioskTask();
var
  RC: Integer;
begin
  Exec(ExpandConstant('{sys}\schtasks.exe'), '/Delete /TN "{#TaskName}" /F', '', SW_HIDE, ewWaitUntilTerminated, RC);
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
  begin
    WriteConfig();
    if EffectiveMode() = 'kiosk' then
      CreateKioskTask()
    else
      DeleteKioskTask();
  end;
end;

function InitializeUninstall(): Boolean;
begin
  Result := EnsureNotRunning();
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  RC: Integer;
begin
  if CurUninstallStep = usUninstall then
  begin
    { The check needs the program: run it before the files go. 0 = everything synced. }
    DeleteDataOnUninstall := False;
    if not DirExists(DataPath()) then
      Exit;
    if Exec(ExpandConstant('{app}\examroom-check-synced.exe'), '"' + DataPath() + '"', '',
            SW_HIDE, ewWaitUntilTerminated, RC) then
      DeleteDataOnUninstall := (RC = 0);
    Log('examroom-check-synced exit ' + IntToStr(RC));
  end;
  if CurUninstallStep = usPostUninstall then
  begin
    if DeleteDataOnUninstall then
    begin
      DelTree(DataPath(), True, True, True);
      DeleteFile(ConfigPath());
      DeleteFile(ConfigPath() + '.bak');
      RemoveDir(ExpandConstant('{commonappdata}\examroom'));
    end
    else if DirExists(DataPath()) then
      SuppressibleMsgBox(FmtMessage(CustomMessage('DataKept'), [DataPath()]), mbInformation, MB_OK, IDOK);
  end;
end;
