//! Recently received CEB messages, kept parsed so a list's three-document check does not
//! read its order, payment and waybill back from their stored XML inside the (serial)
//! writer job.
//!
//! A message enters only after the transaction that stored it committed, under its
//! `(sender, guid)` — the key of the stored row, whose body never changes — so an entry is
//! always the parse of the stored body. A miss (another node received it, or it was
//! evicted) reads the stored body as before.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use chuanyu_ceb::Message;

/// Most parsed messages kept (first in, first out).
pub const CEB_PARSED_MESSAGES_MAX: usize = 16_384;
/// Most bytes of XML whose parse is kept (a message may be up to 1 MiB, so the count alone
/// would not bound memory); the parsed form takes a small multiple of it.
pub const CEB_PARSED_BYTES_MAX: usize = 64 * 1024 * 1024;

type Key = (String, String);

/// A bounded map `(sender, guid)` → parsed message, evicted in arrival order.
#[derive(Default)]
pub struct ParsedMessages {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    map: HashMap<Key, (Arc<Message>, usize)>,
    order: VecDeque<Key>,
    /// Sum of the XML sizes of the messages in `map`.
    bytes: usize,
}

impl ParsedMessages {
    pub fn get(&self, sender: &str, guid: &str) -> Option<Arc<Message>> {
        let inner = self.inner.lock().expect("parsed messages lock");
        inner
            .map
            .get(&(sender.to_string(), guid.to_string()))
            .map(|(message, _)| message.clone())
    }

    /// Remembers a stored message of `xml_bytes` bytes (call after its transaction
    /// committed). A message larger than the whole byte budget is not kept.
    pub fn insert(&self, sender: &str, guid: &str, message: Arc<Message>, xml_bytes: usize) {
        if xml_bytes > CEB_PARSED_BYTES_MAX {
            return;
        }
        let key = (sender.to_string(), guid.to_string());
        let mut guard = self.inner.lock().expect("parsed messages lock");
        let inner = &mut *guard;
        if inner.map.contains_key(&key) {
            return;
        }
        inner.map.insert(key.clone(), (message, xml_bytes));
        inner.order.push_back(key);
        inner.bytes += xml_bytes;
        while inner.order.len() > CEB_PARSED_MESSAGES_MAX || inner.bytes > CEB_PARSED_BYTES_MAX {
            let Some(oldest) = inner.order.pop_front() else {
                break;
            };
            if let Some((_, size)) = inner.map.remove(&oldest) {
                inner.bytes -= size;
            }
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.inner.lock().expect("parsed messages lock").map.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message() -> Arc<Message> {
        let xml = include_bytes!("../../../../data/ceb-samples/import/CEB311Message.xml");
        Arc::new(chuanyu_ceb::parse(xml).unwrap().message)
    }

    #[test]
    fn keeps_at_most_the_limit_and_evicts_the_oldest() {
        let cache = ParsedMessages::default();
        let m = message();
        for i in 0..CEB_PARSED_MESSAGES_MAX + 3 {
            cache.insert("5101960001", &format!("g{i}"), m.clone(), 3_000);
        }
        assert_eq!(cache.len(), CEB_PARSED_MESSAGES_MAX);
        assert!(cache.get("5101960001", "g0").is_none());
        assert!(cache.get("5101960001", "g2").is_none());
        assert!(cache.get("5101960001", "g3").is_some());
        assert!(
            cache.get("5101960002", "g3").is_none(),
            "keyed by sender too"
        );
        // Inserting a key again neither duplicates it in the eviction order nor grows the map.
        cache.insert("5101960001", "g3", m.clone(), 3_000);
        assert_eq!(cache.len(), CEB_PARSED_MESSAGES_MAX);
    }

    #[test]
    fn keeps_at_most_the_byte_budget() {
        let cache = ParsedMessages::default();
        let m = message();
        let size = 1024 * 1024; // the largest CEB message
        for i in 0..(CEB_PARSED_BYTES_MAX / size) + 5 {
            cache.insert("5101960001", &format!("g{i}"), m.clone(), size);
        }
        assert_eq!(cache.len(), CEB_PARSED_BYTES_MAX / size);
        assert!(
            cache.get("5101960001", "g4").is_none(),
            "the oldest went first"
        );
        assert!(cache.get("5101960001", "g5").is_some());
        // One message above the whole budget is not kept and evicts nothing.
        cache.insert("5101960001", "huge", m.clone(), CEB_PARSED_BYTES_MAX + 1);
        assert!(cache.get("5101960001", "huge").is_none());
        assert_eq!(cache.len(), CEB_PARSED_BYTES_MAX / size);
    }
}
