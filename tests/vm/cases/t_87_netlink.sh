# The admin interface end to end: every memgovctl command against the module, the family's
# refusals (errno and extack) for malformed requests, privileges, events, and a fuzz run.
. /tests/lib.sh
ensure_module
cleanup_policies
swap_off
U="su nobody -s /bin/sh -c"
NOBODY=65534

# --- every command round-trips ------------------------------------------------------------
memgovctl monitor --json > /tmp/mon.json 2>&1 &
MON=$!
sleep 0.5
mkdir -p $CG/t87
CGID=$(stat -c %i $CG/t87)
start_policy /tmp/n87.log noop --name rt-noop
NP=$PID
LINK=$(memgovctl policy list --json | sed -n 's/.*"name":"rt-noop"[^}]*"link_id":\([0-9]*\).*/\1/p')
bad=""
memgovctl status | grep -q '^attached: 1$' || bad="$bad status"
memgovctl status --json | grep -q '"attached":1' || bad="$bad status-json"
memgovctl policy list | grep -q '^rt-noop ' || bad="$bad list"
memgovctl policy show rt-noop | grep -q '^state: *attached$' || bad="$bad show-name"
memgovctl policy show --id "$LINK" --json | grep -q '"name":"rt-noop"' || bad="$bad show-id"
memgovctl stats | grep -Eq '^attaches +[1-9]' || bad="$bad stats"
memgovctl stats --json | grep -q '"events_dropped":0' || bad="$bad stats-json"
memgovctl config set clamps_max=20 | grep -Eq '^clamps_max +20$' || bad="$bad set"
memgovctl config show --json | grep -q '"clamps_max":20' || bad="$bad show-json"
memgovctl config set --cgroup-id "$CGID" strikes_max=4 > /dev/null || bad="$bad set-cgid"
memgovctl config show --cgroup $CG/t87 | grep -Eq '^strikes_max +4$' || bad="$bad show-cg"
memgovctl config show --cgroup-id "$CGID" --json | grep -q '"strikes_max":4' || bad="$bad show-cgid"
memgovctl policy detach rt-noop | grep -q 'detached 1 policy' || bad="$bad detach"
wait_exit $NP 20
memgovctl policy show rt-noop | grep -q '^exit: *admin' || bad="$bad show-exited"
memgovctl policy detach --all | grep -q 'detached 0 policies' || bad="$bad detach-all"
memgovctl config set clamps_max=10 > /dev/null
sleep 0.5
if [ -z "$bad" ]; then
	ok every_memgovctl_command_round_trips
else
	not_ok every_memgovctl_command_round_trips "failed:$bad"
fi
if grep -q '"event":"config","cgroup_id":0,"config":{"clamps_max":20}' /tmp/mon.json &&
   grep -q "\"event\":\"config\",\"cgroup_id\":$CGID,\"config\":{\"strikes_max\":4}" /tmp/mon.json &&
   grep -q '"event":"exit","policy":{"name":"rt-noop".*"kind":"admin"' /tmp/mon.json; then
	ok monitor_json_sees_config_changes_and_exits
else
	not_ok monitor_json_sees_config_changes_and_exits "monitor:"
	show /tmp/mon.json
fi

# --- OOM events: the notice comes before the kill; a fallback is announced ------------------
kill $MON 2>/dev/null
memgovctl monitor --json > /tmp/mon2.json 2>&1 &
MON=$!
sleep 0.5
cg_make t87/oom 100M
oom_scene() {
	echo 1 > $CG/t87/oom/cgroup.kill
	wait_for 20 sh -c "[ -z \"\$(cat $CG/t87/oom/cgroup.procs)\" ]"
	cg_run t87/oom memhog memhog_a 45 hold; A=$PID
	cg_run t87/oom memhog memhog_b 30 hold; B=$PID
	wait_for 60 sh -c "[ \$(cat $CG/t87/oom/memory.current) -gt 75000000 ]"
	cg_run t87/oom memhog memhog_t 40 exit
	wait_exit $PID 120
	sleep 0.5
}
OOMID=$(stat -c %i $CG/t87/oom)
memgovctl stats --json > /tmp/stats0.json
start_policy /tmp/p87.log oom_pick --cgroup $CG/t87/oom --victim memhog_b --name ev-pick
P=$PID
oom_scene
VICTIM=$B
kill $P; wait_exit $P 20
start_policy /tmp/c87.log oom_pick --cgroup $CG/t87/oom --claim-only --name ev-claim
P=$PID
oom_scene
kill $P; wait_exit $P 20
sleep 0.5
notice=$(grep -n "\"event\":\"kill-notice\",\"policy\":\"ev-pick\",\"pid\":$VICTIM," /tmp/mon2.json | head -1 | cut -d: -f1)
killed=$(grep -n "\"event\":\"kill\",\"policy\":\"ev-pick\",\"pid\":$VICTIM," /tmp/mon2.json | head -1 | cut -d: -f1)
if [ -n "$notice" ] && [ -n "$killed" ] && [ "$notice" -lt "$killed" ] &&
   grep -q "\"event\":\"kill-notice\".*\"cgroup_id\":$OOMID," /tmp/mon2.json &&
   grep -q "\"event\":\"fallback\",\"cgroup_id\":$OOMID,\"reason\":\"no policy killed\"" /tmp/mon2.json; then
	ok monitor_sees_kill_notice_before_kill_and_the_fallback
else
	not_ok monitor_sees_kill_notice_before_kill_and_the_fallback "notice=$notice kill=$killed victim=$VICTIM"
	show /tmp/mon2.json
fi
memgovctl stats --json > /tmp/stats1.json
stat_of() { sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p" "$1"; }
d_ooms=$(($(stat_of /tmp/stats1.json ooms) - $(stat_of /tmp/stats0.json ooms)))
d_kills=$(($(stat_of /tmp/stats1.json oom_policy_kills) - $(stat_of /tmp/stats0.json oom_policy_kills)))
d_fb=$(($(stat_of /tmp/stats1.json oom_fallbacks) - $(stat_of /tmp/stats0.json oom_fallbacks)))
d_att=$(($(stat_of /tmp/stats1.json attaches) - $(stat_of /tmp/stats0.json attaches)))
d_unl=$(($(stat_of /tmp/stats1.json exit_unloaded) - $(stat_of /tmp/stats0.json exit_unloaded)))
if [ "$d_ooms" -ge 2 ] && [ "$d_kills" = 1 ] && [ "$d_fb" -ge 1 ] && [ "$d_att" = 2 ] &&
   [ "$d_unl" = 2 ] && [ "$(stat_of /tmp/stats1.json events_dropped)" = 0 ]; then
	ok stats_count_ooms_kills_fallbacks_and_attaches
else
	not_ok stats_count_ooms_kills_fallbacks_and_attaches \
		"ooms+$d_ooms kills+$d_kills fallbacks+$d_fb attaches+$d_att unloaded+$d_unl"
	show /tmp/stats1.json
fi
kill $MON 2>/dev/null
cg_remove t87/oom

# --- privileges: every write refused to an unprivileged user, every read allowed ----------
start_policy /tmp/n87.log noop --name priv-noop
NP=$PID
bad=""
for w in "policy detach priv-noop" "policy detach --all" "config set strikes_max=2" \
	 "config set --cgroup $CG/t87 strikes_max=2"; do
	$U "memgovctl $w" > /tmp/w.txt 2>&1
	rc=$?
	{ [ $rc = 2 ] && grep -q 'Operation not permitted' /tmp/w.txt; } || bad="$bad [$w: rc=$rc]"
done
nlprobe -u $NOBODY detach flag:9 > /tmp/w.txt; grep -q '^errno=1 ' /tmp/w.txt || bad="$bad [raw detach]"
nlprobe -u $NOBODY set-config nest:11 u64:2=5 end > /tmp/w.txt
grep -q '^errno=1 ' /tmp/w.txt || bad="$bad [raw set-config]"
for r in status "policy list" "policy show priv-noop" "config show" "config show --cgroup $CG/t87" \
	 stats; do
	$U "memgovctl $r --json" > /tmp/r.txt 2>&1 || bad="$bad [read $r]"
done
if [ -z "$bad" ] && memgovctl policy list | grep -q '^priv-noop .* attached' &&
   memgovctl config show | grep -Eq '^strikes_max +3$'; then
	ok unprivileged_user_gets_eperm_on_every_write_and_can_read
else
	not_ok unprivileged_user_gets_eperm_on_every_write_and_can_read "failed:$bad"
fi

# Events name victims (pid, command): an unprivileged listener cannot join the group.
$U "memgovctl monitor" > /tmp/umon.txt 2>&1
rc=$?
if [ $rc = 2 ] && grep -q 'cannot join the events group' /tmp/umon.txt; then
	ok unprivileged_user_cannot_listen_to_events_naming_processes
else
	not_ok unprivileged_user_cannot_listen_to_events_naming_processes "rc=$rc"
	show /tmp/umon.txt
fi

# --- refusals: errno, the extack message, the attribute it points at, the allowed range ----
# probe NAME WANT CMD ATTR...: nlprobe's answer must contain every word of WANT.
probe() {
	local name=$1 want=$2 w
	shift 2
	nlprobe "$@" > /tmp/probe.txt 2>&1
	for w in $want; do
		if ! grep -qF -- "$w" /tmp/probe.txt; then
			not_ok "$name" "missing '$w' in:"
			show /tmp/probe.txt
			return
		fi
	done
	ok "$name"
}
probe config_out_of_range_names_attribute_and_range \
	'errno=34 msg="integer out of range" offs_type=2 offs_nest=11 :1..1000' \
	set-config nest:11 u64:2=0 end
probe config_range_top_end_is_checked 'errno=34 offs_type=11 offs_nest=11 :0..100' \
	set-config nest:11 u64:11=101 end
probe config_wrong_type_is_refused 'errno=22 msg="invalid attribute length" offs_type=4 offs_nest=11' \
	set-config nest:11 u32:4=500 end
probe config_unknown_limit_is_refused 'errno=22 msg="Unknown attribute type" offs_type=40 offs_nest=11' \
	set-config nest:11 u64:40=1 end
probe config_pad_is_not_settable 'errno=22 offs_type=1 offs_nest=11' \
	set-config nest:11 u64:1=1 end
probe config_missing_nest_names_it 'errno=22 msg="missing MEMGOV_A_CONFIG miss_type=11' \
	set-config
probe config_empty_nest_is_refused 'errno=22 msg="no limit to set' set-config nest:11 end
probe config_unknown_cgroup_is_enoent 'errno=2 msg="no cgroup with id 999999" offs_type=12' \
	get-config u64:12=999999
probe config_set_unknown_cgroup_is_enoent 'errno=2 msg="no cgroup with id 999999"' \
	set-config u64:12=999999 nest:11 u64:2=5 end
probe cgroup_id_of_wrong_width_is_refused 'errno=22 offs_type=12' get-config u32:12=1
probe unknown_top_level_attribute_is_refused 'errno=22 msg="Unknown attribute type" offs_type=99' \
	get-config u64:99=1
probe attribute_on_a_command_without_any_is_refused 'errno=22 offs_type=2' status str:2=x
probe stats_takes_no_attribute 'errno=22 offs_type=12' stats u64:12=1
probe policy_dump_takes_no_attribute 'errno=22 offs_type=8' -d get-policy str:8=x
probe policy_get_needs_link_id 'errno=22 msg="missing MEMGOV_A_LINK_ID miss_type=7' get-policy
probe policy_get_link_id_zero_is_out_of_range 'errno=34 offs_type=7 :1..4294967295' \
	get-policy u32:7=0
probe policy_get_unknown_link_is_enoent 'errno=2 msg="no policy with link id 4000000"' \
	get-policy u32:7=4000000
probe detach_needs_name_or_all 'errno=22 msg="give exactly one of a policy name' detach
probe detach_name_and_all_is_refused 'errno=22 msg="give exactly one' detach str:8=x flag:9
probe detach_name_without_nul_is_refused 'errno=22 offs_type=8' detach raw:8=abc
probe detach_name_too_long_is_refused 'errno=22 offs_type=8 len<=31' \
	detach str:8=abcdefghijklmnopqrstuvwxyz0123456789
probe detach_unknown_name_is_enoent "errno=2 msg=\"no attached policy named 'nosuch'\"" \
	detach str:8=nosuch
probe detach_all_flag_with_payload_is_refused 'errno=34 offs_type=9' detach u32:9=1
probe unknown_command_is_refused 'errno=95' 99
probe event_command_cannot_be_sent 'errno=95' 6
probe dump_of_a_do_only_command_is_refused 'errno=95' -d get-config
if memgovctl config set strikes_max=0 > /tmp/cli.txt 2>&1; then
	not_ok memgovctl_prints_attribute_and_range_of_a_refusal "accepted strikes_max=0"
elif grep -q 'kernel says: integer out of range: strikes_max must be a u64 in 1..1000 (Numerical result out of range)' /tmp/cli.txt; then
	ok memgovctl_prints_attribute_and_range_of_a_refusal
else
	not_ok memgovctl_prints_attribute_and_range_of_a_refusal "output:"
	show /tmp/cli.txt
fi
memgovctl config show --cgroup-id 999999 > /tmp/cli.txt 2>&1
rc=$?
if [ $rc = 2 ] && grep -q 'kernel says: no cgroup with id 999999: at MEMGOV_A_CGROUP_ID' /tmp/cli.txt; then
	ok memgovctl_unknown_cgroup_id_is_refused_by_the_kernel
else
	not_ok memgovctl_unknown_cgroup_id_is_refused_by_the_kernel "rc=$rc"
	show /tmp/cli.txt
fi

# Only the initial network namespace has the family: root of another one finds no module.
unshare -n memgovctl status > /tmp/netns.txt 2>&1
rc=$?
if [ $rc = 3 ] && grep -q 'exists only in the initial one' /tmp/netns.txt && memgovctl status > /dev/null; then
	ok family_exists_only_in_the_initial_network_namespace
else
	not_ok family_exists_only_in_the_initial_network_namespace "rc=$rc"
	show /tmp/netns.txt
fi

# --- fuzz ---------------------------------------------------------------------------------
# Unprivileged first, with a policy attached that must survive it; then privileged.  The
# cgroup the fuzzer may write overrides for is fresh: the model starts without overrides.
FUZZ_N=$(cat /tests/fuzz_n 2>/dev/null || echo 100000)
mkdir -p $CG/t87/fuzz
CGID=$(stat -c %i $CG/t87/fuzz)
memgovctl config show --json > /tmp/cfg.before
t0=$(date +%s)
nlprobe -u $NOBODY fuzz $FUZZ_N 87 1 "$CGID" > /tmp/fuzz.u 2>&1
urc=$?
echo "fuzz: unprivileged run took $(($(date +%s) - t0)) s" >> /tmp/fuzz.u
if [ $urc = 0 ] && grep -q "fuzz: sent $FUZZ_N " /tmp/fuzz.u &&
   memgovctl config show --json | cmp -s - /tmp/cfg.before &&
   memgovctl policy list | grep -q '^priv-noop .* attached' && alive $NP; then
	ok fuzz_unprivileged_messages_change_nothing
else
	not_ok fuzz_unprivileged_messages_change_nothing "rc=$urc"
	show /tmp/fuzz.u
fi
kill $NP; wait_exit $NP 20

# --- a policy dump cut by a change says so (NLM_F_DUMP_INTR) ------------------------------
# (Here: no policy above t87 refuses it, and the privileged fuzz run may switch attaching off.)
# Twenty attach/detach rounds fill the exit history (16 records kept); with eight policies
# attached (~220 bytes each) the dump needs two parts of a page (nlprobe -p reads with a
# 4 KiB buffer; parts counts those with policies).  The kernel makes the first part when
# the request arrives, the next when that one is read: nlprobe waits 3 s in between, and a
# detach meanwhile must flag the second part.
mkdir -p $CG/t87/dump
noop --cgroup $CG/t87/dump --name dump-churn --churn 20 > /tmp/churn.log 2>&1
DP=
for i in 0 1 2 3 4 5 6 7; do
	mkdir -p $CG/t87/dump/$i
	start_policy /tmp/d$i.log noop --cgroup $CG/t87/dump/$i --name dump-$i ||
		{ not_ok setup_dump_$i "loader:"; show /tmp/d$i.log; }
	DP="$DP $PID"
done
nlprobe -d -p 100 get-policy > /tmp/dump.still 2>&1
if grep -Eq '^errno=0 replies=2[4-9] parts=([2-9]|[1-9][0-9]+) dump_intr=0$' /tmp/dump.still; then
	ok policy_dump_in_several_parts_without_a_change_is_not_flagged
else
	not_ok policy_dump_in_several_parts_without_a_change_is_not_flagged "nlprobe:"
	show /tmp/dump.still
	show /tmp/churn.log
fi
nlprobe -d -p 3000 get-policy > /tmp/dump.cut 2>&1 &
N=$!
sleep 1
memgovctl policy detach dump-0 > /tmp/dump.detach 2>&1
wait_exit $N 30
if grep -q 'detached 1 policy' /tmp/dump.detach &&
   grep -Eq '^errno=0 replies=[0-9]+ parts=([2-9]|[1-9][0-9]+) dump_intr=1$' /tmp/dump.cut; then
	ok policy_dump_cut_by_a_detach_sets_nlm_f_dump_intr
else
	not_ok policy_dump_cut_by_a_detach_sets_nlm_f_dump_intr "nlprobe rc=$RC:"
	show /tmp/dump.cut
	show /tmp/dump.detach
fi
for p in $DP; do kill $p 2>/dev/null; wait_exit $p 20; done
rmdir $CG/t87/dump/* $CG/t87/dump 2>/dev/null

t0=$(date +%s)
nlprobe fuzz $FUZZ_N 4242 1 "$CGID" > /tmp/fuzz.p 2>&1
prc=$?
echo "fuzz: privileged run took $(($(date +%s) - t0)) s" >> /tmp/fuzz.p
if [ $prc = 0 ] && grep -q "fuzz: sent $FUZZ_N " /tmp/fuzz.p && memgovctl status > /dev/null; then
	ok fuzz_privileged_messages_leave_module_answering_and_config_as_written
else
	not_ok fuzz_privileged_messages_leave_module_answering_and_config_as_written "rc=$prc"
	show /tmp/fuzz.p
fi
sed 's/^/# /' /tmp/fuzz.u /tmp/fuzz.p
# Back to the defaults for the tests after this one.
rmdir $CG/t87/fuzz $CG/t87 2>/dev/null
cleanup_policies
rmmod memgov && insmod "$KO"
