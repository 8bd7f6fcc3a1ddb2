#!/usr/bin/python3
"""Writes the fixture files in Meta's own layouts (tests/data/meta/) from the transcribed rate
data in tests/data/rates-source. Run once; the outputs are committed. The tests compare what
wacost imports with the source CSVs and with the changes listed here, never with wacost output.

Needs python3-openpyxl (apt-get install python3-openpyxl)."""
import csv, os
from openpyxl import Workbook

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "..", "tests", "data", "rates-source")
OUT = os.path.join(HERE, "..", "tests", "data", "meta")

# Authentication-international cells the transcription could not find (unknown in the shipped
# card); the fixture plays Meta's file, which has them.
FILLED_AUTH_INTL = {"Iraq": "0.0750", "Kuwait": "0.0621", "Nepal": "0.0463",
                    "Oman": "0.0710", "Sri Lanka": "0.0530", "Ukraine": "0.0640"}
# The hypothetical 2027-01-01 card: these cells change, nothing else.
CHANGES_2027 = {("India", "marketing"): "0.0125", ("Brazil", "utility"): "0.0070",
                ("Germany", "marketing"): "0.1300", ("Rest of Africa", "service"): "0.0042"}
CATS = ["marketing", "utility", "authentication", "authentication_international", "service"]
HEADER = ["Market", "Currency", "Marketing", "Utility", "Authentication",
          "Authentication-\nInternational", "Service"]


def source(name):
    with open(os.path.join(SRC, name), newline="") as f:
        return list(csv.DictReader(f))


def usd_2026_10_rows():
    rows = []
    for r in source("2026-10-01_USD.csv"):
        m = r["market"]
        cells = [r[c] for c in CATS]
        if m in FILLED_AUTH_INTL:
            cells[3] = FILLED_AUTH_INTL[m]
        rows.append([m, "$US"] + [c if c else "n/a" for c in cells])
    return rows


def write_csv(path, rows):
    with open(os.path.join(OUT, path), "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)


def rates_csv():
    title = [["Cost per message in USD on the WhatsApp Business Platform, effective October 1, 2026"],
             ["Rates are per delivered message. Markets not listed are priced as Other."],
             []]
    foot = [[], ["* n/a: the category is not charged in that market."]]
    write_csv("meta-rates-USD-2026-10-01.csv", title + [HEADER] + usd_2026_10_rows() + foot)
    # The same table without a title: currency and date must come from the user.
    write_csv("meta-rates-untitled.csv", [HEADER] + usd_2026_10_rows())


def inr_csv():
    rows = []
    for r in source("2025-10-01_INR.csv"):
        cells = [r[c] for c in CATS]
        rows.append([r["market"], "₹"] + [c if c else "n/a" for c in cells])
    title = [["Cost per message in INR on the WhatsApp Business Platform, effective October 1, 2025"], []]
    hdr = HEADER[:6]  # no Service column before 2026-10-01: service was free
    write_csv("meta-rates-INR-2025-10-01.csv", title + [hdr] + [r[:6] for r in rows])


def number(text):
    return float(text) if text not in ("n/a", "--", "") else text


def rates_xlsx():
    wb = Workbook()
    notes = wb.active
    notes.title = "Read me"
    notes["A1"] = "WhatsApp Business Platform pricing. See the List rates sheet."
    ws = wb.create_sheet("List rates")
    ws["A1"] = "Cost per message in USD on the WhatsApp Business Platform, effective January 1, 2027"
    ws["A2"] = "All rates in USD."
    ws.append([])
    ws.append(HEADER + ["Meta Business Agent\n(per 1,000 tokens)"])
    for r in usd_2026_10_rows():
        m = r[0]
        for i, c in enumerate(CATS):
            if (m, c) in CHANGES_2027:
                r[2 + i] = CHANGES_2027[(m, c)]
        agent = "0.0030" if m in ("India", "Brazil", "Indonesia") else "n/a"
        ws.append([m, "USD"] + [number(x) for x in r[2:]] + [agent])
    wb.save(os.path.join(OUT, "meta-rates-USD-2027-01-01.xlsx"))
    # A workbook without Meta's sheet.
    wb = Workbook()
    wb.active.title = "Summary"
    wb.active["A1"] = "Quarterly spend"
    wb.active.append(["Month", "Spend"])
    wb.active.append(["2026-10", 1234.5])
    wb.save(os.path.join(OUT, "not-a-rate-card.xlsx"))


TIER_GROUPS = ["Utility", "Authentication", "Authentication-International"]
SUB = ["From", "To", "Rate type", "Rate", "vs. List rate"]
# (market, group) -> bands (from, to, rate, vs); "n/a" groups are left out.
LADDERS = {
    ("Rest of Africa", "Utility"): [("0", "100,000", "0.0040", "0%"), ("100,001", "1,000,000", "0.0038", "-5%"),
                                    ("1,000,001", "4,500,000", "0.0036", "-10%"), ("4,500,001", "40,000,000", "0.0034", "-15%"),
                                    ("40,000,001", "80,000,000", "0.0032", "-20%"), ("80,000,001", "--", "0.0030", "-25%")],
    ("Rest of Africa", "Authentication"): [("0", "100,000", "0.0040", "0%"), ("100,001", "1,000,000", "0.0038", "-5%"),
                                           ("1,000,001", "--", "0.0036", "-10%")],
    ("India", "Utility"): [("0", "100,000", "0.0014", "0%"), ("100,001", "1,000,000", "0.0014", "-5%"),
                           ("1,000,001", "--", "0.0013", "-10%")],
    ("India", "Authentication-International"): [("0", "250,000", "0.0304", "0%"), ("250,001", "--", "0.0289", "-5%")],
}


def tier_rows():
    rows = []
    for market in ["India", "Rest of Africa"]:
        depth = max(len(LADDERS.get((market, g), [])) for g in TIER_GROUPS)
        for i in range(depth):
            row = [market if i == 0 else "", "USD" if i == 0 else ""]
            for g in TIER_GROUPS:
                bands = LADDERS.get((market, g))
                if bands is None:
                    row += ["n/a"] * 5
                elif i < len(bands):
                    f, t, rate, vs = bands[i]
                    row += [f, t, "List rate" if i == 0 else "Tier rate", rate, vs]
                else:
                    row += [""] * 5
            rows.append(row)
    return rows


def tiers():
    title = [["Volume tiers for utility and authentication messages, in USD, effective October 1, 2026"], []]
    group_row = ["", ""]
    for g in TIER_GROUPS:
        group_row += [g, "", "", "", ""]
    write_csv("meta-tiers-USD-2026-10-01.csv", title + [group_row, ["Market", "Currency"] + SUB * 3] + tier_rows())
    wb = Workbook()
    ws = wb.active
    ws.title = "Volume tiers"
    ws["A1"] = title[0][0]
    ws.append([])
    ws.append(group_row)
    ws.append(["Market", "Currency"] + SUB * 3)
    for r in tier_rows():
        out = []
        for j, cell in enumerate(r):
            col = (j - 2) % 5 if j >= 2 else None
            if col in (0, 1) and cell not in ("", "--", "n/a"):
                out.append(int(cell.replace(",", "")))
            elif col == 3 and cell not in ("", "n/a"):
                out.append(float(cell))
            else:
                out.append(cell if cell else None)
        ws.append(out)
    wb.save(os.path.join(OUT, "meta-tiers-USD-2026-10-01.xlsx"))


if __name__ == "__main__":
    rates_csv()
    inr_csv()
    rates_xlsx()
    tiers()
