#!/bin/bash
# A Debian 13 (trixie) kernel for a VM pass: the newest of a series, memgov.ko built as a
# trixie user's DKMS would build it (trixie's gcc-14, pahole and that kernel's headers,
# inside a trixie root made with mmdebstrap and cached in $MEMGOV_CACHE/roots/trixie:
# nothing from trixie is installed on this bookworm host), and the kernel's image unpacked
# into the cache like the pinned one's.  Root.
#
#   trixie-kernel.sh [--probe] [SERIES]
#   trixie-kernel.sh --list      the series with amd64 headers, oldest first (6.12 7.2 7.3)
#
# SERIES: 6.12 (trixie's own, the default) or a trixie-backports series with headers (7.2,
# 7.3, ...), or "newest" for the newest backports series that has headers.  Prints
# "KVER KO" on its last line; --probe exits 0 when trixie can be reached (or is cached).
set -euo pipefail
. "$(dirname "$0")/config.sh"
cd "$MEMGOV_ROOT"

log() { echo "trixie: $*" >&2; }
root=$MEMGOV_CACHE/roots/trixie
# The registry this machine already uses (no host is written in the repository).
uri=$(memgov_debian_uri bookworm)
sec=$(memgov_debian_uri bookworm-security)
[ -n "$uri" ] || { log "no bookworm source in /etc/apt to derive trixie from"; exit 1; }
[ -n "$sec" ] || sec=${uri%/debian}/debian-security

probe=0 list=0
[ "${1:-}" = --probe ] && { probe=1; shift; }
[ "${1:-}" = --list ] && { list=1; shift; }
series=${1:-6.12}

# --probe: exit 0 when the trixie suite can be reached there, or a root is already cached.
if [ $probe = 1 ]; then
	[ -x "$root/usr/bin/gcc-14" ] && exit 0
	tmp=$(mktemp)
	trap 'rm -f "$tmp"' EXIT
	if /usr/lib/apt/apt-helper download-file "$uri/dists/trixie/InRelease" "$tmp" >/dev/null 2>&1; then
		exit 0
	fi
	log "the trixie suite cannot be fetched from $uri"
	exit 1
fi

in_root() {
	mount --bind /proc "$root/proc" 2>/dev/null || true
	mount --bind /dev "$root/dev" 2>/dev/null || true
	local rc=0
	chroot "$root" "$@" || rc=$?
	umount "$root/dev" "$root/proc" 2>/dev/null || true
	return $rc
}

bpo="deb $uri trixie-backports main"
if [ ! -x "$root/usr/bin/gcc-14" ] || [ ! -x "$root/usr/bin/pahole" ]; then
	log "making the trixie root (mmdebstrap, minbase) in $root"
	rm -rf "$root.new"
	mkdir -p "$(dirname "$root")"
	mmdebstrap --quiet --variant=minbase --include=make,gcc-14,libc6-dev,dwarves,kmod,xz-utils \
		--skip=cleanup/apt/lists trixie "$root.new" \
		"deb $uri trixie main" "deb $uri trixie-updates main" "deb $sec trixie-security main" \
		"$bpo" >&2
	rm -rf "$root"
	mv "$root.new" "$root"
else
	# Roots made before backports were used: add them.
	grep -rqs trixie-backports "$root/etc/apt/sources.list" "$root/etc/apt/sources.list.d" ||
		echo "$bpo" > "$root/etc/apt/sources.list.d/backports.list"
	in_root apt-get update -qq >&2 || log "apt-get update failed: using the cached lists"
fi
headers() {	# the amd64 header packages' kernel versions of SERIES ("" = every series)
	in_root apt-cache search --names-only "^linux-headers-${1//./\\.}.*\+deb13-amd64\$" |
		awk '{print $1}' | sed 's/^linux-headers-//' | sort -V
}
if [ $list = 1 ]; then
	headers "" | sed 's/^\([0-9]*\.[0-9]*\)\..*/\1/' | sort -uV | tr '\n' ' ' | sed 's/ $/\n/'
	exit 0
fi
if [ "$series" = newest ]; then
	series=$(headers "" | sed 's/^\([0-9]*\.[0-9]*\)\..*/\1/' | sort -uV | tail -1)
	[ -n "$series" ] || { log "no linux-headers-*+deb13-amd64 in trixie or its backports"; exit 1; }
fi
case $series in
[0-9]*.[0-9]*) ;;
*) log "bad series '$series' (6.12, 7.3, ..., newest)"; exit 1 ;;
esac
kver=$(headers "$series." | tail -1)
[ -n "$kver" ] || { log "no linux-headers-$series.*+deb13-amd64 in trixie or its backports"; exit 1; }
log "newest trixie $series kernel with headers: $kver"
if [ ! -d "$root/usr/src/linux-headers-$kver" ]; then
	# -t: backports' packages (apt's default pin keeps them off); trixie's come from trixie.
	DEBIAN_FRONTEND=noninteractive in_root apt-get install -y -qq --no-install-recommends \
		-t trixie-backports "linux-headers-$kver" >&2
fi
kimage=$(memgov_kimage "$kver")
if [ ! -f "$kimage/boot/vmlinuz-$kver" ] && [ ! -f "$kimage/usr/lib/modules/$kver/vmlinuz" ]; then
	# From 7.0 the image package is a shell: the kernel is in linux-binary-KVER, its
	# modules (zram, for the tests) in linux-modules-KVER.
	pkgs="linux-image-$kver"
	for p in "linux-binary-$kver" "linux-modules-$kver"; do
		in_root apt-cache show "$p" > /dev/null 2>&1 && pkgs="$pkgs $p"
	done
	log "fetching $pkgs into $kimage (not installed)"
	rm -rf "$root/tmp/image"
	mkdir -p "$root/tmp/image"
	chmod 777 "$root/tmp/image"	# apt-get download runs as _apt
	in_root sh -c "cd /tmp/image && apt-get download -qq $pkgs" >&2
	rm -rf "$kimage.new"
	mkdir -p "$kimage.new"
	for deb in "$root"/tmp/image/*.deb; do
		dpkg-deb -x "$deb" "$kimage.new"
	done
	rm -rf "$kimage" "$root/tmp/image"
	mv "$kimage.new" "$kimage"
fi
# The module, from the same files DKMS gets.
rm -rf "$root/build/memgov"
mkdir -p "$root/build/memgov"
cp -r Kbuild VERSION kmod governor include "$root/build/memgov/"
find "$root/build/memgov" \( -name '*.o' -o -name '.*.cmd' \) -delete
in_root make -s -C "/usr/src/linux-headers-$kver" M=/build/memgov MEMGOV_VERSION="$MEMGOV_VERSION" \
	PAHOLE=/build/memgov/kmod/tools/pahole.sh modules >&2
mkdir -p "build/kernels/$kver"
cp "$root/build/memgov/memgov.ko" "build/kernels/$kver/memgov.ko"
echo "$kver $MEMGOV_ROOT/build/kernels/$kver/memgov.ko"
