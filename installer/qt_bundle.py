"""Which Qt files the frozen bundle keeps (installer/examroom.spec imports this; tests/deploy
checks it with both layouts, so that a Windows build is trimmed as the Linux one is).

PyInstaller lays PySide6 out differently per platform (its hooks' `qt_rel_dir`):

- Linux: `PySide6/Qt/plugins/<type>/libqxcb.so`, `PySide6/Qt/lib/libQt6Gui.so.6`;
- Windows: `PySide6/plugins/<type>/qwindows.dll`, `PySide6/Qt6Gui.dll`.

A plugin is kept only if its type and name are listed (a whole type kept without names,
such as `platforminputcontexts` once was, brought in the virtual keyboard plugin, which
needs Qt Quick); a Qt library is dropped only if examroom does not import its module AND
no kept plugin needs it (on Windows a missing DLL stops the plugin with a system dialog
nobody is there to close).
"""

from __future__ import annotations

from pathlib import PurePath, PurePosixPath, PureWindowsPath

# type -> plugin base names kept (None: every plugin of that type). Names without
# prefix/suffix, so one table serves libqxcb.so and qwindows.dll.
QT_PLUGIN_KEEP: dict[str, set[str] | None] = {
    # xcb: X11 and XWayland sessions; offscreen/minimal: headless starts, CI, smoke tests;
    # windows + direct2d: Windows. (No wayland, eglfs, linuxfb, vnc: a lab PC runs a desktop
    # session; under a Wayland session Qt falls back to XWayland through xcb.)
    "platforms": {"qxcb", "qoffscreen", "qminimal", "qwindows", "qdirect2d"},
    # PNG is built into QtGui; JPEG for screenshots in questions, GIF/ICO/SVG for icons;
    # pdf only when QtPdf is bundled (admin previews).
    "imageformats": {"qjpeg", "qgif", "qico", "qsvg", "qpdf"},
    "iconengines": {"qsvgicon"},
    # Compose key and IBus: French accents on every Linux keyboard (Windows needs none:
    # its input methods are in the qwindows plugin). Not the virtual keyboard (Qt Quick).
    "platforminputcontexts": {"composeplatforminputcontextplugin",
                              "ibusplatforminputcontextplugin"},
    "xcbglintegrations": None,  # needed by the xcb platform plugin
    "styles": None,  # Windows' native styles (qmodernwindowsstyle, qwindowsvistastyle)
    "printsupport": None,  # only present when QtPrintSupport is used
    "tls": None,  # only when examroom imports QtNetwork
}

# Qt libraries some kept plugins need, by plugin: never dropped while the plugin is kept.
PLUGIN_NEEDS: dict[str, set[str]] = {
    "qpdf": {"Pdf"},
    "qsvg": {"Svg"},
    "qsvgicon": {"Svg"},
    "qxcb": {"XcbQpa", "DBus"},
    # Kept with the Windows platform plugins, which do OpenGL; not verified on Windows
    # (the CI workflow's smoke run is where a missing DLL would show).
    "qwindows": {"OpenGL"},
    "qdirect2d": {"OpenGL"},
    "ibusplatforminputcontextplugin": {"DBus"},
}

# Qt libraries that only plugins examroom does not keep pulled in (PyInstaller's
# dependency analysis runs before the filter): dropped unless imported or still needed.
CANDIDATE_DROPS = (
    "WaylandClient", "WaylandEglClientHwIntegration", "WlShellIntegration", "WaylandCompositor",
    "EglFSDeviceIntegration", "EglFsKmsSupport", "EglFsKmsGbmSupport", "Quick", "Qml",
    "QmlModels", "QmlMeta", "QmlWorkerScript", "VirtualKeyboard", "Pdf", "Network", "OpenGL",
    "QuickControls2", "QuickTemplates2",
)


def _path(dest: str) -> PurePath:
    return PureWindowsPath(dest) if "\\" in dest else PurePosixPath(dest)


def qt_plugin(dest: str) -> tuple[str, str] | None:
    """(type, base name) of a Qt plugin file in either layout, None if not a plugin."""
    parts = _path(dest).parts
    if "plugins" not in parts:
        return None
    i = parts.index("plugins")
    if i < 1 or parts[i - 1] not in ("Qt", "PySide6") or len(parts) < i + 3:
        return None
    ptype, fname = parts[i + 1], parts[-1]
    base = fname.split(".")[0]
    if base.startswith("lib"):
        base = base[3:]
    return ptype, base


def qt_lib(dest: str) -> str | None:
    """The module of a Qt library (libQt6Network.so.6, Qt6Network.dll -> Network)."""
    name = _path(dest).name
    for prefix in ("libQt6", "Qt6"):
        if name.startswith(prefix):
            return name[len(prefix):].split(".")[0]
    return None


def plugin_kept(ptype: str, base: str, collected_modules: set[str]) -> bool:
    if ptype not in QT_PLUGIN_KEEP:
        return False
    names = QT_PLUGIN_KEEP[ptype]
    if base == "qpdf" and "Pdf" not in collected_modules:
        return False
    if ptype == "tls" and "Network" not in collected_modules:
        return False
    return names is None or base in names


def dropped_libs(collected_modules: set[str], kept_plugins: set[str]) -> set[str]:
    needed = set().union(*(PLUGIN_NEEDS.get(p, set()) for p in kept_plugins))
    return {lib for lib in CANDIDATE_DROPS if lib not in collected_modules and lib not in needed}


def keep(dest: str, collected_modules: set[str], dropped: set[str]) -> bool:
    plugin = qt_plugin(dest)
    if plugin is not None:
        return plugin_kept(*plugin, collected_modules)
    lib = qt_lib(dest)
    return lib is None or lib not in dropped
