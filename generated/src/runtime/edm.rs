//! The OData (Edm) primitive types that need more than a plain Rust type on the wire.
//!
//! - [`DateTimeOffset`]: an RFC 3339 timestamp kept exactly as the service wrote it.
//! - [`Binary`]: bytes, base64 on the wire.
//! - [`Int64`]: a 64-bit integer, accepted as a JSON number or a numeric string.
//! - [`Double`]: a 64-bit float, with `"NaN"`, `"INF"` and `"-INF"` for non-finite values.

use std::fmt;
use std::str::FromStr;

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::timestamp;

// ---------------------------------------------------------------------------------------------
// DateTimeOffset

/// An `Edm.DateTimeOffset`: an RFC 3339 timestamp such as `2016-12-31T23:58:46.7156189-08:00`.
///
/// The value keeps the exact text it was parsed from, so it serializes back byte for byte
/// (all fraction digits and the original offset are preserved). Equality and hashing compare
/// that text: the same instant written with different offsets is not equal.
///
/// Accepted format: `YYYY-MM-DDThh:mm:ss[.f{1,9}](Z|±hh:mm)`; `t` and `z` may be lowercase.
/// A timestamp without an offset (which some services send) is read as UTC; its text is
/// still kept as it was.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DateTimeOffset {
    text: String,
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    nanosecond: u32,
    offset_minutes: i16,
}

/// The error returned when a string is not a valid [`DateTimeOffset`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseDateTimeError {
    text: String,
    reason: &'static str,
}

impl ParseDateTimeError {
    /// The text that could not be parsed.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for ParseDateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid Edm.DateTimeOffset {:?}: {}",
            self.text, self.reason
        )
    }
}

impl std::error::Error for ParseDateTimeError {}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl DateTimeOffset {
    fn parse_str(s: &str) -> Result<Self, &'static str> {
        let t = timestamp::parse(s)?;
        Ok(DateTimeOffset {
            text: s.to_string(),
            year: t.year,
            month: t.month,
            day: t.day,
            hour: t.hour,
            minute: t.minute,
            second: t.second,
            nanosecond: t.nanosecond,
            offset_minutes: t.offset_minutes,
        })
    }

    /// The exact text of the timestamp.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The year (0–9999) in the timestamp's own offset.
    pub fn year(&self) -> i32 {
        i32::from(self.year)
    }

    /// The month (1–12).
    pub fn month(&self) -> u32 {
        u32::from(self.month)
    }

    /// The day of the month (1–31).
    pub fn day(&self) -> u32 {
        u32::from(self.day)
    }

    /// The hour (0–23).
    pub fn hour(&self) -> u32 {
        u32::from(self.hour)
    }

    /// The minute (0–59).
    pub fn minute(&self) -> u32 {
        u32::from(self.minute)
    }

    /// The second (0–59).
    pub fn second(&self) -> u32 {
        u32::from(self.second)
    }

    /// The fraction of the second, in nanoseconds (0–999 999 999).
    pub fn nanosecond(&self) -> u32 {
        self.nanosecond
    }

    /// The UTC offset in minutes (`Z` is 0, `-08:00` is -480).
    pub fn offset_minutes(&self) -> i32 {
        i32::from(self.offset_minutes)
    }

    /// Seconds since 1970-01-01T00:00:00Z (the fraction of a second is dropped).
    pub fn unix_timestamp(&self) -> i64 {
        let days = days_from_civil(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        days * 86_400
            + i64::from(self.hour) * 3_600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
            - i64::from(self.offset_minutes) * 60
    }
}

impl FromStr for DateTimeOffset {
    type Err = ParseDateTimeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse_str(s).map_err(|reason| ParseDateTimeError {
            text: s.to_string(),
            reason,
        })
    }
}

impl fmt::Display for DateTimeOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl AsRef<str> for DateTimeOffset {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl Serialize for DateTimeOffset {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for DateTimeOffset {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DateTimeOffset;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date-time string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(V)
    }
}

// ---------------------------------------------------------------------------------------------
// Binary

/// An `Edm.Binary`: raw bytes, base64 on the wire.
///
/// Serializes as standard base64 with padding; deserializes the standard or the URL-safe
/// alphabet, with or without padding.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Binary(pub Vec<u8>);

impl Binary {
    /// Decodes base64 text (standard or URL-safe alphabet, padding optional).
    pub fn from_base64(text: &str) -> Result<Self, base64::DecodeError> {
        let unpadded = text.trim_end_matches('=');
        let engine = if unpadded.contains(['-', '_']) {
            &URL_SAFE_NO_PAD
        } else {
            &STANDARD_NO_PAD
        };
        engine.decode(unpadded).map(Binary)
    }

    /// The bytes as standard, padded base64.
    pub fn to_base64(&self) -> String {
        STANDARD.encode(&self.0)
    }
}

impl fmt::Display for Binary {
    /// Formats the bytes as standard base64.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_base64())
    }
}

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Binary(bytes)
    }
}

impl From<&[u8]> for Binary {
    fn from(bytes: &[u8]) -> Self {
        Binary(bytes.to_vec())
    }
}

impl From<Binary> for Vec<u8> {
    fn from(binary: Binary) -> Self {
        binary.0
    }
}

impl AsRef<[u8]> for Binary {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Serialize for Binary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_base64())
    }
}

impl<'de> Deserialize<'de> for Binary {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Binary;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a base64 string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Binary::from_base64(v)
                    .map_err(|e| E::custom(format_args!("invalid base64 {v:?}: {e}")))
            }
        }
        deserializer.deserialize_str(V)
    }
}

// ---------------------------------------------------------------------------------------------
// Int64

/// An `Edm.Int64`: serializes as a JSON number; deserializes a JSON number or a string
/// holding one (as sent with `IEEE754Compatible=true`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Int64(pub i64);

impl From<i64> for Int64 {
    fn from(v: i64) -> Self {
        Int64(v)
    }
}

impl From<i32> for Int64 {
    fn from(v: i32) -> Self {
        Int64(i64::from(v))
    }
}

impl From<Int64> for i64 {
    fn from(v: Int64) -> Self {
        v.0
    }
}

impl fmt::Display for Int64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for Int64 {
    type Err = std::num::ParseIntError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse().map(Int64)
    }
}

impl Serialize for Int64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for Int64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Int64;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a 64-bit integer or a string holding one")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Int64(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                i64::try_from(v)
                    .map(Int64)
                    .map_err(|_| E::custom(format_args!("{v} does not fit in an Edm.Int64")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                // Integral values written as `1.0` or `1e3`; 2^63 is exactly representable.
                const LIMIT: f64 = 9_223_372_036_854_775_808.0;
                if v.fract() == 0.0 && (-LIMIT..LIMIT).contains(&v) {
                    Ok(Int64(v as i64))
                } else {
                    Err(E::custom(format_args!("{v} is not an Edm.Int64")))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                v.parse()
                    .map(Int64)
                    .map_err(|_| E::custom(format_args!("{v:?} is not an Edm.Int64")))
            }
        }
        deserializer.deserialize_any(V)
    }
}

// ---------------------------------------------------------------------------------------------
// Double

/// An `Edm.Double`: a JSON number, or the strings `"NaN"`, `"INF"` and `"-INF"` for
/// non-finite values (`"Infinity"`/`"-Infinity"` and numeric strings are accepted too).
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct Double(pub f64);

impl From<f64> for Double {
    fn from(v: f64) -> Self {
        Double(v)
    }
}

impl From<f32> for Double {
    fn from(v: f32) -> Self {
        Double(f64::from(v))
    }
}

impl From<i32> for Double {
    fn from(v: i32) -> Self {
        Double(f64::from(v))
    }
}

impl From<Double> for f64 {
    fn from(v: Double) -> Self {
        v.0
    }
}

impl Double {
    /// The OData spelling of a non-finite value, or `None` for a finite one.
    fn special(self) -> Option<&'static str> {
        if self.0.is_nan() {
            Some("NaN")
        } else if self.0 == f64::INFINITY {
            Some("INF")
        } else if self.0 == f64::NEG_INFINITY {
            Some("-INF")
        } else {
            None
        }
    }
}

impl fmt::Display for Double {
    /// Formats finite values like `f64`, non-finite ones as `NaN`, `INF` or `-INF`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.special() {
            Some(s) => f.write_str(s),
            None => fmt::Display::fmt(&self.0, f),
        }
    }
}

/// The error returned when a string is not a valid [`Double`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseDoubleError {
    text: String,
}

impl fmt::Display for ParseDoubleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not an Edm.Double", self.text)
    }
}

impl std::error::Error for ParseDoubleError {}

impl FromStr for Double {
    type Err = ParseDoubleError;

    /// Parses `NaN`, `INF`, `-INF`, `Infinity`, `-Infinity` or a decimal number.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "NaN" => Ok(Double(f64::NAN)),
            "INF" | "Infinity" => Ok(Double(f64::INFINITY)),
            "-INF" | "-Infinity" => Ok(Double(f64::NEG_INFINITY)),
            _ => s.parse().map(Double).map_err(|_| ParseDoubleError {
                text: s.to_string(),
            }),
        }
    }
}

impl Serialize for Double {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.special() {
            Some(s) => serializer.serialize_str(s),
            None => serializer.serialize_f64(self.0),
        }
    }
}

impl<'de> Deserialize<'de> for Double {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Double;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, \"NaN\", \"INF\" or \"-INF\"")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Double(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Double(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Double(v as f64))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str(s)
    }

    #[test]
    fn date_time_round_trip_is_byte_identical() {
        let text = r#""2016-12-31T23:58:46.7156189-08:00""#;
        let dt: DateTimeOffset = from_json(text).unwrap();
        assert_eq!(serde_json::to_string(&dt).unwrap(), text);
        assert_eq!(dt.as_str(), "2016-12-31T23:58:46.7156189-08:00");
        assert_eq!(dt.to_string(), "2016-12-31T23:58:46.7156189-08:00");
        assert_eq!((dt.year(), dt.month(), dt.day()), (2016, 12, 31));
        assert_eq!((dt.hour(), dt.minute(), dt.second()), (23, 58, 46));
        assert_eq!(dt.nanosecond(), 715_618_900);
        assert_eq!(dt.offset_minutes(), -480);
        assert_eq!(dt.unix_timestamp(), 1_483_257_526);
    }

    #[test]
    fn date_time_unix_timestamps() {
        let ts = |s: &str| s.parse::<DateTimeOffset>().unwrap().unix_timestamp();
        assert_eq!(ts("1970-01-01T00:00:00Z"), 0);
        assert_eq!(ts("1970-01-01T01:00:00+01:00"), 0);
        assert_eq!(ts("1969-12-31T23:59:59z"), -1);
        assert_eq!(ts("2000-03-01t00:00:00Z"), 951_868_800);
        assert_eq!(ts("2024-02-29T12:00:00.5+05:30"), 1_709_188_200);
        assert_eq!(ts("0001-01-01T00:00:00Z"), -62_135_596_800);
        assert_eq!(ts("9999-12-31T23:59:59.999999999Z"), 253_402_300_799);
    }

    #[test]
    fn date_time_offsets_and_fractions() {
        let dt: DateTimeOffset = "2020-01-01T00:00:00.1+14:00".parse().unwrap();
        assert_eq!(dt.offset_minutes(), 840);
        assert_eq!(dt.nanosecond(), 100_000_000);
        let dt: DateTimeOffset = "2020-01-01T00:00:00Z".parse().unwrap();
        assert_eq!(dt.offset_minutes(), 0);
        let dt: DateTimeOffset = "1970-01-01T00:00:10".parse().unwrap();
        assert_eq!((dt.offset_minutes(), dt.unix_timestamp()), (0, 10));
        assert_eq!(dt.as_str(), "1970-01-01T00:00:10");
        assert_eq!(dt.nanosecond(), 0);
    }

    #[test]
    fn date_time_rejects_invalid_text() {
        for bad in [
            "",
            "garbage",
            "2016-13-01T00:00:00Z",
            "2016-00-01T00:00:00Z",
            "2015-02-29T00:00:00Z",
            "2016-04-31T00:00:00Z",
            "2016-01-01T24:00:00Z",
            "2016-01-01T00:60:00Z",
            "2016-01-01T00:00:60Z",
            "2016-01-01T00:00Z",
            "2016-01-01 00:00:00Z",
            "2016-01-01T00:00:00+0800",
            "2016-01-01T00:00:00+24:00",
            "2016-01-01T00:00:00+08:60",
            "2016-01-01T00:00:00+8:00",
            "2016-01-01T00:00:00.Z",
            "2016-01-01T00:00:00.1234567890Z",
            "2016-01-01T00:00:00ZZ",
            "2016-01-01T00:00:00Z ",
            "２016-01-01T00:00:00Z",
            "2016-01-01T00:00:00+08:00é",
        ] {
            let err = bad.parse::<DateTimeOffset>().unwrap_err();
            assert_eq!(err.text(), bad);
            assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
        }
        let err = from_json::<DateTimeOffset>(r#""2016-13-01T00:00:00Z""#).unwrap_err();
        assert!(err.to_string().contains("2016-13-01T00:00:00Z"), "{err}");
        assert!(from_json::<DateTimeOffset>("12").is_err());
    }

    #[test]
    fn binary() {
        let b: Binary = from_json(r#""ZW5jcnlwdGVkUGZ4QmxvYg==""#).unwrap();
        assert_eq!(b.0, b"encryptedPfxBlob");
        assert_eq!(
            serde_json::to_string(&b).unwrap(),
            r#""ZW5jcnlwdGVkUGZ4QmxvYg==""#
        );
        let unpadded: Binary = from_json(r#""ZW5jcnlwdGVkUGZ4QmxvYg""#).unwrap();
        assert_eq!(unpadded, b);
        // 0xfb 0xff 0xbf is "+/+/" in the standard alphabet and "-_-_" in the URL-safe one.
        let url_safe: Binary = from_json(r#""-_-_""#).unwrap();
        assert_eq!(url_safe.0, [0xfb, 0xff, 0xbf]);
        let standard: Binary = from_json(r#""+/+/""#).unwrap();
        assert_eq!(standard, url_safe);
        assert_eq!(serde_json::to_string(&standard).unwrap(), r#""+/+/""#);
        let empty: Binary = from_json(r#""""#).unwrap();
        assert!(empty.0.is_empty());
        assert_eq!(Binary::from(vec![1u8, 2]).to_string(), "AQI=");
        for bad in [r#""not base64!""#, r#""+/-_""#, r#""A""#, "5"] {
            assert!(from_json::<Binary>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn int64() {
        assert_eq!(from_json::<Int64>("123").unwrap(), Int64(123));
        assert_eq!(from_json::<Int64>(r#""123""#).unwrap(), Int64(123));
        assert_eq!(from_json::<Int64>(r#""-5""#).unwrap(), Int64(-5));
        assert_eq!(from_json::<Int64>("-5").unwrap(), Int64(-5));
        assert_eq!(
            from_json::<Int64>("9223372036854775807").unwrap(),
            Int64(i64::MAX)
        );
        assert_eq!(from_json::<Int64>("1e3").unwrap(), Int64(1000));
        for bad in [
            r#""abc""#,
            r#""""#,
            "1.5",
            "9223372036854775808",
            "true",
            "null",
        ] {
            assert!(from_json::<Int64>(bad).is_err(), "{bad}");
        }
        assert_eq!(serde_json::to_string(&Int64(-5)).unwrap(), "-5");
        assert_eq!(Int64::from(7i64).to_string(), "7");
        assert_eq!("42".parse::<Int64>().unwrap(), Int64(42));
    }

    #[test]
    fn double() {
        assert_eq!(from_json::<Double>("1.5").unwrap(), Double(1.5));
        assert_eq!(from_json::<Double>("2").unwrap(), Double(2.0));
        assert_eq!(from_json::<Double>("-2").unwrap(), Double(-2.0));
        assert!(from_json::<Double>(r#""NaN""#).unwrap().0.is_nan());
        assert_eq!(
            from_json::<Double>(r#""INF""#).unwrap(),
            Double(f64::INFINITY)
        );
        assert_eq!(
            from_json::<Double>(r#""-INF""#).unwrap(),
            Double(f64::NEG_INFINITY)
        );
        assert_eq!(
            from_json::<Double>(r#""Infinity""#).unwrap(),
            Double(f64::INFINITY)
        );
        assert_eq!(
            from_json::<Double>(r#""-Infinity""#).unwrap(),
            Double(f64::NEG_INFINITY)
        );
        assert_eq!(from_json::<Double>(r#""2.5""#).unwrap(), Double(2.5));
        assert!(from_json::<Double>(r#""abc""#).is_err());
        assert!(from_json::<Double>("true").is_err());
        let ser = |v: f64| serde_json::to_string(&Double(v)).unwrap();
        assert_eq!(ser(1.5), "1.5");
        assert_eq!(ser(f64::NAN), r#""NaN""#);
        assert_eq!(ser(f64::INFINITY), r#""INF""#);
        assert_eq!(ser(f64::NEG_INFINITY), r#""-INF""#);
        assert_eq!(Double(f64::NEG_INFINITY).to_string(), "-INF");
        assert_eq!(Double::from(0.25).to_string(), "0.25");
    }
}
