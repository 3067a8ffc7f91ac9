//! The rules an `Edm.DateTimeOffset` is read by, with nothing but `std`: the one parser
//! behind `edm::DateTimeOffset`.
//!
//! graphgen includes this same file (with `#[path]`) in the checker of the pages'
//! examples, so an example's timestamp is judged by exactly the rules the runtime reads it
//! with. Keep it free of other crates and of anything but the parsing.

/// A timestamp's parts, each checked to be in range.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Timestamp {
    /// The year (0–9999).
    pub(crate) year: u16,
    /// The month (1–12).
    pub(crate) month: u8,
    /// The day of the month (1 to the number of days of that month).
    pub(crate) day: u8,
    /// The hour (0–23).
    pub(crate) hour: u8,
    /// The minute (0–59).
    pub(crate) minute: u8,
    /// The second (0–59).
    pub(crate) second: u8,
    /// The fraction of the second, in nanoseconds (0–999 999 999).
    pub(crate) nanosecond: u32,
    /// The UTC offset in minutes (-1439–1439); 0 for `Z` and for no offset.
    pub(crate) offset_minutes: i16,
}

/// Reads exactly `n` ASCII digits at `pos`.
fn digits(b: &[u8], pos: usize, n: usize) -> Option<u32> {
    let slice = b.get(pos..pos + n)?;
    slice.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

/// Whether the byte at `pos` is one of `allowed`.
fn expect(b: &[u8], pos: usize, allowed: &[u8]) -> bool {
    b.get(pos).is_some_and(|c| allowed.contains(c))
}

/// Whether `year` is a leap year of the proleptic Gregorian calendar.
fn is_leap(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The number of days of `month` (1–12) in `year`.
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads `YYYY-MM-DDThh:mm:ss[.f{1,9}](Z|±hh:mm)` (`t` and `z` may be lowercase; a
/// missing offset reads as UTC), or says why `s` is not one: a day the month does not
/// have, an hour, minute, second or offset out of range, and anything after the offset
/// are all refused.
pub(crate) fn parse(s: &str) -> Result<Timestamp, &'static str> {
    let b = s.as_bytes();
    let year = digits(b, 0, 4).ok_or("expected a four-digit year")?;
    if !expect(b, 4, b"-") {
        return Err("expected '-' after the year");
    }
    let month = digits(b, 5, 2).ok_or("expected a two-digit month")?;
    if !expect(b, 7, b"-") {
        return Err("expected '-' after the month");
    }
    let day = digits(b, 8, 2).ok_or("expected a two-digit day")?;
    if !expect(b, 10, b"Tt") {
        return Err("expected 'T' between date and time");
    }
    let hour = digits(b, 11, 2).ok_or("expected a two-digit hour")?;
    if !expect(b, 13, b":") {
        return Err("expected ':' after the hour");
    }
    let minute = digits(b, 14, 2).ok_or("expected two-digit minutes")?;
    if !expect(b, 16, b":") {
        return Err("expected ':' after the minutes");
    }
    let second = digits(b, 17, 2).ok_or("expected two-digit seconds")?;
    if !(1..=12).contains(&month) {
        return Err("month out of range");
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err("day out of range");
    }
    if hour > 23 {
        return Err("hour out of range");
    }
    if minute > 59 {
        return Err("minutes out of range");
    }
    if second > 59 {
        return Err("seconds out of range");
    }
    let mut pos = 19;
    let mut nanosecond = 0u32;
    if expect(b, pos, b".") {
        pos += 1;
        let start = pos;
        while b.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        let n = pos - start;
        if n == 0 || n > 9 {
            return Err("the fraction of a second must have 1 to 9 digits");
        }
        let frac = digits(b, start, n).ok_or("invalid fraction")?;
        nanosecond = frac * 10u32.pow(9 - n as u32);
    }
    let offset_minutes: i16 = match b.get(pos) {
        Some(b'Z' | b'z') => {
            pos += 1;
            0
        }
        Some(&sign @ (b'+' | b'-')) => {
            let oh = digits(b, pos + 1, 2).ok_or("expected a two-digit offset hour")?;
            if !expect(b, pos + 3, b":") {
                return Err("expected ':' in the offset");
            }
            let om = digits(b, pos + 4, 2).ok_or("expected two-digit offset minutes")?;
            if oh > 23 || om > 59 {
                return Err("offset out of range");
            }
            pos += 6;
            // oh <= 23 and om <= 59, so this fits in an i16.
            let total = (oh * 60 + om) as i16;
            if sign == b'-' {
                -total
            } else {
                total
            }
        }
        // Some services omit the offset; the value is read as UTC.
        None => 0,
        _ => return Err("expected 'Z' or a ±hh:mm offset"),
    };
    if pos != b.len() {
        return Err("unexpected text after the offset");
    }
    // All values were range-checked above, so the narrowing casts are lossless.
    Ok(Timestamp {
        year: year as u16,
        month: month as u8,
        day: day as u8,
        hour: hour as u8,
        minute: minute as u8,
        second: second as u8,
        nanosecond,
        offset_minutes,
    })
}
