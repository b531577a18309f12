// SPDX-License-Identifier: GPL-2.0
/*
 * noop: loader of the memcg policy that decides nothing (see noop.bpf.c).
 *
 *   noop [--cgroup PATH] [--name NAME] [--allow-override] [--shadow]
 *
 * Stays attached until SIGINT/SIGTERM, or until the kernel detaches it; then prints the exit
 * record and exits 2.
 */
#include <stdio.h>
#include "loader.h"

extern const char memgov_obj_noop[];
extern const char memgov_obj_noop_end[];

int main(int argc, char **argv)
{
	struct mg_loader_opts o;
	struct bpf_object *obj;
	int rc;

	rc = mg_loader_parse(argc, argv, &o, NULL);
	if (rc < 0)
		return MG_LOADER_ERR;
	if (rc != argc) {
		mg_loader_usage(argv[0], NULL);
		return MG_LOADER_ERR;
	}
	obj = mg_loader_open(memgov_obj_noop, memgov_obj_noop_end - memgov_obj_noop, "noop", &o);
	if (!obj)
		return MG_LOADER_ERR;
	return mg_loader_run(obj, &o, &(const struct mg_loader_run){ .map_name = "noop_ops" });
}
