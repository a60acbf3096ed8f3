"""A small Truce client, written from docs/PROTOCOL.md alone.

It builds, signs and submits entries (sections 1-4 of the document) and checks what it reads back (section 8):

    canonical_json(value)           RFC 8785 bytes of a JSON value
    body_digest(body)               SHA-256 of the body's canonical form, 64 lowercase hex digits
    key_id(public_key)              "k" + hex of the first 8 bytes of SHA-256(public key)
    new_client_id()                 a UUIDv7 in 32 hex digits, as the truce CLI makes them
    envelope_time()                 now, as YYYY-MM-DDTHH:MM:SS.mmmZ
    Signer                          a party's Ed25519 key (from its 32-byte seed)
    build_entry(...)                {"envelope": ..., "body": ...}, signed: the request of POST /api/entries
    Server                          the HTTP calls (entries, tokens, log), answers with their problem details
    verify_checkpoint(...)          a C2SP signed note checked against the log's verifier key
    verify_inclusion(...)           an RFC 9162 inclusion proof folded up to a checkpoint's root

Standard library and PyNaCl only (Debian: python3-nacl).
"""

import base64
import datetime
import hashlib
import json
import math
import os
import time
import urllib.error
import urllib.request
from decimal import Decimal

import nacl.exceptions
import nacl.signing

SIGNED_PREFIX = b"truce-entry/v1\n"


# ---------------------------------------------------------------------------------------------------------------
# RFC 8785 canonical JSON (PROTOCOL.md section 3, "Canonical JSON")


class CanonicalizationError(ValueError):
    """The value has no canonical form: a duplicate member, a lone surrogate, a number that is not finite."""


def parse_json(text):
    """Parses JSON text, refusing a member that appears twice in one object (it has no canonical form)."""

    def pairs(items):
        obj = {}
        for name, value in items:
            if name in obj:
                raise CanonicalizationError(f"member {name!r} appears twice")
            obj[name] = value
        return obj

    return json.loads(text, object_pairs_hook=pairs)


def canonical_json(value):
    """The RFC 8785 (JCS) form of a JSON value, as UTF-8 bytes."""
    return _canonical(value).encode("utf-8")


def _canonical(value):
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return format_number(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_canonical(v) for v in value) + "]"
    if isinstance(value, dict):
        for name in value:
            if not isinstance(name, str):
                raise CanonicalizationError(f"member name {name!r} is not a string")
        # Sorted by the names' UTF-16 code units: UTF-16BE bytes compare in the same order.
        names = sorted(value, key=lambda n: _utf16(n))
        return "{" + ",".join(_string(n) + ":" + _canonical(value[n]) for n in names) + "}"
    raise CanonicalizationError(f"{type(value).__name__} is not a JSON value")


def _utf16(name):
    try:
        return name.encode("utf-16-be")
    except UnicodeEncodeError as e:
        raise CanonicalizationError("a member name holds a lone surrogate") from e


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _string(s):
    out = ['"']
    for ch in s:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20:
            out.append(f"\\u{ord(ch):04x}")
        elif 0xD800 <= ord(ch) <= 0xDFFF:
            # json.loads turns "\ud800" into a lone surrogate; a paired one it joins into one character.
            raise CanonicalizationError("a string holds a lone surrogate")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def format_number(n):
    """A number as ECMAScript's Number.prototype.toString writes the double (RFC 8785 section 3.2.2.3)."""
    if isinstance(n, int) and abs(n) < 2**53:
        return str(n)
    f = float(n)  # a larger integer is read as a double, as the server reads it
    if not math.isfinite(f):
        raise CanonicalizationError(f"{n} is not a finite number")
    if f == 0:
        return "0"  # -0 too
    sign = "-" if f < 0 else ""
    # repr gives the shortest digits that read back as the same double; ECMAScript picks the same digits.
    _, digit_tuple, exponent = Decimal(repr(abs(f))).as_tuple()
    digits = "".join(map(str, digit_tuple)).rstrip("0")
    exponent += len(digit_tuple) - len(digits)
    k = len(digits)
    point = exponent + k  # the value is 0.d1d2...dk * 10^point
    if k <= point <= 21:
        return sign + digits + "0" * (point - k)
    if 0 < point <= 21:
        return sign + digits[:point] + "." + digits[point:]
    if -6 < point <= 0:
        return sign + "0." + "0" * -point + digits
    e = point - 1
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return f"{sign}{mantissa}e{'+' if e >= 0 else '-'}{abs(e)}"


# ---------------------------------------------------------------------------------------------------------------
# Digests, ids, times, keys (sections 3 and 4)


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def body_digest(body):
    """The envelope's `body`: SHA-256 of the body's canonical form."""
    return sha256_hex(canonical_json(body))


def key_id(public_key):
    """A key's id: "k" + lowercase hex of the first 8 bytes of SHA-256(public key)."""
    return "k" + hashlib.sha256(public_key).digest()[:8].hex()


def new_client_id():
    """A UUIDv7 (RFC 9562) in 32 hex digits: 48 bits of Unix milliseconds, then random bits."""
    ms = time.time_ns() // 1_000_000
    rand_a = int.from_bytes(os.urandom(2), "big") & 0xFFF
    rand_b = int.from_bytes(os.urandom(8), "big") & (2**62 - 1)
    value = (ms & (2**48 - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    return f"{value:032x}"


def envelope_time(when=None):
    """A time as the envelope writes it: UTC with exactly three fractional digits and Z."""
    when = when or datetime.datetime.now(datetime.timezone.utc)
    when = when.astimezone(datetime.timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def new_nonce():
    """A body nonce for a non-public entry, as the CLI makes it: 18 random bytes in base64."""
    return base64.b64encode(os.urandom(18)).decode("ascii")


class Signer:
    """A party's Ed25519 key, made from its 32-byte seed (the truce CLI keeps it in DATA/keys/<party>.key in base64)."""

    def __init__(self, seed):
        if len(seed) != 32:
            raise ValueError("an Ed25519 seed is 32 bytes")
        self._key = nacl.signing.SigningKey(seed)
        self.public_key = bytes(self._key.verify_key)
        self.key_id = key_id(self.public_key)

    @classmethod
    def from_hex(cls, seed_hex):
        return cls(bytes.fromhex(seed_hex))

    @classmethod
    def from_file(cls, path):
        with open(path, encoding="ascii") as f:
            return cls(base64.b64decode(f.read().strip(), validate=True))

    @property
    def public_key_base64(self):
        return base64.b64encode(self.public_key).decode("ascii")

    def key_object(self, valid_from, valid_until=None):
        """The key object of `party.register` and `key.add`."""
        key = {"id": self.key_id, "publicKey": self.public_key_base64, "validFrom": valid_from}
        if valid_until is not None:
            key["validUntil"] = valid_until
        return key

    def sign(self, data):
        return self._key.sign(data).signature


# ---------------------------------------------------------------------------------------------------------------
# The envelope and the signed bytes (sections 1 and 3)


def signed_bytes(envelope):
    """What is signed: `truce-entry/v1`, a line feed, and the canonical envelope without `sig`."""
    unsigned = {name: value for name, value in envelope.items() if name != "sig"}
    return SIGNED_PREFIX + canonical_json(unsigned)


def sign_envelope(envelope, signer):
    """Sets the envelope's `sig` (standard base64 of the 64-byte signature) and returns the envelope."""
    envelope["sig"] = base64.b64encode(signer.sign(signed_bytes(envelope))).decode("ascii")
    return envelope


def verify_envelope(envelope, public_key):
    """Whether `sig` is the key's signature of the envelope's signed bytes."""
    try:
        nacl.signing.VerifyKey(public_key).verify(signed_bytes(envelope), base64.b64decode(envelope["sig"]))
        return True
    except (nacl.exceptions.BadSignatureError, ValueError):
        return False


def build_entry(origin, kind, party, signer, body, vis="public", to=None, when=None, cid=None):
    """The request body of POST /api/entries: a signed envelope and its body."""
    envelope = {
        "v": 1,
        "log": origin,
        "kind": kind,
        "party": party,
        "key": signer.key_id,
        "time": when if isinstance(when, str) else envelope_time(when),
        "cid": cid or new_client_id(),
        "body": body_digest(body),
        "vis": vis,
    }
    if to is not None:
        envelope["to"] = list(to)
    sign_envelope(envelope, signer)
    return {"envelope": envelope, "body": body}


def leaf_hash(envelope):
    """The Merkle leaf hash of an entry: SHA-256(0x00 || canonical envelope with `sig`) (RFC 9162)."""
    return hashlib.sha256(b"\x00" + canonical_json(envelope)).digest()


# ---------------------------------------------------------------------------------------------------------------
# HTTP (sections 2, 4 and 8)


class Answer:
    """A server's answer: its status, headers and JSON (for a refusal, the RFC 9457 problem)."""

    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers
        self.raw = raw
        try:
            self.json = json.loads(raw.decode("utf-8")) if raw else None
        except (UnicodeDecodeError, json.JSONDecodeError):
            self.json = None

    @property
    def is_problem(self):
        return (self.headers.get("Content-Type") or "").startswith("application/problem+json")

    @property
    def problem(self):
        """The problem's members (`type`, `title`, `status`, `detail`, `field`, `errors`, `existingIndex`), or {}."""
        return self.json if self.is_problem and isinstance(self.json, dict) else {}

    def describe(self):
        if self.is_problem:
            p = self.problem
            field = f" [{p['field']}]" if "field" in p else ""
            return f"{self.status} {p.get('title')}{field}: {p.get('detail')}"
        return f"{self.status} {self.raw.decode('utf-8', 'replace')[:300]}"


class Server:
    """A Truce server at a base URL such as http://127.0.0.1:5080/."""

    def __init__(self, base_url, timeout=30):
        self.base_url = base_url.rstrip("/") + "/"
        self.timeout = timeout

    def request(self, method, path, token=None, json_body=None, raw=None, headers=None):
        data = raw if raw is not None else (None if json_body is None else json.dumps(json_body).encode("utf-8"))
        req = urllib.request.Request(self.base_url + path.lstrip("/"), data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if token is not None:
            req.add_header("Authorization", f"Bearer {token}")
        for name, value in (headers or {}).items():
            req.add_header(name, value)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return Answer(resp.status, resp.headers, resp.read())
        except urllib.error.HTTPError as e:
            with e:
                return Answer(e.code, e.headers, e.read())

    def get(self, path, token=None):
        return self.request("GET", path, token=token)

    def submit(self, entry, token):
        """POST /api/entries: 201 stored, 200 duplicate, or a problem."""
        return self.request("POST", "api/entries", token=token, json_body=entry)

    def issue_token(self, admin_token, member, days=30):
        """POST /api/tokens: a new API token for a member (an admin's call); returns the token."""
        answer = self.request("POST", "api/tokens", token=admin_token, json_body={"member": member, "days": days})
        if answer.status != 201:
            raise RuntimeError(f"POST /api/tokens for {member}: {answer.describe()}")
        return answer.json["token"]

    def log_key(self):
        """The log's note verifier key, `origin+keyid+base64(0x01 || public key)`."""
        return self.get("log/key").raw.decode("utf-8").strip()

    def origin(self):
        """The log's origin: its verifier key's name, before the first `+`."""
        return self.log_key().split("+", 1)[0]


# ---------------------------------------------------------------------------------------------------------------
# Checking what the log holds (section 8): C2SP signed notes and checkpoints, RFC 9162 inclusion proofs


class VerificationError(Exception):
    pass


def parse_verifier_key(vkey):
    """A C2SP note verifier key `name+hexid+base64(type || key)`: (name, 4-byte key id, Ed25519 public key)."""
    name, hex_id, b64 = vkey.split("+", 2)  # base64 may hold "+" too
    data = base64.b64decode(b64)
    if data[0] != 0x01 or len(data) != 33:
        raise VerificationError("not an Ed25519 note verifier key")
    key_hash = bytes.fromhex(hex_id)
    if hashlib.sha256(name.encode() + b"\n" + data).digest()[:4] != key_hash:
        raise VerificationError("the verifier key's id does not match its name and key")
    return name, key_hash, data[1:]


def verify_checkpoint(note, vkey):
    """Checks a signed checkpoint against the log's verifier key; returns (origin, size, root hash)."""
    name, key_hash, public_key = parse_verifier_key(vkey)
    text, sep, signatures = note.partition("\n\n")
    if not sep:
        raise VerificationError("a signed note has a blank line before its signatures")
    text += "\n"
    verified = False
    for line in signatures.splitlines():
        if not line.startswith("\u2014 "):
            continue
        signer_name, _, b64 = line[2:].partition(" ")
        blob = base64.b64decode(b64)
        if signer_name != name or blob[:4] != key_hash:
            continue  # a witness's cosignature
        try:
            nacl.signing.VerifyKey(public_key).verify(text.encode("utf-8"), blob[4:])
            verified = True
        except nacl.exceptions.BadSignatureError as e:
            raise VerificationError("the log's signature of the checkpoint does not verify") from e
    if not verified:
        raise VerificationError("the checkpoint carries no signature of the log's key")
    lines = text.split("\n")
    origin, size, root = lines[0], int(lines[1]), base64.b64decode(lines[2])
    if origin != name:
        raise VerificationError(f"the checkpoint's origin {origin!r} is not the key's name {name!r}")
    return origin, size, root


def verify_inclusion(index, size, leaf, proof, root):
    """RFC 9162 section 2.1.3.2: whether `proof` shows leaf hash `leaf` at `index` in the tree of `size` with `root`."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = hashlib.sha256(b"\x01" + p + r).digest()
            if not fn & 1:
                while fn != 0 and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = hashlib.sha256(b"\x01" + r + p).digest()
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root
