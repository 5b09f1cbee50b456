#!/usr/bin/env python3
"""A real SMTP submission server for the mail tests: aiosmtpd with STARTTLS required and AUTH
(PLAIN, LOGIN) allowed only over TLS, with a certificate authority made here with openssl.

    smtp_server.py FOLDER [--user NAME --password SECRET] [--no-tls]

Writes FOLDER/ca.pem, then prints one JSON line {"port": N, "ca": PATH} once it accepts
connections, and spools each accepted message to FOLDER/spool/NNNN.eml with the envelope beside it
in NNNN.json. Runs until its standard input closes."""
import argparse
import asyncio
import json
import os
import socket
import ssl
import subprocess
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def openssl(*arguments):
    subprocess.run(["openssl", *arguments], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def make_certificates(folder):
    """A test CA and a server certificate for localhost and 127.0.0.1, signed by it."""
    ca_key, ca, key, request, certificate = (os.path.join(folder, name) for name in
                                             ("ca.key", "ca.pem", "server.key", "server.csr", "server.pem"))
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca, "-days", "2",
            "-subj", "/CN=ElectoralQMS test CA")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", request, "-subj", "/CN=localhost")
    extensions = os.path.join(folder, "server.ext")
    with open(extensions, "w") as handle:
        handle.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    openssl("x509", "-req", "-in", request, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-out", certificate,
            "-days", "2", "-extfile", extensions)
    return ca, certificate, key


class Spool:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, "%04d" % self.count)
        with open(base + ".json", "w") as handle:
            json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos,
                       "tls": session.ssl is not None, "authenticated": bool(session.authenticated)}, handle)
        with open(base + ".tmp", "wb") as handle:
            handle.write(envelope.original_content or envelope.content)
        os.rename(base + ".tmp", base + ".eml")
        return "250 2.0.0 Message accepted for delivery"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--no-tls", action="store_true")
    options = parser.parse_args()
    spool = os.path.join(options.folder, "spool")
    os.makedirs(spool, exist_ok=True)
    ca, certificate, key = make_certificates(options.folder)

    def authenticator(server, session, envelope, mechanism, data):
        ok = isinstance(data, LoginPassword) and data.login == (options.user or "").encode() \
            and data.password == (options.password or "").encode()
        # handled=False: aiosmtpd then answers 535 itself (its default, handled=True, answers nothing).
        return AuthResult(success=ok, handled=False)

    parameters = {}
    if not options.no_tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(certificate, key)
        parameters.update(tls_context=context, require_starttls=True)
    if options.user:
        parameters.update(authenticator=authenticator, auth_require_tls=not options.no_tls, auth_required=True)
    port = free_port()
    controller = Controller(Spool(spool), hostname="127.0.0.1", port=port, server_hostname="localhost",
                            ready_timeout=10, **parameters)
    controller.start()
    print(json.dumps({"port": port, "ca": ca}), flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
