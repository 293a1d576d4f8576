#!/usr/bin/env bash
# Build examroom_<version>-<revision>_amd64.deb from a one-folder bundle, with dpkg-deb only
# (no debhelper): the bundle under /opt/examroom, /usr/bin/examroom, the conffile
# /etc/examroom/config.toml, the kiosk autostart, the systemd units, the maintainer scripts.
#
#   installer/debian/build-deb.sh BUNDLE_DIR OUT_DIR
#
# Env: DEB_REVISION (default 1), EXAMROOM_VERSION (default: `BUNDLE/examroom --version`),
# DEB_COMPRESSION (default zstd: 6 s, read by dpkg of Debian 12 and Ubuntu 22.04+; xz: 25 %
# smaller, about 6 min on 2 cores). Prints the path of the .deb.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUNDLE=$(cd "${1:?usage: build-deb.sh BUNDLE_DIR OUT_DIR}" && pwd)
OUT=${2:?usage: build-deb.sh BUNDLE_DIR OUT_DIR}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

[ -x "$BUNDLE/examroom" ] || { echo "build-deb: no executable $BUNDLE/examroom" >&2; exit 1; }
VERSION=${EXAMROOM_VERSION:-$("$BUNDLE/examroom" --version | awk '{print $2}')}
REVISION=${DEB_REVISION:-1}
ARCH=amd64
[[ "$VERSION" =~ ^[0-9][0-9A-Za-z.+~]*$ ]] || { echo "build-deb: bad version '$VERSION'" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
pkg="$stage/examroom"
install -d "$pkg/DEBIAN" "$pkg/opt" "$pkg/usr/bin" "$pkg/usr/lib/examroom" \
  "$pkg/etc/examroom" "$pkg/etc/xdg/autostart" "$pkg/usr/lib/systemd/user" \
  "$pkg/usr/lib/systemd/system" "$pkg/usr/share/doc/examroom"

cp -a "$BUNDLE" "$pkg/opt/examroom"
ln -s /opt/examroom/examroom "$pkg/usr/bin/examroom"
install -m 644 "$HERE/config.toml" "$pkg/etc/examroom/config.toml"
install -m 644 "$HERE/examroom-kiosk.desktop" "$pkg/etc/xdg/autostart/examroom-kiosk.desktop"
install -m 644 "$HERE/examroom-kiosk.service" "$pkg/usr/lib/systemd/user/examroom-kiosk.service"
install -m 644 "$HERE/examroom-server.service" "$pkg/usr/lib/systemd/system/examroom-server.service"
install -m 755 "$HERE/kiosk-session" "$pkg/usr/lib/examroom/kiosk-session"
install -m 755 "$HERE/setup-kiosk-account" "$pkg/usr/lib/examroom/setup-kiosk-account"
install -m 644 "$ROOT/LICENSE" "$pkg/usr/share/doc/examroom/copyright"
[ -f "$ROOT/docs/deploy.md" ] && install -m 644 "$ROOT/docs/deploy.md" "$pkg/usr/share/doc/examroom/deploy.md"
for script in postinst prerm postrm; do
  install -m 755 "$HERE/$script" "$pkg/DEBIAN/$script"
done
install -m 644 "$HERE/conffiles" "$pkg/DEBIAN/conffiles"

# Files: readable by all, not writable by group/other (the bundle keeps its exec bits).
chmod -R u+rwX,go+rX,go-w "$pkg/opt/examroom"
installed_kb=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)

# Depends: what the bundle does not carry. glibc of Debian 12 / Ubuntu 22.04+ (the bundle is
# built on bookworm); libGL/EGL and xcb come from the system (PyInstaller never bundles
# them; icccm and keysyms are not bundled when the build machine lacks them).
cat > "$pkg/DEBIAN/control" <<CONTROL
Package: examroom
Version: $VERSION-$REVISION
Architecture: $ARCH
Maintainer: examroom developers <examroom@localhost>
Installed-Size: $installed_kb
Depends: libc6 (>= 2.36), libgl1, libegl1, libxcb1, libxcb-icccm4, libxcb-keysyms1, libxcb-cursor0, libxkbcommon-x11-0, passwd
Recommends: fontconfig, fonts-dejavu-core
Section: education
Priority: optional
Description: digital-skills certification day, offline and through power cuts
 examroom runs the day of a digital-skills certification in a school: a
 candidate kiosk on the lab PCs, an invigilator station, centre
 administration, and a central server they all sync to.
 .
 This package holds the frozen application under /opt/examroom, the command
 /usr/bin/examroom, the configuration /etc/examroom/config.toml, a kiosk
 autostart for the kiosk account (mode = "kiosk") and a systemd unit for the
 server. Local data lives in /var/lib/examroom and is purged only once synced.
CONTROL

deb="$OUT/examroom_${VERSION}-${REVISION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-zstd}" --build "$pkg" "$deb" >/dev/null
echo "$deb"
