// SPDX-License-Identifier: GPL-2.0
/*
 * faultbench: page-fault throughput, for `make bench`.
 *
 *   faultbench MIB MS
 *
 * Repeatedly maps MIB MiB of anonymous memory, writes one byte per page (one page fault and
 * one memcg charge each), and unmaps it (the uncharges), for about MS milliseconds.  Prints
 * "faultbench: N faults in T ms: R faults/s".
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned long long faults = 0;
	long long t0, t, limit;
	size_t size, off;
	char *buf;

	if (argc != 3 || atol(argv[1]) <= 0 || atol(argv[2]) <= 0) {
		fprintf(stderr, "usage: faultbench MIB MS\n");
		return 1;
	}
	size = (size_t)atol(argv[1]) << 20;
	limit = atol(argv[2]) * 1000LL;
	t0 = now_us();
	do {
		buf = mmap(NULL, size, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (buf == MAP_FAILED) {
			perror("faultbench: mmap");
			return 1;
		}
		/* No THP: one fault per 4 KiB page is what is measured. */
		madvise(buf, size, MADV_NOHUGEPAGE);
		for (off = 0; off < size; off += page)
			buf[off] = 1;
		faults += size / page;
		munmap(buf, size);
		t = now_us() - t0;
	} while (t < limit);
	printf("faultbench: %llu faults in %lld ms: %.0f faults/s\n", faults, t / 1000,
	       faults * 1e6 / t);
	return 0;
}
