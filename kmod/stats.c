// SPDX-License-Identifier: GPL-2.0
/*
 * System-wide counters (MEMGOV_CMD_GET_STATS).  Per CPU, because some are bumped on the
 * charge path; summed when read.  They only grow while the module is loaded.
 */
#include <linux/percpu.h>
#include <linux/cpumask.h>
#include "stats.h"

DEFINE_PER_CPU(struct memgov_stats, memgov_stats);

u64 memgov_stat_read(unsigned int stat)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(per_cpu_ptr(&memgov_stats, cpu)->v[stat]);
	return sum;
}

void memgov_stat_exit(u32 exit_kind)
{
	static const u8 by_kind[__MEMGOV_EXIT_MAX] = {
		[MEMGOV_EXIT_UNLOADED] = MEMGOV_STATS_A_EXIT_UNLOADED,
		[MEMGOV_EXIT_ADMIN] = MEMGOV_STATS_A_EXIT_ADMIN,
		[MEMGOV_EXIT_ERROR] = MEMGOV_STATS_A_EXIT_ERROR,
		[MEMGOV_EXIT_WATCHDOG] = MEMGOV_STATS_A_EXIT_WATCHDOG,
		[MEMGOV_EXIT_THRASH] = MEMGOV_STATS_A_EXIT_THRASH,
		[MEMGOV_EXIT_STRIKES] = MEMGOV_STATS_A_EXIT_STRIKES,
		[MEMGOV_EXIT_CGROUP_REMOVED] = MEMGOV_STATS_A_EXIT_CGROUP_REMOVED,
	};

	if (exit_kind < __MEMGOV_EXIT_MAX && by_kind[exit_kind])
		memgov_stat_add(by_kind[exit_kind], 1);
}
