//! `finops-synth`: writes deterministic synthetic billing exports (AWS CUR, Azure EA, GCP BigQuery, FOCUS)
//! and a manifest of their totals and injected anomalies. See `finops_core::synth`.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use finops_core::synth::{generate, write_aws_cur_rows, AnomalyKind, SynthConfig, SynthFile, SynthFormat};

const USAGE: &str = "\
usage: finops-synth --out DIR [options]

  --out DIR                output directory (required)
  --seed N                 random seed (default 42)
  --start YYYY-MM-DD       first billing month (default 2025-01-01)
  --months N               billing months (default 6)
  --accounts N             accounts per provider (default 3)
  --formats LIST           comma-separated: aws,azure,gcp,focus (default all)
  --scale X                resource multiplier (default 1.0)
  --anomalies N            cost anomalies to inject (default 4)
  --kinds LIST             their kinds, in turn: spike,drop,step,drift,shift (default spike)
  --noise X                relative daily noise of traffic-driven usage (default 0.12)
  --web-services           AWS also runs CloudFront, API Gateway, SQS, Kinesis, CloudWatch Logs, Athena
  --gzip                   write .csv.gz files
  --single-file-rows N     instead: one AWS CUR file of about N rows, DIR/aws-cur-<N>.csv, for benchmarks
";

/// The parsed command line.
struct Args {
    out: PathBuf,
    config: SynthConfig,
    single_file_rows: Option<u64>,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut out = None;
    let mut config = SynthConfig::default();
    let mut single_file_rows = None;
    while let Some(flag) = args.next() {
        if flag == "--gzip" || flag == "--web-services" {
            config.gzip |= flag == "--gzip";
            config.web_services |= flag == "--web-services";
            continue;
        }
        if flag == "-h" || flag == "--help" {
            return Err(String::new());
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let bad = |e: &dyn std::fmt::Display| format!("{flag} {value}: {e}");
        match flag.as_str() {
            "--out" => out = Some(PathBuf::from(&value)),
            "--seed" => config.seed = value.parse().map_err(|e| bad(&e))?,
            "--start" => config.start = NaiveDate::parse_from_str(&value, "%Y-%m-%d").map_err(|e| bad(&e))?,
            "--months" => config.months = value.parse().map_err(|e| bad(&e))?,
            "--accounts" => config.accounts = value.parse().map_err(|e| bad(&e))?,
            "--scale" => config.scale = value.parse().map_err(|e| bad(&e))?,
            "--anomalies" => config.anomalies = value.parse().map_err(|e| bad(&e))?,
            "--noise" => config.noise = value.parse().map_err(|e| bad(&e))?,
            "--kinds" => {
                config.anomaly_kinds = value
                    .split(',')
                    .map(|k| {
                        AnomalyKind::ALL
                            .into_iter()
                            .find(|x| x.as_str() == k.trim())
                            .ok_or_else(|| bad(&"unknown kind"))
                    })
                    .collect::<Result<_, _>>()?
            }
            "--single-file-rows" => single_file_rows = Some(value.parse().map_err(|e| bad(&e))?),
            "--formats" => {
                config.formats =
                    value.split(',').map(str::parse::<SynthFormat>).collect::<Result<_, _>>().map_err(|e| bad(&e))?
            }
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    let out = out.ok_or("--out is required")?;
    Ok(Args { out, config, single_file_rows })
}

fn print_file(file: &SynthFile) {
    println!(
        "{:<40} {:>9} rows  billed {:>14.2}  effective {:>14.2} {}",
        file.path.display(),
        file.rows,
        file.billed_total,
        file.effective_total,
        file.currency
    );
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("finops-synth: {message}\n");
            }
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match args.single_file_rows {
        Some(rows) => {
            let path = args.out.join(format!("aws-cur-{rows}.csv{}", if args.config.gzip { ".gz" } else { "" }));
            std::fs::create_dir_all(&args.out)
                .and_then(|()| write_aws_cur_rows(&path, rows, args.config.seed))
                .map(|file| print_file(&file))
        }
        None => generate(&args.config, &args.out).map(|manifest| {
            manifest.files.iter().for_each(print_file);
            for a in &manifest.anomalies {
                println!(
                    "anomaly {} {} to {} {} {} {}: x{} (+{:.2} {})",
                    a.kind.as_str(),
                    a.day,
                    a.last_day(),
                    a.provider,
                    a.account,
                    a.service,
                    a.multiplier,
                    a.extra_cost,
                    a.currency
                );
            }
            println!("manifest: {}", args.out.join("manifest.json").display());
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("finops-synth: {error}");
            ExitCode::FAILURE
        }
    }
}
