//! Files: the atomic write that never leaves a half-written file under its
//! final name, and Swedish words for every I/O failure, with the path.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// synced and then renamed, so readers see the old file or the new one.
/// Errors say in Swedish what failed and where.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomically_with(path, bytes, |file, bytes| file.write_all(bytes))
}

/// [`write_atomically`] with the writing of the bytes to the temporary file
/// done by `write`, so that tests can inject a full disk or a failing device.
pub fn write_atomically_with(
    path: &Path,
    bytes: &[u8],
    write: impl FnOnce(&mut File, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    write_through_temp(path, bytes, write, |tmp, path| {
        std::fs::rename(tmp, path).map_err(|e| {
            explain(
                &e,
                format!("{} kunde inte ersättas med den nya filen", path.display()),
            )
        })
    })
}

/// Writes `bytes` to `path`, which must not exist, and never over a file:
/// the bytes are written and synced under a temporary name, which is then
/// linked to `path`. The system refuses the link when the name is taken,
/// also by a file another program made a moment before, so the check and
/// the write are one step (an error of kind `AlreadyExists`). Readers see
/// no file or the whole file. Where the file system has no links, the file
/// is created with `create_new`, which refuses a taken name as well.
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let taken = |e: &io::Error| explain(e, format!("{} skrevs inte", path.display()));
    write_through_temp(
        path,
        bytes,
        |file, bytes| file.write_all(bytes),
        |tmp, path| match std::fs::hard_link(tmp, path) {
            Ok(()) => {
                let _ = std::fs::remove_file(tmp);
                Ok(())
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(taken(&e)),
            // No links here (some network and FAT file systems).
            Err(_) => {
                let mut file = std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(path)
                    .map_err(|e| taken(&e))?;
                let written = file.write_all(bytes).and_then(|()| file.sync_all());
                if let Err(e) = written {
                    drop(file);
                    let _ = std::fs::remove_file(path);
                    return Err(explain(
                        &e,
                        format!("{} kunde inte skrivas", path.display()),
                    ));
                }
                let _ = std::fs::remove_file(tmp);
                Ok(())
            }
        },
    )
}

/// Writes `bytes` with `write` to a temporary file beside `path`, syncs it
/// and hands it to `place` to be put at `path`; the temporary file is
/// removed when anything fails.
fn write_through_temp(
    path: &Path,
    bytes: &[u8],
    write: impl FnOnce(&mut File, &[u8]) -> io::Result<()>,
    place: impl FnOnce(&Path, &Path) -> io::Result<()>,
) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .map_err(|e| explain(&e, format!("mappen {} kunde inte skapas", dir.display())))?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("rapport.pdf");
    remove_stale_temps(dir, name);
    let tmp = dir.join(temp_name(name, std::process::id()));
    let result = (|| {
        let mut file = File::create(&tmp).map_err(|e| {
            explain(
                &e,
                format!("det går inte att skriva i mappen {}", dir.display()),
            )
        })?;
        write(&mut file, bytes)
            .and_then(|()| file.sync_all())
            .map_err(|e| explain(&e, format!("{} kunde inte skrivas", path.display())))?;
        drop(file);
        place(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The temporary file for `name` written by process `pid`: hidden, and not
/// ending in `.pdf`, so that it is never taken for a report.
pub fn temp_name(name: &str, pid: u32) -> String {
    format!(".{name}.{pid}.tmp")
}

/// Removes temporary files for `name` left by processes that no longer run
/// (a build that was killed), where the system lets us tell.
fn remove_stale_temps(dir: &Path, name: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(pid) = file
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// What an I/O error says in Swedish: its own words when [`explain`] gave
/// it them, else [`reason`] (never the system's English text).
pub fn message(err: &io::Error) -> String {
    match err.get_ref() {
        Some(inner) => inner.to_string(),
        None => reason(err),
    }
}

/// An I/O error with `what` failed and why, in Swedish.
pub fn explain(err: &io::Error, what: String) -> io::Error {
    io::Error::new(err.kind(), format!("{what}: {}", reason(err)))
}

/// Why an I/O operation failed, in Swedish: never the system's English text.
pub fn reason(err: &io::Error) -> String {
    use io::ErrorKind::*;
    match err.kind() {
        NotFound => "filen eller mappen finns inte".to_owned(),
        PermissionDenied => "behörighet saknas".to_owned(),
        StorageFull => "disken är full".to_owned(),
        QuotaExceeded => "diskkvoten är slut".to_owned(),
        ReadOnlyFilesystem => "filsystemet är skrivskyddat".to_owned(),
        NotADirectory => "en del av sökvägen är en fil, inte en mapp".to_owned(),
        AlreadyExists => "det finns redan en fil med det namnet".to_owned(),
        IsADirectory => "det finns en mapp med det namnet".to_owned(),
        DirectoryNotEmpty => "mappen är inte tom".to_owned(),
        InvalidFilename => "namnet är inte ett giltigt filnamn".to_owned(),
        InvalidData => "innehållet kunde inte läsas".to_owned(),
        UnexpectedEof => "filen tog slut för tidigt".to_owned(),
        FileTooLarge => "filen är för stor för filsystemet".to_owned(),
        ResourceBusy => "filen används av ett annat program".to_owned(),
        CrossesDevices => "filen kan inte flyttas mellan två filsystem".to_owned(),
        TimedOut => "det tog för lång tid".to_owned(),
        OutOfMemory => "minnet räckte inte".to_owned(),
        AddrInUse => "porten används redan av ett annat program".to_owned(),
        AddrNotAvailable => "adressen finns inte på den här datorn".to_owned(),
        _ => match err.raw_os_error() {
            Some(code) => format!("ett fel i filsystemet (systemfel {code})"),
            None => "ett fel i filsystemet".to_owned(),
        },
    }
}
