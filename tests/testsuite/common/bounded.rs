//! The real binary under a budget counted in bytes, not seconds: a child
//! whose data memory is capped (RLIMIT_DATA: an allocation past the cap
//! fails and the child aborts, so the test sees a crash, not exit code 1),
//! with its own peak resident memory read from /proc. Time is only a
//! safety net: a run that hangs is killed after [`SAFETY_NET`] and the test
//! fails saying so; no healthy run comes near it.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::SAFETY_NET;

/// One MiB.
pub const MIB: u64 = 1024 * 1024;

/// How a bounded run ended.
#[derive(Debug)]
pub struct Bounded {
    /// The exit code; none when a signal ended it (an allocation past the cap).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// The child's highest resident memory, in bytes (VmHWM, read while it ran).
    pub peak: u64,
}

/// Runs `riskrapport args` in `dir` with `env` set, its data memory capped
/// at `memory` bytes (none: no cap).
// The child is reaped by waitpid in the loop, which clippy does not see.
#[allow(clippy::zombie_processes)]
pub fn run_bounded(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    memory: Option<u64>,
) -> Bounded {
    use std::os::unix::process::CommandExt;
    let mut command = Command::new(env!("CARGO_BIN_EXE_riskrapport"));
    command
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    if let Some(memory) = memory {
        // SAFETY: setrlimit is async-signal-safe and touches nothing else.
        unsafe {
            command.pre_exec(move || {
                let limit = libc::rlimit {
                    rlim_cur: memory as libc::rlim_t,
                    rlim_max: memory as libc::rlim_t,
                };
                if libc::setrlimit(libc::RLIMIT_DATA, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let started = Instant::now();
    let mut child = command.spawn().expect("the binary starts");
    let pid = child.id() as libc::pid_t;
    let read = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        })
    };
    let stdout = read(Box::new(child.stdout.take().unwrap()));
    let stderr = read(Box::new(child.stderr.take().unwrap()));
    let mut peak = 0;
    loop {
        // The child's own peak: VmHWM starts anew with the program, where
        // the kernel's ru_maxrss would count the test process it forked from.
        if let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status"))
            && let Some(kib) = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse::<u64>().ok())
        {
            peak = peak.max(kib * 1024);
        }
        let mut status = 0;
        // SAFETY: waitpid writes only the status it is given.
        let waited = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        if waited == pid {
            let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
            return Bounded {
                code,
                stdout: stdout.join().unwrap(),
                stderr: stderr.join().unwrap(),
                peak,
            };
        }
        if started.elapsed() > SAFETY_NET {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "riskrapport {} still ran after {SAFETY_NET:?}: killed",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}
