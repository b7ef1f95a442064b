# Thin entry points; the logic lives in Rust (lab/) and scripts/setup.
#   make matrix   build every probe for every target, run the matrix, write results/
#   make test     the whole test suite
CARGO ?= cargo
TARGETS := x86_64-unknown-linux-gnu x86_64-unknown-linux-musl i686-unknown-linux-gnu i686-unknown-linux-musl
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
MUSLAB := $(TARGET_DIR)/release/muslab

.PHONY: all setup probes lab matrix test lint dist clean

all: matrix

setup:
	@scripts/setup

# Size-tuned profile `probe`; the musl builds are static. CARGO=cross works for
# users with a container engine (see Cross.toml).
probes: setup
	@for t in $(TARGETS); do \
	  echo "probes: building for $$t"; \
	  $(CARGO) build --quiet --profile probe --target $$t -p muslab-probes --bins || exit 1; \
	done

lab:
	@echo "lab: building muslab"
	@cargo build --quiet --release -p muslab

matrix: probes lab
	@$(MUSLAB) matrix

test: probes
	@echo "test: cargo test --workspace"
	@cargo test --workspace --quiet

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --quiet -- -D warnings

# Static probes ready to drop into a container: dist/<arch>-<libc>/probe-*.
dist: probes
	@for t in $(TARGETS); do \
	  d=dist/$$t; mkdir -p $$d; cp $(TARGET_DIR)/$$t/probe/probe-* $$d/ 2>/dev/null; rm -f $$d/*.d; \
	done; echo "dist: probes copied to dist/<target>/"

clean:
	cargo clean
	rm -rf dist build
