#!/usr/bin/env python3
"""A real SMTP server on loopback for the mail tests (aiosmtpd).

Every accepted message is stored in --dir as NNNN.eml (the bytes as received, after SMTP
dot-unstuffing) and NNNN.json (envelope plus subject, text body and attachments decoded by
Python's email package, an implementation independent of ours). Refused recipients are
appended to rejected.log. A file `ready` appears once the server accepts connections; SIGTERM
stops it.
"""
import argparse
import email
import email.policy
import hashlib
import json
import errno
import os
import signal
import ssl
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Sink:
    def __init__(self, folder, reject_domain):
        self.folder = folder
        self.reject_domain = reject_domain
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject_domain and address.lower().endswith("@" + self.reject_domain):
            with open(os.path.join(self.folder, "rejected.log"), "a") as log:
                log.write(address + "\n")
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": session.ssl is not None,
            "authenticated": bool(session.authenticated),
            "subject": str(message["Subject"]),
            "from": str(message["From"]),
            "to": str(message["To"]),
            "message_id": str(message["Message-ID"]),
            "date": str(message["Date"]),
            "content_type": message.get_content_type(),
            "charset": message.get_content_charset(),
            "transfer_encoding": str(message["Content-Transfer-Encoding"]),
            "body": text_body(message),
            "attachments": [attachment_record(part) for part in message.iter_attachments()],
        }
        with self.lock:
            self.count += 1
            name = os.path.join(self.folder, "%04d" % self.count)
        with open(name + ".eml", "wb") as out:
            out.write(raw)
        # Written under a temporary name, then renamed: a reader never sees half a record.
        with open(name + ".json.tmp", "w") as out:
            json.dump(record, out, ensure_ascii=False)
        os.rename(name + ".json.tmp", name + ".json")
        return "250 2.0.0 queued as %04d" % self.count


def text_body(message):
    """The text/plain part: the message itself when it is not multipart."""
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


def attachment_record(part):
    # get_payload(decode=True): the transfer-decoded bytes, exactly. get_content() would give
    # a str for a text/* attachment, with its charset decoded and line endings changed.
    data = part.get_payload(decode=True) or b""
    return {
        "filename": part.get_filename(),
        "content_type": part.get_content_type(),
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--auth", help="USER:PASSWORD that AUTH must present")
    parser.add_argument("--auth-mechanisms", default="PLAIN,LOGIN", help="offered AUTH mechanisms")
    parser.add_argument("--reject-domain", help="refuse RCPT TO addresses at this domain with 550")
    parser.add_argument("--tls-cert", help="offer STARTTLS with this certificate (PEM)")
    parser.add_argument("--tls-key")
    parser.add_argument("--require-starttls", action="store_true")
    args = parser.parse_args()

    options = {}
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        options.update(tls_context=context, require_starttls=args.require_starttls)
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login == user.encode() and auth_data.password == password.encode()
            # handled=False: aiosmtpd then answers 535 itself (handled=True would send nothing).
            return AuthResult(success=ok, handled=False)

        offered = set(args.auth_mechanisms.upper().split(","))
        options.update(
            authenticator=authenticator,
            auth_required=True,
            auth_require_tls=False,
            auth_exclude_mechanism=[m for m in ("PLAIN", "LOGIN") if m not in offered],
        )

    # ready_timeout: aiosmtpd's 5 s default is not enough on a loaded two-core CI machine.
    # A port found free a moment ago may be held briefly by someone else (another test's
    # free-port probe): try again for a while before giving up.
    for attempt in range(40):
        controller = Controller(
            Sink(args.dir, args.reject_domain), hostname="127.0.0.1", port=args.port, ready_timeout=30, **options)
        try:
            controller.start()
            break
        except OSError as error:
            if error.errno != errno.EADDRINUSE or attempt == 39:
                raise
            time.sleep(0.25)
    with open(os.path.join(args.dir, "ready"), "w") as ready:
        ready.write(str(args.port))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    # A test runner may spawn us with these blocked; and if it dies, we must not outlive it.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    parent = os.getppid()
    while not stop.wait(0.5) and os.getppid() == parent:
        pass
    controller.stop()


if __name__ == "__main__":
    main()
