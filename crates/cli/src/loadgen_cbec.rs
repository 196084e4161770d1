//! `chuanyu loadgen-cbec`: sends complete CBEC parcels (a signed CEB311 order, CEB411 payment,
//! CEB511 waybill and CEB621 inventory list each) through the real HTTP server with `--clients`
//! concurrent clients, or paced at `--rate` parcels/s (open loop), and counts a parcel cleared
//! when the 621's synchronous receipt says 120 and its list was released green (checked at the
//! end through the agent's inbox: one CEB622 800 per list, each list once).
//!
//! Same run, same messages: (1) signatures verified, (2) the same messages on a fresh database
//! with signature checks off, (3) in-process ceilings on all cores: `chuanyu_ceb::parse` alone,
//! and `read_message` + `verify` (the server's signed path: one read for both). Messages are built and signed before any clock starts
//! (signing is the senders' cost).

use crate::rawhttp;
use anyhow::Context;
use chuanyu_app::guarantees::GuaranteeAdjustment;
use chuanyu_app::keys::NewPartyKey;
use chuanyu_app::views::RuleSetUpload;
use chuanyu_app::{Actor, App, AppOptions, Database};
use chuanyu_ceb::{SigningKey, VerifyingKey};
use chuanyu_domain::Role;
use chuanyu_store::StoreOptions;
use clap::{Args, ValueEnum};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[derive(Args, Debug, Clone)]
pub struct CbecLoadArgs {
    /// Concurrent HTTP clients (closed loop: each sends its parcel's four messages in order,
    /// then takes the next parcel). With --rate, the most parcels in flight at once.
    #[arg(long, default_value_t = 32)]
    pub clients: usize,
    /// Parcels per measured phase (four messages each).
    #[arg(long, default_value_t = 5_000)]
    pub parcels: usize,
    /// The senders' signing keys.
    #[arg(long, value_enum, default_value_t = KeyKind::Sm2)]
    pub key: KeyKind,
    /// Offer this many parcels/s (open loop) instead of as many as the clients can send.
    #[arg(long)]
    pub rate: Option<f64>,
    /// Stop a phase after this many seconds even if not all parcels were sent.
    #[arg(long, default_value_t = 120)]
    pub seconds_max: u64,
    /// Run on a PostgreSQL database (postgres://…) instead of temporary SQLite ones (each phase
    /// in its own schema).
    #[arg(long)]
    pub database: Option<String>,
    /// Skip phase 2 (the same messages with signature checks off).
    #[arg(long)]
    pub signed_only: bool,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Sm2,
    Rsa2048,
    Rsa1024,
}

const PLATFORM: &str = "5101960001";
const EBC: &str = "5101960002";
const PAYER: &str = "5101960003";
const CARRIER: &str = "5101960004";
const AGENT: &str = "5101230001";
/// The four senders, in the order of a parcel's messages.
const SENDERS: [&str; 4] = [PLATFORM, PAYER, CARRIER, AGENT];
const NS: &str = r#"xmlns:ceb="http://www.chinaport.gov.cn/ceb""#;
/// Where CEB messages are posted.
const CEB_MESSAGES_PATH: &str = "/api/v1/ceb/messages";
/// Rules under which every load-test parcel is green (the heading never occurs).
const GREEN_RULES: &str = r#"rule loadgen-never: when hs_heading = "9999" then red because "never matches: every load-test parcel is green""#;

/// Parcel `n`'s buyer: a valid resident id (GB 11643 check character), distinct per parcel so
/// that no yearly quota binds (birth dates 1960–1999, days 1–28, sequence 000–999).
fn buyer_id(n: usize) -> String {
    let (day_index, seq) = (n / 1000, n % 1000);
    let year = 1960 + (day_index / 336) % 40;
    let month = (day_index / 28) % 12 + 1;
    let day = day_index % 28 + 1;
    let first17 = format!("110105{year:04}{month:02}{day:02}{seq:03}");
    let check = chuanyu_ceb::id_check_char(&first17).expect("17 digits");
    format!("{first17}{check}")
}

fn transfer() -> &'static str {
    "<ceb:BaseTransfer><ceb:copCode>5101960001</ceb:copCode><ceb:copName>成都测试企业</ceb:copName>\
     <ceb:dxpMode>DXP</ceb:dxpMode><ceb:dxpId>DXPENT0000000001</ceb:dxpId></ceb:BaseTransfer>"
}

/// Parcel `n`'s four unsigned messages (order, payment, waybill, inventory list): two items
/// (2 × milk powder at 99.50, 1 × coffee at 300), freight 10, discount 5, declared tax 40.64
/// (what the platform assesses), consistent across the three documents and the list.
fn parcel_messages(n: usize) -> [String; 4] {
    let guid = |kind: u32| format!("{kind:08X}-0000-4000-8000-{n:012X}");
    let order_no = format!("LGCD2026{n:010}");
    let waybill_no = format!("LGRO2026{n:010}");
    let buyer = buyer_id(n);
    let (goods, freight, tax, discount) = (
        Decimal::new(49900, 2),
        Decimal::from(10),
        Decimal::new(4064, 2),
        Decimal::from(5),
    );
    let paid = goods + freight + tax - discount;
    let items = [
        (
            "0402100000",
            "奶粉",
            "2",
            "007",
            "99.50",
            "199.00",
            "1.8",
            "035",
            "304",
        ),
        (
            "0901210000",
            "咖啡",
            "1",
            "007",
            "300",
            "300",
            "0.5",
            "035",
            "116",
        ),
    ];
    let order_lines: String = items
        .iter()
        .enumerate()
        .map(|(i, (_, name, qty, unit, price, total, _, _, country))| {
            format!(
                "<ceb:OrderList><ceb:gnum>{}</ceb:gnum><ceb:itemNo>SKU-{}</ceb:itemNo><ceb:itemName>{name}</ceb:itemName>\
                 <ceb:gmodel>std</ceb:gmodel><ceb:unit>{unit}</ceb:unit><ceb:qty>{qty}</ceb:qty><ceb:price>{price}</ceb:price>\
                 <ceb:totalPrice>{total}</ceb:totalPrice><ceb:currency>142</ceb:currency><ceb:country>{country}</ceb:country></ceb:OrderList>",
                i + 1,
                i + 1
            )
        })
        .collect();
    let list_lines: String = items
        .iter()
        .enumerate()
        .map(|(i, (gcode, name, qty, unit, price, total, qty1, unit1, country))| {
            format!(
                "<ceb:InventoryList><ceb:gnum>{}</ceb:gnum><ceb:itemNo>SKU-{}</ceb:itemNo><ceb:itemName>{name}</ceb:itemName>\
                 <ceb:gcode>{gcode}</ceb:gcode><ceb:gname>{name}</ceb:gname><ceb:gmodel>std</ceb:gmodel><ceb:country>{country}</ceb:country>\
                 <ceb:currency>142</ceb:currency><ceb:qty>{qty}</ceb:qty><ceb:unit>{unit}</ceb:unit><ceb:qty1>{qty1}</ceb:qty1>\
                 <ceb:unit1>{unit1}</ceb:unit1><ceb:price>{price}</ceb:price><ceb:totalPrice>{total}</ceb:totalPrice></ceb:InventoryList>",
                i + 1,
                i + 1
            )
        })
        .collect();
    let transfer = transfer();
    let order = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB311Message guid="{g}" version="1.0" {NS}>
<ceb:Order>
<ceb:OrderHead>
<ceb:guid>{g}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20260301101500</ceb:appTime>
<ceb:appStatus>2</ceb:appStatus><ceb:orderType>I</ceb:orderType><ceb:orderNo>{order_no}</ceb:orderNo>
<ceb:ebpCode>{PLATFORM}</ceb:ebpCode><ceb:ebpName>川渝优选平台</ceb:ebpName>
<ceb:ebcCode>{EBC}</ceb:ebcCode><ceb:ebcName>川渝优选电商</ceb:ebcName>
<ceb:goodsValue>{goods}</ceb:goodsValue><ceb:freight>{freight}</ceb:freight><ceb:discount>{discount}</ceb:discount>
<ceb:taxTotal>{tax}</ceb:taxTotal><ceb:acturalPaid>{paid}</ceb:acturalPaid><ceb:currency>142</ceb:currency>
<ceb:buyerRegNo>U{n}</ceb:buyerRegNo><ceb:buyerName>张三</ceb:buyerName><ceb:buyerTelephone>13800000000</ceb:buyerTelephone>
<ceb:buyerIdType>1</ceb:buyerIdType><ceb:buyerIdNumber>{buyer}</ceb:buyerIdNumber>
<ceb:payCode>{PAYER}</ceb:payCode><ceb:payName>天府支付</ceb:payName><ceb:payTransactionId>PAY{order_no}</ceb:payTransactionId>
<ceb:consignee>张三</ceb:consignee><ceb:consigneeTelephone>13800000000</ceb:consigneeTelephone>
<ceb:consigneeAddress>四川省成都市双流区航空港1号</ceb:consigneeAddress><ceb:consigneeDistrict>510116</ceb:consigneeDistrict>
</ceb:OrderHead>
{order_lines}
</ceb:Order>
{transfer}
</ceb:CEB311Message>"#,
        g = guid(311),
    );
    let payment = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB411Message guid="{g}" version="1.0" {NS}>
<ceb:Payment><ceb:PaymentHead>
<ceb:guid>{g}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20260301101600</ceb:appTime><ceb:appStatus>2</ceb:appStatus>
<ceb:payCode>{PAYER}</ceb:payCode><ceb:payName>天府支付</ceb:payName><ceb:payTransactionId>PAY{order_no}</ceb:payTransactionId>
<ceb:orderNo>{order_no}</ceb:orderNo><ceb:ebpCode>{PLATFORM}</ceb:ebpCode><ceb:ebpName>川渝优选平台</ceb:ebpName>
<ceb:payerIdType>1</ceb:payerIdType><ceb:payerIdNumber>{buyer}</ceb:payerIdNumber><ceb:payerName>张三</ceb:payerName>
<ceb:telephone>13800000000</ceb:telephone><ceb:amountPaid>{paid}</ceb:amountPaid><ceb:currency>142</ceb:currency>
<ceb:payTime>20260301101555</ceb:payTime>
</ceb:PaymentHead></ceb:Payment>
{transfer}
</ceb:CEB411Message>"#,
        g = guid(411),
    );
    let waybill = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB511Message guid="{g}" version="1.0" {NS}>
<ceb:Logistics><ceb:LogisticsHead>
<ceb:guid>{g}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20260301110000</ceb:appTime><ceb:appStatus>2</ceb:appStatus>
<ceb:logisticsCode>{CARRIER}</ceb:logisticsCode><ceb:logisticsName>蓉欧快运</ceb:logisticsName><ceb:logisticsNo>{waybill_no}</ceb:logisticsNo>
<ceb:orderNo>{order_no}</ceb:orderNo><ceb:freight>{freight}</ceb:freight><ceb:insuredFee>0</ceb:insuredFee><ceb:currency>142</ceb:currency>
<ceb:weight>1.5</ceb:weight><ceb:packNo>1</ceb:packNo><ceb:goodsInfo>parcel</ceb:goodsInfo>
<ceb:consignee>张三</ceb:consignee><ceb:consigneeAddress>四川省成都市双流区航空港1号</ceb:consigneeAddress>
<ceb:consigneeTelephone>13800000000</ceb:consigneeTelephone>
</ceb:LogisticsHead></ceb:Logistics>
{transfer}
</ceb:CEB511Message>"#,
        g = guid(511),
    );
    let list = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ceb:CEB621Message guid="{g}" version="1.0" {NS}>
<ceb:Inventory>
<ceb:InventoryHead>
<ceb:guid>{g}</ceb:guid><ceb:appType>1</ceb:appType><ceb:appTime>20260301120000</ceb:appTime><ceb:appStatus>2</ceb:appStatus>
<ceb:orderNo>{order_no}</ceb:orderNo><ceb:ebpCode>{PLATFORM}</ceb:ebpCode><ceb:ebpName>川渝优选平台</ceb:ebpName>
<ceb:ebcCode>{EBC}</ceb:ebcCode><ceb:ebcName>川渝优选电商</ceb:ebcName>
<ceb:logisticsNo>{waybill_no}</ceb:logisticsNo><ceb:logisticsCode>{CARRIER}</ceb:logisticsCode><ceb:logisticsName>蓉欧快运</ceb:logisticsName>
<ceb:copNo>LGCOP{n:010}</ceb:copNo><ceb:assureCode>{EBC}</ceb:assureCode>
<ceb:ieFlag>I</ceb:ieFlag><ceb:declTime>20260301</ceb:declTime><ceb:customsCode>7901</ceb:customsCode><ceb:portCode>7901</ceb:portCode>
<ceb:ieDate>20260301</ceb:ieDate><ceb:buyerIdType>1</ceb:buyerIdType><ceb:buyerIdNumber>{buyer}</ceb:buyerIdNumber>
<ceb:buyerName>张三</ceb:buyerName><ceb:buyerTelephone>13800000000</ceb:buyerTelephone>
<ceb:consigneeAddress>四川省成都市双流区航空港1号</ceb:consigneeAddress>
<ceb:agentCode>{AGENT}</ceb:agentCode><ceb:agentName>成都蓉信报关</ceb:agentName>
<ceb:tradeMode>9610</ceb:tradeMode><ceb:trafMode>5</ceb:trafMode><ceb:trafNo>CA4101</ceb:trafNo><ceb:voyageNo>20260301</ceb:voyageNo>
<ceb:billNo>999-12345678</ceb:billNo><ceb:country>304</ceb:country><ceb:freight>{freight}</ceb:freight><ceb:insuredFee>0</ceb:insuredFee>
<ceb:currency>142</ceb:currency><ceb:packNo>1</ceb:packNo><ceb:grossWeight>1.5</ceb:grossWeight><ceb:netWeight>1.2</ceb:netWeight>
</ceb:InventoryHead>
{list_lines}
</ceb:Inventory>
{transfer}
</ceb:CEB621Message>"#,
        g = guid(621),
    );
    [order, payment, waybill, list]
}

fn signing_key(kind: KeyKind) -> anyhow::Result<SigningKey> {
    let dsig = |e: chuanyu_ceb::DsigError| anyhow::anyhow!("{}", e.reason);
    Ok(match kind {
        KeyKind::Sm2 => SigningKey::generate_sm2(),
        KeyKind::Rsa2048 => SigningKey::generate_rsa(2048).map_err(dsig)?,
        KeyKind::Rsa1024 => SigningKey::generate_rsa(1024).map_err(dsig)?,
    })
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Run `work(index)` for `0..count` on every core (strided), returning the per-thread results.
fn on_all_cores<R: Send>(count: usize, work: impl Fn(usize) -> R + Sync) -> Vec<Vec<R>> {
    let threads = cores();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let work = &work;
                scope.spawn(move || (t..count).step_by(threads).map(work).collect::<Vec<R>>())
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("worker thread"))
            .collect()
    })
}

/// This process's CPU time (user + system) from /proc/self/stat, in clock ticks of 10 ms.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    // Fields 14 and 15 of the whole line (utime, stime) are 12 and 13 after "pid (comm) ".
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank]
}

fn app_error(e: chuanyu_app::AppError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

fn return_status(xml: &str) -> &str {
    const OPEN: &str = "<ceb:returnStatus>";
    xml.find(OPEN)
        .and_then(|start| {
            let rest = &xml[start + OPEN.len()..];
            rest.find('<').map(|end| &rest[..end])
        })
        .unwrap_or("")
}

/// One application node on a fresh database: a temporary SQLite under `dir`, or its own
/// PostgreSQL `schema`; demo seed, green rules, a large guarantee and the senders' keys.
async fn open_node(
    args: &CbecLoadArgs,
    dir: &std::path::Path,
    schema: &str,
    signatures: bool,
    public_keys: &HashMap<&'static str, String>,
) -> anyhow::Result<(Arc<App>, HashMap<String, String>)> {
    let database = match &args.database {
        Some(url) => Database::Postgres(url.clone()),
        None => Database::Embedded(dir.to_path_buf()),
    };
    let mut options = AppOptions {
        store: StoreOptions {
            postgres_schema: args.database.as_ref().map(|_| schema.to_string()),
            ..StoreOptions::default()
        },
        ..AppOptions::default()
    };
    options.cbec.signatures = signatures;
    let app = tokio::task::spawn_blocking(move || App::open_database(&database, options))
        .await?
        .map_err(app_error)?;
    let app = Arc::new(app);
    let keys: HashMap<String, String> = app
        .seed_demo()
        .await
        .map_err(app_error)?
        .into_iter()
        .map(|k| (k.code, k.key))
        .collect();
    let system = Actor::system();
    let rules = app
        .upload_rule_set(
            &system,
            RuleSetUpload {
                name: "loadgen-green".into(),
                source: GREEN_RULES.into(),
            },
        )
        .await
        .map_err(app_error)?;
    app.activate_rule_set(&system, rules.version)
        .await
        .map_err(app_error)?;
    // The demo guarantee raised to 1e9 CNY (about 40 CNY of tax is reserved per parcel).
    let bank = Actor {
        code: chuanyu_app::seed::DEMO_GUARANTOR.into(),
        name: "Bank of Chengdu, Free Trade Zone Branch".into(),
        role: Role::Guarantor,
        district: None,
    };
    app.adjust_guarantee(
        &bank,
        chuanyu_app::seed::DEMO_GUARANTEE_ID,
        GuaranteeAdjustment {
            amount_cny: Some(Decimal::from(1_000_000_000)),
            ..GuaranteeAdjustment::default()
        },
    )
    .await
    .map_err(app_error)?;
    let admin = app
        .authenticate(keys.get("admin").context("demo admin key")?)
        .await
        .map_err(app_error)?;
    for (code, pem) in public_keys {
        app.register_party_key(&admin, code, NewPartyKey { pem: pem.clone() })
            .await
            .map_err(app_error)?;
    }
    Ok((app, keys))
}

pub async fn run(args: CbecLoadArgs) -> anyhow::Result<()> {
    anyhow::ensure!(
        args.clients >= 1 && args.parcels >= 1,
        "need one client and one parcel"
    );
    if let Some(rate) = args.rate {
        anyhow::ensure!(
            rate.is_finite() && rate > 0.0,
            "--rate must be a positive number of parcels/s"
        );
    }
    let dir = tempfile::tempdir()?;
    let schema = format!("loadgen_cbec_{}", std::process::id());
    let outcome = measure(&args, &dir, &schema).await;
    if let Some(url) = args.database.clone() {
        let schema = schema.clone();
        tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
            let mut client = postgres::Client::connect(&url, postgres::NoTls)?;
            client.batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {schema}_signed CASCADE; DROP SCHEMA IF EXISTS {schema}_unsigned CASCADE"
            ))?;
            Ok(())
        })
        .await??;
    }
    drop(dir);
    let report = outcome?;
    report.print(&args);
    Ok(())
}

/// A phase's outcome through HTTP.
struct Phase {
    name: &'static str,
    parcels_cleared: usize,
    messages_ok: usize,
    failures: usize,
    elapsed: Duration,
    cpu: Option<Duration>,
    message_latencies: Vec<Duration>,
    list_latencies: Vec<Duration>,
    parcel_latencies: Vec<Duration>,
    released_verified: usize,
    writer: chuanyu_store::WriterStats,
}

struct Ceiling {
    messages: usize,
    elapsed: Duration,
}

struct Report {
    setup: Duration,
    phases: Vec<Phase>,
    parse: Ceiling,
    verify: Ceiling,
    message_bytes: usize,
}

async fn measure(
    args: &CbecLoadArgs,
    dir: &tempfile::TempDir,
    schema: &str,
) -> anyhow::Result<Report> {
    let setup_started = Instant::now();
    // The senders' keys, then every parcel's four messages built and signed on all cores.
    let kind = args.key;
    let signers: Vec<SigningKey> = tokio::task::spawn_blocking(move || {
        SENDERS
            .iter()
            .map(|_| signing_key(kind))
            .collect::<anyhow::Result<Vec<_>>>()
    })
    .await??;
    let public_keys: HashMap<&'static str, String> = SENDERS
        .iter()
        .zip(&signers)
        .map(|(code, key)| (*code, key.public_key_pem()))
        .collect();
    let verifiers: Vec<VerifyingKey> = signers.iter().map(SigningKey::verifying_key).collect();
    let parcels = args.parcels;
    let signers = Arc::new(signers);
    let signing = signers.clone();
    let messages: Arc<Vec<[Vec<u8>; 4]>> = Arc::new(
        tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<[Vec<u8>; 4]>> {
            let per_thread = on_all_cores(parcels, |n| -> anyhow::Result<[Vec<u8>; 4]> {
                let unsigned = parcel_messages(n);
                let mut out: [Vec<u8>; 4] = Default::default();
                for (k, xml) in unsigned.iter().enumerate() {
                    out[k] =
                        chuanyu_ceb::sign_enveloped(xml.as_bytes(), &signing[k], SENDERS[k], None)
                            .map_err(|e| anyhow::anyhow!("signing parcel {n}: {}", e.reason))?;
                }
                Ok(out)
            });
            // Back into parcel order (thread t holds parcels t, t + threads, …).
            let threads = per_thread.len();
            let mut iters: Vec<_> = per_thread.into_iter().map(Vec::into_iter).collect();
            (0..parcels)
                .map(|n| iters[n % threads].next().expect("one per parcel"))
                .collect()
        })
        .await??,
    );
    let message_bytes = messages.iter().flatten().map(Vec::len).sum::<usize>();

    let mut phases = Vec::new();
    let mut settings = vec![("signatures verified", true, "signed")];
    if !args.signed_only {
        settings.push(("signature checks off", false, "unsigned"));
    }
    let mut setup = setup_started.elapsed();
    for (name, signatures, suffix) in settings {
        let started = Instant::now();
        let (app, keys) = open_node(
            args,
            &dir.path().join(suffix),
            &format!("{schema}_{suffix}"),
            signatures,
            &public_keys,
        )
        .await?;
        setup += started.elapsed();
        let outcome = phase(args, name, &app, &keys, &messages).await;
        let node = app.clone();
        tokio::task::spawn_blocking(move || node.shutdown()).await?;
        phases.push(outcome?);
    }

    // (3) The in-process ceilings of the same messages on all cores: parse, then parse + verify.
    let ceiling_messages = messages.clone();
    let (parse, verify) = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
        let count = ceiling_messages.len() * 4;
        let message = |i: usize| &ceiling_messages[i / 4][i % 4];
        let started = Instant::now();
        let parsed = on_all_cores(count, |i| chuanyu_ceb::parse(message(i)).is_ok());
        let parse = Ceiling {
            messages: count,
            elapsed: started.elapsed(),
        };
        anyhow::ensure!(
            parsed.iter().flatten().all(|ok| *ok),
            "a message did not parse"
        );
        let started = Instant::now();
        let verified = on_all_cores(count, |i| {
            // The server's signed path: one read for the parse and the signature check.
            chuanyu_ceb::read_message(message(i))
                .is_ok_and(|(_, read)| read.verify(&verifiers[i % 4]).is_ok())
        });
        let verify = Ceiling {
            messages: count,
            elapsed: started.elapsed(),
        };
        anyhow::ensure!(
            verified.iter().flatten().all(|ok| *ok),
            "a message did not verify"
        );
        Ok((parse, verify))
    })
    .await??;
    Ok(Report {
        setup,
        phases,
        parse,
        verify,
        message_bytes,
    })
}

/// What one parcel's sending produced.
struct ParcelResult {
    cleared: bool,
    messages_ok: usize,
    message_latencies: Vec<Duration>,
    list_latency: Option<Duration>,
    parcel_latency: Option<Duration>,
}

/// Send parcel `index`'s four messages in order; the first message's latency counts from
/// `scheduled` (open loop: the time it was due, so a late generator is not hidden).
async fn send_parcel(
    http: &mut rawhttp::Client,
    keys: &[String; 4],
    parcel: &[Vec<u8>; 4],
    index: usize,
    scheduled: Instant,
    failures: &AtomicUsize,
) -> ParcelResult {
    let mut result = ParcelResult {
        cleared: false,
        messages_ok: 0,
        message_latencies: Vec::with_capacity(4),
        list_latency: None,
        parcel_latency: None,
    };
    for (k, body) in parcel.iter().enumerate() {
        let sent = if k == 0 { scheduled } else { Instant::now() };
        let response = http
            .post(CEB_MESSAGES_PATH, &keys[k], "application/xml", body)
            .await;
        let problem = match response {
            Ok(r) => {
                let text = r.text();
                if r.status == 200 && return_status(&text) == "120" {
                    None
                } else {
                    Some(format!(
                        "{}: {}",
                        r.status,
                        text.chars().take(400).collect::<String>()
                    ))
                }
            }
            Err(e) => Some(format!("{e:#}")),
        };
        let latency = sent.elapsed();
        if let Some(problem) = problem {
            if failures.fetch_add(1, Ordering::Relaxed) < 3 {
                eprintln!("parcel {index}, message {}: {problem}", k + 1);
            }
            return result;
        }
        result.messages_ok += 1;
        result.message_latencies.push(latency);
        if k == 3 {
            result.list_latency = Some(latency);
            result.parcel_latency = Some(scheduled.elapsed());
            result.cleared = true;
        }
    }
    result
}

async fn phase(
    args: &CbecLoadArgs,
    name: &'static str,
    app: &Arc<App>,
    keys: &HashMap<String, String>,
    messages: &Arc<Vec<[Vec<u8>; 4]>>,
) -> anyhow::Result<Phase> {
    let listener = chuanyu_server::listen("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(chuanyu_server::serve(
        app.clone(),
        chuanyu_server::Limits::default(),
        listener,
        async {
            let _ = stopped.await;
        },
    ));
    let sender_keys: Arc<[String; 4]> = Arc::new(
        SENDERS
            .iter()
            .map(|code| keys.get(*code).cloned().context("demo sender key"))
            .collect::<anyhow::Result<Vec<_>>>()?
            .try_into()
            .expect("four senders"),
    );
    let writer_before = app.store().writer_stats();
    let failures = Arc::new(AtomicUsize::new(0));
    let deadline = Duration::from_secs(args.seconds_max);
    let cpu_before = cpu_time();
    let started = Instant::now();
    let mut tasks = Vec::new();
    match args.rate {
        None => {
            // Closed loop: each client takes the next parcel when its previous one is done.
            let next = Arc::new(AtomicUsize::new(0));
            for _ in 0..args.clients {
                let (messages, keys, next, failures) = (
                    messages.clone(),
                    sender_keys.clone(),
                    next.clone(),
                    failures.clone(),
                );
                tasks.push(tokio::spawn(async move {
                    let mut http = rawhttp::Client::new(addr);
                    let mut results = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        if index >= messages.len() || started.elapsed() > deadline {
                            break;
                        }
                        results.push(
                            send_parcel(
                                &mut http,
                                &keys,
                                &messages[index],
                                index,
                                Instant::now(),
                                &failures,
                            )
                            .await,
                        );
                    }
                    results
                }));
            }
        }
        Some(rate) => {
            // Open loop: parcel i is due at i / rate; at most `clients` in flight (a limit the
            // latency shows, since it counts from the due time).
            // Connections are reused: a parcel takes an idle one or opens one.
            let idle: Arc<std::sync::Mutex<Vec<rawhttp::Client>>> = Arc::default();
            let in_flight = Arc::new(tokio::sync::Semaphore::new(args.clients));
            for index in 0..messages.len() {
                let due = started + Duration::from_secs_f64(index as f64 / rate);
                tokio::time::sleep_until(due.into()).await;
                if started.elapsed() > deadline {
                    break;
                }
                let permit = in_flight.clone().acquire_owned().await?;
                let (messages, keys, failures, idle) = (
                    messages.clone(),
                    sender_keys.clone(),
                    failures.clone(),
                    idle.clone(),
                );
                tasks.push(tokio::spawn(async move {
                    let taken = idle.lock().expect("idle connections").pop();
                    let mut http = taken.unwrap_or_else(|| rawhttp::Client::new(addr));
                    let result =
                        send_parcel(&mut http, &keys, &messages[index], index, due, &failures)
                            .await;
                    idle.lock().expect("idle connections").push(http);
                    drop(permit);
                    vec![result]
                }));
            }
        }
    }
    let mut outcome = Phase {
        name,
        parcels_cleared: 0,
        messages_ok: 0,
        failures: 0,
        elapsed: Duration::ZERO,
        cpu: None,
        message_latencies: Vec::new(),
        list_latencies: Vec::new(),
        parcel_latencies: Vec::new(),
        released_verified: 0,
        writer: chuanyu_store::WriterStats::default(),
    };
    for task in tasks {
        for r in task.await? {
            outcome.parcels_cleared += usize::from(r.cleared);
            outcome.messages_ok += r.messages_ok;
            outcome.message_latencies.extend(r.message_latencies);
            outcome.list_latencies.extend(r.list_latency);
            outcome.parcel_latencies.extend(r.parcel_latency);
        }
    }
    outcome.elapsed = started.elapsed();
    outcome.cpu = cpu_time()
        .zip(cpu_before)
        .map(|(after, before)| after.saturating_sub(before));
    let writer_after = app.store().writer_stats();
    outcome.writer = chuanyu_store::WriterStats {
        jobs: writer_after.jobs - writer_before.jobs,
        batches: writer_after.batches - writer_before.batches,
        retries: writer_after.retries - writer_before.retries,
    };
    outcome.failures = failures.load(Ordering::Relaxed);
    outcome.message_latencies.sort();
    outcome.list_latencies.sort();
    outcome.parcel_latencies.sort();

    // Every cleared parcel's list was released exactly once: the agent's inbox holds one
    // CEB622 800 per list and nothing else about lists.
    let agent = app
        .authenticate(keys.get(AGENT).context("demo agent key")?)
        .await
        .map_err(app_error)?;
    let mut released: HashMap<String, usize> = HashMap::new();
    let mut other = Vec::new();
    let mut after = None;
    loop {
        let page = app
            .cbec_receipts(
                &agent,
                after.clone(),
                Some(chuanyu_app::cbec::CBEC_RECEIPTS_PAGE_MAX),
            )
            .await
            .map_err(app_error)?;
        if page.receipts.is_empty() {
            break;
        }
        for r in &page.receipts {
            if r.receipt_type != "CEB622" {
                continue;
            }
            let status = return_status(&r.xml);
            if status == "800" {
                *released
                    .entry(r.list_id.clone().unwrap_or_default())
                    .or_default() += 1;
            } else if other.len() < 3 {
                other.push(format!(
                    "{status}: {}",
                    r.xml.chars().take(300).collect::<String>()
                ));
            }
        }
        after = Some(page.next);
    }
    anyhow::ensure!(
        other.is_empty(),
        "{name}: list receipts other than 800: {other:?}"
    );
    anyhow::ensure!(
        released.values().all(|n| *n == 1) && !released.contains_key(""),
        "{name}: a list was released more than once or without an id"
    );
    anyhow::ensure!(
        released.len() == outcome.parcels_cleared,
        "{name}: {} lists released, {} parcels cleared",
        released.len(),
        outcome.parcels_cleared
    );
    // The server (and with it the node's writer) stops only after the inbox was read: the
    // read sweeps expired waits through the writer first.
    let _ = stop.send(());
    server.await??;
    outcome.released_verified = released.len();
    Ok(outcome)
}

impl Report {
    fn print(&self, args: &CbecLoadArgs) {
        let backend = if args.database.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        };
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let parcels = args.parcels;
        let load = match args.rate {
            Some(rate) => format!(
                "open loop at {rate:.0} parcels/s offered (at most {} in flight)",
                args.clients
            ),
            None => format!("closed loop, {} concurrent clients", args.clients),
        };
        let key = match args.key {
            KeyKind::Sm2 => "SM2-SM3",
            KeyKind::Rsa2048 => "RSA-2048-SHA1",
            KeyKind::Rsa1024 => "RSA-1024-SHA1",
        };
        println!("| measure | value |");
        println!("|---|---|");
        println!(
            "| setup | one node per phase on a fresh {backend} database, {load}; {parcels} parcels × 4 messages (311, 411, 511, 621) signed with {key}, {:.0} bytes/message on average; {} cores; setup (signing included, not timed) {:.1} s |",
            self.message_bytes as f64 / (4 * parcels) as f64,
            cores(),
            self.setup.as_secs_f64()
        );
        let parse_rate = self.parse.messages as f64 / self.parse.elapsed.as_secs_f64();
        let verify_rate = self.verify.messages as f64 / self.verify.elapsed.as_secs_f64();
        for p in &self.phases {
            let secs = p.elapsed.as_secs_f64();
            let parcel_rate = p.parcels_cleared as f64 / secs;
            let message_rate = p.messages_ok as f64 / secs;
            println!(
                "| {}: parcels cleared (failures) in {:.1} s | {} ({}); {} lists released once each (inbox) |",
                p.name, secs, p.parcels_cleared, p.failures, p.released_verified
            );
            println!(
                "| {}: cleared parcels/s, messages/s | **{parcel_rate:.0}** parcels/s, {message_rate:.0} messages/s |",
                p.name
            );
            println!(
                "| {}: receipt latency per message p50 / p99 (621 only p50 / p99; whole parcel p50 / p99) | {:.1} ms / {:.1} ms ({:.1} / {:.1} ms; {:.1} / {:.1} ms) |",
                p.name,
                ms(percentile(&p.message_latencies, 0.50)),
                ms(percentile(&p.message_latencies, 0.99)),
                ms(percentile(&p.list_latencies, 0.50)),
                ms(percentile(&p.list_latencies, 0.99)),
                ms(percentile(&p.parcel_latencies, 0.50)),
                ms(percentile(&p.parcel_latencies, 0.99)),
            );
            if let Some(cpu) = p.cpu {
                println!(
                    "| {}: process CPU per cleared parcel (server + clients) | {:.2} ms ({:.2} of {} cores busy) |",
                    p.name,
                    ms(cpu) / p.parcels_cleared.max(1) as f64,
                    cpu.as_secs_f64() / secs,
                    cores()
                );
            }
            println!(
                "| {}: writer jobs per transaction | {:.1} ({} jobs for {} messages, {} transactions, {} re-runs) |",
                p.name,
                p.writer.jobs as f64 / p.writer.batches.max(1) as f64,
                p.writer.jobs,
                p.messages_ok,
                p.writer.batches,
                p.writer.retries
            );
            println!(
                "| {}: messages/s vs parse-only ceiling, vs parse + verify ceiling | {:.3}x, {:.3}x |",
                p.name,
                message_rate / parse_rate,
                message_rate / verify_rate
            );
        }
        println!(
            "| ceiling: `chuanyu_ceb::parse` of the same {} messages on {} cores | {parse_rate:.0} messages/s ({:.0} parcels/s; {:.1} µs of CPU per message) |",
            self.parse.messages,
            cores(),
            parse_rate / 4.0,
            self.parse.elapsed.as_secs_f64() * 1e6 * cores() as f64 / self.parse.messages as f64
        );
        println!(
            "| ceiling: `read_message` + `verify` (parse and signature check) of the same messages on {} cores | {verify_rate:.0} messages/s ({:.0} parcels/s; {:.1} µs of CPU per message) |",
            cores(),
            verify_rate / 4.0,
            self.verify.elapsed.as_secs_f64() * 1e6 * cores() as f64 / self.verify.messages as f64
        );
    }
}
