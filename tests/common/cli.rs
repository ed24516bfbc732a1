//! Running the `redlines` binary as a user would from a shell.

use std::path::Path;
use std::process::{Command, Output};

pub fn redlines(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redlines"))
        .args(args)
        .output()
        .expect("the binary runs")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Writes `bytes` to `dir/name` and returns the path as the shell would type it.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path.to_string_lossy().into_owned()
}
