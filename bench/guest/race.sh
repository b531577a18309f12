# Guest side of `make bench`, the OOM race: the same memory emergencies met by the kernel's
# OOM killer alone, by earlyoom (Debian's, run in the guest), and by memgov's oomd policy
# (PSI trigger in the kernel, declared OOM) set up twice: "memgov" as we set it up for early
# OOM (30% "some" memory stall in 500 ms windows, the governor's oom_declare_interval_ms at
# 1 s), "memgov_full" with systemd-oomd's measure (30% "full" stall in 1 s windows, the
# governor's defaults).  RACE_OOMD_{STALL,WINDOW_MS,LIMIT} and RACE_DECLARE_INTERVAL_MS change
# the first; RACE_WORKLOADS picks workloads.  Workloads, each in cgroup /race with an
# innocent process (96 MiB, held, untouched):
#   swap     a leaker (incompressible data, its whole heap in use) growing 32 MiB a step,
#            zram swap of 512 MiB
#   noswap   the same leaker without swap
#   hogs     four hogs of 300 MiB each (incompressible, kept in use) started together,
#            zram swap of 512 MiB
# Figures per workload and contender: seconds from pressure onset (the system's memory
# "full" stall total first growing; the kill itself when nothing stalled before it) to the
# first death in /race; the memory stall (PSI full, system, ms) from the workload's start to
# 2 s after that death (and, raw, how much of it came before the death); who died (by then),
# who killed, how many of /race's processes died.  Not in the race: nohang (Python 3 and its
# modules are not in the busybox guest) and systemd-oomd (needs systemd as PID 1 running the
# workload as units with ManagedOOMMemoryPressure=kill; the guest runs a shell).
. /tests/lib.sh
grep -q '^memgov ' /proc/modules || insmod $KO
cleanup_policies
# memgov: oomd as we would set it up for early OOM; memgov_full: systemd-oomd's measure.
LIMIT=${RACE_OOMD_LIMIT:-30}
WINDOW_MS=${RACE_OOMD_WINDOW_MS:-500}
OOMD_STALL=${RACE_OOMD_STALL:-some}	# some, or full (systemd-oomd's measure)
DECLARE_INTERVAL_MS=${RACE_DECLARE_INTERVAL_MS:-1000}	# the governor's oom_declare_interval_ms
EARLYOOM=$(command -v earlyoom || true)
# The safety net: a workload process still alive this long after its start is ended by its
# own SIGALRM (the leaker's LIFETIME_S; exit status 142), so a contender that leaves the
# machine thrashing ends the race as "none" instead of holding it for minutes.
LIFETIME=${RACE_LIFETIME_S:-60}

# status_of PID: ST=its exit status (a child of this shell, dead; asked once, then kept).
status_of() {
	eval "ST=\${st_$1:-}"
	if [ -z "$ST" ]; then
		wait $1 2>/dev/null
		ST=$?
		eval "st_$1=$ST"
	fi
}

full_total() { sed -n 's/^full .*total=\([0-9]*\).*/\1/p' /proc/pressure/memory; }
now_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }

race() {	# race WORKLOAD CONTENDER
	local w=$1 c=$2 P= E= pids= names= t_on= t_kill= first= died=0 killed killer= i p n t0 f0 f f_end f_kill
	local expired= nexpired=0
	swap_off
	rm -f /tmp/earlyoom.log
	case $w in swap|hogs) swap_on 512 ;; esac
	cg_make race
	cg_run race memhog innocent 96 hold
	pids="$PID"; names="innocent"
	sleep 1
	case $c in
	earlyoom)
		"$EARLYOOM" -r 0 > /tmp/earlyoom.log 2>&1 &
		E=$!
		sleep 1 ;;
	memgov*)
		# memgov_full: systemd-oomd's measure, the governor's default interval.
		set -- $DECLARE_INTERVAL_MS --limit $LIMIT --window-ms $WINDOW_MS \
			$([ "$OOMD_STALL" = some ] && echo --some)
		[ $c = memgov_full ] && set -- 2000 --limit 30 --window-ms 1000
		memgovctl config set oom_declare_interval_ms=$1 > /dev/null
		shift
		start_policy /tmp/race-oomd.log oomd --cgroup $CG/race --watch $CG/race "$@" \
			--name race-oomd && P=$PID ;;
	esac
	dmesg -c > /dev/null
	f0=$(full_total)
	t0=$(now_ms)
	case $w in
	swap|noswap)
		cg_run race leaker leaker 32 100 0 $LIFETIME
		pids="$pids $PID"; names="$names leaker" ;;
	hogs)
		for i in 1 2 3 4; do
			cg_run race leaker hog$i 300 100 300 $LIFETIME
			pids="$pids $PID"; names="$names hog$i"
		done ;;
	esac
	# Poll every 100 ms: the onset, then the first death (at most 90 s).
	i=0
	while [ $i -lt 900 ]; do
		f=$(full_total)
		if [ -z "$t_on" ] && [ "$f" -gt "$f0" ]; then
			t_on=$(now_ms)
		fi
		n=1
		for p in $pids; do
			if dead $p; then
				status_of $p
				if [ "$ST" = 142 ]; then
					expired=1
				else
					first=$(echo $names | cut -d' ' -f$n)
				fi
				break
			fi
			n=$((n + 1))
		done
		[ -n "$expired" ] && break
		[ -n "$first" ] && { t_kill=$(now_ms); f_kill=$(full_total); break; }
		sleep 0.1
		i=$((i + 1))
	done
	sleep 2
	f_end=$(full_total)
	killed=
	n=1
	for p in $pids; do
		if ! dead $p; then
			:
		elif status_of $p; [ "$ST" = 142 ]; then
			nexpired=$((nexpired + 1))
		else
			died=$((died + 1))
			killed="${killed:+$killed+}$(echo $names | cut -d' ' -f$n)"
		fi
		n=$((n + 1))
	done
	# Who killed: a declared OOM (memgov's thread invoked the OOM killer), the kernel's own
	# OOM (any other task invoked it), earlyoom's signals; all that acted, joined by '+'.
	killer=
	dmesg | grep -q 'memgov_oom invoked oom-killer' && killer=memgov
	dmesg | grep 'invoked oom-killer' | grep -qv 'memgov_oom invoked' && killer="${killer:+$killer+}kernel"
	grep -q 'sending SIG' /tmp/earlyoom.log 2>/dev/null && killer="${killer:+$killer+}earlyoom"
	killer=${killer:-none}
	[ -n "$P" ] && dmesg | grep "memgov: .*declared" | head -3 | sed "s/^/BENCH-RAW: race $w $c: /"
	[ -n "$P" ] && { kill -INT $P; wait_exit $P 20; }
	[ -n "$E" ] && { kill $E; wait_exit $E 10; }
	cg_remove race
	swap_off
	# No stall before the kill: the onset is the kill.
	[ -n "$first" ] && [ -z "$t_on" ] && t_on=$t_kill
	if [ -n "$first" ]; then
		echo "BENCH: race_${w}_${c}_s $(awk -v a=$t_on -v b=$t_kill 'BEGIN { printf "%.2f", (b - a) / 1000 }')"
	else
		echo "BENCH: race_${w}_${c}_s none"	# nothing killed within the lifetime
	fi
	echo "BENCH: race_${w}_${c}_stall_ms $(( (f_end - f0) / 1000 ))"
	[ -n "$first" ] && echo "BENCH-RAW: race $w $c: stall to the first death $(( (f_kill - f0) / 1000 )) ms, after it $(( (f_end - f_kill) / 1000 )) ms"
	echo "BENCH: race_${w}_${c}_killed ${killed:-none}"
	echo "BENCH: race_${w}_${c}_killer $killer"
	echo "BENCH: race_${w}_${c}_died $died"
	[ $nexpired = 0 ] || echo "BENCH-RAW: race $w $c: $nexpired process(es) still thrashing ${LIFETIME} s after the start ended by the safety net (not counted as deaths)"
}

for w in ${RACE_WORKLOADS:-swap noswap hogs}; do
	for c in kernel ${EARLYOOM:+earlyoom} memgov memgov_full; do
		race $w $c
	done
done
[ -n "$EARLYOOM" ] || echo "BENCH-RAW: race: earlyoom not in the guest (make bench fetches it)"
memgovctl config set oom_declare_interval_ms=2000 > /dev/null
