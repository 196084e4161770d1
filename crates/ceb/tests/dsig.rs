//! Enveloped XML-DSig (SM2-SM3, RSA-SHA1) and the C14N 1.0 it stands on.

mod common;

use std::sync::OnceLock;

use base64::Engine as _;
use chuanyu_ceb::dsig::{
    DsigErrorCode as C, SignatureAlgorithm, SigningKey, VerifyingKey, sign_enveloped,
    verify_enveloped,
};
use chuanyu_ceb::{ParseErrorCode, canonicalize};

// ---------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------

fn c14n(s: &str) -> String {
    String::from_utf8(canonicalize(s.as_bytes()).expect("canonicalize")).unwrap()
}

/// The official CEB621 sample without its placeholder signature.
fn inventory() -> String {
    strip_signature(&String::from_utf8(common::sample("import", "CEB621Message.xml")).unwrap())
}

fn strip_signature(xml: &str) -> String {
    let Some(s) = xml.find("<ds:Signature") else {
        return xml.to_string();
    };
    let e = xml.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
    format!("{}{}", &xml[..s], &xml[e..])
}

fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 128 {
        out.push(n as u8);
    } else if n < 256 {
        out.extend([0x81, n as u8]);
    } else {
        out.extend([0x82, (n >> 8) as u8, n as u8]);
    }
    out.extend_from_slice(content);
    out
}

/// A minimal X.509 v3 certificate holding `spki` (its own signature is not checked by
/// the platform, which trusts the registered key, so it is a stub).
fn certificate_for(spki: &[u8]) -> Vec<u8> {
    // 1.2.156.10197.1.501 (SM2 with SM3)
    let alg = der(
        0x30,
        &der(0x06, &[0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x83, 0x75]),
    );
    let version = der(0xa0, &der(0x02, &[2]));
    let serial = der(0x02, &[1]);
    let cn = der(
        0x30,
        &der(
            0x31,
            &der(
                0x30,
                &[der(0x06, &[0x55, 0x04, 0x03]), der(0x0c, b"0001")].concat(),
            ),
        ),
    );
    let validity = der(
        0x30,
        &[der(0x17, b"250101000000Z"), der(0x17, b"350101000000Z")].concat(),
    );
    let tbs = der(
        0x30,
        &[
            version,
            serial,
            alg.clone(),
            cn.clone(),
            validity,
            cn,
            spki.to_vec(),
        ]
        .concat(),
    );
    der(0x30, &[tbs, alg, der(0x03, &[0, 1, 2, 3, 4])].concat())
}

fn pem(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut s = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        s.push_str(std::str::from_utf8(chunk).unwrap());
        s.push('\n');
    }
    s.push_str(&format!("-----END {label}-----\n"));
    s
}

fn sm2_key() -> &'static SigningKey {
    static K: OnceLock<SigningKey> = OnceLock::new();
    K.get_or_init(SigningKey::generate_sm2)
}

fn rsa_key() -> &'static SigningKey {
    static K: OnceLock<SigningKey> = OnceLock::new();
    // 1024 bits keeps key generation quick in a debug build; RSA-2048 is benchmarked.
    K.get_or_init(|| SigningKey::generate_rsa(1024).unwrap())
}

fn signed_sm2() -> String {
    let key = sm2_key();
    let cert = certificate_for(key.verifying_key().spki_der());
    String::from_utf8(sign_enveloped(inventory().as_bytes(), key, "0001", Some(&cert)).unwrap())
        .unwrap()
}

fn registered(key: &SigningKey) -> VerifyingKey {
    VerifyingKey::from_pem(&key.public_key_pem()).unwrap()
}

fn code(xml: &str, key: &VerifyingKey) -> C {
    verify_enveloped(xml.as_bytes(), key).unwrap_err().code
}

fn text_of<'a>(xml: &'a str, tag: &str) -> &'a str {
    let open = format!("<{tag}>");
    let s = xml.find(&open).unwrap() + open.len();
    let e = s + xml[s..].find('<').unwrap();
    &xml[s..e]
}

// ---------------------------------------------------------------------------------
// C14N 1.0: worked examples of the W3C recommendation (section 3), without DTDs
// ---------------------------------------------------------------------------------

#[test]
fn c14n_pis_comments_and_outside_of_document_element() {
    let input = "<?xml version=\"1.0\"?>\n\n<?xml-stylesheet   href=\"doc.xsl\"\n   type=\"text/xsl\"   ?>\n\n<doc>Hello, world!<!-- Comment 1 --></doc>\n\n<?pi-without-data     ?>\n\n<!-- Comment 2 -->\n\n<!-- Comment 3 -->\n";
    assert_eq!(
        c14n(input),
        "<?xml-stylesheet href=\"doc.xsl\"\n   type=\"text/xsl\"   ?>\n<doc>Hello, world!</doc>\n<?pi-without-data?>"
    );
}

#[test]
fn c14n_whitespace_in_content_is_kept() {
    let input = "<doc>\n   <clean>   </clean>\n   <dirty>   A   B   </dirty>\n   <mixed>\n      A\n      <clean>   </clean>\n      B\n      <dirty>   A   B   </dirty>\n      C\n   </mixed>\n</doc>";
    assert_eq!(c14n(&format!("<?xml version=\"1.0\"?>\n{input}\n")), input);
}

#[test]
fn c14n_start_and_end_tags() {
    let input = r#"<doc>
   <e1   />
   <e2   ></e2>
   <e3   name = "elem3"   id="elem3"   />
   <e4   name="elem4"   id="elem4"   ></e4>
   <e5 a:attr="out" b:attr="sorted" attr2="all" attr="I'm"
      xmlns:b="http://www.ietf.org"
      xmlns:a="http://www.w3.org"
      xmlns="http://example.org"/>
   <e6 xmlns="" xmlns:a="http://www.w3.org">
      <e7 xmlns="http://www.ietf.org">
         <e8 xmlns="" xmlns:a="http://www.w3.org">
            <e9 xmlns="" xmlns:a="http://www.ietf.org"/>
         </e8>
      </e7>
   </e6>
</doc>"#;
    let expected = r#"<doc>
   <e1></e1>
   <e2></e2>
   <e3 id="elem3" name="elem3"></e3>
   <e4 id="elem4" name="elem4"></e4>
   <e5 xmlns="http://example.org" xmlns:a="http://www.w3.org" xmlns:b="http://www.ietf.org" attr="I'm" attr2="all" b:attr="sorted" a:attr="out"></e5>
   <e6 xmlns:a="http://www.w3.org">
      <e7 xmlns="http://www.ietf.org">
         <e8 xmlns="">
            <e9 xmlns:a="http://www.ietf.org"></e9>
         </e8>
      </e7>
   </e6>
</doc>"#;
    assert_eq!(c14n(input), expected);
}

#[test]
fn c14n_character_modifications_and_references() {
    let input = "<doc>\n   <text>First line&#x0d;&#10;Second line</text>\n   <value>&#x32;</value>\n   <compute><![CDATA[value>\"0\" && value<\"10\" ?\"valid\":\"error\"]]></compute>\n   <compute expr='value>\"0\" &amp;&amp; value&lt;\"10\" ?\"valid\":\"error\"'>valid</compute>\n   <norm attr=' &apos;   &#x20;&#13;&#xa;&#9;   &apos; '/>\n</doc>";
    let expected = "<doc>\n   <text>First line&#xD;\nSecond line</text>\n   <value>2</value>\n   <compute>value&gt;\"0\" &amp;&amp; value&lt;\"10\" ?\"valid\":\"error\"</compute>\n   <compute expr=\"value>&quot;0&quot; &amp;&amp; value&lt;&quot;10&quot; ?&quot;valid&quot;:&quot;error&quot;\">valid</compute>\n   <norm attr=\" '    &#xD;&#xA;&#x9;   ' \"></norm>\n</doc>";
    assert_eq!(c14n(input), expected);
}

#[test]
fn c14n_utf8_output_and_line_ends() {
    assert_eq!(
        c14n("<?xml version=\"1.0\" encoding=\"UTF-8\"?><doc>&#169;</doc>").as_bytes(),
        b"<doc>\xC2\xA9</doc>"
    );
    // CR LF and lone CR in content are LF; a literal newline in an attribute is a space.
    assert_eq!(
        c14n("<a b=\"x\r\ny\">1\r\n2\r3</a>"),
        "<a b=\"x y\">1\n2\n3</a>"
    );
}

#[test]
fn c14n_superfluous_namespace_declarations_are_dropped() {
    assert_eq!(
        c14n(r#"<p:a xmlns:p="urn:p"><p:b xmlns:p="urn:p" xmlns:q="urn:q"/></p:a>"#),
        r#"<p:a xmlns:p="urn:p"><p:b xmlns:q="urn:q"></p:b></p:a>"#
    );
}

#[test]
fn c14n_refuses_what_the_parser_refuses() {
    let e = canonicalize(b"<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>").unwrap_err();
    assert_eq!(e.code, ParseErrorCode::EntityDeclarationForbidden);
    let e = canonicalize(b"<a>&nbsp;</a>").unwrap_err();
    assert_eq!(e.code, ParseErrorCode::UnknownEntity);
    let e = canonicalize(b"<p:a/>").unwrap_err();
    assert_eq!(e.code, ParseErrorCode::MalformedXml);
}

#[test]
fn c14n_of_every_official_sample_is_stable() {
    let mut n = 0;
    for dir in ["import", "export"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../data/ceb-samples")
            .join(dir);
        for entry in std::fs::read_dir(&path).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().and_then(|e| e.to_str()) != Some("xml") {
                continue;
            }
            let bytes = std::fs::read(&p).unwrap();
            let once = canonicalize(&bytes).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let twice = canonicalize(&once).unwrap();
            assert_eq!(once, twice, "{} not stable", p.display());
            assert!(!once.starts_with(b"<?xml"), "{}", p.display());
            assert!(!once.starts_with("\u{feff}".as_bytes()));
            assert!(!once.windows(4).any(|w| w == b"<!--"));
            n += 1;
        }
    }
    assert!(n >= 39, "only {n} samples");
}

// ---------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------

#[test]
fn a_key_registered_as_certificate_or_public_key_has_one_fingerprint() {
    for key in [sm2_key(), rsa_key()] {
        let spki = registered(key);
        let cert = certificate_for(spki.spki_der());
        let from_cert_der = VerifyingKey::from_der(&cert).unwrap();
        let from_cert_pem = VerifyingKey::from_pem(&pem("CERTIFICATE", &cert)).unwrap();
        let from_spki_der = VerifyingKey::from_der(spki.spki_der()).unwrap();
        assert_eq!(from_cert_der, spki);
        assert_eq!(from_cert_pem.fingerprint(), spki.fingerprint());
        assert_eq!(from_spki_der.fingerprint(), spki.fingerprint());
        assert_eq!(spki.fingerprint().len(), 64);
        assert_eq!(spki.algorithm(), key.algorithm());
    }
    assert_ne!(
        registered(sm2_key()).fingerprint(),
        registered(rsa_key()).fingerprint()
    );
    assert_eq!(registered(rsa_key()).rsa_bits(), Some(1024));
}

#[test]
fn bad_keys_are_refused_with_codes() {
    assert_eq!(
        VerifyingKey::from_pem("not a pem").unwrap_err().code,
        C::KeyMalformed
    );
    assert_eq!(
        VerifyingKey::from_pem(&pem("PRIVATE KEY", &[0x30, 0]))
            .unwrap_err()
            .code,
        C::KeyUnsupported
    );
    assert_eq!(
        VerifyingKey::from_der(&[0x30, 0x03, 0x02, 0x01, 0x01])
            .unwrap_err()
            .code,
        C::KeyMalformed
    );
    assert_eq!(
        SigningKey::generate_rsa(512).unwrap_err().code,
        C::KeyUnsupported
    );
}

// ---------------------------------------------------------------------------------
// Valid signatures
// ---------------------------------------------------------------------------------

#[test]
fn sm2_sm3_signature_verifies() {
    let signed = signed_sm2();
    let key = registered(sm2_key());
    let v = verify_enveloped(signed.as_bytes(), &key).unwrap();
    assert_eq!(v.algorithm, SignatureAlgorithm::Sm2Sm3);
    assert_eq!(v.key_fingerprint, key.fingerprint());
    assert_eq!(v.key_name.as_deref(), Some("0001"));
    assert!(v.certificate_present);
    // r‖s, 64 bytes; SM3 digest, 32 bytes.
    let b64 = base64::engine::general_purpose::STANDARD;
    assert_eq!(
        b64.decode(text_of(&signed, "ds:SignatureValue"))
            .unwrap()
            .len(),
        64
    );
    assert_eq!(
        b64.decode(text_of(&signed, "ds:DigestValue"))
            .unwrap()
            .len(),
        32
    );
    assert!(signed.contains("xmldsig#sm2-sm3"));
    // The signature is the last child of the document element.
    assert!(
        signed
            .trim_end()
            .ends_with("</ds:Signature></ceb:CEB621Message>")
    );
    // The signed message is still a valid CEB621 for the parser.
    let parsed = chuanyu_ceb::parse(signed.as_bytes()).unwrap();
    assert_eq!(
        parsed.message.message_type(),
        chuanyu_ceb::MessageType::Ceb621
    );
}

#[test]
fn rsa_sha1_signature_verifies() {
    let key = rsa_key();
    let signed = sign_enveloped(inventory().as_bytes(), key, "RSA-1", None).unwrap();
    let v = verify_enveloped(&signed, &registered(key)).unwrap();
    assert_eq!(v.algorithm, SignatureAlgorithm::RsaSha1);
    assert!(!v.certificate_present);
    assert_eq!(v.key_name.as_deref(), Some("RSA-1"));
    let s = String::from_utf8(signed).unwrap();
    assert!(s.contains("xmldsig#rsa-sha1") && s.contains("xmldsig#sha1"));
    let b64 = base64::engine::general_purpose::STANDARD;
    assert_eq!(
        b64.decode(text_of(&s, "ds:SignatureValue")).unwrap().len(),
        128
    );
    assert_eq!(b64.decode(text_of(&s, "ds:DigestValue")).unwrap().len(), 20);
}

#[test]
fn sm2_der_signature_value_is_accepted() {
    let signed = signed_sm2();
    let b64 = base64::engine::general_purpose::STANDARD;
    let raw = b64.decode(text_of(&signed, "ds:SignatureValue")).unwrap();
    let int = |b: &[u8]| {
        let mut v: Vec<u8> = b.iter().copied().skip_while(|&x| x == 0).collect();
        if v.first().is_some_and(|&x| x >= 0x80) {
            v.insert(0, 0);
        }
        der(0x02, &v)
    };
    let seq = der(0x30, &[int(&raw[..32]), int(&raw[32..])].concat());
    let doc = signed.replace(
        text_of(&signed, "ds:SignatureValue"),
        &format!("\n{}\n", b64.encode(&seq)),
    );
    verify_enveloped(doc.as_bytes(), &registered(sm2_key())).unwrap();
}

#[test]
fn canonically_equal_rewrites_still_verify() {
    let signed = signed_sm2();
    let key = registered(sm2_key());
    let start = signed.find("<ceb:CEB621Message").unwrap();
    let end = start + signed[start..].find('>').unwrap() + 1;
    // Attributes reordered, single quotes, whitespace inside the tag, no XML declaration.
    let root = "<ceb:CEB621Message\n   xmlns:ceb='http://www.chinaport.gov.cn/ceb'  version='1.0'\tguid='4CDE1CFD-EDED-46B1-946C-B8022E42FC94' >";
    let rewritten = format!("{}{}", root, &signed[end..]);
    verify_enveloped(rewritten.as_bytes(), &key).unwrap();
    // Character references, CDATA, a comment, a superfluous namespace declaration,
    // CR LF line ends and an empty-element tag for an empty element: all C14N-equal.
    let rewritten = signed
        .replace(
            "<ceb:orderNo>order2016030811340001</ceb:orderNo>",
            "<ceb:orderNo xmlns:ceb=\"http://www.chinaport.gov.cn/ceb\">&#x6F;rder<![CDATA[2016030811340001]]><!-- x --></ceb:orderNo>",
        )
        .replace('\n', "\r\n");
    assert_ne!(rewritten, signed);
    verify_enveloped(rewritten.as_bytes(), &key).unwrap();
    // The signature itself may be re-serialised canonically-equal too.
    let rewritten = signed.replace(
        "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"></ds:Transform>",
        "<ds:Transform Algorithm='http://www.w3.org/2000/09/xmldsig#enveloped-signature' />",
    );
    assert_ne!(rewritten, signed);
    verify_enveloped(rewritten.as_bytes(), &key).unwrap();
}

#[test]
fn re_prefixing_is_a_change_under_c14n() {
    let signed = signed_sm2();
    let key = registered(sm2_key());
    // Same namespace, other prefix for the business content: C14N keeps prefixes, so
    // the digest changes.
    let c = signed
        .replace("ceb:", "c:")
        .replace("xmlns:ceb=", "xmlns:c=");
    assert_eq!(code(&c, &key), C::SignatureDigestMismatch);
    // The signature re-serialised with a default namespace instead of ds: the
    // canonical SignedInfo changes, so the signature no longer verifies.
    let d = signed
        .replace("<ds:", "<")
        .replace("</ds:", "</")
        .replace("xmlns:ds=", "xmlns=");
    assert_eq!(code(&d, &key), C::SignatureInvalid);
    // Declaring ds on the document element instead of on Signature changes what is
    // in scope for the digest (the root start tag), so the digest differs.
    let e = signed.replace(
        "xmlns:ceb=\"http://www.chinaport.gov.cn/ceb\"",
        "xmlns:ceb=\"http://www.chinaport.gov.cn/ceb\" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"",
    );
    assert_eq!(code(&e, &key), C::SignatureDigestMismatch);
}

// ---------------------------------------------------------------------------------
// Refusals
// ---------------------------------------------------------------------------------

#[test]
fn tampered_business_field_is_a_digest_mismatch() {
    let signed = signed_sm2();
    let key = registered(sm2_key());
    let bad = signed.replace(
        "<ceb:orderNo>order2016030811340001</ceb:orderNo>",
        "<ceb:orderNo>order2016030811340002</ceb:orderNo>",
    );
    assert_ne!(bad, signed);
    let e = verify_enveloped(bad.as_bytes(), &key).unwrap_err();
    assert_eq!(e.code, C::SignatureDigestMismatch);
    assert_eq!(e.spec_code(), "1004");
    assert_eq!(e.code.as_str(), "signature_digest_mismatch");
    // Whitespace in content is significant too.
    let bad = signed.replacen("<ceb:Inventory>", "<ceb:Inventory> ", 1);
    assert_eq!(code(&bad, &key), C::SignatureDigestMismatch);
    // And so is an added attribute.
    let bad = signed.replacen("\" version=\"1.0\"", "\" version=\"1.0\" x=\"1\"", 1);
    assert_eq!(code(&bad, &key), C::SignatureDigestMismatch);
    // The XML declaration is not part of the canonical form.
    let decl = signed.replacen(
        "encoding=\"UTF-8\"?>",
        "encoding=\"utf-8\" standalone=\"yes\"?>",
        1,
    );
    assert_ne!(decl, signed);
    verify_enveloped(decl.as_bytes(), &key).unwrap();
}

#[test]
fn tampered_signed_info_is_invalid() {
    let signed = signed_sm2();
    let key = registered(sm2_key());
    let bad = signed.replace("<ds:SignedInfo>", "<ds:SignedInfo Id=\"x\">");
    let e = verify_enveloped(bad.as_bytes(), &key).unwrap_err();
    assert_eq!(e.code, C::SignatureInvalid);
    assert_eq!(e.spec_code(), "1001");
    // A flipped bit in the signature value.
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut raw = b64.decode(text_of(&signed, "ds:SignatureValue")).unwrap();
    raw[40] ^= 1;
    let bad = signed.replace(text_of(&signed, "ds:SignatureValue"), &b64.encode(&raw));
    assert_eq!(code(&bad, &key), C::SignatureInvalid);
    // A forged DigestValue matching tampered content still fails on the signature.
    let rsa = rsa_key();
    let rsa_signed =
        String::from_utf8(sign_enveloped(inventory().as_bytes(), rsa, "k", None).unwrap()).unwrap();
    let mut raw = b64
        .decode(text_of(&rsa_signed, "ds:SignatureValue"))
        .unwrap();
    raw[0] ^= 0x40;
    let bad = rsa_signed.replace(text_of(&rsa_signed, "ds:SignatureValue"), &b64.encode(&raw));
    assert_eq!(code(&bad, &registered(rsa)), C::SignatureInvalid);
}

#[test]
fn signature_by_another_key_is_refused() {
    let other = SigningKey::generate_sm2();
    let registered_key = registered(sm2_key());
    // Without a certificate: the signature does not verify.
    let by_other = sign_enveloped(inventory().as_bytes(), &other, "0001", None).unwrap();
    let e = verify_enveloped(&by_other, &registered_key).unwrap_err();
    assert_eq!(e.code, C::SignatureInvalid);
    // With the other key's certificate: the certificate is not the registered key.
    let cert = certificate_for(other.verifying_key().spki_der());
    let by_other = sign_enveloped(inventory().as_bytes(), &other, "0001", Some(&cert)).unwrap();
    let e = verify_enveloped(&by_other, &registered_key).unwrap_err();
    assert_eq!(e.code, C::SignatureKeyMismatch);
    assert_eq!(e.code.as_str(), "signature_key_mismatch");
    // An RSA signature against a registered SM2 key.
    let by_rsa = sign_enveloped(inventory().as_bytes(), rsa_key(), "0001", None).unwrap();
    assert_eq!(
        verify_enveloped(&by_rsa, &registered_key).unwrap_err().code,
        C::SignatureKeyMismatch
    );
    // The right signature with somebody else's certificate added.
    let signed = signed_sm2();
    let own = text_of(&signed, "ds:X509Certificate");
    let foreign = base64::engine::general_purpose::STANDARD.encode(&cert);
    let swapped = signed.replace(own, &foreign);
    assert_eq!(code(&swapped, &registered_key), C::SignatureKeyMismatch);
}

#[test]
fn missing_signature() {
    let e = verify_enveloped(inventory().as_bytes(), &registered(sm2_key())).unwrap_err();
    assert_eq!(e.code, C::SignatureMissing);
    assert_eq!(e.code.as_str(), "signature_missing");
    assert_eq!(e.spec_code(), "1001");
}

fn signature_element(signed: &str) -> &str {
    let s = signed.find("<ds:Signature").unwrap();
    let e = signed.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
    &signed[s..e]
}

#[test]
fn wrapping_is_refused() {
    let signed = signed_sm2();
    let key = registered(sm2_key());
    let sig = signature_element(&signed);
    // A second signature (a copy, nested in the business content).
    let two = signed.replacen("<ceb:Inventory>", &format!("<ceb:Inventory>{sig}"), 1);
    assert_eq!(code(&two, &key), C::SignatureWrapped);
    // A second signature next to the first.
    let two = signed.replace(sig, &format!("{sig}{sig}"));
    assert_eq!(code(&two, &key), C::SignatureWrapped);
    // The only signature moved deeper.
    let moved = signed.replace(sig, "").replacen(
        "</ceb:InventoryHead>",
        &format!("</ceb:InventoryHead>{sig}"),
        1,
    );
    assert_eq!(code(&moved, &key), C::SignatureWrapped);
    // XML-DSig elements smuggled outside the signature.
    let smuggled = signed.replacen(
        "<ceb:Inventory>",
        "<ceb:Inventory><ds:Object xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"/>",
        1,
    );
    assert_eq!(code(&smuggled, &key), C::SignatureWrapped);
    // An id-based reference.
    let by_id = signed.replace("<ds:Reference URI=\"\">", "<ds:Reference URI=\"#x\">");
    let e = verify_enveloped(by_id.as_bytes(), &key).unwrap_err();
    assert_eq!(e.code, C::SignatureReferenceUnsupported);
    // A second reference.
    let r = {
        let s = signed.find("<ds:Reference").unwrap();
        let e = signed.find("</ds:Reference>").unwrap() + "</ds:Reference>".len();
        &signed[s..e]
    };
    let two_refs = signed.replace(r, &format!("{r}{r}"));
    assert_eq!(code(&two_refs, &key), C::SignatureReferenceUnsupported);
    // An ds:Object carried in the signature.
    let with_object = signed.replace(
        "</ds:KeyInfo></ds:Signature>",
        "</ds:KeyInfo><ds:Object><x/></ds:Object></ds:Signature>",
    );
    assert_eq!(code(&with_object, &key), C::SignatureMalformed);
}

#[test]
fn transforms_and_algorithms_are_checked() {
    let signed = signed_sm2();
    let key = registered(sm2_key());
    let xslt = signed.replace(
        "</ds:Transform></ds:Transforms>",
        "</ds:Transform><ds:Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xslt-19991116\"></ds:Transform></ds:Transforms>",
    );
    assert_eq!(code(&xslt, &key), C::SignatureReferenceUnsupported);
    let no_transforms = {
        let s = signed.find("<ds:Transforms>").unwrap();
        let e = signed.find("</ds:Transforms>").unwrap() + "</ds:Transforms>".len();
        format!("{}{}", &signed[..s], &signed[e..])
    };
    assert_eq!(code(&no_transforms, &key), C::SignatureReferenceUnsupported);
    let pair = signed.replace(
        "http://www.chinaport.gov.cn/2022/04/xmldsig#sm3",
        "http://www.w3.org/2000/09/xmldsig#sha1",
    );
    let e = verify_enveloped(pair.as_bytes(), &key).unwrap_err();
    assert_eq!(e.code, C::SignatureAlgorithmUnsupported);
    assert_eq!(e.spec_code(), "1999");
    let exclusive = signed.replace(
        "REC-xml-c14n-20010315",
        "REC-xml-c14n-20010315#WithComments",
    );
    assert_eq!(code(&exclusive, &key), C::SignatureAlgorithmUnsupported);
}

#[test]
fn malformed_values_and_xml_are_refused() {
    let signed = signed_sm2();
    let key = registered(sm2_key());
    let not_b64 = signed.replace(text_of(&signed, "ds:DigestValue"), "!!!");
    assert_eq!(code(&not_b64, &key), C::SignatureMalformed);
    let huge = signed.replace(
        text_of(&signed, "ds:SignatureValue"),
        &"A".repeat(chuanyu_ceb::SIGNATURE_VALUE_TEXT_BYTES_MAX + 4),
    );
    assert_eq!(code(&huge, &key), C::SignatureMalformed);
    let short = signed.replace(text_of(&signed, "ds:SignatureValue"), "AAAA");
    assert_eq!(code(&short, &key), C::SignatureMalformed);
    let no_value = signed.replace(
        &format!(
            "<ds:SignatureValue>{}</ds:SignatureValue>",
            text_of(&signed, "ds:SignatureValue")
        ),
        "",
    );
    assert_eq!(code(&no_value, &key), C::SignatureMalformed);
    let doctype = format!(
        "<!DOCTYPE x>{}",
        signed.replacen("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "", 1)
    );
    let e = verify_enveloped(doctype.as_bytes(), &key).unwrap_err();
    assert_eq!(e.code, C::XmlRefused);
    assert_eq!(e.spec_code(), "0001");
    assert_eq!(
        e.xml.map(|x| x.code),
        Some(ParseErrorCode::DoctypeForbidden)
    );
}

#[test]
fn signing_refuses_a_signed_document() {
    let signed = signed_sm2();
    let e = sign_enveloped(signed.as_bytes(), sm2_key(), "0001", None).unwrap_err();
    assert_eq!(e.code, C::SigningFailed);
}

#[test]
fn the_official_sample_certificate_is_read_and_its_placeholder_signature_refused() {
    // CEB505 carries a real chinaport RSA-1024 certificate (BMPString names) but declares
    // sm2-sm3 with placeholder values: the key type does not match the algorithm.
    let xml = String::from_utf8(common::sample("export", "CEB505Message.xml")).unwrap();
    let b64: String = text_of(&xml, "ds:X509Certificate")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    let key = VerifyingKey::from_der(&der).unwrap();
    assert_eq!(key.algorithm(), SignatureAlgorithm::RsaSha1);
    assert_eq!(key.rsa_bits(), Some(1024));
    assert_eq!(
        VerifyingKey::from_pem(&pem("CERTIFICATE", &der)).unwrap(),
        key
    );
    assert_eq!(code(&xml, &key), C::SignatureKeyMismatch);
    // The CEB621 sample has the same placeholder: against a registered SM2 key the
    // certificate in KeyInfo (RSA) is not the registered key.
    let inv = String::from_utf8(common::sample("import", "CEB621Message.xml")).unwrap();
    let e = verify_enveloped(inv.as_bytes(), &registered(sm2_key())).unwrap_err();
    assert_eq!(e.code, C::SignatureKeyMismatch, "{e}");
    // Without the certificate, the placeholder DigestValue (20 bytes) is not the SM3 digest.
    let s = inv.find("<ds:X509Data>").unwrap();
    let e2 = inv.find("</ds:X509Data>").unwrap() + "</ds:X509Data>".len();
    let no_cert = format!("{}{}", &inv[..s], &inv[e2..]);
    assert_eq!(
        code(&no_cert, &registered(sm2_key())),
        C::SignatureDigestMismatch
    );
}

#[test]
fn more_wrapping_and_size_shapes_are_refused() {
    let signed = signed_sm2();
    let key = registered(sm2_key());
    let sig = signature_element(&signed);
    // A second signature under another prefix bound to the XML-DSig namespace.
    let other_prefix = sig
        .replace("<ds:", "<x:")
        .replace("</ds:", "</x:")
        .replace("xmlns:ds=", "xmlns:x=");
    let two = signed.replacen(
        "</ceb:InventoryHead>",
        &format!("</ceb:InventoryHead>{other_prefix}"),
        1,
    );
    assert_eq!(code(&two, &key), C::SignatureWrapped);
    // Too many elements inside the signature.
    let many = "<ds:X509Data></ds:X509Data>".repeat(chuanyu_ceb::SIGNATURE_ELEMENTS_MAX);
    let big = signed.replace("</ds:KeyInfo>", &format!("{many}</ds:KeyInfo>"));
    assert_eq!(code(&big, &key), C::SignatureMalformed);
    // Too many certificates.
    let cert = format!(
        "<ds:X509Certificate>{}</ds:X509Certificate>",
        text_of(&signed, "ds:X509Certificate")
    );
    let certs = signed.replace(
        &cert,
        &cert.repeat(chuanyu_ceb::SIGNATURE_CERTIFICATES_MAX + 1),
    );
    assert_eq!(code(&certs, &key), C::SignatureMalformed);
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("a"),
                Just(" "),
                Just("&amp;"),
                Just("&lt;"),
                Just(">"),
                Just("&#xD;"),
                Just("\r\n"),
                Just("\t"),
                Just("\""),
                Just("'"),
                Just("测试"),
                Just("<![CDATA[x<&]]>"),
                Just("<!--c-->"),
                Just("<?pi d?>"),
            ],
            0..6,
        )
        .prop_map(|v| v.concat())
    }

    fn attr_value() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("v"),
                Just(" "),
                Just("&amp;"),
                Just("&lt;"),
                Just("&quot;"),
                Just("&#9;"),
                Just("&#xA;"),
                Just("\n"),
                Just("测"),
            ],
            0..5,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        /// Canonical form is a fixed point, and attribute order / quoting do not matter.
        #[test]
        fn c14n_is_stable_and_order_insensitive(
            attrs in proptest::collection::btree_map(
                prop_oneof![Just("a"), Just("b"), Just("p:a"), Just("q:z"), Just("xml:lang")],
                attr_value(),
                0..5,
            ),
            inner in text(),
            tail in text(),
            default_ns in any::<bool>(),
        ) {
            let ns = if default_ns { " xmlns=\"urn:d\"" } else { "" };
            let render = |reverse: bool, single: bool| {
                let mut list: Vec<_> = attrs.iter().collect();
                if reverse {
                    list.reverse();
                }
                let q = if single { '\'' } else { '"' };
                let attrs: String = list
                    .iter()
                    .map(|(k, v)| {
                        let v = if single { v.replace('\'', "&apos;") } else { v.to_string() };
                        format!(" {k}={q}{v}{q}")
                    })
                    .collect();
                format!(
                    "<r xmlns:p=\"urn:p\" xmlns:q=\"urn:q\"{ns}><e{attrs}>{inner}<p:x/></e>{tail}</r>"
                )
            };
            let once = canonicalize(render(false, false).as_bytes()).unwrap();
            prop_assert_eq!(&canonicalize(&once).unwrap(), &once);
            prop_assert_eq!(&canonicalize(render(true, true).as_bytes()).unwrap(), &once);
        }
    }
}
