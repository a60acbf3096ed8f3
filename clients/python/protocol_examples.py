"""The examples of docs/PROTOCOL.md section 6, copied as the document prints them, in its replay order (section 7).

On a deployment fresh from `truce init --origin example.truce.invalid/log` (entries 0 and 1), submitting them in
order, one request each, gives exactly these indexes. Each is signed by `party` (with `key` when the party has
several) and posted with the token of the member `<party>-<role>` (the mission's member is `mission-admin`).
"""

from collections import namedtuple

Example = namedtuple("Example", "index kind party role vis to key body", defaults=(None, None, None))

# The example keys of section 6 (RFC 8032's published test vectors: for examples only). The first key of a party is
# the one it signs with unless an example names another.
SEEDS = {
    "az": "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
    "am": "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
    "pk": "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
    "mine-agency": "f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
}
SECOND_KEYS = {
    # az's second key, registered by entry 56
    "az": "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
}

# Section 3's worked example: the request for entry 12, to be posted as it is on a log of this origin.
WORKED_ORIGIN = "example.truce.invalid/log"
WORKED_SEED = SEEDS["az"]
WORKED_PUBLIC_KEY = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
WORKED_KEY_ID = "k21fe31dfa154a261"
WORKED_BODY_AS_WRITTEN = """
{
  "text": "Patrol on the Ağdam road: no incident.",
  "synthetic": true
}
"""
WORKED_CANONICAL = '{"synthetic":true,"text":"Patrol on the Ağdam road: no incident."}'
WORKED_DIGEST = "77d5bccd425f59145ac200c87961d72240a5b875b7829ce7f3df3d1614b8d7cb"
WORKED_SIGNED_LENGTH = 273
WORKED_SIGNATURE = "z3xpCHKjyxjGKdaddUraAexP3q6GWAV5aK6wC/UA8eUaXLQnWhvCTgiBK52alq5UM0geTqXaUGovYHT7ecI/CQ=="
WORKED_LEAF_HASH = "fff742c4ce811af3f9e64470794be01e5e3aabeb810865c44a96830dcea7664e"
WORKED_REQUEST = """
{"envelope": {"v": 1, "log": "example.truce.invalid/log", "kind": "note", "party": "az", "key": "k21fe31dfa154a261",
  "time": "2025-06-01T09:30:00.000Z", "cid": "01972ad399c07a3b8c4d5e6f70819a2b",
  "body": "77d5bccd425f59145ac200c87961d72240a5b875b7829ce7f3df3d1614b8d7cb", "vis": "public",
  "sig": "z3xpCHKjyxjGKdaddUraAexP3q6GWAV5aK6wC/UA8eUaXLQnWhvCTgiBK52alq5UM0geTqXaUGovYHT7ecI/CQ=="},
 "body": {"text": "Patrol on the Ağdam road: no incident.", "synthetic": true}}
"""

EXAMPLES = [
    Example(2, "party.register", "mission", "mission-admin", "public", body="""
{"id": "az", "kind": "conflict-party", "names": {"en": "Side A (example)", "az": "Tərəf A"},
 "keys": [{"id": "k21fe31dfa154a261", "publicKey": "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
           "validFrom": "2025-01-01T00:00:00.000Z"}]}
"""),
    Example(3, "party.register", "mission", "mission-admin", "public", body="""
{"id": "am", "kind": "conflict-party", "names": {"en": "Side B (example)", "hy": "Կողմ Բ"},
 "keys": [{"id": "k39f713d0a644253f", "publicKey": "PUAXw+hDiVqStwqnTRt+vJyYLM8uxJaMwM1V8Sr0Zgw=",
           "validFrom": "2025-01-01T00:00:00.000Z"}]}
"""),
    Example(4, "party.register", "mission", "mission-admin", "public", body="""
{"id": "pk", "kind": "peacekeeping-force", "names": {"en": "Peacekeeping force (example)"},
 "keys": [{"id": "kdac073e0123bdea5", "publicKey": "/FHNjmIYoaONpH7QAjDwWAgW7RO6MwOsXeuRFUiQgCU=",
           "validFrom": "2025-01-01T00:00:00.000Z"}]}
"""),
    Example(5, "party.register", "mission", "mission-admin", "public", body="""
{"id": "mine-agency", "kind": "mine-action-authority", "names": {"en": "Mine action agency (example)"},
 "keys": [{"id": "k91384c411e5af296", "publicKey": "J4EX/BRMcjQPZ9DyMW6Dhs7/vyskKMnFH+98WX8dQm4=",
           "validFrom": "2025-01-01T00:00:00.000Z"}]}
"""),
    Example(6, "member.add", "mission", "mission-admin", "mission", body="""
{"id": "az-reporter", "party": "az", "name": "Side A liaison officer (example)", "roles": ["reporter"],
 "nonce": "Qm9yPq1vZx3yTt6KcW8e2A"}
"""),
    Example(7, "member.add", "mission", "mission-admin", "mission", body="""
{"id": "az-party-admin", "party": "az", "name": "Side A administrator (example)", "roles": ["party-admin"],
 "nonce": "u7Rj2LxV0aQp9sNwE4kD1g"}
"""),
    Example(8, "member.add", "mission", "mission-admin", "mission", body="""
{"id": "am-party-admin", "party": "am", "name": "Side B administrator (example)", "roles": ["party-admin"],
 "nonce": "Yc5HbT8mQ2rL0vXz7eKa3w"}
"""),
    Example(9, "member.add", "mission", "mission-admin", "mission", body="""
{"id": "pk-verifier", "party": "pk", "name": "Force monitoring officer (example)", "roles": ["verifier"],
 "nonce": "N1gW4pE9sZ6cR3tYb0Hq8f"}
"""),
    Example(10, "member.add", "mission", "mission-admin", "mission", body="""
{"id": "pk-checkpoint-officer", "party": "pk", "name": "Checkpoint duty officer (example)",
 "roles": ["checkpoint-officer"], "nonce": "e2Kx7Vq0Lm5Rj8Tb3Wz1Ya"}
"""),
    Example(11, "member.add", "mission", "mission-admin", "mission", body="""
{"id": "mine-agency-mine-action-officer", "party": "mine-agency", "name": "Operations officer (example)",
 "roles": ["mine-action-officer"], "nonce": "P6sD1hF9jK3lZ7xC0vB4nM"}
"""),
    Example(12, "note", "az", "reporter", "public", body="""
{"text": "Patrol on the Ağdam road: no incident.", "synthetic": true}
"""),
    Example(13, "report", "az", "reporter", "public", body="""
{
  "category": "ceasefire-violation",
  "type": "mortar",
  "perceptions": [{"kind": "explosion", "assessment": "impact", "sense": "heard-and-seen",
                   "count": {"low": 3, "best": 5, "high": 8}}],
  "time": {"start": "2025-06-12T08:02:00Z", "end": "2025-06-12T08:06:00Z", "precision": "minute"},
  "location": {"geometry": {"type": "Point", "coordinates": [46.93, 39.99]}, "precision": "near",
               "text": "2 km north of Aghdam"},
  "counts": {"explosions": {"low": 3, "best": 5, "high": 8}},
  "weapon": "82 mm mortar",
  "casualties": [{"side": "unknown", "status": "civilian", "killed": 0, "injured": {"low": 1, "best": 1, "high": 2}}],
  "damage": "roof of a house",
  "source": {"kind": "party-statement", "id": "az-mod"},
  "evidence": [{"digest": "35a04890caf66186ccddb48a18418a8602466e31e63ae694f14da0bec6be8d06",
                "mediaType": "image/jpeg", "description": "crater"}],
  "confidence": "medium",
  "description": "Five impacts north of the town.",
  "synthetic": true
}
"""),
    Example(14, "report", "pk", "verifier", "public", body="""
{
  "category": "ceasefire-violation",
  "type": "artillery",
  "perceptions": [{"kind": "explosion", "assessment": "impact", "sense": "heard"}],
  "time": {"start": "2025-06-12T08:03:00Z", "precision": "minute"},
  "observer": {"id": "OP-7", "position": {"type": "Point", "coordinates": [46.9, 39.95]},
               "bearing": 30, "bearingError": 5, "distance": {"min": 4, "max": 7}},
  "source": {"kind": "observation-post", "id": "OP-7"},
  "confidence": "high",
  "synthetic": true
}
"""),
    Example(15, "report", "az", "reporter", "public", body="""
{
  "category": "ceasefire-violation",
  "type": "small-arms",
  "time": {"start": "2025-06-13T21:10:00Z", "end": "2025-06-13T21:40:00Z"},
  "location": {"geometry": {"type": "Point", "coordinates": [47.05, 39.7]}, "precision": "settlement"},
  "source": {"kind": "party-statement", "id": "az-mod"},
  "synthetic": true
}
"""),
    Example(16, "report", "az", "reporter", "public", body="""
{
  "category": "explosion",
  "type": "explosion-unknown",
  "time": {"start": "2025-06-14T02:00:00Z", "precision": "hour"},
  "location": {"geometry": {"type": "Point", "coordinates": [46.75, 40.15]}, "radius": 3000},
  "source": {"kind": "public"},
  "synthetic": true
}
"""),
    Example(17, "report.retract", "az", "reporter", "public", body="""
{"report": 16, "reason": "the statement gave the wrong village; a corrected report follows"}
"""),
    Example(18, "incident.status", "pk", "verifier", "public", body="""
{"incident": "I-13", "status": "under-review", "reason": "two independent sources; assessing"}
"""),
    Example(19, "incident.merge", "pk", "verifier", "public", body="""
{"into": "I-13", "from": 15, "reason": "the same shelling, reported a day late"}
"""),
    Example(20, "incident.split", "pk", "verifier", "public", body="""
{"incident": "I-13", "reports": [15], "reason": "small-arms fire the next night is another event"}
"""),
    Example(21, "incident.link", "pk", "verifier", "public", body="""
{"report": 14, "incident": "I-13", "reason": "the post's bearing crosses the reported impact area"}
"""),
    Example(22, "incident.recorrelate", "pk", "verifier", "public", body="""
{"reason": "new reports arrived late"}
"""),
    Example(23, "correlation.config", "mission", "mission-admin", "public", body="""
{"join": 0.7, "suggest": 0.2, "clockToleranceMinutes": 10}
"""),
    Example(24, "taxonomy.extend", "mission", "mission-admin", "public", body="""
{"types": [{"id": "loitering-munition", "category": "ceasefire-violation", "family": "aerial",
            "label": "Loitering munition strike"}]}
"""),
    Example(25, "claim", "az", "reporter", "public", body="""
{
  "actor": {"name": "Ministry of Defence of side A (example)", "kind": "ministry", "party": "az"},
  "stance": "attributes",
  "attributedTo": "the other side's units",
  "attributedToParty": "am",
  "incidents": ["I-13"],
  "quote": "The other side's units shelled our positions north of Aghdam.",
  "language": "en",
  "source": {"title": "Ministry statement", "outlet": "ministry website", "date": "2025-06-12T12:00:00Z",
             "url": "https://example.org/statement"},
  "synthetic": true
}
"""),
    Example(26, "claim.link", "pk", "verifier", "public", body="""
{"claim": 25, "incidents": ["I-20"], "reason": "the statement also covers the next night"}
"""),
    Example(27, "restriction", "pk", "verifier", "public", body="""
{"kind": "patrol-stopped", "time": {"start": "2025-06-15T10:00:00Z", "end": "2025-06-15T10:40:00Z"},
 "location": {"type": "Point", "coordinates": [46.8, 39.9]}, "by": "armed men at a roadblock", "team": "patrol-3",
 "description": "The patrol was stopped for 40 minutes and turned back.", "synthetic": true}
"""),
    Example(28, "hotline", "az", "reporter", "restricted", to=["am", "pk"], body="""
{"subject": "Fire reported near the line", "text": "We report fire towards our positions and ask the mission to verify.",
 "urgency": "priority", "incidents": ["I-13"], "nonce": "c3Vh8LwQ2nZr5Tb9Xk1MpA", "synthetic": true}
"""),
    Example(29, "place", "pk", "verifier", "public", body="""
{"id": "OP-7", "kind": "observation-post", "geometry": {"type": "Point", "coordinates": [46.9, 39.95]},
 "names": {"en": "Observation post 7"}, "controlledBy": "pk", "synthetic": true}
"""),
    Example(30, "agreement", "mission", "mission-admin", "public", body="""
{
  "id": "ceasefire-2025",
  "title": "Ceasefire arrangement (example)",
  "date": "2025-05-01",
  "signatories": ["az", "am"],
  "provisions": [
    {"number": 1, "text": "Complete ceasefire from 1 May 2025.", "actors": ["az", "am"],
     "rules": [{"type": "ceasefire", "from": "2025-05-01T00:00:00Z"}]},
    {"number": 2, "text": "The force deploys at most 2,000 troops and patrols and escorts along the north road.",
     "actors": ["pk"],
     "rules": [{"type": "limit", "measure": "troops", "max": 2000},
               {"type": "permits", "activities": ["deployment", "patrol", "escort"], "corridor": "north-road"}]},
    {"number": "3a", "text": "The north road corridor is 5 km wide.", "actors": ["pk"],
     "rules": [{"type": "corridor", "corridor": "north-road", "widthKm": 5}]},
    {"number": 4, "text": "Side B hands over the Aghdam district by 1 July 2025.", "actors": ["am"],
     "rules": [{"type": "deadline", "due": "2025-07-01T00:00:00Z", "metBy": "handover"}]},
    {"number": 5, "text": "The force's term is 5 years, renewed unless notice is given 6 months before it ends.",
     "actors": ["pk"],
     "rules": [{"type": "term", "from": "2025-05-01T00:00:00Z", "years": 5, "noticeMonths": 6}]}
  ],
  "synthetic": true
}
"""),
    Example(31, "agreement.draft", "az", "party-admin", "public", body="""
{
  "id": "draft-az",
  "title": "Side A's proposed mandate (example)",
  "provisions": [
    {"number": "A1", "text": "Officials and military personnel use the north road only with side A's consent.",
     "actors": ["pk"],
     "rules": [{"type": "consent", "categories": ["official", "military"], "corridor": "north-road",
                "consentBy": ["az"]}]}
  ],
  "synthetic": true
}
"""),
    Example(32, "agreement.response", "am", "party-admin", "public", body="""
{"agreement": "draft-az", "decision": "reject", "reason": "the arrangement requires no consent for transit"}
"""),
    Example(33, "provision.amend", "az", "party-admin", "public", body="""
{"agreement": "draft-az",
 "provision": {"number": "A1", "text": "Military personnel use the north road only with side A's consent.",
               "actors": ["pk"],
               "rules": [{"type": "consent", "categories": ["military"], "corridor": "north-road",
                          "consentBy": ["az"]}]},
 "reason": "officials no longer need consent"}
"""),
    Example(34, "corridor", "mission", "mission-admin", "public", body="""
{"id": "north-road", "route": {"type": "LineString", "coordinates": [[46.75, 39.82], [46.6, 39.7], [46.45, 39.62]]},
 "widthKm": 5, "validFrom": "2025-05-01T00:00:00Z", "controlledBy": "pk", "approximate": true,
 "note": "drawn through the towns it passes", "synthetic": true}
"""),
    Example(35, "checkpoint", "mission", "mission-admin", "public", body="""
{"id": "cp-north", "name": "North road checkpoint (example)", "position": {"type": "Point", "coordinates": [46.6, 39.7]},
 "corridor": "north-road", "controlledBy": "pk", "synthetic": true}
"""),
    Example(36, "movement.notice", "am", "party-admin", "public", body="""
{"id": "N-2025-001", "people": [{"category": "civilian", "count": 12}], "vehicles": 2, "purpose": "return of residents",
 "corridor": "north-road", "from": "2025-06-20T06:00:00Z", "until": "2025-06-20T18:00:00Z",
 "answerBy": "2025-06-19T12:00:00Z", "oneWay": true, "synthetic": true}
"""),
    Example(37, "movement.consent", "az", "party-admin", "public", body="""
{"notice": 36, "decision": "give", "reason": "civilians return freely"}
"""),
    Example(38, "transit", "pk", "checkpoint-officer", "public", body="""
{"checkpoint": "cp-north", "direction": "in", "time": "2025-06-20T08:10:00Z", "notice": 36,
 "people": [{"category": "civilian", "count": 12}], "vehicles": 2, "cargo": "personal belongings", "synthetic": true}
"""),
    Example(39, "transit", "pk", "checkpoint-officer", "public", body="""
{"checkpoint": "cp-north", "direction": "in", "time": "2025-06-21T03:20:00Z", "mover": "am",
 "people": [{"category": "other", "count": 2}], "vehicles": 1,
 "position": {"type": "Point", "coordinates": [46.61, 39.71]}, "synthetic": true}
"""),
    Example(40, "activity", "pk", "verifier", "public", body="""
{"kind": "patrol", "actor": "pk", "where": {"type": "Point", "coordinates": [46.62, 39.71]},
 "start": "2025-06-22T06:00:00Z", "end": "2025-06-22T10:00:00Z",
 "authority": {"agreement": "ceasefire-2025", "provision": "2"}, "description": "Patrol along the north road.",
 "synthetic": true}
"""),
    Example(41, "flag.response", "pk", "verifier", "public", body="""
{"flag": "F-39-transit-without-notice", "response": "contest",
 "reason": "the two were a repair crew the checkpoint had been told of by phone"}
"""),
    Example(42, "minefield.record", "am", "party-admin", "restricted", to=["az", "mine-agency"], body="""
{
  "id": "MF-AGH-01",
  "laidBy": "am",
  "district": "Aghdam",
  "pattern": "row",
  "perimeter": {"type": "Polygon",
                "coordinates": [[[46.9, 39.97], [46.91, 39.97], [46.91, 39.976], [46.9, 39.976], [46.9, 39.97]]]},
  "referencePoints": [
    {"name": "RP1", "position": {"type": "Point", "coordinates": [46.898, 39.968]}, "description": "road culvert"},
    {"name": "RP2", "position": {"type": "Point", "coordinates": [46.912, 39.968]}}
  ],
  "dimensions": [{"from": "RP1", "to": "corner SW", "bearingDeg": 40, "distanceM": 260}],
  "mines": [{"type": "ap", "model": "PMN-2", "number": 120, "emplacing": "hand", "fuze": "pressure",
             "antiHandling": false}],
  "laidFrom": "2020-10-05T00:00:00Z",
  "laidUntil": "2020-10-20T00:00:00Z",
  "rows": [{"id": "R1", "line": {"type": "LineString", "coordinates": [[46.901, 39.973], [46.909, 39.973]]},
            "mines": 120}],
  "marking": "none recorded",
  "scans": [{"sha256": "df8c967374bd59676f8053049d143d7f8b1b2131108f9543fed8a7b5a2d5d628", "mediaType": "image/tiff",
             "name": "record scan", "pages": 1}],
  "nonce": "Wm4Tq9Lc2Vx7Hb0Rk5Np3z",
  "synthetic": true
}
"""),
    Example(43, "minefield.handover", "am", "party-admin", "public", body="""
{"id": "HO-2025-01", "records": ["MF-AGH-01"], "to": "az", "at": "2025-06-12T10:00:00Z",
 "through": "international mediators", "minesStated": 120, "note": "records of the Aghdam district", "synthetic": true}
"""),
    Example(44, "hazard", "mine-agency", "mine-action-officer", "public", body="""
{
  "id": "CHA-AGH-001",
  "type": "CHA",
  "name": "Aghdam north fields (example)",
  "district": "Aghdam",
  "benchmark": {"type": "Point", "coordinates": [46.898, 39.968]},
  "perimeter": {"type": "Polygon",
                "coordinates": [[[46.9, 39.97], [46.91, 39.97], [46.91, 39.976], [46.9, 39.976], [46.9, 39.97]]]},
  "devices": ["ap-mine"],
  "evidence": [{"type": "reliable-record", "reliability": "medium", "note": "minefield record MF-AGH-01"},
               {"type": "former-front-line", "reliability": "high"}],
  "blockages": ["farmland"],
  "beneficiaries": 350,
  "sources": [{"kind": "minefield-record", "ref": "MF-AGH-01"}],
  "synthetic": true
}
"""),
    Example(45, "hazard.update", "mine-agency", "mine-action-officer", "public", body="""
{"hazard": "CHA-AGH-001", "devices": ["ap-mine", "uxo"], "beneficiaries": 420,
 "reason": "survey found unexploded mortar rounds too"}
"""),
    Example(46, "mine.task", "mine-agency", "mine-action-officer", "public", body="""
{"id": "T-001", "hazards": ["CHA-AGH-001"], "organisation": "Demining team 4 (example)", "activity": "clearance",
 "assigned": "2025-07-01T00:00:00Z", "due": "2025-09-30T00:00:00Z", "priority": "high", "synthetic": true}
"""),
    Example(47, "release.activity", "mine-agency", "mine-action-officer", "public", body="""
{"id": "A-001", "type": "clearance", "hazard": "CHA-AGH-001", "task": "T-001", "organisation": "Demining team 4 (example)",
 "method": "manual", "assets": ["8 deminers"], "depthCm": 20, "start": "2025-07-05T00:00:00Z",
 "end": "2025-07-20T00:00:00Z", "status": "completed",
 "outcomes": {"cleared": {"type": "Polygon",
                          "coordinates": [[[46.9, 39.97], [46.905, 39.97], [46.905, 39.976], [46.9, 39.976], [46.9, 39.97]]]}},
 "synthetic": true}
"""),
    Example(48, "minefield.accuracy", "mine-agency", "mine-action-officer", "public", body="""
{"record": "MF-AGH-01", "activity": "A-001", "checked": 60, "confirmed": 14, "unrecorded": 3, "toleranceM": 5,
 "finding": "most of row R1 was displaced by flooding"}
"""),
    Example(49, "qm.visit", "mine-agency", "mine-action-officer", "public", body="""
{"id": "QM-001", "activity": "A-001", "organisation": "Demining team 4 (example)", "at": "2025-07-10T00:00:00Z",
 "result": "unsatisfactory",
 "nonconformities": [{"category": "major", "description": "lane marking incomplete at the worksite boundary",
                      "correctiveAction": "re-marked and re-checked the next day"}],
 "synthetic": true}
"""),
    Example(50, "ordnance.found", "mine-agency", "mine-action-officer", "public", body="""
{"id": "EO-001", "category": "missile-remains", "model": "9M723", "quantity": 1, "condition": "fragments",
 "fuzeState": "none", "position": {"type": "Point", "coordinates": [46.903, 39.972]}, "found": "2025-07-12T09:00:00Z",
 "action": "handed-over-as-evidence", "hazard": "CHA-AGH-001", "incidents": ["I-13"], "note": "found during clearance",
 "synthetic": true}
"""),
    Example(51, "mine.accident", "mine-agency", "mine-action-officer", "public", body="""
{"id": "ACC-001", "position": {"type": "Point", "coordinates": [46.907, 39.974]}, "time": "2025-07-15T07:30:00Z",
 "device": "ap-mine", "kind": "civilian", "areaMarked": false, "activation": "agricultural-work",
 "hazard": "CHA-AGH-001", "note": "a farmer ploughing the field's edge", "synthetic": true}
"""),
    Example(52, "mine.victim", "mine-agency", "mine-action-officer", "mission", body="""
{"id": "V-001", "accident": "ACC-001", "sex": "male", "age": 43, "role": "civilian", "outcome": "injured",
 "activity": "farming", "knewDangerous": false, "hadRiskEducation": false, "nonce": "Rt6Yp1Kq8Zm3Wc5Lx0Nv2b",
 "synthetic": true}
"""),
    Example(53, "mine.victim.personal", "mine-agency", "mine-action-officer", "restricted", to=["mission", "pk"], body="""
{"victim": "V-001", "name": "Example Person (not a real individual)", "dateOfBirth": "1982-03-04",
 "residence": "Aghdam district", "note": "erased by entry 55", "nonce": "Jd8Fs2Gh5Kl0Zx3Cv6Bn9m"}
"""),
    Example(54, "mine.import", "mine-agency", "mine-action-officer", "public", body="""
{"hazards": [{"id": "SHA-AGH-002", "type": "SHA", "district": "Aghdam",
              "benchmark": {"type": "Point", "coordinates": [46.918, 39.978]},
              "perimeter": {"type": "Polygon",
                            "coordinates": [[[46.92, 39.98], [46.93, 39.98], [46.93, 39.985], [46.92, 39.985], [46.92, 39.98]]]},
              "devices": ["uxo"], "evidence": [{"type": "former-front-line", "reliability": "medium"}],
              "sources": [{"kind": "survey", "ref": "NTS-2025-014"}], "synthetic": true}],
 "source": "non-technical survey, June 2025"}
"""),
    Example(55, "erase", "mission", "mission-admin", "public", body="""
{"target": 53, "reason": "the person asked for their personal data to be erased"}
"""),
    Example(56, "key.add", "az", "party-admin", "public", key="k21fe31dfa154a261", body="""
{"party": "az", "key": {"id": "k5f9b247e2a654719", "publicKey": "7Bcrk61eVjv0kyxw4SRQNMNUZ+8u/U1k6/gZaDRn4r8=",
                        "validFrom": "2025-01-01T00:00:00.000Z"}}
"""),
    Example(57, "key.revoke", "az", "party-admin", "public", key="k5f9b247e2a654719", body="""
{"key": "k21fe31dfa154a261", "reason": "rotation"}
"""),
    Example(58, "member.remove", "az", "party-admin", "mission", key="k5f9b247e2a654719", body="""
{"id": "az-reporter", "reason": "left the liaison office", "nonce": "Hq3Zt8Wn1Lb6Xs0Kd5Rv9c"}
"""),
]
