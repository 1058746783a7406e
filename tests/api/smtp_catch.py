#!/usr/bin/env python3
"""smtp_catch.py BIN DB TO EXPECT… — one pass of `wushe notify-mail` against a
real SMTP server (Debian's python3-aiosmtpd, started here on a free port):
passes when a message to TO arrives whose text holds every EXPECT, and a
second pass sends nothing more (a notice is mailed once). Used by
tests/api/45_match_mail.json: the provider told of a new match by e-mail."""
import asyncio
import email
import email.policy
import socket
import subprocess
import sys
import threading

from aiosmtpd.controller import Controller


class Catch:
    def __init__(self):
        self.msgs = []

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = msg.get_body(preferencelist=("plain", "html"))
        text = (str(msg["Subject"] or "") + "\n" + (body.get_content() if body else ""))
        self.msgs.append((list(envelope.rcpt_tos), text))
        return "250 OK"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def main():
    binp, db, to, expects = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    port = free_port()
    catch = Catch()
    ctl = Controller(catch, hostname="127.0.0.1", port=port)
    ctl.start()
    try:
        url = f"smtp://127.0.0.1:{port}"
        for i in range(2):
            p = subprocess.run([binp, "notify-mail", "--db", db, "--smtp-url", url], capture_output=True, text=True)
            if p.returncode != 0:
                print(f"notify-mail exit {p.returncode}: {p.stdout}{p.stderr}")
                return 1
            if i == 0:
                first = len(catch.msgs)
    finally:
        ctl.stop()
    mine = [t for rcpt, t in catch.msgs if to in rcpt]
    if not mine:
        print(f"no mail to {to}; got {len(catch.msgs)} message(s) to {[r for r, _ in catch.msgs]}")
        return 1
    hit = [t for t in mine if all(x in t for x in expects)]
    if not hit:
        print(f"no mail to {to} holds {expects}: {mine[0][:400]!r}")
        return 1
    if len(catch.msgs) != first:
        print(f"the second pass sent {len(catch.msgs) - first} more message(s): mailed twice")
        return 1
    print(f"mailed: {len(mine)} message(s) to {to}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
