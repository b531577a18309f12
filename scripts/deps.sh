#!/bin/bash
# Install everything memgov's build, demo and tests need, from Debian's registry only.
# Idempotent: a second run with everything present does nothing but check.
set -euo pipefail
. "$(dirname "$0")/config.sh"

log() { echo "deps: $*"; }

if [ "$(id -u)" != 0 ]; then
	echo "deps: must run as root (apt-get install)" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive

# bookworm-backports carries libbpf 1.4 and bpftool 7.5 (bookworm's libbpf 1.1 cannot load
# struct_ops maps of a module-defined type).  Reuse the URI of the Debian source this machine
# already uses, so no registry host is written anywhere in the repository.
add_backports() {
	local dst=/etc/apt/sources.list.d/memgov-backports.sources
	[ -f "$dst" ] && return 0
	if grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
		return 0
	fi
	local uri keyring
	uri=$(memgov_debian_uri bookworm)
	keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	if [ -z "$uri" ]; then
		echo "deps: cannot find the Debian bookworm source to derive bookworm-backports from" >&2
		exit 1
	fi
	log "adding bookworm-backports from $uri"
	printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: %s\n' \
		"$uri" "$keyring" > "$dst"
	APT_UPDATED=
}

APT_UPDATED=
apt_update() {
	[ -n "$APT_UPDATED" ] && return 0
	apt-get update -qq
	APT_UPDATED=1
}

pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

add_backports

# The pinned kernel; if the registry has dropped it, take the newest 6.12 pair and say so.
apt_update
kver=$MEMGOV_KVER
if ! apt-cache show "linux-image-$kver" >/dev/null 2>&1 ||
   ! apt-cache show "linux-headers-$kver" >/dev/null 2>&1; then
	newest=$(apt-cache search --names-only '^linux-headers-6\.12\.[0-9]+\+deb[0-9]+-amd64$' |
		awk '{print $1}' | sed 's/^linux-headers-//' | sort -V | tail -1)
	if [ ! -f "$(memgov_kimage "$kver")/boot/vmlinuz-$kver" ]; then
		echo "deps: WARNING: pinned kernel $kver is not in the registry; using $newest" >&2
		kver=$newest
		echo "$kver" > "$MEMGOV_CACHE/kver"
	fi
fi

want=(
	"linux-headers-$kver" linux-source-6.12
	dkms kmod qemu-system-x86 busybox-static cpio zstd xz-utils
	clang llvm lld make gcc pkg-config
	libnl-3-dev libnl-genl-3-dev libelf-dev zlib1g-dev
	bc flex bison libssl-dev python3 python3-yaml python3-jsonschema groff-base dwarves rsync
	stress-ng procps
	debhelper dh-dkms lintian systemd openssl mmdebstrap
)
missing=()
for p in "${want[@]}"; do pkg_installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
	log "installing ${missing[*]}"
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

bp=()
for p in libbpf-dev bpftool; do
	v=$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null || true)
	case "$v" in
	1:1.4*|1:1.5*|7.5*|7.6*) ;;
	*) bp+=("$p") ;;
	esac
done
if [ ${#bp[@]} -gt 0 ]; then
	log "installing ${bp[*]} from bookworm-backports"
	apt-get install -y -qq --no-install-recommends -t bookworm-backports "${bp[@]}" >/dev/null
fi

# The kernel the VM boots, and the modules the guest loads (zram, FAT): unpacked into the
# cache, never installed.  Installing a linux-image package would run the boot loader's
# hooks and could make that kernel the host's default at the next boot.
kimage=$(memgov_kimage "$kver")
if [ ! -f "$kimage/boot/vmlinuz-$kver" ]; then
	log "fetching linux-image-$kver into $kimage (not installed)"
	tmp=$(mktemp -d)
	chown _apt "$tmp" 2>/dev/null || true
	(cd "$tmp" && apt-get download -qq "linux-image-$kver")
	rm -rf "$kimage.new"
	mkdir -p "$kimage.new"
	dpkg-deb -x "$tmp"/linux-image-*.deb "$kimage.new"
	rm -rf "$kimage" "$tmp"
	mv "$kimage.new" "$kimage"
fi

log "ok (kernel $kver)"
