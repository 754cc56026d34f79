#!/usr/bin/env bash
# Regenerates the test-only keys and certificates in this folder. They protect nothing:
# they exist so tests can exercise TLS, mTLS and token verification with real crypto.
# Run from anywhere: bash Shared/TestSupport/Fixtures/make-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")"
days=36500

make_ca() { # name subject
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days $days \
    -keyout "$1-key.pem" -out "$1.pem" -subj "/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

make_leaf() { # name subject ca extendedKeyUsage
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1-key.pem" -out "$1.csr" -subj "/CN=$2" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nsubjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=%s\n' "$4" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$3.pem" -CAkey "$3-key.pem" -CAcreateserial -days $days -out "$1.pem" -extfile "$1.ext" 2>/dev/null
  rm -f "$1.csr" "$1.ext" "$3.srl"
}

make_ca test-ca "Abonent Test CA"
make_ca other-ca "Untrusted Test CA"
make_leaf server "localhost" test-ca serverAuth
make_leaf client "abonent-test-client" test-ca clientAuth
make_leaf rogue-client "rogue-client" other-ca clientAuth

# Ed25519 signing keys as JWKs: the trusted one (kid test-key-1) and an impostor that
# claims the same kid but whose public half the services never see.
python3 - <<'PY'
import base64, json, os
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization
def b64(b): return base64.urlsafe_b64encode(b).rstrip(b"=").decode()
def jwk(kid):
    key = Ed25519PrivateKey.generate()
    d = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    x = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "kid": kid, "x": b64(x), "d": b64(d)}
trusted, impostor = jwk("test-key-1"), jwk("test-key-1")
public = {k: v for k, v in trusted.items() if k != "d"}
json.dump({"keys": [public]}, open("jwks.json", "w"), indent=2)
json.dump(trusted, open("signing-key.json", "w"), indent=2)
json.dump(impostor, open("impostor-key.json", "w"), indent=2)
PY
echo "fixtures written to $(pwd)"
