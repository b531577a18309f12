// SPDX-License-Identifier: GPL-2.0
/*
 * memhog: a process that takes memory, for the VM tests.
 *
 *   memhog NAME SIZE [hold|exit|loop]
 *
 * Renames itself NAME (what OOM policies and the kernel log see), allocates SIZE (MiB, or
 * KiB with a k suffix) of anonymous memory touching every page, prints how long that took,
 * then holds it until killed (hold), exits (exit, the default), or keeps rewriting it (loop,
 * or loopN for N more passes).
 * With MEMHOG_WAIT=N in the environment it prints "ready" and waits N seconds before
 * touching anything, so a test can move it into a cgroup first.
 *
 * The memory is in base pages (MADV_NOHUGEPAGE) unless MEMHOG_THP=1: Debian's kernel has
 * transparent huge pages "always", and whether a fault gets a 2 MiB page depends on how
 * fragmented the guest's free memory happens to be.  A test that counts charges, faults or
 * reclaim must not depend on that (a 32 MiB memhog is 8192 charges, or 16).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);
	const char *mode = argc > 3 ? argv[3] : "exit";
	size_t size, off;
	long long t0;
	const char *thp = getenv("MEMHOG_THP");
	const char *wait = getenv("MEMHOG_WAIT");
	char *buf;

	if (argc < 3 || atol(argv[2]) <= 0) {
		fprintf(stderr, "usage: memhog NAME SIZE[k] [hold|exit|loop]\n");
		return 1;
	}
	prctl(PR_SET_NAME, argv[1]);
	size = (size_t)atol(argv[2]) << (argv[2][strlen(argv[2]) - 1] == 'k' ? 10 : 20);
	buf = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (buf == MAP_FAILED) {
		perror("memhog: mmap");
		return 1;
	}
	if (!thp || strcmp(thp, "1"))
		madvise(buf, size, MADV_NOHUGEPAGE);
	if (wait) {
		printf("memhog %s: ready\n", argv[1]);
		fflush(stdout);
		sleep(atoi(wait));
	}
	t0 = now_ms();
	for (off = 0; off < size; off += page)
		buf[off] = (char)off | 1;
	printf("memhog %s: touched %zu pages in %lld ms\n", argv[1], size / page, now_ms() - t0);
	fflush(stdout);
	if (!strcmp(mode, "hold")) {
		for (;;)
			pause();
	}
	/* loop: forever; loopN: N more passes over the memory, then exit */
	if (!strncmp(mode, "loop", 4)) {
		long passes = mode[4] ? atol(mode + 4) : -1;

		for (; passes != 0; passes--)
			for (off = 0; off < size; off += page)
				buf[off]++;
		printf("memhog %s: done in %lld ms\n", argv[1], now_ms() - t0);
	}
	return 0;
}
