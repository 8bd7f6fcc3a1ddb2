#!/bin/sh
# Renders the app icon's PNGs from its SVG source:
#   assets/icon/wacost.svg -> assets/icon/hicolor/<N>x<N>/apps/wacost.png
# for N in 16 24 32 48 64 128 256 512 (the freedesktop icon theme's layout, so a package copies
# assets/icon/hicolor/ into /usr/share/icons/hicolor/ as it is). The PNGs are committed; run this
# after editing the SVG, then look at the 16 and 32 px files. The window embeds the 256 px one.
#
# Needs rsvg-convert (Debian/Ubuntu: apt-get install librsvg2-bin) or, failing that, CairoSVG
# (pip install cairosvg).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/assets/icon/wacost.svg"
out="$root/assets/icon/hicolor"
sizes="16 24 32 48 64 128 256 512"

if command -v rsvg-convert >/dev/null 2>&1; then
    render() { rsvg-convert --width "$1" --height "$1" --format png --output "$2" "$src"; }
elif python3 -c 'import cairosvg' >/dev/null 2>&1; then
    render() {
        python3 -c 'import sys, cairosvg; cairosvg.svg2png(url=sys.argv[1], write_to=sys.argv[2], output_width=int(sys.argv[3]), output_height=int(sys.argv[3]))' \
            "$src" "$2" "$1"
    }
else
    echo "gen_icons.sh: needs rsvg-convert (apt-get install librsvg2-bin) or CairoSVG (pip install cairosvg)" >&2
    exit 1
fi

for n in $sizes; do
    dir="$out/${n}x${n}/apps"
    mkdir -p "$dir"
    render "$n" "$dir/wacost.png"
    echo "$dir/wacost.png"
done
