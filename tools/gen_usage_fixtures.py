#!/usr/bin/env python3
"""Writes the usage-export fixtures of tests/data/usage: one file per layout (written from the
field lists of issue 4, with small numbers whose totals the tests state by hand), variants in
other encodings and delimiters, and the corpus of broken files in tests/data/usage/broken.

Run from the repository root: /usr/bin/python3 tools/gen_usage_fixtures.py
"""
import csv
import io
import json
import os
import random

OUT = "tests/data/usage"
BROKEN = os.path.join(OUT, "broken")
os.makedirs(BROKEN, exist_ok=True)

OCT = 1790812800  # 2026-10-01T00:00:00Z
NOV = OCT + 31 * 86400
SEP = OCT - 30 * 86400
MAR25 = 1740787200  # 2025-03-01T00:00:00Z
DAY = 86400
BIZ = "+15550001111"

# Meta pricing_analytics data points (per-message era).
pricing_points = [
    (OCT, "IN", "0:750000", "REGULAR", "MARKETING", 1000, 11.8),
    (OCT, "IN", "0:750000", "REGULAR", "UTILITY", 500, 0.7),
    (OCT + DAY, "IN", "0:750000", "FREE_CUSTOMER_SERVICE", "UTILITY", 200, 0),
    (OCT, "BR", "0:MAX", "REGULAR", "MARKETING", 2000, 125),
    (OCT, "BR", "0:MAX", "FREE_ENTRY_POINT", "MARKETING", 300, None),
    (OCT, "MX", "0:MAX", "REGULAR", "MARKETING", 100, 3.05),
    (SEP, "IN", "0:750000", "REGULAR", "MARKETING", 400, 4.72),
    (OCT, "ID", "0:MAX", "REGULAR", "AUTHENTICATION_INTERNATIONAL", 10, 1.36),
    (OCT, "DE", "0:MAX", "REGULAR", "UTILITY", 100, 13.65),
    (OCT + 2 * DAY, "IN", "0:750000", "FREE_CUSTOMER_SERVICE", "SERVICE", 700, 0),
]


def pricing_dict(p):
    start, country, tier, ptype, cat, volume, cost = p
    d = {
        "start": start,
        "end": start + DAY,
        "country": country,
        "phone_number": BIZ,
        "tier": tier,
        "pricing_type": ptype,
        "pricing_category": cat,
        "volume": volume,
    }
    if cost is not None:
        d["cost"] = cost
    return d


def graph_response(key, points):
    return {
        key: {
            "data": [
                {"data_points": points[:4]},
                {"data_points": points[4:]},
            ]
        },
        "id": "102290129340398",
    }


def write(path, text, encoding="utf-8", newline="\n"):
    with open(path, "w", encoding=encoding, newline=newline) as f:
        f.write(text)


def csv_text(header, rows, delimiter=","):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue()


dicts = [pricing_dict(p) for p in pricing_points]
write(f"{OUT}/pricing_analytics.json", json.dumps(graph_response("pricing_analytics", dicts), indent=2))
header = ["start", "end", "country", "phone_number", "tier", "pricing_type", "pricing_category", "volume", "cost"]
write(
    f"{OUT}/pricing_analytics.csv",
    csv_text(header, [[d.get(h) for h in header] for d in dicts]),
)

# Meta conversation_analytics (conversation era, March 2025).
conv = [
    (MAR25, "IN", "MARKETING", "REGULAR", "BUSINESS_INITIATED", 100, 1.07),
    (MAR25, "IN", "UTILITY", "REGULAR", "BUSINESS_INITIATED", 50, 0.07),
    (MAR25 + DAY, "IN", "SERVICE", "FREE_TIER", "USER_INITIATED", 30, 0),
    (MAR25, "BR", "MARKETING", "FREE_ENTRY", "BUSINESS_INITIATED", 20, 0),
    (MAR25, "BR", "AUTHENTICATION", "REGULAR", "BUSINESS_INITIATED", 10, 0.315),
]
conv_dicts = [
    {
        "start": s,
        "end": s + DAY,
        "country": c,
        "phone_number": BIZ,
        "conversation_category": cat,
        "conversation_type": t,
        "conversation_direction": d,
        "conversation": n,
        "cost": cost,
    }
    for (s, c, cat, t, d, n, cost) in conv
]
write(f"{OUT}/conversation_analytics.json", json.dumps(graph_response("conversation_analytics", conv_dicts)))
cheader = ["start", "end", "country", "phone_number", "conversation_category", "conversation_type",
           "conversation_direction", "conversation", "cost"]
write(f"{OUT}/conversation_analytics.csv", csv_text(cheader, [[d[h] for h in cheader] for d in conv_dicts]))

# A provider's per-message log.
log_header = ["MessageSid", "To", "From", "DateSent", "Status", "Category", "Price", "PriceUnit"]
log_rows = [
    ["SM01", "whatsapp:+919876543210", "whatsapp:" + BIZ, "2026-10-05T10:00:00Z", "delivered", "marketing", "0.0118", "USD"],
    ["SM02", "+91 98765 43211", BIZ, "2026-10-05 11:00:00", "read", "MARKETING", "0.0118", "USD"],
    ["SM03", "0091987654321", BIZ, "2026-10-06T09:00:00Z", "delivered", "utility", "0.0014", "USD"],
    ["SM04", "919876543213", BIZ, "2026-10-31T23:59:59-05:00", "read", "utility", "0.0014", "USD"],
    ["SM05", "+15145550100", BIZ, "2026-10-07T09:00:00Z", "delivered", "marketing", "0.025", "USD"],
    ["SM06", "+12125550100", BIZ, "2026-10-07T09:00:00Z", "Delivered", "marketing", "0.025", "USD"],
    ["SM07", "+77011234567", BIZ, "2026-10-08T09:00:00Z", "delivered", "marketing", "0.0604", "USD"],
    ["SM08", "+74951234567", BIZ, "2026-10-08T09:00:00Z", "read", "marketing", "0.0802", "USD"],
    ["SM09", "+5511999990000", BIZ, "2026-10-09T09:00:00Z", "failed", "marketing", "", "USD"],
    ["SM10", "+5511999990001", BIZ, "2026-10-09T09:00:00Z", "sent", "marketing", "", "USD"],
    ["SM11", "+5511999990002", BIZ, "2026-10-09T09:00:00Z", "undelivered", "marketing", "", "USD"],
    ["SM12", "not-a-number", BIZ, "2026-10-09T09:00:00Z", "delivered", "marketing", "0.0625", "USD"],
    ["SM13", "+5511999990003", BIZ, "yesterday", "delivered", "marketing", "0.0625", "USD"],
]
log_text = csv_text(log_header, log_rows)
write(f"{OUT}/message_log.csv", log_text)
# The same log as a spreadsheet would save it: UTF-16 with BOM, tab-separated, CRLF.
write(f"{OUT}/message_log_utf16_tab.csv", "\ufeff" + csv_text(log_header, log_rows, "\t"), "utf-16-le", "\r\n")

# A provider's daily usage (Gupshup layout), one app.
daily_header = ["date", "marketing", "utility", "authentication", "service", "internationalAuthentication",
                "fep", "ftc", "totalFees", "waFees", "gsFees", "currency"]
daily_rows = [
    ["2026-10-01", 100, 50, 20, 10, 0, 5, 3, "1.392", "1.292", "0.1", "USD"],
    ["2026-10-02", 200, 0, 0, 0, 0, 0, 0, "2.46", "2.36", "0.1", "USD"],
    ["2026-11-01", "1,000", 0, 0, 0, 0, 0, 0, "11.9", "11.8", "0.1", "USD"],
]
write(f"{OUT}/provider_daily.csv", csv_text(daily_header, daily_rows))

# Generic tables in other dress: ';' with decimal comma in Windows-1252 with a title row;
# '|' with a UTF-8 BOM and day-first dates.
write(
    f"{OUT}/generic_semicolon_cp1252.csv",
    "Usage export; Café Central\n"
    "Month;Country;Category;Messages;Cost\n"
    "2026-12;India;marketing;98.000;1.156,40\n"
    "2026-12;Côte d'Ivoire;utility;1.200;0,50\n"
    "2026-12;BR;marketing;41.000;2.562,50\n",
    "cp1252",
)
write(
    f"{OUT}/generic_pipe_bom_dmy.csv",
    "\ufeffdate|country|category|count\n"
    "25/12/2026|IN|marketing|10\n"
    "03/12/2026|IN|marketing|5\n"
    "01/01/2027|+5511999990000|utility|7\n",
)

# --- Broken files: each yields a precise error or skip report (see tests/usage_import.rs). ---
def b(name, content, mode="w", encoding="utf-8"):
    path = os.path.join(BROKEN, name)
    if mode == "wb":
        with open(path, "wb") as f:
            f.write(content)
    else:
        write(path, content, encoding)


b("empty.csv", "")
b("blank.csv", "  \n\n \t\n")
rng = random.Random(4)
b("garbage.bin", bytes(rng.randrange(256) for _ in range(4096)), "wb")
b("workbook.xlsx", b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(512)), "wb")
b("document.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "wb")
b("unknown_headers.csv", "a,b,c\n1,2,3\n")
b("missing_count_column.csv", "month,country,category\n2026-10,IN,marketing\n")
full_json = json.dumps(graph_response("pricing_analytics", dicts))
b("truncated.json", full_json[: len(full_json) // 2])
b("wrong_root.json", '{"foo": 1, "paging": {}}')
b("syntax_error.json", '{"pricing_analytics": {"data": [{"data_points": [{"start": 1790812800,,}]}]}}')
b("bad_points.json", json.dumps(graph_response("pricing_analytics", [
    dict(pricing_dict(pricing_points[0]), volume="abc"),
    dict(pricing_dict(pricing_points[1]), volume=-5),
])))
b("points_not_objects.json", json.dumps({"pricing_analytics": {"data": [{"data_points": [7, pricing_dict(pricing_points[0])]}]}}))
b("both_kinds.json", json.dumps({"pricing_analytics": {"data": []}, "conversation_analytics": {"data": []}}))
b("negative_counts.csv", "month,country,category,count\n2026-10,IN,marketing,-5\n2026-10,IN,marketing,10\n")
b("huge_count.csv", "month,country,category,count\n2026-10,IN,marketing,5000000000000\n2026-10,IN,marketing,10\n")
b("bad_dates.csv", "month,country,category,count\n2026-13,IN,marketing,5\nsoon,IN,marketing,5\n2026-10,IN,marketing,10\n")
b("ambiguous_dates.csv", "date,country,category,count\n03/04/2026,IN,marketing,5\n05/06/2026,IN,marketing,5\n")
b("log_without_category.csv", "To,DateSent,Status\n+919876543210,2026-10-05,delivered\n")
b("daily_without_country.csv", csv_text(daily_header, daily_rows[:1]))
b("unknown_country.csv", "month,country,category,count\n2026-10,XX,marketing,5\n2026-10,IN,marketing,10\n")
b("bad_phone_log.csv", "To,DateSent,Status,Category\n12,2026-10-05,delivered,marketing\n+919876543210,2026-10-05,read,marketing\n")
b("bad_pricing_type.csv", "month,country,category,pricing_type,count\n2026-10,IN,marketing,DISCOUNTED,5\n2026-10,IN,marketing,REGULAR,10\n")
b("bad_category.csv", "month,country,category,count\n2026-10,IN,promotional,5\n2026-10,IN,marketing,10\n")
b("negative_cost.csv", "month,country,category,count,cost\n2026-10,IN,marketing,5,-1.00\n2026-10,IN,marketing,10,0.118\n")
b("truncated_row.csv", "month,country,category,count\n2026-10,IN,marketing,10\n2026-10,IN,mark")
b("only_header.csv", "month,country,category,count\n")
b("all_bad_rows.csv", "month,country,category,count\n2026-10,IN,marketing,x\n2026-10,IN,marketing,\n")
b("mixed_currency_daily.csv", csv_text(daily_header, [daily_rows[0], daily_rows[1][:-1] + ["EUR"]]))
b("utf16_no_bom.csv", "month,country,category,count\n2026-10,IN,marketing,10\n", "w", "utf-16-le")
b("unterminated_quote.csv", 'month,country,category,count\n2026-10,IN,marketing,10\n"2026-10,IN,marketing,5\n')
b("invalid_utf8_row.csv", "month,country,category,count\n2026-10,IN,marketing,10\n".encode() + b"2026-10,\xff\xfe,marketing,5\n" + "2026-10,IN,utility,3\n".encode() * 1, "wb")
print("written")
