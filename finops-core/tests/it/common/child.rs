//! Child processes for the tests that need a second process (a killed import, a concurrent writer, a memory
//! bound): the test binary runs itself again with one of its ignored tests selected, and the environment
//! telling that test what to do.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Starts this test binary running only `test` (an `#[ignore]`d test that reads its orders from `env`), with
/// its stderr piped to the caller.
pub fn spawn(test: &str, env: &[(&str, &str)]) -> Child {
    let exe = std::env::current_exe().expect("the test binary's path");
    Command::new(exe)
        .args([test, "--exact", "--ignored", "--nocapture", "--test-threads=1", "--quiet"])
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the child process")
}

/// Reads the child's stderr until a line equals `line`; panics, with what it printed, if it ends first.
pub fn wait_for_line(child: &mut Child, line: &str) {
    let stderr = child.stderr.as_mut().expect("piped stderr");
    let mut printed = String::new();
    for got in BufReader::new(stderr).lines() {
        let got = got.expect("the child's stderr");
        if got == line {
            return;
        }
        printed.push_str(&got);
        printed.push('\n');
    }
    let status = child.wait().expect("the child's exit");
    panic!("the child ended ({status}) before printing {line:?}:\n{printed}");
}

/// Everything else the child prints on stderr, once it has ended, and its exit status.
pub fn finish(mut child: Child) -> (std::process::ExitStatus, String) {
    let mut printed = String::new();
    if let Some(stderr) = child.stderr.take() {
        for got in BufReader::new(stderr).lines().map_while(Result::ok) {
            printed.push_str(&got);
            printed.push('\n');
        }
    }
    (child.wait().expect("the child's exit"), printed)
}

/// The value of a variable a child was given; panics when the test runs without its parent.
pub fn order(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is unset: this test is a child process of another test"))
}
