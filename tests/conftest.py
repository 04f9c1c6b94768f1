"""Fixtures shared by the tests that send mail: a real SMTP server on loopback and its config."""

from __future__ import annotations

import pytest
from alerts_support import SmtpServer, open_db


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def config(smtp, tmp_path):
    """A configuration whose mail goes to `smtp`, with its database under tmp_path."""
    return smtp.config(tmp_path)


@pytest.fixture
def db(config):
    database = open_db(config)
    yield database
    database.close()
