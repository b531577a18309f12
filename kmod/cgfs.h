/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MEMGOV_CGFS_H
#define _MEMGOV_CGFS_H

struct cgroup;
struct file;

/* The cgroup_mount module parameter: where the cgroup2 hierarchy is pinned. */
extern char *memgov_cgroup_mount;

int memgov_cgfs_pin(void);
struct file *memgov_cgfs_open(struct cgroup *cgrp, const char *file, int flags);
void memgov_cgfs_exit(void);

#endif
