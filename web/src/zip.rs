//! Reading and writing an integration as a `.zip`, with the `zip` crate (stored and deflate
//! entries only, pure Rust). Pure: bytes in, files out, so it runs under plain `cargo test`.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// A zip larger than this is refused (an integration is a few kilobytes).
pub const MAX_ZIP_BYTES: usize = 20 * 1024 * 1024;

/// Entries larger than this (uncompressed) are skipped: no template or manifest is that big, and
/// a zip bomb must not exhaust the tab's memory.
pub const MAX_ENTRY_BYTES: u64 = 8 * 1024 * 1024;

/// A file: its path inside the archive (with `/`) and its bytes.
pub type Entry = (String, Vec<u8>);

/// Every file in `bytes` (directories left out), or why the archive cannot be read.
///
/// # Errors
/// The bytes are not a zip archive, or too large.
pub fn read(bytes: &[u8]) -> Result<Vec<Entry>, String> {
    if bytes.len() > MAX_ZIP_BYTES {
        return Err(format!(
            "the zip is {} bytes; Hookpad reads zips up to {MAX_ZIP_BYTES} bytes",
            bytes.len()
        ));
    }
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let Ok(mut file) = archive.by_index(i) else {
            continue;
        };
        if file.is_dir() || file.size() > MAX_ENTRY_BYTES {
            continue;
        }
        let name = file.name().replace('\\', "/");
        let mut data = Vec::new();
        if (&mut file)
            .take(MAX_ENTRY_BYTES)
            .read_to_end(&mut data)
            .is_ok()
        {
            out.push((name, data));
        }
    }
    Ok(out)
}

/// A zip archive of `files` (deflated).
///
/// # Errors
/// Only if the writer fails, which writing to memory does not.
pub fn write<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Result<Vec<u8>, String> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o644);
    for (path, data) in files {
        zip.start_file(path, options).map_err(|e| e.to_string())?;
        zip.write_all(data).map_err(|e| e.to_string())?;
    }
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let text = "{{#if title}}{{title}}{{/if}}\n".repeat(50);
        let bytes = write([
            ("manifest.json", b"{}".as_slice()),
            ("templates/flag.json.hbs", text.as_bytes()),
        ])
        .unwrap();
        assert!(bytes.len() < text.len(), "deflated");
        let files = read(&bytes).unwrap();
        assert_eq!(
            files,
            vec![
                ("manifest.json".to_owned(), b"{}".to_vec()),
                ("templates/flag.json.hbs".to_owned(), text.into_bytes()),
            ]
        );
    }

    #[test]
    fn not_a_zip() {
        assert!(read(b"hello").is_err());
        assert!(read(&[]).is_err());
    }
}
