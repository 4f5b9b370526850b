"""A small OpenID Connect provider for the tests, served on 127.0.0.1 by a thread.

Discovery, authorize, token (with PKCE S256 and the client secret checked), JWKS and userinfo,
with id_tokens signed RS256 by a key made for the run. Nothing leaves the machine. The test sets
who is "signed in at the provider" (`provider.claims`) and how the provider misbehaves
(`provider.mischief`: "tamper" changes the token after signing, "other_key" signs with a key not
in the JWKS, "wrong_nonce", "wrong_audience", "wrong_issuer", "expired", "other_sub").
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "zona-test"
CLIENT_SECRET = "rahasia-uji-2026"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Provider:
    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "uji-1"
        self.claims: dict = {}
        self.mischief = ""
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.requests: list[tuple[str, str]] = []  # (method, path) the provider was asked
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # ---------------------------------------------------------------- lifecycle

    def start(self) -> Provider:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def settings(self) -> dict:
        """The Django settings a deployment would set from the ZONA_OIDC_* variables."""
        return {
            "ZONA_OIDC_ENABLED": True,
            "ZONA_OIDC_PROVIDER_NAME": "SSO Uji",
            "ZONA_OIDC_ISSUER": self.base,
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.base}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.base}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.base}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.base}/jwks",
            "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_USE_PKCE": True,
            "OIDC_TIMEOUT": 5,
        }

    # ---------------------------------------------------------------- the endpoints

    def discovery(self) -> dict:
        return {
            "issuer": self.base,
            "authorization_endpoint": f"{self.base}/authorize",
            "token_endpoint": f"{self.base}/token",
            "userinfo_endpoint": f"{self.base}/userinfo",
            "jwks_uri": f"{self.base}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self) -> dict:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def authorize(self, query: dict) -> tuple[int, dict, bytes]:
        q = {k: v[0] for k, v in query.items()}
        if q.get("client_id") != CLIENT_ID or q.get("response_type") != "code":
            return 400, {}, b"bad request"
        redirect = q["redirect_uri"]
        if not self.claims:  # the person cancels at the provider
            params = {"error": "access_denied", "state": q.get("state", "")}
            return 302, {"Location": f"{redirect}?{urlencode(params)}"}, b""
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "redirect_uri": redirect,
            "nonce": q.get("nonce"),
            "challenge": q.get("code_challenge"),
            "claims": dict(self.claims),
        }
        params = {"code": code, "state": q["state"]}
        return 302, {"Location": f"{redirect}?{urlencode(params)}"}, b""

    def token(self, form: dict, headers) -> tuple[int, dict, bytes]:
        f = {k: v[0] for k, v in form.items()}
        grant = self.codes.pop(f.get("code", ""), None)  # a code is good once
        if (
            grant is None
            or f.get("client_id") != CLIENT_ID
            or f.get("client_secret") != CLIENT_SECRET
            or f.get("redirect_uri") != grant["redirect_uri"]
        ):
            return 400, {}, json.dumps({"error": "invalid_grant"}).encode()
        verifier = f.get("code_verifier", "")
        if _b64url(hashlib.sha256(verifier.encode()).digest()) != grant["challenge"]:
            return 400, {}, json.dumps({"error": "invalid_grant", "pkce": True}).encode()
        now = int(time.time())
        claims = grant["claims"]
        payload = {
            "iss": self.base,
            "aud": CLIENT_ID,
            "sub": claims["sub"],
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            "email": claims.get("email"),
        }
        key = self.key
        if self.mischief == "wrong_nonce":
            payload["nonce"] = "not-the-nonce"
        elif self.mischief == "wrong_audience":
            payload["aud"] = "another-app"
        elif self.mischief == "wrong_issuer":
            payload["iss"] = "https://sso.elsewhere.example"
        elif self.mischief == "expired":
            payload["iat"], payload["exp"] = now - 3600, now - 1800
        elif self.mischief == "other_key":
            key = self.other_key
        id_token = jwt.encode(payload, key, algorithm="RS256", headers={"kid": self.kid})
        if self.mischief == "tamper":
            head, body, signature = id_token.split(".")
            changed = {**payload, "email": "sysadmin@example.test", "email_verified": True}
            body = _b64url(json.dumps(changed).encode())
            id_token = f"{head}.{body}.{signature}"
        access = secrets.token_urlsafe(16)
        info = dict(claims)
        if self.mischief == "other_sub":
            info["sub"] = "someone-else"
        self.tokens[access] = info
        answer = {"access_token": access, "token_type": "Bearer", "expires_in": 300}
        answer["id_token"] = id_token
        return 200, {"Content-Type": "application/json"}, json.dumps(answer).encode()

    def userinfo(self, headers) -> tuple[int, dict, bytes]:
        auth = headers.get("Authorization", "")
        info = self.tokens.get(auth.removeprefix("Bearer "))
        if info is None:
            return 401, {}, b""
        return 200, {"Content-Type": "application/json"}, json.dumps(info).encode()

    # ---------------------------------------------------------------- HTTP

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, headers, body):
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                url = urlparse(self.path)
                provider.requests.append(("GET", url.path))
                if url.path.endswith("/.well-known/openid-configuration"):
                    body = json.dumps(provider.discovery()).encode()
                    return self._send(200, {"Content-Type": "application/json"}, body)
                if url.path == "/jwks":
                    body = json.dumps(provider.jwks()).encode()
                    return self._send(200, {"Content-Type": "application/json"}, body)
                if url.path == "/authorize":
                    return self._send(*provider.authorize(parse_qs(url.query)))
                if url.path == "/userinfo":
                    return self._send(*provider.userinfo(self.headers))
                return self._send(404, {}, b"")

            def do_POST(self):
                url = urlparse(self.path)
                provider.requests.append(("POST", url.path))
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode())
                if url.path == "/token":
                    return self._send(*provider.token(form, self.headers))
                return self._send(404, {}, b"")

        return Handler
