from __future__ import annotations

from pathlib import Path

import pytest

from config import Config, ConfigError, load_config


def test_embedded_defaults_need_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_config(environ={}) == Config()
    assert Config().db == Path("var/forcewatch.db")


def test_file_then_environment(tmp_path):
    file = tmp_path / "fw.toml"
    file.write_text('db = "data/x.db"\ndownload_delay = 5\n')
    config = load_config(file, environ={"FORCEWATCH_DOWNLOAD_DELAY": "1.5"})
    assert config.db == Path("data/x.db")
    assert config.download_delay == 1.5


@pytest.mark.parametrize(
    ("content", "environ", "message"),
    [
        ("dbb = 'x'\n", {}, "unknown setting 'dbb'"),
        ("download_delay = 'soon'\n", {}, "'download_delay' must be a float"),
        ("download_delay = -1\n", {}, "must not be negative"),
        ("db = \n", {}, "fw.toml"),
        ("", {"FORCEWATCH_CRAWL_TIMEOUT": "ten"}, "environment FORCEWATCH_CRAWL_TIMEOUT"),
    ],
)
def test_bad_values_name_the_setting_and_origin(tmp_path, content, environ, message):
    file = tmp_path / "fw.toml"
    file.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_config(file, environ=environ)


def test_a_named_config_file_must_exist(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "missing.toml", environ={})
