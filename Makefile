# Pulse AI Studio. `make run` and `make test` set up a fresh machine themselves.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Build artefacts live outside the clone so that fresh clones (CI) reuse them.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/pulse-ai-studio/target
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
PROFILE ?= debug
BIN_DIR := $(if $(filter release,$(PROFILE)),release,debug)
SITE_ENV := LEPTOS_SITE_ROOT=target/site LEPTOS_HASH_FILES=true

.PHONY: help run build test lint fmt fmt-check clippy test-rust e2e bench dev clean infra-check

help:
	@echo "make run    - install what is missing, build, serve on http://127.0.0.1:3000 (PROFILE=release for the optimised build)"
	@echo "make test   - install what is missing, then fmt, clippy, Rust tests on SQLite and PostgreSQL, Playwright"
	@echo "make lint | make e2e | make bench | make dev | make fmt | make clean"

run: ## build and serve with the embedded defaults
	@infra/scripts/setup.sh run
	@infra/scripts/build-site.sh $(PROFILE)
	@echo "serving on http://$${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
	$(SITE_ENV) exec $(CARGO_TARGET_DIR)/$(BIN_DIR)/pulse

build:
	@infra/scripts/build-site.sh $(PROFILE)

test: ## everything CI runs
	@infra/scripts/setup.sh test
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory infra-check
	@$(MAKE) --no-print-directory test-rust
	@$(MAKE) --no-print-directory e2e

lint: fmt-check clippy deny

# cargo-deny with deny.toml. Bans, licenses and sources need only Cargo.lock and the
# crates.io index. Advisories need the RustSec database, a git repository on GitHub that
# cargo-deny cannot replace offline, so DENY_ADVISORIES decides:
#   auto  (default) fetch the database and check; if GitHub cannot be reached, check
#         against a copy already on disk (~/.cargo/advisory-dbs, e.g. from an earlier
#         `cargo deny fetch db`), else say that advisories were skipped and why
#   1     the same, but no database is a failure (GitHub Actions, where GITHUB_ACTIONS
#         is set, always runs this way: the full check, advisories included)
#   0     skip advisories
DENY_ADVISORIES ?= $(if $(filter true,$(GITHUB_ACTIONS)),1,auto)
ADVISORY_DB := $(or $(CARGO_HOME),$(HOME)/.cargo)/advisory-dbs
.PHONY: deny
deny: ## cargo deny: licenses, bans, sources; advisories where the RustSec database can be had
	@command -v cargo-deny >/dev/null || { echo "deny: cargo-deny is missing: run infra/scripts/setup.sh test" >&2; exit 1; }
	cargo deny --log-level error check bans licenses sources
	@case "$(DENY_ADVISORIES)" in \
	  0) echo "deny: advisories skipped (DENY_ADVISORIES=0)" ;; \
	  *) if fetch=$$(timeout 300 cargo deny --log-level error fetch db 2>&1); then \
	       echo "cargo deny check advisories"; cargo deny --log-level error check advisories; \
	     elif ls -d "$(ADVISORY_DB)"/advisory-db-* >/dev/null 2>&1; then \
	       echo "deny: cannot fetch the RustSec database; checking advisories against the copy in $(ADVISORY_DB)"; \
	       cargo deny --log-level error --offline check advisories; \
	     elif [ "$(DENY_ADVISORIES)" = 1 ]; then \
	       echo "$$fetch" >&2; echo "deny: advisories need the RustSec database (github.com/rustsec/advisory-db), which cannot be fetched here" >&2; exit 1; \
	     else \
	       echo "deny: WARNING advisories NOT checked: the RustSec database (a git repository on GitHub) cannot be fetched from here and there is no copy in $(ADVISORY_DB); the GitHub workflow runs them (infra/README.md, Dependency checks)"; \
	     fi ;; \
	esac

fmt:
	cargo fmt --all

fmt-check:
	cargo fmt --all -- --check

clippy:
	cargo clippy -p app -p server -p pulse-providers -p pulse-payments -p pulse-documents -p pulse-image-editor -p pulse-wasm-split -p pulse-clock --features app/ssr --all-targets -- -D warnings
	cargo clippy -p frontend -p frontend-admin -p pulse-image-editor --target wasm32-unknown-unknown -- -D warnings

infra-check: ## terraform fmt -check and checkov over infra/terraform, infra/Dockerfile, .github/workflows
	@infra/scripts/infra-check.sh

test-rust: ## unit + integration tests on SQLite, a throw-away PostgreSQL, redis-server and s3s-fs
	PULSE_REQUIRE_POSTGRES=1 PULSE_REQUIRE_REDIS=1 PULSE_REQUIRE_S3=1 PULSE_REQUIRE_FFMPEG=1 PULSE_REQUIRE_PDFTOTEXT=1 \
	  PULSE_REQUIRE_OPENAI_CLIENTS=1 PULSE_OPENAI_PYTHON=$(HOME)/.cache/pulse-ai-studio/openai-venv/bin/python \
	  PULSE_REQUIRE_OFFICE_PYTHON=1 PULSE_OFFICE_PYTHON=$(HOME)/.cache/pulse-ai-studio/openai-venv/bin/python \
	  infra/scripts/with-postgres.sh cargo test -p app -p server -p pulse-providers -p pulse-payments -p pulse-documents -p pulse-image-editor -p pulse-clock --features app/ssr --tests

e2e: ## Playwright in Debian's Chromium against the real server
	@infra/scripts/build-site.sh $(PROFILE)
	cd end2end && PROFILE=$(PROFILE) npx playwright test

bench: ## first-load bytes, release WASM size, idle RSS, start-to-ready
	@infra/scripts/setup.sh bench
	@infra/scripts/bench.sh

dev: ## live reload with cargo-leptos
	@infra/scripts/setup.sh dev
	cargo leptos watch --split

clean:
	rm -rf target/site end2end/test-results end2end/screenshots
	cargo clean
