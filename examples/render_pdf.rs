//! Renders a plain-text source to PDF and typst and reports how long it took;
//! `--repeat N` builds an edition of N documents from the source's documents,
//! renumbered, to measure larger editions.
//!
//! cargo run --release --features pdf --example render_pdf -- SOURCE OUT_STEM [--repeat N]

use std::time::Instant;

use teikit::config::Config;
use teikit::export::pdf::{PdfOptions, export_pdf_with_warnings};
use teikit::export::typst::{TypstOptions, export_typst};
use teikit::model::Edition;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(input), Some(stem)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: render_pdf SOURCE OUT_STEM [--repeat N]");
        std::process::exit(2);
    };
    let repeat: Option<usize> = args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok());
    let text = match std::fs::read_to_string(input) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{input}: {e}");
            std::process::exit(1);
        }
    };
    let config = Config::builtin();
    let (mut edition, _) = teikit::source::read_source(&text, input, &config);
    if let Some(n) = repeat {
        edition = repeated(&edition, n);
    }
    let options = PdfOptions {
        typst: TypstOptions {
            config: Some(&config),
            date: None,
        },
    };
    let started = Instant::now();
    let source = export_typst(&edition, &options.typst);
    let typst_time = started.elapsed();
    let started = Instant::now();
    let result = export_pdf_with_warnings(&edition, &options);
    let pdf_time = started.elapsed();
    let _ = std::fs::write(format!("{stem}.typ"), &source);
    match result {
        Ok((pdf, warnings)) => {
            let _ = std::fs::write(format!("{stem}.pdf"), &pdf);
            println!(
                "{} documents: typst source {:?}, PDF {:?}, {} bytes, {} warnings",
                edition.documents.len(),
                typst_time,
                pdf_time,
                pdf.len(),
                warnings.len()
            );
            for w in warnings.iter().take(10) {
                println!("warning: {} {}", w.code, w.message);
            }
        }
        Err(errors) => {
            for e in errors {
                eprintln!("error: {} {} {:?}", e.code, e.message, e.help);
            }
            std::process::exit(1);
        }
    }
}

/// An edition of `n` documents: the source's documents over and over, numbered 1…n.
fn repeated(edition: &Edition, n: usize) -> Edition {
    let mut out = Edition {
        header: edition.header.clone(),
        documents: Vec::with_capacity(n),
    };
    let numbered: Vec<_> = edition.documents.iter().filter(|d| d.n.is_some()).collect();
    for i in 0..n {
        if let Some(doc) = numbered.get(i % numbered.len().max(1)) {
            let mut doc = (*doc).clone();
            doc.n = Some((i + 1).to_string());
            doc.id = format!("d{}", i + 1);
            out.documents.push(doc);
        }
    }
    out
}
