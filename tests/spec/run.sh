#!/bin/bash
# Spec tier (part of the userspace tier): the family's YAML spec against the UAPI header and
# the kernel's ops table, then proof that the check catches a disagreement.
set -uo pipefail
. "$(dirname "$0")/../../scripts/config.sh"
cd "$MEMGOV_ROOT"

# The kernel's schema for genetlink-legacy specs, from Debian's linux-source-6.12.
schema=$MEMGOV_CACHE/netlink-schema/genetlink-legacy.yaml
if [ ! -s "$schema" ]; then
	mkdir -p "$(dirname "$schema")"
	if [ -s "$MEMGOV_CACHE/linux-source-6.12/Documentation/netlink/genetlink-legacy.yaml" ]; then
		cp "$MEMGOV_CACHE/linux-source-6.12/Documentation/netlink/genetlink-legacy.yaml" "$schema"
	else
		tar -xOf /usr/src/linux-source-6.12.tar.xz \
			linux-source-6.12/Documentation/netlink/genetlink-legacy.yaml > "$schema" 2>/dev/null
	fi
fi
if [ -s "$schema" ]; then
	python3 tests/spec/check_spec.py --schema "$schema"
else
	echo "not ok - spec_is_valid_against_kernel_genetlink_legacy_schema"
	echo "#   no genetlink-legacy.yaml in /usr/src/linux-source-6.12.tar.xz"
	python3 tests/spec/check_spec.py
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A header where two attributes swapped places, and one with an attribute the spec lacks.
sed 's/^\tMEMGOV_A_CONFIG,$/\tMEMGOV_A_CGROUP_ID_X,/; s/^\tMEMGOV_A_CGROUP_ID,$/\tMEMGOV_A_CONFIG,/; s/MEMGOV_A_CGROUP_ID_X/MEMGOV_A_CGROUP_ID/' \
	include/uapi/linux/memgov.h > "$tmp/swapped.h"
sed "s/^\tMEMGOV_STATS_A_EVENTS_DROPPED,.*/&\n\tMEMGOV_STATS_A_NEW_COUNTER,/" \
	include/uapi/linux/memgov.h > "$tmp/extra.h"
sed 's/CFG_RANGE(MEMGOV_CFG_A_PSI_FULL_PCT, 0, 100)/CFG_RANGE(MEMGOV_CFG_A_PSI_FULL_PCT, 0, 99)/' \
	kmod/netlink.c > "$tmp/netlink.c"
fails() { ! python3 tests/spec/check_spec.py "$@" > "$tmp/out" 2>&1 && grep -q '^not ok' "$tmp/out"; }
for t in swapped extra; do
	if ! cmp -s include/uapi/linux/memgov.h "$tmp/$t.h" && fails --header "$tmp/$t.h"; then
		echo "ok - spec_check_fails_on_a_header_with_${t}_attributes"
	else
		echo "not ok - spec_check_fails_on_a_header_with_${t}_attributes"
		sed 's/^/#   /' "$tmp/out"
	fi
done
if ! cmp -s kmod/netlink.c "$tmp/netlink.c" && fails --kmod "$tmp/netlink.c"; then
	echo "ok - spec_check_fails_on_a_kernel_range_that_differs"
else
	echo "not ok - spec_check_fails_on_a_kernel_range_that_differs"
	sed 's/^/#   /' "$tmp/out"
fi
