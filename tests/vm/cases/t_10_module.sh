# The module DKMS installed loads on the distro kernel and exposes its BTF types.
. /tests/lib.sh

if insmod "$KO" 2> /tmp/insmod.err; then
	ok module_from_dkms_loads_on_distro_kernel
else
	not_ok module_from_dkms_loads_on_distro_kernel "insmod $KO failed"
	show /tmp/insmod.err
	dmesg | tail -20 | sed 's/^/#   /'
fi

# At load the module checked each function it may probe against the kernel's BTF.
if dmesg | grep -q 'memgov: prototypes of 13 probed functions match this kernel.s BTF'; then
	ok module_load_checks_probed_function_prototypes_against_kernel_btf
else
	not_ok module_load_checks_probed_function_prototypes_against_kernel_btf "dmesg:"
	dmesg | grep memgov | sed 's/^/#   /'
fi

if [ -f /sys/kernel/btf/memgov ]; then
	bpftool btf dump file /sys/kernel/btf/memgov > /tmp/btf.txt 2>&1
	missing=
	for t in memgov_oom_ops memgov_memcg_ops memgov_psi_ops bpf_struct_ops_memgov_oom_ops \
		 bpf_struct_ops_memgov_memcg_ops bpf_struct_ops_memgov_psi_ops memgov_oom_ctx \
		 memgov_psi_ctx memgov_psi_trigger; do
		grep -q "STRUCT '$t'" /tmp/btf.txt || missing="$missing $t"
	done
	if [ -z "$missing" ]; then
		ok module_btf_has_the_struct_ops_types
	else
		not_ok module_btf_has_the_struct_ops_types "missing in /sys/kernel/btf/memgov:$missing"
	fi
else
	not_ok module_btf_has_the_struct_ops_types "/sys/kernel/btf/memgov does not exist"
fi

if memgovctl status > /tmp/status.txt 2>&1 &&
   grep -q "^kernel: *$(uname -r)\$" /tmp/status.txt &&
   grep -q "^memgov: *[0-9]" /tmp/status.txt &&
   grep -q "^attached: *0\$" /tmp/status.txt; then
	ok memgovctl_status_shows_version_kernel_and_no_policies
else
	not_ok memgovctl_status_shows_version_kernel_and_no_policies "unexpected status:"
	show /tmp/status.txt
fi

if memgovctl status --json > /tmp/status.json 2>&1 &&
   grep -q "\"kernel\":\"$(uname -r)\"" /tmp/status.json &&
   grep -q '"attached":0' /tmp/status.json; then
	ok memgovctl_status_json_has_kernel_and_counts
else
	not_ok memgovctl_status_json_has_kernel_and_counts "unexpected json:"
	show /tmp/status.json
fi

# Nothing attached: an empty list with its header only.
if memgovctl policy list > /tmp/list.txt 2>&1 && [ "$(wc -l < /tmp/list.txt)" = 1 ]; then
	ok policy_list_is_empty_with_nothing_attached
else
	not_ok policy_list_is_empty_with_nothing_attached "list:"
	show /tmp/list.txt
fi
