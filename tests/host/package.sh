#!/bin/bash
# The Debian packages as an administrator meets them (root, on the build host): `make deb`
# with Debian's tooling and lintian, installing both packages (DKMS builds the module for
# the pinned 6.12 kernel), the units checked by systemd, the package-built module and the
# policy runner in the VM, and a purge that leaves nothing behind.  The source tree's own
# DKMS registration (make dkms-install) is removed first: both would own memgov/VERSION.
set -uo pipefail
. "$(dirname "$0")/../../scripts/config.sh"
cd "$MEMGOV_ROOT"
ver=$MEMGOV_VERSION
log=build/test-results
mkdir -p $log

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; [ -z "${2:-}" ] || tail -30 "$2" | sed 's/^/#   /'; }

if make -s deb > $log/deb.log 2>&1 && [ -f build/deb/memgov_${ver}_amd64.deb ] &&
   [ -f build/deb/memgov-dkms_${ver}_all.deb ]; then
	ok make_deb_builds_memgov_and_memgov_dkms_with_no_lintian_error
	sed -n 's/^deb: lintian: /# lintian: /p' $log/deb.log
else
	not_ok make_deb_builds_memgov_and_memgov_dkms_with_no_lintian_error $log/deb.log
	exit 0
fi

dkms remove -m memgov -v "$ver" --all > /dev/null 2>&1
rm -rf "/usr/src/memgov-$ver"
dpkg -i build/deb/memgov-dkms_${ver}_all.deb build/deb/memgov_${ver}_amd64.deb > $log/dpkg-i.log 2>&1
rc=$?
if [ $rc = 0 ] && dkms status -m memgov -v "$ver" -k "$MEMGOV_KVER" 2>/dev/null | grep -q ': installed' &&
   find "/lib/modules/$MEMGOV_KVER/updates" -name 'memgov.ko*' | grep -q . &&
   [ -x /usr/sbin/memgovctl ] && [ -x /usr/lib/memgov/prio ] && [ -f /etc/memgov/limits.conf ]; then
	ok packages_install_and_dkms_builds_the_module_for_the_pinned_kernel
else
	not_ok packages_install_and_dkms_builds_the_module_for_the_pinned_kernel $log/dpkg-i.log
	dkms status 2>&1 | sed 's/^/#   /'
fi

# The units as systemd reads them (an instance of the template, with its policy file).
mkdir -p /etc/memgov/policies
printf 'LOADER=noop\n' > /etc/memgov/policies/verify.conf
if systemd-analyze verify /lib/systemd/system/memgov-limits.service \
	/lib/systemd/system/memgov-policy@verify.service > $log/units.log 2>&1 &&
   ! grep -q memgov $log/units.log; then
	ok systemd_units_pass_systemd_analyze_verify
else
	not_ok systemd_units_pass_systemd_analyze_verify $log/units.log
fi
rm -f /etc/memgov/policies/verify.conf

# The module DKMS built from the package, in the VM; the runner and limits file it ships.
VM_OUT=build/vm-package VM_TIMEOUT=600 bash tests/vm/vm.sh tests/vm/guest/package.sh \
	/usr/lib/memgov/memgov-run-policy /etc/memgov/limits.conf > $log/vm-package.log 2>&1
rc=$?
sed -n 's/^TAP: //p' $log/vm-package.log
[ $rc = 0 ] || not_ok vm_with_the_package_built_module_completes $log/vm-package.log

# The units at boot, with systemd as PID 1 in the VM and the packages' files at their paths:
# the limits file and one policy enabled, an ejected policy and a failing loader started by
# the guest (tests/vm/guest/systemd.sh).
etc=$(mktemp -d)
printf 'strikes_max=5\n' > $etc/limits.conf
printf 'LOADER=noop\nCGROUP=/sys/fs/cgroup/system.slice\n' > $etc/boot-noop.conf
printf 'LOADER=faulty\nCGROUP=/sys/fs/cgroup/boot\nOPTIONS="--fault error"\n' > $etc/boot-error.conf
printf 'LOADER=nosuch\n' > $etc/boot-broken.conf
printf 'LOADER=noop\nCGROUP=/sys/fs/cgroup/nonexistent\n' > $etc/boot-nocg.conf
files="$etc/limits.conf=/etc/memgov/limits.conf /usr/sbin/memgovctl=/usr/sbin/memgovctl"
for c in boot-noop boot-error boot-broken boot-nocg; do
	files="$files $etc/$c.conf=/etc/memgov/policies/$c.conf"
done
for f in /lib/systemd/system/memgov-*.service /usr/lib/memgov/*; do
	files="$files $f=$f"
done
VM_INIT=systemd VM_ENABLE="memgov-limits.service memgov-policy@boot-noop.service" \
	VM_INSTALL="$files" VM_OUT=build/vm-systemd VM_TIMEOUT=600 \
	bash tests/vm/vm.sh tests/vm/guest/systemd.sh > $log/vm-systemd.log 2>&1
rc=$?
rm -rf "$etc"
sed -n 's/^TAP: //p' $log/vm-systemd.log
[ $rc = 0 ] || not_ok vm_booting_systemd_with_the_packages_units_completes $log/vm-systemd.log

dpkg --purge memgov memgov-dkms > $log/dpkg-purge.log 2>&1
rc=$?
left=
for p in "/usr/src/memgov-$ver" /var/lib/dkms/memgov /usr/lib/memgov /etc/memgov /usr/sbin/memgovctl \
	/lib/systemd/system/memgov-limits.service /lib/systemd/system/memgov-policy@.service \
	/usr/share/doc/memgov; do
	[ -e "$p" ] && left="$left $p"
done
left="$left $(find /lib/modules/*/updates -name 'memgov.ko*' 2>/dev/null | tr '\n' ' ')"
if [ $rc = 0 ] && [ -z "${left// /}" ] && ! dpkg -l memgov memgov-dkms 2>/dev/null | grep -q '^[ir]'; then
	ok purge_removes_packages_module_sources_and_config
else
	not_ok purge_removes_packages_module_sources_and_config $log/dpkg-purge.log
	echo "#   left behind:$left"
fi
