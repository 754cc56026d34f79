#!/usr/bin/env bash
# Regenerates the committed .pb.swift files. Not run by CI or by the bench scripts: the
# generated code is committed. Needs protoc (Debian: protobuf-compiler) and swift-protobuf
# 1.39.0's protoc-gen-swift, e.g. built once with
#   git clone --branch 1.39.0 <swift-protobuf> /tmp/sp && swift build -c release --package-path /tmp/sp --product protoc-gen-swift
# and passed as PROTOC_GEN_SWIFT=/tmp/sp/.build/release/protoc-gen-swift.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
plugin="${PROTOC_GEN_SWIFT:?set PROTOC_GEN_SWIFT to the protoc-gen-swift of swift-protobuf 1.39.0}"
protoc --plugin=protoc-gen-swift="$plugin" -I "$here" \
  --swift_opt=Visibility=Public --swift_out="$here/../Sources/CodecBenchProto" codec_bench.proto
protoc --plugin=protoc-gen-swift="$plugin" -I "$here" \
  --swift_opt=Visibility=Public --swift_out="$here/../Sources/PingProto" ping.proto
