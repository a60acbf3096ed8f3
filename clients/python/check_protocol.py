#!/usr/bin/python3
"""Checks a Truce server against docs/PROTOCOL.md, as a third-party client written from that document alone.

    /usr/bin/python3 check_protocol.py SERVER_URL DATA_DIR

DATA_DIR is a deployment fresh from `truce init --origin example.truce.invalid/log` that the server at SERVER_URL
serves (it holds entries 0 and 1 only). The check reads the mission's key (keys/mission.key) and the mission admin's
token (keys/mission-admin.token) from it, then, through the protocol only:

  1. checks this client's canonical JSON and signing against section 3's worked example (offline);
  2. registers the parties, adds the members and issues their tokens (entries 2-11, then POST /api/tokens);
  3. submits every example of section 6 in section 7's replay order (a valid entry of every kind): each must be
     stored (201) at the index the document gives it, and the same request again must answer 200 with the same index;
  4. submits entries that must be refused, each with its status and the `field` its problem names;
  5. reads back: an entry, an erased entry, the signed checkpoint and an inclusion proof, each checked here.

One line per check; the last line is "N accepted, M refused as expected, K unexpected". Exit status 1 if anything
was unexpected.
"""

import base64
import datetime
import json
import os
import sys

import protocol_examples as px
import truce_client as tc

ANY = object()  # the problem's `field` is not checked


class Check:
    def __init__(self, server, data_dir):
        self.server = server
        self.data_dir = data_dir
        self.accepted = 0
        self.refused = 0
        self.unexpected = 0
        self.tokens = {}
        self.signers = {}  # key id -> Signer
        self.party_key = {}  # party -> its first key's id
        self.indexes = {}  # entry number -> (request, token)

    # -- output ---------------------------------------------------------------------------------------------------

    def ok(self, line):
        print(f"ok          {line}")

    def fail(self, line):
        self.unexpected += 1
        print(f"UNEXPECTED  {line}")

    # -- setup ----------------------------------------------------------------------------------------------------

    def read_deployment(self):
        mission = tc.Signer.from_file(os.path.join(self.data_dir, "keys", "mission.key"))
        self.add_signer("mission", mission)
        with open(os.path.join(self.data_dir, "keys", "mission-admin.token"), encoding="ascii") as f:
            self.tokens["mission-admin"] = f.read().strip()
        for party, seed in px.SEEDS.items():
            self.add_signer(party, tc.Signer.from_hex(seed))
        for seed in px.SECOND_KEYS.values():
            signer = tc.Signer.from_hex(seed)
            self.signers[signer.key_id] = signer

    def add_signer(self, party, signer):
        self.signers[signer.key_id] = signer
        self.party_key[party] = signer.key_id

    def member_token(self, party, role):
        return self.tokens["mission-admin" if party == "mission" else f"{party}-{role}"]

    def issue_member_tokens(self):
        """Section 6: after entries 6-11 add the members, the mission admin issues each a token."""
        members = [json.loads(e.body)["id"] for e in px.EXAMPLES if e.kind == "member.add"]
        for member in members:
            try:
                self.tokens[member] = self.server.issue_token(self.tokens["mission-admin"], member, days=1)
                self.ok(f"token      POST /api/tokens for {member}: 201")
            except RuntimeError as e:
                self.fail(f"token      {e}")

    # -- 1. offline: the worked example ---------------------------------------------------------------------------

    def worked_example(self):
        signer = tc.Signer.from_hex(px.WORKED_SEED)
        body = tc.parse_json(px.WORKED_BODY_AS_WRITTEN)
        entry = tc.build_entry(px.WORKED_ORIGIN, "note", "az", signer, body,
                               when="2025-06-01T09:30:00.000Z", cid="01972ad399c07a3b8c4d5e6f70819a2b")
        env = entry["envelope"]
        checks = [
            ("public key", signer.public_key_base64, px.WORKED_PUBLIC_KEY),
            ("key id", signer.key_id, px.WORKED_KEY_ID),
            ("canonical body", tc.canonical_json(body).decode("utf-8"), px.WORKED_CANONICAL),
            ("body digest", env["body"], px.WORKED_DIGEST),
            ("signed bytes", len(tc.signed_bytes(env)), px.WORKED_SIGNED_LENGTH),
            ("signature", env["sig"], px.WORKED_SIGNATURE),
            ("leaf hash", tc.leaf_hash(env).hex(), px.WORKED_LEAF_HASH),
            ("request", entry, tc.parse_json(px.WORKED_REQUEST)),
        ]
        for name, got, want in checks:
            if got == want:
                self.ok(f"offline    worked example: {name}")
            else:
                self.fail(f"offline    worked example: {name} is {got!r}, the document says {want!r}")
        # RFC 8785's numbers (section 3.2.2.3) and the escapes section 3 lists.
        numbers = {0.0: "0", -0.0: "0", 5.0: "5", 1e21: "1e+21", 1e-7: "1e-7", 0.000001: "0.000001",
                   333333333.33333329: "333333333.3333333", 4.50: "4.5", 2e-3: "0.002", 1e-27: "1e-27",
                   9007199254740993: "9007199254740992", 5e-324: "5e-324"}
        bad = [f"{v!r} -> {tc.format_number(v)}" for v, want in numbers.items() if tc.format_number(v) != want]
        escaped = tc.canonical_json({"b": "\"\\\b\f\n\r\t\x01\x7f é", "a": 1, "\U0001F600": 2, "\uFB33": 3})
        if escaped != '{"a":1,"b":"\\"\\\\\\b\\f\\n\\r\\t\\u0001\x7f é","\U0001F600":2,"\uFB33":3}'.encode("utf-8"):
            bad.append(f"strings: {escaped!r}")
        if bad:
            self.fail("offline    canonical JSON: " + "; ".join(bad))
        else:
            self.ok("offline    canonical JSON: ECMAScript numbers, escapes, UTF-16 member order")

    # -- 3. the examples -------------------------------------------------------------------------------------------

    def example_request(self, example, origin):
        if example.index == 12 and origin == px.WORKED_ORIGIN:
            return tc.parse_json(px.WORKED_REQUEST)  # "post this request as it is"
        signer = self.signers[example.key or self.party_key[example.party]]
        return tc.build_entry(origin, example.kind, example.party, signer, tc.parse_json(example.body),
                              vis=example.vis, to=example.to)

    def submit_example(self, example, origin):
        token = self.member_token(example.party, example.role)
        request = self.example_request(example, origin)
        who = f"{example.party} as {example.role}, {example.vis}"
        label = f"entry {example.index:2d} {example.kind:<20} {who:<45}"
        answer = self.server.submit(request, token)
        got = answer.json.get("index") if answer.status == 201 and isinstance(answer.json, dict) else None
        if answer.status != 201 or got != example.index:
            self.fail(f"{label} wanted 201 index {example.index}, got {answer.describe()}")
            return
        location = answer.headers.get("Location")
        size = answer.json.get("checkpointSize")
        if location != f"/api/entries/{got}" or not isinstance(size, int) or size <= got:
            self.fail(f"{label} 201 index {got}, but Location {location!r}, checkpointSize {size!r}")
            return
        self.accepted += 1
        self.indexes[example.index] = (request, token)
        again = self.server.submit(request, token)
        if again.status == 200 and again.json.get("index") == got and again.json.get("duplicate") is True:
            self.ok(f"{label} 201 index {got}; again: 200 duplicate, index {got}")
        else:
            self.fail(f"{label} 201 index {got}; again: wanted 200 duplicate, got {again.describe()}")

    def canonical_stress(self, origin):
        """A note whose `synthetic` (any value, kept as given) holds the hard cases of RFC 8785: the server takes the
        body's digest from its own canonical form, so a 201 means both sides wrote the same bytes."""
        index = max(self.indexes) + 1
        body = {
            "text": "canonical JSON, the hard cases (synthetic)",
            "synthetic": {
                "numbers": [1e21, 1e-7, 0.000001, 5.0, -0.0, 333333333.33333329, 1e300, 0.1, 9007199254740993,
                            123456789012345680000.0, -1.5e-9],
                "strings": "\x7f\x80\u2028\u00e9\U0001F600<>&'/\x1f\t\"\\",
                "\uFB33": "sorts after the emoji's surrogates",
                "\U0001F600": "sorts before U+FB33 in UTF-16",
                "a\u0000": 0,
                "": [],
            },
        }
        signer = self.signers[px.EXAMPLES[-1].key]  # az's second key (entries 56-58)
        request = tc.build_entry(origin, "note", "az", signer, body)
        token = self.tokens["az-party-admin"]
        label = f"entry {index:2d} {'note':<20} {'az as party-admin, public (RFC 8785 cases)':<45}"
        answer = self.server.submit(request, token)
        if answer.status != 201 or answer.json.get("index") != index:
            self.fail(f"{label} wanted 201 index {index}, got {answer.describe()}")
            return
        self.accepted += 1
        self.indexes[index] = (request, token)
        served = self.server.get(f"api/entries/{index}")
        if served.status == 200 and tc.canonical_json(served.json["body"]) == tc.canonical_json(body):
            self.ok(f"{label} 201 index {index}; read back, it canonicalizes to the same bytes")
        else:
            self.fail(f"{label} 201 index {index}; read back: {served.describe()}")

    # -- 4. refusals -----------------------------------------------------------------------------------------------

    def expect_refusal(self, name, answer, status, field=ANY, title=None, extra=None, error_fields=None):
        problem = answer.problem
        wrong = []
        if answer.status != status:
            wrong.append(f"status {answer.status}, not {status}")
        if not answer.is_problem:
            wrong.append("not application/problem+json")
        elif problem.get("status") != answer.status:
            wrong.append(f"problem status {problem.get('status')}")
        if title is not None and problem.get("title") != title:
            wrong.append(f"title {problem.get('title')!r}, not {title!r}")
        if field is not ANY and problem.get("field") != field:
            wrong.append(f"field {problem.get('field')!r}, not {field!r}")
        if error_fields is not None:
            named = [e.get("field") for e in problem.get("errors") or []]
            if named != error_fields:
                wrong.append(f"errors name {named}, not {error_fields}")
        for member, value in (extra or {}).items():
            if problem.get(member) != value:
                wrong.append(f"{member} {problem.get(member)!r}, not {value!r}")
        label = f"refuse     {name:<45}"
        if wrong:
            self.fail(f"{label} {'; '.join(wrong)} ({answer.describe()})")
        else:
            self.refused += 1
            self.ok(f"{label} {answer.describe()}")

    def refusals(self, origin):
        """Entries that must be refused. Run after entry 12, when parties, members and tokens exist; a refused entry
        changes nothing, so the examples after it keep their indexes."""
        az = self.signers[self.party_key["az"]]
        am = self.signers[self.party_key["am"]]
        mission = self.signers[self.party_key["mission"]]
        reporter = self.tokens["az-reporter"]
        note = {"text": "refused (synthetic)", "synthetic": True}
        report = tc.parse_json(px.EXAMPLES[13 - 2].body)

        def entry(body=None, kind="note", party="az", signer=az, **kw):
            return tc.build_entry(origin, kind, party, signer, note if body is None else body, **kw)

        def resigned(request, signer=az, **changes):
            request["envelope"].update(changes)
            tc.sign_envelope(request["envelope"], signer)
            return request

        submit = self.server.submit

        # 401: the token
        self.expect_refusal("no Authorization header", submit(entry(), None), 401, None, "Unauthenticated")
        self.expect_refusal("not a Bearer token", self.server.request(
            "POST", "api/entries", json_body=entry(), headers={"Authorization": "Basic YWxhZGRpbjpvcGVu"}),
            401, None, "Unauthenticated")
        self.expect_refusal("an unknown token", submit(entry(), "truce_" + "A" * 43), 401, None, "Unauthenticated")

        # 400: request shape and envelope syntax
        self.expect_refusal("malformed JSON", self.server.request(
            "POST", "api/entries", token=reporter, raw=b'{"envelope": {'), 400, "request")
        bad_time = entry()
        resigned(bad_time, time=bad_time["envelope"]["time"][:19] + "Z")
        self.expect_refusal("time without fractional digits (…:00Z)", submit(bad_time, reporter), 400,
                            "envelope.time")
        bad_time = entry()
        resigned(bad_time, time=bad_time["envelope"]["time"][:19] + ".5Z")
        self.expect_refusal("time with one fractional digit (…:00.5Z)", submit(bad_time, reporter), 400,
                            "envelope.time")
        future = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=10)
        self.expect_refusal("time 10 minutes ahead", submit(entry(when=future), reporter), 400, "envelope.time")
        self.expect_refusal("an unknown envelope member", submit(resigned(entry(), foo=1), reporter), 400,
                            "envelope.foo")
        self.expect_refusal("another log's origin", submit(resigned(entry(), log="other.invalid/log"), reporter),
                            400, "envelope.log")
        unsigned = entry()
        del unsigned["envelope"]["sig"]
        self.expect_refusal("no sig", submit(unsigned, reporter), 400, "envelope.sig")
        self.expect_refusal("envelope v 2", submit(resigned(entry(), v=2), reporter), 400, "envelope.v")
        self.expect_refusal("an unknown kind", submit(entry(kind="no-such-kind"), reporter), 400, "envelope.kind")
        self.expect_refusal("to on a public entry", submit(entry(to=["am"]), reporter), 400, "envelope.to")
        self.expect_refusal("restricted without to", submit(entry(
            body=dict(note, nonce=tc.new_nonce()), vis="restricted"), reporter), 400, "envelope.to")

        # 403: who may write
        self.expect_refusal("another party's token", submit(entry(), self.tokens["am-party-admin"]), 403, None,
                            "Forbidden")
        draft = tc.parse_json(px.EXAMPLES[31 - 2].body)
        self.expect_refusal("a reporter submits agreement.draft",
                            submit(entry(draft, kind="agreement.draft"), reporter), 403, None, "Forbidden")
        pk = self.signers[self.party_key["pk"]]
        self.expect_refusal("a checkpoint officer submits a report", submit(
            entry(report, kind="report", party="pk", signer=pk), self.tokens["pk-checkpoint-officer"]),
            403, None, "Forbidden")

        # 400: the body
        wrong_digest = entry()
        wrong_digest["body"] = {"text": "not what was signed", "synthetic": True}
        self.expect_refusal("body digest of another body", submit(wrong_digest, reporter), 400, "envelope.body")
        dup = entry()
        raw = json.dumps(dup).replace('"synthetic": true}}', '"synthetic": true, "synthetic": true}}')
        self.expect_refusal("a body member given twice", self.server.request(
            "POST", "api/entries", token=reporter, raw=raw.encode("utf-8")), 400, "body.synthetic")
        misspelt = dict(report, descripton="Five impacts north of the town.")
        self.expect_refusal("a field the kind does not have", submit(entry(misspelt, kind="report"), reporter),
                            400, "body.descripton")
        no_start = json.loads(json.dumps(report))
        del no_start["time"]["start"]
        self.expect_refusal("a required body field missing", submit(entry(no_start, kind="report"), reporter),
                            400, "body.time.start")
        several = dict(report, category="no-such-category")
        del several["source"]
        self.expect_refusal("two bad body fields", submit(entry(several, kind="report"), reporter), 400,
                            "body.category", error_fields=["body.category", "body.source"])
        self.expect_refusal("a party body without nonce", submit(entry(vis="party"), reporter), 400, "body.nonce")
        hotline = tc.parse_json(px.EXAMPLES[28 - 2].body)
        self.expect_refusal("a public hotline message", submit(entry(hotline, kind="hotline"), reporter), 400,
                            "envelope.vis")
        bad_key = {"id": "acme", "kind": "humanitarian-organisation", "names": {"en": "Acme (example)"},
                   "keys": [dict(tc.Signer(bytes(32)).key_object("2025-01-01T00:00:00.000Z"), id="k0000000000000000")]}
        self.expect_refusal("a key id not derived from the key", submit(
            entry(bad_key, kind="party.register", party="mission", signer=mission), self.tokens["mission-admin"]),
            400, "body.keys[0].id")
        again = {"id": "az-reporter", "party": "az", "name": "taken over (example)", "roles": ["reporter"],
                 "nonce": tc.new_nonce()}
        self.expect_refusal("a member id added before", submit(
            entry(again, kind="member.add", party="mission", signer=mission, vis="mission"),
            self.tokens["mission-admin"]), 400, "body.id")

        # 422: the signature
        bad_sig = entry()
        sig = bytearray(base64.b64decode(bad_sig["envelope"]["sig"]))
        sig[0] ^= 1
        bad_sig["envelope"]["sig"] = base64.b64encode(bytes(sig)).decode("ascii")
        self.expect_refusal("a signature that does not verify", submit(bad_sig, reporter), 422, None,
                            "BadSignature")
        self.expect_refusal("signed with another party's key", submit(entry(signer=am), reporter), 422, None,
                            "BadSignature")
        unknown = tc.Signer(os.urandom(32))
        self.expect_refusal("signed with an unregistered key", submit(entry(signer=unknown), reporter), 422, None,
                            "BadSignature")

        # 409: the client id (entry 12 holds its cid)
        first, _ = self.indexes[12]
        replay = entry(cid=first["envelope"]["cid"], body={"text": "another body (synthetic)"})
        self.expect_refusal("entry 12's client id with another body", submit(replay, reporter), 409, None,
                            "Conflict", {"existingIndex": 12})
        genesis = {"deployment": {"name": "a second genesis"},
                   "mission": {"id": "mission", "kind": "mission", "names": {"en": "Mission"},
                               "keys": [mission.key_object("2025-01-01T00:00:00.000Z")]}}
        self.expect_refusal("a second genesis", submit(entry(genesis, kind="genesis", party="mission",
                                                             signer=mission), self.tokens["mission-admin"]),
                            409, None)

        # 413
        big = entry({"text": "x" * 1_100_000})
        self.expect_refusal("a request over 1 MiB", submit(big, reporter), 413, None)

    def refusals_at_the_end(self, origin):
        """After entry 58 removed az-reporter and entry 57 revoked az's first key."""
        az_new = self.signers[px.EXAMPLES[57 - 2].key]
        body = {"text": "refused (synthetic)"}
        self.expect_refusal("the token of a removed member", self.server.submit(
            tc.build_entry(origin, "note", "az", az_new, body), self.tokens["az-reporter"]), 401, None,
            "Unauthenticated")
        az_old = self.signers[self.party_key["az"]]
        self.expect_refusal("signed with a revoked key", self.server.submit(
            tc.build_entry(origin, "note", "az", az_old, body), self.tokens["az-party-admin"]), 422, None,
            "BadSignature")

    # -- 5. reading back -------------------------------------------------------------------------------------------

    def read_back(self):
        request, _ = self.indexes.get(12, (None, None))
        if request is None:
            self.fail("read back  entry 12 was not stored")
            return
        got = self.server.get("api/entries/12")
        if got.status != 200:
            self.fail(f"read back  GET /api/entries/12: {got.describe()}")
            return
        entry = got.json
        canonical_body = tc.canonical_json(request["body"])
        if (entry.get("envelope") != request["envelope"] or entry.get("bodyState") != "present"
                or tc.canonical_json(entry.get("body")) != canonical_body
                or tc.body_digest(entry["body"]) != entry["envelope"]["body"]
                or not tc.verify_envelope(entry["envelope"], self.signers[entry["envelope"]["key"]].public_key)):
            self.fail(f"read back  GET /api/entries/12 is not what was sent: {got.raw[:300]!r}")
        else:
            self.ok("read back  GET /api/entries/12: the envelope sent, its signature and the body's digest verify")

        erased = self.server.get("api/entries/53", token=self.tokens["mission-admin"])
        if erased.status == 200 and erased.json.get("bodyState") == "erased" and erased.json.get("body") is None:
            self.ok("read back  GET /api/entries/53: bodyState erased, body null (erased by entry 55)")
        else:
            self.fail(f"read back  GET /api/entries/53: wanted an erased body, got {erased.describe()}")
        hidden = self.server.get("api/entries/53")
        if hidden.status == 404:
            self.ok("read back  GET /api/entries/53 without a token: 404 (restricted)")
        else:
            self.fail(f"read back  GET /api/entries/53 without a token: wanted 404, got {hidden.describe()}")

        vkey = self.server.log_key()
        note = self.server.get("log/checkpoint").raw.decode("utf-8")
        try:
            origin, size, root = tc.verify_checkpoint(note, vkey)
        except (tc.VerificationError, ValueError, IndexError) as e:
            self.fail(f"read back  GET /log/checkpoint does not verify against GET /log/key: {e}")
            return
        last = max(self.indexes)
        if size <= last:
            self.fail(f"read back  the checkpoint's size {size} does not cover entry {last}")
            return
        self.ok(f"read back  GET /log/checkpoint: signed by {origin}, size {size}")
        for index in (12, last):
            proof = self.server.get(f"log/proof/inclusion?index={index}&size={size}")
            envelope = self.server.get(f"api/entries/{index}", token=self.tokens["mission-admin"]).json["envelope"]
            hashes = [base64.b64decode(h) for h in proof.json.get("hashes", [])] if proof.status == 200 else None
            if hashes is not None and tc.verify_inclusion(index, size, tc.leaf_hash(envelope), hashes, root):
                self.ok(f"read back  entry {index} is in the checkpoint's tree: inclusion proof of {len(hashes)} "
                        "hashes folds to its root")
            else:
                self.fail(f"read back  inclusion of entry {index} in size {size}: {proof.describe()}")

    # -- the whole check ---------------------------------------------------------------------------------------------

    def run(self):
        self.worked_example()
        self.read_deployment()
        origin = self.server.origin()
        self.ok(f"setup      origin {origin!r} (GET /log/key)")
        if origin != px.WORKED_ORIGIN:
            print(f"note: the examples' indexes assume a log made by 'truce init --origin {px.WORKED_ORIGIN}'")
        for example in px.EXAMPLES:
            self.submit_example(example, origin)
            if example.index == 11:
                self.issue_member_tokens()
            if example.index == 12:
                self.refusals(origin)
        self.refusals_at_the_end(origin)
        self.canonical_stress(origin)
        self.read_back()
        print(f"{self.accepted} accepted, {self.refused} refused as expected, {self.unexpected} unexpected")
        return 1 if self.unexpected else 0


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        return Check(tc.Server(argv[1]), argv[2]).run()
    except OSError as e:  # a deployment folder without its keys, a server that does not answer
        print(f"cannot run the check: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
