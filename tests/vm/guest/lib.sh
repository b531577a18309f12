# Helpers for guest test scripts (busybox sh).  Sourced by each test file.
#
# A test reports with `ok NAME` or `not_ok NAME WHY`; the host turns "TAP:" lines into TAP.

KO=/lib/modules/$MEMGOV_KVER/updates/dkms/memgov.ko
CG=/sys/fs/cgroup

ok() { echo "TAP: ok - $1"; }

not_ok() {
	echo "TAP: not ok - $1"
	shift
	echo "# $*"
}

# show FILE: print a file's content as TAP diagnostics
show() {
	[ -f "$1" ] && sed 's/^/#   /' "$1"
}

# expect NAME CMD...: one test that passes when CMD succeeds
expect() {
	local name=$1
	shift
	if "$@" > /tmp/expect.out 2>&1; then
		ok "$name"
	else
		not_ok "$name" "failed: $*"
		show /tmp/expect.out
	fi
}

ensure_module() {
	grep -q '^memgov ' /proc/modules || insmod "$KO"
}

# start_policy LOG LOADER [ARGS...]: start a loader in the background; sets PID.
# Returns 0 once it reports being attached, 1 if it died or never attached.
start_policy() {
	local log=$1 i=0
	shift
	# Emptied here, not only by the background child's redirection: until that child
	# runs, an earlier test's "attached (link" in the same file would pass for this one.
	: > "$log"
	"$@" > "$log" 2>&1 &
	PID=$!
	while [ $i -lt 600 ]; do
		grep -q 'attached (link' "$log" && return 0
		kill -0 $PID 2>/dev/null || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# wait_exit PID SECONDS: wait for a background child; sets RC (124 on timeout, then killed).
# A child that exited stays a zombie until waited for, so look at its state, not kill -0.
wait_exit() {
	local pid=$1 i=0 limit=$(($2 * 10))
	while [ -d "/proc/$pid" ] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null &&
	      [ $i -lt $limit ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if [ -d "/proc/$pid" ] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null; then
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		RC=124
		return
	fi
	wait "$pid"
	RC=$?
}

# Kill every loader still running and detach whatever is left.
cleanup_policies() {
	killall -q noop oom_pick memcg_pin 2>/dev/null
	sleep 0.3
	memgovctl policy detach --all > /dev/null 2>&1
}

# dmesg: busybox's, except that what `dmesg -c` clears is kept (raw, with its log level) in
# /tmp/kmsg.cleared, so that dmesg_check sees the whole log since boot.
dmesg() {
	if [ "$1" = -c ]; then
		command dmesg -r -c > /tmp/kmsg.new
		cat /tmp/kmsg.new >> /tmp/kmsg.cleared
		sed 's/^<[0-9]*>//' /tmp/kmsg.new
	else
		command dmesg "$@"
	fi
}

# The kernel log since boot, raw: "<LEVEL>[time] text".
kmsg_all() {
	cat /tmp/kmsg.cleared 2>/dev/null
	command dmesg -r
}

# dmesg_check NAME [ALLOWED_ERE]: the whole log since boot has no warning, oops, stall or
# lockup, and no error line of memgov's own (KERN_ERR or worse) but those ALLOWED_ERE matches.
dmesg_check() {
	kmsg_all > /tmp/kmsg.all
	grep -E 'WARNING:|BUG:|Oops|general protection|RCU stall|rcu_sched self-detected|rcu: INFO|soft lockup|hard LOCKUP|hung_task|blocked for more than|kernel panic' /tmp/kmsg.all > /tmp/dmesg.bad
	grep -E '^<[0-3]>(\[[^]]*\] *)?memgov: ' /tmp/kmsg.all | grep -vE "${2:-^$}" >> /tmp/dmesg.bad
	if [ -s /tmp/dmesg.bad ]; then
		not_ok "$1" "kernel log has warnings:"
		show /tmp/dmesg.bad
		dmesg | tail -50 | sed 's/^/#   /'
	else
		ok "$1"
	fi
}

# swap_on MIB: a zram swap device of that size (once per boot).
# load_extra MODULE: insmod one of the kernel's modules vm.sh copied, unless it is loaded or
# built in (no file: 7.3 builds lz4_compress in).
load_extra() {
	grep -q "^$1 " /proc/modules && return 0
	[ -f /lib/modules/$MEMGOV_KVER/extra/$1.ko ] || return 0
	insmod /lib/modules/$MEMGOV_KVER/extra/$1.ko
}

swap_on() {
	grep -q zram0 /proc/swaps && return 0
	for m in lz4_compress lz4hc_compress zram; do
		load_extra $m || return 1
	done
	# A device used before keeps its size until reset.
	echo 1 > /sys/block/zram0/reset
	echo "${1}M" > /sys/block/zram0/disksize && mkswap /dev/zram0 > /dev/null &&
		swapon /dev/zram0
}

# fs_on MIB: a FAT file system of that size on a zram device, mounted at /mnt/disk (once per
# boot): files there live in the page cache, charged to the cgroup that touches them, and
# can be written back and reclaimed, unlike files on the initramfs (shmem).
fs_on() {
	local dev
	grep -q ' /mnt/disk ' /proc/mounts && return 0
	for m in lz4_compress lz4hc_compress zram fat msdos nls_cp437; do
		load_extra $m || return 1
	done
	dev=$(cat /sys/class/zram-control/hot_add) || return 1
	echo "${1}M" > /sys/block/zram$dev/disksize || return 1
	mkdosfs -F 32 /dev/zram$dev > /dev/null 2>&1 || mkdosfs /dev/zram$dev > /dev/null || return 1
	mkdir -p /mnt/disk
	mount -t msdos /dev/zram$dev /mnt/disk
}

swap_off() {
	grep -q zram0 /proc/swaps && swapoff /dev/zram0
	return 0
}

# cg_make PATH [MAX]: a fresh cgroup (memory controller on below its parent), with memory.max.
cg_make() {
	local p=$CG/$1
	mkdir -p "$p"
	echo +memory > "$(dirname "$p")/cgroup.subtree_control" 2>/dev/null
	[ -n "$2" ] && echo "$2" > "$p/memory.max"
	return 0
}

# cg_run PATH CMD...: run CMD inside the cgroup, in the background; sets PID.
cg_run() {
	local p=$CG/$1
	shift
	sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$p" "$@" &
	PID=$!
}

# cg_remove PATH...: kill what runs in each cgroup and remove it, deepest first.
cg_remove() {
	local p d
	for p in "$@"; do
		for d in $(find "$CG/$p" -depth -type d 2>/dev/null); do
			[ -f "$d/cgroup.kill" ] && echo 1 > "$d/cgroup.kill"
		done
	done
	sleep 0.3
	for p in "$@"; do
		for d in $(find "$CG/$p" -depth -type d 2>/dev/null); do
			rmdir "$d" 2>/dev/null
		done
	done
	return 0
}

# wait_for SECONDS CMD...: poll CMD every 0.2 s until it succeeds; 1 on timeout.
wait_for() {
	local limit=$(($1 * 5)) i=0
	shift
	while ! "$@" > /dev/null 2>&1; do
		i=$((i + 1))
		[ $i -ge $limit ] && return 1
		sleep 0.2
	done
	return 0
}

# A killed background child stays a zombie until the shell waits for it: that is dead too.
dead() { [ ! -d "/proc/$1" ] || grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }
alive() { ! dead "$1"; }

# memgov_probes: the kernel's own lists of kprobes and ftrace-hooked functions, filtered to
# the functions memgov hooks; fails when there is none.
memgov_probes() {
	cat /sys/kernel/debug/kprobes/list /sys/kernel/tracing/enabled_functions 2>/dev/null |
		grep -wE 'out_of_memory|oom_badness|oom_evaluate_task|try_charge_memcg|__mem_cgroup_uncharge|__mem_cgroup_uncharge_folios|mem_cgroup_calculate_protection|mem_cgroup_css_online|mem_cgroup_css_offline|__count_memcg_events|count_memcg_events|workingset_refault'
}
