#!/bin/bash
# Install memgov.ko with DKMS for the pinned distro kernel, the way an admin does on a host.
set -euo pipefail
. "$(dirname "$0")/config.sh"
cd "$MEMGOV_ROOT"

ver=$MEMGOV_VERSION
dkver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
if [ "$dkver" != "$ver" ]; then
	echo "dkms-install: dkms.conf says $dkver but VERSION says $ver" >&2
	exit 1
fi
src=/usr/src/memgov-$ver
rm -rf "$src"
mkdir -p "$src"
cp -r Kbuild VERSION dkms.conf kmod governor include "$src/"
if dkms status -m memgov -v "$ver" 2>/dev/null | grep -q .; then
	dkms remove -m memgov -v "$ver" --all >/dev/null 2>&1
fi
dkms add -m memgov -v "$ver" > "$MEMGOV_CACHE/dkms-add.log" 2>&1 || { cat "$MEMGOV_CACHE/dkms-add.log" >&2; exit 1; }
if ! dkms build -m memgov -v "$ver" -k "$MEMGOV_KVER" > "$MEMGOV_CACHE/dkms-build.log" 2>&1; then
	cat "$MEMGOV_CACHE/dkms-build.log" >&2
	cat "/var/lib/dkms/memgov/$ver/build/make.log" >&2 2>/dev/null || true
	exit 1
fi
dkms install -m memgov -v "$ver" -k "$MEMGOV_KVER" --force > "$MEMGOV_CACHE/dkms-install.log" 2>&1 ||
	{ cat "$MEMGOV_CACHE/dkms-install.log" >&2; exit 1; }
ko=$(find "/lib/modules/$MEMGOV_KVER/updates" -name 'memgov.ko*' | head -1)
if [ -z "$ko" ]; then
	echo "dkms-install: DKMS reported success but no memgov.ko under /lib/modules/$MEMGOV_KVER/updates" >&2
	exit 1
fi
echo "dkms: memgov/$ver installed for $MEMGOV_KVER: $ko"
