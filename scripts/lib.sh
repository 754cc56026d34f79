# Shared helpers for the scripts in this folder. Source it; do not run it.

# Installs the Debian packages and Python packages the suite needs, if missing.
ensure_dependencies() {
  local missing=()
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if ! python3 -c 'import grpc, pytest, cryptography, h2' 2>/dev/null; then
    echo "installing Python packages for clients/python and Tests/Hardening"
    python3 -m pip install -q -r clients/python/requirements.txt -r Tests/Hardening/requirements.txt cryptography
  fi
}

# Prints a free TCP port on loopback.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Waits until something accepts connections on 127.0.0.1:$1 (at most ~20 s).
wait_for_port() {
  for _ in $(seq 1 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing is listening on port $1" >&2
  return 1
}
