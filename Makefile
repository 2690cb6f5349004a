# Ward one-stop assistant. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

# Python 3.10 (Rasa 3.6 needs < 3.11): the first candidate that really runs 3.10 (a pyenv
# shim on PATH may exist without working), from PATH, pyenv's folder or uv's.
PYTHON_CANDIDATES := python3.10 $(wildcard $(HOME)/.pyenv/versions/3.10.*/bin/python3.10) $(wildcard $(HOME)/.local/share/uv/python/cpython-3.10.*/bin/python3.10)
PYTHON ?= $(shell for p in $(PYTHON_CANDIDATES); do "$$p" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null && { command -v "$$p"; break; }; done)

VENV       := .venv
RASA_ENV   := $(VENV)/rasa
ACT_ENV    := $(VENV)/actions
RASA       := $(RASA_ENV)/bin/rasa
RASA_PY    := $(RASA_ENV)/bin/python
ACT_PY     := $(ACT_ENV)/bin/python
MODEL      := models/ward-assistant.tar.gz
TRAIN_DATA := data/nlu data/rules data/stories

# Embedded defaults; override any of them in the environment (README "Configuration").
export PYTHONPATH := $(CURDIR)
export RASA_TELEMETRY_ENABLED ?= false
export RASA_PORT ?= 5005
export RASA_HOST ?= 127.0.0.1
export ACTION_PORT ?= 5055
# rasa_sdk reads the listening address from SANIC_HOST (0.0.0.0 otherwise).
export ACTION_HOST ?= 127.0.0.1
export SANIC_HOST ?= $(ACTION_HOST)
export ACTION_SERVER_URL ?= http://127.0.0.1:$(ACTION_PORT)/webhook
export TRACKER_STORE_URL ?= sqlite:///$(CURDIR)/var/tracker.db
export LOCK_STORE_TYPE ?= in_memory
export REDIS_HOST ?= 127.0.0.1
export REDIS_PORT ?= 6379
export REDIS_DB ?= 1
export WARD_CODE ?= 00235
export WARD_PROCEDURES_DB_URL ?= sqlite:///$(CURDIR)/var/procedures.db
export WARD_DOSSIERS_DB_URL ?= sqlite:///$(CURDIR)/var/dossiers.db
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL ?= 2
# Channels (bot/credentials.yml; docs/channels.md). Rasa refuses undefined variables, so each
# is exported, empty by default: a channel without its secret refuses every webhook.
export ZALO_APP_ID ?=
export ZALO_OA_SECRET_KEY ?=
export ZALO_APP_SECRET ?=
export ZALO_ACCESS_TOKEN ?=
export ZALO_REFRESH_TOKEN ?=
export ZALO_TOKEN_FILE ?= $(CURDIR)/var/zalo-tokens.json
export ZALO_API_BASE_URL ?=
export ZALO_OAUTH_BASE_URL ?=
export FACEBOOK_VERIFY_TOKEN ?=
export FACEBOOK_APP_SECRET ?=
export FACEBOOK_PAGE_ACCESS_TOKEN ?=
export FACEBOOK_GRAPH_BASE_URL ?=
export FACEBOOK_ACCEPT_SHA1 ?=
# The demo ward page (bot/web) and the URL its widget uses to reach Rasa.
export WEB_PORT ?= 8080
export RASA_PUBLIC_URL ?= http://localhost:$(RASA_PORT)
# Origins allowed by Rasa's --cors (space-separated; the ward site's real origin in production).
WEB_ORIGINS ?= http://localhost:$(WEB_PORT) http://127.0.0.1:$(WEB_PORT)
# Rasa's admin HTTP API: off; true = on with RASA_AUTH_TOKEN (or var/rasa-auth-token).
export RASA_ENABLE_API ?= false
# development | production (actions/preflight.py refuses development settings in production).
export WARD_ENV ?= development

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: check-python
check-python:
	@if [ -z "$(PYTHON)" ] || ! "$(PYTHON)" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then \
		echo "Python 3.10 is required (Rasa 3.6 supports 3.8-3.10). Install it (pyenv install 3.10, uv python install 3.10, or your distribution's python3.10) or run: make PYTHON=/path/to/python3.10 ..." >&2; \
		exit 1; \
	fi

# `rm -rf .venv/rasa` through a symlinked .venv deletes the `rasa` folder of the link's
# target (maybe another checkout's environment): refuse unless the environment folder is
# a real folder inside this repository.
remove_env = { if [ -L "$(VENV)" ] || [ -L "$(1)" ]; then \
		echo "refusing to delete $(1): $(VENV) or $(1) is a symbolic link. Delete that environment yourself (or make $(VENV) a real folder), then run make again." >&2; exit 1; fi; \
	case "$$(realpath -m -- "$(1)")" in "$(CURDIR)"/?*) ;; \
		*) echo "refusing to delete $(1): it resolves outside $(CURDIR)" >&2; exit 1;; esac; \
	rm -rf -- "$(1)"; }

$(RASA_ENV)/.installed: bot/requirements.lock | check-python
	$(call remove_env,$(RASA_ENV)) && "$(PYTHON)" -m venv $(RASA_ENV)
	$(RASA_PY) -m pip install --quiet --upgrade "pip<25" wheel
	$(RASA_PY) -m pip install --quiet -r bot/requirements.lock
	touch $@

$(ACT_ENV)/.installed: actions/requirements.lock | check-python
	$(call remove_env,$(ACT_ENV)) && "$(PYTHON)" -m venv $(ACT_ENV)
	$(ACT_PY) -m pip install --quiet --upgrade "pip<25" wheel
	$(ACT_PY) -m pip install --quiet -r actions/requirements.lock
	touch $@

.PHONY: venv
venv: $(RASA_ENV)/.installed $(ACT_ENV)/.installed ## Create both locked environments (Rasa server, action server)

.PHONY: lock
lock: | check-python ## Re-resolve bot/ and actions/ requirements.in into the lock files
	for env in bot actions; do \
		tmp=$$(mktemp -d) && "$(PYTHON)" -m venv $$tmp && $$tmp/bin/pip install --quiet -r $$env/requirements.in && \
		{ echo "# Generated by 'make lock' from $$env/requirements.in; Python 3.10."; $$tmp/bin/pip freeze --exclude-editable; } > $$env/requirements.lock && \
		rm -rf $$tmp || exit 1; \
	done

var/procedures.db: $(ACT_ENV)/.installed data/procedures/national.json data/procedures/aliases.yml $(wildcard data/wards/*.yml) $(wildcard actions/migrations/versions/*.py) $(wildcard actions/catalogue/*.py)
	@mkdir -p var
	$(ACT_PY) -m actions.catalogue.build_db
	@touch $@

# Fictional demo dossiers (docs/dossiers.md); seeded, so the same set on every machine.
DOSSIER_COUNT ?= 3000
var/dossiers.db: $(ACT_ENV)/.installed data/procedures/national.json data/dossiers/demo.yml $(wildcard actions/dossiers/*.py) $(wildcard actions/dossiers/migrations/versions/*.py)
	@mkdir -p var
	$(ACT_PY) -m actions.dossiers.demo --count $(DOSSIER_COUNT) --seed 42 --url sqlite:///$(CURDIR)/var/dossiers.db
	@touch $@

.PHONY: db
db: var/procedures.db var/dossiers.db ## Build the procedure database and the demo dossier store

.PHONY: import
import: $(ACT_ENV)/.installed ## Re-import the national records from ../shared into data/procedures/
	$(ACT_PY) -m actions.catalogue.import_national --source ../shared/data/tthc --out data/procedures/national.json

.PHONY: report
report: $(ACT_ENV)/.installed ## Validation report: what is missing or suspicious per procedure
	$(ACT_PY) -m actions.catalogue.report

.PHONY: lookup
lookup: var/procedures.db ## Staff lookup, e.g. make lookup Q="khai sinh"
	@$(ACT_PY) -m actions.catalogue.lookup "$(Q)"

$(MODEL): $(RASA_ENV)/.installed config.yml $(shell find bot/domain bot/components data/nlu data/rules data/stories actions/text -type f 2>/dev/null)
	@mkdir -p models
	$(RASA) train --config config.yml --domain bot/domain --data $(TRAIN_DATA) --out models --fixed-model-name ward-assistant
	@touch $@

.PHONY: train
train: $(MODEL) ## Train the model if the config, domain or training data changed

.PHONY: validate
validate: $(RASA_ENV)/.installed ## rasa data validate --fail-on-warnings
	$(RASA) data validate --config config.yml --domain bot/domain --data $(TRAIN_DATA) --fail-on-warnings

.PHONY: actions
actions: $(ACT_ENV)/.installed var/procedures.db ## Start only the action server (port 5055)
	$(ACT_PY) -m actions.server --actions actions --port $(ACTION_PORT)

.PHONY: run
# Rasa through bot/cli/serve_rasa.py: only the channels (and /webhooks/health/) are served;
# the admin HTTP API only with RASA_ENABLE_API=true, and then behind a token (docs/security.md).
# actions.preflight refuses a WARD_ENV=production start that still has development settings.
run: venv db train web ## Set everything up and start the assistant (Rasa :5005, actions :5055, ward page :8080)
	@$(ACT_PY) -m actions.preflight
	@bin=$(CURDIR); trap 'kill $$(jobs -p) 2>/dev/null; wait' EXIT INT TERM; \
	$(ACT_PY) -m actions.server --actions actions --port $(ACTION_PORT) & \
	$(RASA_PY) -m bot.cli.serve_rasa --model $(MODEL) --endpoints bot/endpoints.yml --credentials bot/credentials.yml \
		--interface $(RASA_HOST) --port $(RASA_PORT) --cors $(WEB_ORIGINS) & \
	$(RASA_PY) -m bot.web.serve --port $(WEB_PORT) --rasa-url $(RASA_PUBLIC_URL) --ward-code $(WARD_CODE) >/dev/null & \
	$(RASA_PY) -m bot.cli.wait_ready --rasa http://$(RASA_HOST):$(RASA_PORT) --actions http://127.0.0.1:$(ACTION_PORT) && \
	echo "" && \
	echo "The assistant is ready." && \
	echo "  Ward page with the chat widget:  http://localhost:$(WEB_PORT)/" && \
	echo "  Chat in another terminal:  make shell" && \
	echo "  REST channel:  curl -s -XPOST http://$(RASA_HOST):$(RASA_PORT)/webhooks/rest/webhook -d '{\"sender\":\"me\",\"message\":\"xin chào\"}'" && \
	echo "  Stop with Ctrl-C." && \
	wait

.PHONY: shell
shell: $(RASA_ENV)/.installed ## Chat with the running assistant in the terminal (after make run)
	@$(RASA_PY) -m bot.cli.chat --url http://$(RASA_HOST):$(RASA_PORT)

.PHONY: lint
lint: $(ACT_ENV)/.installed ## ruff (lint + format check) and mypy on the action server
	$(ACT_ENV)/bin/ruff check .
	$(ACT_ENV)/bin/ruff format --check .
	$(ACT_ENV)/bin/mypy actions

.PHONY: format
format: $(ACT_ENV)/.installed ## Format the code with ruff
	$(ACT_ENV)/bin/ruff format .
	$(ACT_ENV)/bin/ruff check --fix .

.PHONY: test-actions
test-actions: $(ACT_ENV)/.installed ## Action-server unit and integration tests
	$(ACT_PY) -m pytest tests --ignore=tests/bot --ignore=tests/e2e -q

.PHONY: test-bot
test-bot: validate $(MODEL) var/procedures.db ## Training data checks, NLU components, channels, conversation tests
	$(RASA_PY) -m pytest tests/bot -q
	$(RASA) test core --model $(MODEL) --stories tests/conversations --fail-on-prediction-errors --out var/results/core

.PHONY: test-e2e
test-e2e: venv db $(MODEL) ## Start both servers and ask real questions through the REST channel
	$(ACT_PY) -m pytest tests/e2e -q --ignore=tests/e2e/test_browser.py

# The ward page's widget bundle and the browser test's driver (bot/web/package-lock.json),
# and Debian's chromium for that test, installed when missing.
bot/web/node_modules/.installed: bot/web/package.json bot/web/package-lock.json
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }
	cd bot/web && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

.PHONY: chromium
chromium: # Debian's chromium (and an emoji font, for readable screenshots) when missing
	@{ command -v chromium && [ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; } >/dev/null || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji; }

.PHONY: web
web: bot/web/node_modules/.installed ## Install the ward page's chat widget (npm ci)

.PHONY: test-browser
test-browser: venv db $(MODEL) web chromium ## The ward page in headless Chromium: chat over socket.io, screenshot in var/artifacts/
	$(ACT_PY) -m pytest tests/e2e/test_browser.py -q

.PHONY: bench-channels
bench-channels: $(RASA_ENV)/.installed ## Zalo and Messenger webhooks: acknowledgement latency, 100 concurrent deliveries
	$(RASA_PY) -m tests.bench.webhooks

.PHONY: test
test: lint test-actions test-bot test-e2e test-browser ## Everything CI runs

.PHONY: bench
bench: venv db $(MODEL) ## Measure start time, /model/parse and REST latency, memory
	$(ACT_PY) -m tests.bench.run_bench --model $(MODEL)

# NLU evaluation (docs/nlu.md): the trained model file + the action server's resolver over
# var/procedures.db, on a CSV with header text,intent,procedure,tags.
QUESTIONS      ?= tests/nlu/heldout.csv
BASELINE_MODEL := models/baseline.tar.gz
RANKER         := $(CURDIR)/$(ACT_PY) -m actions.procedures.rank_cli

.PHONY: eval
eval: $(ACT_ENV)/.installed var/procedures.db $(MODEL) ## Intent accuracy, procedure top-1/3 of the deployed pipeline (QUESTIONS=file.csv)
	$(RASA_PY) -m bot.evaluation.evaluate --model $(MODEL) --questions $(QUESTIONS) --ranker "$(RANKER)" --out var/eval --name ours

.PHONY: eval-replay
eval-replay: $(ACT_ENV)/.installed var/procedures.db ## Rank again with the intents of the last `make eval` on QUESTIONS: a change of the actions alone, in seconds
	$(RASA_PY) -m bot.evaluation.evaluate --model $(MODEL) --questions $(QUESTIONS) --ranker "$(RANKER)" --out var/eval --name ours \
		--replay var/eval/results-ours-$(basename $(notdir $(QUESTIONS))).json

$(BASELINE_MODEL): $(RASA_ENV)/.installed tests/nlu/baseline_config.yml $(shell find data/nlu -type f)
	@mkdir -p models
	$(RASA) train nlu --config tests/nlu/baseline_config.yml --nlu data/nlu --out models --fixed-model-name baseline
	@touch $@

.PHONY: eval-baseline
eval-baseline: $(ACT_ENV)/.installed var/procedures.db $(BASELINE_MODEL) ## The same evaluation for Rasa's default (rasa init) pipeline
	$(RASA_PY) -m bot.evaluation.evaluate --model $(BASELINE_MODEL) --questions $(QUESTIONS) --ranker "$(RANKER)" --out var/eval --name baseline

# Offline, no model: the topic cues (actions/text/lexicon.yml) against the intent labels of
# the development question sets; with var/eval's last runs, the answers the bot would give.
TOPIC_SETS ?= tests/nlu/blind.csv tests/nlu/heldout.csv tests/nlu/fresh.csv

.PHONY: eval-topics
eval-topics: $(RASA_ENV)/.installed ## Precision/recall of each kind of answer a message asks for (TOPIC_SETS=files.csv)
	$(RASA_PY) -m bot.evaluation.topic_cues_report $(TOPIC_SETS)

# Answer-level evaluation (docs/answers.md): conversations through the REST channel of a
# freshly started bot, from a YAML of turns and the facts the last reply must (not) contain.
ANSWERS ?= tests/answers/blind.yml

.PHONY: eval-answers
eval-answers: venv db $(MODEL) ## Play answer conversations through REST on a fresh bot; pass rate per group (ANSWERS=file.yml)
	$(ACT_PY) -m tests.answers.evaluate --conversations $(ANSWERS) --json var/eval/answers-$(basename $(notdir $(ANSWERS))).json

.PHONY: bench-nlu
bench-nlu: $(RASA_ENV)/.installed $(MODEL) ## /model/parse latency (p50/p95) against rasa run --enable-api
	$(RASA_PY) -m bot.evaluation.bench_parse --model $(MODEL) --questions $(QUESTIONS)

.PHONY: bench-long
bench-long: venv db $(MODEL) ## One 1,000-turn conversation: turn latency p50/p95 per 100 turns (not in make test)
	$(ACT_PY) -m tests.bench.long_conversation --turns 1000

.PHONY: bench-flood
bench-flood: venv db $(MODEL) ## 100,000-character messages while others chat: their reply time and the others' p95 (not in make test)
	$(ACT_PY) -m tests.bench.long_messages --seconds 30

.PHONY: bench-dossiers
bench-dossiers: venv var/procedures.db $(MODEL) ## Dossier lookup latency p50/p95 end to end, 10,000 dossiers (not in make test)
	$(ACT_PY) -m tests.bench.dossier_lookup --count 10000 --lookups 200

.PHONY: clean
clean: ## Remove built databases, results and models (keeps the environments)
	rm -rf var models/*.tar.gz
