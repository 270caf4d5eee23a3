#!/usr/bin/env bash
# Builds target/debian/ankieter_<version>_<arch>.deb: the release binary, the
# hardened systemd unit, /etc/ankieter/ankieter.toml, the man page and shell
# completions generated from the binary itself. Needs cargo-deb
# (`cargo install cargo-deb`).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked
out=target/packaging
mkdir -p "$out"
target/release/ankieter man | gzip -9n > "$out/ankieter.1.gz"
target/release/ankieter completions bash > "$out/ankieter.bash"
target/release/ankieter completions zsh > "$out/_ankieter"
target/release/ankieter completions fish > "$out/ankieter.fish"
cargo deb --no-build --locked "$@"
