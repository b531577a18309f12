/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod/config.c: the governor's limits (include/memgov/limits.h), global and per cgroup.
 */
#ifndef _MEMGOV_KMOD_CONFIG_H
#define _MEMGOV_KMOD_CONFIG_H

#include <linux/types.h>
#include <memgov/limits.h>
#include <uapi/linux/memgov.h>

#define MEMGOV_CFG_FIELD(attr, name, width, lo, hi, def, doc) u##width name;
struct memgov_cfg {
	MEMGOV_LIMITS(MEMGOV_CFG_FIELD)
};

struct memgov_cfg_key {
	const char *name;
	size_t offset, size;
	u64 min, max;
	const char *doc;
};

extern struct memgov_cfg memgov_cfg;
extern const struct memgov_cfg_key memgov_cfg_keys[MEMGOV_CFG_A_MAX + 1];
u64 memgov_cfg_get(unsigned int attr);
u64 memgov_cfg_get_for(u64 cgroup_id, unsigned int attr);
/* Cgroups that may carry their own limits at once (each override is ~200 bytes). */
#define MEMGOV_CG_CFG_MAX 4096
int memgov_cfg_set_many(u64 cgroup_id, const u64 *vals, unsigned long mask);
void memgov_cfg_exit(void);
void memgov_cfg_set(unsigned int attr, u64 v);
/* While the module is up, limit writes through sysfs are announced. */
void memgov_cfg_live(bool live);

#endif /* _MEMGOV_KMOD_CONFIG_H */
