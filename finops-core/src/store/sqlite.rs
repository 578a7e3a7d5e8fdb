//! SQLite's process-wide setup, redone by whichever copy of SQLite runs the caller.
//!
//! A process normally holds one copy of the bundled SQLite, initialized by the first `sqlite3_open`. In the
//! evcxr kernel every notebook cell is a library of its own that links its own copy: a connection opened in one
//! cell and used in a later one runs the later copy's code, whose global configuration (mutex and memory
//! methods) was never set up, and the process crashes. Every use of a connection therefore goes through
//! [`initialized`], which makes sure the running copy is initialized first.

use rusqlite::Connection;

/// `conn`, once the SQLite running this code is initialized.
pub(crate) fn initialized(conn: &Connection) -> &Connection {
    // SAFETY: sqlite3_initialize takes no arguments, is thread-safe, and after its first call returns at once
    // without doing anything (https://sqlite.org/c3ref/initialize.html).
    let rc = unsafe { rusqlite::ffi::sqlite3_initialize() };
    debug_assert_eq!(rc, rusqlite::ffi::SQLITE_OK);
    conn
}
