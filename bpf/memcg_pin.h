/* SPDX-License-Identifier: GPL-2.0 */
/* memcg_pin's constants, for memcg_pin.bpf.c and its loader. */
#ifndef _MEMGOV_MEMCG_PIN_H
#define _MEMGOV_MEMCG_PIN_H

/* The `protect` knob. */
enum memcg_pin_protect {
	PIN_PROTECT_OFF,
	PIN_PROTECT_MIN,	/* below_min() always: reclaim skips the cgroup */
	PIN_PROTECT_LOW,	/* below_low() always */
};

#endif
