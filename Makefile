# SPDX-License-Identifier: GPL-2.0
#
# vmbc: a VMBus channel core and a simulated Hyper-V host, as modules.
#
#   make            build the modules against KDIR (default: the newest
#                   installed Debian cloud-amd64 headers)
#   make run        the main job: boot Debian's cloud kernel in QEMU, load
#                   the core and the simulated host, show what happened
#   make test       every check and test suite; ends with "total: ..."
#   make check      checkpatch --strict and sparse
#   make kunit      the KUnit suites under UML
#   make vmtest     load tests in Debian's 6.1 and 6.12 cloud kernels
#   make matrix     W=1 builds against 6.1 and 6.12, symbol and layout checks
#   make bench      ring buffer benchmark (userspace), scale figures
#                   (KUnit, x86_64), hv_storvsc over the simulated disk
#                   (QEMU): one line per figure
#   make fuzz       ring buffer fuzzer (userspace) and the hostile-host
#                   soak (KUnit, UML with KASAN), FUZZ_SECONDS=60 each

KDIR ?= $(shell scripts/kdir.sh)
SRC := $(CURDIR)

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(SRC) modules

clean:
	$(MAKE) -C $(KDIR) M=$(SRC) clean

check:
	scripts/check.sh

matrix:
	scripts/matrix.sh

kunit:
	scripts/kunit.sh uml

vmtest:
	scripts/vmtest-all.sh

run:
	scripts/run.sh

test:
	scripts/test-all.sh

bench:
	scripts/bench.sh

FUZZ_SECONDS ?= 60
fuzz:
	$(MAKE) -C tools/ring fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)
	scripts/kunit.sh uml-debug --timeout $$(($(FUZZ_SECONDS) + 600)) \
		--kernel_args vmbc_kunit.soak_ms=$$(($(FUZZ_SECONDS) * 1000)) \
		'vmbc_soak.*'

.PHONY: all modules clean check matrix kunit vmtest run test bench fuzz
