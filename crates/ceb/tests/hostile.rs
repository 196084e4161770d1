//! Hostile input is refused with the right code, line and path — at the offending construct,
//! before anything is expanded or buffered (the speed of refusals is measured in the parse
//! bench, not timed here: a loaded machine must not fail a correct parser).

use chuanyu_ceb::{
    Limits, MESSAGE_BYTES_MAX, ParseError, ParseErrorCode as C, parse, parse_with_limits,
};

const ROOT_OPEN: &str = r#"<ceb:CEB311Message guid="4CDE1CFD-EDED-46B1-946C-B8022E42FC94" version="1.0" xmlns:ceb="http://www.chinaport.gov.cn/ceb">"#;

/// Parse and require a refusal with `code`.
fn refused(bytes: &[u8], code: C) -> ParseError {
    let err = parse(bytes).expect_err("must be refused");
    assert_eq!(err.code, code, "{err}");
    err
}

#[test]
fn doctype_is_refused() {
    let xml = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE ceb:CEB311Message>\n{ROOT_OPEN}</ceb:CEB311Message>"
    );
    let e = refused(xml.as_bytes(), C::DoctypeForbidden);
    assert_eq!(e.line, 2);
}

#[test]
fn billion_laughs_is_refused() {
    let mut dtd = String::from("<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        dtd.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    dtd.push_str("]>\n");
    let xml = format!(
        "<?xml version=\"1.0\"?>\n{dtd}{ROOT_OPEN}<ceb:Order>&lol9;</ceb:Order></ceb:CEB311Message>"
    );
    refused(xml.as_bytes(), C::EntityDeclarationForbidden);
}

#[test]
fn external_entity_is_refused() {
    let xml = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n{ROOT_OPEN}&xxe;</ceb:CEB311Message>"
    );
    refused(xml.as_bytes(), C::ExternalEntityForbidden);
    let xml = format!(
        "<!DOCTYPE x SYSTEM \"http://example.invalid/x.dtd\">{ROOT_OPEN}</ceb:CEB311Message>"
    );
    refused(xml.as_bytes(), C::ExternalEntityForbidden);
}

#[test]
fn unknown_entity_is_refused_with_path() {
    let xml = format!(
        "{ROOT_OPEN}\n<ceb:Order><ceb:OrderHead><ceb:orderNo>&nbsp;</ceb:orderNo></ceb:OrderHead></ceb:Order></ceb:CEB311Message>"
    );
    let e = refused(xml.as_bytes(), C::UnknownEntity);
    assert_eq!(
        e.path,
        "/ceb:CEB311Message/ceb:Order/ceb:OrderHead/ceb:orderNo"
    );
    assert_eq!(e.line, 2);
    // in an attribute too
    let xml = r#"<ceb:CEB311Message guid="&foo;" version="1.0" xmlns:ceb="http://www.chinaport.gov.cn/ceb"/>"#;
    refused(xml.as_bytes(), C::UnknownEntity);
}

#[test]
fn predefined_and_character_references_are_fine() {
    let xml = format!(
        "{ROOT_OPEN}<ceb:BaseTransfer><ceb:copCode>A&amp;B&#x4E2D;&#25991;</ceb:copCode></ceb:BaseTransfer></ceb:CEB311Message>"
    );
    let p = parse(xml.as_bytes()).unwrap();
    let chuanyu_ceb::Message::Order { transfer, .. } = p.message else {
        panic!()
    };
    assert_eq!(transfer.base_transfer.cop_code, "A&B中文");
}

#[test]
fn ten_thousand_nested_elements_are_refused() {
    let xml = format!(
        "{ROOT_OPEN}{}{}</ceb:CEB311Message>",
        "<a>".repeat(10_000),
        "</a>".repeat(10_000)
    );
    let e = refused(xml.as_bytes(), C::TooDeep);
    assert!(e.path.starts_with("/ceb:CEB311Message/a/a"), "{}", e.path);
}

#[test]
fn hundred_thousand_attributes_are_refused() {
    let mut xml = String::from(r#"<ceb:CEB311Message xmlns:ceb="http://www.chinaport.gov.cn/ceb""#);
    for i in 0..100_000u32 {
        xml.push_str(&format!(" a{i:x}=\"\""));
    }
    xml.push_str("></ceb:CEB311Message>");
    assert!(xml.len() < MESSAGE_BYTES_MAX, "{}", xml.len());
    refused(xml.as_bytes(), C::TooManyAttributes);
}

#[test]
fn oversize_body_is_refused_before_reading() {
    let mut xml = ROOT_OPEN.as_bytes().to_vec();
    xml.resize(MESSAGE_BYTES_MAX + 1, b' ');
    refused(&xml, C::TooLarge);
}

#[test]
fn too_many_elements_and_long_text_are_refused() {
    let xml = format!("{ROOT_OPEN}{}</ceb:CEB311Message>", "<a/>".repeat(70_000));
    refused(xml.as_bytes(), C::TooManyElements);
    let xml = format!(
        "{ROOT_OPEN}<ceb:Order>{}</ceb:Order></ceb:CEB311Message>",
        "x".repeat(20_000)
    );
    refused(xml.as_bytes(), C::TextTooLong);
    let small = Limits {
        elements_max: 3,
        ..Limits::DEFAULT
    };
    let xml = format!("{ROOT_OPEN}<a/><b/><c/></ceb:CEB311Message>");
    assert_eq!(
        parse_with_limits(xml.as_bytes(), &small).unwrap_err().code,
        C::TooManyElements
    );
}

#[test]
fn encoding_and_wellformedness() {
    refused(b"<?xml version=\"1.0\"?><a>\xff\xfe</a>", C::BadEncoding);
    let xml = format!("<?xml version=\"1.0\" encoding=\"GBK\"?>{ROOT_OPEN}</ceb:CEB311Message>");
    refused(xml.as_bytes(), C::BadEncoding);
    let xml = format!("{ROOT_OPEN}<ceb:Order></ceb:OrderX></ceb:CEB311Message>");
    refused(xml.as_bytes(), C::MalformedXml);
    let xml = format!("{ROOT_OPEN}<ceb:Order>");
    refused(xml.as_bytes(), C::MalformedXml);
    refused(b"", C::EmptyDocument);
    refused(b"   <!-- nothing -->  ", C::EmptyDocument);
    let xml = format!("{ROOT_OPEN}</ceb:CEB311Message><again/>");
    refused(xml.as_bytes(), C::MalformedXml);
}

#[test]
fn unknown_root_and_namespace() {
    let e = refused(
        br#"<ceb:CEB999Message xmlns:ceb="http://www.chinaport.gov.cn/ceb"><x/></ceb:CEB999Message>"#,
        C::UnknownMessageType,
    );
    assert_eq!((e.line, e.column), (1, 1));
    refused(br#"<CEB311Message xmlns="urn:other"/>"#, C::WrongNamespace);
    refused(br#"<CEB311Message/>"#, C::WrongNamespace);
}
