#!/usr/bin/env bash
# Builds target/debian/ankieter_<version>_<arch>.deb: the release binary, the
# hardened systemd unit, /etc/ankieter/ankieter.toml, the man page and shell
# completions generated from the binary itself. Needs cargo-deb
# (`cargo install cargo-deb`).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked
# cargo-deb finds the binary in the target folder wherever it is
# (CARGO_TARGET_DIR); the generated pages go beside the packaging files.
binary="${CARGO_TARGET_DIR:-target}/release/ankieter"
out=packaging/generated
mkdir -p "$out"
"$binary" man | gzip -9n > "$out/ankieter.1.gz"
"$binary" completions bash > "$out/ankieter.bash"
"$binary" completions zsh > "$out/_ankieter"
"$binary" completions fish > "$out/ankieter.fish"
cargo deb --no-build --locked "$@"
echo "built: $(ls -t "${CARGO_TARGET_DIR:-target}"/debian/ankieter_*.deb | head -1)"
