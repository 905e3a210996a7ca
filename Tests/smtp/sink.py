"""An SMTP sink for Hark's tests (Sources/HarkTesting/SMTPSink.swift starts it).

Listens on 127.0.0.1:PORT with aiosmtpd and saves every accepted message as one JSON file in
DIRECTORY: the envelope sender, the recipients and the DATA bytes as received (after the
receiver's own dot-unstuffing, RFC 5321 4.5.2, and nothing else: no decoding, no line-end
changes), base64-encoded. A recipient containing "tempfail" is answered 451, one containing
"reject" 550. Writes DIRECTORY/ready once it listens; stops on SIGTERM.

With --cert and --key it offers STARTTLS and requires it before MAIL; with --user and --password
it requires AUTH (PLAIN or LOGIN, only after STARTTLS when TLS is on). Each record then says
whether the message came over TLS and as whom.

usage: sink.py --port PORT --directory DIRECTORY [--cert PEM --key PEM] [--user U --password P]
"""

import argparse
import base64
import json
import os
import signal
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "tempfail" in address:
            return "451 4.3.0 Temporary failure, try again later"
        if "reject" in address:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            number = self.count
        record = {
            "number": number,
            "mail_from": envelope.mail_from,
            "recipients": list(envelope.rcpt_tos),
            "mail_options": list(envelope.mail_options),
            "tls": session.ssl is not None,
            "login": session.auth_data.login.decode("utf-8", "replace")
            if isinstance(session.auth_data, LoginPassword)
            else None,
            "data_base64": base64.b64encode(envelope.original_content).decode("ascii"),
        }
        name = os.path.join(self.directory, "message-%04d.json" % number)
        # Written whole, then renamed: a reader never sees half a file.
        with open(name + ".tmp", "w", encoding="utf-8") as file:
            json.dump(record, file)
        os.rename(name + ".tmp", name)
        return "250 2.0.0 OK queued as %d" % number


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--directory", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    parser.add_argument("--password")
    arguments = parser.parse_args()

    options = {}
    if arguments.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(arguments.cert, arguments.key)
        options.update(tls_context=context, require_starttls=True)
    if arguments.user:
        expected = (arguments.user.encode(), arguments.password.encode())

        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == expected
            return AuthResult(success=ok, handled=False, auth_data=auth_data)

        options.update(
            authenticator=authenticate, auth_required=True, auth_require_tls=bool(arguments.cert)
        )

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    controller = Controller(
        Handler(arguments.directory),
        hostname="127.0.0.1",
        port=arguments.port,
        decode_data=False,
        **options,
    )
    controller.start()
    with open(os.path.join(arguments.directory, "ready"), "w", encoding="utf-8") as file:
        file.write("%d\n" % arguments.port)
    print("sink listening on 127.0.0.1:%d" % arguments.port, flush=True)
    while not stop.wait(0.5):
        pass
    controller.stop()


if __name__ == "__main__":
    main()
