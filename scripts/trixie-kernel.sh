#!/bin/bash
# The newest Debian 13 (trixie) 6.12 kernel, for a VM pass: memgov.ko built as a trixie
# user's DKMS would build it (trixie's gcc-14, pahole and that kernel's headers, inside a
# trixie root made with mmdebstrap and cached in $MEMGOV_CACHE/roots/trixie: nothing from
# trixie is installed on this bookworm host), and the kernel's image unpacked into the cache
# like the pinned one's.  Root.  Prints "KVER KO" on its last line.
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

# --probe: exit 0 when the trixie suite can be reached there, or a root is already cached.
if [ "${1:-}" = --probe ]; then
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

if [ ! -x "$root/usr/bin/gcc-14" ] || [ ! -x "$root/usr/bin/pahole" ]; then
	log "making the trixie root (mmdebstrap, minbase) in $root"
	rm -rf "$root.new"
	mkdir -p "$(dirname "$root")"
	mmdebstrap --quiet --variant=minbase --include=make,gcc-14,libc6-dev,dwarves,kmod,xz-utils \
		--skip=cleanup/apt/lists trixie "$root.new" \
		"deb $uri trixie main" "deb $uri trixie-updates main" "deb $sec trixie-security main" >&2
	rm -rf "$root"
	mv "$root.new" "$root"
else
	in_root apt-get update -qq >&2 || log "apt-get update failed: using the cached lists"
fi
kver=$(in_root apt-cache search --names-only '^linux-headers-6\.12\.[0-9]+\+deb13-amd64$' |
	awk '{print $1}' | sed 's/^linux-headers-//' | sort -V | tail -1)
[ -n "$kver" ] || { log "no linux-headers-6.12.*+deb13-amd64 in trixie"; exit 1; }
log "newest trixie 6.12 kernel: $kver"
if [ ! -d "$root/usr/src/linux-headers-$kver" ]; then
	DEBIAN_FRONTEND=noninteractive in_root apt-get install -y -qq --no-install-recommends \
		"linux-headers-$kver" >&2
fi
kimage=$(memgov_kimage "$kver")
if [ ! -f "$kimage/boot/vmlinuz-$kver" ]; then
	log "fetching linux-image-$kver into $kimage (not installed)"
	rm -rf "$root/tmp/image"
	mkdir -p "$root/tmp/image"
	in_root sh -c "cd /tmp/image && apt-get download -qq linux-image-$kver" >&2
	rm -rf "$kimage.new"
	mkdir -p "$kimage.new"
	dpkg-deb -x "$root"/tmp/image/linux-image-*.deb "$kimage.new"
	rm -rf "$kimage" "$root/tmp/image"
	mv "$kimage.new" "$kimage"
fi
# The module, from the same files DKMS gets.
rm -rf "$root/build/memgov"
mkdir -p "$root/build/memgov"
cp -r Kbuild VERSION kmod governor include "$root/build/memgov/"
in_root make -s -C "/usr/src/linux-headers-$kver" M=/build/memgov MEMGOV_VERSION="$MEMGOV_VERSION" \
	modules >&2
mkdir -p build/trixie
cp "$root/build/memgov/memgov.ko" build/trixie/memgov.ko
echo "$kver $MEMGOV_ROOT/build/trixie/memgov.ko"
