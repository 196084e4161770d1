#!/usr/bin/env bash
# Interoperability check of chuanyu's C14N and XML-DSig against independent tools:
# libxml2's C14N (python3-lxml), xmlsec1 (RSA-SHA1, both directions) and OpenSSL 3
# (SM3 digest, SM2 signature with distinguishing id 1234567812345678).
# Needs: apt-get install xmlsec1 python3-lxml openssl. Not part of `cargo test`.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cargo build -q -p chuanyu-ceb --example dsig
EX=${CARGO_TARGET_DIR:-$ROOT/target}/debug/examples/dsig
PY=/usr/bin/python3

echo "== C14N of every official sample vs libxml2"
$PY - "$EX" "$ROOT" <<'PYEOF'
import sys, subprocess, glob
from lxml import etree
ex, root = sys.argv[1], sys.argv[2]
files = sorted(glob.glob(root + '/data/ceb-samples/*/*.xml'))
bad = [f for f in files
       if etree.tostring(etree.parse(f), method="c14n", with_comments=False) != subprocess.run([ex, 'c14n', f], capture_output=True).stdout]
print(len(files), "samples,", len(bad), "differ", bad)
sys.exit(1 if bad else 0)
PYEOF

$PY - "$ROOT" "$W" <<'PYEOF'
import sys
s = open(sys.argv[1] + '/data/ceb-samples/import/CEB621Message.xml', encoding='utf-8').read()
a = s.index('<ds:Signature'); b = s.index('</ds:Signature>') + len('</ds:Signature>')
open(sys.argv[2] + '/621.xml', 'w', encoding='utf-8').write(s[:a] + s[b:])
PYEOF
cd "$W"

echo "== RSA-SHA1: chuanyu signs, xmlsec1 verifies"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out k.pem 2>/dev/null
openssl pkey -in k.pem -pubout -out k-pub.pem
"$EX" sign k.pem 0001 621.xml > by-us.xml
xmlsec1 --verify --pubkey-pem k-pub.pem by-us.xml

echo "== RSA-SHA1: xmlsec1 signs, chuanyu verifies"
sed -e 's|<ds:DigestValue>[^<]*</ds:DigestValue>|<ds:DigestValue></ds:DigestValue>|' \
    -e 's|<ds:SignatureValue>[^<]*</ds:SignatureValue>|<ds:SignatureValue></ds:SignatureValue>|' by-us.xml > tmpl.xml
xmlsec1 --sign --privkey-pem k.pem --output by-xmlsec.xml tmpl.xml
"$EX" verify k-pub.pem by-xmlsec.xml

echo "== SM2-SM3: chuanyu signs, libxml2 C14N + OpenSSL check digest and signature"
"$EX" keygen-sign sm2 621.xml signed-sm2.xml sm2-pub.pem
$PY - "$W" <<'PYEOF'
import sys, base64
from lxml import etree
w = sys.argv[1]
t = etree.parse(w + '/signed-sm2.xml')
ns = {'ds': 'http://www.w3.org/2000/09/xmldsig#'}
open(w + '/si.c14n', 'wb').write(etree.tostring(t.find('.//ds:SignedInfo', ns), method="c14n", with_comments=False))
sv = base64.b64decode(t.find('.//ds:SignatureValue', ns).text)
def der_int(b):
    b = b.lstrip(b'\0')
    return b'\x02' + bytes([len(b) + (b[0] >= 0x80)]) + (b'\0' if b[0] >= 0x80 else b'') + b
body = der_int(sv[:32]) + der_int(sv[32:])
open(w + '/sig.der', 'wb').write(b'\x30' + bytes([len(body)]) + body)
open(w + '/digest.b64', 'w').write(t.find('.//ds:DigestValue', ns).text)
sig = t.find('.//ds:Signature', ns); sig.getparent().remove(sig)
open(w + '/doc.c14n', 'wb').write(etree.tostring(t, method="c14n", with_comments=False))
PYEOF
test "$(openssl dgst -sm3 -binary doc.c14n | base64)" = "$(cat digest.b64)" && echo "SM3 digest OK"
openssl pkeyutl -verify -in si.c14n -rawin -digest sm3 -pubin -inkey sm2-pub.pem \
    -sigfile sig.der -pkeyopt distid:1234567812345678
