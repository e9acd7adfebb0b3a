//! The PDF standards `--pdf-standard` asks for, named apart from typst so the
//! command line knows them in a build without the `pdf` feature.

/// A PDF standard the PDF export conforms to (typst checks it and writes the
/// XMP metadata and output intent it requires).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PdfStandard {
    /// PDF/A-2b: archival, every font embedded, XMP identification.
    #[value(name = "a-2b")]
    A2b,
    /// PDF/A-3b: as A-2b, files may be attached.
    #[value(name = "a-3b")]
    A3b,
    /// PDF/UA-1: universal accessibility (tagged, titled).
    #[value(name = "ua-1")]
    Ua1,
}
