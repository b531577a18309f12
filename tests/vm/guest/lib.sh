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

# wait_exit PID SECONDS: wait for a background loader; sets RC (124 on timeout, then killed).
wait_exit() {
	local pid=$1 i=0 limit=$(($2 * 10))
	while kill -0 "$pid" 2>/dev/null && [ $i -lt $limit ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$pid" 2>/dev/null; then
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
	killall -q noop 2>/dev/null
	sleep 0.3
	memgovctl policy detach --all > /dev/null 2>&1
}

dmesg_check() {
	if dmesg | grep -E 'WARNING:|BUG:|Oops|general protection|RCU stall|rcu_sched self-detected|rcu: INFO|soft lockup|hard LOCKUP|hung_task|Call Trace' > /tmp/dmesg.bad; then
		not_ok "$1" "kernel log has warnings:"
		show /tmp/dmesg.bad
		dmesg | tail -50 | sed 's/^/#   /'
	else
		ok "$1"
	fi
}
