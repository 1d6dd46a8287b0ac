//! Running the built `appflow-profile` binary from the integration tests.
// Each test target uses a part of this module.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// What one run of the binary produced.
#[derive(Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The exit status.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Outcome {
    /// Exit status, standard output and standard error together, for a snapshot.
    pub fn render(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `appflow-profile ARGS` in `dir` with `stdin` as standard input.
pub fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Outcome {
    let mut child = Command::new(env!("CARGO_BIN_EXE_appflow-profile"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    {
        let mut input = child.stdin.take().expect("piped stdin");
        // The binary may stop reading early (a refused input); a broken pipe is fine then.
        let _ = input.write_all(stdin);
    }
    let output = child.wait_with_output().expect("the binary finishes");
    Outcome {
        code: output
            .status
            .code()
            .unwrap_or_else(|| panic!("killed by a signal: {:?}", output.status)),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    }
}

/// Runs `appflow-profile ARGS` from the crate directory, so file names stay relative.
pub fn run_here(args: &[&str], stdin: &[u8]) -> Outcome {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, stdin)
}
