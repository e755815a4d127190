"""A small fake of Aliyun's Dysmsapi on 127.0.0.1, for the SMS backend's tests.

It checks each request the way the published API does (docs/sms.md): the common
parameters, and the HMAC-SHA1 signature recomputed here independently, from the
documented recipe (form-encode, then ``+``→``%20``, ``*``→``%2A``, ``%7E``→``~``).
It answers ``Code: OK``, or the code set in ``answer_code``; ``down`` closes the
connection without answering.
"""

import base64
import hashlib
import hmac
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = "testsecret"
KEY_ID = "testid"


def _encode(value: str) -> str:
    return (
        urllib.parse.quote_plus(value, safe="")
        .replace("+", "%20")
        .replace("*", "%2A")
        .replace("%7E", "~")
    )


def expected_signature(params: dict[str, str], method: str = "POST") -> str:
    pairs = sorted((k, v) for k, v in params.items() if k != "Signature")
    canonical = "&".join(f"{_encode(k)}={_encode(v)}" for k, v in pairs)
    to_sign = f"{method}&{_encode('/')}&{_encode(canonical)}"
    mac = hmac.new(f"{SECRET}&".encode(), to_sign.encode(), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode()


REQUIRED = {
    "Action": "SendSms",
    "Version": "2017-05-25",
    "Format": "JSON",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureVersion": "1.0",
    "AccessKeyId": KEY_ID,
}


class FakeAliyun:
    def __init__(self):
        self.requests: list[dict[str, str]] = []
        self.answer_code = "OK"
        self.down = False
        self.nonces: set[str] = set()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length).decode()
                if fake.down:
                    self.close_connection = True
                    return  # no answer at all: the client sees the link drop
                params = dict(urllib.parse.parse_qsl(raw, keep_blank_values=True))
                fake.requests.append(params)
                self._answer(*fake.judge(params))

            def _answer(self, status, payload):
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def judge(self, params):
        for key, value in REQUIRED.items():
            if params.get(key) != value:
                return 400, {"Code": "MissingParameter", "Message": key}
        for key in ("SignatureNonce", "Timestamp", "PhoneNumbers", "SignName"):
            if not params.get(key):
                return 400, {"Code": "MissingParameter", "Message": key}
        if params["SignatureNonce"] in self.nonces:
            return 400, {"Code": "SignatureNonceUsed", "Message": "nonce used"}
        self.nonces.add(params["SignatureNonce"])
        if params.get("Signature") != expected_signature(params):
            return 400, {"Code": "SignatureDoesNotMatch", "Message": "bad signature"}
        json.loads(params["TemplateParam"])
        if self.answer_code != "OK":
            return 200, {"Code": self.answer_code, "Message": "refused"}
        return 200, {"Code": "OK", "Message": "OK", "BizId": "1", "RequestId": "r"}

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
