# Thin entry points; the logic lives in Rust (crates/lab/) and scripts/setup.
#   make matrix   build every probe for every target, run the matrix, write $(TARGET_DIR)/results/
#   make results  the same, plus the DNS lab, into the committed reference run results/
#   make test     the whole test suite
CARGO ?= cargo
TARGETS := x86_64-unknown-linux-gnu x86_64-unknown-linux-musl i686-unknown-linux-gnu i686-unknown-linux-musl \
  aarch64-unknown-linux-gnu aarch64-unknown-linux-musl
# The packages holding probe binaries (crates/report/src/probes.rs lists the
# probes; its tests check this line).
PROBE_PACKAGES := muslab-probes muslab-probes-icu
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
MUSLAB := $(TARGET_DIR)/release/muslab

.PHONY: all setup probes probe-bins lab matrix results dns test lint fuzz dist check-dist clean bench bench-check docs man check-artefacts wheel cross-image cross-test

all: matrix

setup:
	@scripts/setup

# Size-tuned profile `probe`; the musl builds are static. CARGO=cross builds
# them with cross in the local image muslab/cross:bookworm (Cross.toml).
probes: setup probe-bins

# CARGO=cross: scripts/setup installs cross; the installed toolchain is named
# (`cross +1.95.0`: cross would otherwise update "stable" through rustup);
# podman runs through scripts/cross-engine on the build dir's image store.
# The local cross image holds x86 toolchains only (Debian's aarch64 cross gcc
# conflicts with gcc-multilib): CARGO=cross builds the four x86 targets.
ifeq ($(CARGO),cross)
TARGETS := x86_64-unknown-linux-gnu x86_64-unknown-linux-musl i686-unknown-linux-gnu i686-unknown-linux-musl
PROBE_CARGO = cross +$(shell rustc --version | cut -d' ' -f2)
probe-bins: cross-image
export MUSLAB_ENGINE_DIR := $(abspath $(TARGET_DIR))/muslab/engine
export CROSS_CONTAINER_ENGINE ?= $(if $(shell command -v podman),$(CURDIR)/scripts/cross-engine,docker)
else
PROBE_CARGO = $(CARGO)
endif

# The probe binaries alone: needs only the rustup targets (and a C compiler).
probe-bins:
	@for t in $(TARGETS); do \
	  echo "probes: building for $$t"; \
	  for p in $(PROBE_PACKAGES); do \
	    $(PROBE_CARGO) build --quiet --profile probe --target $$t -p $$p --bins || exit 1; \
	  done; \
	done

# The image cross builds in: Debian bookworm with gcc, gcc-multilib and
# musl-tools, debootstrapped under the build dir (muslab/debian/) and
# imported into the engine (podman: the build dir's store).
cross-image:
	@cargo run --quiet -p muslab -- cross-image --build-dir $(TARGET_DIR)

# Builds probe-env for the four targets with cross (in $(TARGET_DIR)/cross)
# and runs each: crates/lab/tests/cross.rs, ignored by `make test` (minutes).
cross-test:
	@CARGO=cross scripts/setup
	@MUSLAB_ENGINE_DIR=$(abspath $(TARGET_DIR))/muslab/engine cargo test --quiet -p muslab --test cross -- --ignored

lab:
	@echo "lab: building muslab"
	@cargo build --quiet --release -p muslab

# A run of your own goes to the build directory; `make results` refreshes
# the committed reference run in results/.
RESULTS ?= $(TARGET_DIR)/results
matrix: probes lab
	@$(MUSLAB) matrix --out $(RESULTS)

results: probes lab
	@$(MUSLAB) matrix --out results
	@$(MUSLAB) dns --out results

# The DNS lab (root: network namespaces): every build against muslab's own
# nameservers on loopback, plus the hickory-resolver column -> results/dns.*
dns: probes lab
	@$(MUSLAB) dns

test: probes
	@$(MAKE) --no-print-directory wheel || echo "test: no wheel downloaded: crates/lab/tests/wheel.rs skips"
	@echo "test: cargo test --workspace"
	@cargo test --workspace --quiet
	@$(MAKE) --no-print-directory bench-check

# criterion benches for glibc, musl and musl+mimalloc, each saved as a named
# baseline in $(CRITERION_HOME), then `muslab bench-report` -> results/bench.*
# Each family's warm-up, measurement time and samples, and the time budget
# they add up to: benches/support/timing.rs. criterion's flags override them:
# QUICK=1: short measurements, a pipeline check (numbers not for quoting).
# BENCH_FILTER=regex runs only matching benches; BENCH_OUT=dir writes elsewhere.
# LIBC_BENCHES measure the libc alone (libm, string functions, process start
# and qsort): the mimalloc build would repeat musl's figures, so it skips them.
BENCHES := --bench malloc --bench thread --bench collate --bench dns
LIBC_BENCHES := --bench math --bench strings --bench spawn --bench qsort
CRITERION_HOME ?= $(abspath $(TARGET_DIR))/criterion
BENCH_OUT ?= results
ifdef QUICK
BENCH_TIME := --warm-up-time 0.1 --measurement-time 0.3 --sample-size 10 --nresamples 2000
BENCH_REPORT_FLAGS := --quick
endif

# The wall time from the lab build to the last measurement goes into bench.md.
bench: setup
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory lab || exit 1; \
	for cfg in "glibc x86_64-unknown-linux-gnu libc" "musl x86_64-unknown-linux-musl libc" "musl-mimalloc x86_64-unknown-linux-musl mimalloc"; do \
	  set -- $$cfg; echo "bench: $$1 ($$2)"; \
	  if [ $$3 = mimalloc ]; then sel="--features mimalloc $(BENCHES)"; else sel="$(BENCHES) $(LIBC_BENCHES)"; fi; \
	  CRITERION_HOME=$(CRITERION_HOME) $(CARGO) bench --quiet -p muslab-benches --target $$2 $$sel \
	    -- --noplot $(BENCH_TIME) --save-baseline $$1 $(BENCH_FILTER) || exit 1; \
	done; \
	$(MUSLAB) bench-report --criterion-dir $(CRITERION_HOME) --out $(BENCH_OUT) $(BENCH_REPORT_FLAGS) \
	  --make-seconds $$(( $$(date +%s) - start ))

# The bench pipeline as a test: one real criterion bench (debug build, so it
# reuses cargo test's artefacts; glibc only; QUICK times; one memory child),
# then bench-report on it, checked by crates/lab/tests/bench_report.rs. Timings are not asserted.
BENCH_CHECK_DIR := $(abspath $(TARGET_DIR))/bench-check
bench-check:
	@echo "test: bench pipeline (criterion -> muslab bench-report)"
	@rm -rf $(BENCH_CHECK_DIR)
	@CRITERION_HOME=$(BENCH_CHECK_DIR)/criterion cargo test --quiet -p muslab-benches --bench thread -- \
	  --bench --noplot --warm-up-time 0.1 --measurement-time 0.3 --sample-size 10 --nresamples 2000 \
	  --save-baseline glibc 'thread_pthread_create_join/stack_128KiB|thread_memory/idle_1000/stack_2MiB' >/dev/null
	@MUSLAB_BENCH_CHECK_DIR=$(BENCH_CHECK_DIR) cargo test --quiet -p muslab --test bench_report -- --ignored

# docs/catalogue.md, generated from crates/catalogue (a test fails when it is stale).
docs:
	@cargo run --quiet -p muslab -- catalogue > docs/catalogue.md

# A measurement, not part of `make test`: published wheels and npm packages
# (downloaded from PyPI/npm into the build dir) judged by check and loaded in
# the lab's boxes -> results/check-artefacts.md, results/check-bench.md.
check-artefacts:
	@scripts/check-artefacts

# One published manylinux wheel with a compiled extension, pinned by sha256
# and cached in the build dir, unpacked beside it: crates/lab/tests/wheel.rs
# dlopen()s its .so from a musl process and compares with `muslab check`.
WHEEL_DIR := $(TARGET_DIR)/wheels
WHEEL := psutil-5.9.8-cp36-abi3-manylinux_2_12_x86_64.manylinux2010_x86_64.manylinux_2_17_x86_64.manylinux2014_x86_64.whl
WHEEL_SHA256 := d06016f7f8625a1825ba3732081d77c94589dca78b7a3fc072194851e88461a4
wheel: $(WHEEL_DIR)/$(WHEEL).d
$(WHEEL_DIR)/$(WHEEL).d:
	@mkdir -p $(WHEEL_DIR)
	@echo "wheel: downloading $(WHEEL) from PyPI"
	@python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
	  --platform manylinux2014_x86_64 --python-version 3.11 -d $(WHEEL_DIR) 'psutil==5.9.8'
	@echo "$(WHEEL_SHA256)  $(WHEEL_DIR)/$(WHEEL)" | sha256sum --check --quiet \
	  || { rm -f $(WHEEL_DIR)/$(WHEEL); echo "wheel: sha256 mismatch, removed" >&2; exit 1; }
	@rm -rf $@.tmp && python3 -m zipfile -e $(WHEEL_DIR)/$(WHEEL) $@.tmp && mv $@.tmp $@

# Shell completions (bash, zsh, fish) and man pages from the CLI definition.
man:
	@cargo run --quiet -p muslab -- docs $(TARGET_DIR)/share

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --quiet -- -D warnings

# A short coverage-guided run of each parser that reads untrusted bytes, for
# FUZZ_SECONDS each: the ELF reader behind `muslab check`, the Report parser
# (a probe's --json from a hostile box), the DNS test server's message
# handling (fuzz/ is its own workspace; cargo-fuzz needs the nightly toolchain).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := parse_elf report_json dns_answer
fuzz:
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	@for t in $(FUZZ_TARGETS); do \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  (cd fuzz && cargo +nightly fuzz run $$t corpus/$$t -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=1024) || exit 1; \
	done

# One tarball per target, to drop into a box: its probes and a static musl
# build of muslab for the same arch (so `muslab check`/`explain` run beside
# the program in question). Needs only the rustup targets.
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' crates/lab/Cargo.toml | head -1)
dist: probe-bins
	@for t in $(TARGETS); do \
	  arch=$${t%%-*}; m=$$arch-unknown-linux-musl; \
	  $(CARGO) build --quiet --release --target $$m -p muslab || exit 1; \
	  d=dist/muslab-$(VERSION)-$$t; rm -rf $$d; mkdir -p $$d; \
	  for f in $(TARGET_DIR)/$$t/probe/probe-*; do case $$f in *.d) ;; *) cp $$f $$d/ ;; esac; done; \
	  cp $(TARGET_DIR)/$$m/release/muslab $$d/; \
	  tar -C dist -czf $$d.tar.gz $${d#dist/} && rm -rf $$d && echo "dist: $$d.tar.gz"; \
	done

# make dist, then each tarball listed and its muslab run here (the i686 one
# too): --version and `muslab check` on the tarball's probe-env. Minutes.
check-dist:
	@scripts/check-dist

clean:
	cargo clean
	rm -rf dist build
