# Two entry points do all the set-up on a fresh machine (only Python 3.11 and make assumed):
#   make run   - install, migrate, load the demo committee and run the main job (SQLite, no Prefect server)
#   make test  - install with dev tools, then ruff, mypy and pytest (SQLite and a throwaway PostgreSQL)
#   make web   - the web application on the demo committee (http://127.0.0.1:8000; Ctrl-C stops it)
PY ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
UV := $(BIN)/uv
UV_PIP := $(UV) pip install --quiet --python $(BIN)/python
DEMO_HOME ?= var/demo

.PHONY: run web test lint typecheck pytest lock clean postgres-binaries office-binaries browser bench report-preview mutation

$(UV):
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.runtime: $(UV) requirements.lock pyproject.toml
	$(UV_PIP) --require-hashes -r requirements.lock
	$(UV_PIP) --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.lock
	$(UV_PIP) --require-hashes -r requirements-dev.lock
	touch $@

# The benchmarks' extra tools (locust for the load test), beside the dev set.
$(VENV)/.bench: $(VENV)/.dev requirements-bench.lock
	$(UV_PIP) --require-hashes -r requirements-bench.lock
	touch $@

run: $(VENV)/.runtime
	DONDOC_HOME=$(DEMO_HOME) PREFECT_HOME=$(CURDIR)/$(DEMO_HOME)/prefect PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1 \
	  $(BIN)/dondoc demo run

web: $(VENV)/.runtime
	DONDOC_HOME=$(DEMO_HOME) $(BIN)/dondoc demo web

test: $(VENV)/.dev postgres-binaries browser lint typecheck pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(VENV)/.dev
	$(BIN)/mypy

pytest: $(VENV)/.dev postgres-binaries office-binaries browser
	$(BIN)/pytest $(PYTEST_ARGS)

# Benchmarks print medians and ratios against the plain way; they are not tests.
bench: $(VENV)/.bench postgres-binaries office-binaries
	$(BIN)/python -W ignore -m benchmarks.bench_queries
	$(BIN)/python -W ignore -m benchmarks.bench_queries --postgres
	$(BIN)/python -W ignore -m benchmarks.bench_reminders
	$(BIN)/python -W ignore -m benchmarks.bench_reminders --postgres
	$(BIN)/python -W ignore -m benchmarks.bench_web
	$(BIN)/python -W ignore -m benchmarks.bench_web --office
	$(BIN)/python -W ignore -m benchmarks.bench_web --first
	$(BIN)/python -W ignore -m benchmarks.bench_zalo
	$(BIN)/python -W ignore -m benchmarks.bench_extract
	$(BIN)/python -W ignore -m benchmarks.bench_year
	$(BIN)/python -W ignore -m benchmarks.bench_load --postgres
	$(BIN)/python -W ignore -m benchmarks.bench_load

# Mutation testing of the rule modules (not in CI: hours on two cores; see
# tests/mutation/README.md). Each module is mutated in turn, every mutant running only the
# tests that call the mutated function among those listed for the module
# (tests/mutation/select.py; SQLite; config in pyproject.toml [tool.mutmut]); then the
# score per module, with every
# survivor named. Survivors that cannot change behaviour are explained in
# tests/mutation/equivalent.md. One module: make mutation MUTATE=models/status.py
MUTATE ?= models/status.py models/tokens.py models/lifecycle.py models/requests.py \
	notifications/ledger.py notifications/recorder.py models/access.py
MUTATION_JOBS ?= 2
mutation: $(VENV)/.dev
	rm -rf mutants var/mutation && mkdir -p var/mutation
	for module in $(MUTATE); do \
	  log=var/mutation/$$(basename $$module .py).log; echo "mutating $$module (log: $$log)"; \
	  MUTATION_MODULE=$$module $(BIN)/mutmut run --max-children $(MUTATION_JOBS) \
	    "$$(echo $${module%.py} | tr / .).*" \
	    >$$log 2>&1 || { tail -40 $$log; exit 1; }; \
	done
	$(BIN)/python -m tests.mutation.score $(MUTATE)

# The PostgreSQL suite needs initdb/pg_ctl; install Debian's server where they are missing.
postgres-binaries:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || \
	  { echo "installing PostgreSQL server binaries"; apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

# The report's PDF/PNG check needs LibreOffice Writer and poppler; install them where missing.
office-binaries:
	@command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || \
	  { echo "installing libreoffice-writer and poppler-utils"; apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    libreoffice-writer poppler-utils >/dev/null; }

# The demo's periodic report (2024-Q2, drafted 15/07/2024) as DOCX, XLSX appendix, PDF and
# a PNG of page 1 in $(PREVIEW_DIR), to look at. A private LibreOffice profile: no clash
# with another LibreOffice running on the machine.
PREVIEW_DIR ?= var/report-preview
report-preview: $(VENV)/.runtime office-binaries
	rm -rf $(PREVIEW_DIR) && mkdir -p $(PREVIEW_DIR)
	DONDOC_HOME=$(PREVIEW_DIR)/home $(BIN)/dondoc demo load >/dev/null
	DONDOC_HOME=$(PREVIEW_DIR)/home $(BIN)/dondoc report period 2024-Q2 --on 2024-07-15 \
	  --number 15-BC/ĐU --docx $(PREVIEW_DIR)/bao-cao-2024-Q2.docx
	soffice -env:UserInstallation=file://$(abspath $(PREVIEW_DIR))/lo-profile --headless \
	  --convert-to pdf --outdir $(PREVIEW_DIR) $(PREVIEW_DIR)/bao-cao-2024-Q2.docx >/dev/null
	pdftoppm -png -r 100 $(PREVIEW_DIR)/bao-cao-2024-Q2.pdf $(PREVIEW_DIR)/bao-cao-2024-Q2-page
	@echo "page 1: $(PREVIEW_DIR)/bao-cao-2024-Q2-page-1.png"

# The browser tests drive Debian's Chromium through its chromedriver; install them where missing.
browser:
	@test -x /usr/bin/chromium -a -x /usr/bin/chromedriver || \
	  { echo "installing Chromium and chromedriver"; apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }

# Re-resolve the locked dependency sets (run after editing dependencies in pyproject.toml).
lock: $(UV)
	$(UV) pip compile --quiet --universal --python-version 3.11 --generate-hashes pyproject.toml -o requirements.lock
	$(UV) pip compile --quiet --universal --python-version 3.11 --generate-hashes --extra dev pyproject.toml -o requirements-dev.lock
	$(UV) pip compile --quiet --universal --python-version 3.11 --generate-hashes --extra dev --extra bench pyproject.toml -o requirements-bench.lock

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache mutants
