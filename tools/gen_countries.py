#!/usr/bin/env python3
"""Generate src/domain/country_data.rs.

Sources:
  * pycountry     -- ISO 3166-1 alpha-2 codes and names
  * phonenumbers  -- country calling codes and NANP (+1) area-code ownership

Usage (from the repository root):
    pip install pycountry phonenumbers
    python3 tools/gen_countries.py            # writes src/domain/country_data.rs
    python3 tools/gen_countries.py OUT.rs     # writes elsewhere

Output is deterministic for a given pair of library versions.
"""

import os
import sys
from collections import defaultdict

import phonenumbers
import pycountry
from phonenumbers import PhoneNumber

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(REPO_ROOT, "src", "domain", "country_data.rs")

# Everyday short names replacing pycountry's long / official / inverted forms.
# Applied after taking pycountry's common_name (if any) or name.
NAME_FIXES = {
    "BN": "Brunei",  # Brunei Darussalam
    "CD": "DR Congo",  # Congo, The Democratic Republic of the
    "CG": "Republic of the Congo",  # Congo
    "CV": "Cape Verde",  # Cabo Verde
    "FK": "Falkland Islands",  # Falkland Islands (Malvinas)
    "FM": "Micronesia",  # Micronesia, Federated States of
    "MF": "Saint Martin",  # Saint Martin (French part)
    "PS": "Palestine",  # Palestine, State of
    "RU": "Russia",  # Russian Federation
    "SX": "Sint Maarten",  # Sint Maarten (Dutch part)
    "TR": "Turkey",  # Türkiye -- Meta's market table says "Turkey"
    "VA": "Vatican City",  # Holy See (Vatican City State)
    "VG": "British Virgin Islands",  # Virgin Islands, British
    "VI": "U.S. Virgin Islands",  # Virgin Islands, U.S.
}

# Names used by Meta's WhatsApp pricing market table that differ from ours.
META_ALIASES = {
    "CD": ["Democratic Republic of the Congo"],
    "CG": ["Republic of the Congo (Brazzaville)"],
    "CI": ["Ivory Coast"],
    "CZ": ["Czech Republic"],
    "SZ": ["Swaziland (Eswatini)", "Swaziland"],
    "TR": ["Türkiye"],
}

# Area codes that must be found as non-US NANP members (sanity check).
NANP_MUST_HAVE = {
    "CA": [204, 416, 514, 604, 613, 647, 905],
    "DO": [809, 829, 849],
    "JM": [876, 658],
    "PR": [787, 939],
    "TT": [868],
    "BS": [242],
    "BB": [246],
    "AG": [268],
    "BM": [441],
}

EXPECTED_RECORDS = 249


def rust_str(s):
    """A Rust string literal (UTF-8 kept as is, quotes/backslashes escaped)."""
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("\\u{%x}" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def build_records():
    records = []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        code = c.alpha_2.upper()
        base = getattr(c, "common_name", None) or c.name
        name = NAME_FIXES.get(code, base)
        aliases = []
        for cand in (
            getattr(c, "official_name", None),
            c.name,
            getattr(c, "common_name", None),
        ) + tuple(META_ALIASES.get(code, [])):
            if cand and cand != name and cand not in aliases:
                aliases.append(cand)
        calling_code = phonenumbers.country_code_for_region(code)
        records.append((code, name, aliases, calling_code))
    if len(records) != EXPECTED_RECORDS:
        sys.exit("expected %d records, got %d" % (EXPECTED_RECORDS, len(records)))
    for code in list(NAME_FIXES) + list(META_ALIASES):
        if code not in {r[0] for r in records}:
            sys.exit("fix table refers to unknown code %s" % code)
    return records


def build_nanp(records):
    """Brute-force every +1 area code 200..999 against phonenumbers metadata."""
    record_codes = {r[0] for r in records}
    nanp_regions = set(phonenumbers.COUNTRY_CODE_TO_REGION_CODE[1])
    exchanges = range(200, 1000)
    lines = (0, 1234, 2345, 5678, 9999)
    per_area = {}
    for area in range(200, 1000):
        regions = set()
        for exch in exchanges:
            for line in lines:
                num = PhoneNumber(
                    country_code=1, national_number=area * 10**7 + exch * 10**4 + line
                )
                if not phonenumbers.is_valid_number(num):
                    continue
                region = phonenumbers.region_code_for_number(num)
                if region:
                    regions.add(region)
        if regions:
            per_area[area] = regions

    nanp = []
    problems = []
    for area in sorted(per_area):
        regions = per_area[area]
        non_us = sorted(regions - {"US"})
        if not non_us:
            continue
        if len(regions) > 1:
            problems.append("area %d validates for several regions: %s" % (area, sorted(regions)))
            continue
        region = non_us[0]
        if region not in nanp_regions or region not in record_codes:
            problems.append("area %d -> unexpected region %s" % (area, region))
            continue
        nanp.append((area, region))

    got = dict(nanp)
    for region, areas in NANP_MUST_HAVE.items():
        for area in areas:
            if got.get(area) != region:
                problems.append(
                    "sanity: area %d should be %s, got %s" % (area, region, got.get(area))
                )
    return nanp, problems


def build_main_for_shared(records):
    by_cc = defaultdict(list)
    for code, _name, _aliases, cc in records:
        if cc:
            by_cc[cc].append(code)
    shared = []
    for cc in sorted(by_cc):
        if len(by_cc[cc]) < 2:
            continue
        main = phonenumbers.region_code_for_country_code(cc)
        if main not in by_cc[cc]:
            sys.exit("main region %s for +%d is not among %s" % (main, cc, by_cc[cc]))
        shared.append((cc, main, sorted(by_cc[cc])))
    return shared


def render(records, nanp, shared):
    o = []
    w = o.append
    w("// @generated by tools/gen_countries.py -- DO NOT EDIT BY HAND.")
    w("//")
    w("// Sources: pycountry %s (ISO 3166-1 codes and names) and" % pycountry_version())
    w("// phonenumbers %s (country calling codes, NANP area codes)." % phonenumbers.__version__)
    w("// Regenerate with: python3 tools/gen_countries.py")
    w("")
    w("/// One ISO 3166-1 country or territory.")
    w("pub(crate) struct CountryRecord {")
    w("    /// ISO 3166-1 alpha-2 code, upper case.")
    w("    pub code: &'static str,")
    w("    /// Short English name people use.")
    w("    pub name: &'static str,")
    w("    /// Other names a user may type in a search (official / ISO / Meta market names).")
    w("    pub aliases: &'static [&'static str],")
    w('    /// Country calling code without "+"; 0 when the territory has none.')
    w("    pub calling_code: u16,")
    w("}")
    w("")
    w("/// Every ISO 3166-1 alpha-2 code (%d entries), sorted by code." % len(records))
    w("pub(crate) static COUNTRY_RECORDS: &[CountryRecord] = &[")
    for code, name, aliases, cc in records:
        alias_lit = "&[" + ", ".join(rust_str(a) for a in aliases) + "]"
        # Always the multi-line form: rustfmt's struct_lit_width would split any
        # one-line record anyway.
        w("    CountryRecord {")
        w("        code: %s," % rust_str(code))
        w("        name: %s," % rust_str(name))
        # rustfmt keeps an array on one line only if it is short (array_width 60).
        if len(alias_lit) - 1 <= 60 and len("        aliases: %s," % alias_lit) <= 100:
            w("        aliases: %s," % alias_lit)
        else:
            w("        aliases: &[")
            for a in aliases:
                w("            %s," % rust_str(a))
            w("        ],")
        w("        calling_code: %d," % cc)
        w("    },")
    w("];")
    w("")
    w("/// NANP (+1) area codes that do NOT belong to the United States, sorted by area code:")
    w("/// (area code, ISO2). Canada and every Caribbean / Pacific NANP member.")
    w("/// A +1 number whose area code is not listed here is a United States number.")
    w("pub(crate) static NANP_AREA_CODES: &[(u16, &str)] = &[")
    for area, region in nanp:
        w("    (%d, %s)," % (area, rust_str(region)))
    w("];")
    w("")
    w("/// For a calling code shared by several territories, the main one")
    w("/// (phonenumbers.region_code_for_country_code), sorted by calling code.")
    w("/// Only calling codes that 2+ records share.")
    w("pub(crate) static MAIN_COUNTRY_FOR_CALLING_CODE: &[(u16, &str)] = &[")
    entries = ["(%d, %s)," % (cc, rust_str(main)) for cc, main, _m in shared]
    pad = max((len(e) for e in entries), default=0)
    for entry, (_cc, _main, members) in zip(entries, shared):
        # Trailing comments aligned the way rustfmt aligns them.
        w("    %s // %s" % (entry.ljust(pad), " ".join(members)))
    w("];")
    return "\n".join(o) + "\n"


def pycountry_version():
    try:
        from importlib.metadata import version

        return version("pycountry")
    except Exception:  # pragma: no cover
        return "unknown"


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    records = build_records()
    nanp, problems = build_nanp(records)
    if problems:
        for p in problems:
            print("ERROR:", p, file=sys.stderr)
        sys.exit(1)
    shared = build_main_for_shared(records)
    text = render(records, nanp, shared)
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)

    per_region = defaultdict(list)
    for area, region in nanp:
        per_region[region].append(area)
    print("wrote %s" % out)
    print("records: %d" % len(records))
    print("renamed: %s" % ", ".join("%s=%s" % kv for kv in sorted(NAME_FIXES.items())))
    print("no calling code: %s" % " ".join(r[0] for r in records if r[3] == 0))
    print("NANP non-US area codes: %d" % len(nanp))
    for region in sorted(per_region):
        print("  %s (%d): %s" % (region, len(per_region[region]),
                                 " ".join(map(str, per_region[region]))))
    print("shared calling codes: %d" % len(shared))
    for cc, main, members in shared:
        print("  +%d -> %s  (%s)" % (cc, main, " ".join(members)))


if __name__ == "__main__":
    main()
