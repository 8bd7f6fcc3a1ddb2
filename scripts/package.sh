#!/usr/bin/env bash
# Builds wacost's Linux packages from this checkout:
#   target/debian/wacost_<version>-1_<arch>.deb   (cargo-deb; `cargo install cargo-deb --locked`)
#   target/package/wacost-<version>-<arch>-linux.tar.gz   (the same files, with INSTALL.txt)
# The man page and the shell completions are written by the release binary itself, so they list
# exactly the subcommands and flags it has.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --locked
bin=target/release/wacost
version="$("$bin" --version | awk '{print $2}')"
arch="$(uname -m)"
gen=target/package/generated
rm -rf target/package
mkdir -p "$gen/completions"

"$bin" man > "$gen/wacost.1"
gzip -9nf "$gen/wacost.1"
"$bin" completions bash > "$gen/completions/wacost.bash"
"$bin" completions zsh > "$gen/completions/_wacost"
"$bin" completions fish > "$gen/completions/wacost.fish"

# The .deb: file list and metadata in Cargo.toml, [package.metadata.deb].
if command -v cargo-deb >/dev/null; then
  cargo deb --no-build --locked
else
  echo "package.sh: cargo-deb is not installed (cargo install cargo-deb --locked): no .deb" >&2
fi

# The portable tarball: the same files under one folder, laid out as under /usr.
name="wacost-$version-$arch-linux"
root="target/package/$name"
mkdir -p "$root/bin" "$root/share/applications" "$root/share/metainfo" \
  "$root/share/mime/packages" "$root/share/man/man1" "$root/share/doc/wacost" \
  "$root/share/bash-completion/completions" "$root/share/zsh/vendor-completions" \
  "$root/share/fish/vendor_completions.d"
install -m 755 "$bin" "$root/bin/wacost"
mkdir -p "$root/share/icons"
cp -r assets/icon/hicolor "$root/share/icons/"
cp packaging/linux/*.desktop "$root/share/applications/"
cp packaging/linux/*.metainfo.xml "$root/share/metainfo/"
cp packaging/linux/wacost-mime.xml "$root/share/mime/packages/wacost.xml"
mkdir -p "$root/share/doc/wacost/examples" "$root/share/icons/hicolor/scalable/apps"
cp assets/example-scenario.json assets/examples/*.json "$root/share/doc/wacost/examples/"
cp assets/icon/wacost.svg "$root/share/icons/hicolor/scalable/apps/"
cp packaging/COPYRIGHT "$root/share/doc/wacost/copyright"
cp "$gen/wacost.1.gz" "$root/share/man/man1/"
cp "$gen/completions/wacost.bash" "$root/share/bash-completion/completions/wacost"
cp "$gen/completions/_wacost" "$root/share/zsh/vendor-completions/_wacost"
cp "$gen/completions/wacost.fish" "$root/share/fish/vendor_completions.d/wacost.fish"
cp README.md assets/fonts/DejaVu-LICENSE.txt "$root/share/doc/wacost/"
cp packaging/INSTALL.txt "$root/INSTALL.txt"
tar -C target/package -czf "target/package/$name.tar.gz" "$name"

echo "package.sh: $(ls target/debian/*.deb 2>/dev/null | tail -1) target/package/$name.tar.gz"
