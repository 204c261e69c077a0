#!/usr/bin/env python3
"""Regenerates the seed corpus under Tests/Fuzz/corpus/ from the reference vectors and the pattern tests.

Run from the repository root: python3 Tools/fuzz/make-corpus.py [--vectors PATH]
Inputs are small, readable and deterministic; file names are <target>/<kind>-<n>.
"""
import argparse, json, os, re, urllib.parse

ap = argparse.ArgumentParser()
ap.add_argument("--vectors", default="/work/shared/reference/channel-vectors.json")
ap.add_argument("--out", default="Tests/Fuzz/corpus")
args = ap.parse_args()

corpus = {}
def add(target, kind, data):
    if isinstance(data, str):
        data = data.encode()
    corpus.setdefault(target, {})
    items = corpus[target]
    if data in items.values():
        return
    items[f"{kind}-{len(items):03d}"] = data

# --- patterns and events from the pattern test tables ------------------------------------------
cases = []
for name in sorted(os.listdir("Tests/HeraldPatternTests")):
    text = open(os.path.join("Tests/HeraldPatternTests", name)).read()
    cases += re.findall(r'Case\(#"(.*?)"#,\s*#"(.*?)"#', text)
patterns, events = [], []
for p, e in cases:
    if p not in patterns: patterns.append(p)
    if e not in events: events.append(e)
for i, (p, e) in enumerate(cases):
    if i % 3 == 0:  # every third case keeps the corpus small while covering each operator table
        add("pattern", "case", p + "\n" + e)
for p in patterns[:20]:
    add("pattern", "pattern", p)
add("pattern", "or", '{"$or":[{"a":[{"prefix":"x"}]},{"b":{"c":[{"numeric":[">",1,"<",10]}]}}],"source":["s"]}\n{"a":"xy","b":{"c":5},"source":"s"}')
add("pattern", "arrays", '{"a":{"b":[1],"c":["x"]}}\n{"a":[{"b":1,"c":"y"},{"b":2,"c":"x"}]}')
add("pattern", "deep", '{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":[{"exists":true}]}}}}}}}}')
add("pattern", "wild", '{"k":[{"wildcard":"*a*b*\\\\*c*"},{"anything-but":{"wildcard":["x*","*y"]}}]}\n{"k":"xaybz*c1"}')
add("pattern", "cidr", '{"ip":[{"cidr":"10.0.0.0/24"},{"cidr":"2001:db8::/32"},{"anything-but":{"prefix":"192."}}]}\n{"ip":"10.0.0.255"}')

# --- JSON ----------------------------------------------------------------------------------------
for e in events[:30]:
    add("json", "event", e)
for doc in ['{"a":"\\u00e9\\ud83d\\ude00\\n\\"\\\\/","b":[-0,1e400,1E-7,0.5,12345678901234567890],"c":{}}',
            '[[[[[[[[[[[[[[[[[[[[{"deep":true}]]]]]]]]]]]]]]]]]]]]', ' \t\r\n{"dup":1,"dup":2} ', '"\\u0000"', 'null',
            '{"x":[true,false,null,"",{}]}', '123', '-1.5e-10', '"\\ud800"', '{"a":1,}', '[1 2]', '\x00', '"\xc3\xa9"']:
    add("json", "doc", doc)

# --- envelopes -----------------------------------------------------------------------------------
base = {"version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718", "detail-type": "EC2 Instance State-change Notification",
        "source": "aws.ec2", "account": "111122223333", "time": "2017-12-22T18:43:48Z", "region": "us-west-1",
        "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
        "detail": {"instance-id": "i-1234567890abcdef0", "state": "terminated"}}
add("envelope", "ec2", json.dumps(base))
add("envelope", "replay", json.dumps(dict(base, **{"replay-name": "r1", "time": "2024-02-29T23:59:59.123456789Z"})))
add("envelope", "offset", json.dumps(dict(base, time="2024-01-01T01:00:00+01:00", detail={"n": [1, {"x": None}]})))
add("envelope", "minimal", '{"version":"0","id":"1","detail-type":"t","source":"s","account":"1","time":"1970-01-01T00:00:00Z","region":"r"}')
add("envelope", "detail", '{"orderId":"o-1","amount":12.5,"items":[{"sku":"a"}],"customer":{"tier":"gold"}}')
add("envelope", "badtime", json.dumps(dict(base, time="2024-13-45T99:99:99Z")))
for e in events[:10]:
    add("envelope", "detail", e)

# --- socket framing: byte 0 picks the line limit ------------------------------------------------
line = '{"Source":"app.orders","DetailType":"OrderPlaced","Detail":{"orderId":"o-1"}}'
add("framing", "lines", bytes([40]) + (line + "\n" + line + "\r\n\n" + line).encode())
add("framing", "crlf", bytes([63]) + b"a\r\n\r\nb\rc\n\r\n" + b"x" * 70 + b"\n" + b"tail")
add("framing", "long", bytes([5]) + b"123456\n12345\n1234567890123\n\n\nok")
add("framing", "nolf", bytes([20]) + b"no newline at the end of this stream")
add("framing", "empty", bytes([0]) + b"\n\n\n")
add("framing", "binary", bytes([9]) + bytes(range(0, 256)))

# --- form ----------------------------------------------------------------------------------------
add("form", "twilio", "MessageSid=SM1&MessageStatus=delivered&To=%2B15551234567&From=whatsapp%3A%2B1555&ErrorCode=&ApiVersion=2010-04-01")
add("form", "plus", "a=b+c&a=d%20e&=&&x&%zz=%4&%C3%A9=%E2%82%AC")
add("form", "json", '{"Body":"hello & goodbye = 100%","To":"+1555","Count":3,"Flag":true,"Skip":null,"Many":["a",1,null]}')
add("form", "bad", '{"nested":{"a":1}}')

# --- webhooks from the vectors -------------------------------------------------------------------
vectors = json.load(open(args.vectors))
for v in vectors["twilio"]["vectors"]:
    body = v.get("body") or urllib.parse.urlencode([tuple(p) for p in v.get("params", [])])
    add("twilio", v["id"], "\n".join([v["url"], v.get("signature", ""), ""]) + "\n" + body)
add("twilio", "sha256", "https://h.example:8443/cb?cid=c1#f\nsig\nkey=k1,algorithm=HMAC_SHA256\nMessageSid=SM1&SmsStatus=undelivered&ErrorCode=30003")
add("twilio", "ipv6", "http://user:pw@[::1]:80/p?a=1&a=2&b\nx\n\nMessageSid=SM2&MessageStatus=read&ChannelPrefix=whatsapp")
for name in ("svix", "resend"):
    for v in vectors[name]["vectors"]:
        sig = v.get("signature_header") or ""
        add("svix", v["id"], "\n".join([v.get("msg_id", ""), sig, str(v.get("timestamp", "")), v.get("secret", "")]) + "\n" + v.get("body", ""))
for kind in ["email.bounced", "email.delivery_delayed", "email.complained", "email.failed", "email.suppressed", "email.opened", "contact.created"]:
    body = {"type": kind, "created_at": "2024-02-22T23:41:12.126Z",
            "data": {"email_id": "e-1", "to": ["a@example.com", "b@example.com"], "tags": [{"name": "incident_id", "value": "INC-1"}],
                     "bounce": {"type": "Permanent", "subType": "General", "message": "no"}, "failed": {"reason": "x"},
                     "suppressed": {"type": "s", "message": "m"}}}
    add("svix", "resend", "msg_1\nv1,AAAA\n1708645272\nwhsec_AAAA\n" + json.dumps(body))

for flags in range(0, 16, 3):
    add("hmac", "flags", bytes([flags]) + b"sha256=00ff\n1700000000\n" + b'{"id":"d-1","status":"delivered"}')
add("hmac", "base64", bytes([1]) + b"  c2lnbmF0dXJl==  \n\nbody")
add("hmac", "badhex", bytes([4]) + b"sha256=xyz\n-5\n")

# --- transform -----------------------------------------------------------------------------------
for path, template in [
    ("$.detail.object['a b']", '{"v":<v>,"s":"<s> and <o>","n":<n>,"all":<aws.events.event>}'),
    ("$.detail.list[2].three[0]", '"Incident <v>: <s>"'),
    ("$['detail']['quote']", 'plain text <v> <s> <o> <a> <aws.events.rule-name> <aws.events.event.ingestion-time>'),
    ("$.detail.list[*]", '{"w":<w>,"v":[<v>,<a>],"e":<aws.events.event.json>}'),
    ("$.detail.unicode", '{"k":"\\\\<v>n"}'),
    ("$..bad", '{"<v>":1}'),
    ("$.detail.none", '<v>'),
    ("$['it\\'s']", '{"m":<m>,"z":"<z>","b":<b>,"u":"<u>"}'),
]:
    add("transform", "template", path + "\n" + template)

# Replace the generated seeds; keep `fixed-*` files (reproducers of fixed findings, moved in from Tests/Fuzz/crashes).
if os.path.isdir(args.out):
    for target in os.listdir(args.out):
        for name in os.listdir(os.path.join(args.out, target)):
            if not name.startswith("fixed-"):
                os.remove(os.path.join(args.out, target, name))
total = 0
for target, items in sorted(corpus.items()):
    os.makedirs(os.path.join(args.out, target), exist_ok=True)
    for name, data in items.items():
        with open(os.path.join(args.out, target, name), "wb") as f:
            f.write(data)
        total += len(data)
    print(f"{target}: {len(items)} files")
print(f"total {sum(len(v) for v in corpus.values())} files, {total} bytes")
