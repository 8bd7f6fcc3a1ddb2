#!/usr/bin/env python3
"""Transcribe the collected rate data into the project's human-editable `rates/` folder.

Input (default /work/shared/rates-data, or the first argument / $WACOST_RATES_SRC):
  20*_<CUR>.csv         one rate card per file: market,marketing,utility,authentication,
                        authentication_international,service
  tiers-partial.csv     volume tier ladders
  markets.csv           country -> market mapping
  PROVENANCE.md         where each figure comes from

Output (in <repo>/rates/):
  markets.csv, PROVENANCE.md   byte-identical copies
  cards/<effective>_<CUR>.toml one TOML card per CSV, tiers appended to the matching card

Which cells are estimates (inferred / computed / carried / unknown) is a transcription of
PROVENANCE.md, kept in ESTIMATES below; edit it there if PROVENANCE.md changes.

After writing, every card is parsed back with tomllib and compared cell by cell (string
equality) with its source CSV; the script exits non-zero on any mismatch.

Stdlib only. Run: python3 tools/gen_rates.py [SOURCE_DIR]
"""

import csv
import os
import re
import shutil
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "rates"
CARDS = OUT / "cards"
DEFAULT_SRC = Path("/work/shared/rates-data")

CATEGORIES = ["marketing", "utility", "authentication", "authentication_international", "service"]
CELL_STATUSES = {"inferred", "computed", "derived", "carried", "unknown"}
CARD_STATUSES = {"quoted"} | CELL_STATUSES

# Card-level default status. RECONSTRUCTED cards are "inferred" as a whole.
CARD_STATUS = {
    ("2024-11-01", "USD"): "quoted",
    ("2025-07-01", "USD"): "inferred",
    ("2025-10-01", "USD"): "inferred",
    ("2025-10-01", "INR"): "quoted",
    ("2026-01-01", "USD"): "quoted",
    ("2026-04-01", "USD"): "quoted",
    ("2026-07-01", "USD"): "quoted",
    ("2026-07-01", "EUR"): "quoted",
    ("2026-10-01", "USD"): "quoted",
}

# First date of per-message pricing; cards before it are priced per conversation.
PER_MESSAGE_FROM = "2025-07-01"

UNKNOWN = "unknown"

# Cells named by PROVENANCE.md ("Cells that are estimates, not quotes" and the table's
# confidence column). (effective, currency) -> list of (market, category, status, note).
# A note of None for "carried" is filled in with the earlier card the value was carried from.
_NA_2025_07 = "inferred, not quoted: North America 0.0040 (PROVENANCE.md)"
_SA_2025_07 = "inferred, not quoted: 0.0115, the earlier conversation-era value"
_NA_2025_10 = "inferred from the INR card, where North America equals Rest of Africa"
_APR_COMPUTED = "computed from the EUR July card, not quoted"
_JUL_COMPUTED = "computed, not quoted (PROVENANCE.md lists this utility rate as computed)"
_UNKNOWN_NOTE = ("gained an authentication-international rate on 2026-10-01 whose value was not "
                 "found; a plan that needs it must say so, not guess")
ESTIMATES = {
    ("2025-07-01", "USD"): [
        ("Saudi Arabia", "utility", "inferred", _SA_2025_07),
        ("Saudi Arabia", "authentication", "inferred", _SA_2025_07),
        ("North America", "utility", "inferred", _NA_2025_07),
        ("North America", "authentication", "inferred", _NA_2025_07),
    ],
    ("2025-10-01", "USD"): [
        ("North America", "utility", "inferred", _NA_2025_10),
        ("North America", "authentication", "inferred", _NA_2025_10),
    ],
    ("2026-04-01", "USD"): [
        ("Pakistan", "utility", "computed", _APR_COMPUTED),
        ("Pakistan", "authentication", "computed", _APR_COMPUTED),
        ("Turkey", "utility", "computed", _APR_COMPUTED),
        ("Turkey", "authentication", "computed", _APR_COMPUTED),
    ],
    ("2026-07-01", "USD"): [
        ("Pakistan", "utility", "computed", _JUL_COMPUTED),
        ("Turkey", "utility", "computed", _JUL_COMPUTED),
    ],
    ("2026-10-01", "USD"): [
        ("Bangladesh", "authentication_international", "computed",
         "converted from AED (second dataset, ×3.672), not quoted in USD"),
        *[(m, "authentication_international", "carried", None) for m in [
            "Egypt", "Malaysia", "Pakistan", "Saudi Arabia", "United Arab Emirates"]],
        # Settled in December 2026 (quoted-rows-2026-10-01.csv): India's USD row is quoted;
        # Indonesia's is Meta's IDR row / 14266, the IDR factor of that card.
        ("Indonesia", "authentication_international", "derived",
         "Meta's IDR row for October 2026 (1940.13) / 14266 IDR per US dollar, the factor of all "
         "three IDR rates of that row (quoted-rows-2026-10-01.csv)"),
        *[(m, "authentication_international", UNKNOWN, _UNKNOWN_NOTE) for m in [
            "Iraq", "Kuwait", "Nepal", "Oman", "Sri Lanka", "Ukraine"]],
    ],
}

# Remarks of PROVENANCE.md that do not name exact cells: the card's free-text `note`.
NOTES = {
    ("2026-04-01", "USD"): (
        "Saudi Arabia marketing 0.0501 is the value quoted for the July 2026 card, applied from "
        "April because no change was announced in between; it is not quoted for April itself "
        "(PROVENANCE.md)."
    ),
    ("2026-07-01", "USD"): (
        "22 rows are quoted directly by sources that name Meta's July USD file; the other 16 rows "
        "are inferred (equal to the EUR July card / 0.8286, and Meta's change list shows no "
        "change). PROVENANCE.md does not say which 16 rows, so they are not marked cell by cell."
    ),
    ("2026-10-01", "USD"): (
        "Single-sourced values (no second source): marketing for Saudi Arabia, UAE, Rest of Asia "
        "Pacific, Rest of Middle East (+15 %), Kuwait and Morocco; utility for Pakistan, Peru, "
        "South Africa and the new markets other than Bangladesh and Kazakhstan."
    ),
}

# Source files shipped as they are: source name -> path under rates/.
VERBATIM = {
    "tiers-2026-04-01_USD.csv": "tiers/2026-04-01_USD.csv",
    "currency-factors.csv": "currencies/factors.csv",
    "2026-07-01_CLP-partial.csv": "currencies/2026-07-01_CLP-quoted.csv",
    "quoted-rows-2026-10-01.csv": "currencies/quoted-rows-2026-10-01.csv",
}

HEADER = """\
# WhatsApp Business Platform rate card: {currency}, effective {effective}.
# Prices are per delivered message (per conversation before 2025-07-01), in the card's currency,
# written as strings so that no digit is lost. A category a market has no rate for is left out of
# its row; "unknown" marks a rate Meta lists whose value was not found (a plan that needs it is
# priced at the best estimate and says so). Verify against Meta's official card before relying on it.
"""

TIERS_COMMENT = ("# Volume tiers: graduated; each band's rate applies only to the messages "
                 "inside the band.")

CARD_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})_([A-Z]{3})\.csv$")


def fail(msg):
    print(f"gen_rates: error: {msg}", file=sys.stderr)
    sys.exit(1)


# ---------------------------------------------------------------- TOML writing helpers

def toml_str(s):
    """A TOML basic string."""
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_ml_str(s):
    """A TOML multi-line basic string holding s plus a final newline."""
    body = s.replace("\\", "\\\\").replace('"""', '""\\"')
    if body.endswith('"'):
        body = body[:-1] + '\\"'
    return '"""\n' + body + '\n"""'


def comment_at(code, comment, col=28):
    return code.ljust(col) + comment


# ---------------------------------------------------------------- reading the sources

def read_card_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows or rows[0] != ["market"] + CATEGORIES:
        fail(f"{path}: unexpected header {rows[0] if rows else None}")
    markets = []
    seen = set()
    for n, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != 1 + len(CATEGORIES):
            fail(f"{path}:{n}: expected {1 + len(CATEGORIES)} fields, got {len(row)}")
        name = row[0]
        if not name or name in seen:
            fail(f"{path}:{n}: empty or duplicate market {name!r}")
        seen.add(name)
        cells = dict(zip(CATEGORIES, row[1:]))
        for cat, v in cells.items():
            if v and not re.fullmatch(r"\d+(\.\d+)?", v):
                fail(f"{path}:{n}: {cat} value {v!r} is not a plain decimal")
        markets.append((name, cells))
    return markets


def read_tiers(path):
    """(effective, currency) -> list of (market, category, [bands]) in file order."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        want = ["effective_from", "currency", "market", "category", "from", "to", "rate",
                "vs_list_rate"]
        if reader.fieldnames != want:
            fail(f"{path}: unexpected header {reader.fieldnames}")
        ladders = {}
        order = []
        for row in reader:
            key = (row["effective_from"], row["currency"], row["market"], row["category"])
            if key not in ladders:
                ladders[key] = []
                order.append(key)
            ladders[key].append(row)
    out = {}
    for key in order:
        eff, cur, market, cat = key
        if cat not in ("utility", "authentication", "authentication_international"):
            fail(f"{path}: tiers for {cat} (only utility and authentication categories have tiers)")
        bands = ladders[key]
        for i, b in enumerate(bands):
            last = i == len(bands) - 1
            if (b["to"] == "") != last:
                fail(f"{path}: {market} {cat}: only the last band may be open-ended")
            if i > 0 and int(b["from"]) != int(bands[i - 1]["to"]) + 1:
                fail(f"{path}: {market} {cat}: band {i + 1} does not follow band {i}")
        out.setdefault((eff, cur), []).append((market, cat, bands))
    return out


# ---------------------------------------------------------------- writing a card

def card_source_texts(provenance_text):
    """file name -> confidence text of its row in PROVENANCE.md's table."""
    texts = {}
    for line in provenance_text.splitlines():
        if not line.startswith("| ") or line.startswith("| file ") or line.startswith("|---"):
            continue
        cols = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cols) == 3:
            # The December 2026 table: file | what | confidence (sources, not cards).
            continue
        if len(cols) != 5:
            fail(f"PROVENANCE.md: table row with {len(cols)} columns: {line}")
        texts[cols[0]] = cols[4]
    return texts


def carried_from(cards, effective, currency, market, category, value):
    """The latest earlier card of the same currency holding the same value for the cell."""
    earlier = sorted((e for (e, c) in cards if c == currency and e < effective), reverse=True)
    for e in earlier:
        cells = dict(cards[(e, currency)])
        if market in cells and cells[market].get(category):
            if cells[market][category] != value:
                fail(f"{effective} {currency} {market} {category}: carried value {value} differs "
                     f"from the latest earlier card {e} ({cells[market][category]})")
            return e
    fail(f"{effective} {currency} {market} {category}: no earlier card to carry from")


def render_bands(bands):
    lines = []
    from_w = max(len(f"from = {b['from']},") for b in bands)
    to_w = max(len(f"to = {b['to']},") for b in bands if b["to"] != "")
    rate_w = max(len(f"rate = {toml_str(b['rate'])},") for b in bands)
    for b in bands:
        parts = [f"from = {int(b['from'])},".ljust(from_w)]
        parts.append((f"to = {int(b['to'])}," if b["to"] != "" else "").ljust(to_w))
        parts.append(f"rate = {toml_str(b['rate'])},".ljust(rate_w))
        parts.append(f"vs_list_rate = {toml_str(b['vs_list_rate'])}")
        lines.append("  { " + " ".join(parts) + " },")
    return lines


def render_card(effective, currency, markets, source, estimates, note, tiers):
    status = CARD_STATUS[(effective, currency)]
    unit = "message" if effective >= PER_MESSAGE_FROM else "conversation"
    unknown_cells = {(m, c) for (m, c, s, _) in estimates if s == UNKNOWN}

    out = [HEADER.format(currency=currency, effective=effective).rstrip("\n")]
    out.append(f"currency = {toml_str(currency)}")
    out.append(f"effective = {toml_str(effective)}")
    out.append(comment_at(f"unit = {toml_str(unit)}",
                          '# "message" from 2025-07-01 on, "conversation" before'))
    out.append(comment_at(f"status = {toml_str(status)}",
                          "# default status of every cell: quoted | inferred | computed | "
                          "carried | unknown"))
    out.append(f"source = {toml_ml_str(source)}")
    if note:
        out.append(f"note = {toml_ml_str(note)}")
    out.append("")
    out.append("[rates]")
    key_w = max(len(toml_str(m)) for m, _ in markets)
    for market, cells in markets:
        pairs = []
        for cat in CATEGORIES:
            v = cells[cat]
            if (market, cat) in unknown_cells:
                if v != "":
                    fail(f"{effective} {currency} {market} {cat}: marked unknown but has {v}")
                v = UNKNOWN
            if v == "":
                continue
            pairs.append(f"{cat} = {toml_str(v)}")
        out.append(f"{toml_str(market).ljust(key_w)} = {{ " + ", ".join(pairs) + " }")
    for market, cat, st, n in estimates:
        out.append("")
        out.append("[[estimates]]")
        out.append(f"market = {toml_str(market)}")
        out.append(f"category = {toml_str(cat)}")
        out.append(f"status = {toml_str(st)}")
        out.append(f"note = {toml_str(n)}")
    if tiers:
        out.append("")
        out.append(TIERS_COMMENT)
        for market, cat, bands in tiers:
            out.append("[[tiers]]")
            out.append(f"market = {toml_str(market)}")
            out.append(f"category = {toml_str(cat)}")
            out.append("bands = [")
            out.extend(render_bands(bands))
            out.append("]")
            out.append("")
        out.pop()
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- self-check

def self_check(cards, estimates, tiers, provenance_source):
    problems = []
    summary = []
    for (eff, cur), markets in sorted(cards.items()):
        path = CARDS / f"{eff}_{cur}.toml"
        with open(path, "rb") as f:
            try:
                doc = tomllib.load(f)
            except tomllib.TOMLDecodeError as e:
                problems.append(f"{path.name}: does not parse: {e}")
                continue
        where = path.name
        unit = "message" if eff >= PER_MESSAGE_FROM else "conversation"
        for k, want in [("currency", cur), ("effective", eff), ("unit", unit),
                        ("status", CARD_STATUS[(eff, cur)]),
                        ("source", provenance_source[f"{eff}_{cur}.csv"] + "\n")]:
            if doc.get(k) != want:
                problems.append(f"{where}: {k} = {doc.get(k)!r}, want {want!r}")
        if doc.get("status") not in CARD_STATUSES:
            problems.append(f"{where}: bad card status {doc.get('status')!r}")
        rates = doc.get("rates", {})
        if list(rates) != [m for m, _ in markets]:
            problems.append(f"{where}: market list or order differs from the CSV")
        est = doc.get("estimates", [])
        unknown_cells = {(e["market"], e["category"]) for e in est if e["status"] == UNKNOWN}
        n_cells = 0
        for market, cells in markets:
            row = rates.get(market)
            if row is None:
                problems.append(f"{where}: market {market} missing")
                continue
            if list(row) != [c for c in CATEGORIES if c in row]:
                problems.append(f"{where}: {market}: keys out of order: {list(row)}")
            extra = set(row) - set(CATEGORIES)
            if extra:
                problems.append(f"{where}: {market}: unexpected keys {sorted(extra)}")
            for cat in CATEGORIES:
                src = cells[cat]
                got = row.get(cat)
                if (market, cat) in unknown_cells:
                    if src != "" or got != UNKNOWN:
                        problems.append(f"{where}: {market} {cat}: unknown cell: source {src!r}, "
                                        f"toml {got!r}")
                elif src == "":
                    if got is not None:
                        problems.append(f"{where}: {market} {cat}: source empty, toml {got!r}")
                else:
                    n_cells += 1
                    if got != src:
                        problems.append(f"{where}: {market} {cat}: source {src!r}, toml {got!r}")
        for cat in CATEGORIES:
            for market, row in rates.items():
                if row.get(cat) == UNKNOWN and (market, cat) not in unknown_cells:
                    problems.append(f"{where}: {market} {cat} is unknown without an estimate entry")
        want_est = estimates.get((eff, cur), [])
        if len(est) != len(want_est):
            problems.append(f"{where}: {len(est)} estimates, want {len(want_est)}")
        for e, (m, c, s, n) in zip(est, want_est):
            if (e.get("market"), e.get("category"), e.get("status"), e.get("note")) != (m, c, s, n):
                problems.append(f"{where}: estimate {e} differs from {(m, c, s, n)}")
            if e.get("status") not in CELL_STATUSES:
                problems.append(f"{where}: estimate status {e.get('status')!r} not allowed")
            if c not in rates.get(m, {}):
                problems.append(f"{where}: estimate for {m} {c}, a cell the card does not have")
        want_tiers = tiers.get((eff, cur), [])
        got_tiers = doc.get("tiers", [])
        if len(got_tiers) != len(want_tiers):
            problems.append(f"{where}: {len(got_tiers)} tier ladders, want {len(want_tiers)}")
        n_bands = 0
        for t, (market, cat, bands) in zip(got_tiers, want_tiers):
            if (t.get("market"), t.get("category")) != (market, cat):
                problems.append(f"{where}: tier ladder {t.get('market')} {t.get('category')}, "
                                f"want {market} {cat}")
            got_bands = t.get("bands", [])
            if len(got_bands) != len(bands):
                problems.append(f"{where}: {market} {cat}: {len(got_bands)} bands, "
                                f"want {len(bands)}")
            for g, b in zip(got_bands, bands):
                n_bands += 1
                want = {"from": int(b["from"]), "rate": b["rate"],
                        "vs_list_rate": b["vs_list_rate"]}
                if b["to"] != "":
                    want["to"] = int(b["to"])
                if g != want or type(g["from"]) is not int or type(g.get("to", 0)) is not int:
                    problems.append(f"{where}: {market} {cat}: band {g}, want {want}")
                # Consistency (not transcription): bands' string values match the source
                # CSV text exactly, so compare the text too.
                if str(g["from"]) != b["from"] or str(g.get("to", "")) != b["to"]:
                    problems.append(f"{where}: {market} {cat}: band edges {g} vs source {b}")
            if bands and rates.get(market, {}).get(cat) != bands[0]["rate"]:
                problems.append(f"{where}: {market} {cat}: first band rate {bands[0]['rate']} "
                                f"is not the list rate {rates.get(market, {}).get(cat)}")
        n_est = {s: sum(1 for e in est if e["status"] == s) for s in sorted(CELL_STATUSES)}
        est_txt = ", ".join(f"{k} {v}" for k, v in n_est.items() if v) or "none"
        summary.append(f"  {path.name:<20} {unit:<12} status={doc.get('status'):<8} "
                       f"markets={len(rates):>2} cells={n_cells:>3} estimates: {est_txt}; "
                       f"tier ladders={len(got_tiers)} bands={n_bands}"
                       + ("; note" if "note" in doc else ""))
    return problems, summary


# ---------------------------------------------------------------- main

def main():
    src = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("WACOST_RATES_SRC",
                                                                    DEFAULT_SRC))
    if not (src / "PROVENANCE.md").is_file():
        fail(f"{src}: no PROVENANCE.md (pass the rate data folder as the first argument)")
    provenance = (src / "PROVENANCE.md").read_text(encoding="utf-8")
    source_texts = card_source_texts(provenance)

    cards = {}
    for p in sorted(src.glob("20*.csv")):
        if p.name in VERBATIM:
            continue  # a partial collection, shipped as it is (see VERBATIM)
        m = CARD_NAME.match(p.name)
        if not m:
            fail(f"{p}: card file name is not <YYYY-MM-DD>_<CUR>.csv")
        key = (m.group(1), m.group(2))
        if key not in CARD_STATUS:
            fail(f"{p}: no card status known for {key}; add it to CARD_STATUS")
        if p.name not in source_texts:
            fail(f"{p}: no row in PROVENANCE.md's table")
        cards[key] = read_card_csv(p)
    missing = set(CARD_STATUS) - set(cards)
    if missing:
        fail(f"cards expected but not found: {sorted(missing)}")

    tiers = read_tiers(src / "tiers-partial.csv")
    for key in tiers:
        if key not in cards:
            fail(f"tiers for {key} but no such card")

    # Resolve estimates: check named cells exist, fill in "carried from" notes, sort by row.
    estimates = {}
    for key, entries in ESTIMATES.items():
        eff, cur = key
        rows = dict(cards[key])
        order = {m: i for i, (m, _) in enumerate(cards[key])}
        resolved = []
        for market, cat, status, note in entries:
            if market not in rows:
                fail(f"{eff} {cur}: estimate for unknown market {market}")
            if status not in CELL_STATUSES:
                fail(f"{eff} {cur}: estimate status {status}")
            v = rows[market][cat]
            if status == UNKNOWN:
                if v != "":
                    fail(f"{eff} {cur} {market} {cat}: PROVENANCE says unknown but CSV has {v}")
            elif v == "":
                fail(f"{eff} {cur} {market} {cat}: estimate for an empty cell")
            if status == "carried" and note is None:
                note = f"carried forward from the {carried_from(cards, eff, cur, market, cat, v)} card"
            resolved.append((market, cat, status, note))
        resolved.sort(key=lambda e: (order[e[0]], CATEGORIES.index(e[1])))
        estimates[key] = resolved

    OUT.mkdir(exist_ok=True)
    CARDS.mkdir(exist_ok=True)
    for name in ("markets.csv", "PROVENANCE.md"):
        shutil.copyfile(src / name, OUT / name)
    # Meta's own files and the currency data, byte for byte: the program reads them itself
    # (the tier file with its importer of Meta's files).
    for name, dest in VERBATIM.items():
        (OUT / dest).parent.mkdir(exist_ok=True)
        shutil.copyfile(src / name, OUT / dest)

    for (eff, cur), markets in sorted(cards.items()):
        text = render_card(eff, cur, markets, source_texts[f"{eff}_{cur}.csv"],
                           estimates.get((eff, cur), []), NOTES.get((eff, cur)),
                           tiers.get((eff, cur), []))
        with open(CARDS / f"{eff}_{cur}.toml", "w", encoding="utf-8", newline="\n") as f:
            f.write(text)

    # ---- self-check
    problems, summary = self_check(cards, estimates, tiers, source_texts)
    for name in ("markets.csv", "PROVENANCE.md"):
        if (OUT / name).read_bytes() != (src / name).read_bytes():
            problems.append(f"{name}: copy is not byte-identical")
    for name, dest in VERBATIM.items():
        if (OUT / dest).read_bytes() != (src / name).read_bytes():
            problems.append(f"{dest}: copy of {name} is not byte-identical")
    with open(OUT / "markets.csv", newline="", encoding="utf-8") as f:
        n_market_rows = sum(1 for _ in csv.DictReader(f))

    print(f"gen_rates: source {src}")
    print(f"gen_rates: wrote {len(cards)} cards to {CARDS.relative_to(REPO)}/, "
          f"copied markets.csv ({n_market_rows} rows) and PROVENANCE.md (byte-identical)")
    print("\n".join(summary))
    if problems:
        print(f"gen_rates: SELF-CHECK FAILED ({len(problems)} problems):", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        sys.exit(1)
    total = sum(1 for ms in cards.values() for _, c in ms for v in c.values() if v)
    print(f"gen_rates: self-check OK: every card parses with tomllib; all {total} non-empty "
          f"source cells, {sum(len(t[2]) for ts in tiers.values() for t in ts)} tier bands and "
          f"every source market match the CSVs exactly; "
          f"{sum(1 for es in estimates.values() for e in es if e[2] == UNKNOWN)} unknown cells "
          f"written as \"unknown\".")


if __name__ == "__main__":
    main()
