//! The lean deal a streamed query reads: only the fields the query needs,
//! strings borrowed from the input, everything else skipped (its key still
//! noticed, so that a deal missing a required field is not taken). Read
//! here with serde, which takes any record; `scan` reads the usual plain
//! record faster and leaves every other to this reader.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::date::{Date, Start};
use crate::model::{DealView, Evidence, EvidenceFinder, Term};
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
    /// The sources' kinds and publishers, for the deal's evidence.
    pub evidence: bool,
}

impl Wants {
    /// The fields picked by the bits of `bits`, in the order of the
    /// struct's fields (for the fuzzer and the benchmarks).
    pub fn from_bits(bits: u8) -> Wants {
        let bit = |n: u8| bits & (1 << n) != 0;
        Wants {
            names: bit(0),
            kind: bit(1),
            status: bit(2),
            term: bit(3),
            summary: bit(4),
            hardware: bit(5),
            evidence: bit(6),
        }
    }
}

/// The fields `total` reads, borrowed from the input where they can be.
/// A field the query does not want is not read; asking for it gives a
/// default, which is why [`Wants`] is derived from the same arguments that
/// the filter and grouping are.
#[derive(Debug, PartialEq)]
pub struct LeanDeal<'a> {
    /// Raw bytes: an id is only compared and hashed, so its UTF-8 is
    /// checked only when `--search` reads it as text.
    pub(super) id: Cow<'a, [u8]>,
    /// Names as raw bytes, which are UTF-8 (a record is taken only if it
    /// is): grouping numbers them as they are, and only a filter reads
    /// them as text.
    pub(super) buyer: Cow<'a, [u8]>,
    pub(super) seller: Cow<'a, [u8]>,
    pub(super) announced: Option<Date>,
    pub(super) value_usd: Option<Usd>,
    pub(super) term_years: Option<Term>,
    pub(super) starts: Option<Start>,
    pub(super) kind: Option<Cow<'a, str>>,
    pub(super) status: Option<Cow<'a, str>>,
    pub(super) summary: Option<Cow<'a, str>>,
    pub(super) hardware: Vec<Cow<'a, str>>,
    /// Judged from the sources when they are read; else secondary.
    pub(super) evidence: Evidence,
}

impl LeanDeal<'_> {
    /// A deal with nothing read yet.
    pub(super) fn empty() -> Self {
        LeanDeal {
            id: Cow::Borrowed(b""),
            buyer: Cow::Borrowed(b""),
            seller: Cow::Borrowed(b""),
            announced: None,
            value_usd: None,
            term_years: None,
            starts: None,
            kind: None,
            status: None,
            summary: None,
            hardware: Vec::new(),
            evidence: Evidence::Secondary,
        }
    }

    /// Whether the deal, read with `wants`, can be taken: every required
    /// field was seen, and an id that `--search` reads is text.
    pub(super) fn is_whole(&self, seen: Seen, wants: Wants) -> bool {
        seen.has_required() && !(wants.summary && std::str::from_utf8(&self.id).is_err())
    }
}

/// The fields of a deal seen so far, one bit each.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Seen(u16);

/// The fields the lean parse knows, by bit: the five required ones first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Id,
    Buyer,
    Seller,
    Announced,
    Sources,
    ValueUsd,
    TermYears,
    Starts,
    Kind,
    Status,
    Summary,
    Hardware,
}

/// How many of [`Field`]'s first variants a deal must have.
const REQUIRED: u16 = 5;

impl Field {
    pub(super) fn of(key: &[u8]) -> Option<Field> {
        Some(match key {
            b"id" => Field::Id,
            b"buyer" => Field::Buyer,
            b"seller" => Field::Seller,
            b"announced" => Field::Announced,
            b"sources" => Field::Sources,
            b"value_usd" => Field::ValueUsd,
            b"term_years" => Field::TermYears,
            b"starts" => Field::Starts,
            b"kind" => Field::Kind,
            b"status" => Field::Status,
            b"summary" => Field::Summary,
            b"hardware" => Field::Hardware,
            _ => return None,
        })
    }

    /// Whether the query reads this field (the id, date and value always).
    pub(super) fn is_read(self, wants: Wants) -> bool {
        match self {
            Field::Id | Field::Announced | Field::ValueUsd => true,
            Field::Buyer | Field::Seller => wants.names,
            Field::TermYears | Field::Starts => wants.term,
            Field::Kind => wants.kind,
            Field::Status => wants.status,
            Field::Summary => wants.summary,
            Field::Hardware => wants.hardware,
            Field::Sources => wants.evidence,
        }
    }
}

impl Seen {
    /// Notes `field`; false when it was seen before.
    pub(super) fn first_time(&mut self, field: Field) -> bool {
        let bit = 1 << field as u16;
        let first = self.0 & bit == 0;
        self.0 |= bit;
        first
    }

    fn has_required(self) -> bool {
        let required = (1 << REQUIRED) - 1;
        self.0 & required == required
    }
}

/// A string borrowed from the input when it has no escapes.
#[derive(Deserialize)]
struct Text<'a>(#[serde(borrow)] Cow<'a, str>);

impl<'a> Text<'a> {
    fn into_bytes(self) -> Cow<'a, [u8]> {
        match self.0 {
            Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
            Cow::Owned(text) => Cow::Owned(text.into_bytes()),
        }
    }
}

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

impl<'de> Visitor<'de> for LeanSeed {
    type Value = LeanDeal<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a deal")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LeanDeal<'de>, A::Error> {
        let wants = self.wants;
        let mut deal = LeanDeal::empty();
        let mut seen = Seen::default();
        while let Some(Bytes(key)) = map.next_key::<Bytes>()? {
            let Some(field) = Field::of(&key) else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            if !seen.first_time(field) {
                return Err(decline("duplicate field"));
            }
            if !field.is_read(wants) {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            match field {
                Field::Id => deal.id = map.next_value::<Bytes>()?.0,
                Field::Buyer => deal.buyer = map.next_value::<Text>()?.into_bytes(),
                Field::Seller => deal.seller = map.next_value::<Text>()?.into_bytes(),
                // Always read: a deal's date is too central to skip unchecked.
                Field::Announced => deal.announced = Some(map.next_value::<Date>()?),
                Field::ValueUsd => deal.value_usd = map.next_value::<Option<Usd>>()?,
                Field::TermYears => deal.term_years = map.next_value::<Option<Term>>()?,
                Field::Starts => deal.starts = map.next_value::<Option<Start>>()?,
                Field::Kind => deal.kind = map.next_value::<Option<Text>>()?.map(|t| t.0),
                Field::Status => deal.status = map.next_value::<Option<Text>>()?.map(|t| t.0),
                Field::Summary => deal.summary = map.next_value::<Option<Text>>()?.map(|t| t.0),
                Field::Hardware => deal.hardware = map.next_value::<Hardware>()?.0,
                Field::Sources => deal.evidence = map.next_value::<Sources>()?.0,
            }
        }
        if !deal.is_whole(seen, wants) {
            return Err(decline("missing field or an id that is not text"));
        }
        Ok(deal)
    }
}

/// A deal's sources, read for the evidence they give: each one's kind and
/// publisher, and that it has a url (whose text is not checked, as other
/// fields a query does not read are not). A deal needs at least one.
struct Sources(Evidence);

impl<'de> Deserialize<'de> for Sources {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SourcesVisitor;

        impl<'de> Visitor<'de> for SourcesVisitor {
            type Value = Sources;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of sources")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Sources, A::Error> {
                let mut finder = EvidenceFinder::default();
                let mut any = false;
                while let Some(source) = seq.next_element::<LeanSource>()? {
                    finder.add(source.kind, &source.publisher);
                    any = true;
                }
                if !any {
                    return Err(decline("a deal without sources"));
                }
                Ok(Sources(finder.evidence()))
            }
        }

        deserializer.deserialize_seq(SourcesVisitor)
    }
}

/// What a source gives a deal's evidence.
pub(super) struct LeanSource<'a> {
    pub(super) publisher: Cow<'a, str>,
    pub(super) kind: Option<Evidence>,
}

/// The keys a source object knows, by bit: the two required ones first.
pub(super) const SOURCE_KEYS: [&[u8]; 5] = [b"publisher", b"url", b"title", b"date", b"kind"];

impl<'de> Deserialize<'de> for LeanSource<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SourceVisitor;

        impl<'de> Visitor<'de> for SourceVisitor {
            type Value = LeanSource<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a source object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LeanSource<'de>, A::Error> {
                let mut source = LeanSource {
                    publisher: Cow::Borrowed(""),
                    kind: None,
                };
                let mut seen = 0u8;
                while let Some(Bytes(key)) = map.next_key::<Bytes>()? {
                    let Some(bit) = SOURCE_KEYS.iter().position(|k| *k == key.as_ref()) else {
                        map.next_value::<IgnoredAny>()?;
                        continue;
                    };
                    if seen & (1 << bit) != 0 {
                        return Err(decline("duplicate field"));
                    }
                    seen |= 1 << bit;
                    match bit {
                        0 => source.publisher = map.next_value::<Text>()?.0,
                        4 => source.kind = map.next_value::<Option<Evidence>>()?,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                if seen & 0b11 != 0b11 {
                    return Err(decline("a source without a publisher or a url"));
                }
                Ok(source)
            }
        }

        deserializer.deserialize_map(SourceVisitor)
    }
}

/// A deal's hardware names; `null` is none.
pub(super) struct Hardware<'a>(pub(super) Vec<Cow<'a, str>>);

impl<'de> Deserialize<'de> for Hardware<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let names = Option::<Vec<Text>>::deserialize(deserializer)?.unwrap_or_default();
        Ok(Hardware(names.into_iter().map(|t| t.0).collect()))
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
        std::str::from_utf8(&self.buyer).unwrap_or_default()
    }
    fn seller(&self) -> &str {
        std::str::from_utf8(&self.seller).unwrap_or_default()
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
    /// Read only when the query wants it (see [`Wants::evidence`]).
    fn evidence(&self) -> Evidence {
        self.evidence
    }
}
