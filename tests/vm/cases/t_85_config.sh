# Governor limits over netlink: memgovctl config show / set, ranges, privileges, persistence.
. /tests/lib.sh
ensure_module
cleanup_policies
P=/sys/module/memgov/parameters
U="su nobody -s /bin/sh -c"

if memgovctl config show > /tmp/cfg.txt 2>&1 && grep -Eq '^strikes_max +3$' /tmp/cfg.txt &&
   grep -Eq '^psi_full_pct +60$' /tmp/cfg.txt && grep -Eq '^refault_lru_pct +100$' /tmp/cfg.txt &&
   memgovctl config show --json | grep -q '"kill_deadline_ms":2000'; then
	ok config_show_lists_documented_defaults
else
	not_ok config_show_lists_documented_defaults "output:"
	show /tmp/cfg.txt
fi

if memgovctl config set strikes_max=5 psi_full_pct=45 > /tmp/set.txt 2>&1 &&
   grep -Eq '^strikes_max +5$' /tmp/set.txt && [ "$(cat $P/strikes_max)" = 5 ] &&
   [ "$(cat $P/psi_full_pct)" = 45 ]; then
	ok config_set_changes_limits_and_module_parameters_agree
else
	not_ok config_set_changes_limits_and_module_parameters_agree "output:"
	show /tmp/set.txt
fi

memgovctl config set psi_full_pct=101 > /tmp/range.txt 2>&1
rc=$?
if [ $rc = 2 ] && grep -q 'kernel says' /tmp/range.txt && [ "$(cat $P/psi_full_pct)" = 45 ]; then
	ok out_of_range_limit_is_refused_by_the_kernel_and_nothing_changes
else
	not_ok out_of_range_limit_is_refused_by_the_kernel_and_nothing_changes "rc=$rc:"
	show /tmp/range.txt
fi

# All or nothing: one bad value in the batch and the good one is not applied either.
memgovctl config set strikes_max=7 thrash_sustain_ms=5 > /tmp/batch.txt 2>&1
rc=$?
if [ $rc = 2 ] && [ "$(cat $P/strikes_max)" = 5 ]; then
	ok config_set_with_one_bad_value_changes_nothing
else
	not_ok config_set_with_one_bad_value_changes_nothing "rc=$rc strikes_max=$(cat $P/strikes_max)"
	show /tmp/batch.txt
fi

memgovctl config set nosuch=1 > /tmp/unk.txt 2>&1
rc=$?
if [ $rc = 1 ] && grep -q "unknown limit 'nosuch'" /tmp/unk.txt; then
	ok unknown_limit_is_a_usage_error
else
	not_ok unknown_limit_is_a_usage_error "rc=$rc"
	show /tmp/unk.txt
fi

$U "memgovctl config set strikes_max=1" > /tmp/uset.txt 2>&1
rc=$?
if [ $rc = 2 ] && grep -q 'Operation not permitted' /tmp/uset.txt && [ "$(cat $P/strikes_max)" = 5 ] &&
   $U "memgovctl config show" | grep -Eq '^strikes_max +5$'; then
	ok unprivileged_user_reads_config_but_cannot_set_it
else
	not_ok unprivileged_user_reads_config_but_cannot_set_it "rc=$rc"
	show /tmp/uset.txt
fi

# Per cgroup: an override for one cgroup, the global value untouched.
mkdir -p $CG/t85
if memgovctl config set --cgroup $CG/t85 psi_full_pct=25 strikes_max=9 > /dev/null &&
   memgovctl config show --cgroup $CG/t85 | grep -Eq '^psi_full_pct +25$' &&
   memgovctl config show --cgroup $CG/t85 | grep -Eq '^strikes_max +9$' &&
   memgovctl config show --cgroup $CG/t85 | grep -Eq '^kill_deadline_ms +2000$' &&
   memgovctl config show | grep -Eq '^psi_full_pct +45$'; then
	ok per_cgroup_limits_override_only_that_cgroup
else
	not_ok per_cgroup_limits_override_only_that_cgroup "config:"
	memgovctl config show --cgroup $CG/t85 | sed 's/^/#   /'
fi
memgovctl config set --cgroup /tmp strikes_max=1 > /tmp/notcg.txt 2>&1
rc=$?
if [ $rc = 1 ] && grep -q 'not a cgroup v2 directory' /tmp/notcg.txt; then
	ok config_for_a_path_that_is_not_a_cgroup_is_refused
else
	not_ok config_for_a_path_that_is_not_a_cgroup_is_refused "rc=$rc"
	show /tmp/notcg.txt
fi
rmdir $CG/t85

start_policy /tmp/n.log noop --name cfg-noop
kill $PID; wait_exit $PID 20
if memgovctl config show | grep -Eq '^strikes_max +5$'; then
	ok config_survives_policy_attach_and_detach
else
	not_ok config_survives_policy_attach_and_detach "config:"
	memgovctl config show | sed 's/^/#   /'
fi
memgovctl config set strikes_max=3 psi_full_pct=60 > /dev/null

# --- config load: a limits file, all or none (the memgov-limits unit runs it at boot) ------
printf '# site limits\nstrikes_max=7\n\npsi_full_pct=45\n' > /tmp/limits.conf
memgovctl config load /tmp/limits.conf > /tmp/load.out 2>&1
rc=$?
if [ $rc = 0 ] && memgovctl config show | grep -Eq '^strikes_max +7$' &&
   memgovctl config show | grep -Eq '^psi_full_pct +45$'; then
	ok config_load_sets_the_limits_a_file_lists
else
	not_ok config_load_sets_the_limits_a_file_lists "rc=$rc"
	show /tmp/load.out
fi
printf 'strikes_max=9\npsi_full_pct=101\n' > /tmp/limits.bad
memgovctl config show > /tmp/cfg.before
memgovctl config load /tmp/limits.bad > /tmp/load.bad 2>&1
rc=$?
if [ $rc = 2 ] && grep -q 'psi_full_pct' /tmp/load.bad && memgovctl config show | cmp -s - /tmp/cfg.before; then
	ok config_load_with_one_value_out_of_range_changes_nothing
else
	not_ok config_load_with_one_value_out_of_range_changes_nothing "rc=$rc"
	show /tmp/load.bad
fi
memgovctl config set strikes_max=3 psi_full_pct=60 > /dev/null
