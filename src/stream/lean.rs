//! The lean deal `total` parses: only the fields its query reads, strings
//! borrowed from the input, everything else skipped (its key still noticed,
//! so that a deal missing a required field is not taken).

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::date::{Date, Start};
use crate::model::{DealView, Term};
use crate::money::Usd;

use super::decline;

/// Which fields a query reads besides the id, date and value, which every
/// total reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Wants {
    pub names: bool,
    pub kind: bool,
    pub status: bool,
    /// `term_years` and `starts`, for spreading over years.
    pub term: bool,
    pub summary: bool,
    pub hardware: bool,
}

/// The fields `total` reads, borrowed from the input where they can be.
/// A field the query does not want is not read; asking for it gives a
/// default, which is why [`Wants`] is derived from the same arguments that
/// the filter and grouping are.
pub struct LeanDeal<'a> {
    /// Raw bytes: an id is only compared and hashed, so its UTF-8 is
    /// checked only when `--search` reads it as text.
    id: Cow<'a, [u8]>,
    buyer: Cow<'a, str>,
    seller: Cow<'a, str>,
    announced: Option<Date>,
    value_usd: Option<Usd>,
    term_years: Option<Term>,
    starts: Option<Start>,
    kind: Option<Cow<'a, str>>,
    status: Option<Cow<'a, str>>,
    summary: Option<Cow<'a, str>>,
    hardware: Vec<Cow<'a, str>>,
}

/// A string borrowed from the input when it has no escapes.
#[derive(Deserialize)]
struct Text<'a>(#[serde(borrow)] Cow<'a, str>);

/// A string as raw bytes: serde_json hands them over, escapes decoded,
/// without the UTF-8 check that `str` costs. Used for keys, which are only
/// compared with ASCII names, and ids.
struct Bytes<'a>(Cow<'a, [u8]>);

impl<'de> Deserialize<'de> for Bytes<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BytesVisitor;

        impl<'de> Visitor<'de> for BytesVisitor {
            type Value = Bytes<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<Bytes<'de>, E> {
                Ok(Bytes(Cow::Borrowed(v)))
            }

            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Bytes<'de>, E> {
                Ok(Bytes(Cow::Owned(v.to_vec())))
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Bytes<'de>, E> {
                Ok(Bytes(Cow::Borrowed(v.as_bytes())))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Bytes<'de>, E> {
                Ok(Bytes(Cow::Owned(v.as_bytes().to_vec())))
            }
        }

        deserializer.deserialize_bytes(BytesVisitor)
    }
}

/// Parses a [`LeanDeal`], reading the fields `wants` names.
#[derive(Debug, Clone, Copy)]
pub struct LeanSeed {
    pub wants: Wants,
}

impl<'de> DeserializeSeed<'de> for LeanSeed {
    type Value = LeanDeal<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<LeanDeal<'de>, D::Error> {
        deserializer.deserialize_map(self)
    }
}

/// Fields a deal must have; missing any, the deal is not taken.
const REQUIRED: [&[u8]; 5] = [b"id", b"buyer", b"seller", b"announced", b"sources"];

impl<'de> Visitor<'de> for LeanSeed {
    type Value = LeanDeal<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a deal")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LeanDeal<'de>, A::Error> {
        let wants = self.wants;
        let mut deal = LeanDeal {
            id: Cow::Borrowed(b""),
            buyer: Cow::Borrowed(""),
            seller: Cow::Borrowed(""),
            announced: None,
            value_usd: None,
            term_years: None,
            starts: None,
            kind: None,
            status: None,
            summary: None,
            hardware: Vec::new(),
        };
        // Bit i: the field REQUIRED[i] was seen; bit 5 and up: optional ones.
        let mut seen = 0u16;
        while let Some(Bytes(key)) = map.next_key::<Bytes>()? {
            let bit = match key.as_ref() {
                b"id" => 0,
                b"buyer" => 1,
                b"seller" => 2,
                b"announced" => 3,
                b"sources" => 4,
                b"value_usd" => 5,
                b"term_years" => 6,
                b"starts" => 7,
                b"kind" => 8,
                b"status" => 9,
                b"summary" => 10,
                b"hardware" => 11,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            if seen & (1 << bit) != 0 {
                return Err(decline("duplicate field"));
            }
            seen |= 1 << bit;
            match bit {
                0 => deal.id = map.next_value::<Bytes>()?.0,
                1 if wants.names => deal.buyer = map.next_value::<Text>()?.0,
                2 if wants.names => deal.seller = map.next_value::<Text>()?.0,
                // Always read: a deal's date is too central to skip unchecked.
                3 => deal.announced = Some(map.next_value::<Date>()?),
                5 => deal.value_usd = map.next_value::<Option<Usd>>()?,
                6 if wants.term => deal.term_years = map.next_value::<Option<Term>>()?,
                7 if wants.term => deal.starts = map.next_value::<Option<Start>>()?,
                8 if wants.kind => deal.kind = map.next_value::<Option<Text>>()?.map(|t| t.0),
                9 if wants.status => deal.status = map.next_value::<Option<Text>>()?.map(|t| t.0),
                10 if wants.summary => {
                    deal.summary = map.next_value::<Option<Text>>()?.map(|t| t.0);
                }
                11 if wants.hardware => {
                    let names = map.next_value::<Option<Vec<Text>>>()?.unwrap_or_default();
                    deal.hardware = names.into_iter().map(|t| t.0).collect();
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if (0..REQUIRED.len()).any(|bit| seen & (1 << bit) == 0) {
            return Err(decline("missing field"));
        }
        if wants.summary && std::str::from_utf8(&deal.id).is_err() {
            return Err(decline("an id that is not UTF-8"));
        }
        Ok(deal)
    }
}

impl DealView for LeanDeal<'_> {
    fn id(&self) -> &str {
        std::str::from_utf8(&self.id).unwrap_or_default()
    }
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }
    fn buyer(&self) -> &str {
        &self.buyer
    }
    fn seller(&self) -> &str {
        &self.seller
    }
    fn announced(&self) -> Date {
        self.announced.unwrap_or(Date::MIN)
    }
    fn value_usd(&self) -> Option<Usd> {
        self.value_usd
    }
    fn term_years(&self) -> Option<&Term> {
        self.term_years.as_ref()
    }
    fn starts(&self) -> Option<Start> {
        self.starts
    }
    fn kind(&self) -> Option<&str> {
        self.kind.as_deref()
    }
    fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }
    fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }
    fn hardware(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        Box::new(self.hardware.iter().map(|h| h.as_ref()))
    }
}
