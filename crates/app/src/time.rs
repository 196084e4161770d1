//! The application's clock: UTC timestamps as fixed-width RFC 3339 text, and the China calendar date.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz;

/// China Standard Time has been UTC+8 without daylight saving since 1991.
const CHINA_OFFSET_HOURS: i8 = 8;

/// Fixed-width RFC 3339 UTC with microseconds, so text order is time order.
pub fn timestamp_text(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

pub fn now() -> Timestamp {
    Timestamp::now()
}

/// The calendar date in China of an instant: the legal date of a lodgement.
pub fn china_date(at: Timestamp) -> Date {
    tz::offset(CHINA_OFFSET_HOURS).to_datetime(at).date()
}

/// The instant a China calendar day begins (00:00 UTC+8).
pub fn china_day_start(date: Date) -> Timestamp {
    tz::offset(CHINA_OFFSET_HOURS)
        .to_timestamp(date.to_datetime(jiff::civil::Time::midnight()))
        .expect("calendar days of customs records are far inside the supported range")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_fixed_width_and_china_date_rolls_at_16_utc() {
        let at: Timestamp = "2026-12-31T16:00:00Z".parse().unwrap();
        assert_eq!(timestamp_text(at), "2026-12-31T16:00:00.000000Z");
        assert_eq!(china_date(at).to_string(), "2027-01-01");
        let before: Timestamp = "2026-12-31T15:59:59.5Z".parse().unwrap();
        assert_eq!(china_date(before).to_string(), "2026-12-31");
        let day: Date = "2027-01-01".parse().unwrap();
        assert_eq!(
            timestamp_text(china_day_start(day)),
            "2026-12-31T16:00:00.000000Z"
        );
    }
}
