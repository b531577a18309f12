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
#include "noop.skel.h"

int main(int argc, char **argv)
{
	struct mg_loader_opts o;
	struct noop *skel;
	int rc;

	rc = mg_loader_parse(argc, argv, &o, NULL);
	if (rc < 0)
		return MG_LOADER_ERR;
	if (rc != argc) {
		mg_loader_usage(argv[0], NULL);
		return MG_LOADER_ERR;
	}
	skel = noop__open();
	if (!skel) {
		perror("noop: cannot open the BPF object");
		return MG_LOADER_ERR;
	}
	rc = mg_loader_run(skel->skeleton, &o, &(const struct mg_loader_run){ .map_name = "noop_ops" });
	noop__destroy(skel);
	return rc;
}
