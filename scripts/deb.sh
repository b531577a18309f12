#!/bin/bash
# make deb: build memgov-dkms and memgov with Debian's own tooling (dpkg-buildpackage,
# debhelper, dh-dkms) from the tracked files, in a copy of the tree (no build directory),
# and put the .deb files and the lintian report in build/deb.
set -euo pipefail
. "$(dirname "$0")/config.sh"
cd "$MEMGOV_ROOT"

out=$MEMGOV_ROOT/build/deb
work=$(mktemp -d /tmp/memgov-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT
src=$work/memgov-$MEMGOV_VERSION
mkdir -p "$src" "$out"
if git rev-parse --git-dir > /dev/null 2>&1; then
	git ls-files -z | xargs -0 cp -a --parents -t "$src"
else
	tar --exclude=./build -cf - . | tar -xf - -C "$src"
fi
rm -f "$out"/*.deb "$out"/*.buildinfo "$out"/*.changes
(cd "$src" && dpkg-buildpackage -b -us -uc) > "$out/build.log" 2>&1 ||
	{ tail -40 "$out/build.log" >&2; echo "deb: dpkg-buildpackage failed ($out/build.log)" >&2; exit 1; }
mv "$work"/*.deb "$work"/*.buildinfo "$work"/*.changes "$out/"
lintian --no-tag-display-limit "$out"/*.changes > "$out/lintian.txt" 2>&1 || true
ls "$out"/*.deb
if grep -q '^E: ' "$out/lintian.txt"; then
	echo "deb: lintian reports errors ($out/lintian.txt):" >&2
	grep '^E: ' "$out/lintian.txt" >&2
	exit 1
fi
echo "deb: lintian: $(grep -c '^W: ' "$out/lintian.txt") warnings, no errors ($out/lintian.txt)"
