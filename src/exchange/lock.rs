//! One run per state file: an exclusive lock file beside it (`<state>.lock`), created
//! with `create_new` and holding the owner's process id.
//!
//! A lock left by a process that no longer runs (killed, machine restarted) is taken
//! over, with a message; a lock held by a running process refuses the second run.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The held lock; removed when dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

/// Why the lock could not be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LockError {
    /// Another running process holds it.
    Held {
        /// The lock file.
        path: PathBuf,
        /// Its owner.
        pid: u32,
    },
    /// The lock file could not be created or read.
    Io(String),
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Held { path, pid } => write!(
                f,
                "another run (process {pid}) is using this state file: wait for it to end, \
                 or, if it is not running, delete {}",
                path.display()
            ),
            LockError::Io(message) => f.write_str(message),
        }
    }
}

/// The lock file of a state file.
pub fn lock_path(state: &Path) -> PathBuf {
    let mut name = state.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

impl Lock {
    /// Takes the lock of `state`. `notice` receives the message when a stale lock is
    /// taken over.
    pub fn take(state: &Path, notice: &mut dyn FnMut(String)) -> Result<Lock, LockError> {
        let path = lock_path(state);
        for _ in 0..3 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut file) => {
                    let written =
                        write!(file, "{}", std::process::id()).and_then(|_| file.sync_all());
                    if let Err(e) = written {
                        let _ = std::fs::remove_file(&path);
                        return Err(LockError::Io(format!(
                            "cannot write the lock file {}: {e}",
                            path.display()
                        )));
                    }
                    return Ok(Lock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    match text.trim().parse::<u32>() {
                        Ok(pid) if alive(pid) => return Err(LockError::Held { path, pid }),
                        owner => {
                            let who = owner
                                .map(|pid| format!("process {pid}, which no longer runs"))
                                .unwrap_or_else(|_| "no readable process id".to_string());
                            notice(format!(
                                "taking over the lock {} left by an earlier run ({who})",
                                path.display()
                            ));
                            let _ = std::fs::remove_file(&path);
                        }
                    }
                }
                Err(e) => {
                    return Err(LockError::Io(format!(
                        "cannot create the lock file {}: {e}",
                        path.display()
                    )));
                }
            }
        }
        Err(LockError::Io(format!(
            "cannot take the lock {}: it keeps coming back",
            path.display()
        )))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Whether a process with this id runs (Linux: `/proc/<pid>`; elsewhere `kill -0`).
fn alive(pid: u32) -> bool {
    if pid == 0 {
        return false;
    }
    if Path::new("/proc/self").exists() {
        return Path::new(&format!("/proc/{pid}")).exists();
    }
    std::process::Command::new("kill")
        .args(["-0", &pid.to_string()])
        .stderr(std::process::Stdio::null())
        .status()
        .map(|s| s.success())
        // Cannot tell: assume it runs, the safe side.
        .unwrap_or(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("mp-lock-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_second_lock_on_one_state_file_is_refused_until_the_first_is_dropped() {
        let state = dir("held").join("run.json");
        let first = Lock::take(&state, &mut |_| panic!("no notice")).unwrap();
        match Lock::take(&state, &mut |_| {}) {
            Err(LockError::Held { pid, .. }) => assert_eq!(pid, std::process::id()),
            other => panic!("{other:?}"),
        }
        drop(first);
        assert!(!lock_path(&state).exists());
        Lock::take(&state, &mut |_| panic!("no notice")).unwrap();
    }

    #[test]
    fn a_lock_of_a_dead_process_is_taken_over_with_a_message() {
        let state = dir("stale").join("run.json");
        // Process ids are below 2^22 on Linux: this one cannot run.
        std::fs::write(lock_path(&state), "4294967").unwrap();
        let mut said = Vec::new();
        let lock = Lock::take(&state, &mut |m| said.push(m)).unwrap();
        assert_eq!(said.len(), 1);
        assert!(said[0].contains("4294967"), "{said:?}");
        assert_eq!(
            std::fs::read_to_string(lock_path(&state)).unwrap(),
            std::process::id().to_string()
        );
        drop(lock);
    }
}
