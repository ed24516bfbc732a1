//! Long file: the only module touching files, whole so the named-file rule has one home.
//! The only place in the model that touches the file system: reading scenario files, and writing
//! them the way careful editors do. A save goes through a temporary file in the same folder,
//! synced and renamed over the target, so an interrupted save leaves the old file or the new one,
//! never a torn one; it writes through symlinks to their target, keeps the file's mode and (as
//! root) its owner, keeps hard links together, refuses read-only files, and leaves no debris.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use super::format::{
    Loaded, MAX_FILE_BYTES, ModelErrors, parse_scenario_bytes_with, save_text, size_problem,
};
use super::scenario::Scenario;
use super::text::one_line;
use super::validate::{Location, Problem};

/// Everything wrong with one file, each problem printable as `FILE:LINE:COL: message` or
/// `FILE: path: message`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct FileError {
    pub file: PathBuf,
    pub problems: Vec<Problem>,
}

impl FileError {
    pub fn new(file: &Path, problem: Problem) -> Self {
        FileError {
            file: file.to_owned(),
            problems: vec![problem],
        }
    }

    pub fn message(file: &Path, message: impl Into<String>) -> Self {
        Self::new(file, Problem::error(Location::File, message))
    }

    /// One line per problem.
    pub fn lines(&self) -> Vec<String> {
        self.problems
            .iter()
            .map(|p| format_problem(&self.file, p))
            .collect()
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.lines().join("\n"))
    }
}

pub fn format_problem(file: &Path, problem: &Problem) -> String {
    let file = file.to_string_lossy();
    let file = one_line(&file);
    match problem.location {
        Location::Text { .. } => format!("{file}:{problem}"),
        _ => format!("{file}: {problem}"),
    }
}

/// The file's bytes, refusing anything but a regular file (a pipe or device would block or never
/// end) and files over the size limit, before reading them.
pub fn read_bounded(path: &Path) -> Result<Vec<u8>, FileError> {
    let cannot = |e: io::Error| FileError::message(path, format!("cannot read the file: {e}"));
    // Asked before opening: opening a named pipe waits for a writer, maybe for ever.
    let meta = fs::metadata(path).map_err(cannot)?;
    if let Some(what) = not_regular(&meta) {
        return Err(FileError::message(path, not_regular_message(what)));
    }
    let file = open_no_wait(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    // The file may have been replaced between the two looks.
    if let Some(what) = not_regular(&meta) {
        return Err(FileError::message(path, not_regular_message(what)));
    }
    if let Some(problem) = size_problem(meta.len()) {
        return Err(FileError::new(path, problem));
    }
    // Read one byte past the limit: a file that grew since is refused without reading all of it.
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if let Some(problem) = size_problem(bytes.len() as u64) {
        return Err(FileError::new(path, problem));
    }
    Ok(bytes)
}

/// Opens for reading without waiting: a pipe that appeared since the check does not block.
fn open_no_wait(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    options.open(path)
}

/// What the file is, when it is not a regular file.
fn not_regular(meta: &fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

fn not_regular_message(what: &str) -> String {
    format!("this is {what}, not a regular file; Red Lines reads only regular files")
}

/// The rule for a path that a file names (a scenario's model file and its sources' texts, a
/// briefing's steps), in words, for errors and the docs.
pub const NAMED_FILE_RULE: &str = "a file may name only regular files in its own folder or below \
     it, by a relative path that stays there once links are followed";

/// Reads the file that a file in `folder` names as `named`, under [`NAMED_FILE_RULE`]: a received
/// file can read nothing else on this machine. The error says which part of the rule failed.
pub fn read_named(folder: &Path, named: &Path) -> Result<String, String> {
    let rule = |why: String| format!("{why}; {NAMED_FILE_RULE}");
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    if named.as_os_str().is_empty() {
        return Err("the path is empty".to_owned());
    }
    if named.has_root() || named.is_absolute() {
        return Err(rule("it is an absolute path".to_owned()));
    }
    let base = fs::canonicalize(folder)
        .map_err(|e| format!("cannot read the folder {}: {e}", folder.display()))?;
    let full = base.join(named);
    let real = fs::canonicalize(&full).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => format!("there is no such file (looked at {})", full.display()),
        _ => format!("cannot read it: {e} (looked at {})", full.display()),
    })?;
    if !real.starts_with(&base) {
        return Err(rule(format!(
            "it leads outside the folder {} (to {})",
            base.display(),
            real.display()
        )));
    }
    let bytes = read_bounded(&real).map_err(|e| {
        let why = e
            .problems
            .first()
            .map_or_else(String::new, |p| p.message.clone());
        format!("{why} (looked at {})", full.display())
    })?;
    let bytes = bytes
        .strip_prefix(super::format::BOM.as_bytes())
        .unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec())
        .map_err(|_| format!("{} is not valid UTF-8 text", full.display()))
}

/// How a file in `folder` may name `path` (absolute, or relative to the working folder) under
/// [`NAMED_FILE_RULE`]: its path from `folder`, or `None` where the rule does not let it.
pub fn name_from(folder: &Path, path: &Path) -> Option<PathBuf> {
    let base = fs::canonicalize(folder).ok()?;
    let real = fs::canonicalize(folder.join(path)).ok()?;
    let inside = real.strip_prefix(&base).ok()?.to_owned();
    read_named(&base, &inside).is_ok().then_some(inside)
}

/// Reads the files a scenario in `folder` names: its model file and its sources' texts, each
/// under the rule for the folder of the file that names it (`within`, below `folder`).
pub fn reader_in(folder: &Path) -> impl Fn(&Path, &Path) -> Result<String, String> + use<> {
    let folder = folder.to_owned();
    move |within: &Path, named: &Path| read_named(&folder.join(within), named)
}

/// Reads a scenario's bytes as the file at `path`, the app's way: what it names is found beside
/// it, and a model with errors opens for repair ([`ModelErrors::OpenForRepair`]).
pub fn parse_scenario_at(path: &Path, bytes: &[u8]) -> Result<Loaded, Vec<Problem>> {
    parse_scenario_bytes_with(
        bytes,
        &reader_in(folder_of(path)),
        ModelErrors::OpenForRepair,
    )
}

/// Reads the scenario at `path`, refusing a model with errors (the headless commands' way).
pub fn load_scenario(path: &Path) -> Result<Loaded, FileError> {
    load(path, ModelErrors::Refuse)
}

/// Reads the scenario at `path`, opening a model with errors for repair (the app's way).
pub fn load_scenario_to_repair(path: &Path) -> Result<Loaded, FileError> {
    load(path, ModelErrors::OpenForRepair)
}

fn load(path: &Path, errors: ModelErrors) -> Result<Loaded, FileError> {
    let bytes = read_bounded(path)?;
    parse_scenario_bytes_with(&bytes, &reader_in(folder_of(path)), errors).map_err(
        |mut problems| {
            if let Some(backup) = backup_path(path).filter(|b| b.exists()) {
                problems.push(Problem::error(
                    Location::File,
                    format!(
                        "a save of this file was interrupted; the version before it is in {}",
                        backup.display()
                    ),
                ));
            }
            FileError {
                file: path.to_owned(),
                problems,
            }
        },
    )
}

/// Whether `path` names a briefing rather than a scenario.
pub fn is_briefing(path: &Path) -> bool {
    path.to_string_lossy().ends_with(".briefing.ron")
}

/// The file in a handout's folder that lists what `redlines brief` wrote there, each with its
/// fingerprint, so a later run replaces its own unchanged files and nothing else.
pub const BRIEF_MANIFEST: &str = ".redlines-brief";

/// SHA-256 of `bytes`, in hex: a file's fingerprint.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes the handout into `dir` (made if missing): the pictures, `brief.md` and `brief.html`.
/// Returns the files written. A file there that an earlier handout did not write, or that was
/// changed since, is replaced only with `force`; a link there is never followed (with `force`,
/// the link itself is replaced). Either every file is written or, when one may not be, none.
pub fn write_brief(
    dir: &Path,
    brief: &super::handout::Handout<'_>,
    force: bool,
) -> Result<Vec<std::path::PathBuf>, FileError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| FileError::message(dir, format!("cannot create the folder: {e}")))?;
    // The pictures first: the pages that show them are written only once they are there.
    let mut files: Vec<(String, Vec<u8>)> = brief
        .steps
        .iter()
        .flat_map(|s| &s.pictures)
        .map(|p| (p.file.clone(), p.png.clone()))
        .collect();
    files.push(("brief.md".to_owned(), brief.to_markdown().into_bytes()));
    files.push(("brief.html".to_owned(), brief.to_html().into_bytes()));

    let manifest = read_bounded(&dir.join(BRIEF_MANIFEST))
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default();
    let written_before = |name: &str, bytes: &[u8]| {
        let fingerprint = sha256_hex(bytes);
        manifest
            .lines()
            .any(|line| line.split_once("  ") == Some((fingerprint.as_str(), name)))
    };
    let mut refused = Vec::new();
    let names = files.iter().map(|(name, _)| name.as_str());
    for name in names.chain([BRIEF_MANIFEST]) {
        let path = dir.join(name);
        let why = match fs::symlink_metadata(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => Some(format!("cannot look at it: {e}")),
            Ok(meta) if meta.file_type().is_symlink() => (!force).then(|| {
                "is a symbolic link; a handout is never written through a link".to_owned()
            }),
            Ok(meta) if !meta.is_file() => Some("is not a regular file".to_owned()),
            Ok(_) if name == BRIEF_MANIFEST => continue,
            Ok(_) => match read_bounded(&path) {
                Ok(bytes) if written_before(name, &bytes) => continue,
                Ok(_) => (!force).then(|| {
                    "was not written by an earlier handout, or was changed since".to_owned()
                }),
                Err(_) => (!force).then(|| "cannot be read to tell who wrote it".to_owned()),
            },
        };
        if let Some(why) = why {
            refused.push(Problem::error(Location::File, format!("{name} {why}")));
        }
    }
    if !refused.is_empty() {
        refused.push(Problem::error(
            Location::File,
            "nothing was written: choose another folder, move those files away, or give \
             --force to replace them",
        ));
        return Err(FileError {
            file: dir.to_owned(),
            problems: refused,
        });
    }
    let mut written = Vec::new();
    let mut manifest = String::new();
    for (name, bytes) in &files {
        let path = dir.join(name);
        write_entry(&path, bytes)?;
        manifest.push_str(&format!("{}  {name}\n", sha256_hex(bytes)));
        written.push(path);
    }
    write_entry(&dir.join(BRIEF_MANIFEST), manifest.as_bytes())?;
    Ok(written)
}

/// Writes `bytes` as the file `path` names, atomically, replacing whatever entry is there (a
/// link itself, never its target; a hard link is split from its other names).
fn write_entry(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let folder = folder_of(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    remove_stale_temps(folder, &name);
    write_replacing(path, folder, &name, bytes, None)
        .map_err(|e| FileError::message(path, format!("cannot save: {e}")))
}

/// Reads a briefing and every step's scenario, files relative to the briefing's folder.
pub fn load_briefing(
    path: &Path,
) -> Result<
    (
        super::briefing::LoadedBriefing,
        Vec<super::scenario::Document>,
    ),
    FileError,
> {
    let bytes = read_bounded(path)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        FileError::message(
            path,
            "the file is not valid UTF-8 text; briefings are RON text in UTF-8",
        )
    })?;
    let loaded = super::briefing::parse_briefing(&text).map_err(|problems| FileError {
        file: path.to_owned(),
        problems,
    })?;
    let folder = folder_of(path).to_owned();
    let open = reader_in(&folder);
    let mut documents = Vec::new();
    let mut problems = Vec::new();
    for (i, step) in loaded.briefing.steps.iter().enumerate() {
        match super::briefing::resolve_step(step, i, &open) {
            Ok(doc) => documents.push(doc),
            Err(mut p) => problems.append(&mut p),
        }
    }
    if problems.is_empty() {
        Ok((loaded, documents))
    } else {
        Err(FileError {
            file: path.to_owned(),
            problems,
        })
    }
}

/// Saves `scenario` in the canonical layout. The app keeps the user's layout with
/// [`save_text`] and [`write_file`].
pub fn save_scenario(path: &Path, scenario: &Scenario) -> Result<(), FileError> {
    let text = save_text(scenario, None).map_err(|p| FileError::new(path, p))?;
    write_file(path, text.text.as_bytes())
}

/// Follows symbolic links to the file they name (which may not exist yet).
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_owned();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Temporary files are named after the file they replace and the process writing them, so a
/// later save can tell its own leftovers from a save still running: `.NAME.redlines-save-PID-N`.
fn temp_prefix(name: &str) -> String {
    format!(".{name}.redlines-save-")
}

fn backup_path(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_string_lossy();
    Some(folder_of(path).join(format!(".{name}.redlines-backup")))
}

fn temp_name(name: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "{}{}-{:x}{:x}",
        temp_prefix(name),
        std::process::id(),
        nanos,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Whether a process with this id runs. Where that cannot be known, it is assumed to.
fn is_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        let Some(pid) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return false;
        };
        // ESRCH: no such process. Anything else (EPERM: someone else's) means it exists.
        rustix::process::test_kill_process(pid) != Err(rustix::io::Errno::SRCH)
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// Removes temporary files that earlier, killed saves of this file left behind. Never one whose
/// writer may still be running, and never anything not named after this file.
fn remove_stale_temps(folder: &Path, name: &str) {
    let prefix = temp_prefix(name);
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|pid| !is_running(pid)) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Writes `bytes` to `path` as the module comment promises.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let fail = |what: &str, e: io::Error| FileError::message(path, format!("cannot {what}: {e}"));
    let target = resolve_links(path).map_err(|e| fail("follow the link", e))?;
    let existing = match fs::metadata(&target) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(fail("save", e)),
    };
    if let Some(meta) = &existing {
        if !meta.is_file() {
            return Err(FileError::message(
                path,
                "cannot save: this is not a regular file",
            ));
        }
        // Like vim's 'readonly': a file without write permission is not replaced, even by
        // someone (root) who could.
        let denied = meta.permissions().readonly()
            || OpenOptions::new()
                .write(true)
                .open(&target)
                .is_err_and(|e| e.kind() == io::ErrorKind::PermissionDenied);
        if denied {
            return Err(FileError::message(
                path,
                "cannot save: the file is read-only (it has no write permission); nothing was \
                 written",
            ));
        }
    }
    let folder = folder_of(&target);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    remove_stale_temps(folder, &name);
    let result = match &existing {
        Some(meta) if has_other_links(meta) => return write_in_place(&target, bytes),
        _ => write_replacing(&target, folder, &name, bytes, existing.as_ref()),
    };
    // A new file is written whole or not at all: the old one stays as it was.
    result.map_err(|e| FileError::message(path, format!("cannot save: {e}; the file is as it was")))
}

#[cfg(unix)]
fn has_other_links(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.nlink() > 1
}

#[cfg(not(unix))]
fn has_other_links(_meta: &fs::Metadata) -> bool {
    false
}

/// Gives the new file the old one's mode and owner, as far as this user may.
fn keep_metadata(file: &File, existing: Option<&fs::Metadata>) -> io::Result<()> {
    let Some(old) = existing else {
        return Ok(());
    };
    file.set_permissions(old.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let new = file.metadata()?;
        if (new.uid(), new.gid()) != (old.uid(), old.gid()) {
            // Only root may give a file away; anyone else keeps the file as their own.
            let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
        }
    }
    Ok(())
}

fn sync_folder(folder: &Path) {
    // Makes the rename itself durable where the platform allows syncing a folder.
    if let Ok(d) = File::open(folder) {
        let _ = d.sync_all();
    }
}

/// The atomic save: a temporary file with the full new content, renamed over the target.
fn write_replacing(
    target: &Path,
    folder: &Path,
    name: &str,
    bytes: &[u8],
    existing: Option<&fs::Metadata>,
) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    if let Some(result) = write_via_unnamed_temp(target, folder, name, bytes, existing) {
        return result;
    }
    let temp = folder.join(temp_name(name));
    let written = (|| {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // The umask applies, as for any new file; an existing file's mode is copied after.
            options.mode(0o666);
        }
        let mut file = options.open(&temp)?;
        file.write_all(bytes)?;
        keep_metadata(&file, existing)?;
        file.sync_all()?;
        fs::rename(&temp, target)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written?;
    sync_folder(folder);
    Ok(())
}

/// Linux can write the new content into a file with no name (`O_TMPFILE`) and name it only at
/// the last moment, so a save killed while writing leaves nothing behind. `None` where the file
/// system cannot, and the caller falls back to a named temporary file.
#[cfg(target_os = "linux")]
fn write_via_unnamed_temp(
    target: &Path,
    folder: &Path,
    name: &str,
    bytes: &[u8],
    existing: Option<&fs::Metadata>,
) -> Option<io::Result<()>> {
    use rustix::fs::{AtFlags, CWD, Mode, OFlags, linkat, openat};
    use std::os::fd::AsRawFd;
    let fd = openat(
        CWD,
        folder,
        OFlags::TMPFILE | OFlags::WRONLY | OFlags::CLOEXEC,
        Mode::from_bits_truncate(0o666),
    )
    .ok()?;
    let mut file = File::from(fd);
    let written = (|| {
        file.write_all(bytes)?;
        keep_metadata(&file, existing)?;
        file.sync_all()
    })();
    if let Err(e) = written {
        return Some(Err(e));
    }
    let temp = folder.join(temp_name(name));
    let proc_path = format!("/proc/self/fd/{}", file.as_raw_fd());
    linkat(CWD, proc_path.as_str(), CWD, &temp, AtFlags::SYMLINK_FOLLOW).ok()?;
    let renamed = fs::rename(&temp, target);
    if renamed.is_err() {
        let _ = fs::remove_file(&temp);
    }
    Some(renamed.map(|()| sync_folder(folder)))
}

/// For a file with other hard links: renaming would split them, so the file is overwritten in
/// place, as vim does. A copy of the old content is kept next to it until the write is done;
/// should the write fail part way (a full disk), the old content is put back, and if even that
/// fails the error says where the copy is. Space for a longer text is reserved first where the
/// file system can, so a full disk usually stops the save before the file is touched.
fn write_in_place(target: &Path, bytes: &[u8]) -> Result<(), FileError> {
    write_in_place_with(target, bytes, &mut |file, bytes| file.write_all(bytes))
}

/// [`write_in_place`], writing the new content with `write` (tests make it fail part way).
fn write_in_place_with(
    target: &Path,
    bytes: &[u8],
    write: &mut dyn FnMut(&mut File, &[u8]) -> io::Result<()>,
) -> Result<(), FileError> {
    let untouched = |e: io::Error| {
        FileError::message(target, format!("cannot save: {e}; the file is as it was"))
    };
    let backup = backup_path(target).ok_or_else(|| untouched(io::Error::other("no file name")))?;
    let kept = fs::copy(target, &backup).and_then(|_| File::open(&backup)?.sync_all());
    if let Err(e) = kept {
        let _ = fs::remove_file(&backup);
        return Err(untouched(e));
    }
    let mut file = match OpenOptions::new().write(true).open(target) {
        Ok(file) => file,
        Err(e) => {
            let _ = fs::remove_file(&backup);
            return Err(untouched(e));
        }
    };
    if let Err(e) = reserve(&file, bytes.len() as u64) {
        let _ = fs::remove_file(&backup);
        return Err(untouched(e));
    }
    let written = (|| {
        write(&mut file, bytes)?;
        file.set_len(bytes.len() as u64)?;
        file.sync_all()
    })();
    match written {
        Ok(()) => {
            let _ = fs::remove_file(&backup);
            Ok(())
        }
        Err(e) => match restore_from(&backup, &mut file) {
            Ok(()) => {
                let _ = fs::remove_file(&backup);
                Err(untouched(e))
            }
            Err(_) => Err(FileError::message(
                target,
                format!(
                    "cannot save: {e}; the file may be cut short, and its content before this \
                     save is in {}: copy it back before anything else",
                    backup.display()
                ),
            )),
        },
    }
}

/// Reserves room for `len` bytes without changing the file, where the file system can; a
/// refusal for want of space is an error, any other (not supported) is not.
fn reserve(file: &File, len: u64) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{FallocateFlags, fallocate};
        match fallocate(file, FallocateFlags::KEEP_SIZE, 0, len) {
            Err(rustix::io::Errno::NOSPC) => {
                return Err(io::Error::from(rustix::io::Errno::NOSPC));
            }
            Err(rustix::io::Errno::DQUOT) => {
                return Err(io::Error::from(rustix::io::Errno::DQUOT));
            }
            _ => {}
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (file, len);
    Ok(())
}

/// Puts the backup's content back into `file`: it fits where the old content was.
fn restore_from(backup: &Path, file: &mut File) -> io::Result<()> {
    use std::io::{Seek, SeekFrom};
    let old = fs::read(backup)?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(&old)?;
    file.set_len(old.len() as u64)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A disk that fills part way through the write: the old content comes back.
    #[cfg(unix)]
    #[test]
    fn a_save_in_place_that_fails_part_way_puts_the_old_content_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("linked.ron");
        std::fs::write(&target, "the old content, which must survive").expect("file");
        std::fs::hard_link(&target, dir.path().join("other-name.ron")).expect("link");
        let new = "a new, longer content that the disk has no room for".repeat(10);
        let mut full_disk = |file: &mut File, bytes: &[u8]| {
            file.write_all(&bytes[..bytes.len() / 3])?;
            Err(io::Error::from(rustix::io::Errno::NOSPC))
        };
        let error = write_in_place_with(&target, new.as_bytes(), &mut full_disk)
            .expect_err("the save fails");
        assert_eq!(
            std::fs::read_to_string(&target).expect("file"),
            "the old content, which must survive"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("other-name.ron")).expect("link"),
            "the old content, which must survive",
            "the links stay together"
        );
        assert!(
            error.to_string().contains("the file is as it was"),
            "{error}"
        );
        assert!(!backup_path(&target).expect("backup").exists(), "no debris");
    }
}
