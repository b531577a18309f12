/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A policy's name is what an administrator types to detach it: non-empty, NUL-terminated
 * within @max bytes, printable, no spaces.  Pure.
 */
#ifndef _MEMGOV_GOVERNOR_NAME_H
#define _MEMGOV_GOVERNOR_NAME_H

#include <linux/types.h>

/* The length of the name at @src (read up to @max bytes), or -EINVAL when it is no name. */
int memgov_name_len(const char *src, size_t max);

#endif
