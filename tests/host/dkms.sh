#!/bin/bash
# DKMS on the build host, as a kernel upgrade drives it (root; after scripts/dkms-install.sh):
# a 6.12 kernel gets the module rebuilt by `dkms autoinstall` (what the kernel's postinst
# hook runs); any other kernel (Debian 12's 6.1) is skipped with a message, and the hook
# does not fail.
set -uo pipefail
. "$(dirname "$0")/../../scripts/config.sh"
ver=$MEMGOV_VERSION
fake=6.1.0-0-memgovtest-amd64

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; [ -n "${2:-}" ] && sed 's/^/#   /' "$2"; }

# A kernel with "headers" that DKMS would try: only the directory its hook checks.
mkdir -p "/lib/modules/$fake/build/include"
dkms build -m memgov -v "$ver" -k "$fake" > /tmp/dkms-build-61.log 2>&1
rc=$?
if [ $rc = 77 ] && grep -q 'includes a BUILD_EXCLUSIVE directive which does not match' /tmp/dkms-build-61.log; then
	ok dkms_refuses_a_kernel_other_than_6_12_with_a_clear_message
else
	not_ok dkms_refuses_a_kernel_other_than_6_12_with_a_clear_message /tmp/dkms-build-61.log
	echo "#   dkms build exit status $rc"
fi
/usr/lib/dkms/dkms_autoinstaller start "$fake" > /tmp/dkms-auto-61.log 2>&1
rc=$?
if [ $rc = 0 ] && ! dkms status -m memgov -k "$fake" 2>/dev/null | grep -q "$fake"; then
	ok dkms_kernel_hook_skips_other_kernels_without_failing
else
	not_ok dkms_kernel_hook_skips_other_kernels_without_failing /tmp/dkms-auto-61.log
	echo "#   dkms_autoinstaller exit status $rc"
fi
rm -rf "/lib/modules/$fake" "/var/lib/dkms/memgov/$ver/$fake"

# The pinned 6.12 kernel, as after its upgrade: nothing built, the hook rebuilds.
dkms uninstall -m memgov -v "$ver" -k "$MEMGOV_KVER" > /dev/null 2>&1
dkms unbuild -m memgov -v "$ver" -k "$MEMGOV_KVER" > /dev/null 2>&1
/usr/lib/dkms/dkms_autoinstaller start "$MEMGOV_KVER" > /tmp/dkms-auto-612.log 2>&1
rc=$?
if [ $rc = 0 ] && dkms status -m memgov -v "$ver" -k "$MEMGOV_KVER" 2>/dev/null | grep -q ': installed' &&
   find "/lib/modules/$MEMGOV_KVER/updates" -name 'memgov.ko*' | grep -q .; then
	ok dkms_kernel_hook_rebuilds_the_module_for_a_6_12_kernel
else
	not_ok dkms_kernel_hook_rebuilds_the_module_for_a_6_12_kernel /tmp/dkms-auto-612.log
	echo "#   dkms_autoinstaller exit status $rc"
fi

# Secure Boot: DKMS signs what it builds with its machine owner key (/var/lib/dkms/mok.pub,
# made at its first build), the key an administrator enrolls with mokutil (README).
ko=$(find "/lib/modules/$MEMGOV_KVER/updates" -name 'memgov.ko*' | head -1)
serial=$(openssl x509 -inform DER -in /var/lib/dkms/mok.pub -noout -serial 2>/dev/null | sed 's/^serial=//')
key=$(modinfo -F sig_key "$ko" 2>/dev/null | tr -d ':\n ')
if [ -n "$serial" ] && [ "$key" = "$serial" ] && modinfo -F signer "$ko" | grep -q 'DKMS module signing key'; then
	ok dkms_signs_the_module_with_its_machine_owner_key
else
	not_ok dkms_signs_the_module_with_its_machine_owner_key
	echo "#   module $ko sig_key '$key', mok.pub serial '$serial'"
fi
