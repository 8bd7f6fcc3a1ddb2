//! Usage as JSON, in every shape it comes in, read as a stream:
//!
//! - Meta's Graph API analytics (`pricing_analytics` and `conversation_analytics`), with or
//!   without the wrapper key (the edge response is `{"data":[{"data_points":[…]}]}`), and
//!   wherever a provider nests Meta's payload;
//! - Gupshup's usage API (`partnerAppUsageList[]`, one object per app and day);
//! - a provider's monthly breakdown (`data[].date / currency / breakdown.{category}`);
//! - WhatsApp status webhook events (the envelope `entry[].changes[].value.statuses[]`, a bare
//!   status object, an array of them, or one JSON object per line).
//!
//! The tree is walked once without building it: every object's scalar fields (and small nested
//! objects such as a status's `pricing`) are kept until the object closes, and an object whose
//! fields are those of a usage record is turned into a row for the same code as the CSV forms,
//! so both forms of a layout give identical actuals. Arrays are never held whole.

use std::fmt;
use std::io::{self, Read};

use csv::ByteRecord;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::layout::{self, LayoutKind};
use super::{Aggregate, ImportError, SAMPLE_ROWS};

pub(crate) enum Failure {
    Io(io::Error),
    Import(ImportError),
}

/// What one object of the file is a record of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RecordKind {
    Pricing,
    Conversation,
    GupshupDay,
    MonthlyBreakdown,
    Status,
}

impl RecordKind {
    fn layout(self) -> LayoutKind {
        match self {
            RecordKind::Pricing => LayoutKind::PricingAnalytics,
            RecordKind::Conversation => LayoutKind::ConversationAnalytics,
            RecordKind::GupshupDay => LayoutKind::GupshupUsage,
            RecordKind::MonthlyBreakdown => LayoutKind::ProviderMonthly,
            RecordKind::Status => LayoutKind::WebhookEvents,
        }
    }

    /// The fields a record of this kind is read from, in the order of its row.
    fn fields(self) -> &'static [&'static str] {
        match self {
            RecordKind::Pricing => &[
                "start",
                "end",
                "country",
                "phone_number",
                "tier",
                "pricing_type",
                "pricing_category",
                "volume",
                "cost",
            ],
            RecordKind::Conversation => &[
                "start",
                "end",
                "country",
                "phone_number",
                "conversation_category",
                "conversation_type",
                "conversation_direction",
                "conversation",
                "cost",
            ],
            RecordKind::GupshupDay => &[
                "date",
                "marketing",
                "mmLiteMarketing",
                "utility",
                "freeUtility",
                "authentication",
                "service",
                "internationalAuthentication",
                "fep",
                "ftc",
                "waFees",
                "currency",
            ],
            // Rows made from one entry's breakdown, one per category.
            RecordKind::MonthlyBreakdown => &["date", "category", "messages", "cost", "currency"],
            // Rows made from a status and its pricing object.
            RecordKind::Status => &[
                "message_id",
                "status",
                "timestamp",
                "recipient_id",
                "category",
                "pricing_type",
            ],
        }
    }

    /// The kind of record an object's fields make, if any.
    fn of(f: &Map<String, Value>) -> Option<RecordKind> {
        let has = |k: &str| f.contains_key(k);
        let scalar = |k: &str| f.get(k).is_some_and(|v| !v.is_object() && !v.is_array());
        if has("start") && scalar("volume") && (has("pricing_category") || has("pricing_type")) {
            Some(RecordKind::Pricing)
        } else if has("start") && scalar("conversation") {
            Some(RecordKind::Conversation)
        } else if has("date") && scalar("marketing") && scalar("utility") && has("authentication") {
            Some(RecordKind::GupshupDay)
        } else if has("date") && f.get("breakdown").is_some_and(Value::is_object) {
            Some(RecordKind::MonthlyBreakdown)
        } else if scalar("id") && scalar("status") && (has("recipient_id") || has("timestamp")) {
            Some(RecordKind::Status)
        } else {
            None
        }
    }
}

/// Fields kept of one open object at most, and nested objects kept only when this small: a
/// record's fields are few; anything larger is not a record and is walked, not kept.
const KEPT_FIELDS: usize = 64;

/// What a value turned out to be, for the object holding it.
enum Node {
    Scalar(Value),
    /// A small object that was not a record, kept for its parent (a status's `pricing`).
    Object(Map<String, Value>),
    /// A record, an array, or an object too large to keep: already dealt with.
    Done,
}

struct Ctx<'s, 'a> {
    state: &'s mut Aggregate<'a>,
    kind: Option<RecordKind>,
    /// The fields of the records, settled from the sample.
    fields: Vec<&'static str>,
    started: bool,
    /// The first records, held until they settle the fields, date order and questions.
    pending: Vec<(Map<String, Value>, u64)>,
    points: u64,
    /// Keys of the top-level object, to name in "no known layout".
    top_keys: Vec<String>,
    error: Option<ImportError>,
    record: ByteRecord,
}

const STOP: &str = "wacost: stop reading";
/// Marks an object in which a key stands twice (a name no JSON export uses).
const DUPLICATE: &str = "\u{0}wacost duplicate key";
/// How serde_json hands an arbitrary-precision number to `deserialize_any`.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

impl Ctx<'_, '_> {
    fn stop<E: de::Error>(&mut self, e: ImportError) -> E {
        self.error = Some(e);
        E::custom(STOP)
    }

    /// An object closed: a record of the file's kind is used; `false` when it is no record.
    fn object<E: de::Error>(
        &mut self,
        fields: &Map<String, Value>,
        in_points: bool,
    ) -> Result<bool, E> {
        let Some(kind) = RecordKind::of(fields) else {
            if in_points {
                self.points += 1;
                self.state.skip(
                    self.points,
                    "a data point without a count (volume or conversation) and a start".into(),
                );
            }
            return Ok(false);
        };
        match self.kind {
            None => self.kind = Some(kind),
            Some(k) if k != kind => {
                let e = ImportError::Unreadable {
                    file: self.state.label.to_string(),
                    message: format!(
                        "the file holds both {} and {} records: export them one at a time",
                        k.layout().describe(),
                        kind.layout().describe()
                    ),
                };
                return Err(self.stop(e));
            }
            Some(_) => {}
        }
        self.points += 1;
        if let Some(Value::String(key)) = fields.get(DUPLICATE) {
            let reason = format!("{key:?} stands twice in this data point");
            self.state.skip(self.points, reason);
            return Ok(true);
        }
        if self.started {
            self.use_record(fields, self.points);
            if let Some(e) = self.state.fatal.take() {
                return Err(self.stop(e));
            }
        } else {
            self.pending.push((fields.clone(), self.points));
            if self.pending.len() >= SAMPLE_ROWS {
                self.begin::<E>()?;
            }
        }
        Ok(true)
    }

    fn skip_point(&mut self, reason: &str) {
        self.points += 1;
        self.state.skip(self.points, reason.into());
    }

    /// Settles the fields and the layout from the sample, asks what the user must choose, and
    /// uses the sample's records.
    fn begin<E: de::Error>(&mut self) -> Result<(), E> {
        let Some(kind) = self.kind else {
            return Ok(());
        };
        // Meta's analytics carry only the dimensions that were asked for: a field absent from
        // every record of the sample is not a column (a response without COUNTRY is counted
        // under the country the user names, not refused point by point).
        self.fields = match kind {
            RecordKind::Pricing | RecordKind::Conversation => kind
                .fields()
                .iter()
                .copied()
                .filter(|f| self.pending.iter().any(|(m, _)| m.contains_key(*f)))
                .collect(),
            _ => kind.fields().to_vec(),
        };
        let headers: Vec<String> = self.fields.iter().map(|s| s.to_string()).collect();
        let Some(mut mapping) = layout::detect(&headers) else {
            let e = ImportError::NoLayout {
                file: self.state.label.to_string(),
                headers,
            };
            return Err(self.stop(e));
        };
        mapping.kind = kind.layout();
        let pending = std::mem::take(&mut self.pending);
        let mut rows: Vec<(ByteRecord, u64)> = Vec::with_capacity(pending.len());
        for (fields, point) in &pending {
            for r in records(kind, &self.fields, fields) {
                rows.push((r, *point));
            }
        }
        if let Err(e) = self.state.start(mapping, rows.iter().map(|(r, _)| r)) {
            return Err(self.stop(e));
        }
        self.started = true;
        for (r, point) in &rows {
            self.state.row(r, *point);
            if let Some(e) = self.state.fatal.take() {
                return Err(self.stop(e));
            }
        }
        Ok(())
    }

    fn use_record(&mut self, fields: &Map<String, Value>, point: u64) {
        let kind = self.kind.expect("a record sets the kind");
        if kind == RecordKind::MonthlyBreakdown || kind == RecordKind::Status {
            for r in records(kind, &self.fields, fields) {
                self.state.row(&r, point);
            }
            return;
        }
        self.record.clear();
        for f in &self.fields {
            push_value(&mut self.record, fields.get(*f));
        }
        let record = std::mem::take(&mut self.record);
        self.state.row(&record, point);
        self.record = record;
    }
}

fn push_value(record: &mut ByteRecord, v: Option<&Value>) {
    match v {
        None | Some(Value::Null) => record.push_field(b""),
        Some(Value::String(s)) => record.push_field(s.as_bytes()),
        Some(Value::Number(n)) => record.push_field(n.to_string().as_bytes()),
        Some(Value::Bool(b)) => record.push_field(if *b { b"true" } else { b"false" }),
        Some(other) => record.push_field(other.to_string().as_bytes()),
    }
}

/// The rows one record gives, in the order of `fields`.
fn records(kind: RecordKind, fields: &[&str], f: &Map<String, Value>) -> Vec<ByteRecord> {
    match kind {
        RecordKind::MonthlyBreakdown => {
            let Some(Value::Object(breakdown)) = f.get("breakdown") else {
                return Vec::new();
            };
            breakdown
                .iter()
                .map(|(category, v)| {
                    let mut r = ByteRecord::new();
                    push_value(&mut r, f.get("date"));
                    r.push_field(category.as_bytes());
                    let part = v.as_object();
                    push_value(
                        &mut r,
                        part.and_then(|p| p.get("messages").or_else(|| p.get("volume"))),
                    );
                    push_value(&mut r, part.and_then(|p| p.get("cost")));
                    push_value(&mut r, f.get("currency"));
                    r
                })
                .collect()
        }
        RecordKind::Status => {
            let pricing = f.get("pricing").and_then(Value::as_object);
            let mut r = ByteRecord::new();
            push_value(&mut r, f.get("id"));
            push_value(&mut r, f.get("status"));
            push_value(&mut r, f.get("timestamp"));
            push_value(&mut r, f.get("recipient_id"));
            push_value(&mut r, pricing.and_then(|p| p.get("category")));
            // Free when Meta says the message is not billable or its type is a free one.
            let kind = pricing
                .and_then(|p| p.get("type"))
                .and_then(Value::as_str)
                .unwrap_or("regular");
            let billable = pricing
                .and_then(|p| p.get("billable"))
                .and_then(Value::as_bool);
            let free = crate::domain::actuals::PricingType::parse(kind)
                .is_some_and(|t| t != crate::domain::actuals::PricingType::Regular);
            let pricing_type = if free {
                kind
            } else if billable == Some(false) {
                "free_customer_service"
            } else {
                "regular"
            };
            r.push_field(pricing_type.as_bytes());
            vec![r]
        }
        _ => {
            let mut r = ByteRecord::new();
            for name in fields {
                push_value(&mut r, f.get(*name));
            }
            vec![r]
        }
    }
}

/// Walks one value. `depth` 0 is a top-level value; `in_points` says the value is an element
/// of a `data_points` array.
struct Walk<'c, 's, 'a> {
    ctx: &'c mut Ctx<'s, 'a>,
    depth: usize,
    in_points: bool,
}

impl<'de> DeserializeSeed<'de> for Walk<'_, '_, '_> {
    type Value = Node;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_, '_, '_> {
    type Value = Node;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Scalar(Value::from(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Scalar(Value::from(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Scalar(Value::from(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Scalar(Value::String(v.to_string())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Scalar(Value::String(v)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Null))
    }
    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        loop {
            let walk = Walk {
                ctx: &mut *self.ctx,
                depth: self.depth + 1,
                in_points: false,
            };
            let Some(node) = seq.next_element_seed(walk)? else {
                break;
            };
            match node {
                Node::Object(fields) => {
                    self.ctx.object::<A::Error>(&fields, self.in_points)?;
                }
                Node::Scalar(_) if self.in_points => {
                    self.ctx.skip_point("a data point is not an object");
                }
                _ => {}
            }
        }
        Ok(Node::Done)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut fields = Map::new();
        let mut large = false;
        let (mut pricing, mut conversation) = (false, false);
        while let Some(key) = map.next_key::<String>()? {
            if key == NUMBER_TOKEN {
                let n: String = map.next_value()?;
                let number = n.parse::<serde_json::Number>().map_err(de::Error::custom)?;
                return Ok(Node::Scalar(Value::Number(number)));
            }
            pricing |= key == "pricing_analytics";
            conversation |= key == "conversation_analytics";
            if pricing && conversation {
                return Err(de::Error::custom(
                    "the response holds both pricing_analytics and conversation_analytics: export them one at a time",
                ));
            }
            if self.depth == 0 {
                self.ctx.top_keys.push(key.clone());
            }
            let in_points = key == "data_points";
            let node = map.next_value_seed(Walk {
                ctx: &mut *self.ctx,
                depth: self.depth + 1,
                in_points,
            })?;
            match node {
                // A key given twice: the record is refused rather than read with either value.
                Node::Scalar(_) if fields.contains_key(&key) => {
                    fields.insert(DUPLICATE.to_string(), Value::String(key));
                }
                Node::Scalar(v) if fields.len() < KEPT_FIELDS => {
                    fields.insert(key, v);
                }
                Node::Object(o) if fields.len() < KEPT_FIELDS => {
                    // A nested object that is a record in its own right was used already.
                    if self.ctx.object::<A::Error>(&o, in_points)? {
                        large = true;
                    } else {
                        fields.insert(key, Value::Object(o));
                    }
                }
                Node::Done => large = true,
                _ => large = true,
            }
        }
        if large {
            // It held arrays or records: a container, not a record. Its own fields may still
            // make it one (a breakdown entry holds no array).
            if RecordKind::of(&fields).is_some() {
                return Ok(Node::Object(fields));
            }
            return Ok(Node::Done);
        }
        Ok(Node::Object(fields))
    }
}

/// Keeps the line being read (and the one before it), so a syntax error can be explained by
/// what stands at its line and column.
struct LineTracker<R> {
    inner: R,
    line: usize,
    current: Vec<u8>,
    previous: Vec<u8>,
}

/// The most of a line kept for explaining an error.
const KEPT_LINE: usize = 4096;

impl<R: Read> Read for LineTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            if b == b'\n' {
                self.line += 1;
                std::mem::swap(&mut self.previous, &mut self.current);
                self.current.clear();
            } else if self.current.len() < KEPT_LINE {
                self.current.push(b);
            }
        }
        Ok(n)
    }
}

impl<R> LineTracker<R> {
    /// The last double quote on `line`: where a text that never closes opens.
    fn open_quote(&self, line: usize) -> Option<(usize, usize)> {
        let text = self.text_of(line)?;
        let i = text.iter().rposition(|&b| b == b'"')?;
        Some((line, i + 1))
    }

    /// Where the comma stands that comes last before `line`:`column` (1-based), looking back
    /// over blanks on this line and the one before.
    fn comma_before(&self, line: usize, column: usize) -> Option<(usize, usize)> {
        let here = self.text_of(line)?;
        let before = &here[..column.saturating_sub(1).min(here.len())];
        match before.iter().rposition(|b| !b.is_ascii_whitespace()) {
            Some(i) if before[i] == b',' => Some((line, i + 1)),
            Some(_) => None,
            None => {
                let previous = self.text_of(line.checked_sub(1)?)?;
                let i = previous.iter().rposition(|b| !b.is_ascii_whitespace())?;
                (previous[i] == b',').then_some((line - 1, i + 1))
            }
        }
    }

    /// The text of line `line` (1-based), if still kept.
    fn text_of(&self, line: usize) -> Option<&[u8]> {
        if line == self.line + 1 {
            Some(&self.current)
        } else if line == self.line {
            Some(&self.previous)
        } else {
            None
        }
    }
}

/// A sentence a marketer understands for a syntax error, from the parser's message and what
/// stands on the line at the error.
pub(crate) fn explain(message: &str, line: &[u8], column: usize) -> Option<&'static str> {
    let text = String::from_utf8_lossy(line);
    let at = line.get(column.saturating_sub(1)..).unwrap_or(b"");
    let trimmed = text.trim_start();
    if message.contains("trailing comma") {
        return Some(
            "a comma before a closing bracket: examples copied from documentation often have one; remove it",
        );
    }
    if trimmed.starts_with('#') || trimmed.starts_with("//") {
        return Some(
            "a comment line: JSON has no comments, though examples copied from documentation often have them; delete the line",
        );
    }
    if at.first() == Some(&b'\\') || trimmed.starts_with("\\{") || trimmed.starts_with("\\[") {
        return Some(
            "a backslash before a bracket (\\{): documentation pages escape brackets so; remove the backslashes",
        );
    }
    // The parser stops at the first byte of a typographic quote (E2 80 9C …), so the line
    // kept may end in that byte alone.
    if text.contains(['\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}']) || at.first() == Some(&0xE2)
    {
        return Some(
            "typographic quotes (\u{201c} \u{201d}) where JSON needs straight ones (\"): a web page or word processor changed them; type them again",
        );
    }
    if message.contains("control character") {
        return Some("a text that does not end on its line: a closing quote (\") is missing");
    }
    if message.contains("expected `,` or `}`") || message.contains("expected `,` or `]`") {
        return Some(
            "a comma is missing between two fields or items, at the end of the line before",
        );
    }
    if message.contains("key must be a string") {
        return Some("a field name must be written in straight double quotes, such as \"cost\"");
    }
    None
}

pub(crate) fn read<R: Read>(
    label: &str,
    reader: R,
    state: &mut Aggregate<'_>,
) -> Result<(), Failure> {
    let mut tracker = LineTracker {
        inner: io::BufReader::with_capacity(256 * 1024, reader),
        line: 0,
        current: Vec::new(),
        previous: Vec::new(),
    };
    state.row_unit = "data point";
    let mut ctx = Ctx {
        state,
        kind: None,
        fields: Vec::new(),
        started: false,
        pending: Vec::new(),
        points: 0,
        top_keys: Vec::new(),
        error: None,
        record: ByteRecord::new(),
    };
    let result = {
        let mut de = serde_json::Deserializer::from_reader(&mut tracker);
        // One value, or several in a row (webhook events one per line).
        let mut result;
        loop {
            let walk = Walk {
                ctx: &mut ctx,
                depth: 0,
                in_points: false,
            };
            result = walk.deserialize(&mut de).and_then(|node| {
                if let Node::Object(fields) = node {
                    ctx.object::<serde_json::Error>(&fields, false)?;
                }
                Ok(())
            });
            if result.is_err() {
                break;
            }
            match de.end() {
                Ok(()) => break,
                Err(_) => continue,
            }
        }
        result
    };
    if let Some(e) = ctx.error.take() {
        return Err(Failure::Import(e));
    }
    if let Err(e) = result {
        if e.is_io() {
            return Err(Failure::Io(io::Error::from(e)));
        }
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        let (mut line, mut column) = (e.line(), e.column());
        let message = if e.is_eof() {
            format!("the JSON ends early (truncated?): {message}")
        } else {
            let sentence = tracker
                .text_of(line)
                .and_then(|l| explain(&message, l, column));
            if message.contains("trailing comma")
                && let Some(at) = tracker.comma_before(line, column)
            {
                // Point at the comma itself, not at the bracket after it.
                (line, column) = at;
            }
            if message.contains("control character")
                && column == 0
                && let Some(at) = tracker.open_quote(line.saturating_sub(1))
            {
                // A text running past its line end: point at where it opens.
                (line, column) = at;
            }
            match sentence {
                Some(sentence) => format!("{message}: {sentence}"),
                None => message,
            }
        };
        return Err(Failure::Import(ImportError::Json {
            file: label.to_string(),
            line,
            column,
            message,
        }));
    }
    if !ctx.started && ctx.kind.is_some() {
        ctx.begin::<serde_json::Error>().map_err(|_| {
            Failure::Import(ctx.error.take().expect("begin fails only with an error"))
        })?;
    }
    if ctx.kind.is_none() {
        return Err(Failure::Import(ImportError::NoLayout {
            file: label.to_string(),
            headers: ctx.top_keys,
        }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::explain;

    #[test]
    fn syntax_errors_copied_from_documentation_are_explained() {
        let cases: &[(&str, &str, usize, &str)] = &[
            (
                "trailing comma",
                "          },",
                11,
                "a comma before a closing bracket",
            ),
            (
                "expected value",
                "         # ... more data points",
                10,
                "a comment line",
            ),
            ("expected value", "\\{", 1, "a backslash before a bracket"),
            (
                "key must be a string",
                "\t\t\t\u{201c}mmLiteMarketing\u{201d}: 0,",
                4,
                "typographic quotes",
            ),
            (
                "control character (\\u0000-\\u001F) found while parsing a string",
                "          \"conversation: 1000,",
                31,
                "a closing quote (\") is missing",
            ),
            ("expected `,` or `]`", "        {", 9, "a comma is missing"),
        ];
        for (message, line, column, want) in cases {
            let got = explain(message, line.as_bytes(), *column).unwrap_or("");
            assert!(got.contains(want), "{message:?} on {line:?}: {got:?}");
        }
        assert_eq!(explain("invalid number", b"  1x", 3), None);
    }
}
