# SPDX-License-Identifier: GPL-2.0
#
# vmbc: a VMBus channel core and a simulated Hyper-V host, as modules.
#
#   make            build the modules for KDIR: by default the running
#                   kernel's headers (/lib/modules/$(uname -r)/build), else
#                   the newest installed Debian cloud-amd64 headers, saying
#                   so (scripts/kdir.sh); it never installs packages
#   make deps       install the compiler and the headers "make" needs
#   make install    the modules into /lib/modules/<release>/updates
#                   (modules_install), then depmod; INSTALL_MOD_PATH=DIR
#                   installs under DIR instead
#   make run        the main job: boot Debian's cloud kernel in QEMU, load
#                   the core and the simulated host, show what happened
#   make test       every check and test suite; ends with "total: ..."
#   make check      checkpatch --strict and sparse
#   make kunit      the KUnit suites under UML
#   make vmtest     load tests in Debian's 6.1 and 6.12 cloud kernels
#   make matrix     W=1 builds against 6.1 and 6.12, symbol and layout checks
#   make bench      ring buffer benchmark (userspace), scale figures
#                   (KUnit, x86_64), hv_storvsc over the simulated disk
#                   and hv_netvsc over its NIC (QEMU): one line per figure
#   make fuzz       ring buffer fuzzer (userspace) and the hostile-host
#                   soak (KUnit, UML with KASAN), FUZZ_SECONDS=60 each

SRC := $(CURDIR)
# The kernel to build for, resolved in each recipe (and explained there
# when it is not the running kernel's): KDIR=... overrides it.
kdir = kdir=$$($(if $(KDIR),echo $(KDIR),scripts/kdir.sh)) &&

all: modules

modules:
	@$(kdir) echo "make: building for $$kdir" && \
		$(MAKE) -C "$$kdir" M=$(SRC) modules

clean:
	@$(kdir) $(MAKE) -C "$$kdir" M=$(SRC) clean

# Kbuild's modules_install, then depmod for that kernel release, so that
# modprobe and udev find the modules by name and by alias; signed only
# where the kernel's own signing key is at hand (scripts/modules-install.sh).
modules_install: modules
	@$(kdir) scripts/modules-install.sh "$$kdir" $(SRC)

install: modules_install

deps:
	scripts/deps.sh

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

.PHONY: all modules clean modules_install install deps check matrix kunit vmtest \
	run test bench fuzz
