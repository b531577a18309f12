#!/bin/bash
# make demo: install what is needed, build, install the module with DKMS, boot the distro
# kernel under QEMU, attach a policy, show it, eject it, show the loader's exit report.
set -euo pipefail
. "$(dirname "$0")/config.sh"
cd "$MEMGOV_ROOT"

if [ "$(id -u)" = 0 ]; then
	bash scripts/deps.sh
else
	echo "demo: not root; assuming dependencies are installed (make deps as root)" >&2
fi
make -s all
bash scripts/dkms-install.sh
echo "demo: booting $MEMGOV_KVER under QEMU (TCG)..."
mkdir -p build/vm
if ! bash tests/vm/vm.sh tests/vm/guest/demo.sh > build/vm/demo-console.log 2>&1; then
	cat build/vm/demo-console.log
	echo "demo: the VM did not complete" >&2
	exit 1
fi
sed -n 's/^DEMO: \{0,1\}//p; s/^DEMO:$//p' build/vm/demo-console.log
