//! The run's state file: which batches this run owns and which steps it has taken.
//!
//! Each write step is recorded twice: `intent` before the call, `done` after it, so a run
//! killed between the two knows it must ask the service (see [`super::reconcile`]) rather
//! than guess. The file holds names, file names, counts and SHA-256 digests of the batch
//! CSVs: never a CSV's bytes (a CSV holds passwords), a token or a password.
//!
//! Writes are atomic: a temporary file in the same folder is written, flushed to disk,
//! renamed over the state file, and the folder is flushed, so a crash leaves either the
//! old file or the new one.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The state file's schema version; a file with another version is refused.
pub const SCHEMA_VERSION: u32 = 1;

/// Where a write step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum Step {
    /// Not attempted.
    #[default]
    No,
    /// Recorded before the call: the call may or may not have reached the service.
    Intent,
    /// The service confirmed it (or a read after an intent showed it).
    Done,
}

/// One batch of the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchState {
    /// The batch name (`New-MigrationBatch -Name`).
    pub name: String,
    /// The CSV file it comes from (a split file's batches share it).
    pub file: String,
    /// Mailbox rows in the batch.
    pub mailboxes: u32,
    /// SHA-256 of the batch's CSV bytes as sent, in hex.
    pub sha256: String,
    /// `New-MigrationBatch`.
    pub create: Step,
    /// `Start-MigrationBatch`.
    pub start: Step,
}

/// The whole state file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct State {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The tenant the batches were created in.
    pub tenant: String,
    /// The migration endpoint they use.
    pub endpoint: String,
    /// The batches, in creation order.
    pub batches: Vec<BatchState>,
}

impl State {
    /// The batch of this name.
    pub fn batch_mut(&mut self, name: &str) -> Option<&mut BatchState> {
        self.batches.iter_mut().find(|b| b.name == name)
    }
}

/// Hex SHA-256 of bytes.
pub fn sha256(bytes: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// The default state file: `migration-run.json` beside the first CSV.
pub fn default_path(first_csv: &str) -> PathBuf {
    let folder = Path::new(first_csv)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    folder.join("migration-run.json")
}

/// Reads the state file; `Ok(None)` when it does not exist.
pub fn load(path: &Path) -> Result<Option<State>, String> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(format!(
                "cannot read the state file {}: {e}",
                path.display()
            ));
        }
    };
    let state: State = serde_json::from_slice(&bytes).map_err(|e| {
        format!(
            "the state file {} cannot be read ({e}); it is not one this tool wrote, or it was edited",
            path.display()
        )
    })?;
    if state.schema_version != SCHEMA_VERSION {
        return Err(format!(
            "the state file {} has schema version {}; this version reads {SCHEMA_VERSION}",
            path.display(),
            state.schema_version
        ));
    }
    Ok(Some(state))
}

/// Writes the state file atomically (temporary file, fsync, rename, fsync of the folder).
pub fn save(path: &Path, state: &State) -> Result<(), String> {
    let fail = |what: &str, e: std::io::Error| {
        format!("cannot {what} the state file {}: {e}", path.display())
    };
    let json = serde_json::to_vec_pretty(state).map_err(|e| format!("cannot write JSON: {e}"))?;
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "migration-run.json".into());
    let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let mut file = std::fs::File::create(&temporary).map_err(|e| fail("create", e))?;
    file.write_all(&json).map_err(|e| fail("write", e))?;
    file.write_all(b"\n").map_err(|e| fail("write", e))?;
    file.sync_all().map_err(|e| fail("flush", e))?;
    drop(file);
    std::fs::rename(&temporary, path).map_err(|e| fail("replace", e))?;
    // The rename is durable once the folder is flushed (not possible on every system).
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> State {
        State {
            schema_version: SCHEMA_VERSION,
            tenant: "contoso.onmicrosoft.com".into(),
            endpoint: "StagedEndpoint".into(),
            batches: vec![BatchState {
                name: "wave1".into(),
                file: "wave1.csv".into(),
                mailboxes: 3,
                sha256: sha256(b"EmailAddress\r\n"),
                create: Step::Intent,
                start: Step::No,
            }],
        }
    }

    #[test]
    fn saves_and_loads_the_same_state_without_leaving_temporary_files() {
        let dir = std::env::temp_dir().join(format!("mp-state-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("run.json");
        assert_eq!(load(&path).unwrap(), None);
        save(&path, &state()).unwrap();
        save(&path, &state()).unwrap();
        assert_eq!(load(&path).unwrap(), Some(state()));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"create\": \"intent\""), "{text}");
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "{names:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn another_schema_version_or_a_broken_file_is_refused() {
        let dir = std::env::temp_dir().join(format!("mp-state-v-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("run.json");
        let mut old = state();
        old.schema_version = 9;
        std::fs::write(&path, serde_json::to_vec(&old).unwrap()).unwrap();
        assert!(load(&path).unwrap_err().contains("schema version 9"));
        std::fs::write(&path, b"{").unwrap();
        assert!(load(&path).unwrap_err().contains("cannot be read"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn digest_and_default_path() {
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            default_path("waves/wave1.csv"),
            Path::new("waves/migration-run.json")
        );
        assert_eq!(default_path("wave1.csv"), Path::new("./migration-run.json"));
    }
}
