# Starts the examroom kiosk for this Windows session and restarts it after a crash, so that
# a lab PC back from a power cut or a crash opens straight into the kiosk. Run at log-on by
# the scheduled task "examroom kiosk" (created by the installer when /MODE=kiosk), hidden.
# Not restarted: exit 0 (the invigilator left with the session password), 2 (usage),
# 3 (already running), 78 (bad configuration). After 5 quick failures in a row it waits
# 30 s between tries instead of 2 s. Same rules as the Linux wrapper (kiosk-session).
param(
    [string]$Exe = (Join-Path $PSScriptRoot 'examroomw.exe'),
    [string]$Config = (Join-Path $env:ProgramData 'examroom\config.toml')
)
$ErrorActionPreference = 'Continue'
$fast = 0
while ($true) {
    $started = Get-Date
    $proc = Start-Process -FilePath $Exe -ArgumentList @('--config', "`"$Config`"", 'kiosk') -PassThru -Wait
    $rc = $proc.ExitCode
    if ($rc -in @(0, 2, 3, 78)) { exit $rc }
    if (((Get-Date) - $started).TotalSeconds -lt 30) { $fast++ } else { $fast = 0 }
    try {
        Write-EventLog -LogName Application -Source 'examroom' -EventId 1 -EntryType Warning `
            -Message "examroom kiosk exited with status $rc; restarting" -ErrorAction Stop
    } catch { }
    if ($fast -ge 5) { Start-Sleep -Seconds 30 } else { Start-Sleep -Seconds 2 }
}
