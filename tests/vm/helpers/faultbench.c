// SPDX-License-Identifier: GPL-2.0
/*
 * faultbench: page-fault throughput, for `make bench`.
 *
 *   faultbench MIB MS
 *   faultbench -n MIB ROUNDS
 *
 * Repeatedly maps MIB MiB of anonymous memory, writes one byte per page (one page fault and
 * one memcg charge each), and unmaps it (the uncharges), for about MS milliseconds.  Prints
 * "faultbench: N faults in T ms: R faults/s".
 *
 * With -n, a fixed amount of work instead: ROUNDS times, and prints "faultbench: N faults
 * in T ns: C ns/fault".  Under QEMU's instruction counting (-icount) the guest's clock
 * follows executed instructions, so C is the instructions a fault costs, give or take the
 * interrupts that land meanwhile.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Map @size bytes, fault every page in, unmap: the faults it took. */
static int one_round(size_t size, long page, unsigned long long *faults)
{
	size_t off;
	char *buf;

	buf = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		   -1, 0);
	if (buf == MAP_FAILED) {
		perror("faultbench: mmap");
		return -1;
	}
	/* No THP: one fault per 4 KiB page is what is measured. */
	madvise(buf, size, MADV_NOHUGEPAGE);
	for (off = 0; off < size; off += page)
		buf[off] = 1;
	*faults += size / page;
	munmap(buf, size);
	return 0;
}

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned long long faults = 0;
	bool fixed = argc == 4 && !strcmp(argv[1], "-n");
	long long t0, t, limit;
	size_t size;

	if (fixed) {
		argv++;
		argc--;
	}
	if (argc != 3 || atol(argv[1]) <= 0 || atol(argv[2]) <= 0) {
		fprintf(stderr, "usage: faultbench MIB MS | faultbench -n MIB ROUNDS\n");
		return 1;
	}
	size = (size_t)atol(argv[1]) << 20;
	limit = atol(argv[2]);
	if (fixed) {
		t0 = now_ns();
		while (limit--)
			if (one_round(size, page, &faults))
				return 1;
		t = now_ns() - t0;
		printf("faultbench: %llu faults in %lld ns: %.1f ns/fault\n", faults, t,
		       (double)t / faults);
		return 0;
	}
	limit *= 1000LL;
	t0 = now_us();
	do {
		if (one_round(size, page, &faults))
			return 1;
		t = now_us() - t0;
	} while (t < limit);
	printf("faultbench: %llu faults in %lld ms: %.0f faults/s\n", faults, t / 1000,
	       faults * 1e6 / t);
	return 0;
}
