/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names the module (logs, exit records) and memgovctl (output) both print, spelled as the
 * netlink spec's enums are (tests/spec checks them against it).
 */
#ifndef _MEMGOV_NAMES_H
#define _MEMGOV_NAMES_H

/* Initializer of a `const char *const [__MEMGOV_EXIT_MAX]`, by enum memgov_exit_kind. */
#define MEMGOV_EXIT_KIND_NAMES {				\
	[MEMGOV_EXIT_NONE] = "none",				\
	[MEMGOV_EXIT_UNLOADED] = "unloaded",			\
	[MEMGOV_EXIT_ADMIN] = "admin",				\
	[MEMGOV_EXIT_ERROR] = "error",				\
	[MEMGOV_EXIT_WATCHDOG] = "watchdog",			\
	[MEMGOV_EXIT_THRASH] = "thrash",			\
	[MEMGOV_EXIT_STRIKES] = "strikes",			\
	[MEMGOV_EXIT_CGROUP_REMOVED] = "cgroup-removed",	\
}

#endif /* _MEMGOV_NAMES_H */
