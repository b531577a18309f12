# Settings shared with scripts/config.sh.
MEMGOV_CACHE ?= /var/cache/memgov
KVER ?= $(shell cat $(MEMGOV_CACHE)/kver 2>/dev/null || echo 6.12.117+deb12-amd64)
MEMGOV_VERSION := $(shell cat VERSION)
