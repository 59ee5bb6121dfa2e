# henhouse — the two commands of the README are `make demo` and `make test`.
# Each installs the Debian packages that are missing, configures, builds, runs.

DEB_PACKAGES := build-essential cmake pkg-config git libgmp-dev libssl-dev \
  libsqlite3-dev sqlite3 libcpp-httplib-dev libcli11-dev nlohmann-json3-dev \
  libgtest-dev libgmock-dev libbenchmark-dev golang-go golang-golang-x-mod-dev \
  valgrind curl python3 time
BUILD ?= build
SAN_BUILD ?= build-sanitize
JOBS ?= $(shell nproc)
DEMO_DIR ?= demo-out
DEMO_ARGS ?=

.PHONY: deps build demo test test-slow bench check-sanitize check-consttime clean

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	rm -rf $(DEMO_DIR)
	$(BUILD)/bin/henhouse demo --dir $(DEMO_DIR) $(DEMO_ARGS)

test: build
	cd $(BUILD) && ctest --output-on-failure -LE slow -j $(JOBS)

# Long runs: scale, soak and exhaustive tests (label "slow").
test-slow: build
	cd $(BUILD) && ctest --output-on-failure -L slow

bench: build
	$(BUILD)/bin/henhouse_bench

# Unit tests under AddressSanitizer + UndefinedBehaviorSanitizer (Debug).
check-sanitize: deps
	cmake -S . -B $(SAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DHENHOUSE_SANITIZE=ON
	cmake --build $(SAN_BUILD) -j $(JOBS)
	cd $(SAN_BUILD) && ctest --output-on-failure -LE slow -j $(JOBS)

# The secret-exponent paths under valgrind memcheck with the secret marked
# undefined: any branch or memory index that depends on it is reported.
check-consttime: build
	valgrind --error-exitcode=1 --track-origins=yes -q $(BUILD)/bin/henhouse_consttime

clean:
	rm -rf $(BUILD) $(SAN_BUILD)
