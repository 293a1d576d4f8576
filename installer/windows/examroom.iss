; examroom for Windows: Inno Setup 6.3+ script (per-machine install, 64-bit).
; Build: see installer/windows/README.md (PyInstaller on Windows, then ISCC):
;   ISCC.exe /DAppVersion=0.1.0 installer\windows\examroom.iss
; Silent install on a lab PC:
;   examroom-setup-0.1.0.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /MODE=kiosk
;     /SERVER=https://examroom.example.org [/LANG=fr] [/KIOSKUSER=eleve]
;     [/DATADIR=T:\examroom] [/NOAUTOLOGON] [/NOPOLICIES] [/FORCECLOSE]
; What it does:
; - installs the one-folder bundle (dist\examroom) into C:\Program Files\examroom;
; - MERGES the options given into C:\ProgramData\examroom\config.toml: only the keys given
;   on the command line change (mode, server_url, language, data_dir); every other
;   line (relay_urls, central_public_key, comments, a data_dir moved to a ThawSpace) stays;
;   a changed file is kept before as config.toml.bak; a new file gets the defaults;
; - then runs `examroom setup-pc` (app/winsetup), which on a kiosk creates the kiosk account
;   (default examroom-kiosk) and its automatic log-on, applies its policies, makes the data
;   folder private to it, and registers the scheduled task "examroom kiosk" (the kiosk's
;   supervisor, at THAT account's log-on only), reading it back;
; - fails loudly: any failed step, or the task missing afterwards, ends the installation
;   with exit code 10 (GetCustomSetupExitCode) and the reason in the log (/LOG=file);
;   a bad option or an unknown /KIOSKUSER stops it before anything is installed;
; - remembers /KIOSKUSER for upgrades and the uninstaller (HKLM\Software\examroom);
; - refuses to install or uninstall while examroom runs (unless /FORCECLOSE: the task is
;   ended and the processes killed; the kiosk is built to survive a kill mid-answer);
; - uninstall removes the program, the task and the kiosk's automatic log-on, and deletes
;   the CONFIGURED data folder only if examroom-check-synced.exe says every answer reached
;   the server.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\examroom"
#endif
#define AppName "examroom"
#define TaskName "examroom kiosk"
#define DefaultKioskUser "examroom-kiosk"
#define SetupFailedExitCode 10
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
fr.NoAccount=Le compte %1 n'existe pas sur ce PC. Créez-le, ou laissez l'installateur créer le compte de la borne (sans /NOAUTOLOGON).
en.NoAccount=There is no account %1 on this PC. Create it, or let the installer create the kiosk account (without /NOAUTOLOGON).
fr.SetupFailed=examroom est installé, mais la préparation du PC a échoué : %1. Détails : %2
en.SetupFailed=examroom is installed, but preparing the PC failed: %1. Details: %2
fr.DataKept=Les données locales de %1 n'ont pas toutes été envoyées au serveur : le dossier est conservé.
en.DataKept=The local data in %1 has not all reached the server: the folder is kept.
fr.Invigilator=Espace surveillant
en.Invigilator=Invigilator station
fr.Admin=Administration
en.Admin=Administration

[Dirs]
; Rights are set by `examroom setup-pc` (kiosk: the data folder is private to the kiosk
; account; other modes: users may write it), not here, so that /DATADIR gets them too.
Name: "{commonappdata}\examroom"
Name: "{code:DataDir}"; Flags: uninsneveruninstall

[InstallDelete]
; An upgrade must not mix the libraries of two versions.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "kiosk-policies.reg"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\examroom\{cm:Invigilator}"; Filename: "{app}\examroomw.exe"; Parameters: "invigilator"; WorkingDir: "{app}"
Name: "{autoprograms}\examroom\{cm:Admin}"; Filename: "{app}\examroomw.exe"; Parameters: "admin"; WorkingDir: "{app}"

[Registry]
; The kiosk account, remembered for upgrades and for the uninstaller.
Root: HKLM; Subkey: "Software\examroom"; ValueType: string; ValueName: "KioskUser"; ValueData: "{code:KioskUserValue}"; Flags: uninsdeletekey
; Versions before 0.2 set EXAMROOM_CONFIG machine-wide; examroom now finds the PC's file
; by itself (and on a kiosk ignores the environment), so the variable goes.
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: none; ValueName: "EXAMROOM_CONFIG"; Flags: deletevalue

[Code]
var
  DeleteDataOnUninstall: Boolean;
  UninstallDataPath: String;
  Failures: String;
  ClosedRunningKiosk: Boolean;

function ConfigPath(): String;
begin
  Result := ExpandConstant('{commonappdata}\examroom\config.toml');
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

{ -- the configuration file: read one key, merge the given keys ------------------------- }
{ These functions are mirrored line by line in tests/deploy/test_windows_installer.py,     }
{ which checks them against Python's own TOML reader.                                     }

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

{ True when Line sets Key (`key = ...`, spaces allowed, not `keyx = ...`). }
function IsKeyLine(const Line, Key: String): Boolean;
var
  L: String;
begin
  Result := False;
  L := Trim(Line);
  if Copy(L, 1, Length(Key)) <> Key then
    Exit;
  L := Trim(Copy(L, Length(Key) + 1, Length(L)));
  Result := Copy(L, 1, 1) = '=';
end;

{ The string after `=` of a key line: "basic" (escapes \\ \" \n \t) or 'literal'; '' if the
  value is not a one-line string. }
function TomlValue(const Line: String): String;
var
  V: String;
  I: Integer;
  C: String;
begin
  Result := '';
  V := Trim(Copy(Line, Pos('=', Line) + 1, Length(Line)));
  if Copy(V, 1, 1) = '''' then
  begin
    V := Copy(V, 2, Length(V));
    I := Pos('''', V);
    if I > 0 then
      Result := Copy(V, 1, I - 1);
    Exit;
  end;
  if Copy(V, 1, 1) <> '"' then
    Exit;
  I := 2;
  while I <= Length(V) do
  begin
    C := Copy(V, I, 1);
    if C = '"' then
      Exit;
    if (C = '\') and (I < Length(V)) then
    begin
      I := I + 1;
      C := Copy(V, I, 1);
      if C = 'n' then
        C := #10
      else if C = 't' then
        C := #9;
    end;
    Result := Result + C;
    I := I + 1;
  end;
  Result := '';
end;

{ The value of Key in the config file, Default when the file or the key is not there. }
function ConfigValue(const Key, Default: String): String;
var
  Lines: TArrayOfString;
  I: Integer;
begin
  Result := Default;
  if not LoadStringsFromFile(ConfigPath(), Lines) then
    Exit;
  for I := 0 to GetArrayLength(Lines) - 1 do
    if IsKeyLine(Lines[I], Key) then
    begin
      Result := TomlValue(Lines[I]);
      Exit;
    end;
end;

{ Set Key to Value: its line is replaced where it is; a new key goes right after the
  [examroom] header when the file has that table (examroom then reads only the table),
  else at the top. Every other line stays as it was. }
procedure SetKey(var Lines: TArrayOfString; const Key, Value: String);
var
  I, N, At: Integer;
begin
  N := GetArrayLength(Lines);
  for I := 0 to N - 1 do
    if IsKeyLine(Lines[I], Key) then
    begin
      Lines[I] := Key + ' = ' + TomlString(Value);
      Exit;
    end;
  At := 0;
  for I := 0 to N - 1 do
    if Trim(Lines[I]) = '[examroom]' then
      At := I + 1;
  SetArrayLength(Lines, N + 1);
  for I := N downto At + 1 do
    Lines[I] := Lines[I - 1];
  Lines[At] := Key + ' = ' + TomlString(Value);
end;

{ -- what this installation is --------------------------------------------------------- }

function EffectiveMode(): String;
begin
  Result := LowerCase(Param('MODE'));
  if Result = '' then
    Result := ConfigValue('mode', 'kiosk');
end;

{ The data folder: /DATADIR, else the configured data_dir, else the default. }
function DataDir(Unused: String): String;
begin
  Result := Param('DATADIR');
  if Result = '' then
    Result := ConfigValue('data_dir', '');
  if Result = '' then
    Result := ExpandConstant('{commonappdata}\examroom\data');
end;

{ /KIOSKUSER, else the one remembered by the installed version, else the default. }
function KioskUser(): String;
begin
  Result := Param('KIOSKUSER');
  if Result = '' then
    if not RegQueryStringValue(HKLM, 'Software\examroom', 'KioskUser', Result) then
      Result := '';
  if Result = '' then
    Result := '{#DefaultKioskUser}';
end;

function KioskUserValue(Unused: String): String;
begin
  Result := KioskUser();
end;

function AccountExists(const Name: String): Boolean;
var
  RC: Integer;
begin
  Result := Exec(ExpandConstant('{sys}\net.exe'), 'user "' + Name + '"', '', SW_HIDE,
    ewWaitUntilTerminated, RC) and (RC = 0);
end;

{ -- refusing while examroom runs -------------------------------------------------------- }

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

{ The task runs the supervisor (examroomw.exe), which runs the kiosk (examroom.exe): ending
  the task and both programs' trees stops everything, supervisor first. }
procedure ForceClose();
var
  RC: Integer;
begin
  ClosedRunningKiosk := True;
  Exec(ExpandConstant('{sys}\schtasks.exe'), '/End /TN "{#TaskName}"', '', SW_HIDE, ewWaitUntilTerminated, RC);
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

{ -- before anything is installed --------------------------------------------------------- }

function ValidParams(var Error: String): Boolean;
var
  Mode, Server, Lang, Dir, User: String;
begin
  Result := False;
  Mode := LowerCase(Param('MODE'));
  Server := Param('SERVER');
  Lang := LowerCase(Param('LANG'));
  Dir := Param('DATADIR');
  User := Param('KIOSKUSER');
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
  { An absolute folder: C:\... or \\server\share\... (examroom refuses a relative data_dir). }
  if (Dir <> '') and (Copy(Dir, 2, 2) <> ':\') and (Copy(Dir, 1, 2) <> '\\') then
  begin
    Error := '/DATADIR=' + Dir + ' (a full path, such as T:\examroom)';
    Exit;
  end;
  if (Pos('"', User) > 0) or (Pos('/', User) > 0) or (Pos('@', User) > 0) then
  begin
    Error := '/KIOSKUSER=' + User + ' (an account name, such as eleve or PC\eleve)';
    Exit;
  end;
  Result := True;
end;

function InitializeSetup(): Boolean;
var
  Error: String;
begin
  Failures := '';
  ClosedRunningKiosk := False;
  Result := ValidParams(Error);
  if not Result then
  begin
    Log('bad parameter: ' + Error);
    SuppressibleMsgBox(FmtMessage(CustomMessage('BadParam'), [Error]), mbCriticalError, MB_OK, IDOK);
  end;
end;

{ Setup's documented place to refuse before installing: a non-empty result stops it, with
  exit code 7 in silent mode and the message in the log. }
function PrepareToInstall(var NeedsRestart: Boolean): String;
begin
  Result := '';
  if not EnsureNotRunning() then
  begin
    Result := CustomMessage('Running');
    Exit;
  end;
  { An account the installer will not create must exist (a local account: DOMAIN\name
    is checked by Windows when the task is registered). }
  if (EffectiveMode() = 'kiosk') and HasSwitch('NOAUTOLOGON') and (Pos('\', KioskUser()) = 0)
     and not AccountExists(KioskUser()) then
    Result := FmtMessage(CustomMessage('NoAccount'), [KioskUser()]);
  if Result <> '' then
    Log('refused: ' + Result);
end;

{ -- after the files: configuration, then the PC's set-up -------------------------------- }

procedure Fail(const What: String);
begin
  Log('FAILED: ' + What);
  if Failures <> '' then
    Failures := Failures + '; ';
  Failures := Failures + What;
end;

procedure MergeConfig();
var
  Lines: TArrayOfString;
  Existed: Boolean;
begin
  Existed := LoadStringsFromFile(ConfigPath(), Lines);
  if not Existed then
  begin
    SetArrayLength(Lines, 4);
    Lines[0] := '# examroom configuration of this PC (keys: docs/deploy.md). The installer changes';
    Lines[1] := '# only the keys given on its command line (/MODE /SERVER /LANG /DATADIR).';
    Lines[2] := '# Restore software (Deep Freeze...): keep the data_dir folder thawed/excluded.';
    Lines[3] := '';
  end
  else if (Param('MODE') = '') and (Param('SERVER') = '') and
          (Param('LANG') = '') and (Param('DATADIR') = '') then
  begin
    Log('keeping ' + ConfigPath() + ' as it is');
    Exit;
  end;
  if Existed and not FileCopy(ConfigPath(), ConfigPath() + '.bak', False) then
    Fail('cannot keep a copy of ' + ConfigPath());
  if (Param('MODE') <> '') or not Existed then
    SetKey(Lines, 'mode', EffectiveMode());
  if Param('SERVER') <> '' then
    SetKey(Lines, 'server_url', Param('SERVER'));
  if Param('LANG') <> '' then
    SetKey(Lines, 'language', LowerCase(Param('LANG')));
  if (Param('DATADIR') <> '') or (not Existed) then
    SetKey(Lines, 'data_dir', DataDir(''));
  if SaveStringsToUTF8FileWithoutBOM(ConfigPath(), Lines, False) then
    Log('merged the options into ' + ConfigPath())
  else
    Fail('cannot write ' + ConfigPath());
end;

procedure SetUpPC();
var
  Args: String;
  RC: Integer;
begin
  Args := '--config "' + ConfigPath() + '" setup-pc --kiosk-user "' + KioskUser() +
    '" --program "' + ExpandConstant('{app}\examroomw.exe') + '"';
  if not HasSwitch('NOAUTOLOGON') then
    Args := Args + ' --autologon';
  if HasSwitch('NOPOLICIES') then
    Args := Args + ' --no-policies';
  Log('examroom.exe ' + Args);
  if not Exec(ExpandConstant('{app}\examroom.exe'), Args, ExpandConstant('{app}'), SW_HIDE,
              ewWaitUntilTerminated, RC) then
    Fail('examroom setup-pc could not start: ' + SysErrorMessage(RC))
  else if RC <> 0 then
    Fail('examroom setup-pc exited ' + IntToStr(RC) + ' (its steps: ' + DataDir('') +
      '\logs\setup-pc.log; 78: config.toml is wrong, see logs\startup-errors.log)');
  { Checked again here, whatever setup-pc said: no task, no kiosk after a power cut. }
  if EffectiveMode() = 'kiosk' then
    if not Exec(ExpandConstant('{sys}\schtasks.exe'), '/Query /TN "{#TaskName}"', '', SW_HIDE,
                ewWaitUntilTerminated, RC) or (RC <> 0) then
      Fail('the scheduled task "{#TaskName}" is missing')
    else if ClosedRunningKiosk then
    begin
      { /FORCECLOSE ended a running kiosk: start the new one in the kiosk account's session
        (fails harmlessly when that account is not logged on: the next log-on starts it). }
      Exec(ExpandConstant('{sys}\schtasks.exe'), '/Run /TN "{#TaskName}"', '', SW_HIDE,
           ewWaitUntilTerminated, RC);
      Log('restarted the kiosk closed by /FORCECLOSE: schtasks /Run exit ' + IntToStr(RC));
    end;
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
  begin
    MergeConfig();
    SetUpPC();
    if Failures <> '' then
      SuppressibleMsgBox(FmtMessage(CustomMessage('SetupFailed'), [Failures, ExpandConstant('{log}')]),
        mbError, MB_OK, IDOK);
  end;
end;

{ A silent installation cannot show what went wrong: its exit code says it (0 only when
  the PC is ready), the log says why. }
function GetCustomSetupExitCode(): Integer;
begin
  Result := 0;
  if Failures <> '' then
    Result := {#SetupFailedExitCode};
end;

{ -- uninstall ------------------------------------------------------------------------------ }

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
    { Both need the program: before the files go. }
    Exec(ExpandConstant('{app}\examroom.exe'), '--config "' + ConfigPath() +
      '" setup-pc --remove --kiosk-user "' + KioskUser() + '"', '', SW_HIDE,
      ewWaitUntilTerminated, RC);
    Log('examroom setup-pc --remove exit ' + IntToStr(RC));
    { The CONFIGURED data folder (data_dir may have moved to a ThawSpace); 0 = all synced. }
    UninstallDataPath := DataDir('');
    DeleteDataOnUninstall := False;
    if not DirExists(UninstallDataPath) then
      Exit;
    if Exec(ExpandConstant('{app}\examroom-check-synced.exe'), '"' + UninstallDataPath + '"', '',
            SW_HIDE, ewWaitUntilTerminated, RC) then
      DeleteDataOnUninstall := (RC = 0);
    Log('examroom-check-synced ' + UninstallDataPath + ' exit ' + IntToStr(RC));
  end;
  if CurUninstallStep = usPostUninstall then
  begin
    if DeleteDataOnUninstall then
    begin
      DelTree(UninstallDataPath, True, True, True);
      DeleteFile(ConfigPath());
      DeleteFile(ConfigPath() + '.bak');
      RemoveDir(ExpandConstant('{commonappdata}\examroom'));
    end
    else if DirExists(UninstallDataPath) then
      SuppressibleMsgBox(FmtMessage(CustomMessage('DataKept'), [UninstallDataPath]), mbInformation, MB_OK, IDOK);
  end;
end;
