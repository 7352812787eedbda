# BuildCert (建造师证书夹) — build, test, run and package.
#
#   make deps      install what is missing (apt packages, npm packages, tauri-driver)
#   make test      deps + format + Rust tests linted by clippy as they compile + UI unit tests and svelte-check + binding drift check + e2e under Xvfb
#   make run       deps + build UI and app + demo data in its own profile + start the app in it (演示模式)
#   make package   .deb through the tauri CLI
#   make e2e / ui-test / bindings / check-bindings / measure / fmt / lint
#
# Everything stays in the repo: CARGO_TARGET_DIR is ./target, tauri-driver
# is built in ./.tools/target (no wait on the workspace's build lock) and
# installed to ./.tools/bin. PROFILE=release switches run/e2e/measure to a release build.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := test

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
export CARGO_TARGET_DIR := $(ROOT)/target

PROFILE ?= debug
PROFILE_FLAG := $(if $(filter release,$(PROFILE)),--release,)
APP_BIN := $(ROOT)/target/$(PROFILE)/buildcert-app
ISSUER_BIN := $(ROOT)/target/$(PROFILE)/buildcert-issuer
APP_FEATURES := --features buildcert-app/custom-protocol

TOOLS := $(ROOT)/.tools
TAURI_DRIVER := $(TOOLS)/bin/tauri-driver
CARGO_DENY := $(TOOLS)/bin/cargo-deny
CARGO_DENY_VERSION := 0.20.2
XVFB := xvfb-run -a -s "-screen 0 1280x800x24"

APT_PACKAGES := libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev libayatana-appindicator3-dev \
	librsvg2-dev build-essential pkg-config file xvfb xauth webkit2gtk-driver xdotool \
	imagemagick fonts-noto-cjk poppler-utils zbar-tools fontconfig
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: deps deps-apt deps-npm deps-driver deps-deny ui-build app-build test rust-test ui-test \
	bindings check-bindings e2e e2e-run run demo-data package measure fmt lint

## ---------------------------------------------------------------- deps
deps: deps-apt deps-npm deps-driver

deps-apt:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s "$$p" >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "deps: installing$$missing"; \
	  $(SUDO) apt-get update; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $$missing; \
	else echo "deps: apt packages present"; fi

# npm ci only when node_modules is missing or older than the lock file.
deps-npm: ui/node_modules/.package-lock.json tests/e2e/node_modules/.package-lock.json

ui/node_modules/.package-lock.json: ui/package-lock.json ui/package.json
	cd ui && npm ci --no-audit --no-fund
	touch $@

tests/e2e/node_modules/.package-lock.json: tests/e2e/package-lock.json tests/e2e/package.json
	cd tests/e2e && npm ci --no-audit --no-fund
	touch $@

deps-driver:
	@if [ -x "$(TAURI_DRIVER)" ]; then echo "deps: tauri-driver present"; \
	else CARGO_TARGET_DIR="$(TOOLS)/target" cargo install tauri-driver --locked --version '^2' --root "$(TOOLS)"; \
	  rm -rf "$(TOOLS)/target"; fi

# cargo-deny for `make lint` only (building it takes minutes; `make test` does not need it).
deps-deny:
	@if [ -x "$(CARGO_DENY)" ]; then echo "deps: cargo-deny present"; \
	else CARGO_TARGET_DIR="$(TOOLS)/target-deny" cargo install cargo-deny --locked --version '$(CARGO_DENY_VERSION)' --root "$(TOOLS)"; \
	  rm -rf "$(TOOLS)/target-deny"; fi

## ---------------------------------------------------------------- build
ui-build: deps-npm
	cd ui && npm run build

# The app with the UI embedded (custom-protocol), as the e2e tests and `run` use it.
# Debug: built by `cargo test --workspace` itself (src-tauri/tests needs the
# executable), so the test run and the app share one feature resolution and
# the Tauri/WebKit stack is compiled once. `cargo build -p buildcert-app`
# would resolve features differently and compile it all a second time.
ifeq ($(PROFILE),release)
app-build: ui-build
	cargo build -p buildcert-app --release --features custom-protocol
else
app-build: ui-build
	cargo test --workspace $(APP_FEATURES) --no-run
endif

## ---------------------------------------------------------------- tests
# `make test` lints while it compiles: clippy-driver is the workspace's
# compiler (RUSTC_WORKSPACE_WRAPPER, what `cargo clippy` itself uses, here
# with code generation), so clippy's lints fail the test build under
# -D warnings and the dependencies are compiled once, not a second time in
# check mode (that second pass cost about a third of a cold run). The bench
# targets, which `cargo test` does not build, are compiled the same way.
# `make lint` is the same check on its own.
LINT_IN_BUILD := RUSTC_WORKSPACE_WRAPPER=clippy-driver CLIPPY_ARGS=-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__

test: deps
	$(MAKE) ui-build
	cargo fmt --all --check
	$(LINT_IN_BUILD) cargo test --workspace $(APP_FEATURES) --benches --no-run
	$(MAKE) rust-test CARGO_ENV="$(LINT_IN_BUILD)"
	$(MAKE) ui-test
	$(MAKE) check-bindings CARGO_ENV="$(LINT_IN_BUILD)"
	$(MAKE) e2e-run

# The whole workspace, the app with its UI embedded; this also builds
# target/debug/buildcert-app for the e2e tests. Every cargo command here uses
# --workspace and the same features, so nothing is compiled twice.
CARGO_ENV ?=
rust-test:
	$(CARGO_ENV) cargo test --workspace $(APP_FEATURES)

ui-test: deps-npm
	cd ui && npx vitest run
	cd ui && npm run check

# Rewrites ui/src/lib/bindings from the Rust types.
bindings:
	BUILDCERT_BINDINGS_OUT="$(ROOT)/ui/src/lib/bindings" cargo test --workspace $(APP_FEATURES) --lib bindings::bindings_are_up_to_date
	@echo "bindings written to ui/src/lib/bindings"

# Regenerates the bindings into a temporary dir and fails on any difference.
check-bindings:
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	BUILDCERT_BINDINGS_OUT="$$tmp" $(CARGO_ENV) cargo test -q --workspace $(APP_FEATURES) --lib bindings::bindings_are_up_to_date >/dev/null; \
	if diff -ru "$(ROOT)/ui/src/lib/bindings" "$$tmp"; then echo "check-bindings: no drift"; \
	else echo "check-bindings: ui/src/lib/bindings differs from the Rust types; run 'make bindings'"; exit 1; fi

# End-to-end tests of the real app: tauri-driver + WebKitWebDriver under Xvfb.
e2e: deps-npm deps-driver app-build
	cargo build --workspace $(APP_FEATURES) $(PROFILE_FLAG) --bins
	$(MAKE) e2e-run

# The e2e tests on the app as built (no rebuild). They take 4–6 minutes; the
# timeout makes a hang (a process that never ends) a failure after 20, not a
# CI run that waits until it is killed.
e2e-run:
	mkdir -p target/screenshots
	BUILDCERT_APP="$(APP_BIN)" TAURI_DRIVER="$(TAURI_DRIVER)" SCREENSHOT_DIR="$(ROOT)/target/screenshots" \
	  $(XVFB) timeout --kill-after=30s 20m node --test --test-concurrency=1 --test-timeout=120000 tests/e2e/

## ---------------------------------------------------------------- run
run: deps app-build
	cargo build --workspace $(APP_FEATURES) $(PROFILE_FLAG) --bins
	$(MAKE) demo-data
	BUILDCERT_PROFILE=demo "$(APP_BIN)"

# Demo data (演示), in its own profile (<data dir>/demo-profile, its own
# wallet and trust store): certificates and a trust list signed with fresh
# random keys, no private key kept. The real profile is never touched; the
# app shows 演示模式 on every screen and can leave or delete the demo.
# Kept as it is when installed already. Remove it: `buildcert demo remove`.
CLI_BIN := $(ROOT)/target/$(PROFILE)/buildcert
demo-data:
	"$(CLI_BIN)" demo install

## ---------------------------------------------------------------- package
# The .deb (AppImage cannot be built offline), then tests/package-check.sh:
# control fields, desktop entry, icons, and the packaged binary paints its UI.
package: deps
	cd "$(ROOT)" && ui/node_modules/.bin/tauri build --bundles deb
	$(XVFB) tests/package-check.sh "$$(ls -t target/release/bundle/deb/*.deb | head -1)"

## ---------------------------------------------------------------- measure
# Release build, under Xvfb: start-up time to first paint and idle memory,
# beside a blank WebKitGTK window's with the same settings (measure.sh), then
# verdict latency after the scanner's Enter and the camera path's frame rate
# in the running app (perf.mjs). The app is built with the
# `measure` feature, the only build in which BUILDCERT_EXIT_AFTER_FIRST_PAINT
# quits it after its first paint (measure.sh's start-up runs); the app that
# `make package` ships is built without it.
measure: deps ui-build
	cargo build -p buildcert-app --release --features custom-protocol,measure
	cargo build --release -p buildcert-cli -p buildcert-issuer
	$(XVFB) tests/e2e/measure.sh "$(ROOT)/target/release/buildcert-app"
	BUILDCERT_APP="$(ROOT)/target/release/buildcert-app" TAURI_DRIVER="$(TAURI_DRIVER)" \
	  BUILDCERT_ISSUER="$(ROOT)/target/release/buildcert-issuer" BUILDCERT_CLI="$(ROOT)/target/release/buildcert" \
	  $(XVFB) node tests/e2e/perf.mjs

## ---------------------------------------------------------------- style
fmt:
	cargo fmt --all

# rustfmt, clippy on every target of the workspace (with the features
# rust-test uses, so the Tauri stack resolves the same way) and svelte-check,
# which fails on any warning. The app's build needs ui/dist (make ui-build).
# `make test` runs the same checks without a separate clippy pass (see
# LINT_IN_BUILD).
# Then cargo deny (deny.toml): licences, bans (duplicate versions warn) and
# sources always. Advisories need the RustSec database, which is cloned from
# github.com: they are checked when `cargo deny fetch db` succeeds, or
# against a copy already in ~/.cargo/advisory-dbs (not refreshed) when it
# does not; with neither, make lint says "advisories NOT checked" and
# passes, unless DENY_ADVISORIES=1, which makes that a failure. (The machine
# this was set up on reaches crates.io but not GitHub: there advisories are
# not checked.)
DENY_ADVISORIES ?= 0
lint: deps-npm deps-deny
	cargo fmt --all --check
	cargo clippy --workspace --all-targets $(APP_FEATURES) -- -D warnings
	cd ui && npm run check
	"$(CARGO_DENY)" --locked check bans licenses sources
	@if "$(CARGO_DENY)" fetch db >/dev/null 2>&1; then "$(CARGO_DENY)" --locked --offline check advisories; \
	elif ls -d "$${CARGO_HOME:-$$HOME/.cargo}"/advisory-dbs/*/ >/dev/null 2>&1; then \
	  echo "lint: the advisory database cannot be fetched; checking against the copy on disk"; \
	  "$(CARGO_DENY)" --locked --offline check advisories; \
	elif [ "$(DENY_ADVISORIES)" = 1 ]; then echo "lint: DENY_ADVISORIES=1 and the advisory database cannot be fetched" >&2; exit 1; \
	else echo "lint: advisories NOT checked: the RustSec database (github.com) cannot be fetched here (DENY_ADVISORIES=1 makes this fail)"; fi
