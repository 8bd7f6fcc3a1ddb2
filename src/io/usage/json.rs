//! Meta's Graph API analytics responses (`{"pricing_analytics": {"data": [{"data_points":
//! [...]}]}}`, and `conversation_analytics` alike), read as a stream: each data point is
//! deserialised alone and handed to the same row code as the flattened CSV, so the JSON and CSV
//! forms of a layout give identical actuals.

use std::fmt;
use std::io::{self, Read};

use csv::ByteRecord;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::layout::{self, LayoutKind};
use super::{Aggregate, ImportError};

pub(crate) enum Failure {
    Io(io::Error),
    Import(ImportError),
}

const PRICING_FIELDS: [&str; 9] = [
    "start",
    "end",
    "country",
    "phone_number",
    "tier",
    "pricing_type",
    "pricing_category",
    "volume",
    "cost",
];
const CONVERSATION_FIELDS: [&str; 9] = [
    "start",
    "end",
    "country",
    "phone_number",
    "conversation_category",
    "conversation_type",
    "conversation_direction",
    "conversation",
    "cost",
];

struct Ctx<'s, 'a> {
    state: &'s mut Aggregate<'a>,
    kind: Option<LayoutKind>,
    fields: &'static [&'static str],
    started: bool,
    points: u64,
    top_keys: Vec<String>,
    error: Option<ImportError>,
    record: ByteRecord,
}

const STOP: &str = "wacost: stop reading";

impl Ctx<'_, '_> {
    fn point<E: de::Error>(&mut self, v: Value) -> Result<(), E> {
        self.points += 1;
        if !self.started {
            let mapping = layout::detect(
                &self
                    .fields
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>(),
            )
            .expect("the canonical fields are a known layout");
            let none: Vec<ByteRecord> = Vec::new();
            if let Err(e) = self.state.start(mapping, none.iter()) {
                self.error = Some(e);
                return Err(E::custom(STOP));
            }
            self.started = true;
        }
        let Value::Object(map) = v else {
            self.state.row_unit = "data point";
            self.state
                .skip(self.points, "a data point is not an object".into());
            return Ok(());
        };
        self.record.clear();
        for f in self.fields {
            match map.get(*f) {
                None | Some(Value::Null) => self.record.push_field(b""),
                Some(Value::String(s)) => self.record.push_field(s.as_bytes()),
                Some(Value::Number(n)) => self.record.push_field(n.to_string().as_bytes()),
                Some(other) => self.record.push_field(other.to_string().as_bytes()),
            }
        }
        self.state.row_unit = "data point";
        let record = std::mem::take(&mut self.record);
        self.state.row(&record, self.points);
        self.record = record;
        Ok(())
    }
}

struct Root<'c, 's, 'a>(&'c mut Ctx<'s, 'a>);
struct Analytics<'c, 's, 'a>(&'c mut Ctx<'s, 'a>);
struct DataList<'c, 's, 'a>(&'c mut Ctx<'s, 'a>);
struct DataEntry<'c, 's, 'a>(&'c mut Ctx<'s, 'a>);
struct Points<'c, 's, 'a>(&'c mut Ctx<'s, 'a>);

impl<'de> DeserializeSeed<'de> for Root<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Root<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object with \"pricing_analytics\" or \"conversation_analytics\"")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            let (kind, fields) = match key.as_str() {
                "pricing_analytics" => (LayoutKind::PricingAnalytics, &PRICING_FIELDS),
                "conversation_analytics" => {
                    (LayoutKind::ConversationAnalytics, &CONVERSATION_FIELDS)
                }
                _ => {
                    self.0.top_keys.push(key);
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            if self.0.kind.is_some() {
                return Err(de::Error::custom(
                    "the response holds both pricing_analytics and conversation_analytics: export them one at a time",
                ));
            }
            self.0.kind = Some(kind);
            self.0.fields = fields;
            map.next_value_seed(Analytics(&mut *self.0))?;
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Analytics<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Analytics<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object with \"data\"")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "data" {
                map.next_value_seed(DataList(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for DataList<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for DataList<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of data entries")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(DataEntry(&mut *self.0))?.is_some() {}
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for DataEntry<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DataEntry<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object with \"data_points\"")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "data_points" {
                map.next_value_seed(Points(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Points<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Points<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of data points")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(v) = seq.next_element::<Value>()? {
            self.0.point::<A::Error>(v)?;
        }
        Ok(())
    }
}

pub(crate) fn read<R: Read>(
    label: &str,
    reader: R,
    state: &mut Aggregate<'_>,
) -> Result<(), Failure> {
    let mut de =
        serde_json::Deserializer::from_reader(io::BufReader::with_capacity(256 * 1024, reader));
    let mut ctx = Ctx {
        state,
        kind: None,
        fields: &PRICING_FIELDS,
        started: false,
        points: 0,
        top_keys: Vec::new(),
        error: None,
        record: ByteRecord::new(),
    };
    let result = Root(&mut ctx).deserialize(&mut de).and_then(|()| de.end());
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
        return Err(Failure::Import(ImportError::Json {
            file: label.to_string(),
            line: e.line(),
            column: e.column(),
            message: if e.is_eof() {
                format!("the JSON ends early (truncated?): {message}")
            } else {
                message
            },
        }));
    }
    if ctx.kind.is_none() {
        return Err(Failure::Import(ImportError::NoLayout {
            file: label.to_string(),
            headers: ctx.top_keys,
        }));
    }
    Ok(())
}
