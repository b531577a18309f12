# memcg hooks: lifecycle callbacks, charge throttling and its clamp, protection, async
# reclaim from a bpf_wq, and the signal kfuncs.
. /tests/lib.sh
ensure_module
cleanup_policies

# --- online / offline ---------------------------------------------------------------
cg_make t62
echo +memory > $CG/t62/cgroup.subtree_control
start_policy /tmp/life.log memcg_pin --cgroup $CG/t62 --name lifecycle
L=$PID
mkdir $CG/t62/a $CG/t62/b
rmdir $CG/t62/a $CG/t62/b
sleep 1
kill -INT $L; wait_exit $L 20
if grep -q ' online=2 offline=2 ' /tmp/life.log; then
	ok online_and_offline_callbacks_fire_on_mkdir_and_rmdir
else
	not_ok online_and_offline_callbacks_fire_on_mkdir_and_rmdir "loader:"
	show /tmp/life.log
fi
rmdir $CG/t62

# --- charge throttling --------------------------------------------------------------
# touch_ms CGROUP SIZE: how long memhog took to touch SIZE inside CGROUP, in ms.
touch_ms() {
	cg_run "$1" memhog memhog_d "$2" exit
	wait_exit $PID 120
}
cg_make t61
cg_run t61 memhog memhog_d 1 > /tmp/base.out; wait_exit $PID 60
base=$(sed -n 's/.*touched [0-9]* pages in \([0-9]*\) ms/\1/p' /tmp/base.out)
start_policy /tmp/delay.log memcg_pin --cgroup $CG/t61 --charge-delay-ms 10 --name delay
D=$PID
cg_run t61 memhog memhog_d 1 > /tmp/slow.out; wait_exit $PID 120
slow=$(sed -n 's/.*touched [0-9]* pages in \([0-9]*\) ms/\1/p' /tmp/slow.out)
kill $D; wait_exit $D 20
# 256 page faults, each delayed 10 ms at the return to user space.
if [ -n "$base" ] && [ -n "$slow" ] && [ "$slow" -ge 2000 ] && [ "$base" -lt 1000 ]; then
	ok charge_delay_slows_the_allocating_task
	echo "# 1 MiB: ${base} ms without the policy, ${slow} ms with a 10 ms charge delay"
else
	not_ok charge_delay_slows_the_allocating_task "base=${base} ms slow=${slow} ms"
	show /tmp/slow.out
fi

# An absurd delay (about 50 days) is clamped to MEMGOV_DELAY_MAX_MS (2 s) per return.
start_policy /tmp/clamp.log memcg_pin --cgroup $CG/t61 --charge-delay-ms 4294967295 --name clamp
D=$PID
MEMHOG_WAIT=2 memhog memhog_c 8k exit > /tmp/clamp.out &
C=$!
wait_for 20 grep -q ready /tmp/clamp.out
echo $C > $CG/t61/cgroup.procs
grep -q "^$C\$" $CG/t61/cgroup.procs || echo "# memhog_c ($C) did not move into t61: $(cat /proc/$C/cgroup)"
wait_exit $C 60
crc=$RC
clamped=$(sed -n 's/.*touched [0-9]* pages in \([0-9]*\) ms/\1/p' /tmp/clamp.out)
kill $D; wait_exit $D 20
# Two page faults: two delays of 2 s, not two of 50 days.
if [ $crc = 0 ] && [ -n "$clamped" ] && [ "$clamped" -ge 3500 ] && [ "$clamped" -le 15000 ]; then
	ok absurd_charge_delay_is_clamped_to_two_seconds
	echo "# 2 pages with a 4294967295 ms delay asked: ${clamped} ms"
else
	not_ok absurd_charge_delay_is_clamped_to_two_seconds "rc=$crc touched in ${clamped} ms"
	show /tmp/clamp.out
fi
cg_remove t61

# --- protection ---------------------------------------------------------------------
# p holds 60 MiB; its sibling s then takes 100 MiB under a shared 128 MiB limit, with swap.
swap_on 512
protect_scene() {
	cg_run t60/p memhog memhog_p 60 hold; HP=$PID
	wait_for 60 sh -c "[ \$(cat $CG/t60/p/memory.current) -gt 62000000 ]"
	before=$(cat $CG/t60/p/memory.current)
	cg_run t60/s memhog memhog_s 100 exit; wait_exit $PID 300
	after=$(cat $CG/t60/p/memory.current)
	kill $HP; wait_exit $HP 20
	echo 1 > $CG/t60/cgroup.kill
	sleep 0.5
}
cg_make t60 128M
cg_make t60/p
cg_make t60/s
protect_scene
without_before=$before; without=$after
start_policy /tmp/prot.log memcg_pin --cgroup $CG/t60/p --protect min --name protect-p
PR=$PID
protect_scene
with_before=$before; with=$after
kill -INT $PR; wait_exit $PR 20
echo "# p's memory.current after s ran: without policy $without_before -> $without, with below_min policy $with_before -> $with"
if [ "$with" -ge $((with_before * 9 / 10)) ] && [ "$without" -lt $((without_before * 8 / 10)) ] &&
   grep -Eq ' below_min=[1-9]' /tmp/prot.log; then
	ok below_min_policy_keeps_protected_cgroup_resident_under_sibling_pressure
else
	not_ok below_min_policy_keeps_protected_cgroup_resident_under_sibling_pressure "see above"
	show /tmp/prot.log
fi
cg_remove t60

# --- async reclaim from a bpf_wq, and the signal kfuncs ------------------------------
cg_make t63 512M
start_policy /tmp/recl.log memcg_pin --cgroup $CG/t63 --reclaim-above 20971520 --reclaim-to 10485760 --name reclaim
RP=$PID
cg_run t63 memhog memhog_r 48 hold; H=$PID
wait_for 120 grep -q . /proc/$H/status
sleep 3
usage=$(cat $CG/t63/memory.current)
kill $H; wait_exit $H 20
kill -INT $RP; wait_exit $RP 20
echo "# t63 memory.current with 48 MiB touched and reclaim above 20 MiB: $usage"
if [ "$usage" -lt 31457280 ] && grep -Eq ' reclaim_ok=[1-9]' /tmp/recl.log &&
   grep -q ' reclaim_err=0 ' /tmp/recl.log; then
	ok reclaim_kfunc_from_bpf_wq_keeps_cgroup_near_its_watermark
else
	not_ok reclaim_kfunc_from_bpf_wq_keeps_cgroup_near_its_watermark "usage=$usage"
	show /tmp/recl.log
fi
if grep -Eq ' max_usage=([2-9][0-9]{7}|[0-9]{9,}) ' /tmp/recl.log &&
   grep -q ' limit_max=536870912 ' /tmp/recl.log && grep -Eq ' faults=[1-9]' /tmp/recl.log; then
	ok signal_kfuncs_read_usage_limit_and_fault_count
else
	not_ok signal_kfuncs_read_usage_limit_and_fault_count "loader:"
	show /tmp/recl.log
fi
cg_remove t63

# --- a huge page is one charge of 512 pages --------------------------------------------
# The guest's THP is "always"; memhog asks MADV_NOHUGEPAGE unless MEMHOG_THP=1.
cg_make t64 256M
start_policy /tmp/thp.log memcg_pin --cgroup $CG/t64 --name thp
P=$PID
thp0=$(sed -n 's/^thp_fault_alloc //p' /proc/vmstat)
cg_run t64 env MEMHOG_THP=1 memhog memhog_thp 32 exit; wait_exit $PID 60
thp1=$(sed -n 's/^thp_fault_alloc //p' /proc/vmstat)
kill -INT $P; wait_exit $P 20
echo "# 32 MiB in huge pages: thp_fault_alloc +$((thp1 - thp0)); $(grep -o 'pages_charged.*' /tmp/thp.log)"
charged=$(sed -n 's/.* pages_charged=\([0-9]*\) .*/\1/p' /tmp/thp.log)
uncharged=$(sed -n 's/.* pages_uncharged=\([0-9]*\) .*/\1/p' /tmp/thp.log)
if [ $((thp1 - thp0)) -ge 16 ] && grep -q ' max_charge=512$' /tmp/thp.log &&
   [ "${charged:-0}" -ge 8192 ] && [ "${uncharged:-0}" -ge 8192 ]; then
	ok huge_page_faults_reach_the_policy_as_charges_of_512_pages
else
	not_ok huge_page_faults_reach_the_policy_as_charges_of_512_pages \
		"thp faults $((thp1 - thp0)), charged ${charged:-?}, uncharged ${uncharged:-?}"
	show /tmp/thp.log
fi
cg_remove t64
swap_off
cleanup_policies
