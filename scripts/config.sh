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
# memgov_debian_uri SUITE: the URI of the Debian source this machine already uses for SUITE,
# from deb822 .sources stanzas or one-line .list entries (no host is written in the
# repository); empty when there is none.  MEMGOV_APT_ETC (default /etc/apt) is for tests.
memgov_debian_uri() {
	local uri etc=${MEMGOV_APT_ETC:-/etc/apt}
	uri=$(awk -v s="$1" '
		function flush() { if (hit && u != "") { print u; done = 1; exit } hit = 0; u = "" }
		FNR == 1 { flush() }
		/^[ \t]*$/ { flush(); next }
		/^URIs:/ { u = $2 }
		/^Suites:/ { for (i = 2; i <= NF; i++) if ($i == s) hit = 1 }
		END { if (!done && hit && u != "") print u }' \
		"$etc"/sources.list.d/*.sources 2>/dev/null || true)
	if [ -z "$uri" ]; then
		uri=$(cat "$etc"/sources.list "$etc"/sources.list.d/*.list 2>/dev/null |
			sed 's/\[[^]]*\]//' | awk -v s="$1" '$1 == "deb" && $3 == s {print $2; exit}')
	fi
	echo "$uri"
}
