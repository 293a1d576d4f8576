"""Which Qt files the frozen bundle keeps (installer/qt_bundle.py, used by the spec), with
the Linux and the Windows layouts of PySide6: issue 23 found the Windows build untrimmed
while libraries its kept plugins need were dropped. Also the spec's Windows branches."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer"))

from qt_bundle import dropped_libs, keep, qt_lib, qt_plugin  # noqa: E402

SPEC = (ROOT / "installer" / "examroom.spec").read_text(encoding="utf-8")
IMPORTED = {"Core", "Gui", "Widgets"}  # what examroom imports in a build without QtPdf

LINUX = [
    "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/platforms/libqwayland-egl.so", "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/imageformats/libqjpeg.so", "PySide6/Qt/plugins/imageformats/libqpdf.so",
    "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
    "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
    "PySide6/Qt/plugins/sqldrivers/libqsqlite.so",
]
WINDOWS = [
    r"PySide6\plugins\platforms\qwindows.dll", r"PySide6\plugins\platforms\qdirect2d.dll",
    r"PySide6\plugins\platforms\qoffscreen.dll", r"PySide6\plugins\platforms\qminimal.dll",
    r"PySide6\plugins\platforms\qvnc.dll", r"PySide6\plugins\imageformats\qjpeg.dll",
    r"PySide6\plugins\imageformats\qpdf.dll", r"PySide6\plugins\imageformats\qtiff.dll",
    r"PySide6\plugins\styles\qmodernwindowsstyle.dll",
    r"PySide6\plugins\platforminputcontexts\qtvirtualkeyboardplugin.dll",
    r"PySide6\plugins\sqldrivers\qsqlite.dll", r"PySide6\plugins\generic\qtuiotouchplugin.dll",
]


def kept(dests: list[str]) -> set[str]:
    plugins = set()
    for dest in dests:
        plugin = qt_plugin(dest)
        if plugin is not None and keep(dest, IMPORTED, set()):
            plugins.add(plugin[1])
    dropped = dropped_libs(IMPORTED, plugins)
    return {Path(d.replace("\\", "/")).name for d in dests if keep(d, IMPORTED, dropped)}


def test_the_windows_layout_is_trimmed_like_the_linux_one() -> None:
    assert kept(WINDOWS) == {"qwindows.dll", "qdirect2d.dll", "qoffscreen.dll",
                             "qminimal.dll", "qjpeg.dll", "qmodernwindowsstyle.dll"}
    assert kept(LINUX) == {"libqxcb.so", "libqoffscreen.so", "libqjpeg.so",
                           "libcomposeplatforminputcontextplugin.so"}
    assert qt_plugin(r"PySide6\plugins\platforms\qwindows.dll") == ("platforms", "qwindows")
    assert qt_plugin("PySide6/Qt/plugins/platforms/libqxcb.so") == ("platforms", "qxcb")
    assert qt_plugin(r"PySide6\Qt6Gui.dll") is None
    assert qt_lib(r"PySide6\Qt6Network.dll") == qt_lib("PySide6/Qt/lib/libQt6Network.so.6")


def test_no_library_a_kept_plugin_needs_is_dropped() -> None:
    """The Windows platform plugins stay with Qt6OpenGL; Qt Quick and the virtual keyboard
    go with the plugin that needed them; imported modules always stay."""
    windows_plugins = {"qwindows", "qdirect2d", "qoffscreen", "qjpeg"}
    dropped = dropped_libs(IMPORTED, windows_plugins)
    assert "OpenGL" not in dropped
    assert {"Quick", "Qml", "VirtualKeyboard", "Network", "Pdf"} <= dropped
    assert not keep(r"PySide6\Qt6Quick.dll", IMPORTED, dropped)
    assert keep(r"PySide6\Qt6OpenGL.dll", IMPORTED, dropped)
    assert keep(r"PySide6\Qt6Gui.dll", IMPORTED, dropped)
    assert "Pdf" not in dropped_libs(IMPORTED | {"Pdf"}, windows_plugins | {"qpdf"})
    assert "OpenGL" in dropped_libs(IMPORTED, {"qxcb", "qoffscreen"})  # as on Linux before


def test_the_specs_windows_branches() -> None:
    assert "from qt_bundle import" in SPEC
    # The console program for the command line, examroomw without a console for the task
    # and the shortcuts; never a modal traceback window on a kiosk.
    assert re.search(r'if sys\.platform == "win32":\n\s+executables\.append\(_exe\("examroomw", '
                     r"console=False\)\)", SPEC)
    assert "disable_windowed_traceback=True" in SPEC
    assert "disable_windowed_traceback=False" not in SPEC
    assert '("Qt" in Path(e[0]).parts or "PySide6" in Path(e[0]).parts)' in SPEC
    assert "upx=False" in SPEC
