"""`manage.py check --deploy` is clean with production settings (等保: secure cookies, HSTS…)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_check_deploy_is_clean_in_production(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "GONGHUI_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "GONGHUI_DATA_KEY": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "gonghui.example.cn",
        "GONGHUI_VAR_DIR": str(tmp_path),
    }
    env.pop("GONGHUI_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_its_secrets(tmp_path: Path) -> None:
    env = {**os.environ, "GONGHUI_ENV": "production", "GONGHUI_VAR_DIR": str(tmp_path)}
    env.pop("SECRET_KEY", None)
    env.pop("GONGHUI_DATA_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
