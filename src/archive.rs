//! Several files as one zip archive: the batch files of a split, saved at once instead of
//! one download per batch. Entries are deflated, dated 1980-01-01 (the zip format's
//! earliest date, so the same files always give the same archive) and named by their
//! file names only: a name with a folder, `..`, or a control character is refused, so
//! unpacking the archive can only ever write files side by side.

use std::fmt;
use std::io::{Cursor, Write};

use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

/// Why files cannot be put into one archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArchiveError {
    /// No file was given.
    Empty,
    /// The file at this position (1-based) has a name that is empty, names a folder or
    /// holds a control character.
    BadName(usize),
    /// Two files (1-based positions) have the same name.
    DuplicateName(usize, usize),
    /// The zip writer failed (e.g. more data than a zip can hold).
    Zip(String),
}

impl fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArchiveError::Empty => f.write_str("no file to put into the zip archive"),
            ArchiveError::BadName(i) => write!(
                f,
                "file {i} cannot go into the zip archive: its name is empty, names a folder \
                 (/ or \\ or ..) or holds a control character; give it a plain file name"
            ),
            ArchiveError::DuplicateName(a, b) => write!(
                f,
                "files {a} and {b} have the same name: a zip archive holds one file per name; \
                 rename one"
            ),
            ArchiveError::Zip(e) => write!(f, "the zip archive could not be written: {e}"),
        }
    }
}

impl std::error::Error for ArchiveError {}

/// Whether `name` is a plain file name that unpacks beside the others.
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\'])
        && !name.chars().any(char::is_control)
}

/// The files `(name, bytes)` as one deflated zip archive, in the order given. Linear in
/// the total size; names are checked first (see the module's documentation).
pub fn zip_files(files: &[(&str, &[u8])]) -> Result<Vec<u8>, ArchiveError> {
    if files.is_empty() {
        return Err(ArchiveError::Empty);
    }
    let mut seen = rustc_hash::FxHashMap::default();
    for (i, (name, _)) in files.iter().enumerate() {
        if !plain_name(name) {
            return Err(ArchiveError::BadName(i + 1));
        }
        // Windows and most unzip tools treat names case-insensitively.
        if let Some(first) = seen.insert(name.to_lowercase(), i + 1) {
            return Err(ArchiveError::DuplicateName(first, i + 1));
        }
    }
    let total: usize = files.iter().map(|(_, bytes)| bytes.len()).sum();
    let mut writer = ZipWriter::new(Cursor::new(Vec::with_capacity(total / 4 + 1024)));
    let zip_error = |e: zip::result::ZipError| ArchiveError::Zip(e.to_string());
    for (name, bytes) in files {
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .large_file(bytes.len() as u64 >= u64::from(u32::MAX));
        writer.start_file(*name, options).map_err(zip_error)?;
        writer
            .write_all(bytes)
            .map_err(|e| ArchiveError::Zip(e.to_string()))?;
    }
    Ok(writer.finish().map_err(zip_error)?.into_inner())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        (0..archive.len())
            .map(|i| {
                let mut file = archive.by_index(i).unwrap();
                let mut out = Vec::new();
                file.read_to_end(&mut out).unwrap();
                (file.name().to_string(), out)
            })
            .collect()
    }

    #[test]
    fn files_come_back_in_order_with_their_bytes() {
        let a = "EmailAddress\r\na@contoso.com\r\n".repeat(50);
        let b = "EmailAddress\r\nb@contoso.com\r\n";
        let zip = zip_files(&[
            ("Batch-01.csv", a.as_bytes()),
            ("Batch-02.csv", b.as_bytes()),
        ])
        .unwrap();
        assert!(zip.len() < a.len(), "repeated rows are compressed");
        let files = unzip(&zip);
        assert_eq!(files.len(), 2);
        assert_eq!(files[0], ("Batch-01.csv".to_string(), a.into_bytes()));
        assert_eq!(
            files[1],
            ("Batch-02.csv".to_string(), b.as_bytes().to_vec())
        );
    }

    #[test]
    fn the_same_files_give_the_same_archive() {
        let files: [(&str, &[u8]); 1] = [("a.csv", b"EmailAddress\r\n")];
        assert_eq!(zip_files(&files).unwrap(), zip_files(&files).unwrap());
    }

    #[test]
    fn names_that_would_unpack_elsewhere_are_refused() {
        for bad in [
            "",
            ".",
            "..",
            "../a.csv",
            "a/b.csv",
            "C:\\a.csv",
            "a\nb.csv",
        ] {
            assert_eq!(
                zip_files(&[("ok.csv", b""), (bad, b"x")]),
                Err(ArchiveError::BadName(2)),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn duplicate_names_are_refused_whatever_their_case() {
        let err = zip_files(&[("a.csv", b""), ("b.csv", b""), ("A.CSV", b"")]).unwrap_err();
        assert_eq!(err, ArchiveError::DuplicateName(1, 3));
        assert!(err.to_string().contains("rename one"));
    }

    #[test]
    fn nothing_to_zip_is_an_error() {
        assert_eq!(zip_files(&[]), Err(ArchiveError::Empty));
    }
}
