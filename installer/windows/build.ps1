# Build the Windows installer: PyInstaller bundle, smoke test, then Inno Setup.
#   powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1
# Needs: Python 3.11 (x64) on PATH as `py -3.11`, Inno Setup 6.3+ (ISCC.exe). See README.md.
$ErrorActionPreference = 'Stop'
$Root = Resolve-Path (Join-Path $PSScriptRoot '..\..')
Set-Location $Root

$Venv = Join-Path $Root 'build\venv-win'
if (-not (Test-Path (Join-Path $Venv 'Scripts\python.exe'))) { py -3.11 -m venv $Venv }
$Py = Join-Path $Venv 'Scripts\python.exe'
& $Py -m pip install -q --upgrade pip
& $Py -m pip install -q '.[build]'
& $Py -m pip uninstall -q -y examroom          # `app` is imported from this source tree

Remove-Item -Recurse -Force dist\examroom, build\pyinstaller -ErrorAction SilentlyContinue
& $Py -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build\pyinstaller installer\examroom.spec
if ($LASTEXITCODE -ne 0) { throw 'PyInstaller failed' }

# Smoke test (STYLE item 18): the bundle starts and its headless modes exit 0; the
# self-check draws a page and renders a PDF offscreen (the CI workflow runs it again with
# the real `windows` platform plugin, through examroomw.exe).
$tmp = New-Item -ItemType Directory -Path (Join-Path $env:TEMP ("examroom-smoke-" + [guid]::NewGuid()))
$dataDir = (Join-Path $tmp 'data') -replace '\\', '/'
Set-Content -Path (Join-Path $tmp 'config.toml') -Value "mode = `"kiosk`"`ndata_dir = `"$dataDir`"`n" -Encoding ascii
$env:EXAMROOM_CONFIG = Join-Path $tmp 'config.toml'
$env:QT_QPA_PLATFORM = 'offscreen'
$exe = 'dist\examroom\examroom.exe'
$check = Join-Path $tmp 'self-check'
foreach ($args_ in @(@('--version'), @('server', '--help'), @('setup-pc', '--help'),
                     @('content', 'check', 'dist\examroom\_internal\resources\content'),
                     @('server', 'migrate'), @('kiosk', '--headless'), @('demo', '--headless'),
                     @('kiosk', '--self-check', $check))) {
    & $exe @args_ | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "smoke: examroom $($args_ -join ' ') exited $LASTEXITCODE" }
    Write-Host "smoke ok   $($args_ -join ' ')"
}
& dist\examroom\examroom-check-synced.exe (Join-Path $tmp 'data') | Out-Host   # 1: server.sqlite there
if ($LASTEXITCODE -ne 1) { throw "smoke: examroom-check-synced exited $LASTEXITCODE, expected 1" }
Remove-Item Env:EXAMROOM_CONFIG, Env:QT_QPA_PLATFORM
Remove-Item -Recurse -Force $tmp

$Version = (& $exe --version).Split(' ')[1]
$Iscc = @("${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe", "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
          "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe") | Where-Object { Test-Path $_ } | Select-Object -First 1
if (-not $Iscc) { throw 'ISCC.exe (Inno Setup 6.3+) not found' }
& $Iscc "/DAppVersion=$Version" installer\windows\examroom.iss
if ($LASTEXITCODE -ne 0) { throw 'ISCC failed' }
Write-Host "built dist\examroom-setup-$Version.exe"
