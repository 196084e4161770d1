//! Canonical XML 1.0 (W3C REC-xml-c14n-20010315, inclusive, without comments) over the
//! same hardened reading as [`crate::parse`]: DOCTYPE refused (so there are no default
//! attributes and no entities but the five predefined ones and character references),
//! every [`Limits`] bound enforced while reading.
//!
//! The reader keeps what canonicalisation needs and [`crate::xml`] drops: mixed
//! content, namespace declarations, prefixes, processing instructions, byte offsets.
//! Output is streamed into a [`Sink`] (a `Vec<u8>` or a digest), so a digest over a
//! whole message never materialises the canonical text.

use std::borrow::Cow;

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use crate::error::{ParseError, ParseErrorCode};
use crate::limits::Limits;
use crate::xml::{doctype_code, line_col, predefined_entity};

/// The namespace bound to the `xml` prefix.
pub(crate) const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Where canonical bytes go.
pub(crate) trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// Feeds canonical bytes straight into a hash.
pub(crate) struct DigestSink<D>(pub D);

impl<D: sha2::digest::Update> Sink for DigestSink<D> {
    fn put(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}

/// One piece of element content.
#[derive(Debug)]
pub(crate) enum Content<'a> {
    /// Index of a child element in [`Tree::elements`].
    Element(usize),
    /// Character data (references resolved, line ends normalised, CDATA unwrapped).
    Text(Cow<'a, str>),
    /// A processing instruction: target and data.
    Pi(&'a str, Cow<'a, str>),
}

/// One attribute (namespace declarations are kept apart, in [`Element::ns_decls`]).
#[derive(Debug)]
pub(crate) struct Attr<'a> {
    pub qname: &'a str,
    pub local: &'a str,
    /// Namespace URI of a prefixed attribute; empty for an unprefixed one.
    pub ns: Cow<'a, str>,
    pub value: Cow<'a, str>,
}

/// One element.
#[derive(Debug)]
pub(crate) struct Element<'a> {
    pub qname: &'a str,
    pub local: &'a str,
    /// Namespace URI of the element (empty: none).
    pub ns: Cow<'a, str>,
    /// Namespace declarations made on this element: (prefix, URI); prefix "" = default.
    pub ns_decls: Vec<(&'a str, Cow<'a, str>)>,
    pub attrs: Vec<Attr<'a>>,
    pub children: Vec<Content<'a>>,
    pub parent: Option<usize>,
    /// Depth: the document element is 0.
    pub depth: usize,
    /// Byte offset of the `<` of the start tag in [`Tree::src`].
    pub offset: usize,
}

impl Element<'_> {
    pub fn attr(&self, qname: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.qname == qname)
            .map(|a| &*a.value)
    }
}

/// A whole document, as canonicalisation sees it.
#[derive(Debug)]
pub(crate) struct Tree<'a> {
    /// The source text (after a BOM).
    pub src: &'a str,
    /// The whole input text, BOM included (validated UTF-8 once, here).
    pub input: &'a str,
    /// Elements in document order; `elements[0]` is the document element.
    pub elements: Vec<Element<'a>>,
    /// Processing instructions before the document element.
    pub prolog: Vec<(&'a str, Cow<'a, str>)>,
    /// Processing instructions after the document element.
    pub epilog: Vec<(&'a str, Cow<'a, str>)>,
    /// Byte offset in the input of the document element's end tag (`None` when the
    /// document element is an empty-element tag).
    pub root_end: Option<usize>,
}

impl<'a> Tree<'a> {
    /// True when `idx` is `ancestor` or inside it.
    pub fn is_within(&self, mut idx: usize, ancestor: usize) -> bool {
        loop {
            if idx == ancestor {
                return true;
            }
            match self.elements[idx].parent {
                Some(p) => idx = p,
                None => return false,
            }
        }
    }

    /// Child elements of `idx`, in order.
    pub fn child_elements(&self, idx: usize) -> impl Iterator<Item = usize> + '_ {
        self.elements[idx].children.iter().filter_map(|c| match c {
            Content::Element(i) => Some(*i),
            _ => None,
        })
    }
}

fn split_qname(q: &str) -> (&str, &str) {
    match q.split_once(':') {
        Some((p, l)) => (p, l),
        None => ("", q),
    }
}

/// The URI bound to `prefix`, borrowed from the input when the declaration was.
fn lookup<'a>(scopes: &[(&'a str, Cow<'a, str>)], prefix: &str) -> Option<Cow<'a, str>> {
    scopes
        .iter()
        .rev()
        .find(|(p, _)| *p == prefix)
        .map(|(_, u)| match u {
            Cow::Borrowed(b) => Cow::Borrowed(*b),
            Cow::Owned(o) => Cow::Owned(o.clone()),
        })
}

/// Normalise XML 1.0 line ends (CR LF and lone CR become LF).
fn normalize_eols(s: &str) -> Cow<'_, str> {
    if !s.contains('\r') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Read `bytes` into a [`Tree`] under `limits`; the same refusals as [`crate::parse`]
/// (size, encoding, DOCTYPE, unknown entities, depth, attributes, elements, text).
pub(crate) fn read_tree<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Tree<'a>, ParseError> {
    use ParseErrorCode as C;
    let fail0 = |code, detail: String| ParseError {
        code,
        line: 1,
        column: 1,
        path: String::new(),
        detail,
    };
    if bytes.len() > limits.message_bytes_max {
        return Err(fail0(
            C::TooLarge,
            format!(
                "{} bytes > message_bytes_max {}",
                bytes.len(),
                limits.message_bytes_max
            ),
        ));
    }
    let src = std::str::from_utf8(bytes).map_err(|e| {
        fail0(
            C::BadEncoding,
            format!("invalid UTF-8 at byte {}", e.valid_up_to()),
        )
    })?;
    let bom = if src.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &src[bom..];
    let mut reader = Reader::from_str(body);
    {
        let cfg = reader.config_mut();
        cfg.check_end_names = true;
        cfg.expand_empty_elements = false;
        cfg.trim_text(false);
    }

    let mut tree = Tree {
        src: body,
        input: src,
        elements: Vec::new(),
        prolog: Vec::new(),
        epilog: Vec::new(),
        root_end: None,
    };
    // Open elements (indices) and the namespace scopes in force.
    let mut open: Vec<usize> = Vec::new();
    let mut scopes: Vec<(&'a str, Cow<'a, str>)> = Vec::new();
    let mut scope_marks: Vec<usize> = Vec::new();
    let mut root_done = false;
    // Text being accumulated for the innermost open element.
    let mut text: Option<Cow<'a, str>> = None;

    let fail = |code: ParseErrorCode, at: usize, detail: String| {
        let (line, column) = line_col(body, at);
        ParseError {
            code,
            line,
            column,
            path: String::new(),
            detail,
        }
    };

    // Append pending text to the innermost open element.
    fn flush<'a>(tree: &mut Tree<'a>, open: &[usize], text: &mut Option<Cow<'a, str>>) {
        if let (Some(t), Some(&cur)) = (text.take(), open.last()) {
            tree.elements[cur].children.push(Content::Text(t));
        }
    }

    loop {
        let start = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                let code = match &e {
                    quick_xml::Error::Escape(
                        quick_xml::escape::EscapeError::UnrecognizedEntity(..),
                    ) => C::UnknownEntity,
                    quick_xml::Error::Encoding(_) => C::BadEncoding,
                    _ => C::MalformedXml,
                };
                return Err(fail(code, at, e.to_string()));
            }
        };
        // Text-like events accumulate; anything else ends the pending text run.
        let piece: Option<Cow<'a, str>> = match &event {
            Event::Text(t) => Some(t.xml10_content()),
            Event::CData(t) => Some(Cow::Owned(t.xml10_content().into_owned())),
            Event::GeneralRef(r) => {
                if r.is_char_ref() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(Cow::Owned(c.to_string())),
                        _ => {
                            return Err(fail(
                                C::MalformedXml,
                                start,
                                format!("bad character reference &{};", &**r),
                            ));
                        }
                    }
                } else {
                    match predefined_entity(r) {
                        Some(s) => Some(Cow::Borrowed(s)),
                        None => {
                            return Err(fail(
                                C::UnknownEntity,
                                start,
                                format!("unknown entity &{};", &**r),
                            ));
                        }
                    }
                }
            }
            _ => None,
        };
        if let Some(piece) = piece {
            if open.is_empty() {
                if matches!(event, Event::Text(_)) && crate::xml::is_xml_whitespace(&piece) {
                    continue;
                }
                return Err(fail(
                    C::MalformedXml,
                    start,
                    "character data outside the document element".into(),
                ));
            }
            let len = text.as_ref().map_or(0, |t| t.len()) + piece.len();
            if len > limits.text_bytes_max {
                return Err(fail(
                    C::TextTooLong,
                    start,
                    format!("text longer than text_bytes_max {}", limits.text_bytes_max),
                ));
            }
            match &mut text {
                None => text = Some(piece),
                Some(t) => t.to_mut().push_str(&piece),
            }
            continue;
        }
        flush(&mut tree, &open, &mut text);
        match event {
            Event::DocType(d) => {
                let body = d.into_inner();
                return Err(fail(
                    doctype_code(&body),
                    start,
                    "DOCTYPE is never accepted".into(),
                ));
            }
            Event::Decl(d) => {
                if let Some(enc) = d.encoding() {
                    let enc = enc.map_err(|e| fail(C::MalformedXml, start, e.to_string()))?;
                    if !enc.eq_ignore_ascii_case("utf-8") && !enc.eq_ignore_ascii_case("utf8") {
                        return Err(fail(
                            C::BadEncoding,
                            start,
                            format!("declared encoding {enc:?}; only UTF-8"),
                        ));
                    }
                }
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                if root_done {
                    return Err(fail(
                        C::MalformedXml,
                        start,
                        "content after the document element".into(),
                    ));
                }
                if tree.elements.len() >= limits.elements_max {
                    return Err(fail(
                        C::TooManyElements,
                        start,
                        format!("more than elements_max {}", limits.elements_max),
                    ));
                }
                if open.len() + 1 > limits.depth_max {
                    return Err(fail(
                        C::TooDeep,
                        start,
                        format!("deeper than depth_max {}", limits.depth_max),
                    ));
                }
                // The tag's name and attributes borrow from `body`: locate them there.
                let tag = &body[start..];
                let name_len = e.name().as_ref().len();
                let qname: &'a str = &tag[1..1 + name_len];
                scope_marks.push(scopes.len());
                let mut ns_decls = Vec::new();
                let mut raw_attrs: Vec<(&'a str, Cow<'a, str>)> = Vec::new();
                for (count, attr) in e.attributes().enumerate() {
                    if count >= limits.attributes_per_element_max {
                        return Err(fail(
                            C::TooManyAttributes,
                            start,
                            format!(
                                "<{qname}> has more than attributes_per_element_max {}",
                                limits.attributes_per_element_max
                            ),
                        ));
                    }
                    let attr = attr.map_err(|e| fail(C::MalformedXml, start, e.to_string()))?;
                    let raw: &str = &attr.value;
                    // Plain values (no reference, no whitespace to normalise) borrow
                    // from the input: no allocation for the common case.
                    let value: Cow<'a, str> = match find_in(tag, raw) {
                        Some(v) if !raw.contains(['&', '\t', '\n', '\r']) => Cow::Borrowed(v),
                        _ => Cow::Owned(
                            attr.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .map_err(|e| {
                                    let code = match e {
                                        quick_xml::Error::Escape(
                                            quick_xml::escape::EscapeError::UnrecognizedEntity(..),
                                        ) => C::UnknownEntity,
                                        _ => C::MalformedXml,
                                    };
                                    fail(code, start, e.to_string())
                                })?
                                .into_owned(),
                        ),
                    };
                    if value.len() > limits.text_bytes_max {
                        return Err(fail(
                            C::TextTooLong,
                            start,
                            "attribute value longer than text_bytes_max".into(),
                        ));
                    }
                    let key: &str = attr.key.as_ref();
                    // Re-borrow the key from `body` so it lives as long as the tree.
                    let key: &'a str = find_in(tag, key).unwrap_or("");
                    if key.is_empty() {
                        return Err(fail(C::MalformedXml, start, "bad attribute name".into()));
                    }
                    if key == "xmlns" {
                        ns_decls.push(("", value));
                    } else if let Some(p) = key.strip_prefix("xmlns:") {
                        if value.is_empty() {
                            return Err(fail(
                                C::MalformedXml,
                                start,
                                format!("prefix {p:?} bound to the empty namespace"),
                            ));
                        }
                        ns_decls.push((p, value));
                    } else {
                        raw_attrs.push((key, value));
                    }
                }
                for (p, u) in &ns_decls {
                    scopes.push((p, u.clone()));
                }
                let resolve = |prefix: &str| -> Option<Cow<'a, str>> {
                    if prefix == "xml" {
                        return Some(Cow::Borrowed(XML_NS));
                    }
                    lookup(&scopes, prefix)
                };
                let (prefix, local) = split_qname(qname);
                let ns = if prefix.is_empty() {
                    resolve("").unwrap_or(Cow::Borrowed(""))
                } else {
                    resolve(prefix).ok_or_else(|| {
                        fail(
                            C::MalformedXml,
                            start,
                            format!("unbound namespace prefix {prefix:?}"),
                        )
                    })?
                };
                let mut attrs: Vec<Attr<'a>> = Vec::with_capacity(raw_attrs.len());
                for (key, value) in raw_attrs {
                    let (p, l) = split_qname(key);
                    let ans = if p.is_empty() {
                        Cow::Borrowed("")
                    } else {
                        resolve(p).ok_or_else(|| {
                            fail(
                                C::MalformedXml,
                                start,
                                format!("unbound namespace prefix {p:?}"),
                            )
                        })?
                    };
                    if attrs.iter().any(|a| a.local == l && a.ns == ans) {
                        return Err(fail(
                            C::MalformedXml,
                            start,
                            format!("duplicate attribute {key:?}"),
                        ));
                    }
                    attrs.push(Attr {
                        qname: key,
                        local: l,
                        ns: ans,
                        value,
                    });
                }
                let idx = tree.elements.len();
                let parent = open.last().copied();
                tree.elements.push(Element {
                    qname,
                    local,
                    ns,
                    ns_decls,
                    attrs,
                    children: Vec::new(),
                    parent,
                    depth: open.len(),
                    offset: start,
                });
                if let Some(p) = parent {
                    tree.elements[p].children.push(Content::Element(idx));
                }
                if empty {
                    if let Some(m) = scope_marks.pop() {
                        scopes.truncate(m);
                    }
                    if parent.is_none() {
                        root_done = true;
                    }
                } else {
                    open.push(idx);
                }
            }
            Event::End(_) => {
                if open.pop().is_none() {
                    return Err(fail(
                        C::MalformedXml,
                        start,
                        "end tag without start tag".into(),
                    ));
                }
                if let Some(m) = scope_marks.pop() {
                    scopes.truncate(m);
                }
                if open.is_empty() {
                    root_done = true;
                    tree.root_end = Some(start);
                }
            }
            Event::PI(pi) => {
                let raw = &body[start + 2..start + 2 + pi.len()];
                let (target, data) = match raw.find([' ', '\t', '\r', '\n']) {
                    Some(i) => (
                        &raw[..i],
                        raw[i..].trim_start_matches([' ', '\t', '\r', '\n']),
                    ),
                    None => (raw, ""),
                };
                let data = normalize_eols(data);
                match open.last() {
                    Some(&cur) => tree.elements[cur].children.push(Content::Pi(target, data)),
                    None if root_done => tree.epilog.push((target, data)),
                    None => tree.prolog.push((target, data)),
                }
            }
            Event::Comment(_) => {}
            Event::Eof => break,
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => {}
        }
    }
    if !open.is_empty() {
        return Err(fail(
            C::MalformedXml,
            body.len(),
            "unexpected end of document".into(),
        ));
    }
    if tree.elements.is_empty() {
        return Err(fail0(C::EmptyDocument, "no document element".into()));
    }
    Ok(tree)
}

/// `needle` as a sub-slice of `hay` (so it borrows from the input, not from quick-xml).
fn find_in<'a>(hay: &'a str, needle: &str) -> Option<&'a str> {
    hay.find(needle).map(|i| &hay[i..i + needle.len()])
}

fn escape_text<S: Sink>(s: &str, out: &mut S) {
    let b = s.as_bytes();
    let mut run = 0;
    for (i, &c) in b.iter().enumerate() {
        let rep: &[u8] = match c {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'\r' => b"&#xD;",
            _ => continue,
        };
        out.put(&b[run..i]);
        out.put(rep);
        run = i + 1;
    }
    out.put(&b[run..]);
}

fn escape_attr<S: Sink>(s: &str, out: &mut S) {
    let b = s.as_bytes();
    let mut run = 0;
    for (i, &c) in b.iter().enumerate() {
        let rep: &[u8] = match c {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'"' => b"&quot;",
            b'\t' => b"&#x9;",
            b'\n' => b"&#xA;",
            b'\r' => b"&#xD;",
            _ => continue,
        };
        out.put(&b[run..i]);
        out.put(rep);
        run = i + 1;
    }
    out.put(&b[run..]);
}

fn write_pi<S: Sink>(target: &str, data: &str, out: &mut S) {
    out.put(b"<?");
    out.put(target.as_bytes());
    if !data.is_empty() {
        out.put(b" ");
        out.put(data.as_bytes());
    }
    out.put(b"?>");
}

/// Canonicalise the whole document, leaving out the element `exclude` and everything
/// inside it (the enveloped-signature transform), into `out`.
pub(crate) fn write_document<S: Sink>(tree: &Tree<'_>, exclude: Option<usize>, out: &mut S) {
    for (t, d) in &tree.prolog {
        write_pi(t, d, out);
        out.put(b"\n");
    }
    if exclude != Some(0) {
        let mut rendered: Vec<(&str, &str)> = Vec::new();
        write_element(tree, 0, exclude, false, &mut rendered, out);
    }
    for (t, d) in &tree.epilog {
        out.put(b"\n");
        write_pi(t, d, out);
    }
}

/// Canonicalise the subtree at `apex` as a document subset (the way XML-DSig
/// canonicalises `SignedInfo`): the apex carries every namespace in scope and the
/// `xml:` attributes it inherits.
pub(crate) fn write_subtree<S: Sink>(tree: &Tree<'_>, apex: usize, out: &mut S) {
    let mut rendered: Vec<(&str, &str)> = Vec::new();
    write_element(tree, apex, None, true, &mut rendered, out);
}

fn write_element<'t, S: Sink>(
    tree: &'t Tree<'_>,
    idx: usize,
    exclude: Option<usize>,
    apex: bool,
    rendered: &mut Vec<(&'t str, &'t str)>,
    out: &mut S,
) {
    let el = &tree.elements[idx];
    let mark = rendered.len();
    // Namespace declarations to render, sorted by prefix (default first).
    let mut decls: Vec<(&'t str, &'t str)> = Vec::new();
    if apex {
        // Every namespace in scope, nearest declaration winning.
        let mut cur = Some(idx);
        while let Some(i) = cur {
            for (p, u) in &tree.elements[i].ns_decls {
                if !decls.iter().any(|(q, _)| q == p) {
                    decls.push((p, u));
                }
            }
            cur = tree.elements[i].parent;
        }
        decls.retain(|(p, u)| !(p.is_empty() && u.is_empty()));
    } else {
        for (p, u) in &el.ns_decls {
            let in_output = rendered
                .iter()
                .rev()
                .find(|(q, _)| q == p)
                .map_or("", |(_, v)| *v);
            if in_output != &**u {
                decls.push((p, u));
            }
        }
    }
    decls.retain(|(p, u)| !(*p == "xml" && *u == XML_NS));
    decls.sort_by(|a, b| a.0.cmp(b.0));
    rendered.extend(decls.iter().copied());

    // Attributes sorted by (namespace URI, local name); the apex also inherits xml:*.
    let mut attrs: Vec<(&'t str, &'t str, &'t str, &'t str)> = el
        .attrs
        .iter()
        .map(|a| (&*a.ns, a.local, a.qname, &*a.value))
        .collect();
    if apex {
        let mut cur = el.parent;
        while let Some(i) = cur {
            for a in &tree.elements[i].attrs {
                if a.ns == XML_NS && !attrs.iter().any(|x| x.0 == XML_NS && x.1 == a.local) {
                    attrs.push((&a.ns, a.local, a.qname, &a.value));
                }
            }
            cur = tree.elements[i].parent;
        }
    }
    attrs.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));

    out.put(b"<");
    out.put(el.qname.as_bytes());
    for (p, u) in &decls {
        if p.is_empty() {
            out.put(b" xmlns=\"");
        } else {
            out.put(b" xmlns:");
            out.put(p.as_bytes());
            out.put(b"=\"");
        }
        escape_attr(u, out);
        out.put(b"\"");
    }
    for (_, _, q, v) in &attrs {
        out.put(b" ");
        out.put(q.as_bytes());
        out.put(b"=\"");
        escape_attr(v, out);
        out.put(b"\"");
    }
    out.put(b">");
    for c in &el.children {
        match c {
            Content::Element(i) => {
                if Some(*i) != exclude {
                    write_element(tree, *i, exclude, false, rendered, out);
                }
            }
            Content::Text(t) => escape_text(t, out),
            Content::Pi(t, d) => write_pi(t, d, out),
        }
    }
    out.put(b"</");
    out.put(el.qname.as_bytes());
    out.put(b">");
    rendered.truncate(mark);
}

/// Canonical XML 1.0 (inclusive, without comments) of a whole document, read with the
/// default [`Limits`]. Refuses what [`crate::parse`] refuses (DOCTYPE, unknown
/// entities, limits, malformed XML).
pub fn canonicalize(xml: &[u8]) -> Result<Vec<u8>, ParseError> {
    let tree = read_tree(xml, &Limits::DEFAULT)?;
    let mut out = Vec::with_capacity(xml.len());
    write_document(&tree, None, &mut out);
    Ok(out)
}
