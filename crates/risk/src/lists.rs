//! Named watch-lists (enterprises, countries, HS codes, consignees) referenced by `in list NAME`.

use std::collections::{BTreeMap, BTreeSet};

/// Lists supplied by the caller at compile time, name → set of values.
///
/// Lists may also be declared inline in the rule text with `list NAME = (…)`; a name may
/// be defined only once across both sources.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NamedLists {
    lists: BTreeMap<String, BTreeSet<String>>,
}

impl NamedLists {
    /// No lists.
    pub fn new() -> NamedLists {
        NamedLists::default()
    }

    /// Adds (or extends) the list `name` with `values`.
    pub fn insert<V: Into<String>>(
        &mut self,
        name: impl Into<String>,
        values: impl IntoIterator<Item = V>,
    ) {
        self.lists
            .entry(name.into())
            .or_default()
            .extend(values.into_iter().map(Into::into));
    }

    /// The values of list `name`, if defined.
    pub fn get(&self, name: &str) -> Option<&BTreeSet<String>> {
        self.lists.get(name)
    }

    /// List names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.lists.keys().map(String::as_str)
    }
}

impl<N, I, V> FromIterator<(N, I)> for NamedLists
where
    N: Into<String>,
    I: IntoIterator<Item = V>,
    V: Into<String>,
{
    fn from_iter<T: IntoIterator<Item = (N, I)>>(iter: T) -> NamedLists {
        let mut lists = NamedLists::new();
        for (name, values) in iter {
            lists.insert(name, values);
        }
        lists
    }
}
