# Shared settings for memgov's scripts (sourced, not run).
MEMGOV_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Large derived things (extracted kernel source, UML build, VM images) live here, outside the
# repository, so a second run is fast.
MEMGOV_CACHE=${MEMGOV_CACHE:-/var/cache/memgov}
mkdir -p "$MEMGOV_CACHE"
# The pinned distro kernel (Debian 12 bookworm-security, same 6.12 series as Debian 13).
MEMGOV_KVER_PINNED=6.12.117+deb12-amd64
if [ -z "${MEMGOV_KVER:-}" ]; then
	if [ -s "$MEMGOV_CACHE/kver" ]; then
		MEMGOV_KVER=$(cat "$MEMGOV_CACHE/kver")
	else
		MEMGOV_KVER=$MEMGOV_KVER_PINNED
	fi
fi
# Where the kernel image the VM boots is unpacked (scripts/deps.sh), by kernel version.
memgov_kimage() { echo "$MEMGOV_CACHE/kernel/$1"; }
MEMGOV_VERSION=$(cat "$MEMGOV_ROOT/VERSION")
