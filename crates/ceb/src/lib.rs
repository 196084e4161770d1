//! CEB (GACC cross-border e-commerce unified system, 2022-05 edition) import messages:
//! hardened parsing, schema-level checks, business checks, the three-document check
//! (三单对碰) and receipts. Pure: no IO beyond the `&[u8]` passed in, no clock.
//!
//! ```
//! let xml = std::fs::read("../../../shared/specs/ceb-202205/samples/import/CEB411Message.xml");
//! # let Ok(xml) = xml else { return };
//! let parsed = chuanyu_ceb::parse(&xml).unwrap();
//! assert_eq!(parsed.message.message_type(), chuanyu_ceb::MessageType::Ceb411);
//! let business = chuanyu_ceb::business_findings(&parsed.message);
//! assert!(business.iter().any(|f| f.code.as_str() == "bad_id_check_char"));
//! ```

mod business;
mod c14n;
pub mod dsig;
mod error;
mod export;
mod generated;
mod limits;
mod model;
mod receipt;
mod schema;
pub mod sm2fast;
mod summary;
mod tax_bill;
mod three_doc;
mod xml;

pub use business::credit_code_check_char;
pub use business::{
    AMOUNT_TOLERANCE_CNY, IdNumberProblem, business_findings, check_resident_id, id_check_char,
};
pub use c14n::canonicalize;
pub use dsig::{
    DsigError, DsigErrorCode, SignatureAlgorithm, SigningKey, Verified, VerifyingKey,
    sign_enveloped, verify_enveloped, verify_enveloped_with_limits,
};
pub use error::{Finding, FindingCode, ParseError, ParseErrorCode};
pub use export::{
    Arrival, Departure, Doc, ExportInventory, ExportInvtRefund, ExportOrder, ExportReturns,
    SummaryApply, SummaryResult, WayBill,
};
pub use generated::{
    ArrivalHead, ArrivalList, ArrivalReturn, DepartureHead, DepartureList, DepartureReturn,
    ExportInventoryHead, ExportInventoryList, ExportInventoryReturn, ExportInvtCancel,
    ExportInvtCancelReturn, ExportInvtRefundHead, ExportInvtRefundList, ExportLogistics,
    ExportLogisticsReturn, ExportOrderHead, ExportOrderList, ExportOrderReturn, InvtRefundDetail,
    InvtRefundDetailReturn, Receipts, ReceiptsReturn, RefundReturn, SummaryApplyHead,
    SummaryApplyList, SummaryResultHead, SummaryResultList, SummaryReturn, WayBillHead,
    WayBillList, WayBillReturn,
};
pub use generated::{
    BaseSubscribe, BaseTransfer, InventoryHead, InventoryList, InventoryReturn, InvtCancel,
    InvtCancelReturn, InvtRefundHead, InvtRefundList, InvtRefundReturn, LogisticsHead,
    LogisticsReturn, OrderHead, OrderList, OrderReturn, PaymentHead, PaymentReturn,
};
pub use generated::{
    DeliveryHead, DeliveryList, DeliveryReturn, LogisticsStatus, LogisticsStatusReturn, TaxHeadRd,
    TaxHeadStatus, TaxListRd,
};
pub use limits::{
    ATTRIBUTES_PER_ELEMENT_MAX, CERTIFICATE_TEXT_BYTES_MAX, DEPTH_MAX, DIGEST_VALUE_TEXT_BYTES_MAX,
    ELEMENTS_MAX, KEY_INPUT_BYTES_MAX, KEY_NAME_BYTES_MAX, Limits, MESSAGE_BYTES_MAX, RSA_BITS_MAX,
    RSA_BITS_MIN, SIGNATURE_CERTIFICATES_MAX, SIGNATURE_ELEMENTS_MAX,
    SIGNATURE_VALUE_TEXT_BYTES_MAX, TEXT_BYTES_MAX,
};
pub use model::{Delivery, Tax};
pub use model::{
    Envelope, Inventory, InvtRefund, Message, MessageType, Order, Parsed, ReadMessage, Transfer,
    parse, parse_with_limits, read_message,
};
pub use receipt::{
    RETURN_INFO_CHARS_MAX, ReceiptError, ReturnStatus, Verdict, receipt_xml, verdicts,
};
pub use summary::{
    Excluded, ExportListForSummary, LineKey, MergedLine, Summary, SummaryGroup, SummaryKey,
    SummaryOptions, summarise,
};
pub use tax_bill::{
    TAX_BILL_LINES_MAX, TaxBill, TaxBillLine, TaxBillStatus, TaxStatusUpdate, summary_result_xml,
    tax_bill_xml, tax_status_xml,
};
pub use three_doc::{
    Disagreement, Document, Reason, three_document_check, three_document_check_among,
};
pub use xml::{CEB_NS, DS_NS};
