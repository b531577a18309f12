/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _MEMGOV_CGFS_H
#define _MEMGOV_CGFS_H

struct cgroup;
struct file;

int memgov_cgfs_pin(void);
struct file *memgov_cgfs_open(struct cgroup *cgrp, const char *file, int flags);
void memgov_cgfs_exit(void);

#endif
