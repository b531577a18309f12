// SPDX-License-Identifier: GPL-2.0
/*
 * filemap PATH MIB [ROUNDS]: the seed's async-reclaim workload.  Write a file of MIB MiB
 * with write(2), then map it and read every page, ROUNDS times (default 1): page cache in
 * the cgroup the process runs in, more of it than the cgroup's memory.max.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

int main(int argc, char **argv)
{
	static char buf[1 << 16];
	size_t size, off, pg = 4096;
	unsigned long sum = 0;
	int fd, r, rounds;

	if (argc < 3) {
		fprintf(stderr, "usage: filemap PATH MIB [ROUNDS]\n");
		return 2;
	}
	size = strtoul(argv[2], NULL, 0) << 20;
	rounds = argc > 3 ? atoi(argv[3]) : 1;
	for (r = 0; r < rounds; r++) {
		unsigned char *m;

		fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0600);
		if (fd < 0) {
			perror("open");
			return 1;
		}
		memset(buf, r + 1, sizeof(buf));
		for (off = 0; off < size; off += sizeof(buf))
			if (write(fd, buf, sizeof(buf)) != sizeof(buf)) {
				perror("write");
				return 1;
			}
		m = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
		if (m == MAP_FAILED) {
			perror("mmap");
			return 1;
		}
		for (off = 0; off < size; off += pg)
			sum += m[off];
		munmap(m, size);
		close(fd);
	}
	printf("filemap: %d rounds of %zu MiB, sum %lu\n", rounds, size >> 20, sum);
	return 0;
}
