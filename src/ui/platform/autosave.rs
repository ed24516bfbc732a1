//! Crash copies of unsaved work, one per running window and open document. Each window holds a
//! lock file for as long as it runs; a copy is offered back only when its window's lock is free,
//! that is when that window is gone, and no window ever removes a copy it does not own or claim.
//!
//! Layout, in `<data>/autosave/`: `<instance>.lock` and `<instance>-<document>.ron`. A copy's
//! first line is a RON comment with what it belongs to, as JSON: the file's absolute path and a
//! hash of that file's content when the work was last saved or opened, so a restore can tell
//! whether the file changed since.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use web_time::{Duration, Instant, SystemTime};

use serde::{Deserialize, Serialize};

use crate::model::Scenario;
use crate::model::format::save_text;
use crate::model::io::write_file;

pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(3);
const HEADER: &str = "// redlines autosave ";
/// What versions before 0.2 left in the data folder: one copy for every window.
const LEGACY_FILE: &str = "autosave.ron";

/// Where the work came from, stored in the copy's first line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The file the work belongs to, absolute; `None` for a scenario never saved.
    pub path: Option<PathBuf>,
    /// SHA-256 of that file's bytes as last opened or saved.
    pub sha256: Option<String>,
    /// Seconds since 1970 when the copy was written.
    pub saved_at: Option<u64>,
}

pub use crate::model::io::sha256_hex;

/// A copy some earlier window left behind, claimed by this window until the user answers.
#[derive(Clone, Debug, PartialEq)]
pub struct Recovered {
    pub copy: PathBuf,
    pub text: String,
    pub origin: Origin,
    /// What became of the file since, when that matters before choosing: changed, or gone.
    pub file_news: Option<String>,
}

/// Whether the file a copy belongs to still holds what it held when the work began.
fn file_news(origin: &Origin) -> Option<String> {
    let path = origin.path.as_ref()?;
    if !path.exists() {
        return Some(format!("{} no longer exists.", path.display()));
    }
    let same = crate::model::io::read_bounded(path)
        .ok()
        .is_some_and(|bytes| origin.sha256.as_deref() == Some(sha256_hex(&bytes).as_str()));
    (!same).then(|| {
        format!(
            "{} has changed since this copy was made; restoring shows this copy, and saving \
             will ask before replacing the file.",
            path.display()
        )
    })
}

/// Another window's lock, held while its copies are offered here.
struct Claim {
    lock_path: PathBuf,
    _lock: Option<File>,
    copies: Vec<PathBuf>,
}

pub struct Autosave {
    folder: Option<PathBuf>,
    instance: String,
    /// The lock that tells other windows this one runs; held until drop.
    lock: Option<File>,
    document: u64,
    every: Duration,
    last_write: Option<Instant>,
    last_written: Option<Scenario>,
    claims: Vec<Claim>,
    /// Set on a clean exit: the lock file goes with the window.
    finished: bool,
    /// Why autosave could not start, though a data folder was given.
    unavailable: Option<String>,
}

impl Autosave {
    /// `data_dir` None turns autosave off (tests, or no data folder on this system).
    pub fn new(data_dir: Option<PathBuf>, every: Duration) -> Self {
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default();
        // A browser has no process ids (asking panics); its copies are not kept on disk anyway.
        let pid = if cfg!(target_arch = "wasm32") {
            0
        } else {
            std::process::id()
        };
        let instance = format!("{pid}-{:x}", now.as_nanos());
        let folder = data_dir.map(|d| d.join("autosave"));
        let lock = folder.as_ref().map(|f| -> Result<File, String> {
            let fail = |e: &dyn std::fmt::Display| format!("cannot use {}: {e}", f.display());
            fs::create_dir_all(f).map_err(|e| fail(&e))?;
            // Drafts of private files stay private: only this user may read the copies.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                fs::set_permissions(f, fs::Permissions::from_mode(0o700)).map_err(|e| fail(&e))?;
            }
            // Locked under a name no window looks at, then named: no other window ever sees
            // this lock unlocked, and takes this window for a crashed one.
            let making = f.join(format!("{instance}.lock-new"));
            let file = File::create(&making).map_err(|e| fail(&e))?;
            file.try_lock().map_err(|e| fail(&e))?;
            fs::rename(&making, f.join(format!("{instance}.lock"))).map_err(|e| fail(&e))?;
            Ok(file)
        });
        let (lock, unavailable) = match lock {
            Some(Ok(file)) => (Some(file), None),
            Some(Err(why)) => (None, Some(why)),
            None => (None, None),
        };
        Autosave {
            // Without our own lock, other windows could take our copies for a crash's: better
            // no autosave than a wrong restore.
            folder: folder.filter(|_| lock.is_some()),
            instance,
            lock,
            document: 0,
            every,
            last_write: None,
            last_written: None,
            claims: Vec::new(),
            finished: false,
            unavailable,
        }
    }

    /// Why autosave is off although it was asked for, if it is.
    pub fn unavailable(&self) -> Option<&str> {
        self.unavailable.as_deref()
    }

    fn copy_path(&self) -> Option<PathBuf> {
        let folder = self.folder.as_ref()?;
        Some(folder.join(format!("{}-{}.ron", self.instance, self.document)))
    }

    /// Copies whose windows are gone, each claimed so no other window offers it at once.
    pub fn recover(&mut self, data_dir: &Path) -> Vec<Recovered> {
        let Some(folder) = self.folder.clone() else {
            return Vec::new();
        };
        let mut found = Vec::new();
        let legacy = data_dir.join(LEGACY_FILE);
        if legacy.exists() {
            self.claims.push(Claim {
                lock_path: PathBuf::new(),
                _lock: None,
                copies: vec![legacy.clone()],
            });
            found.extend(read_copy(&legacy));
        }
        let Ok(entries) = fs::read_dir(&folder) else {
            return found;
        };
        let mut names: Vec<String> = entries
            .flatten()
            .filter_map(|e| e.file_name().to_str().map(str::to_owned))
            .collect();
        names.sort();
        let owners: Vec<&str> = names
            .iter()
            .filter_map(|n| n.strip_suffix(".lock"))
            .collect();
        for owner in &owners {
            if *owner == self.instance {
                continue;
            }
            let lock_path = folder.join(format!("{owner}.lock"));
            let Ok(lock) = OpenOptions::new().write(true).open(&lock_path) else {
                continue;
            };
            if lock.try_lock().is_err() {
                continue; // its window still runs
            }
            let copies: Vec<PathBuf> = names
                .iter()
                .filter(|n| n.starts_with(&format!("{owner}-")) && n.ends_with(".ron"))
                .map(|n| folder.join(n))
                .collect();
            if copies.is_empty() {
                // A window that ended without closing cleanly (SIGTERM, SIGKILL, a crash) and
                // left no work: its lock, free since it died, goes.
                let _ = fs::remove_file(&lock_path);
                continue;
            }
            found.extend(copies.iter().filter_map(|c| read_copy(c)));
            self.claims.push(Claim {
                lock_path,
                _lock: Some(lock),
                copies,
            });
        }
        // A lock that a window died making, before naming it.
        for name in names.iter().filter(|n| n.ends_with(".lock-new")) {
            let path = folder.join(name);
            if let Ok(lock) = OpenOptions::new().write(true).open(&path)
                && lock.try_lock().is_ok()
            {
                let _ = fs::remove_file(&path);
            }
        }
        // A copy whose lock file is gone has no window to own it.
        for name in names.iter().filter(|n| n.ends_with(".ron")) {
            let owner = name.rsplit_once('-').map_or("", |(o, _)| o);
            if owner != self.instance && !owners.contains(&owner) {
                let copy = folder.join(name);
                found.extend(read_copy(&copy));
                self.claims.push(Claim {
                    lock_path: PathBuf::new(),
                    _lock: None,
                    copies: vec![copy],
                });
            }
        }
        found
    }

    /// The user answered about a recovered copy: it is restored into this window (which
    /// autosaves it as its own from now on) or discarded. Either way that copy goes.
    pub fn settle(&mut self, copy: &Path) {
        let _ = fs::remove_file(copy);
        for claim in &mut self.claims {
            claim.copies.retain(|c| c != copy);
        }
        self.claims.retain(|claim| {
            let done = claim.copies.is_empty();
            if done && !claim.lock_path.as_os_str().is_empty() {
                let _ = fs::remove_file(&claim.lock_path);
            }
            !done
        });
    }

    /// This window lets go of a copy without removing it: another window takes it over, or the
    /// next start offers it again. A claim with no copies left lets go of its lock (the lock
    /// file stays, for whoever takes the copies).
    pub fn release(&mut self, copy: &Path) {
        for claim in &mut self.claims {
            claim.copies.retain(|c| c != copy);
        }
        self.claims.retain(|claim| !claim.copies.is_empty());
    }

    /// Whether `path` names a crash copy in this window's autosave folder: the only files a
    /// window restores without asking (handed over by the window that offered it).
    pub fn is_copy_here(&self, path: &Path) -> bool {
        let (Some(folder), Some(parent)) = (&self.folder, path.parent()) else {
            return false;
        };
        let same_folder = fs::canonicalize(folder).ok() == fs::canonicalize(parent).ok();
        same_folder && path.extension().is_some_and(|e| e == "ron") && path.is_file()
    }

    /// Saves `scenario` if it changed since the last write and enough time has passed.
    pub fn tick(
        &mut self,
        scenario: &Scenario,
        origin: &Origin,
        now: Instant,
    ) -> Result<(), String> {
        let Some(file) = self.copy_path() else {
            return Ok(());
        };
        let due = self
            .last_write
            .is_none_or(|t| now.duration_since(t) >= self.every);
        if !due || self.last_written.as_ref() == Some(scenario) {
            return Ok(());
        }
        self.last_write = Some(now);
        let body = save_text(scenario, None).map_err(|p| p.to_string())?.text;
        let origin = Origin {
            saved_at: SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .ok()
                .map(|d| d.as_secs()),
            ..origin.clone()
        };
        let header = serde_json::to_string(&origin).map_err(|e| e.to_string())?;
        let text = format!("{HEADER}{header}\n{body}");
        write_file(&file, text.as_bytes()).map_err(|e| format!("cannot autosave: {e}"))?;
        self.last_written = Some(scenario.clone());
        Ok(())
    }

    /// This document's work is saved or deliberately discarded: nothing to restore of it.
    pub fn clear(&mut self) {
        self.last_written = None;
        self.last_write = None;
        if let Some(file) = self.copy_path() {
            let _ = fs::remove_file(file);
        }
    }

    /// A different document is open now: its copy gets a name of its own.
    pub fn next_document(&mut self) {
        self.clear();
        self.document += 1;
    }

    /// The window closes cleanly: its copy and its lock go with it.
    pub fn finish(&mut self) {
        self.clear();
        self.finished = true;
    }

    /// Whether this window has written a copy of the current document.
    pub fn has_copy(&self) -> bool {
        self.last_written.is_some()
    }

    /// This window's current copy, if autosave is on.
    pub fn path(&self) -> Option<PathBuf> {
        self.copy_path()
    }
}

impl Drop for Autosave {
    fn drop(&mut self) {
        // A crash never gets here; a window dropped without `finish` keeps its copies, like a
        // crash, and its lock is released by closing the file.
        if self.finished
            && let (Some(folder), Some(_)) = (&self.folder, &self.lock)
        {
            let _ = fs::remove_file(folder.join(format!("{}.lock", self.instance)));
        }
    }
}

pub fn read_copy(path: &Path) -> Option<Recovered> {
    let text = fs::read_to_string(path).ok()?;
    let first = text.lines().next().unwrap_or_default();
    let origin = if let Some(json) = first.strip_prefix(HEADER) {
        serde_json::from_str(json).unwrap_or_default()
    } else if let Some(path) = first.strip_prefix("// redlines autosave of: ") {
        // The legacy header: a path as typed.
        Origin {
            path: (!path.is_empty()).then(|| PathBuf::from(path)),
            ..Origin::default()
        }
    } else {
        Origin::default()
    };
    Some(Recovered {
        copy: path.to_owned(),
        file_news: file_news(&origin),
        text,
        origin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_running_windows_copy_is_not_offered_and_a_gone_ones_is() {
        let data = tempfile::tempdir().expect("temp dir");
        let scenario = crate::model::Document::new_bundled().scenario;
        let mut first = Autosave::new(Some(data.path().to_owned()), Duration::ZERO);
        first
            .tick(&scenario, &Origin::default(), Instant::now())
            .expect("writes");
        let mut second = Autosave::new(Some(data.path().to_owned()), Duration::ZERO);
        assert!(second.recover(data.path()).is_empty());
        drop(first);
        let mut third = Autosave::new(Some(data.path().to_owned()), Duration::ZERO);
        let found = third.recover(data.path());
        assert_eq!(found.len(), 1);
        // Claimed: a fourth window does not offer it at the same time.
        let mut fourth = Autosave::new(Some(data.path().to_owned()), Duration::ZERO);
        assert!(fourth.recover(data.path()).is_empty());
        third.settle(&found[0].copy);
        assert!(!found[0].copy.exists());
    }

    /// A window killed (SIGTERM or SIGKILL: the lock is released when a process dies, and the
    /// file stays) with nothing unsaved: the next window removes its lock file.
    #[test]
    fn the_lock_of_a_window_that_died_with_nothing_unsaved_is_removed() {
        let data = tempfile::tempdir().expect("temp dir");
        let folder = data.path().join("autosave");
        let first = Autosave::new(Some(data.path().to_owned()), Duration::ZERO);
        let lock = folder.join(format!("{}.lock", first.instance));
        assert!(lock.exists());
        // Dropped without `finish`, as a killed window ends: its lock file stays, unlocked.
        drop(first);
        assert!(lock.exists());
        let dead_start = folder.join("4242-abc.lock-new");
        fs::write(&dead_start, "").expect("half-made lock");
        let mut next = Autosave::new(Some(data.path().to_owned()), Duration::ZERO);
        assert!(next.recover(data.path()).is_empty());
        assert!(!lock.exists(), "the dead window's lock is gone");
        assert!(!dead_start.exists());
        let names: Vec<String> = fs::read_dir(&folder)
            .expect("folder")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, [format!("{}.lock", next.instance)]);
    }

    #[cfg(unix)]
    #[test]
    fn only_this_user_can_read_the_copies() {
        use std::os::unix::fs::PermissionsExt;
        let data = tempfile::tempdir().expect("temp dir");
        let _window = Autosave::new(Some(data.path().to_owned()), Duration::ZERO);
        let mode = fs::metadata(data.path().join("autosave"))
            .expect("folder")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }
}
