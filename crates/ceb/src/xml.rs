//! Hardened streaming reader: UTF-8 XML bytes → a small element tree, refusing DTDs and
//! unknown entities and enforcing every [`Limits`] bound while reading.

use std::borrow::Cow;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use crate::error::{ParseError, ParseErrorCode};
use crate::limits::Limits;

/// Namespace of every CEB element.
pub const CEB_NS: &str = "http://www.chinaport.gov.cn/ceb";
/// Namespace of the XML-DSig signature element.
pub const DS_NS: &str = "http://www.w3.org/2000/09/xmldsig#";

/// Which namespace an element is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    Ceb,
    Ds,
    Other,
}

/// One element: local name, namespace, attributes, children and (leaf) text.
#[derive(Debug)]
pub(crate) struct Node<'a> {
    pub name: Box<str>,
    pub ns: Ns,
    pub attrs: Vec<(Box<str>, String)>,
    pub children: Vec<Node<'a>>,
    /// Text content (only kept while the element has no child elements).
    pub text: Cow<'a, str>,
    /// Non-whitespace text mixed with child elements.
    pub stray_text: bool,
    /// Byte offset of the `<` of the start tag in the source.
    pub offset: usize,
}

impl<'a> Node<'a> {
    fn new(name: &str, ns: Ns, offset: usize) -> Self {
        Node {
            name: name.into(),
            ns,
            attrs: Vec::new(),
            children: Vec::new(),
            text: Cow::Borrowed(""),
            stray_text: false,
            offset,
        }
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| &**k == name)
            .map(|(_, v)| v.as_str())
    }

    fn push_text(&mut self, piece: Cow<'a, str>, limits: &Limits) -> Result<(), &'static str> {
        if !self.children.is_empty() {
            if !is_xml_whitespace(&piece) {
                self.stray_text = true;
            }
            return Ok(());
        }
        if self.text.len() + piece.len() > limits.text_bytes_max {
            return Err("text");
        }
        if self.text.is_empty() {
            self.text = piece;
        } else {
            self.text.to_mut().push_str(&piece);
        }
        Ok(())
    }

    fn push_child(&mut self, child: Node<'a>) {
        if self.children.is_empty() {
            if !is_xml_whitespace(&self.text) {
                self.stray_text = true;
            }
            self.text = Cow::Borrowed("");
        }
        self.children.push(child);
    }
}

pub(crate) fn is_xml_whitespace(s: &str) -> bool {
    s.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// The parsed document: the source text (for line numbers) and the root element.
pub(crate) struct Doc<'a> {
    pub src: &'a str,
    pub root: Node<'a>,
}

/// 1-based (line, column-in-characters) of a byte offset.
pub(crate) fn line_col(src: &str, offset: usize) -> (u32, u32) {
    let offset = floor_char_boundary(src, offset.min(src.len()));
    let before = &src[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (saturate(line), saturate(column))
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Rendered path of the open elements, e.g. `/ceb:CEB311Message/ceb:Order/ceb:OrderHead`.
fn stack_path(stack: &[Node<'_>]) -> String {
    let mut s = String::new();
    for n in stack {
        s.push('/');
        s.push_str(match n.ns {
            Ns::Ceb => "ceb:",
            Ns::Ds => "ds:",
            Ns::Other => "",
        });
        s.push_str(&n.name);
    }
    s
}

fn fail_at(
    src: &str,
    stack: &[Node<'_>],
    code: ParseErrorCode,
    offset: usize,
    detail: impl Into<String>,
) -> ParseError {
    let (line, column) = line_col(src, offset);
    ParseError {
        code,
        line,
        column,
        path: stack_path(stack),
        detail: detail.into(),
    }
}

fn err0(code: ParseErrorCode, detail: impl Into<String>) -> ParseError {
    ParseError {
        code,
        line: 1,
        column: 1,
        path: String::new(),
        detail: detail.into(),
    }
}

/// Classify a DOCTYPE body: entity declarations and external identifiers get their
/// own code so logs tell an XXE / billion-laughs attempt from a harmless DTD.
pub(crate) fn doctype_code(body: &str) -> ParseErrorCode {
    if body.contains("<!ENTITY") {
        if body.contains("SYSTEM") || body.contains("PUBLIC") {
            ParseErrorCode::ExternalEntityForbidden
        } else {
            ParseErrorCode::EntityDeclarationForbidden
        }
    } else if body.contains("SYSTEM") || body.contains("PUBLIC") {
        ParseErrorCode::ExternalEntityForbidden
    } else {
        ParseErrorCode::DoctypeForbidden
    }
}

pub(crate) fn predefined_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "apos" => "'",
        "quot" => "\"",
        _ => return None,
    })
}

/// Decides on the root element (local name, namespace) before the body is read.
pub(crate) type RootCheck<'f> = dyn FnMut(&str, Ns) -> Result<(), (ParseErrorCode, String)> + 'f;

/// Read one document. `root_check` is called with the root's local name and namespace
/// as soon as the root start tag is seen, so an unknown message is refused before the
/// body is read.
pub(crate) fn read<'a>(
    bytes: &'a [u8],
    limits: &Limits,
    root_check: &mut RootCheck<'_>,
) -> Result<Doc<'a>, ParseError> {
    use ParseErrorCode as C;
    if bytes.len() > limits.message_bytes_max {
        return Err(err0(
            C::TooLarge,
            format!(
                "{} bytes > message_bytes_max {}",
                bytes.len(),
                limits.message_bytes_max
            ),
        ));
    }
    let src = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let (line, column) = line_col(
                std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or(""),
                e.valid_up_to(),
            );
            return Err(ParseError {
                code: C::BadEncoding,
                line,
                column,
                path: String::new(),
                detail: format!("invalid UTF-8 at byte {}", e.valid_up_to()),
            });
        }
    };
    // A UTF-8 byte order mark is allowed (one official sample has it); offsets stay
    // relative to `src` so line numbers are right.
    let bom = if src.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &src[bom..];
    let mut reader = NsReader::from_str(body);
    {
        let cfg = reader.config_mut();
        cfg.check_end_names = true;
        cfg.expand_empty_elements = false;
        cfg.trim_text(false);
    }

    let mut stack: Vec<Node<'a>> = Vec::new();
    let mut root: Option<Node<'a>> = None;
    let mut elements: usize = 0;

    loop {
        let start = bom + usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let res = reader.read_resolved_event();
        macro_rules! fail {
            ($code:expr, $at:expr, $detail:expr $(,)?) => {
                fail_at(src, &stack, $code, $at, $detail)
            };
        }
        let (ns, event) = match res {
            Ok((ns, ev)) => {
                let ns = match ns {
                    ResolveResult::Bound(n) if n.as_ref() == CEB_NS => Ns::Ceb,
                    ResolveResult::Bound(n) if n.as_ref() == DS_NS => Ns::Ds,
                    ResolveResult::Unknown(p) => {
                        return Err(fail!(
                            C::MalformedXml,
                            start,
                            format!("unbound namespace prefix {p:?}")
                        ));
                    }
                    _ => Ns::Other,
                };
                (ns, ev)
            }
            Err(e) => {
                let at = bom + usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                let code = match &e {
                    quick_xml::Error::Escape(
                        quick_xml::escape::EscapeError::UnrecognizedEntity(..),
                    ) => C::UnknownEntity,
                    quick_xml::Error::Encoding(_) => C::BadEncoding,
                    _ => C::MalformedXml,
                };
                return Err(fail!(code, at, e.to_string()));
            }
        };
        match event {
            Event::DocType(d) => {
                let body = d.into_inner();
                return Err(fail!(
                    doctype_code(&body),
                    start,
                    "DOCTYPE is never accepted"
                ));
            }
            Event::Decl(d) => {
                if let Some(enc) = d.encoding() {
                    let enc = enc.map_err(|e| fail!(C::MalformedXml, start, e.to_string()))?;
                    if !enc.eq_ignore_ascii_case("utf-8") && !enc.eq_ignore_ascii_case("utf8") {
                        return Err(fail!(
                            C::BadEncoding,
                            start,
                            format!("declared encoding {enc:?}; only UTF-8")
                        ));
                    }
                }
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                if root.is_some() {
                    return Err(fail!(
                        C::MalformedXml,
                        start,
                        "content after the root element"
                    ));
                }
                elements += 1;
                if elements > limits.elements_max {
                    return Err(fail!(
                        C::TooManyElements,
                        start,
                        format!("more than elements_max {}", limits.elements_max)
                    ));
                }
                if stack.len() + 1 > limits.depth_max {
                    return Err(fail!(
                        C::TooDeep,
                        start,
                        format!("deeper than depth_max {}", limits.depth_max)
                    ));
                }
                let local = e.local_name();
                let local: &str = local.as_ref();
                if stack.is_empty() {
                    root_check(local, ns).map_err(|(c, d)| fail!(c, start, d))?;
                }
                let mut node = Node::new(local, ns, start);
                for (count, attr) in e.attributes().enumerate() {
                    if count >= limits.attributes_per_element_max {
                        return Err(fail!(
                            C::TooManyAttributes,
                            start,
                            format!(
                                "<{}> has more than attributes_per_element_max {}",
                                node.name, limits.attributes_per_element_max
                            ),
                        ));
                    }
                    let attr = attr.map_err(|e| fail!(C::MalformedXml, start, e.to_string()))?;
                    let value = attr
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| {
                            let code = match e {
                                quick_xml::Error::Escape(
                                    quick_xml::escape::EscapeError::UnrecognizedEntity(..),
                                ) => C::UnknownEntity,
                                _ => C::MalformedXml,
                            };
                            fail!(code, start, e.to_string())
                        })?;
                    if value.len() > limits.text_bytes_max {
                        return Err(fail!(
                            C::TextTooLong,
                            start,
                            "attribute value longer than text_bytes_max"
                        ));
                    }
                    let key = attr.key.local_name();
                    let key: &str = key.as_ref();
                    if attr.key.as_ref().starts_with("xmlns") {
                        continue;
                    }
                    node.attrs.push((key.into(), value.into_owned()));
                }
                if empty {
                    match stack.last_mut() {
                        Some(parent) => parent.push_child(node),
                        None => root = Some(node),
                    }
                } else {
                    stack.push(node);
                }
            }
            Event::End(_) => {
                let Some(node) = stack.pop() else {
                    return Err(fail!(C::MalformedXml, start, "end tag without start tag"));
                };
                match stack.last_mut() {
                    Some(parent) => parent.push_child(node),
                    None => root = Some(node),
                }
            }
            Event::Text(t) => {
                let piece = t.xml10_content();
                match stack.last_mut() {
                    Some(n) => {
                        if n.push_text(piece, limits).is_err() {
                            return Err(fail!(
                                C::TextTooLong,
                                start,
                                format!(
                                    "text longer than text_bytes_max {}",
                                    limits.text_bytes_max
                                ),
                            ));
                        }
                    }
                    None => {
                        if !is_xml_whitespace(&piece) {
                            return Err(fail!(
                                C::MalformedXml,
                                start,
                                "text outside the root element"
                            ));
                        }
                    }
                }
            }
            Event::CData(t) => {
                let piece = Cow::Owned(t.xml10_content().into_owned());
                let Some(n) = stack.last_mut() else {
                    return Err(fail!(
                        C::MalformedXml,
                        start,
                        "CDATA outside the root element"
                    ));
                };
                if n.push_text(piece, limits).is_err() {
                    return Err(fail!(
                        C::TextTooLong,
                        start,
                        "text longer than text_bytes_max"
                    ));
                }
            }
            Event::GeneralRef(r) => {
                let resolved: Cow<'a, str> = if r.is_char_ref() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => Cow::Owned(c.to_string()),
                        _ => {
                            return Err(fail!(
                                C::MalformedXml,
                                start,
                                format!("bad character reference &{};", &*r)
                            ));
                        }
                    }
                } else {
                    match predefined_entity(&r) {
                        Some(s) => Cow::Borrowed(s),
                        None => {
                            return Err(fail!(
                                C::UnknownEntity,
                                start,
                                format!("unknown entity &{};", &*r)
                            ));
                        }
                    }
                };
                let Some(n) = stack.last_mut() else {
                    return Err(fail!(
                        C::MalformedXml,
                        start,
                        "reference outside the root element"
                    ));
                };
                if n.push_text(resolved, limits).is_err() {
                    return Err(fail!(
                        C::TextTooLong,
                        start,
                        "text longer than text_bytes_max"
                    ));
                }
            }
            Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    if !stack.is_empty() {
        return Err(fail_at(
            src,
            &stack,
            C::MalformedXml,
            src.len(),
            "unexpected end of document",
        ));
    }
    match root {
        Some(root) => Ok(Doc { src, root }),
        None => Err(err0(C::EmptyDocument, "no root element")),
    }
}

/// The element tree [`read`] would build, made from a canonicalisation tree of the same
/// bytes already read by [`crate::c14n::read_tree`] (the same hardened reader: limits,
/// DOCTYPE, entities, encoding), so a signed message is tokenised once for both its schema
/// parse and its signature check. `src` is the whole input text and `bom` the length of its
/// byte order mark (the tree's offsets are after it). `None` wherever the result could
/// differ from [`read`]'s (a text over `text_bytes_max` once concatenated, a refused root):
/// the caller then reads the bytes with [`read`] for its exact answer.
pub(crate) fn doc_from_tree<'a>(
    src: &'a str,
    bom: usize,
    tree: &crate::c14n::Tree<'a>,
    limits: &Limits,
    root_check: &mut RootCheck<'_>,
) -> Option<Doc<'a>> {
    fn node<'a>(
        tree: &crate::c14n::Tree<'a>,
        idx: usize,
        bom: usize,
        limits: &Limits,
    ) -> Option<Node<'a>> {
        use crate::c14n::Content;
        let e = &tree.elements[idx];
        let ns = match &*e.ns {
            CEB_NS => Ns::Ceb,
            DS_NS => Ns::Ds,
            _ => Ns::Other,
        };
        let mut n = Node::new(e.local, ns, bom + e.offset);
        for a in &e.attrs {
            // As `read`: whatever starts with `xmlns` is not an attribute of the message.
            if a.qname.starts_with("xmlns") {
                continue;
            }
            n.attrs.push((a.local.into(), a.value.to_string()));
        }
        for c in &e.children {
            match c {
                Content::Element(child) => {
                    let child = node(tree, *child, bom, limits)?;
                    n.push_child(child);
                }
                Content::Text(t) => n.push_text(t.clone(), limits).ok()?,
                Content::Pi(..) => {}
            }
        }
        Some(n)
    }
    let root = node(tree, 0, bom, limits)?;
    root_check(&root.name, root.ns).ok()?;
    Some(Doc { src, root })
}
