#!/bin/bash
# KUnit tier: build governor/ and its suites inside Debian's linux-source-6.12 as a UML kernel
# with tools/testing/kunit/kunit.py, the way kernel CI runs KUnit, and print one
# "ok - NAME" / "not ok - NAME" line per test case.
#
# The extracted tree and the UML build directory are cached in $MEMGOV_CACHE.
set -euo pipefail
. "$(dirname "$0")/../../scripts/config.sh"
cd "$MEMGOV_ROOT"

tarball=/usr/src/linux-source-6.12.tar.xz
src=$MEMGOV_CACHE/linux-source-6.12
bdir=$MEMGOV_CACHE/kunit-build
out=build/kunit
mkdir -p "$out"

if [ ! -f "$src/tools/testing/kunit/kunit.py" ]; then
	[ -f "$tarball" ] || { echo "kunit: $tarball missing (run: make deps)" >&2; exit 1; }
	echo "# kunit: extracting $tarball into $MEMGOV_CACHE" >&2
	rm -rf "$src"
	tar -C "$MEMGOV_CACHE" -xf "$tarball"
fi

# Link memgov's governor and its tests into the tree as lib/memgov/.
dst=$src/lib/memgov
mkdir -p "$dst"
for f in governor/*.c governor/*.h tests/kunit/*.c; do
	cmp -s "$f" "$dst/$(basename "$f")" || cp "$f" "$dst/"
done
# The UAPI header the governor's verdicts come from, where <uapi/linux/memgov.h> finds it.
cmp -s include/uapi/linux/memgov.h "$src/include/uapi/linux/memgov.h" ||
	cp include/uapi/linux/memgov.h "$src/include/uapi/linux/memgov.h"
cmp -s tests/kunit/Kconfig "$dst/Kconfig" || cp tests/kunit/Kconfig "$dst/Kconfig"
cmp -s tests/kunit/Makefile.kernel "$dst/Makefile" || cp tests/kunit/Makefile.kernel "$dst/Makefile"
grep -q 'lib/memgov/Kconfig' "$src/lib/Kconfig" || echo 'source "lib/memgov/Kconfig"' >> "$src/lib/Kconfig"
grep -q '^obj-y += memgov/' "$src/lib/Makefile" || echo 'obj-y += memgov/' >> "$src/lib/Makefile"

rm -f "$out/results.json"
set +e
python3 "$src/tools/testing/kunit/kunit.py" run --arch=um \
	--kunitconfig="$MEMGOV_ROOT/tests/kunit/.kunitconfig" --build_dir="$bdir" \
	--jobs="$(nproc)" --json="$MEMGOV_ROOT/$out/results.json" > "$out/kunit.log" 2>&1
rc=$?
set -e
if [ ! -s "$out/results.json" ]; then
	echo "not ok - kunit_uml_kernel_builds_and_runs"
	echo "# kunit.py exited $rc without results; last lines of $out/kunit.log:"
	tail -40 "$out/kunit.log" | sed 's/^/#   /'
	exit 0
fi
python3 - "$out/results.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
count = 0
def walk(node, prefix):
    global count
    for t in node.get("sub_groups", []) or []:
        walk(t, prefix + [t.get("name", "?")])
    for c in node.get("test_cases", []) or []:
        name = ".".join(prefix + [c["name"]])
        status = c.get("status", "")
        count += 1
        if status == "PASS":
            print(f"ok - {name}")
        elif status == "SKIP":
            print(f"ok - {name} # SKIP")
        else:
            print(f"not ok - {name}")
            for line in (c.get("log") or "").splitlines()[-20:]:
                print(f"#   {line}")
walk(doc, [])
if count == 0:
    print("not ok - kunit_reported_test_cases")
    print("#   kunit.py produced no test cases")
PY
