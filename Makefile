# Gonghui — the project's scriptable face. `make demo` and `make test` are the README's commands.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python 3.12+ (Django 6): the first of these that exists.
PYTHON ?= $(shell for p in python3.13 python3.12 $$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3 /root/.pyenv/versions/3.13*/bin/python3 /root/.pyenv/versions/3.12*/bin/python3; do \
	  if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then echo $$p; break; fi; done)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PG_URL ?= postgres://postgres@127.0.0.1:5432/gonghui
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_AS_OF ?= 2018-06-30

.PHONY: help demo test test-pg lint format e2e bench venv clean

help:
	@echo "make demo     启动演示（SQLite、演示数据、后台任务、http://$(HOST):$(PORT)）"
	@echo "make test     运行全部测试（SQLite）"
	@echo "make test-pg  在 PostgreSQL 上运行全部测试（DATABASE_URL=$(PG_URL)）"
	@echo "make lint     代码检查（ruff check + format --check）"
	@echo "make e2e      浏览器测试（Playwright + Debian chromium）"
	@echo "make bench    性能基准"

$(VENV)/.python:
	@test -n "$(PYTHON)" || { echo "需要 Python 3.12 或更高版本（Django 6）；请安装 python3.12 后重试。" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	touch $@

$(VENV)/.runtime: $(VENV)/.python requirements.txt
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

$(VENV)/.e2e: $(VENV)/.dev requirements-e2e.txt
	$(PIP) install --quiet -r requirements-e2e.txt
	touch $@

venv: $(VENV)/.dev

demo: $(VENV)/.runtime
	GONGHUI_DEFAULT_AS_OF=$(DEMO_AS_OF) HOST=$(HOST) PORT=$(PORT) PY=$(PY) scripts/demo.sh

test: $(VENV)/.dev
	$(VENV)/bin/pytest -q -m "not e2e" $(PYTEST_ARGS)

test-pg: $(VENV)/.dev
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -q -m "not e2e" $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run >/dev/null || { echo "模型有改动但缺少迁移：运行 manage.py makemigrations" >&2; exit 1; }

format: $(VENV)/.dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

e2e: $(VENV)/.e2e
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1; }
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -q -m e2e e2e $(PYTEST_ARGS)

$(VENV)/.bench: $(VENV)/.dev requirements-bench.txt
	$(PIP) install --quiet -r requirements-bench.txt
	touch $@

bench: $(VENV)/.bench
	$(PY) -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/staticfiles
