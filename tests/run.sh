#!/bin/bash
# memgov's test driver: `tests/run.sh all|user|kunit|demo|package|vm|matrix` (all: not matrix).
#
# Each tier prints "ok - NAME" / "not ok - NAME" lines; this driver numbers them into one TAP
# stream, counts a failed setup step (deps, build, DKMS, boot) as a failed test, and ends with
# the line "N passed, N failed" summed over every tier it ran.
set -uo pipefail
. "$(dirname "$0")/../scripts/config.sh"
cd "$MEMGOV_ROOT"

what=${1:-all}
RUN_T0=$(date +%s)
n=0
passed=0
failed=0
mkdir -p build/test-results

# Number and count the raw lines of one tier read from stdin.
collect() {
	local tier=$1 line
	while IFS= read -r line; do
		case "$line" in
		"ok - "*)
			n=$((n + 1)); passed=$((passed + 1))
			echo "ok $n - $tier: ${line#ok - }" ;;
		"not ok - "*)
			n=$((n + 1)); failed=$((failed + 1))
			echo "not ok $n - $tier: ${line#not ok - }" ;;
		"#"*)
			echo "$line" ;;
		esac
	done
}

# step NAME LOG CMD...: a setup step; its failure is a failed test with the log's tail.
step() {
	local name=$1 log=$2
	shift 2
	if "$@" > "$log" 2>&1; then
		echo "ok - $name"
		return 0
	fi
	echo "not ok - $name"
	tail -30 "$log" | sed 's/^/#   /'
	return 1
}

setup() {
	if [ "$(id -u)" = 0 ]; then
		step setup_installs_dependencies build/test-results/deps.log bash scripts/deps.sh ||
			return 1
	fi
	step build_module_tools_and_policies build/test-results/build.log \
		make -s all test-binaries || return 1
}

tier_user() {
	if [ ! -x build/bin/test_cli ]; then
		step build_cli_tests build/test-results/build-user.log make -s build/bin/test_cli ||
			return
	fi
	./build/bin/test_cli
	bash tests/spec/run.sh
	bash tests/user/test_docs.sh
	bash tests/user/test_scripts.sh
}

tier_kunit() {
	bash tests/kunit/run.sh
}

# The README's first command as a newcomer runs it: this tree's files (the tracked ones, as
# a fresh clone has them) copied to a new directory with no build directory, `make demo`
# there, and what each of its scenes must show.
tier_demo() {
	local dir log=build/test-results/demo.log rc t0
	dir=$(mktemp -d /tmp/memgov-demo.XXXXXX)
	if git rev-parse --git-dir > /dev/null 2>&1; then
		git ls-files -z | xargs -0 cp -a --parents -t "$dir"
	else
		tar --exclude=./build -cf - . | tar -xf - -C "$dir"
	fi
	t0=$(date +%s)
	(cd "$dir" && make demo) > "$log" 2>&1
	rc=$?
	echo "# make demo from an empty build directory: $(($(date +%s) - t0)) s, status $rc"
	demo_expect() {
		local name=$1
		shift
		local p
		for p in "$@"; do
			if ! grep -q -- "$p" "$log"; then
				echo "not ok - $name"
				echo "#   missing from the demo's output: $p"
				return
			fi
		done
		echo "ok - $name"
	}
	if [ $rc = 0 ]; then
		echo "ok - make_demo_works_from_an_empty_build_directory"
	else
		echo "not ok - make_demo_works_from_an_empty_build_directory"
		tail -40 "$log" | sed 's/^/#   /'
	fi
	demo_expect demo_oom_policy_victim_is_killed_and_the_kernel_choice_lives \
		"after the OOM: big alive, batch killed, grow finished with status 0" \
		"Killed process [0-9]* (batch)"
	# The notice is announced before the kill: the monitor prints it first.
	if sed -n '/^  memgov: policy .pick-batch. will kill/,$p' "$log" | grep -q "pick-batch' killed pid"; then
		echo "ok - demo_monitor_shows_the_kill_notice_before_the_kill"
	else
		echo "not ok - demo_monitor_shows_the_kill_notice_before_the_kill"
	fi
	demo_expect demo_misbehaving_policy_is_ejected_with_its_exit_record \
		"the loader exited with status 2 (2 = ejected by the kernel)" \
		"exited: kind=watchdog" "slow-policy .* exited .* watchdog:" \
		"the workload went on at full speed and finished with status 0"
	demo_expect demo_admin_detach_ends_the_loader_with_its_exit_record \
		"exited: kind=admin reason=\"detached by an administrator\""
	demo_expect demo_kernel_log_is_clean "kernel log: no warnings, bugs, oopses or stalls"
	sed -n 's/^demo: the VM ran/# demo: the VM ran/p' "$log"
	rm -rf "$dir"
}

# The Debian packages: make deb, lintian, install, units, the package-built module in the
# VM, purge (root: it installs on this host).
tier_package() {
	if [ "$(id -u)" != 0 ]; then
		echo "not ok - package_tier_runs_as_root"
		return
	fi
	bash tests/host/package.sh
}

# vm_pass N: the whole VM suite on N vCPUs; test names carry "[N vCPU]".
vm_pass() {
	local smp=$1 log=build/test-results/vm-console-smp$1.log t0 rc
	t0=$(date +%s)
	# Two vCPUs in one host thread take about twice as long, and the stress test runs there.
	VM_TIMEOUT=$((smp > 1 ? 2400 : 1500)) VM_SMP=$smp VM_OUT=build/vm-smp$smp \
		bash tests/vm/vm.sh tests/vm/guest/main-tests.sh \
		tests/vm/cases/t_*.sh > "$log" 2>&1
	rc=$?
	vm_report "$smp vCPU" $rc "$log"
	echo "# vm pass on $smp vCPU: $(($(date +%s) - t0)) s"
}

# vm_report TAG RC LOG: the guest's results, tagged, and whether the VM completed.
vm_report() {
	local tag=$1 rc=$2 log=$3
	sed -n 's/^TAP: //p' "$log" | sed -E "s/^(ok|not ok) - /\1 - [$tag] /"
	if [ "$rc" = 0 ]; then
		echo "ok - [$tag] vm_boots_distro_kernel_and_completes_suite"
	else
		echo "not ok - [$tag] vm_boots_distro_kernel_and_completes_suite"
		tail -40 "$log" | sed 's/^/#   /'
	fi
}

# Debian 13's kernels: trixie_pass SERIES, SERIES 6.12 (trixie's own) or newest (the newest
# trixie-backports series with headers, 7.3 today), with memgov.ko built in a trixie root
# (scripts/trixie-kernel.sh), the whole suite on 1 vCPU.  Skipped, and said so, with
# MEMGOV_TRIXIE_PASS=0, when not root, when the registry in use does not serve trixie, or
# once make check has run MEMGOV_TRIXIE_BUDGET_MIN minutes (default 60): CI has 90 in all,
# and each pass takes 7 to 10 (plus ~3 to make the root the first time, ~2 for a backports
# kernel's headers and image).
trixie_pass() {
	local series=$1 used budget=${MEMGOV_TRIXIE_BUDGET_MIN:-60}
	local log=build/test-results/vm-console-trixie-$1.log t0 line kver ko rc probe name
	used=$((($(date +%s) - RUN_T0) / 60))
	if [ "${MEMGOV_TRIXIE_PASS:-1}" = 0 ]; then
		echo "# trixie $series pass not run (MEMGOV_TRIXIE_PASS=0)"
		return
	fi
	if [ "$(id -u)" != 0 ] || [ "$used" -ge "$budget" ]; then
		echo "# trixie $series pass skipped: make check has run $used min (its budget: $budget), or not root"
		return
	fi
	if ! probe=$(bash scripts/trixie-kernel.sh --probe 2>&1); then
		echo "$probe" | sed 's/^/# /'
		echo "# trixie $series pass skipped: the registry this machine uses does not serve trixie"
		return
	fi
	t0=$(date +%s)
	name=trixie_kernel_and_module_built_in_a_trixie_root
	[ "$series" = 6.12 ] || name=trixie_backports_kernel_and_module_built_in_a_trixie_root
	step $name build/test-results/trixie-$series.log bash scripts/trixie-kernel.sh "$series" ||
		return
	line=$(tail -1 build/test-results/trixie-$series.log)
	kver=${line%% *}
	ko=${line#* }
	MEMGOV_KVER=$kver MEMGOV_KO=$ko VM_TIMEOUT=1500 VM_SMP=1 VM_OUT=build/vm-trixie-$series \
		bash tests/vm/vm.sh tests/vm/guest/main-tests.sh tests/vm/cases/t_*.sh > "$log" 2>&1
	rc=$?
	vm_report "trixie $kver, 1 vCPU" $rc "$log"
	echo "# trixie pass ($kver): $(($(date +%s) - t0)) s"
}

tier_vm() {
	step module_installs_with_dkms build/test-results/dkms.log bash scripts/dkms-install.sh ||
		return
	bash tests/host/dkms.sh
	vm_pass 1
	vm_pass 2
	trixie_pass 6.12
	trixie_pass newest
}

# make check-matrix: every Debian kernel series with headers in the registry, each the
# newest of its series, the whole VM suite on each on 1 vCPU: bookworm's pinned 6.12 (the
# DKMS-built module), trixie's 6.12 and each trixie-backports series (scripts/trixie-kernel.sh
# --list; the module built in the trixie root).  Not in `make check` (CI runs the pinned 6.12
# and the newest backports series there); ~10 min a series.
tier_matrix() {
	local s series
	step module_installs_with_dkms build/test-results/dkms.log bash scripts/dkms-install.sh ||
		return
	vm_pass 1
	series=$(bash scripts/trixie-kernel.sh --list 2> build/test-results/matrix-list.log) || {
		echo "not ok - matrix_lists_the_trixie_kernel_series"
		sed 's/^/#   /' build/test-results/matrix-list.log
		return
	}
	echo "# matrix: bookworm 6.12 (pinned), trixie $series"
	for s in $series; do
		MEMGOV_TRIXIE_BUDGET_MIN=100000 trixie_pass "$s"
	done
}

run_tier() {
	local tier=$1
	echo "# tier: $tier"
	"tier_$tier" 2>&1 | tee "build/test-results/$tier.raw" | collect "$tier" \
		> "build/test-results/$tier.tap"
	cat "build/test-results/$tier.tap"
}

# collect runs in a subshell of the pipeline; recount from the files instead.
summarise() {
	local f
	passed=0
	failed=0
	for f in "$@"; do
		[ -f "$f" ] || continue
		passed=$((passed + $(grep -c '^ok ' "$f")))
		failed=$((failed + $(grep -c '^not ok ' "$f")))
	done
}

case "$what" in
all) tiers="user kunit demo package vm" ;;
user|kunit|demo|package|vm|matrix) tiers=$what ;;
*) echo "usage: $0 all|user|kunit|demo|package|vm|matrix" >&2; exit 1 ;;
esac

rm -f build/test-results/*.tap
echo "TAP version 13"
setup 2>&1 | collect setup > build/test-results/setup.tap
cat build/test-results/setup.tap
files=(build/test-results/setup.tap)
if ! grep -q '^not ok' build/test-results/setup.tap; then
	for t in $tiers; do
		# Numbering continues across tiers.
		n=$(cat "${files[@]}" | grep -cE '^(not )?ok ')
		run_tier "$t"
		files+=("build/test-results/$t.tap")
	done
fi
summarise "${files[@]}"
echo "1..$((passed + failed))"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
