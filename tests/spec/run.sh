#!/bin/bash
# Spec tier (part of the userspace tier): the family's C code regenerated from its YAML spec,
# the spec against the UAPI header, the limits table, the man page and the kernel's tables,
# then proof that each check catches a disagreement.
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

# The family's C code is what the kernel's generator makes of the spec, and the check notices
# when it is not (a spec whose range changed, regenerated against the committed files).
if bash scripts/netlink-gen.sh --check > "$tmp/gen.out" 2>&1; then
	echo "ok - netlink_code_is_what_the_spec_generates"
else
	echo "not ok - netlink_code_is_what_the_spec_generates"
	sed 's/^/#   /' "$tmp/gen.out" | head -40
fi
sed 's/checks: { min: 1, max: 1000 }/checks: { min: 1, max: 999 }/' \
	Documentation/netlink/specs/memgov.yaml > "$tmp/memgov.yaml"
if ! cmp -s Documentation/netlink/specs/memgov.yaml "$tmp/memgov.yaml" &&
   ! bash scripts/netlink-gen.sh --check --spec "$tmp/memgov.yaml" > "$tmp/gen.out" 2>&1 &&
   grep -q 'kmod/netlink_gen.c is not what' "$tmp/gen.out" &&
   grep -q '^+.*NLA_POLICY_RANGE(NLA_U64, 1, 999)' "$tmp/gen.out"; then
	echo "ok - netlink_generation_check_fails_when_the_spec_changed"
else
	echo "not ok - netlink_generation_check_fails_when_the_spec_changed"
	sed 's/^/#   /' "$tmp/gen.out" | head -20
fi
# A header where two attributes swapped places, and one with an attribute the spec lacks.
sed 's/^\tMEMGOV_A_CONFIG,$/\tMEMGOV_A_CGROUP_ID_X,/; s/^\tMEMGOV_A_CGROUP_ID,$/\tMEMGOV_A_CONFIG,/; s/MEMGOV_A_CGROUP_ID_X/MEMGOV_A_CGROUP_ID/' \
	include/uapi/linux/memgov.h > "$tmp/swapped.h"
sed "s/^\tMEMGOV_STATS_A_EVENTS_DROPPED,.*/&\n\tMEMGOV_STATS_A_NEW_COUNTER,/" \
	include/uapi/linux/memgov.h > "$tmp/extra.h"
sed 's/X(PSI_FULL_PCT, psi_full_pct, 32, 0, 100, 60,/X(PSI_FULL_PCT, psi_full_pct, 32, 0, 99, 60,/' \
	include/memgov/limits.h > "$tmp/limits.h"
sed 's/^\.BR thrash_sustain_ms " (100\.\.600000, default 500)"/.BR thrash_sustain_ms " (100..600000, default 1000)"/' \
	userspace/memgovctl.8 > "$tmp/memgovctl.8"
fails() { ! python3 tests/spec/check_spec.py "$@" > "$tmp/out" 2>&1 && grep -q '^not ok' "$tmp/out"; }
for t in swapped extra; do
	if ! cmp -s include/uapi/linux/memgov.h "$tmp/$t.h" && fails --header "$tmp/$t.h"; then
		echo "ok - spec_check_fails_on_a_header_with_${t}_attributes"
	else
		echo "not ok - spec_check_fails_on_a_header_with_${t}_attributes"
		sed 's/^/#   /' "$tmp/out"
	fi
done
if ! cmp -s include/memgov/limits.h "$tmp/limits.h" && fails --limits "$tmp/limits.h"; then
	echo "ok - spec_check_fails_on_a_kernel_range_that_differs"
else
	echo "not ok - spec_check_fails_on_a_kernel_range_that_differs"
	sed 's/^/#   /' "$tmp/out"
fi
sed 's/\[MEMGOV_EXIT_THRASH\] = "thrash"/[MEMGOV_EXIT_THRASH] = "thrashing"/' \
	include/memgov/names.h > "$tmp/names.h"
if ! cmp -s include/memgov/names.h "$tmp/names.h" && fails --names "$tmp/names.h"; then
	echo "ok - spec_check_fails_on_an_exit_kind_spelled_otherwise"
else
	echo "not ok - spec_check_fails_on_an_exit_kind_spelled_otherwise"
	sed 's/^/#   /' "$tmp/out"
fi
if ! cmp -s userspace/memgovctl.8 "$tmp/memgovctl.8" && fails --man "$tmp/memgovctl.8"; then
	echo "ok - spec_check_fails_on_a_man_page_default_that_differs"
else
	echo "not ok - spec_check_fails_on_a_man_page_default_that_differs"
	sed 's/^/#   /' "$tmp/out"
fi

# Kfunc prototypes live once, in include/memgov/kfuncs.h: a signature that changes on one
# side breaks the build of the other, not the verifier at load time.
kdir=/usr/src/linux-headers-$MEMGOV_KVER
if [ -d "$kdir" ] && [ -s build/bpf/vmlinux.h ]; then
	mkdir -p "$tmp/mod"
	cp -r Kbuild VERSION kmod governor include "$tmp/mod/"
	sed -i 's/^extern int bpf_memgov_error(u64 self, const char \*msg__str)/extern int bpf_memgov_error(u32 self, const char *msg__str)/' \
		"$tmp/mod/include/memgov/kfuncs.h"
	if ! grep -q 'bpf_memgov_error(u32 self' "$tmp/mod/include/memgov/kfuncs.h"; then
		echo "not ok - kfunc_signature_change_in_the_shared_header_breaks_the_module_build"
		echo "#   the test's edit of kfuncs.h did not apply"
	elif ! make -s -C "$kdir" M="$tmp/mod" MEMGOV_VERSION=test kmod/kfuncs.o > "$tmp/kbuild.out" 2>&1 &&
	     grep -q "conflicting types for .bpf_memgov_error." "$tmp/kbuild.out"; then
		echo "ok - kfunc_signature_change_in_the_shared_header_breaks_the_module_build"
	else
		echo "not ok - kfunc_signature_change_in_the_shared_header_breaks_the_module_build"
		tail -5 "$tmp/kbuild.out" | sed 's/^/#   /'
	fi
	# A policy calling a kfunc with the wrong arguments does not compile.
	printf '#include <memgov/common.bpf.h>\nchar _license[] SEC("license") = "GPL";\nSEC("struct_ops/x")\nint BPF_PROG(x)\n{\n\treturn bpf_memgov_error(0, "m", 1);\n}\n' > "$tmp/wrong.bpf.c"
	if ! clang -O2 -target bpf -mcpu=v3 -D__TARGET_ARCH_x86 -Ibuild/bpf -Ibpf/include -Iinclude \
		-c "$tmp/wrong.bpf.c" -o "$tmp/wrong.o" > "$tmp/clang.out" 2>&1 &&
	   grep -q "too many arguments to function call" "$tmp/clang.out"; then
		echo "ok - policy_calling_a_kfunc_with_wrong_arguments_does_not_compile"
	else
		echo "not ok - policy_calling_a_kfunc_with_wrong_arguments_does_not_compile"
		tail -5 "$tmp/clang.out" | sed 's/^/#   /'
	fi
	# The module's units call only downward (no cycle among kmod/ and governor/), on the
	# objects of a build of this tree; and the check notices a call from the bottom unit
	# (stats) up to the registry.
	mkdir -p "$tmp/layers"
	cp -r Kbuild VERSION kmod governor include "$tmp/layers/"
	find "$tmp/layers" -name '*.o' -delete
	if make -s -C "$kdir" M="$tmp/layers" MEMGOV_VERSION=test modules > "$tmp/layers.out" 2>&1; then
		python3 tests/spec/check_layers.py "$tmp/layers"
		printf '\nbool memgov_stats_layer_test(void)\n{\n\treturn memgov_policy_any(MEMGOV_POLICY_OOM);\n}\n' \
			>> "$tmp/layers/kmod/stats.c"
		sed -i 's/^#include "stats.h"$/#include "stats.h"\n#include "policy.h"/' "$tmp/layers/kmod/stats.c"
		if make -s -C "$kdir" M="$tmp/layers" MEMGOV_VERSION=test kmod/stats.o > "$tmp/layers.out" 2>&1 &&
		   ! python3 tests/spec/check_layers.py "$tmp/layers" > "$tmp/layers.chk" &&
		   grep -q 'kmod/stats -> kmod/policy (memgov_policy_any)' "$tmp/layers.chk"; then
			echo "ok - layer_check_fails_on_a_call_from_a_lower_unit_up"
		else
			echo "not ok - layer_check_fails_on_a_call_from_a_lower_unit_up"
			cat "$tmp/layers.out" "$tmp/layers.chk" 2>/dev/null | tail -10 | sed 's/^/#   /'
		fi
	else
		echo "not ok - kmod_units_call_only_downward"
		echo "#   the module did not build:"
		tail -10 "$tmp/layers.out" | sed 's/^/#   /'
	fi
else
	echo "not ok - kfunc_signature_change_in_the_shared_header_breaks_the_module_build"
	echo "#   needs $kdir and build/bpf/vmlinux.h (make deps; make)"
fi
