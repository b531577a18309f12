/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod/netlink.c: the "memgov" generic netlink family (handlers in netlink_gen.h); its events
 * group is the sink of kmod/notify.c, which is how the units below it publish.
 */
#ifndef _MEMGOV_KMOD_NETLINK_H
#define _MEMGOV_KMOD_NETLINK_H

int memgov_netlink_init(void);
void memgov_netlink_exit(void);

#endif /* _MEMGOV_KMOD_NETLINK_H */
