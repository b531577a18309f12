// SPDX-License-Identifier: GPL-2.0
/*
 * leaker: a process whose memory grows and stays in use, for make bench's OOM race.
 *
 *   leaker NAME STEP_MIB PERIOD_MS [MAX_MIB [LIFETIME_S]]
 *
 * Renames itself NAME, then every PERIOD_MS allocates STEP_MIB more, fills it with data that
 * does not compress (zram swap cannot absorb it for free), and reads back one word of every
 * page it holds: its whole heap is its working set, as a leaking server's caches are.  Prints
 * "leaker NAME: N MiB" at each step (on stdout, unbuffered).  Stops growing at MAX_MIB
 * (default or 0: never) but keeps touching.  After LIFETIME_S seconds (default: never) its
 * SIGALRM ends it (exit status 142 in the shell): the race's safety net, for a contender that
 * leaves the machine thrashing for minutes.  The signal is not handled, so the kernel makes
 * it fatal at once, as SIGKILL, even in a page fault: no user code has to run under thrash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	size_t page = sysconf(_SC_PAGESIZE), step, max, held = 0, cap;
	uint64_t x = 88172645463325252ULL;
	long period_ms;
	char **chunks;
	size_t nchunks = 0, i, off;
	volatile uint64_t sum = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: leaker NAME STEP_MIB PERIOD_MS [MAX_MIB]\n");
		return 2;
	}
	prctl(PR_SET_NAME, argv[1]);
	setvbuf(stdout, NULL, _IONBF, 0);
	step = strtoul(argv[2], NULL, 10) << 20;
	period_ms = strtol(argv[3], NULL, 10);
	max = argc > 4 ? strtoul(argv[4], NULL, 10) << 20 : 0;
	if (!max)
		max = SIZE_MAX;
	if (argc > 5)
		alarm(strtoul(argv[5], NULL, 10));
	cap = 4096;
	chunks = calloc(cap, sizeof(*chunks));
	if (!chunks || !step)
		return 2;
	for (;;) {
		struct timespec ts = { period_ms / 1000, (period_ms % 1000) * 1000000L };

		if (held + step <= max && nchunks < cap) {
			char *c = mmap(NULL, step, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (c == MAP_FAILED)
				return 1;
			madvise(c, step, MADV_NOHUGEPAGE);
			for (off = 0; off < step; off += sizeof(uint64_t)) {
				/* xorshift64: incompressible */
				x ^= x << 13;
				x ^= x >> 7;
				x ^= x << 17;
				*(uint64_t *)(c + off) = x;
			}
			chunks[nchunks++] = c;
			held += step;
			printf("leaker %s: %zu MiB\n", argv[1], held >> 20);
		}
		for (i = 0; i < nchunks; i++)
			for (off = 0; off < step; off += page)
				sum += *(volatile uint64_t *)(chunks[i] + off);
		nanosleep(&ts, NULL);
	}
}
