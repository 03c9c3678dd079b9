//! `bevaka --förhandsvisning`: the page on 127.0.0.1 as a program sees it
//! (its HTML, its SVG pages, its events, text from the data escaped) and,
//! in CI, as a reader sees it in a real headless Chromium, driven through
//! chromedriver: load the page, change the data, see the new text appear
//! without reloading by hand.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::SAFETY_NET;
use crate::common::watching::Watching;
use crate::common::{fixture, plan_yaml};

/// A risk whose text is HTML, to be shown as text.
const RISK: &str = "- nr: 1\n  risk: \"<b>Fel</b> utbetalning & <script>x()</script>\"\n  sannolikhet: 2\n  konsekvens: 2\n";

/// Starts `bevaka n --förhandsvisning --port 0` in `dir`; the watch and the
/// preview's address once the first build is done.
pub(crate) fn start(dir: &Path) -> (Watching, SocketAddr) {
    let mut watching = Watching::start(
        dir,
        &[
            "bevaka",
            "n",
            "-o",
            "ut",
            "--förhandsvisning",
            "--port",
            "0",
        ],
    );
    watching.wait_for("the first build", |s| s.contains("bevakar"));
    let said = watching.said();
    let address = said
        .lines()
        .find_map(|l| l.strip_prefix("förhandsvisning: http://"))
        .and_then(|a| a.trim_end_matches('/').parse().ok())
        .unwrap_or_else(|| panic!("no address printed:\n{said}"));
    (watching, address)
}

#[test]
fn forhandsvisning_serves_pages_escapes_the_data_and_follows_edits() {
    let dir = fixture(&[("n/plan.yaml", &plan_yaml(RISK))]);
    let plan = dir.path().join("n/plan.yaml");
    let (mut watching, address) = start(dir.path());
    let host = address.to_string();

    let page = get(address, "/", &host);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("data-r=\"n/vor-2026\""), "{}", page.body);
    // The risk's text is on the page as text, never as markup.
    assert!(
        page.body
            .contains("&lt;b&gt;Fel&lt;/b&gt; utbetalning &amp; &lt;script&gt;x()&lt;/script&gt;"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("<script>x()"));
    assert!(!page.body.contains("<b>Fel"));

    let svg = get(address, "/sida?r=n%2Fvor-2026&s=1&b=1", &host);
    assert_eq!(svg.status, 200);
    assert!(svg.head.contains("image/svg+xml"), "{}", svg.head);
    assert!(svg.body.starts_with("<svg"), "{}", &svg.body[..100]);
    assert_eq!(get(address, "/sida?r=n%2Fvor-2026&s=99", &host).status, 404);
    // Another site's page in the reader's browser gets nothing.
    assert_eq!(get(address, "/", "evil.example").status, 403);

    // Saving the plan: the events say a build finished, and the content is new.
    let events = Events::open(address);
    std::fs::write(&plan, plan_yaml(&RISK.replace("Fel", "Dubbel"))).unwrap();
    let content = || get(address, "/innehall?r=n%2Fvor-2026", &host).body;
    events.until(&mut watching, "the new text", || {
        content().contains("&lt;b&gt;Dubbel&lt;/b&gt;")
    });
    assert!(!content().contains("class=\"fel\""));

    // A syntax error mid-edit: the page says so above the last good pages.
    std::fs::write(&plan, "nämnd: [\n").unwrap();
    events.until(&mut watching, "the syntax error", || {
        content().contains("class=\"fel\"")
    });
    let content = content();
    assert!(content.contains("plan.yaml"), "{content}");
    assert!(content.contains("&lt;b&gt;Dubbel&lt;/b&gt;"), "{content}");
}

#[test]
fn forhandsvisning_says_which_port_is_taken() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let dir = fixture(&[("n/plan.yaml", &plan_yaml(RISK))]);
    let out = crate::common::run(
        dir.path(),
        &["bevaka", "n", "--förhandsvisning", "--port", &port],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("port {port}: porten används redan")),
        "{stderr}"
    );
    assert!(stderr.contains("--port"), "{stderr}");
}

/// `bevaka`'s resident memory in bytes, from /proc.
fn resident(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("VmRSS in /proc/PID/status");
    kib * 1024
}

const MIB: u64 = 1024 * 1024;

/// A request line of 1 GiB without a line break is answered with an error
/// as soon as it passes the bound on a head, and `bevaka` keeps no more
/// memory than before; the preview goes on serving.
#[test]
fn forhandsvisning_answers_a_gigabyte_request_line_with_an_error_and_flat_memory() {
    let dir = fixture(&[("n/plan.yaml", &plan_yaml(RISK))]);
    let (watching, address) = start(dir.path());
    let pid = watching.pid();
    // Settled: the first page served, its SVG made.
    assert_eq!(get(address, "/", &address.to_string()).status, 200);
    let before = resident(pid);

    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(SAFETY_NET)).unwrap();
    let mut reader = stream.try_clone().unwrap();
    let answer = std::thread::spawn(move || {
        let mut text = Vec::new();
        let mut chunk = [0u8; 4096];
        // Until the answer's head, or the connection ends.
        while !text.windows(4).any(|w| w == b"\r\n\r\n") {
            match reader.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => text.extend_from_slice(&chunk[..n]),
            }
        }
        String::from_utf8_lossy(&text).into_owned()
    });
    let sampler = {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = std::sync::Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let mut peak = 0;
            while !flag.load(std::sync::atomic::Ordering::SeqCst) {
                peak = peak.max(resident(pid));
                std::thread::sleep(Duration::from_millis(20));
            }
            peak
        });
        (stop, thread)
    };
    let mut sent: u64 = 0;
    let line = vec![b'a'; MIB as usize];
    if stream.write_all(b"GET /").is_ok() {
        while sent < 1024 * MIB && stream.write_all(&line).is_ok() {
            sent += MIB;
        }
    }
    let answer = answer.join().unwrap();
    sampler.0.store(true, std::sync::atomic::Ordering::SeqCst);
    let peak = sampler.1.join().unwrap();
    drop(stream);

    assert!(
        peak < before + 32 * MIB,
        "bevaka grew from {} to {} MiB (sent {} MiB; answer: {answer:?})",
        before / MIB,
        peak / MIB,
        sent / MIB
    );
    assert!(
        answer.starts_with("HTTP/1.1 431"),
        "sent {} MiB; answer: {answer:?}",
        sent / MIB
    );
    // The preview goes on serving.
    assert_eq!(get(address, "/", &address.to_string()).status, 200);
}

/// Connections left open without a request fill a bounded number of
/// places; one more is answered 503 at once, and when they close the
/// preview serves again.
#[test]
fn forhandsvisning_caps_open_connections() {
    let dir = fixture(&[("n/plan.yaml", &plan_yaml(RISK))]);
    let (_watching, address) = start(dir.path());
    let idle: Vec<TcpStream> = (0..32)
        .map(|_| TcpStream::connect(address).unwrap())
        .collect();
    // The front takes connections in the order they came, counting each
    // before the next: when it takes this one, the 32 are counted.
    let mut one_more = TcpStream::connect(address).unwrap();
    one_more.set_read_timeout(Some(SAFETY_NET)).unwrap();
    let mut answer = String::new();
    let _ = one_more.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer:?}");
    drop(idle);
    // Each closed connection frees its place when the front reads its end;
    // until then, a request is turned away.
    let started = Instant::now();
    while turned_away(address) {
        assert!(started.elapsed() < SAFETY_NET, "the places are never freed");
        std::thread::yield_now();
    }
    assert_eq!(get(address, "/", &address.to_string()).status, 200);
}

/// Run in CI, where `.ci/run` installs Debian's chromium and chromium-driver.
#[test]
#[ignore = "needs chromium and chromedriver; run by .ci/run"]
fn forhandsvisning_chromium_shows_the_new_text_after_a_save() {
    let dir = fixture(&[("n/plan.yaml", &plan_yaml(RISK))]);
    let plan = dir.path().join("n/plan.yaml");
    let (mut watching, address) = start(dir.path());
    let browser = Browser::start(dir.path());

    browser.go(&format!("http://{address}/"));
    let text = "return document.querySelector('main').innerText";
    browser.wait_for("the risk on the page", text, |t| {
        t.contains("<b>Fel</b> utbetalning & <script>x()</script>")
    });
    // Every page's image is loaded and drawn.
    let drawn = "return [...document.images].length > 0 && \
                 [...document.images].every(i => i.complete && i.naturalWidth > 0)";
    browser.wait_for("the pages drawn", drawn, |v| v == "true");
    // The page's own events: it has opened them before the save.
    browser.wait_for(
        "the events open",
        "return document.getElementById('status').textContent",
        |s| s.contains("väntar") || s.contains("uppdaterad"),
    );

    std::fs::write(&plan, plan_yaml(&RISK.replace("Fel", "Dubbel"))).unwrap();
    browser.wait_for("the new text, without a reload by hand", text, |t| {
        t.contains("<b>Dubbel</b> utbetalning") && !t.contains("<b>Fel</b>")
    });
    browser.wait_for("the new pages drawn", drawn, |v| v == "true");
    // The text was inserted as text: no element made from the data.
    let injected = "return document.querySelectorAll('main b, main script').length";
    assert_eq!(browser.run(injected), "0");
    assert!(watching.said().contains("förhandsvisning"));
    let _ = &mut watching;
}

/// An HTTP response, read whole.
struct Response {
    status: u16,
    head: String,
    body: String,
}

fn get(address: SocketAddr, target: &str, host: &str) -> Response {
    request(address, "GET", target, host, None)
}

/// Whether the front turns a request away: it answers 503, or it has
/// closed the connection before the request was written (a turned-away
/// connection is answered at once, unread, so writing to it may fail).
fn turned_away(address: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect(address) else {
        return true;
    };
    stream.set_read_timeout(Some(SAFETY_NET)).unwrap();
    let _ = write!(
        stream,
        "GET / HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    );
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    !answer.starts_with("HTTP/1.1 200")
}

/// One HTTP/1.1 request on a connection of its own.
fn request(
    address: SocketAddr,
    method: &str,
    target: &str,
    host: &str,
    body: Option<&Value>,
) -> Response {
    let mut stream = TcpStream::connect(address).expect("the server answers");
    stream.set_read_timeout(Some(SAFETY_NET)).unwrap();
    let body = body.map(Value::to_string).unwrap_or_default();
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if line.trim().is_empty() {
            break;
        }
        head.push_str(&line);
    }
    let length = head.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse::<usize>().ok())?
    });
    let mut bytes = Vec::new();
    match length {
        Some(n) => {
            bytes.resize(n, 0);
            reader.read_exact(&mut bytes).unwrap();
        }
        None => {
            reader.read_to_end(&mut bytes).unwrap();
        }
    }
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Response {
        status,
        head,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// The preview's event stream, read on a thread of its own.
struct Events(std::sync::mpsc::Receiver<String>);

impl Events {
    fn open(address: SocketAddr) -> Self {
        let mut stream = TcpStream::connect(address).unwrap();
        write!(stream, "GET /handelser HTTP/1.1\r\nHost: {address}\r\n\r\n").unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if line.starts_with("data:") && tx.send(line).is_err() {
                    return;
                }
            }
        });
        Events(rx)
    }

    /// Waits for builds to finish, checking `done` after each (a save can
    /// set off more than one build: an editor may write a file in parts).
    fn until(&self, watching: &mut Watching, what: &str, done: impl Fn() -> bool) {
        while !done() {
            match self.0.recv_timeout(SAFETY_NET) {
                Ok(line) => assert!(line.starts_with("data: "), "{line}"),
                Err(e) => panic!("never {what} ({e}):\n{}", watching.said()),
            }
        }
    }
}

/// Headless Chromium driven by chromedriver (WebDriver over HTTP).
pub(crate) struct Browser {
    driver: Child,
    address: SocketAddr,
    pub(crate) session: String,
}

impl Browser {
    pub(crate) fn start(dir: &Path) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let driver = Command::new(std::env::var("CHROMEDRIVER").unwrap_or("chromedriver".into()))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts (Debian's chromium-driver)");
        let address: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let started = Instant::now();
        while TcpStream::connect(address).is_err() {
            assert!(
                started.elapsed() < SAFETY_NET,
                "chromedriver never listened"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = dir.join("chromium-profil");
        // As the machine's notes say: headless, as root, with no network
        // beyond this machine.
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,1000",
            &format!("--user-data-dir={}", profile.display()),
        ];
        let binary = std::env::var("CHROMIUM").unwrap_or("/usr/bin/chromium".into());
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": binary, "args": args}
        }}});
        let mut browser = Browser {
            driver,
            address,
            session: String::new(),
        };
        let answer = browser.call("POST", "/session", Some(&capabilities));
        browser.session = answer["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {answer}"))
            .to_owned();
        browser
    }

    pub(crate) fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let response = request(self.address, method, path, &self.address.to_string(), body);
        let value: Value = serde_json::from_str(&response.body)
            .unwrap_or_else(|e| panic!("chromedriver said {} ({e})", response.body));
        assert_eq!(response.status, 200, "{method} {path}: {value}");
        value["value"].clone()
    }

    pub(crate) fn go(&self, url: &str) {
        self.call(
            "POST",
            &format!("/session/{}/url", self.session),
            Some(&json!({ "url": url })),
        );
    }

    /// Runs `script` in the page; its value as text.
    pub(crate) fn run(&self, script: &str) -> String {
        let value = self.call(
            "POST",
            &format!("/session/{}/execute/sync", self.session),
            Some(&json!({ "script": script, "args": [] })),
        );
        match value {
            Value::String(s) => s,
            other => other.to_string(),
        }
    }

    /// Runs `script` until its value is `done` (polled: the page has no
    /// event to wait on), for up to the safety net.
    fn wait_for(&self, what: &str, script: &str, done: impl Fn(&str) -> bool) {
        let started = Instant::now();
        let mut last = String::new();
        while started.elapsed() < SAFETY_NET {
            last = self.run(script);
            if done(&last) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("never {what}; the page said:\n{last}");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = request(
                self.address,
                "DELETE",
                &format!("/session/{}", self.session),
                &self.address.to_string(),
                None,
            );
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
