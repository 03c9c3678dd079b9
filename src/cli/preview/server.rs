//! The preview's HTTP on 127.0.0.1: the page (`/`), its content
//! (`/innehall`), each page as SVG (`/sida`) and a stream of server-sent
//! events (`/handelser`) that says when a build finished. It answers only
//! requests addressed to itself by name (`Host`), so that no other web page
//! can read the reports through the reader's browser.
//!
//! The requests are parsed and answered by tiny_http. It reads a request's
//! head without a bound and gives each connection a thread without a cap,
//! so it listens only on a private socket, behind a front here that takes
//! the connections on the port: at most [`MAX_CONNECTIONS`] open at once, a
//! head of at most [`MAX_HEAD`] bytes read within [`HEAD_TIMEOUT`], one
//! request per connection. A longer head is answered with 431 and never
//! reaches tiny_http, so memory stays flat whatever a client sends.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tiny_http::{Header, Request, Response};
use typst_svg::SvgOptions;

use super::{Preview, page};

/// An event stream says something this often, so that a closed one is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// The longest request head (request line and headers) read, in bytes.
pub const MAX_HEAD: usize = 16 * 1024;
/// The most connections open at once; more are answered with 503.
pub const MAX_CONNECTIONS: usize = 32;
/// How long a client has to send its request's head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// Listens on 127.0.0.1:`port` (any free port for 0) and serves `preview`
/// on threads of its own; the address it listens on.
pub fn serve(preview: Arc<Preview>, port: u16) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    let address = listener.local_addr()?;
    let (inner, server) = private::listen()?;
    let server = tiny_http::Server::from_listener(server, None)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let preview = Arc::clone(&preview);
            // An event stream lasts as long as its page: a thread each.
            std::thread::spawn(move || {
                let _ = answer(&preview, request, address);
            });
        }
    });
    std::thread::spawn(move || front(listener, inner));
    Ok(address)
}

/// The private socket tiny_http listens on: an abstract Unix socket on
/// Linux (no file, and no browser can reach it), elsewhere a port of its own
/// on 127.0.0.1.
mod private {
    #[cfg(target_os = "linux")]
    pub type Address = std::os::unix::net::SocketAddr;
    #[cfg(target_os = "linux")]
    pub type Stream = std::os::unix::net::UnixStream;
    #[cfg(target_os = "linux")]
    pub fn listen() -> std::io::Result<(Address, std::os::unix::net::UnixListener)> {
        use std::os::linux::net::SocketAddrExt;
        let name = format!(
            "riskrapport-förhandsvisning-{}-{:?}",
            std::process::id(),
            std::time::SystemTime::now()
        );
        let address = Address::from_abstract_name(name.as_bytes())?;
        let listener = std::os::unix::net::UnixListener::bind_addr(&address)?;
        Ok((address, listener))
    }
    #[cfg(target_os = "linux")]
    pub fn connect(address: &Address) -> std::io::Result<Stream> {
        Stream::connect_addr(address)
    }

    #[cfg(not(target_os = "linux"))]
    pub type Address = std::net::SocketAddr;
    #[cfg(not(target_os = "linux"))]
    pub type Stream = std::net::TcpStream;
    #[cfg(not(target_os = "linux"))]
    pub fn listen() -> std::io::Result<(Address, std::net::TcpListener)> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        Ok((listener.local_addr()?, listener))
    }
    #[cfg(not(target_os = "linux"))]
    pub fn connect(address: &Address) -> std::io::Result<Stream> {
        Stream::connect(address)
    }
}

/// Takes the connections on the port, each on a thread of its own while
/// fewer than [`MAX_CONNECTIONS`] are open.
fn front(listener: TcpListener, inner: private::Address) {
    let inner = Arc::new(inner);
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming().flatten() {
        if open.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
            // Answered here, without waiting for the client: the loop
            // must go on accepting.
            let _ = refuse(
                stream,
                "503 Service Unavailable",
                "för många anslutningar",
                false,
            );
            continue;
        }
        let guard = Open::new(&open);
        let inner = Arc::clone(&inner);
        std::thread::spawn(move || {
            let _guard = guard;
            let _ = relay(stream, &inner);
        });
    }
}

/// Counts an open connection until it is dropped.
struct Open(Arc<AtomicUsize>);

impl Open {
    fn new(count: &Arc<AtomicUsize>) -> Self {
        count.fetch_add(1, Ordering::SeqCst);
        Open(Arc::clone(count))
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Reads the request's head within the bounds, hands it to tiny_http as a
/// request of its own and sends back what tiny_http answers.
fn relay(mut client: TcpStream, inner: &private::Address) -> std::io::Result<()> {
    client.set_read_timeout(Some(HEAD_TIMEOUT))?;
    let head = match read_head(&mut client) {
        Ok(head) => head,
        Err(e) if e.kind() == ErrorKind::InvalidData => {
            return refuse(
                client,
                "431 Request Header Fields Too Large",
                "förfrågan är för lång",
                true,
            );
        }
        Err(e) => return Err(e),
    };
    // tiny_http answers another version with 505 and then waits for a
    // next request on the connection (found by fuzzing), and takes the
    // third word of a longer line for the version: the front checks the
    // request line as tiny_http splits it, and answers at once.
    let line = head.split(|&b| b == b'\r').next().unwrap_or_default();
    match line.split(|&b| b == b' ').collect::<Vec<_>>().as_slice() {
        [method, target, version] if !method.is_empty() && !target.is_empty() => {
            if !matches!(*version, b"HTTP/1.1" | b"HTTP/1.0") {
                let status = "505 HTTP Version Not Supported";
                return refuse(client, status, "bara HTTP/1.1", true);
            }
        }
        _ => return refuse(client, "400 Bad Request", "felaktig förfrågan", true),
    }
    let mut server = private::connect(inner)?;
    // Whatever tiny_http does, a connection ends: an answer is written at
    // once, and an event stream says something every 15 s.
    server.set_read_timeout(Some(Duration::from_secs(60)))?;
    server.write_all(&one_request(&head))?;
    // Nothing after the head reaches tiny_http (the preview takes only GET).
    server.shutdown(Shutdown::Write)?;
    std::io::copy(&mut server, &mut client)?;
    close_gently(client)
}

/// The request's head, through its blank line; an error of kind
/// `InvalidData` when it is longer than [`MAX_HEAD`].
fn read_head(client: &mut impl Read) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        let n = client.read(&mut chunk)?;
        if n == 0 {
            return Err(ErrorKind::UnexpectedEof.into());
        }
        let from = head.len().saturating_sub(3);
        head.extend_from_slice(&chunk[..n]);
        if let Some(end) = head[from..].windows(4).position(|w| w == b"\r\n\r\n") {
            head.truncate(from + end + 4);
            return Ok(head);
        }
        if head.len() > MAX_HEAD {
            return Err(ErrorKind::InvalidData.into());
        }
    }
}

/// The head with `Connection: close` in place of any `Connection` header:
/// one request per connection, so that each head passes the bound.
fn one_request(head: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(head.len() + 20);
    let body = &head[..head.len() - 2];
    for line in body.split_inclusive(|&b| b == b'\n') {
        let name = line.split(|&b| b == b':').next().unwrap_or_default();
        if name.eq_ignore_ascii_case(b"connection") {
            continue;
        }
        out.extend_from_slice(line);
    }
    out.extend_from_slice(b"Connection: close\r\n\r\n");
    out
}

/// Answers `status` with a short text and closes, gently when `linger`.
fn refuse(mut client: TcpStream, status: &str, text: &str, linger: bool) -> std::io::Result<()> {
    write!(
        client,
        "HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    )?;
    client.flush()?;
    if !linger {
        return client.shutdown(Shutdown::Both);
    }
    close_gently(client)
}

/// Closes after the answer, reading (and dropping) what the client still
/// sends for up to 2 s: closing on unread data resets the connection, and
/// the client could lose the answer (a request's body, a long head).
fn close_gently(client: TcpStream) -> std::io::Result<()> {
    let mut client = client;
    client.shutdown(Shutdown::Write)?;
    client.set_read_timeout(Some(Duration::from_millis(200)))?;
    let mut sink = [0u8; 8192];
    let until = std::time::Instant::now() + Duration::from_secs(2);
    while std::time::Instant::now() < until {
        match client.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
    }
    Ok(())
}

struct Target {
    path: String,
    query: Vec<(String, String)>,
}

impl Target {
    fn get(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn answer(preview: &Preview, request: Request, address: SocketAddr) -> std::io::Result<()> {
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().trim().to_owned())
        .unwrap_or_default();
    let ours = [
        format!("127.0.0.1:{}", address.port()),
        format!("localhost:{}", address.port()),
    ];
    if !ours.contains(&host) {
        return respond(request, 403, "text/plain", b"fel adress".to_vec());
    }
    if *request.method() != tiny_http::Method::Get {
        return respond(request, 405, "text/plain", b"bara GET".to_vec());
    }
    let target = parse_target(request.url());
    let state = || preview.lock();
    match target.path.as_str() {
        "/" => {
            let html = page::whole(&state(), target.get("r"));
            respond(request, 200, "text/html; charset=utf-8", html.into_bytes())
        }
        "/innehall" => {
            let html = page::fragment(&state(), target.get("r"));
            respond(request, 200, "text/html; charset=utf-8", html.into_bytes())
        }
        "/sida" => {
            let svg = {
                let state = state();
                let n: usize = target.get("s").and_then(|s| s.parse().ok()).unwrap_or(0);
                target
                    .get("r")
                    .and_then(|k| state.reports.get(k))
                    .and_then(|shown| shown.document.pages().get(n.wrapping_sub(1)).cloned())
            };
            match svg {
                // Rendered outside the lock: a build may be handing over pages.
                Some(page) => {
                    let svg = typst_svg::svg(&page, &SvgOptions::default());
                    respond(request, 200, "image/svg+xml", svg.into_bytes())
                }
                None => respond(
                    request,
                    404,
                    "text/plain",
                    "ingen sådan sida".as_bytes().to_vec(),
                ),
            }
        }
        "/handelser" => events(preview, request),
        _ => respond(request, 404, "text/plain", b"finns inte".to_vec()),
    }
}

/// Sends the number of builds finished each time a build finishes, until
/// the browser goes away.
fn events(preview: &Preview, request: Request) -> std::io::Result<()> {
    let mut out = request.into_writer();
    out.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
    )?;
    out.flush()?;
    let mut seen = preview.lock().builds;
    loop {
        let builds = preview.wait(seen, KEEP_ALIVE);
        if builds > seen {
            write!(out, "data: {builds}\n\n")?;
            seen = builds;
        } else {
            out.write_all(b":\n\n")?;
        }
        out.flush()?;
    }
}

fn parse_target(target: &str) -> Target {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let query = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect();
    Target {
        path: decode(path),
        query,
    }
}

/// Percent-decoding (`+` as a space), as the page's `encodeURIComponent` writes.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |j: usize| {
            text.get(j..j + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        };
        match bytes[i] {
            b'%' if hex(i + 1).is_some() => {
                out.extend(hex(i + 1));
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn respond(request: Request, status: u16, kind: &str, body: Vec<u8>) -> std::io::Result<()> {
    // A page's address names the build that made it, so it never changes.
    let cache = if kind == "image/svg+xml" {
        "max-age=31536000, immutable"
    } else {
        "no-store"
    };
    let header = |name: &str, value: &str| {
        Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
    };
    // Content-Length, never chunked: the body is whole already.
    let length = body.len();
    let response = Response::from_data(body)
        .with_chunked_threshold(length + 1)
        .with_status_code(status)
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", cache));
    request.respond(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_what_the_page_encodes() {
        let target = parse_target("/sida?r=sammanst%C3%A4llning-2025&s=2");
        assert_eq!(target.path, "/sida");
        assert_eq!(target.get("r"), Some("sammanställning-2025"));
        assert_eq!(target.get("s"), Some("2"));
        assert_eq!(decode("a+b%2"), "a b%2");
    }

    #[test]
    fn a_head_is_read_through_its_blank_line_and_no_further() {
        let mut input: &[u8] = b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /andra";
        assert_eq!(
            read_head(&mut input).unwrap(),
            b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
        );
        let long = [b'a'; MAX_HEAD + 10];
        let err = read_head(&mut &long[..]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidData);
    }

    #[test]
    fn one_request_a_connection() {
        let head = b"GET / HTTP/1.1\r\nHost: x\r\nconnection: keep-alive\r\n\r\n";
        assert_eq!(
            one_request(head),
            b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        );
    }
}
