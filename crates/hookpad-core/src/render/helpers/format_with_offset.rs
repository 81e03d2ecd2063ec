//! `{{formatWithOffset millis offsetSeconds format}}`: the time `millis + 1000 * offset`, in UTC,
//! as `milliseconds`, `seconds` (rounded), `rfc3339` or `simple` (`yyyy-mm-dd h:MM:ss`, a 12-hour
//! clock without AM/PM). An unknown format gives milliseconds.

use serde_json::Value as Json;
use time::OffsetDateTime;

use super::{helper_error, Args};
use crate::render::{value, Dialect, RenderFault};

/// JavaScript's `Number(v)` for the values a template passes here.
fn to_number(v: Option<&Json>) -> f64 {
    match v {
        Some(Json::Number(n)) => n.as_f64().unwrap_or(f64::NAN),
        Some(Json::String(s)) if s.trim().is_empty() => 0.0,
        Some(Json::String(s)) => s.trim().parse().unwrap_or(f64::NAN),
        Some(Json::Bool(b)) => f64::from(u8::from(*b)),
        Some(Json::Null) => 0.0,
        _ => f64::NAN,
    }
}

/// JavaScript's `Date` range: ±8.64e15 ms.
const MAX_DATE_MS: f64 = 8.64e15;

/// Formats `millis` (already offset) as the named format in `dialect`.
///
/// # Errors
/// An invalid time for a format that needs a calendar date (JavaScript's `RangeError`).
pub fn format_millis(millis: f64, format: &str, dialect: Dialect) -> Result<Json, String> {
    if !millis.is_finite() || millis.abs() > MAX_DATE_MS {
        return match format {
            "rfc3339" | "simple" => Err("Invalid time value".to_owned()),
            _ => Ok(Json::from(f64::NAN.to_string())),
        };
    }
    // JavaScript's Date truncates the time value to an integer number of milliseconds.
    let ms = millis.trunc();
    #[allow(clippy::cast_possible_truncation)]
    let ms_int = ms as i64;
    let date = OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms_int) * 1_000_000)
        .map_err(|e| e.to_string())?;
    Ok(match format {
        "seconds" => Json::from(match dialect {
            Dialect::Preview => js_round(ms / 1000.0),
            Dialect::Production => (ms / 1000.0).round(),
        }),
        "rfc3339" => {
            let base = format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                date.year(),
                u8::from(date.month()),
                date.day(),
                date.hour(),
                date.minute(),
                date.second()
            );
            match dialect {
                Dialect::Preview => Json::from(format!("{base}.{:03}Z", date.millisecond())),
                Dialect::Production => Json::from(format!("{base}Z")),
            }
        }
        "simple" => {
            let hour12 = match date.hour() % 12 {
                0 => 12,
                h => h,
            };
            Json::from(format!(
                "{:04}-{:02}-{:02} {}:{:02}:{:02}",
                date.year(),
                u8::from(date.month()),
                date.day(),
                hour12,
                date.minute(),
                date.second()
            ))
        }
        _ => Json::from(ms_int),
    })
}

/// JavaScript's `Math.round`: the nearest integer, halves toward +∞ (`-1.5` is `-1`).
fn js_round(x: f64) -> f64 {
    let floor = x.floor();
    if x - floor >= 0.5 {
        floor + 1.0
    } else {
        floor
    }
}

/// `{{formatWithOffset millis offsetSeconds format}}`.
///
/// # Errors
/// An invalid time for a format that needs a calendar date.
pub fn call(args: &Args<'_>, dialect: Dialect) -> Result<Json, RenderFault> {
    let millis = to_number(args.get(0)) + 1000.0 * to_number(args.get(1));
    let format = value::argument_string(args.get(2), dialect);
    format_millis(millis, &format, dialect)
        .map_err(|message| helper_error("formatWithOffset", message))
}

#[cfg(test)]
mod tests {
    use super::*;

    // 1580778632000 ms is 2020-02-04T01:10:32Z.
    const T: f64 = 1_580_778_632_000.0;

    #[test]
    fn formats() {
        let f = |fmt, d| format_millis(T + 3_600_000.0, fmt, d).unwrap();
        assert_eq!(
            f("simple", Dialect::Preview),
            Json::from("2020-02-04 2:10:32")
        );
        assert_eq!(
            f("rfc3339", Dialect::Preview),
            Json::from("2020-02-04T02:10:32.000Z")
        );
        assert_eq!(
            f("rfc3339", Dialect::Production),
            Json::from("2020-02-04T02:10:32Z")
        );
        assert_eq!(f("seconds", Dialect::Preview), Json::from(1_580_782_232.0));
        assert_eq!(
            f("other", Dialect::Preview),
            Json::from(1_580_782_232_000_i64)
        );
    }

    #[test]
    fn noon_and_midnight_print_twelve() {
        let midnight = 1_580_774_400_000.0; // 2020-02-04T00:00:00Z
        assert_eq!(
            format_millis(midnight, "simple", Dialect::Preview).unwrap(),
            Json::from("2020-02-04 12:00:00")
        );
    }

    #[test]
    fn invalid_dates_are_errors() {
        assert!(format_millis(f64::NAN, "rfc3339", Dialect::Preview).is_err());
    }
}
