/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmod/struct_ops.c and kmod/kfuncs.c: what memgov registers with BPF.
 */
#ifndef _MEMGOV_KMOD_STRUCT_OPS_H
#define _MEMGOV_KMOD_STRUCT_OPS_H

#include <linux/types.h>

struct bpf_prog;

int memgov_struct_ops_init(void);
/* Is @prog a program of one of memgov's struct_ops types? */
bool memgov_struct_ops_prog(const struct bpf_prog *prog);
void memgov_struct_ops_exit(void);

int memgov_kfuncs_init(void);

#endif /* _MEMGOV_KMOD_STRUCT_OPS_H */
