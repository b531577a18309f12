// SPDX-License-Identifier: GPL-2.0
/*
 * forkn: many small processes, for `make bench`'s OOM-path cost.
 *
 *   forkn N
 *
 * Forks N children that wait in pause() and stay until killed, prints "forkn: N children"
 * once all exist, then waits too.  Each child holds little memory of its own (its stack page
 * and page tables), so the OOM killer has N processes to look at, not N to free.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long i, n = argc == 2 ? atol(argv[1]) : 0;

	if (n <= 0) {
		fprintf(stderr, "usage: forkn N\n");
		return 1;
	}
	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("forkn: fork");
			return 1;
		}
		if (!pid) {
			for (;;)
				pause();
		}
	}
	printf("forkn: %ld children\n", n);
	fflush(stdout);
	for (;;)
		pause();
}
