#!/usr/bin/python3
"""A real SMTP server for hatewatch's email tests, from Debian's python3-aiosmtpd.

    smtp_server.py --dir MAILDIR [--tls-cert CERT --tls-key KEY [--implicit-tls]] [--user U --password P]

Listens on 127.0.0.1 on a free port and prints "ready <port>" once it accepts connections. With a
certificate it offers STARTTLS and requires it; with --implicit-tls it speaks TLS from the first byte (smtps) instead; with a user it requires AUTH (PLAIN or LOGIN).
Each message received is written to MAILDIR/<n>.eml with the envelope in X-Envelope-* headers.
"""
import argparse
import asyncio
import os
import signal
import socket
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Saver:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.directory, "%d.eml" % self.count)
        with open(path + ".tmp", "wb") as f:
            f.write(b"X-Envelope-From: " + envelope.mail_from.encode() + b"\r\n")
            f.write(b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(b"X-Authenticated: " + (b"yes" if session.authenticated else b"no") + b"\r\n")
            f.write(envelope.original_content)
        os.rename(path + ".tmp", path)
        return "250 Message accepted for delivery"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--implicit-tls", action="store_true", help="TLS from the first byte (smtps) instead of STARTTLS")
    a = p.parse_args()

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    context = None
    if a.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(a.tls_cert, a.tls_key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == a.user and \
            auth_data.password.decode() == a.password
        return AuthResult(success=ok)

    kwargs = dict(hostname="127.0.0.1", port=port)
    if context and a.implicit_tls:
        kwargs.update(ssl_context=context)
    elif context:
        kwargs.update(tls_context=context, require_starttls=True)
    if a.user:
        kwargs.update(authenticator=authenticator, auth_required=True,
                      auth_require_tls=bool(context) and not a.implicit_tls)
    controller = Controller(Saver(a.dir), **kwargs)
    controller.start()
    print("ready %d" % port, flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    main()
