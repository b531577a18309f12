#!/bin/bash
# make demo: install what is needed, build, install the module with DKMS, boot the distro
# kernel under QEMU and show what memgov is for (tests/vm/guest/demo.sh): an OOM policy
# choosing the victim, a misbehaving policy ejected by the governor, an admin's detach.
set -euo pipefail
. "$(dirname "$0")/config.sh"
cd "$MEMGOV_ROOT"

if [ "$(id -u)" = 0 ]; then
	bash scripts/deps.sh
else
	echo "demo: not root; assuming dependencies are installed (make deps as root)" >&2
fi
# memhog (tests/vm/helpers) is the demo's workload.
make -s all test-binaries
bash scripts/dkms-install.sh
echo "demo: booting $MEMGOV_KVER under QEMU (TCG)..."
mkdir -p build/vm
t0=$(date +%s)
if ! bash tests/vm/vm.sh tests/vm/guest/demo.sh > build/vm/demo-console.log 2>&1; then
	cat build/vm/demo-console.log
	echo "demo: the VM did not complete" >&2
	exit 1
fi
sed -n 's/^DEMO: \{0,1\}//p; s/^DEMO:$//p' build/vm/demo-console.log
echo
echo "demo: the VM ran $(($(date +%s) - t0)) s (boot included); its console is in build/vm/demo-console.log"
