//! Layered configuration: defaults → TOML file → `CHUANYU_*` environment → command-line flags, validated at start.

use anyhow::{Context, bail};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// The settings of `chuanyu serve`.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub data_dir: PathBuf,
    pub listen: String,
    /// A shared PostgreSQL database (postgres://…); `None` uses the embedded SQLite in `data_dir`.
    pub database: Option<String>,
    pub body_bytes_max: usize,
    pub batch_jobs_max: usize,
    pub page_size_max: u32,
    /// Verify the XML-DSig signatures of CEB messages (`on`, the default) or not (`off`).
    pub ceb_signatures: Switch,
    /// How long a CBEC list whose order, payment or waybill is missing waits before it is
    /// refused, in seconds.
    pub cbec_documents_wait_s: u64,
    /// A traveller's duty-free allowance per trip, purchases abroad included, in fen
    /// (integer: money is exact).
    pub duty_free_allowance_fen: i64,
}

/// Longest configurable wait of a CBEC list for its documents: 30 days.
pub const CBEC_DOCUMENTS_WAIT_S_MAX: u64 = 30 * 86_400;
/// Largest configurable duty-free allowance: 1,000,000 CNY.
pub const DUTY_FREE_ALLOWANCE_FEN_MAX: i64 = 100_000_000;

/// `on` or `off` (flags, environment and config file alike).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Switch {
    On,
    Off,
}

impl Switch {
    pub fn is_on(self) -> bool {
        self == Switch::On
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("./chuanyu-data"),
            listen: "127.0.0.1:8080".into(),
            database: None,
            body_bytes_max: 4 * 1024 * 1024,
            batch_jobs_max: 512,
            page_size_max: 500,
            ceb_signatures: Switch::On,
            cbec_documents_wait_s: chuanyu_app::cbec::CBEC_DOCUMENTS_WAIT_S_DEFAULT,
            duty_free_allowance_fen: chuanyu_app::ledger::duty_free::LedgerOptions::default()
                .duty_free_allowance_per_trip_fen,
        }
    }
}

/// The same settings, each optional: one layer.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    pub data_dir: Option<PathBuf>,
    pub listen: Option<String>,
    pub database: Option<String>,
    pub body_bytes_max: Option<usize>,
    pub batch_jobs_max: Option<usize>,
    pub page_size_max: Option<u32>,
    pub ceb_signatures: Option<Switch>,
    pub cbec_documents_wait_s: Option<u64>,
    pub duty_free_allowance_fen: Option<i64>,
}

impl Config {
    fn apply(&mut self, layer: Layer) {
        if let Some(v) = layer.data_dir {
            self.data_dir = v;
        }
        if let Some(v) = layer.listen {
            self.listen = v;
        }
        if let Some(v) = layer.database {
            self.database = Some(v);
        }
        if let Some(v) = layer.body_bytes_max {
            self.body_bytes_max = v;
        }
        if let Some(v) = layer.batch_jobs_max {
            self.batch_jobs_max = v;
        }
        if let Some(v) = layer.page_size_max {
            self.page_size_max = v;
        }
        if let Some(v) = layer.ceb_signatures {
            self.ceb_signatures = v;
        }
        if let Some(v) = layer.cbec_documents_wait_s {
            self.cbec_documents_wait_s = v;
        }
        if let Some(v) = layer.duty_free_allowance_fen {
            self.duty_free_allowance_fen = v;
        }
    }

    /// Build from the layers; `env` is the process environment (passed in for tests).
    pub fn load(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
        flags: Layer,
    ) -> anyhow::Result<Config> {
        let mut config = Config::default();
        if let Some(file) = file {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("reading config file {}", file.display()))?;
            let layer: Layer =
                toml::from_str(&text).with_context(|| format!("config file {}", file.display()))?;
            config.apply(layer);
        }
        config.apply(env_layer(env)?);
        config.apply(flags);
        config.validate()?;
        Ok(config)
    }

    pub fn validate(&self) -> anyhow::Result<()> {
        if self.listen.parse::<SocketAddr>().is_err() {
            bail!(
                "listen = '{}' is not an address like 127.0.0.1:8080",
                self.listen
            );
        }
        if !(1024..=256 * 1024 * 1024).contains(&self.body_bytes_max) {
            bail!(
                "body_bytes_max = {} must be 1 KiB ..= 256 MiB",
                self.body_bytes_max
            );
        }
        if !(1..=65_536).contains(&self.batch_jobs_max) {
            bail!("batch_jobs_max = {} must be 1..=65536", self.batch_jobs_max);
        }
        if !(1..=10_000).contains(&self.page_size_max) {
            bail!("page_size_max = {} must be 1..=10000", self.page_size_max);
        }
        if !(1..=CBEC_DOCUMENTS_WAIT_S_MAX).contains(&self.cbec_documents_wait_s) {
            bail!(
                "cbec_documents_wait_s = {} must be 1..={CBEC_DOCUMENTS_WAIT_S_MAX} (30 days)",
                self.cbec_documents_wait_s
            );
        }
        if !(0..=DUTY_FREE_ALLOWANCE_FEN_MAX).contains(&self.duty_free_allowance_fen) {
            bail!(
                "duty_free_allowance_fen = {} must be 0..={DUTY_FREE_ALLOWANCE_FEN_MAX} (fen)",
                self.duty_free_allowance_fen
            );
        }
        if self.data_dir.as_os_str().is_empty() {
            bail!("data_dir must not be empty");
        }
        Ok(())
    }
}

fn env_layer(env: impl IntoIterator<Item = (String, String)>) -> anyhow::Result<Layer> {
    let mut layer = Layer::default();
    for (key, value) in env {
        let Some(name) = key.strip_prefix("CHUANYU_") else {
            continue;
        };
        let number = |what: &str| -> anyhow::Result<usize> {
            value
                .parse()
                .with_context(|| format!("{key}='{value}' is not a number ({what})"))
        };
        match name {
            "DATA_DIR" => layer.data_dir = Some(PathBuf::from(&value)),
            "LISTEN" => layer.listen = Some(value.clone()),
            "DATABASE" => layer.database = Some(value.clone()),
            "BODY_BYTES_MAX" => layer.body_bytes_max = Some(number("bytes")?),
            "BATCH_JOBS_MAX" => layer.batch_jobs_max = Some(number("jobs")?),
            "PAGE_SIZE_MAX" => layer.page_size_max = Some(number("rows")? as u32),
            "CBEC_DOCUMENTS_WAIT_S" => {
                layer.cbec_documents_wait_s = Some(number("seconds")? as u64)
            }
            "DUTY_FREE_ALLOWANCE_FEN" => {
                layer.duty_free_allowance_fen = Some(
                    value
                        .parse()
                        .with_context(|| format!("{key}='{value}' is not a whole number of fen"))?,
                )
            }
            "CEB_SIGNATURES" => {
                layer.ceb_signatures = Some(match value.as_str() {
                    "on" => Switch::On,
                    "off" => Switch::Off,
                    _ => bail!("{key}='{value}' must be on or off"),
                })
            }
            // Other CHUANYU_* variables belong to other commands or to tests.
            _ => {}
        }
    }
    Ok(layer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn layers_apply_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("chuanyu.toml");
        std::fs::write(&file, "listen = \"127.0.0.1:9000\"\nbatch_jobs_max = 64\n").unwrap();
        let config = Config::load(
            Some(&file),
            env(&[("CHUANYU_BATCH_JOBS_MAX", "128"), ("PATH", "/bin")]),
            Layer {
                data_dir: Some("/tmp/x".into()),
                ..Layer::default()
            },
        )
        .unwrap();
        assert_eq!(config.listen, "127.0.0.1:9000", "file over default");
        assert_eq!(config.batch_jobs_max, 128, "env over file");
        assert_eq!(config.data_dir, PathBuf::from("/tmp/x"), "flag over all");
        assert_eq!(config.page_size_max, 500, "default kept");
    }

    #[test]
    fn bad_values_are_refused_with_their_name() {
        let error = Config::load(
            None,
            env(&[("CHUANYU_LISTEN", "nowhere")]),
            Layer::default(),
        )
        .unwrap_err();
        assert!(error.to_string().contains("listen = 'nowhere'"), "{error}");
        let error = Config::load(
            None,
            env(&[("CHUANYU_BATCH_JOBS_MAX", "x")]),
            Layer::default(),
        )
        .unwrap_err();
        assert!(
            error.to_string().contains("CHUANYU_BATCH_JOBS_MAX"),
            "{error}"
        );
        let error = Config::load(
            None,
            env(&[("CHUANYU_DUTY_FREE_ALLOWANCE_FEN", "8000.5")]),
            Layer::default(),
        )
        .unwrap_err();
        assert!(
            format!("{error:#}")
                .contains("CHUANYU_DUTY_FREE_ALLOWANCE_FEN='8000.5' is not a whole number of fen"),
            "{error:#}"
        );
        let error = Config::load(
            None,
            env(&[("CHUANYU_CBEC_DOCUMENTS_WAIT_S", "0")]),
            Layer::default(),
        )
        .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("cbec_documents_wait_s = 0 must be 1..=2592000"),
            "{error}"
        );
        let config = Config::load(
            None,
            env(&[
                ("CHUANYU_DUTY_FREE_ALLOWANCE_FEN", "1200000"),
                ("CHUANYU_CBEC_DOCUMENTS_WAIT_S", "600"),
            ]),
            Layer::default(),
        )
        .unwrap();
        assert_eq!(config.duty_free_allowance_fen, 1_200_000);
        assert_eq!(config.cbec_documents_wait_s, 600);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.toml");
        std::fs::write(&file, "lissten = \"x\"\n").unwrap();
        assert!(
            Config::load(Some(&file), env(&[]), Layer::default()).is_err(),
            "unknown keys are refused"
        );
    }
}
