"""Sending built messages: SMTP over one reused connection, or a Maildir when no server is set.

A transport knows nothing of subscriptions; it sends bytes and says, through the exception it
raises, whether the failure belongs to this one message (deferred or refused) or to the server
(unavailable, so the rest of the batch should wait too).
"""

from __future__ import annotations

import contextlib
import logging
import mailbox
import smtplib
import ssl
from abc import ABC, abstractmethod
from email.utils import parseaddr
from pathlib import Path
from types import TracebackType
from typing import Self

from config import Config, ConfigError

logger = logging.getLogger(__name__)


class DeliveryError(Exception):
    """A message was not accepted; `code` is the server's reply code where there was one."""

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


class RecipientDeferred(DeliveryError):
    """A 4xx for this message or recipient: try it again later; carry on with the others."""


class RecipientRefused(DeliveryError):
    """A 5xx for this message or recipient: it will never be accepted."""


class ServerUnavailable(DeliveryError):
    """The server cannot be reached or takes nothing now (down, 421, dropped, sender refused)."""


class Transport(ABC):
    """Sends raw messages; used as a context manager so a batch always closes its connection."""

    @abstractmethod
    def describe(self) -> str: ...

    @abstractmethod
    def open(self) -> None: ...

    @abstractmethod
    def send(self, sender: str, recipient: str, message: bytes) -> None: ...

    @abstractmethod
    def reconnect(self) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _reply(code: int, text: bytes | str) -> str:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(text.split())}"


class SmtpTransport(Transport):
    """One SMTP connection, opened at the first message and reused for the whole batch."""

    def __init__(
        self,
        host: str,
        port: int = 587,
        *,
        tls: str = "starttls",
        user: str | None = None,
        password: str | None = None,
        timeout: float = 30.0,
        local_hostname: str | None = None,
    ) -> None:
        if tls not in ("none", "starttls", "ssl"):
            raise ValueError(f"unknown SMTP TLS mode {tls!r} (none, starttls or ssl)")
        self.host, self.port, self.tls = host, port, tls
        self.user, self._password = user, password
        self.timeout = timeout
        self.local_hostname = local_hostname
        self._smtp: smtplib.SMTP | None = None

    def describe(self) -> str:
        login = f" as {self.user}" if self.user else ""
        return f"SMTP {self.host}:{self.port} (TLS: {self.tls}){login}"

    __repr__ = describe

    def open(self) -> None:
        if self._smtp is not None:
            return
        where = f"{self.host}:{self.port}"
        try:
            if self.tls == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host,
                    self.port,
                    local_hostname=self.local_hostname,
                    timeout=self.timeout,
                    context=ssl.create_default_context(),
                )
            else:
                smtp = smtplib.SMTP(
                    self.host, self.port, local_hostname=self.local_hostname, timeout=self.timeout
                )
        except smtplib.SMTPConnectError as exc:
            raise ServerUnavailable(
                f"{where} refused the connection: {_reply(exc.smtp_code, exc.smtp_error)}",
                exc.smtp_code,
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise ServerUnavailable(f"cannot connect to {where}: {exc}") from None
        try:
            if self.tls == "starttls":
                smtp.ehlo()
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if self.user:
                smtp.login(self.user, self._password or "")
        except smtplib.SMTPNotSupportedError as exc:
            _quietly_close(smtp)
            raise ServerUnavailable(f"{where}: {exc}") from None
        except smtplib.SMTPAuthenticationError as exc:
            _quietly_close(smtp)
            # The server's reply only: the password never goes into a message or a log.
            raise ServerUnavailable(
                f"{where} refused the login of {self.user}: {_reply(exc.smtp_code, exc.smtp_error)}",
                exc.smtp_code,
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            _quietly_close(smtp)
            raise ServerUnavailable(f"{where}: {exc}") from None
        logger.info("connected to %s", self.describe())
        self._smtp = smtp

    def send(self, sender: str, recipient: str, message: bytes) -> None:
        self.open()
        assert self._smtp is not None
        try:
            self._smtp.sendmail(sender, [recipient], message)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = exc.recipients.get(recipient, (0, b"refused"))
            self._raise_for(code, f"{recipient} refused: {_reply(code, text)}")
        except smtplib.SMTPSenderRefused as exc:
            # A refused sender refuses every message of the batch, whatever the code.
            self._drop()
            raise ServerUnavailable(
                f"sender {sender} refused: {_reply(exc.smtp_code, exc.smtp_error)}", exc.smtp_code
            ) from None
        except smtplib.SMTPResponseException as exc:
            self._raise_for(
                exc.smtp_code, f"message refused: {_reply(exc.smtp_code, exc.smtp_error)}"
            )
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise ServerUnavailable(
                f"connection to {self.host}:{self.port} lost: {exc or type(exc).__name__}"
            ) from None

    def _raise_for(self, code: int, text: str) -> None:
        if code == 421 or code < 400:
            self._drop()
            raise ServerUnavailable(text, code)
        if code >= 500:
            raise RecipientRefused(text, code)
        raise RecipientDeferred(text, code)

    def reconnect(self) -> None:
        self._drop()
        self.open()

    def _drop(self) -> None:
        if self._smtp is not None:
            _quietly_close(self._smtp)
            self._smtp = None

    def close(self) -> None:
        if self._smtp is None:
            return
        with contextlib.suppress(smtplib.SMTPException, OSError):
            self._smtp.quit()
        self._drop()


def _quietly_close(smtp: smtplib.SMTP) -> None:
    with contextlib.suppress(OSError):
        smtp.close()


class MaildirTransport(Transport):
    """Writes each message into a Maildir (new/), which mutt, Thunderbird and others open."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._box: mailbox.Maildir | None = None

    def describe(self) -> str:
        return f"Maildir {self.path}"

    __repr__ = describe

    def open(self) -> None:
        if self._box is None:
            try:
                self._box = mailbox.Maildir(self.path, create=True)
            except OSError as exc:
                raise ServerUnavailable(f"cannot open Maildir {self.path}: {exc}") from None

    def send(self, sender: str, recipient: str, message: bytes) -> None:
        self.open()
        assert self._box is not None
        try:
            # Files in a Maildir end lines the Unix way; SMTP's CRLF is for the wire.
            self._box.add(message.replace(b"\r\n", b"\n"))
        except OSError as exc:
            raise ServerUnavailable(f"cannot write to Maildir {self.path}: {exc}") from None

    def reconnect(self) -> None:
        self._box = None
        self.open()

    def close(self) -> None:
        self._box = None


def transport_for(config: Config) -> Transport:
    """SMTP when a host is configured, else the Maildir outbox (the embedded default)."""
    if config.smtp_host:
        domain = parseaddr(config.mail_from)[1].rpartition("@")[2]
        return SmtpTransport(
            config.smtp_host,
            config.smtp_port,
            tls=config.smtp_tls,
            user=config.smtp_user,
            password=config.smtp_password,
            timeout=config.smtp_timeout,
            local_hostname=domain or None,
        )
    return MaildirTransport(config.outbox)


def check_mail_settings(config: Config) -> None:
    """Settings that only matter once mail is sent, checked before the first message."""
    if "@" not in parseaddr(config.mail_from)[1]:
        raise ConfigError(f"setting 'mail_from' needs an email address, got {config.mail_from!r}")
    if config.smtp_host and config.smtp_user and not config.smtp_password:
        raise ConfigError(
            "setting 'smtp_user' is set but 'smtp_password' is not"
            " (forcewatch.toml or FORCEWATCH_SMTP_PASSWORD)"
        )
