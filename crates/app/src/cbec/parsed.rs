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

/// Most parsed messages kept (first in, first out). At ≈ 2–10 KB each, ≤ ≈ 160 MB.
pub const CEB_PARSED_MESSAGES_MAX: usize = 16_384;

type Key = (String, String);

/// A bounded map `(sender, guid)` → parsed message, evicted in arrival order.
#[derive(Default)]
pub struct ParsedMessages {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    map: HashMap<Key, Arc<Message>>,
    order: VecDeque<Key>,
}

impl ParsedMessages {
    pub fn get(&self, sender: &str, guid: &str) -> Option<Arc<Message>> {
        let inner = self.inner.lock().expect("parsed messages lock");
        inner
            .map
            .get(&(sender.to_string(), guid.to_string()))
            .cloned()
    }

    /// Remembers a stored message (call after its transaction committed).
    pub fn insert(&self, sender: &str, guid: &str, message: Arc<Message>) {
        let key = (sender.to_string(), guid.to_string());
        let mut inner = self.inner.lock().expect("parsed messages lock");
        if inner.map.insert(key.clone(), message).is_none() {
            inner.order.push_back(key);
            while inner.order.len() > CEB_PARSED_MESSAGES_MAX {
                if let Some(oldest) = inner.order.pop_front() {
                    inner.map.remove(&oldest);
                }
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
            cache.insert("5101960001", &format!("g{i}"), m.clone());
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
        cache.insert("5101960001", "g3", m.clone());
        assert_eq!(cache.len(), CEB_PARSED_MESSAGES_MAX);
    }
}
