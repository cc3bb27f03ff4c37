//! The streaming record reader: on any bytes, whatever it takes the serde
//! reader takes too, with the same fields read, for any choice of fields.
//! The first byte picks the fields.

#![no_main]

use deals::stream::assert_agrees_with_serde;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((&wants, record)) = data.split_first() {
        assert_agrees_with_serde(record, wants);
    }
});
