#!/bin/bash
# The "memgov" genetlink family's C code, generated from its spec by the kernel's own
# generator (tools/net/ynl/ynl-gen-c.py of Debian's linux-source-6.12):
#
#   include/uapi/linux/memgov.h   the UAPI header (ynl-gen-c.py --mode uapi --header)
#   kmod/netlink_gen.h            the kernel declarations (--mode kernel --header)
#   kmod/netlink_gen.c            policies with ranges, genl_split_ops, mcast groups (--source)
#
#   scripts/netlink-gen.sh          regenerate the three files in the tree
#   scripts/netlink-gen.sh --check  regenerate into a temporary directory and fail (listing
#                                   the differences) when a committed file is not what the
#                                   spec gives; make check runs this
#   --spec FILE                     another spec (tests)
#
# The output is the generator's, untouched.  For a genetlink-legacy family 6.12's generator
# writes no family struct and ignores a multicast group's "flags", so kmod/netlink.c holds the
# family and its group table (with GENL_MCAST_CAP_NET_ADMIN where the spec says admin-perm),
# as net/devlink/netlink.c does; tests/spec/check_spec.py checks that table against the spec.
set -euo pipefail
. "$(dirname "$0")/config.sh"
cd "$MEMGOV_ROOT"

check=0
spec=Documentation/netlink/specs/memgov.yaml
while [ $# -gt 0 ]; do
	case $1 in
	--check) check=1 ;;
	--spec) spec=$2; shift ;;
	*) echo "usage: $0 [--check] [--spec FILE]" >&2; exit 2 ;;
	esac
	shift
done

# The generator and the schema, out of the source tarball once (the KUnit tier's extracted
# tree is used when it is there).
ynl=$MEMGOV_CACHE/linux-source-6.12/tools/net/ynl
schema=$MEMGOV_CACHE/linux-source-6.12/Documentation/netlink/genetlink-legacy.yaml
if [ ! -f "$ynl/ynl-gen-c.py" ] || [ ! -f "$schema" ]; then
	tarball=/usr/src/linux-source-6.12.tar.xz
	[ -f "$tarball" ] || { echo "netlink-gen: $tarball missing (run: make deps)" >&2; exit 1; }
	x=$MEMGOV_CACHE/ynl-6.12
	if [ ! -f "$x/linux-source-6.12/tools/net/ynl/ynl-gen-c.py" ]; then
		rm -rf "$x"
		mkdir -p "$x"
		tar -C "$x" -xf "$tarball" linux-source-6.12/tools/net/ynl \
			linux-source-6.12/Documentation/netlink/genetlink-legacy.yaml
	fi
	ynl=$x/linux-source-6.12/tools/net/ynl
	schema=$x/linux-source-6.12/Documentation/netlink/genetlink-legacy.yaml
fi

# ynl-gen-c.py finds the schema by walking up from the spec to a directory that holds
# MAINTAINERS (the kernel tree's root), and names the spec by its path from there: give it
# a root of that shape.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
mkdir -p "$root/Documentation/netlink/specs" "$tmp/out/kmod" "$tmp/out/include/uapi/linux"
: > "$root/MAINTAINERS"
cp "$schema" "$root/Documentation/netlink/"
cp "$spec" "$root/Documentation/netlink/specs/memgov.yaml"
gen() {
	(cd "$root" && timeout 120 python3 "$ynl/ynl-gen-c.py" --spec Documentation/netlink/specs/memgov.yaml "$@")
}
gen --mode uapi --header -o "$tmp/out/include/uapi/linux/memgov.h"
gen --mode kernel --header -o "$tmp/out/kmod/netlink_gen.h"
gen --mode kernel --source -o "$tmp/out/kmod/netlink_gen.c"

files="include/uapi/linux/memgov.h kmod/netlink_gen.h kmod/netlink_gen.c"
if [ $check = 1 ]; then
	bad=0
	for f in $files; do
		if ! diff -u "$f" "$tmp/out/$f" > "$tmp/diff" 2>&1; then
			echo "netlink-gen: $f is not what $spec generates:" >&2
			head -40 "$tmp/diff" >&2
			bad=1
		fi
	done
	[ $bad = 0 ] || { echo "netlink-gen: run scripts/netlink-gen.sh and commit the result" >&2; exit 1; }
	exit 0
fi
for f in $files; do
	cmp -s "$tmp/out/$f" "$f" || { cp "$tmp/out/$f" "$f"; echo "netlink-gen: wrote $f"; }
done
