"""The mail settings: defaults, forcewatch.toml, FORCEWATCH_* and the checks on their values."""

from __future__ import annotations

from pathlib import Path

import pytest

from alerts.transports import MaildirTransport, SmtpTransport, check_mail_settings, transport_for
from config import Config, ConfigError, load_config


def test_mail_defaults_need_nothing_and_write_to_the_maildir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = load_config(environ={})
    assert config.smtp_host is None
    assert (config.smtp_port, config.smtp_tls, config.smtp_timeout) == (587, "starttls", 30.0)
    assert config.outbox == Path("var/outbox")
    assert (config.digest_time, config.weekly_day) == ("07:00", "monday")
    assert config.base_url == "https://forcewatch.example.org"
    assert config.admin_email is None
    assert isinstance(transport_for(config), MaildirTransport)


@pytest.mark.parametrize(
    ("name", "raw", "value"),
    [
        ("smtp_host", "mail.example.org", "mail.example.org"),
        ("smtp_port", "465", 465),
        ("smtp_tls", "SSL", "ssl"),
        ("smtp_tls", "none", "none"),
        ("smtp_user", "forcewatch", "forcewatch"),
        ("smtp_password", "s3cret", "s3cret"),
        ("smtp_timeout", "12.5", 12.5),
        ("mail_from", "Alerts <alerts@example.net>", "Alerts <alerts@example.net>"),
        ("base_url", "https://watch.example.net/", "https://watch.example.net"),
        ("outbox", "/srv/mail/outbox", Path("/srv/mail/outbox")),
        ("digest_time", "18:30", "18:30"),
        ("weekly_day", "Friday", "friday"),
        ("admin_email", "ops@example.net", "ops@example.net"),
    ],
)
def test_every_mail_setting_comes_from_the_environment(tmp_path, monkeypatch, name, raw, value):
    monkeypatch.chdir(tmp_path)
    config = load_config(environ={f"FORCEWATCH_{name.upper()}": raw})
    assert getattr(config, name) == value


def test_mail_settings_from_the_file_and_the_environment_over_it(tmp_path):
    file = tmp_path / "fw.toml"
    file.write_text('smtp_host = "mail.example.org"\nsmtp_port = 2525\nsmtp_tls = "none"\n')
    config = load_config(file, environ={"FORCEWATCH_SMTP_PORT": "25"})
    assert (config.smtp_host, config.smtp_port, config.smtp_tls) == ("mail.example.org", 25, "none")
    transport = transport_for(config)
    assert isinstance(transport, SmtpTransport)
    assert transport.describe() == "SMTP mail.example.org:25 (TLS: none)"


@pytest.mark.parametrize(
    ("content", "environ", "message"),
    [
        ('smtp_tls = "tls"\n', {}, "'smtp_tls' must be one of none, starttls, ssl, got 'tls'"),
        ("", {"FORCEWATCH_SMTP_TLS": "yes"}, "environment FORCEWATCH_SMTP_TLS: setting 'smtp_tls'"),
        ('digest_time = "7am"\n', {}, "'digest_time' must be HH:MM"),
        ('digest_time = "25:00"\n', {}, "'digest_time' must be HH:MM"),
        ('weekly_day = "funday"\n', {}, "'weekly_day' must be a day name"),
        ('base_url = "ftp://example.org"\n', {}, "'base_url' must be an http"),
        ("smtp_port = -1\n", {}, "'smtp_port' must not be negative"),
        ('smtp_timeout = "soon"\n', {}, "'smtp_timeout' must be a float"),
    ],
)
def test_bad_mail_settings_name_the_setting(tmp_path, content, environ, message):
    file = tmp_path / "fw.toml"
    file.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_config(file, environ=environ)


def test_the_password_is_not_in_the_config_repr():
    config = Config(smtp_host="mail.example.org", smtp_user="fw", smtp_password="hunter2-long")
    assert "hunter2-long" not in repr(config)
    assert "hunter2-long" not in transport_for(config).describe()
    assert "hunter2-long" not in repr(transport_for(config))


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"smtp_host": "m.example.org", "smtp_user": "fw"}, "'smtp_password' is not"),
        ({"mail_from": "forcewatch"}, "'mail_from' needs an email address"),
    ],
)
def test_missing_mail_settings_are_named_before_sending(settings, message):
    with pytest.raises(ConfigError, match=message):
        check_mail_settings(Config(**settings))
