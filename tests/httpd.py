#!/usr/bin/env python3
"""tests/httpd.py - a webhook receiver for the notification tests.

usage: httpd.py DIR [--fail N] [--hang] [--tls CERT KEY]

Listens on 127.0.0.1 on a free port and writes the port to DIR/port once it
accepts connections. Every request becomes one JSON line in DIR/requests
(method, path, headers, body, the status answered, the time), appended and
flushed before the answer is sent. The first N requests are answered 500,
the rest 200. With --hang it accepts and reads requests but never answers.
With --tls it speaks HTTPS with the given certificate. It stops on SIGTERM.
"""
import http.server
import json
import os
import signal
import ssl
import sys
import threading
import time


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    out = args.pop(0)
    fail, hang, tls = 0, False, None
    while args:
        a = args.pop(0)
        if a == "--fail":
            fail = int(args.pop(0))
        elif a == "--hang":
            hang = True
        elif a == "--tls":
            tls = (args.pop(0), args.pop(0))
        else:
            print("httpd.py: unknown option " + a, file=sys.stderr)
            return 2
    lock = threading.Lock()
    count = [0]

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *a):
            pass

        def do_POST(self):
            n = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(n).decode("utf-8", "replace")
            with lock:
                count[0] += 1
                status = 500 if count[0] <= fail else 200
                rec = {
                    "method": self.command,
                    "path": self.path,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body": body,
                    "status": None if hang else status,
                    "time": time.time(),
                }
                with open(os.path.join(out, "requests"), "a") as f:
                    f.write(json.dumps(rec) + "\n")
                    f.flush()
            if hang:
                time.sleep(3600)
                return
            reply = b"{}" if status == 200 else b"oops"
            self.send_response(status)
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(tls[0], tls[1])
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    tmp = os.path.join(out, "port.tmp")
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(tmp, os.path.join(out, "port"))
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
