/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Does a kernel's BTF still describe a function with the prototype a hook decodes?
 */
#ifndef _MEMGOV_PROTOCHECK_H
#define _MEMGOV_PROTOCHECK_H

#include <linux/types.h>

/* @params: "name:struct,name" -- each parameter's name, and the struct a pointer points to. */
struct memgov_proto {
	const char *symbol;
	const char *params;
};

int memgov_protocheck(const void *btf, size_t len, const struct memgov_proto *want,
		      unsigned int n, unsigned int *bad, char *why, size_t whylen);

#endif /* _MEMGOV_PROTOCHECK_H */
