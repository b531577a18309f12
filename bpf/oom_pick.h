/* SPDX-License-Identifier: GPL-2.0 */
/* oom_pick's constants, for oom_pick.bpf.c and its loader. */
#ifndef _MEMGOV_OOM_PICK_H
#define _MEMGOV_OOM_PICK_H

/* The `mode` knob. */
enum oom_pick_mode {
	PICK_KILL,	/* kill `victim`; return 1 (handled) */
	PICK_PASS,	/* return 0: the next handler up the tree decides, then the kernel */
	PICK_CLAIM,	/* return 1 without killing: the module ignores the claim */
};

#endif
