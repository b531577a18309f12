/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memgov.ko internals: one header per unit (policy.h, config.h, gov.h, netlink.h, stats.h,
 * call.h, thrash_sampler.h, struct_ops.h, hooks.h, cgfs.h).  This one includes them all,
 * for the files that use most of them; a file that needs one unit includes its header.
 */
#ifndef _MEMGOV_KMOD_H
#define _MEMGOV_KMOD_H

#include "policy.h"
#include "config.h"
#include "gov.h"
#include "netlink.h"
#include "stats.h"
#include "call.h"
#include "thrash_sampler.h"
#include "struct_ops.h"

#endif /* _MEMGOV_KMOD_H */
