# Thin wrapper over CMake presets. Every target first installs missing Debian packages.
.PHONY: setup build debug demo test fuzz bench install package clean format tidy docs

JOBS ?= $(shell nproc)

setup:
	@bash scripts/setup.sh

build: setup
	@cmake --preset release >/dev/null
	@cmake --build build/release -j $(JOBS)

debug: setup
	@cmake --preset debug >/dev/null
	@cmake --build build/debug -j $(JOBS)

demo: build
	@echo "$$ stacklint check fixtures/stacks/seed-4gb --host-memory 4GiB"
	@build/release/stacklint check fixtures/stacks/seed-4gb --host-memory 4GiB || true

test:
	@bash scripts/setup.sh --with-oracles
	@cmake --preset debug >/dev/null
	@cmake --build build/debug -j $(JOBS)
	@cd build/debug && ctest --output-on-failure -j $(JOBS)

fuzz: setup
	@cmake --preset fuzz >/dev/null
	@cmake --build build/fuzz -j $(JOBS)

bench: setup
	@cmake --preset bench >/dev/null
	@cmake --build build/bench -j $(JOBS)

# Regenerates docs/rules/ from the rules' metadata (tests/golden/docs fails when they are stale).
docs: setup
	@cmake --preset debug >/dev/null
	@cmake --build build/debug -j $(JOBS) --target gen_docs
	@build/debug/gen_docs .

install: build
	@cmake --install build/release

package: build
	@cd build/release && cpack -G DEB

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	@rm -rf build
